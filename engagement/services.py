"""Every write in engagement: one function per use case, keyword-only arguments."""

import functools
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import home_ward
from engagement import live, moderation, permissions, registry, signals
from engagement.models import (
    Answer,
    Comment,
    Consultation,
    Flag,
    Follow,
    ModerationCase,
    Question,
    Reaction,
    Response,
    StanceVote,
    Support,
)
from params import UNSET, Unset, given, parse_int
from places.models import Area


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
    moderation.check_rate(user=author, action="comment")
    held = moderation.should_hold(author=author, text=body)
    comment = Comment.objects.create(
        target=target,
        author=author,
        body=body,
        parent=parent,
        held=held,
        hidden_at=timezone.now() if held else None,
        hidden_reason=_("Waiting for a moderator to approve it.") if held else "",
    )
    moderation.case_open(item=comment, kind=ModerationCase.Kind.HELD if held else ModerationCase.Kind.NEW)
    if not held:
        transaction.on_commit(lambda: signals.comment_posted.send(sender=Comment, comment=comment, target=target))
        live.item_changed(target, "comments")
    return comment


def comment_edit(*, comment: Comment, editor, body: str) -> Comment:
    permissions.check_edit_comment(editor, comment)
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    live.item_changed(comment.target, "comments")
    return comment


def comment_delete(*, comment: Comment, user) -> Comment:
    permissions.check_delete_comment(user, comment)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    live.item_changed(comment.target, "comments")
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
    transaction.on_commit(lambda: signals.comment_marked_helpful.send(sender=Comment, comment=comment, user=user))
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
    return flag_item(reporter=reporter, item=target, reason=reason, note=note)


def flag_item(*, reporter, item, reason: str, note: str = "") -> Flag:
    """Report any moderatable item into the queue, once per person. The caller has checked that
    the reporter may see it (flag_create for registered items; an app for its own, such as a
    private message)."""
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose why you are reporting this.")})
    moderation.check_rate(user=reporter, action="flag")
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("Keep it to 1,000 characters.")})
    try:
        with transaction.atomic():
            flag = Flag.objects.create(target=item, reporter=reporter, reason=reason, note=note)
    except IntegrityError as exc:
        raise ValidationError(_("You have already reported this. A moderator will look at it.")) from exc
    moderation.case_open(item=item, kind=ModerationCase.Kind.FLAGGED, flag=flag)
    transaction.on_commit(lambda: signals.item_flagged.send(sender=Flag, flag=flag, target=item))
    return flag


def user_engagement_erase(*, user: User) -> None:
    """Account erasure: comments and reports stay but are unlinked from the person; helpful
    tallies keep their counts (the reaction rows go with the account)."""
    Comment.objects.filter(author=user).update(author=None)
    Flag.objects.filter(reporter=user).update(reporter=None)
    StanceVote.objects.filter(user=user).update(user=None)  # still counted, no longer linked
    Response.objects.filter(user=user).update(user=None)  # answers still counted, unlinked
    Support.objects.filter(user=user).update(user=None)  # supports still counted, unlinked


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
                result = _vote_apply(consultation=consultation, user=user, stance=stance)
                if consultation.results_visibility == Consultation.ResultsVisibility.LIVE:
                    transaction.on_commit(lambda: live.tally_changed(consultation.pk))
                return result
        except IntegrityError:
            continue  # another request inserted this person's vote first: apply as a change
    raise ValidationError(_("Your vote could not be saved. Try again."))


def _vote_apply(*, consultation, user, stance):
    vote = next(iter(StanceVote.objects.select_for_update().filter(consultation=consultation, user=user)), None)
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
        StanceVote.objects.create(consultation=consultation, user=user, stance=stance, area=home_ward(user=user))
    Consultation.objects.filter(pk=consultation.pk).update(**changes)
    return stance


# --- Support ("I support this") --------------------------------------------------------------------
SUPPORT = "react"  # supporting is governed by the same stage rule as reacting


