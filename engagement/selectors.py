"""Reads in engagement: threads with their replies in a constant number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from engagement import registry
from engagement.models import Comment, Follow, Reaction


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


def comment_count(*, target) -> int:
    return Comment.objects.filter(**_for_target(target), deleted_at__isnull=True, hidden_at__isnull=True).count()


def is_following(*, user, target) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, **_for_target(target)).exists()


def follower_ids(*, target) -> list[int]:
    """Who follows this item: notifications read this."""
    return list(Follow.objects.filter(**_for_target(target)).values_list("user_id", flat=True))


def user_engagement_export(user) -> dict:
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
        "following": [
            f"{f.content_type.app_label}.{f.content_type.model}:{f.object_id}"
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "reports": [
            {"reason": f.reason, "note": f.note, "created_at": f.created_at.isoformat()}
            for f in user.flags.order_by("pk")
        ],
    }
