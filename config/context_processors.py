import functools

from django.conf import settings

from engagement.notifications import unread_count, unread_message_count


def site(request):
    return {"SITE_NAME": settings.SITE_NAME}


def notifications(request):
    """The unread count for the header, computed only if the page shows it (cached per person)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "unread_notifications": functools.partial(unread_count, user),
        "unread_messages": functools.partial(unread_message_count, user),
    }