@transaction.atomic
def support_toggle(*, user, target) -> bool:
    """Support or stop supporting an item; returns whether the person now supports it. A
    `support_count` on the target moves in the same transaction as the rows."""
    _check_target(target)
    permissions.check(user, SUPPORT, target)
    if getattr(target, "author_id", None) == user.pk:
        raise PermissionDenied(_("You cannot support your own idea."))
    content_type = registry.target_content_type(registry.label_for(target))
    rows = Support.objects.filter(user=user, content_type=content_type, object_id=target.pk)
    counted = hasattr(target, "support_count")
    model = type(target)
    deleted, _details = rows.delete()
    if deleted:
        if counted:
            model.objects.filter(pk=target.pk).update(support_count=F("support_count") - 1)
        return False
    try:
        with transaction.atomic():
            Support.objects.create(user=user, content_type=content_type, object_id=target.pk)
    except IntegrityError:
        return True
    if counted:
        model.objects.filter(pk=target.pk).update(support_count=F("support_count") + 1)
    transaction.on_commit(lambda: signals.support_given.send(sender=Support, target=target, user=user))
    return True


@transaction.atomic
def support_add(*, user, target) -> bool:
    """Support an item, idempotently (a double submit, or "me too" pressed twice at once, never
    takes support away as a toggle would); returns whether the person newly supports it."""
    _check_target(target)
    permissions.check(user, SUPPORT, target)
    if getattr(target, "author_id", None) == user.pk:
        raise PermissionDenied(_("You cannot support your own idea."))
    content_type = registry.target_content_type(registry.label_for(target))
    try:
        with transaction.atomic():
            Support.objects.create(user=user, content_type=content_type, object_id=target.pk)
    except IntegrityError:
        return False  # supported already (perhaps by the same person's concurrent request)
    if hasattr(target, "support_count"):
        type(target).objects.filter(pk=target.pk).update(support_count=F("support_count") + 1)
    transaction.on_commit(lambda: signals.support_given.send(sender=Support, target=target, user=user))
    return True


# --- Consultations: set-up by moderators ---------------------------------------------------------
def _check_moderator(user) -> None:
    permissions.check_consultation(user, permissions.EDIT, None)


@transaction.atomic
def consultation_save(
    *,
    editor: User,
    consultation: Consultation | None = None,
    target: Model | None = None,
    title: str | Unset = UNSET,
    description: str | Unset = UNSET,
    starts_at: datetime | None | Unset = UNSET,
    ends_at: datetime | None | Unset = UNSET,
    audience: str | Unset = UNSET,
    results_visibility: str | Unset = UNSET,
    audience_areas: Iterable[Area] | None = None,
    audience_organisations: Iterable[Organisation] | None = None,
) -> Consultation:
    """Create a consultation on a registered item, or change one (only what is given changes).
    While it is open only the title, description, closing time and results visibility may change."""
    fields = given(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        audience=audience,
        results_visibility=results_visibility,
    )
    _check_moderator(editor)
    if consultation is None:
        if target is None:
            raise ValidationError(_("Choose what the consultation is about."))
        _check_target(target)
        consultation = Consultation(target=target)
    elif consultation.stage != Consultation.Stage.DRAFT:
        locked = set(fields) - {"title", "description", "ends_at", "results_visibility"}
        if locked or audience_areas is not None or audience_organisations is not None:
            raise ValidationError(_("Who can take part and when it opens are fixed once a consultation opens."))
    for name, value in fields.items():
        setattr(consultation, name, value)
    if consultation.starts_at and consultation.ends_at and consultation.ends_at <= consultation.starts_at:
        raise ValidationError({"ends_at": _("The closing time must be after the opening time.")})
    consultation.full_clean(exclude=["content_type", "object_id"])
    consultation.save()
    if audience_areas is not None:
        consultation.audience_areas.set(audience_areas)
    if audience_organisations is not None:
        consultation.audience_organisations.set(audience_organisations)
    if consultation.audience == Consultation.Audience.AREAS and not consultation.audience_areas.exists():
        raise ValidationError({"audience_areas": _("Choose at least one area.")})
    if (
        consultation.audience == Consultation.Audience.ORGANISATIONS
        and not consultation.audience_organisations.exists()
    ):
        raise ValidationError({"audience_organisations": _("Choose at least one organisation.")})
    return consultation


