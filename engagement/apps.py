from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        from accounts import gdpr
        from accounts.roles import Role, register_role_permissions

        for role in (Role.MODERATOR, Role.ADMINISTRATOR):
            register_role_permissions(
                role, {"engagement.add_consultation", "engagement.change_consultation", "engagement.moderate"}
            )
        # Policy leads run consultations too (on proposals and on their policy scenarios).
        register_role_permissions(Role.POLICY_LEAD, {"engagement.add_consultation", "engagement.change_consultation"})
        from engagement import selectors, services

        gdpr.register("engagement", export=selectors.user_engagement_export, erase=services.user_engagement_erase)

        # Cached pages are keyed by the content version: any participation write invalidates them.
        from django.db.models.signals import post_delete, post_save

        from engagement import models
        from engagement.pagecache import content_bump

        for model in (
            models.Comment,
            models.Reaction,
            models.StanceVote,
            models.Support,
            models.Consultation,
            models.Question,
            models.Response,
        ):
            post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
            post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
        from engagement import notifications, signals

        signals.comment_posted.connect(notifications.on_comment_posted, dispatch_uid="notify_comment_posted")
        signals.content_hidden.connect(notifications.on_content_hidden, dispatch_uid="notify_content_hidden")
        signals.user_blocked.connect(notifications.on_user_blocked, dispatch_uid="notify_user_blocked")

        # Cached threads show authors' names: a renamed person must not keep their old name there.
        from django.contrib.auth import get_user_model

        post_save.connect(_bump_on_rename, sender=get_user_model(), dispatch_uid="content_bump_user_rename")


def _bump_on_rename(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "display_name" in update_fields:
        from engagement.pagecache import content_bump

        content_bump()
