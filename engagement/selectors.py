"""Reads in engagement: threads with their replies in a constant number of queries."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from engagement import registry
from engagement.models import (
    Answer,
    Comment,
    Consultation,
    Flag,
    Follow,
    ModerationAction,
    ModerationCase,
    Question,
    Reaction,
    Response,
    StanceVote,
    Support,
)
from places.models import Area


def _for_target(target) -> dict:
    content_type = registry.target_content_type(registry.label_for(target))
    return {"content_type": content_type, "object_id": target.pk}


def comment_thread(*, target, user=None) -> QuerySet[Comment]:
    """Top-level comments, oldest first, each with its replies and authors; removed comments stay
    as placeholders only while they have visible replies. `helpful_by_me` is set for `user`."""
    helpful_by_me = (
        Exists(Reaction.objects.filter(comment=OuterRef("pk"), user=user, kind=Reaction.Kind.HELPFUL))
        if user is not None and user.is_authenticated
        else Q(pk__in=[])
    )
    replies = (
        Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("author")
        .annotate(helpful_by_me=helpful_by_me)
        .order_by("created_at", "pk")
    )
    visible_replies = Count("replies", filter=Q(replies__deleted_at__isnull=True, replies__hidden_at__isnull=True))
    return (
        Comment.objects.filter(**_for_target(target), parent__isnull=True)
        .annotate(visible_replies=visible_replies, helpful_by_me=helpful_by_me)
        .filter(Q(deleted_at__isnull=True, hidden_at__isnull=True) | Q(visible_replies__gt=0))
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_reply_list"))
        .order_by("created_at", "pk")
    )


def comment_counts(*, target) -> dict:
    """{"comments": visible comments, "threads": conversations comment_thread() lists}, in one query."""
    visible = Q(deleted_at__isnull=True, hidden_at__isnull=True)
    has_visible_reply = Exists(
        Comment.objects.filter(parent=OuterRef("pk"), deleted_at__isnull=True, hidden_at__isnull=True)
    )
    return Comment.objects.filter(**_for_target(target)).aggregate(
        comments=Count("pk", filter=visible),
        threads=Count("pk", filter=Q(parent__isnull=True) & (visible | Q(has_visible_reply))),
    )


def is_following(*, user, target) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, **_for_target(target)).exists()


def follower_ids(*, target) -> list[int]:
    """Who follows this item: notifications read this."""
    return list(Follow.objects.filter(**_for_target(target)).values_list("user_id", flat=True))


def user_engagement_export(*, user) -> dict:
    """The engagement section of "download my data"."""
    return {
        "comments": [
            {
                "on": f"{c.content_type.app_label}.{c.content_type.model}:{c.object_id}",
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "deleted_at": c.deleted_at.isoformat() if c.deleted_at else None,
                "reply_to": c.parent_id,
            }
            for c in Comment.objects.filter(author=user).select_related("content_type").order_by("pk")
        ],
        "marked_helpful": list(Reaction.objects.filter(user=user).values_list("comment_id", flat=True)),
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "created_at": n.created_at.isoformat(),
                "read": bool(n.read_at),
            }
            for n in user.notifications.order_by("pk")
        ],
        "email_choices": dict(user.notification_preferences.values_list("kind", "email")),
        "blocked": {"since": user.blocked_at.isoformat(), "reason": user.blocked_reason} if user.blocked_at else None,
        "following": [
            f"{f.content_type.app_label}.{f.content_type.model}:{f.object_id}"
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "reports": [
            {"reason": f.reason, "note": f.note, "created_at": f.created_at.isoformat()}
            for f in user.flags.order_by("pk")
        ],
        "stance_votes": [
            {"consultation": v.consultation_id, "stance": v.stance, "cast_at": v.cast_at.isoformat()}
            for v in StanceVote.objects.filter(user=user).order_by("pk")
        ],
        "consultation_responses": [
            {
                "consultation": r.consultation_id,
                "submitted_at": r.submitted_at.isoformat(),
                "updated_at": r.updated_at.isoformat(),
                "answers": [
                    {"question": a.question.prompt, "option": a.option, "value": a.value, "text": a.text}
                    for a in r.answers.all()
                ],
            }
            for r in Response.objects.filter(user=user).prefetch_related("answers__question").order_by("pk")
        ],
        "supported": [
            f"{s.content_type.app_label}.{s.content_type.model}:{s.object_id}"
            for s in Support.objects.filter(user=user).select_related("content_type")
        ],
    }


# --- Consultations ---------------------------------------------------------------------------------
def consultations_for(*, target) -> list[Consultation]:
    """Consultations on an item, newest first (drafts included; callers filter for the public)."""
    return list(Consultation.objects.filter(**_for_target(target)).order_by("-created_at", "-pk"))


def consultation_detail(*, pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("content_type")
        .prefetch_related("questions", "audience_areas", "audience_organisations")
        .get(pk=pk)
    )


def my_vote(*, consultation, user) -> str | None:
    if not user.is_authenticated:
        return None
    return StanceVote.objects.filter(consultation=consultation, user=user).values_list("stance", flat=True).first()


def my_answers(*, consultation, user) -> dict | None:
    """A person's saved response as {question id: raw answer} (the shape response_submit takes)."""
    if not user.is_authenticated:
        return None
    response = Response.objects.filter(consultation=consultation, user=user).first()
    if response is None:
        return None
    kinds = {q.pk: q.kind for q in consultation.questions.all()}
    raw: dict = {}
    for answer in response.answers.all():
        kind = kinds.get(answer.question_id)
        if kind == Question.Kind.TEXT:
            raw[answer.question_id] = answer.text
        elif kind == Question.Kind.RATING:
            raw[answer.question_id] = answer.value
        elif kind == Question.Kind.SINGLE:
            raw[answer.question_id] = answer.option
        elif kind == Question.Kind.MULTIPLE:
            raw.setdefault(answer.question_id, []).append(answer.option)
        elif kind == Question.Kind.RANKING:
            raw.setdefault(answer.question_id, {})[answer.option] = answer.value
    return raw