def clean_options(*, kind: str, options: list[str] | None) -> list[str]:
    options = [str(o).strip() for o in (options or []) if str(o).strip()]
    if kind in Question.CHOICE_KINDS:
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")})
        if len(options) > 20:
            raise ValidationError({"options": _("Give at most 20 options.")})
        if len(set(options)) != len(options):
            raise ValidationError({"options": _("Each option must be different.")})
        return options
    return []


@transaction.atomic
def questions_set(*, editor, consultation: Consultation, questions: list[dict]) -> list[Question]:
    """Replace a draft consultation's questions with `questions` (dicts of kind, prompt,
    help_text, required, options), in order."""
    _check_moderator(editor)
    if consultation.stage != Consultation.Stage.DRAFT:
        raise ValidationError(_("Questions cannot change once a consultation has opened."))
    saved = []
    for position, data in enumerate(questions):
        kind = data.get("kind")
        if kind not in Question.Kind.values:
            raise ValidationError({"kind": _("Choose the type of question.")})
        prompt = (data.get("prompt") or "").strip()
        if not prompt:
            raise ValidationError({"prompt": _("Write the question.")})
        saved.append(
            Question(
                consultation=consultation,
                position=position,
                kind=kind,
                prompt=prompt[:300],
                help_text=(data.get("help_text") or "").strip()[:300],
                required=bool(data.get("required", True)),
                options=clean_options(kind=kind, options=data.get("options")),
            )
        )
    consultation.questions.all().delete()
    return Question.objects.bulk_create(saved)


_NEXT_STAGES = {
    Consultation.Stage.DRAFT: {Consultation.Stage.OPEN},
    Consultation.Stage.OPEN: {Consultation.Stage.CLOSED},
    Consultation.Stage.CLOSED: {Consultation.Stage.DECISION_PUBLISHED, Consultation.Stage.OPEN},
}


def consultation_set_stage(*, editor, consultation: Consultation, stage: str) -> Consultation:
    """Move a consultation on: draft → open → closed → decision published (or reopen a closed one).
    Opening starts it now unless a later start is set; closing ends it now."""
    _check_moderator(editor)
    current = consultation.effective_stage
    if current == Consultation.Stage.CLOSED and consultation.stage == Consultation.Stage.OPEN:
        consultation.stage = Consultation.Stage.CLOSED  # its closing time passed: record it
    if stage not in _NEXT_STAGES.get(consultation.stage, set()):
        raise ValidationError(
            _("A consultation cannot move from %(current)s to %(next)s.")
            % {"current": consultation.get_stage_display(), "next": Consultation.Stage(stage).label}
            if stage in Consultation.Stage.values
            else _("Unknown stage.")
        )
    now = timezone.now()
    if stage == Consultation.Stage.OPEN:
        if consultation.stage == Consultation.Stage.DRAFT and not consultation.starts_at:
            consultation.starts_at = now
        if consultation.ends_at and consultation.ends_at <= now:
            raise ValidationError({"ends_at": _("Set a closing time in the future before opening it.")})
    if stage == Consultation.Stage.CLOSED and (consultation.ends_at is None or consultation.ends_at > now):
        consultation.ends_at = now
    consultation.stage = stage
    consultation.save(update_fields=["stage", "starts_at", "ends_at"])
    return consultation


