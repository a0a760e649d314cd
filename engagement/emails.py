"""Notification emails: one at once, or the day's digest, each with one-click unsubscribe links
(signed tokens for one person and one kind, working without signing in). Called by the Celery
tasks in engagement/tasks.py, which engagement/notifications.py queues after a commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from engagement.models import EmailSent, Notification

_UNSUBSCRIBE_SALT = "civic.notifications.unsubscribe"


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user pk, kind) for a genuine token, else None. Tokens do not expire: an old email's
    link must keep working."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Notification.Kind.values:
        return None
    return data.get("u"), data["k"]


# --- Sending ----------------------------------------------------------------------------------------
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


def email_notifications(*, notification_ids: list[int]) -> int:
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


def email_daily_digests() -> int:
    """One email per person with everything waiting for their digest; nothing when nothing is
    waiting (or everything was already emailed today)."""
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
