"""Enquiry threads between an investor, a promoter and the council, inside the platform.

Sides of a thread: the investor (who started it, and the members of the organisation they wrote
for), the promoter (the opportunity's organisation's members) and the council (moderators, who
may read every thread and join any). People appear by display name and organisation, never by
email address. Each message notifies the others through their notification preferences (kind
"message"); those unread notifications are the unread counts in the header and the inbox.
Attachments are checked like every upload; any reader can report a message to the moderation
queue."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from engagement import moderation
from engagement.models import Notification
from engagement.notifications import mark_read, notify_in_their_language
from engagement.services import flag_item
from engagement.uploads import MAX_IMAGE_BYTES, clean_image, clean_pdf
from investors import permissions
from investors.models import Message, Opportunity, Thread

Side = Message.Side
MAX_BODY = 5000


def _org_ids(user) -> set[int]:
    return permissions.promoter_org_ids(user)


def sides_of(user, thread: Thread) -> set[str]:
    """Which sides of the thread this person is on (none: they may not read it)."""
    if not user.is_authenticated:
        return set()
    sides = set()
    if thread.started_by_id == user.pk or (thread.investor_id and thread.investor_id in _org_ids(user)):
        sides.add(Side.INVESTOR)
    if thread.opportunity.promoter_id in _org_ids(user):
        sides.add(Side.PROMOTER)
    if permissions.is_moderator(user):
        sides.add(Side.COUNCIL)
    return sides


def check_read(user, thread: Thread) -> set[str]:
    sides = sides_of(user, thread)
    if not sides:
        raise PermissionDenied(_("Only the people in this conversation can read it."))
    return sides


def threads_for(user):
    """The threads this person may read, newest activity first, with their unread flag."""
    if not user.is_authenticated:
        return Thread.objects.none()
    mine = Q(started_by=user) | Q(investor_id__in=_org_ids(user)) | Q(opportunity__promoter_id__in=_org_ids(user))
    qs = Thread.objects.all() if permissions.is_moderator(user) else Thread.objects.filter(mine)
    unread = Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        kind=Notification.Kind.MESSAGE,
        content_type=ContentType.objects.get_for_model(Thread),
        object_id=OuterRef("pk"),
    )
    return (
        qs.select_related("opportunity", "opportunity__promoter", "investor")
        .annotate(unread=Exists(unread))
        .order_by("-last_message_at", "-pk")
    )


def messages_of(thread: Thread):
    return thread.messages.order_by("created_at", "pk")


def _author_label(user, side: str, thread: Thread) -> str:
    name = user.display_name or _("A member")
    if side == Side.PROMOTER:
        org = thread.opportunity.promoter.name
    elif side == Side.COUNCIL:
        org = _("the council")
    else:
        org = thread.investor.name if thread.investor_id else ""
    return f"{name} ({org})" if org else name


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("Keep your message to %(n)s characters.") % {"n": f"{MAX_BODY:,}"}})
    return body


def _clean_attachment(upload):
    """A PDF, or a photo (JPEG, PNG or WebP, stripped of its metadata)."""
    if upload is None:
        return None
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return clean_pdf(upload)[0]
        if upload.size > MAX_IMAGE_BYTES:
            raise ValidationError(_("The attachment must be a PDF, or a JPEG, PNG or WebP image."))
        return clean_image(upload, max_side=2048)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from exc


def _recipients(thread: Thread, author) -> list[User]:
    """Everyone on the investor and promoter sides, and council members who have written in the
    thread (the council reads every thread but is notified only of those it joined)."""
    org_ids = [thread.opportunity.promoter_id] + ([thread.investor_id] if thread.investor_id else [])
    people = set(Membership.objects.filter(organisation_id__in=org_ids).values_list("user_id", flat=True))
    if thread.started_by_id:
        people.add(thread.started_by_id)
    people |= set(thread.messages.filter(side=Side.COUNCIL, author__isnull=False).values_list("author_id", flat=True))
    people.discard(author.pk)
    return list(User.objects.filter(pk__in=people, is_active=True))


def _post(*, thread: Thread, author, side: str, body: str, attachment) -> Message:
    message = Message.objects.create(
        thread=thread,
        author=author,
        author_label=_author_label(author, side, thread),
        side=side,
        body=body,
        attachment=attachment or "",
        attachment_name=(attachment.name[:120] if attachment else ""),
    )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
    recipients = _recipients(thread, author)
    label = message.author_label
    notify_in_their_language(
        recipients=recipients,
        kind=Notification.Kind.MESSAGE,
        words=lambda: (
            _("New message from %(who)s: %(subject)s") % {"who": label, "subject": thread.subject},
            body[:300],
        ),
        url=thread.get_absolute_url(),
        item=thread,
    )
    return message


def thread_start(
    *, user, opportunity: Opportunity, subject: str, body: str, investor: Organisation | None = None, attachment=None
) -> Thread:
    """An investor's enquiry about a published opportunity opens a thread with its promoter."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to send an enquiry."))
    if not opportunity.is_public or opportunity.status != Opportunity.Status.PUBLISHED:
        raise PermissionDenied(_("Enquiries can be sent only about published opportunities."))
    if opportunity.promoter_id in _org_ids(user):
        raise PermissionDenied(_("You are a member of the promoter; enquiries come from investors."))
    if investor is not None and investor.pk not in _org_ids(user):
        raise ValidationError({"investor": _("Choose one of your own organisations.")})
    subject = (subject or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give your enquiry a subject.")
    elif len(subject) > 160:
        errors["subject"] = _("Keep the subject to 160 characters.")
    try:
        body = _clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    moderation.check_rate(user=user, action="message")
    clean = _clean_attachment(attachment)
    with transaction.atomic():
        thread = Thread.objects.create(opportunity=opportunity, subject=subject, started_by=user, investor=investor)
        _post(thread=thread, author=user, side=Side.INVESTOR, body=body, attachment=clean)
    return thread


def message_send(*, user, thread: Thread, body: str, attachment=None) -> Message:
    sides = check_read(user, thread)
    body = _clean_body(body)
    moderation.check_rate(user=user, action="message")
    clean = _clean_attachment(attachment)
    # Someone on two sides (a council officer who is also in the promoter's team) writes for the
    # party the thread is about first: promoter, then investor, then council.
    side = next(s for s in (Side.PROMOTER, Side.INVESTOR, Side.COUNCIL) if s in sides)
    with transaction.atomic():
        return _post(thread=thread, author=user, side=side, body=body, attachment=clean)


def thread_read(*, user, thread: Thread) -> int:
    """Opening a thread marks its message notifications read for this person."""
    pks = list(
        Notification.objects.filter(
            recipient=user,
            read_at__isnull=True,
            kind=Notification.Kind.MESSAGE,
            content_type=ContentType.objects.get_for_model(Thread),
            object_id=thread.pk,
        ).values_list("pk", flat=True)
    )
    return mark_read(user=user, pks=pks) if pks else 0


def message_report(*, user, message: Message, reason: str, note: str = ""):
    check_read(user, message.thread)
    if message.author_id == user.pk:
        raise ValidationError(_("You cannot report your own message."))
    return flag_item(reporter=user, item=message, reason=reason, note=note)


def user_data_export(*, user) -> dict:
    return {
        "message_threads": [
            {
                "subject": t.subject,
                "opportunity": t.opportunity.title,
                "messages": [
                    {
                        "from": m.author_label,
                        "mine": m.author_id == user.pk,
                        "at": m.created_at.isoformat(),
                        "body": m.body if m.hidden_at is None else None,
                        "attachment": m.attachment_name,
                    }
                    for m in messages_of(t)
                ],  # fmt: skip
            }
            for t in threads_for(user).filter(Q(started_by=user) | Q(messages__author=user)).distinct()
        ]
    }


def user_erase(*, user) -> None:
    """Erasure: the person's messages stay for the other side, unlinked and unnamed; their
    attachments go."""
    for message in Message.objects.filter(author=user).exclude(attachment=""):
        message.attachment.delete(save=False)
    Message.objects.filter(author=user).update(
        author=None, author_label=_("An erased account"), attachment="", attachment_name=""
    )
    Thread.objects.filter(started_by=user).update(started_by=None)
