from django.apps import AppConfig


class EngagementTestAppConfig(AppConfig):
    name = "tests.engagement_testapp"
    label = "engagement_testapp"
