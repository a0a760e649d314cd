"""What engagement listens to and registers, connected once from EngagementConfig.ready():
roles' permissions, its "download my data" section, the page cache's content version, and
notifications for its own signals."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from accounts import gdpr
from accounts.roles import Role, register_role_permissions
from engagement import models, notifications, selectors, services, signals
from pagecache import content_bump

# Cached pages are keyed by the content version: any participation write invalidates them.
CONTENT_MODELS = (
    models.Comment,
    models.Reaction,
    models.StanceVote,
    models.Support,
    models.Consultation,
    models.Question,
    models.Response,
)


def connect() -> None:
    for role in (Role.MODERATOR, Role.ADMINISTRATOR):
        register_role_permissions(
            role, {"engagement.add_consultation", "engagement.change_consultation", "engagement.moderate"}
        )
    # Policy leads run consultations too (on proposals and on their policy scenarios).
    register_role_permissions(Role.POLICY_LEAD, {"engagement.add_consultation", "engagement.change_consultation"})
    gdpr.register("engagement", export=selectors.user_engagement_export, erase=services.user_engagement_erase)
    for model in CONTENT_MODELS:
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
    signals.comment_posted.connect(notifications.on_comment_posted, dispatch_uid="notify_comment_posted")
    signals.content_hidden.connect(notifications.on_content_hidden, dispatch_uid="notify_content_hidden")
    signals.user_blocked.connect(notifications.on_user_blocked, dispatch_uid="notify_user_blocked")
    # Cached threads show authors' names: a renamed person must not keep their old name there.
    post_save.connect(_bump_on_rename, sender=get_user_model(), dispatch_uid="content_bump_user_rename")


def _bump_on_rename(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "display_name" in update_fields:
        content_bump()
