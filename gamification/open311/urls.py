from django.urls import path, register_converter

from gamification.open311 import views
from pagecache import cache_anonymous_page


class FormatConverter:
    """The resource's format suffix (`.xml`, `.json`); the views answer an unknown one with the
    spec's 404 error document."""

    regex = "[a-z]{1,8}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "open311format")

app_name = "open311"
urlpatterns = [
    path("discovery.<open311format:fmt>", cache_anonymous_page(views.discovery), name="discovery"),
    path("services.<open311format:fmt>", cache_anonymous_page(views.service_list), name="services"),
    path("services/<str:code>.<open311format:fmt>", cache_anonymous_page(views.service_definition), name="service"),
    path("requests.<open311format:fmt>", cache_anonymous_page(views.requests), name="requests"),
    path("requests/<str:pk>.<open311format:fmt>", cache_anonymous_page(views.request_detail), name="request"),
    path("tokens/<str:token>.<open311format:fmt>", views.token_detail, name="token"),
]