# --- Consultations: responses --------------------------------------------------------------------
def _answers_for(question: Question, raw) -> list[Answer]:
    """Turn a raw answer (str, list of str, or dict option→rank) into Answer rows, or explain."""
    kind = question.kind
    n = len(question.options)
    field = f"q{question.pk}"
    empty = raw in (None, "", [], {})
    if empty:
        if question.required:
            raise ValidationError({field: _("Answer this question.")})
        return []
    try:
        if kind == Question.Kind.TEXT:
            text = str(raw).strip()
            if len(text) > Question.TEXT_MAX_LENGTH:
                raise ValidationError(
                    {field: _("Keep your answer to %(max)s characters.") % {"max": Question.TEXT_MAX_LENGTH}}
                )
            if not text:
                return _answers_for(question, None)
            return [Answer(question=question, text=text)]
        if kind == Question.Kind.RATING:
            value = parse_int(raw, name=field, minimum=1, maximum=5)
            return [Answer(question=question, value=value)]
        if kind == Question.Kind.SINGLE:
            option = parse_int(raw, name=field, minimum=0, maximum=n - 1)
            return [Answer(question=question, option=option)]
        if kind == Question.Kind.MULTIPLE:
            values = raw if isinstance(raw, list | tuple) else [raw]
            if len(values) > n:
                raise ValueError
            chosen = sorted({parse_int(o, name=field, minimum=0, maximum=n - 1) for o in values})
            return [Answer(question=question, option=o) for o in chosen]
        if kind == Question.Kind.RANKING:
            # {option index: rank}; every option ranked once, ranks 1..n
            ranks = {
                parse_int(o, name=field, minimum=0, maximum=n - 1): parse_int(r, name=field, minimum=1, maximum=n)
                for o, r in dict(raw).items()
            }
            if sorted(ranks) != list(range(n)) or sorted(ranks.values()) != list(range(1, n + 1)):
                raise ValidationError({field: _("Give each option a different place, from 1 to %(n)s.") % {"n": n}})
            return [Answer(question=question, option=o, value=r) for o, r in sorted(ranks.items())]
    except (TypeError, ValueError) as exc:
        messages = {
            Question.Kind.RATING: _("Choose a rating from 1 to 5."),
            Question.Kind.SINGLE: _("Choose one of the options."),
            Question.Kind.MULTIPLE: _("Choose from the options given."),
            Question.Kind.RANKING: _("Give each option a different place, from 1 to %(n)s.") % {"n": n},
        }
        raise ValidationError({field: messages.get(kind, _("This answer is not valid."))}) from exc
    raise ValidationError({field: _("This answer is not valid.")})


def response_submit(*, consultation: Consultation, user, answers: dict) -> Response:
    """Save or replace a person's response. `answers` maps question id → raw answer. Every
    problem is reported at once, keyed "q<id>"; nothing is saved unless all answers are valid."""
    permissions.check_consultation(user, permissions.RESPOND, consultation)
    questions = list(consultation.questions.all())
    if not questions:
        raise ValidationError(_("This consultation has no questions to answer."))
    unknown = {str(k) for k in answers} - {str(q.pk) for q in questions}
    if unknown:
        raise ValidationError(_("Some answers are for questions that are not in this consultation."))
    rows, errors = [], {}
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        try:
            rows.extend(_answers_for(question, raw))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                response = Response.objects.select_for_update().filter(consultation=consultation, user=user).first()
                if response is None:
                    response = Response.objects.create(consultation=consultation, user=user, area=home_ward(user=user))
                    Consultation.objects.filter(pk=consultation.pk).update(response_count=F("response_count") + 1)
                    transaction.on_commit(
                        functools.partial(
                            signals.response_submitted.send,
                            sender=Response,
                            response=response,
                            consultation=consultation,
                            user=user,
                        )
                    )
                else:
                    response.answers.all().delete()
                    response.save(update_fields=["updated_at"])
                for row in rows:
                    row.response = response
                Answer.objects.bulk_create(rows)
                return response
        except IntegrityError:
            continue  # a parallel first submission won: replace its answers
    raise ValidationError(_("Your response could not be saved. Try again."))


def response_withdraw(*, consultation: Consultation, user) -> None:
    permissions.check_consultation(user, permissions.RESPOND, consultation)
    with transaction.atomic():
        _total, deleted = Response.objects.filter(consultation=consultation, user=user).delete()
        if deleted.get("engagement.Response"):
            Consultation.objects.filter(pk=consultation.pk).update(response_count=F("response_count") - 1)
