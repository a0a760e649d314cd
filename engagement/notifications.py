"""Notification services: create in-app notifications, email them at once or in a daily digest
as each person prefers, never more than one email per item per person per day, never an empty
digest; every email carries an unsubscribe link that works without signing in.

Emails are sent by Celery tasks (engagement/tasks.py) after the transaction commits; the unread
badge is pushed over Channels when a layer is available and simply shown on the next page
otherwise.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation

from engagement import emails, tasks
from engagement.consumers import user_group
from engagement.live import push
from engagement.models import Comment, Follow, Notification, NotificationPreference
from pagecache import safely

logger = logging.getLogger(__name__)
Kind = Notification.Kind
Pref = NotificationPreference.Email


# --- Preferences --------------------------------------------------------------------------------
def preferences_for(user) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, NotificationPreference.DEFAULTS[kind]) for kind in Kind.values}


def preferences_set(*, user, choices: dict[str, str]) -> None:
    for kind, email in choices.items():
        if kind in Kind.values and email in Pref.values:
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})


def unsubscribe(*, token: str) -> tuple | None:
    found = emails.unsubscribe_read(token)
    if found is None:
        return None
    user_pk, kind = found

    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        return None
    preferences_set(user=user, choices={kind: Pref.OFF})
    return user, kind


# --- Creating notifications -----------------------------------------------------------------------
def notify(*, recipients, kind: str, title: str, body: str = "", url: str = "", item=None) -> list[Notification]:
    """One notification per recipient (duplicates and nobody-at-all are dropped)."""
    people = {r.pk: r for r in recipients if r is not None and getattr(r, "pk", None)}
    if not people:
        return []
    content_type = ContentType.objects.get_for_model(item) if item is not None else None
    prefs = dict(NotificationPreference.objects.filter(user_id__in=people, kind=kind).values_list("user_id", "email"))
    email_state = {Pref.IMMEDIATE: Notification.Email.PENDING, Pref.DAILY: Notification.Email.DIGEST}
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            kind=kind,
            title=title[:200],
            body=body[:2000],
            url=url[:500],
            content_type=content_type,
            object_id=item.pk if item is not None else None,
            email=email_state.get(prefs.get(pk, NotificationPreference.DEFAULTS[kind]), Notification.Email.SKIPPED),
        )
        for pk in people
    )
    immediate = [n.pk for n in rows if n.email == Notification.Email.PENDING]
    recipients_pks = list(people)

    def after_commit():
        for pk in recipients_pks:
            unread_changed(pk)
        if immediate:
            try:
                tasks.send_immediate.delay(immediate)
            except Exception:  # noqa: BLE001 - broker down: the notification is still shown in the app
                logger.warning("could not queue notification emails %s", immediate, exc_info=True)

    transaction.on_commit(after_commit)
    return rows


def language_of(user) -> str:
    """The language a person reads their notifications in: their profile's, else the site's."""
    return getattr(getattr(user, "profile", None), "language", "") or settings.LANGUAGE_CODE


def notify_in_their_language(*, recipients, kind: str, words, url: str = "", item=None) -> list[Notification]:
    """Like `notify`, but the title and body are worded for each recipient in their own language:
    `words()` returns (title, body) and is called once per language among the recipients (the
    notification is stored as text, so it must not take the language of whoever caused it)."""
    by_language: dict[str, list] = {}
    for person in recipients:
        if person is not None and getattr(person, "pk", None):
            by_language.setdefault(language_of(person), []).append(person)
    rows = []
    for language, people in by_language.items():
        with translation.override(language):
            title, body = words()
            rows += notify(recipients=people, kind=kind, title=str(title), body=str(body), url=url, item=item)
    return rows


def mark_read(*, user, pks: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    count = qs.update(read_at=timezone.now())
    unread_changed(user.pk)
    return count


def unread_key(user) -> str:
    """The cache key of a person's unread count (pagecache keys personal pages by its value)."""
    return f"unread:{user.pk}"


