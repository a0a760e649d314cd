"""Who may comment, react, follow and flag, on what, and when. One place for every rule.

A target's own stage rules come from its `engagement_permission(user, action)` hook (see
registry.py); the rules here are the ones that hold everywhere.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engagement.models import Comment, Consultation

COMMENT = "comment"
REACT = "react"
FOLLOW = "follow"
FLAG = "flag"

_SIGN_IN = {
    COMMENT: gettext_lazy("Sign in to comment."),
    REACT: gettext_lazy("Sign in to mark comments as helpful."),
    FOLLOW: gettext_lazy("Sign in to follow this."),
    FLAG: gettext_lazy("Sign in to report this."),
}


def edit_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "COMMENT_EDIT_WINDOW_MINUTES", 15))


def reason_denied(user, action: str, target) -> str | None:
    """Why `user` may not do `action` on `target` now, or None if they may."""
    if not user.is_authenticated:
        return str(_SIGN_IN.get(action, _("Sign in first.")))
    if not user.is_active:
        return _("Your account cannot take part at the moment.")
    if action != FOLLOW and getattr(user, "blocked_at", None):
        reason = getattr(user, "blocked_reason", "")
        if reason:
            return _(
                "A moderator has blocked your account from posting, voting and reporting. Their reason: %(reason)s"
            ) % {"reason": reason}
        return _("A moderator has blocked your account from posting, voting and reporting.")
    if isinstance(target, Consultation):  # engagement's own stage rules (below)
        return consultation_reason_denied(user, action, target)
    hook = getattr(target, "engagement_permission", None)  # a registered model's stage rules
    if hook is not None and target is not None:
        return hook(user, action)
    return None


def check(user, action: str, target) -> None:
    reason = reason_denied(user, action, target)
    if reason:
        raise PermissionDenied(reason)


def can_moderate(user) -> bool:
    return user.is_authenticated and user.has_perm("engagement.moderate")


def check_moderate(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can do this."))


def can_edit_comment(user, comment: Comment) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.is_visible
        and timezone.now() - comment.created_at <= edit_window()
    )


def check_edit_comment(user, comment: Comment) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("You can only change your own comments."))
    if not comment.is_visible:
        raise PermissionDenied(_("This comment can no longer be changed."))
    if timezone.now() - comment.created_at > edit_window():
        minutes = int(edit_window().total_seconds() // 60)
        raise PermissionDenied(
            _("Comments can be edited for %(minutes)s minutes after posting.") % {"minutes": minutes}
        )


def check_delete_comment(user, comment: Comment) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("You can only delete your own comments."))
    if comment.deleted_at is not None:
        raise PermissionDenied(_("This comment has already been deleted."))


# --- Consultations: which actions each stage allows, declared once -------------------------------
VOTE = "vote"
RESPOND = "respond"
EDIT = "edit"

STAGE_ACTIONS = {
    "draft": {EDIT},
    "open": {VOTE, RESPOND, COMMENT, REACT, FOLLOW, FLAG},
    "closed": {FOLLOW, FLAG},
    "decision_published": {COMMENT, REACT, FOLLOW, FLAG},
}
_STAGE_REASON = {
    "draft": gettext_lazy("This consultation has not opened yet."),
    "closed": gettext_lazy("This consultation has closed."),
    "decision_published": gettext_lazy("This consultation has closed and the decision is published."),
}


def may_view_consultation(user, consultation) -> bool:
    """Drafts are seen only by the staff who prepare them (Consultation.visible_to as a list)."""
    return consultation.stage != Consultation.Stage.DRAFT or user.has_perm("engagement.change_consultation")


def consultation_reason_denied(user, action: str, consultation) -> str | None:
    """Why `user` may not do `action` in this consultation now, or None."""
    if action == EDIT:
        return (
            None
            if user.has_perm("engagement.change_consultation")
            else str(_("Only moderators can change consultations."))
        )
    reason = reason_denied(user, action, None)
    if reason:
        return reason
    stage = consultation.effective_stage
    if action not in STAGE_ACTIONS.get(stage, set()):
        return str(_STAGE_REASON.get(stage, _("You cannot do this now.")))
    if action in {VOTE, RESPOND} and not in_audience(user, consultation):
        if consultation.audience == "verified":
            return str(_("This consultation is for verified residents. Ask a moderator to verify you."))
        return str(_("This consultation is for a chosen group of people, and you are not in it."))
    return None


def in_audience(user, consultation) -> bool:
    if consultation.audience == "everyone":
        return True
    if consultation.audience == "areas":
        profile = getattr(user, "profile", None)
        home = getattr(profile, "home_area", None)
        if home is None:
            return False
        ids = set(consultation.audience_areas.values_list("pk", flat=True))
        return home.pk in ids or home.parent_id in ids
    if consultation.audience == "organisations":
        return consultation.audience_organisations.filter(memberships__user=user).exists()
    if consultation.audience == "verified":
        profile = getattr(user, "profile", None)
        return getattr(profile, "verified_at", None) is not None
    return False


def can_see_results(user, consultation) -> bool:
    """Results are public once a consultation closes; while it is open only if the moderator
    chose live results. Moderators always see them."""
    if consultation.effective_stage in {"closed", "decision_published"}:
        return True
    if consultation.effective_stage == "open" and consultation.results_visibility == "live":
        return True
    return user.is_authenticated and user.has_perm("engagement.change_consultation")


def check_consultation(user, action: str, consultation) -> None:
    reason = consultation_reason_denied(user, action, consultation)
    if reason:
        raise PermissionDenied(reason)
