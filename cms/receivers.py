"""What cms listens to, connected once from CmsConfig.ready(). cms is the top floor, so it also
makes the connections between apps on the same floor that may not import each other."""

from django.db.models.signals import post_delete, post_migrate
from django.utils import translation
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from accounts.roles import Role, register_role_permissions
from cms.permissions import cms_roles_sync
from engagement.models import Notification
from engagement.notifications import notify
from pagecache import content_bump
from twin.signals import access_decided


def connect(app_config) -> None:
    register_role_permissions(Role.ADMINISTRATOR, {"wagtailadmin.access_admin"})
    # After accounts has created the role groups (cms is installed after accounts).
    post_migrate.connect(cms_roles_sync, sender=app_config, dispatch_uid="cms_roles_sync")
    # Wagtail pages are served from the anonymous page cache (config/urls.py): anything that
    # changes what a page shows, or where, makes every cached page out of date.
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(content_bump, dispatch_uid=f"content_bump_{id(signal)}")
    # Per page type, never for every model: a receiver with no sender would stop Django deleting
    # any rows in bulk (it would load each one to send the signal).
    for model in get_page_models():
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
    # The twin and engagement are on the same floor and never import each other: the top wires
    # the twin's access decisions to engagement's notifications (in-app and email).
    access_decided.connect(notify_access_decided, dispatch_uid="cms_notify_access_decided")


def notify_access_decided(sender, request, **kwargs) -> None:
    """Tell the person who asked for a Closed dataset what a moderator decided."""
    dataset = request.dataset
    if request.status == request.Status.APPROVED:
        title = translation.gettext("You can now download “%(title)s”") % {"title": dataset.title}
    else:
        title = translation.gettext("Your request for “%(title)s” was refused") % {"title": dataset.title}
    notify(
        recipients=[request.user],
        kind=Notification.Kind.DATA_ACCESS,
        title=title,
        body=request.decision_note,
        url=dataset.get_absolute_url(),
        item=dataset,
    )
