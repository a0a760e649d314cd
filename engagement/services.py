"""Every write in engagement: one function per use case, keyword-only arguments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement import permissions, registry, signals
from engagement.models import Comment, Consultation, Flag, Follow, Reaction, StanceVote


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > Comment.MAX_LENGTH:
        raise ValidationError(
            {"body": _("Comments can be up to %(max)s characters long.") % {"max": Comment.MAX_LENGTH}}
        )
    return body


def _check_target(target) -> None:
    if not registry.is_engageable(target):
        raise ValidationError(_("You cannot comment on this."))


def comment_create(*, author, target, body: str, parent: Comment | None = None) -> Comment:
    _check_target(target)
    permissions.check(author, permissions.COMMENT, target)
    body = _clean_body(body)
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("You can reply to a comment, not to a reply.")})
        if (parent.content_type_id, parent.object_id) != (
            registry.target_content_type(registry.label_for(target)).pk,
            target.pk,
        ):
            raise ValidationError({"parent": _("That comment belongs to something else.")})
        if parent.deleted_at is not None or parent.hidden_at is not None:
            raise ValidationError({"parent": _("That comment has been removed.")})
    comment = Comment.objects.create(target=target, author=author, body=body, parent=parent)
    transaction.on_commit(lambda: signals.comment_posted.send(sender=Comment, comment=comment, target=target))
    return comment


def comment_edit(*, comment: Comment, editor, body: str) -> Comment:
    permissions.check_edit_comment(editor, comment)
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def comment_delete(*, comment: Comment, user) -> Comment:
    permissions.check_delete_comment(user, comment)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    return comment


@transaction.atomic
def comment_helpful_toggle(*, comment: Comment, user) -> bool:
    """Mark or unmark a comment as helpful; returns whether it is now marked. The tally moves
    in the same transaction, so it always equals the reactions given."""
    permissions.check(user, permissions.REACT, comment.target)
    if not comment.is_visible:
        raise ValidationError(_("This comment has been removed."))
    if comment.author_id == user.pk:
        raise PermissionDenied(_("You cannot mark your own comment as helpful."))
    deleted, _details = Reaction.objects.filter(comment=comment, user=user, kind=Reaction.Kind.HELPFUL).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(comment=comment, user=user, kind=Reaction.Kind.HELPFUL)
    except IntegrityError:
        return True  # a parallel request marked it first
    Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") + 1)
    return True


def follow_set(*, user, target, following: bool) -> bool:
    _check_target(target)
    permissions.check(user, permissions.FOLLOW, target)
    content_type = registry.target_content_type(registry.label_for(target))
    if following:
        Follow.objects.get_or_create(user=user, content_type=content_type, object_id=target.pk)
    else:
        Follow.objects.filter(user=user, content_type=content_type, object_id=target.pk).delete()
    return following


def flag_create(*, reporter, target, reason: str, note: str = "") -> Flag:
    """Report a registered item or a comment. One report per person per item."""
    if not isinstance(target, Comment):
        _check_target(target)
    permissions.check(reporter, permissions.FLAG, target if not isinstance(target, Comment) else target.target)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose why you are reporting this.")})
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("Keep it to 1,000 characters.")})
    try:
        with transaction.atomic():
            flag = Flag.objects.create(target=target, reporter=reporter, reason=reason, note=note)
    except IntegrityError as exc:
        raise ValidationError(_("You have already reported this. A moderator will look at it.")) from exc
    transaction.on_commit(lambda: signals.item_flagged.send(sender=Flag, flag=flag, target=target))
    return flag


def user_engagement_erase(user) -> None:
    """Account erasure: comments and reports stay but are unlinked from the person; helpful
    tallies keep their counts (the reaction rows go with the account)."""
    Comment.objects.filter(author=user).update(author=None)
    Flag.objects.filter(reporter=user).update(reporter=None)
    StanceVote.objects.filter(user=user).update(user=None)  # still counted, no longer linked


_TALLY = {
    StanceVote.Stance.SUPPORT: "support_count",
    StanceVote.Stance.NEUTRAL: "neutral_count",
    StanceVote.Stance.OPPOSE: "oppose_count",
}


def vote_cast(*, consultation: Consultation, user, stance: str | None) -> str | None:
    """Cast, change or (stance=None) withdraw a stance vote. The tally moves in the same
    transaction as the vote row; the row lock and the unique constraint make a double vote
    impossible however many requests race."""
    permissions.check_consultation(user, permissions.VOTE, consultation)
    if stance is not None and stance not in StanceVote.Stance.values:
        raise ValidationError({"stance": _("Choose support, neutral or oppose.")})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _vote_apply(consultation=consultation, user=user, stance=stance)
        except IntegrityError:
            continue  # another request inserted this person's vote first: apply as a change
    raise ValidationError(_("Your vote could not be saved. Try again."))


def _vote_apply(*, consultation, user, stance):
    vote = StanceVote.objects.select_for_update().filter(consultation=consultation, user=user).first()
    previous = vote.stance if vote else None
    if previous == stance:
        return stance
    changes = {}
    if previous:
        changes[_TALLY[previous]] = F(_TALLY[previous]) - 1
    if stance:
        changes[_TALLY[stance]] = F(_TALLY[stance]) + 1
    if vote and stance:
        vote.stance = stance
        vote.save(update_fields=["stance", "cast_at"])
    elif vote:
        vote.delete()
    else:
        StanceVote.objects.create(consultation=consultation, user=user, stance=stance)
    Consultation.objects.filter(pk=consultation.pk).update(**changes)
    return stance
