"""Connections between apps on the same floor, made at the top (cms) where both may be imported."""

from django.utils import translation

from engagement.models import Notification
from engagement.notifications import notify


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
