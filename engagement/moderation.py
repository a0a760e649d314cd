"""Moderation services: the queue, bulk actions with an audit log, blocking, held posts and
posting limits. Every write a moderator makes goes through here.

What can be moderated: comments, and any model listed in settings.MODERATABLE_MODELS that has
`hidden_at`, `hidden_reason` and `author` fields (ideas). A model may define `moderation_text`
(the words kept in the audit log) and `moderation_area` (the area the queue filters by).
"""

import logging
import re
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from engagement import live, permissions, signals
from engagement.models import Comment, Flag, ModerationAction, ModerationCase
from pagecache import content_bump

logger = logging.getLogger(__name__)
Action = ModerationAction.Action
_LINK = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|co\.uk|uk|info|biz|io|ru|xyz)\b)", re.IGNORECASE)
NEW_ACCOUNT_POSTS = 3  # an account with fewer visible posts than this is "new"


# --- What can be moderated -----------------------------------------------------------------------
def moderatable_labels() -> set[str]:
    return {"engagement.comment"} | {m.lower() for m in getattr(settings, "MODERATABLE_MODELS", [])}


def text_of(item) -> str:
    if isinstance(item, Comment):
        return item.body
    text = getattr(item, "moderation_text", None)
    return text if isinstance(text, str) else str(item)


def area_of(item):
    if isinstance(item, Comment):
        item = item.target
    return getattr(item, "moderation_area", None)


def _excerpt(item) -> str:
    text = " ".join(text_of(item).split())
    return text if len(text) <= 300 else text[:299] + "…"


# --- Posting limits and held posts ----------------------------------------------------------------
def check_rate(*, user, action: str) -> None:
    """Refuse a post when this person has posted too often lately (settings.POSTING_RATES, in
    django-ratelimit's notation). With the cache down the limit is skipped, never the post."""
    rate = getattr(settings, "POSTING_RATES", {}).get(action)
    if not rate or not user.is_authenticated:
        return
    request = SimpleNamespace(user=user, method="POST")
    try:
        usage = get_usage(request, group=f"post-{action}", key="user", rate=rate, increment=True)
    except Exception:  # noqa: BLE001 - a cache outage must not stop people taking part
        logger.warning("rate limit unavailable", exc_info=True)
        return
    if usage and usage["should_limit"]:
        minutes = max(1, round(usage["time_left"] / 60))
        raise ValidationError(
            _("You have posted a lot in a short time. Please wait about %(minutes)s minutes and try again.")
            % {"minutes": minutes},
            code="rate_limited",
        )


def should_hold(*, author, text: str) -> bool:
    """A new account's first posts that contain links wait for a moderator."""
    if not _LINK.search(text or ""):
        return False
    if author.has_perm("engagement.moderate"):
        return False
    visible = Comment.objects.filter(author=author, hidden_at__isnull=True, deleted_at__isnull=True)[
        :NEW_ACCOUNT_POSTS
    ].count()
    return visible < NEW_ACCOUNT_POSTS


# --- The queue ----------------------------------------------------------------------------------
def case_open(*, item, kind: str, flag: Flag | None = None) -> ModerationCase:
    """Put an item in the queue, or add a report to its open case."""
    content_type = ContentType.objects.get_for_model(item)
    with transaction.atomic():
        case = (
            ModerationCase.objects.select_for_update()
            .filter(content_type=content_type, object_id=item.pk, status=ModerationCase.Status.OPEN)
            .first()
        )
        if case is None:
            area = area_of(item)
            try:
                with transaction.atomic():
                    case = ModerationCase.objects.create(
                        content_type=content_type,
                        object_id=item.pk,
                        kind=kind,
                        excerpt=_excerpt(item),
                        author_id=getattr(item, "author_id", None),
                        area_id=getattr(area, "pk", None),
                    )
            except IntegrityError:  # opened by a concurrent report: add to that one
                case = ModerationCase.objects.select_for_update().get(
                    content_type=content_type, object_id=item.pk, status=ModerationCase.Status.OPEN
                )
        if flag is not None:
            case.flag_count += 1
            if flag.reason not in case.reasons:
                case.reasons = [*case.reasons, flag.reason]
            if case.kind == ModerationCase.Kind.NEW:
                case.kind = ModerationCase.Kind.FLAGGED  # a report makes it more urgent
            case.save(update_fields=["flag_count", "reasons", "kind"])
    return case


def _log(moderator, action, *, item=None, subject_id=None, reason="", text=""):
    return ModerationAction(
        moderator=moderator,
        action=action,
        content_type=ContentType.objects.get_for_model(item) if item is not None else None,
        object_id=item.pk if item is not None else None,
        subject_id=subject_id,
        reason=reason,
        original_text=text,
    )


def _items_for(cases) -> dict:
    """{case pk: item} with one query per content type."""
    by_type: dict = {}
    for case in cases:
        by_type.setdefault(case.content_type_id, []).append(case.object_id)
    items = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for obj in model._base_manager.filter(pk__in=ids):
            items[(type_id, obj.pk)] = obj
    return {c.pk: items.get((c.content_type_id, c.object_id)) for c in cases}