def _counted(user_pk) -> tuple[int, int]:
    """(unread notifications, of which messages) in one query."""
    found = Notification.objects.filter(recipient_id=user_pk, read_at__isnull=True).aggregate(
        all=Count("pk"), messages=Count("pk", filter=Q(kind=Kind.MESSAGE))
    )
    return found["all"], found["messages"]


def unread_counts(user) -> tuple[int, int]:
    """(unread notifications, of which messages), cached per person until a notification arrives
    or is read. Messages are notifications of kind "message", so one query counts both."""
    key = unread_key(user)
    value = safely(lambda: cache.get(key))
    if not isinstance(value, tuple):
        value = _counted(user.pk)
        safely(lambda: cache.set(key, value, 3600))
    return value


def unread_count(user) -> int:
    return unread_counts(user)[0]


def unread_message_count(user) -> int:
    return unread_counts(user)[1]


def unread_changed(user_pk: int) -> None:
    """Forget the cached counts and push the new ones to the person's open pages."""
    safely(lambda: cache.delete(f"unread:{user_pk}"))  # unread_key

    count, messages = _counted(user_pk)
    push(user_group(user_pk), {"kind": "unread", "count": count, "messages": messages})


# --- Who hears about what (connected in apps.py) ---------------------------------------------------
def on_comment_posted(sender, comment, target, **kwargs):

    author = comment.author
    name = author.display_name if author else translation.gettext("Someone")
    url = f"{target.get_absolute_url()}#comment-{comment.pk}"
    excerpt = comment.body[:300]
    told = set()
    if comment.parent_id and comment.parent.author_id and comment.parent.author_id != comment.author_id:
        notify(
            recipients=[comment.parent.author],
            kind=Kind.REPLY,
            title=translation.gettext("%(name)s replied to your comment on “%(item)s”")
            % {"name": name, "item": str(target)[:100]},
            body=excerpt,
            url=url,
            item=target,
        )
        told.add(comment.parent.author_id)
    followers = (
        Follow.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
        .exclude(user_id__in=told | {comment.author_id})
        .select_related("user")
    )
    notify(
        recipients=[f.user for f in followers],
        kind=Kind.FOLLOWED,
        title=translation.gettext("New comment on “%(item)s”") % {"item": str(target)[:100]},
        body=excerpt,
        url=url,
        item=target,
    )


def on_content_hidden(sender, items, reason, **kwargs):
    """Each author is told, once per item, that a moderator hid it and why."""

    for item in items:
        author = getattr(item, "author", None)
        if author is None:
            continue
        where = item.target if isinstance(item, Comment) else item
        text = item.body if isinstance(item, Comment) else getattr(item, "moderation_text", str(item))
        notify(
            recipients=[author],
            kind=Kind.MODERATION,
            title=translation.gettext("A moderator hid your post"),
            body=translation.gettext("Why: %(reason)s\n\nWhat you wrote: %(text)s")
            % {"reason": reason, "text": text[:500]},
            url=where.get_absolute_url() if isinstance(item, Comment) and hasattr(where, "get_absolute_url") else "",
            item=item,
        )


def on_user_blocked(sender, user, reason, **kwargs):
    notify(
        recipients=[user],
        kind=Kind.MODERATION,
        title=translation.gettext("Your account has been blocked from posting"),
        body=translation.gettext(
            "Why: %(reason)s\n\nYou can still read everything. Reply to this email to ask a moderator to look again."
        )
        % {"reason": reason},
        item=user,
    )


def notify_followers(*, item, title: str, body: str = "", url: str = "", exclude=()) -> list[Notification]:
    """Tell everyone who follows `item` (for feature apps: a decision, an official response)."""

    followers = (
        Follow.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        .exclude(user_id__in=[u for u in exclude if u])
        .select_related("user")
    )
    return notify(
        recipients=[f.user for f in followers], kind=Kind.FOLLOWED, title=title, body=body, url=url, item=item
    )