def consultation_results(*, consultation: Consultation) -> dict:
    """Tallies overall and by ward, counted in the database in a fixed number of queries.

    Returns {"stance": {...}, "areas": [(pk, name)], "questions": [...]} where each question has
    rows of (label, overall, {area pk: n}) and, for ratings, the mean; rankings give the mean
    place of each option (lower is preferred). Free-text answers are only counted here.
    """

    stance_rows = (
        StanceVote.objects.filter(consultation=consultation)
        .values("stance", "area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answer_rows = list(
        Answer.objects.filter(question__consultation=consultation)
        .values("question_id", "option", "value", "response__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    area_ids = {r["area_id"] for r in stance_rows} | {r["response__area_id"] for r in answer_rows}
    area_ids.discard(None)
    areas = list(Area.objects.filter(pk__in=area_ids).order_by("name").values_list("pk", "name"))

    stance = {s: {"overall": 0, "by_area": {}} for s in StanceVote.Stance.values}
    for row in stance_rows:
        entry = stance[row["stance"]]
        entry["overall"] += row["n"]
        entry["by_area"][row["area_id"]] = entry["by_area"].get(row["area_id"], 0) + row["n"]

    by_question: dict[int, list[dict]] = {}
    for row in answer_rows:
        by_question.setdefault(row["question_id"], []).append(row)

    questions = []
    for question in consultation.questions.all():
        rows = by_question.get(question.pk, [])
        entry = {
            "question": question,
            "kind": question.kind,
            "rows": [],
            "mean": None,
            "answered": 0,
            "chart_id": f"chart-q{question.pk}",
        }
        if question.kind == Question.Kind.TEXT:
            entry["answered"] = sum(r["n"] for r in rows)
        elif question.kind == Question.Kind.RATING:
            labels = [(v, str(v)) for v in range(1, 6)]
            entry["rows"] = _tally(labels, rows, key="value")
            total = sum(r["n"] for r in rows)
            entry["answered"] = total
            entry["mean"] = round(sum(r["value"] * r["n"] for r in rows) / total, 2) if total else None
        elif question.kind == Question.Kind.RANKING:
            # mean place per option: overall and by area
            entry["rows"] = _mean_rank(question, rows)
            entry["answered"] = max((r["overall_n"] for r in entry["rows"]), default=0)
        else:
            labels = list(enumerate(question.options))
            entry["rows"] = _tally(labels, rows, key="option")
            entry["answered"] = sum(r["n"] for r in rows) if question.kind == Question.Kind.SINGLE else None
        questions.append(entry)
    return {
        "stance": stance,
        "stance_rows": [
            {"label": label, "overall": stance[value]["overall"], "by_area": stance[value]["by_area"]}
            for value, label in StanceVote.Stance.choices
        ],
        "votes": sum(e["overall"] for e in stance.values()),
        "responses": consultation.response_count,
        "areas": areas,
        "questions": questions,
    }


def _tally(labels, rows, *, key) -> list[dict]:
    out = []
    for index, label in labels:
        mine = [r for r in rows if r[key] == index]
        by_area: dict = {}
        for r in mine:
            by_area[r["response__area_id"]] = by_area.get(r["response__area_id"], 0) + r["n"]
        out.append({"label": label, "overall": sum(r["n"] for r in mine), "by_area": by_area})
    return out


def _mean_rank(question, rows) -> list[dict]:
    out = []
    for index, label in enumerate(question.options):
        mine = [r for r in rows if r["option"] == index]
        n = sum(r["n"] for r in mine)
        by_area: dict = {}
        for r in mine:
            total, count = by_area.get(r["response__area_id"], (0, 0))
            by_area[r["response__area_id"]] = (total + r["value"] * r["n"], count + r["n"])
        out.append(
            {
                "label": label,
                "overall": round(sum(r["value"] * r["n"] for r in mine) / n, 2) if n else None,
                "overall_n": n,
                "by_area": {a: round(t / c, 2) for a, (t, c) in by_area.items()},
            }
        )
    return out


def consultation_text_answers(*, consultation, limit: int = 200):
    """Free-text answers for moderators reading the consultation (newest first, no names)."""
    return (
        Answer.objects.filter(question__consultation=consultation, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related("question", "response__area")
        .order_by("-response__updated_at", "-pk")[:limit]
    )


def is_supporting(*, user, target) -> bool:
    return user.is_authenticated and Support.objects.filter(user=user, **_for_target(target)).exists()


def followed_items(*, user, limit: int = 50) -> list:
    """The objects a person follows, newest follow first, fetched one query per model type."""

    follows = list(Follow.objects.filter(user=user).select_related("content_type").order_by("-created_at")[:limit])
    by_type: dict = {}
    for f in follows:
        by_type.setdefault(f.content_type, []).append(f.object_id)
    objects = {}
    for content_type, ids in by_type.items():
        model = apps.get_model(content_type.app_label, content_type.model)
        for obj in model.objects.filter(pk__in=ids):
            objects[(content_type.pk, obj.pk)] = obj
    return [objects[(f.content_type_id, f.object_id)] for f in follows if (f.content_type_id, f.object_id) in objects]


# --- Moderation --------------------------------------------------------------------------------
def moderation_queue(*, content_type_id=None, area_id=None, reason="", kind="", assigned=None, user=None):
    """Open cases, oldest first, with what the queue table shows; filters are all optional.
    `assigned`: "me", "none" or None (everyone's)."""

    qs = ModerationCase.objects.filter(status=ModerationCase.Status.OPEN).select_related(
        "content_type", "author", "area", "assigned_to"
    )
    if content_type_id:
        qs = qs.filter(content_type_id=content_type_id)
    if area_id:
        qs = qs.filter(area_id=area_id)
    if reason:  # an open report with this reason (portable: no JSON containment on SQLite)
        reported = Flag.objects.filter(
            content_type=OuterRef("content_type"), object_id=OuterRef("object_id"), reason=reason
        )
        qs = qs.filter(Exists(reported))
    if kind:
        qs = qs.filter(kind=kind)
    if assigned == "me" and user is not None:
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    return qs.order_by("opened_at", "pk")


def moderation_summary() -> list[dict]:
    """Per content type: open items and when the oldest was opened – one query."""

    rows = (
        ModerationCase.objects.filter(status=ModerationCase.Status.OPEN)
        .values("content_type")
        .annotate(count=Count("pk"), oldest=Min("opened_at"))
        .order_by("content_type")
    )

    return [
        {
            "content_type": ContentType.objects.get_for_id(r["content_type"]),
            "count": r["count"],
            "oldest": r["oldest"],
        }
        for r in rows
    ]


def moderation_log(*, action="", moderator_id=None):

    qs = ModerationAction.objects.select_related("moderator", "subject", "content_type")
    if action:
        qs = qs.filter(action=action)
    if moderator_id:
        qs = qs.filter(moderator_id=moderator_id)
    return qs.order_by("-created_at", "-pk")


def hidden_comments():
    return (
        Comment.objects.filter(hidden_at__isnull=False)
        .select_related("author", "content_type")
        .order_by("-hidden_at", "-pk")
    )


def consultations_closing_soon(*, limit: int = 4) -> list[Consultation]:
    """Open consultations that close next (the home page's "closing soon"), with their targets."""
    return list(
        Consultation.objects.filter(stage=Consultation.Stage.OPEN, ends_at__gt=timezone.now())
        .prefetch_related("target")
        .order_by("ends_at", "pk")[:limit]
    )