@transaction.atomic
def cases_act(*, moderator, case_ids: list[int], action: str, reason: str = "") -> int:
    """Hide, approve or mark reviewed many queued items in one go; each is logged with who,
    when, why and its words, and each hidden item's author is told why. Returns how many."""
    permissions.check_moderate(moderator)
    reason = (reason or "").strip()
    if action not in {Action.HIDE, Action.REVIEW, Action.APPROVE}:
        raise ValidationError({"action": _("Choose what to do with the selected items.")})
    if action == Action.HIDE and not reason:
        raise ValidationError({"reason": _("Say why these items are being hidden. Their authors will be told.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason to 1,000 characters.")})
    cases = list(
        ModerationCase.objects.select_for_update()
        .filter(pk__in=case_ids, status=ModerationCase.Status.OPEN)
        .order_by("pk")
    )
    if not cases:
        raise ValidationError({"cases": _("Select at least one open item.")})
    now = timezone.now()
    items = _items_for(cases)
    logs, hidden, to_save, acted = [], [], {}, []
    for case in cases:
        item = items.get(case.pk)
        if item is None:
            continue
        if action == Action.HIDE and item._meta.label_lower not in moderatable_labels():
            continue  # proposals and consultations are corrected by their owners, not hidden
        acted.append(case)
        if action == Action.HIDE:
            item.hidden_at = now
            item.hidden_reason = reason
            if hasattr(item, "held"):
                item.held = False
            hidden.append(item)
        elif action == Action.APPROVE or getattr(item, "held", False):
            # approving (or reviewing) a held post publishes it
            if getattr(item, "held", False):
                item.held = False
                item.hidden_at = None
                item.hidden_reason = ""
        to_save.setdefault(type(item), []).append(item)
        logs.append(
            _log(
                moderator,
                action,
                item=item,
                subject_id=getattr(item, "author_id", None),
                reason=reason,
                text=text_of(item),
            )
        )
    for model, objs in to_save.items():
        fields = ["hidden_at", "hidden_reason"] + (["held"] if hasattr(model, "held") else [])
        model._base_manager.bulk_update(objs, fields)
    ModerationAction.objects.bulk_create(logs)
    ModerationCase.objects.filter(pk__in=[c.pk for c in acted]).update(
        status=ModerationCase.Status.CLOSED, closed_at=now
    )
    by_type: dict = {}
    for case in acted:
        by_type.setdefault(case.content_type_id, []).append(case.object_id)
    for type_id, ids in by_type.items():  # one update per content type, however many items
        Flag.objects.filter(reviewed_at__isnull=True, content_type_id=type_id, object_id__in=ids).update(
            reviewed_at=now
        )
    _changed([i for objs in to_save.values() for i in objs])
    if hidden:
        transaction.on_commit(lambda: signals.content_hidden.send(sender=ModerationAction, items=hidden, reason=reason))
    return len(logs)


@transaction.atomic
def items_restore(*, moderator, items: list, reason: str = "") -> int:
    """Bring hidden items back exactly as they were (their words were never changed)."""
    permissions.check_moderate(moderator)
    logs = []
    for item in items:
        if item.hidden_at is None:
            continue
        item.hidden_at = None
        item.hidden_reason = ""
        if hasattr(item, "held"):
            item.held = False
        item.save(update_fields=["hidden_at", "hidden_reason", *(["held"] if hasattr(item, "held") else [])])
        logs.append(
            _log(
                moderator,
                Action.RESTORE,
                item=item,
                subject_id=getattr(item, "author_id", None),
                reason=reason,
                text=text_of(item),
            )
        )
    ModerationAction.objects.bulk_create(logs)
    _changed(items)
    return len(logs)


@transaction.atomic
def cases_assign(*, moderator, case_ids: list[int], assignee) -> int:
    permissions.check_moderate(moderator)
    if assignee is not None and not assignee.has_perm("engagement.moderate"):
        raise ValidationError({"assignee": _("Items can only be assigned to a moderator.")})
    count = ModerationCase.objects.filter(pk__in=case_ids, status=ModerationCase.Status.OPEN).update(
        assigned_to=assignee
    )
    ModerationAction.objects.create(
        moderator=moderator,
        action=Action.ASSIGN,
        subject=assignee,
        reason=_("%(count)s items") % {"count": count},
    )
    return count


# --- Blocking -----------------------------------------------------------------------------------
@transaction.atomic
def user_block(*, moderator, user, reason: str) -> None:
    permissions.check_moderate(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this person is being blocked. They will be told.")})
    if user.pk == moderator.pk:
        raise PermissionDenied(_("You cannot block yourself."))
    if user.has_perm("engagement.moderate"):
        raise PermissionDenied(_("Moderators and administrators cannot be blocked here; remove their role first."))
    user.blocked_at = timezone.now()
    user.blocked_reason = reason
    user.save(update_fields=["blocked_at", "blocked_reason"])
    ModerationAction.objects.create(moderator=moderator, action=Action.BLOCK, subject=user, reason=reason)
    transaction.on_commit(lambda: signals.user_blocked.send(sender=ModerationAction, user=user, reason=reason))


@transaction.atomic
def user_unblock(*, moderator, user, reason: str = "") -> None:
    permissions.check_moderate(moderator)
    user.blocked_at = None
    user.blocked_reason = ""
    user.save(update_fields=["blocked_at", "blocked_reason"])
    ModerationAction.objects.create(moderator=moderator, action=Action.UNBLOCK, subject=user, reason=reason)


def _changed(items=()):

    transaction.on_commit(content_bump)
    seen = set()
    for item in items:  # pages showing these comments refresh their thread
        if isinstance(item, Comment) and (item.content_type_id, item.object_id) not in seen:
            seen.add((item.content_type_id, item.object_id))
            if item.target is not None:
                live.item_changed(item.target, "comments")
