"""Notification services: create in-app notifications, email them at once or in a daily digest
as each person prefers, never more than one email per item per person per day, never an empty
digest; every email carries an unsubscribe link that works without signing in.

Emails are sent by Celery tasks (engagement/tasks.py) after the transaction commits; the unread
badge is pushed over Channels when a layer is available and simply shown on the next page
otherwise.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from engagement.models import EmailSent, Notification, NotificationPreference
from engagement.pagecache import _safely

logger = logging.getLogger(__name__)
Kind = Notification.Kind
Pref = NotificationPreference.Email
_UNSUBSCRIBE_SALT = "civic.notifications.unsubscribe"


# --- Preferences --------------------------------------------------------------------------------
def preferences_for(user) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, NotificationPreference.DEFAULTS[kind]) for kind in Kind.values}


def preferences_set(*, user, choices: dict[str, str]) -> None:
    for kind, email in choices.items():
        if kind in Kind.values and email in Pref.values:
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user pk, kind) for a genuine token, else None. Tokens do not expire: an old email's
    link must keep working."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    return data.get("u"), data["k"]


def unsubscribe(*, token: str) -> tuple | None:
    found = unsubscribe_read(token)
    if found is None:
        return None
    user_pk, kind = found
    from django.contrib.auth import get_user_model

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
            from engagement.tasks import send_immediate

            try:
                send_immediate.delay(immediate)
            except Exception:  # noqa: BLE001 - broker down: the notification is still shown in the app
                logger.warning("could not queue notification emails %s", immediate, exc_info=True)

    transaction.on_commit(after_commit)
    return rows


def mark_read(*, user, pks: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    count = qs.update(read_at=timezone.now())
    unread_changed(user.pk)
    return count


def unread_count(user) -> int:
    """Cached per person until a notification arrives or is read."""
    key = f"unread:{user.pk}"
    value = _safely(lambda: cache.get(key))
    if value is None:
        value = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        _safely(lambda: cache.set(key, value, 3600))
    return value


def unread_changed(user_pk: int) -> None:
    """Forget the cached count and push the new one to the person's open pages."""
    _safely(lambda: cache.delete(f"unread:{user_pk}"))
    from engagement.consumers import user_group
    from engagement.live import push

    count = Notification.objects.filter(recipient_id=user_pk, read_at__isnull=True).count()
    push(user_group(user_pk), {"kind": "unread", "count": count})


# --- Email ----------------------------------------------------------------------------------------
def _claim(notification) -> bool:
    """Record the email for (person, item, today); False if one already went today."""
    if notification.content_type_id is None:
        return True
    try:
        with transaction.atomic():
            EmailSent.objects.create(
                recipient_id=notification.recipient_id,
                content_type_id=notification.content_type_id,
                object_id=notification.object_id,
                day=timezone.localdate(),
            )
        return True
    except IntegrityError:
        return False


def _send(*, user, subject: str, template: str, context: dict, kinds: set[str]) -> None:
    base = settings.SITE_URL.rstrip("/")
    links = {
        kind: base + reverse("engagement:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)]) for kind in kinds
    }
    language = getattr(getattr(user, "profile", None), "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "user": user,
            "base": base,
            "unsubscribe": links,
            "preferences": base + reverse("engagement:notification-preferences"),
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    first = next(iter(links.values()))
    message.extra_headers = {"List-Unsubscribe": f"<{first}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message.send()


def send_immediate(notification_ids: list[int]) -> int:
    """Email each pending notification, unless its item was already emailed today."""
    sent = 0
    for n in Notification.objects.filter(pk__in=notification_ids, email=Notification.Email.PENDING).select_related(
        "recipient", "recipient__profile"
    ):
        if not _claim(n):
            Notification.objects.filter(pk=n.pk).update(email=Notification.Email.SKIPPED)
            continue
        _send(
            user=n.recipient,
            subject=n.title,
            template="engagement/email/notification",
            context={"n": n},
            kinds={n.kind},
        )
        Notification.objects.filter(pk=n.pk).update(email=Notification.Email.SENT)
        sent += 1
    return sent


def send_daily_digests() -> int:
    """One email per person with everything waiting for their digest; nothing when nothing is
    waiting (or everything was already emailed today)."""
    from django.contrib.auth import get_user_model

    waiting = Notification.objects.filter(email=Notification.Email.DIGEST)
    people = get_user_model().objects.filter(pk__in=waiting.values("recipient_id")).select_related("profile")
    sent = 0
    for user in people:
        with transaction.atomic():
            items = list(waiting.filter(recipient=user).select_for_update(skip_locked=True).order_by("created_at"))
            keep, seen = [], set()
            for n in items:
                key = (n.content_type_id, n.object_id) if n.content_type_id else ("n", n.pk)
                if key in seen or not _claim(n):
                    continue
                seen.add(key)
                keep.append(n)
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(email=Notification.Email.SENT)
            if not keep:
                continue
            subject = translation.ngettext(
                "Civic Twin: %(count)d update today", "Civic Twin: %(count)d updates today", len(keep)
            ) % {"count": len(keep)}
            _send(
                user=user,
                subject=subject,
                template="engagement/email/digest",
                context={"items": keep},
                kinds={n.kind for n in keep},
            )
            sent += 1
    return sent


# --- Who hears about what (connected in apps.py) ---------------------------------------------------
def on_comment_posted(sender, comment, target, **kwargs):
    from engagement.models import Follow

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
    from engagement.models import Comment

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
    from engagement.models import Follow

    followers = (
        Follow.objects.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        .exclude(user_id__in=[u for u in exclude if u])
        .select_related("user")
    )
    return notify(
        recipients=[f.user for f in followers], kind=Kind.FOLLOWED, title=title, body=body, url=url, item=item
    )
