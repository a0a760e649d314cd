"""Rendering a page of a comment thread fast for everyone, signed in or not.

A page of 20 conversations is the same HTML for every viewer except for a few marks: the
viewer's own comments (edit and delete instead of report), the comments they found helpful
(`aria-pressed`) and the CSRF token in each form. So the page is rendered once for a neutral
signed-in viewer, cached under the content version (never stale: any comment or reaction bumps
it), and each request splices in only the comments that are personal to its viewer – usually
none – and its own CSRF token. Rendering 20 conversations' forms took most of a signed-in
proposal page's time; this makes it one cache read and one query.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from engagement import permissions, registry, selectors
from engagement.forms import CommentForm
from engagement.models import Comment, Reaction
from pagecache import content_version, safely

COMMENTS_PER_PAGE = 20
CSRF_PLACEHOLDER = "csrf-placeholder-0f6b7e3c9a"  # never a real token: those are 64 characters
TIMEOUT = 3600


class _NeutralViewer:
    """Signed in, but the author of nothing on the page: what everyone's page has in common."""

    pk = -1
    is_authenticated = True
    is_anonymous = False


def _labels() -> dict:
    """Labels looked up once per render, not once per comment: big threads render faster."""
    return {
        "t_helpful": translation.gettext("Helpful"),
        "t_comment_by": translation.gettext("comment by"),
        "t_report": translation.gettext("Report"),
        "t_this_comment": translation.gettext("this comment"),
        "t_reply": translation.gettext("Reply"),
        "t_to": translation.gettext("to"),
        "t_your_reply": translation.gettext("Your reply"),
        "t_post_reply": translation.gettext("Post reply"),
    }


def thread_context(request, target, form=None, *, viewer=None) -> dict:
    """Everything the thread template needs for one page, as `viewer` (default: the person
    asking) sees it."""
    viewer = viewer or request.user
    counts = selectors.comment_counts(target=target)
    neutral = isinstance(viewer, _NeutralViewer)
    thread = selectors.comment_thread(target=target, user=None if neutral else viewer)
    paginator = Paginator(thread, COMMENTS_PER_PAGE)
    paginator.count = counts["threads"]  # counted with the comments above: one query, not two
    page = paginator.get_page(request.GET.get("comments_page"))
    return {
        "user": viewer,
        "target": target,
        "target_label": registry.label_for(target),
        "comments": page.object_list,
        "comments_page": page,
        "comment_count": counts["comments"],
        "form": form or CommentForm(),
        "denied": permissions.reason_denied(request.user, permissions.COMMENT, target),
        **_labels(),
    }


def _splice(html: str, pk: int, replacement: str) -> str:
    start_mark, end_mark = f"<!--c:{pk}-->", f"<!--/c:{pk}-->"
    start = html.find(start_mark)
    end = html.find(end_mark, start)
    if start < 0 or end < 0:
        return html
    return html[:start] + replacement + html[end + len(end_mark) :]


def _personal_comments(user, target, pks: list[int]) -> list[Comment]:
    """The comments among `pks` that look different to `user`: theirs, or marked helpful by them.
    Asked of the target's comments by this person (a few rows, three parameters), not of the
    page's 200 ids: binding hundreds of parameters cost more than the query."""
    if not pks:
        return []
    on_page = set(pks)
    content_type = registry.target_content_type(registry.label_for(target))
    mine = Exists(Reaction.objects.filter(comment=OuterRef("pk"), user=user, kind=Reaction.Kind.HELPFUL))
    found = (
        Comment.objects.filter(content_type=content_type, object_id=target.pk)
        .filter(Q(author=user) | Exists(Reaction.objects.filter(comment=OuterRef("pk"), user=user)))
        .annotate(helpful_by_me=mine)
        .select_related("author")
    )
    return [c for c in found if c.pk in on_page]


def thread_html(request, target, form=None) -> str:
    """The thread's HTML for this request. A form with errors is rendered as it is (it holds
    what the person typed); everything else comes from the shared page plus personal splices."""
    if form is not None and form.is_bound:
        return render_to_string("engagement/_thread.html", thread_context(request, target, form), request=request)
    user = request.user
    denied = permissions.reason_denied(user, permissions.COMMENT, target)
    version = content_version()
    digest = hashlib.sha256(f"{denied}".encode()).hexdigest()[:12]
    key = (
        f"thread:{version}:{translation.get_language()}:{registry.label_for(target)}:{target.pk}:"
        f"{request.GET.get('comments_page', '')[:12]}:{int(user.is_authenticated)}:{digest}"
    )
    cached = safely(lambda: cache.get(key)) if version is not None else None
    if cached is None:
        viewer = _NeutralViewer() if user.is_authenticated else user
        context = thread_context(request, target, viewer=viewer)
        context["csrf_token"] = CSRF_PLACEHOLDER
        html = render_to_string("engagement/_thread.html", context)
        pks = [c.pk for c in context["comments"]] + [
            r.pk for c in context["comments"] for r in getattr(c, "visible_reply_list", [])
        ]
        cached = (html, pks)
        if version is not None:
            safely(lambda: cache.set(key, cached, TIMEOUT))
    html, pks = cached
    if user.is_authenticated:
        labels = {**_labels(), "csrf_token": get_token(request)}
        for comment in _personal_comments(user, target, pks):
            if not comment.is_visible:
                continue
            piece = render_to_string(
                "engagement/_comment.html",
                {"c": comment, "reply": comment.parent_id is not None, "user": user, **labels},
            )
            html = _splice(html, comment.pk, piece)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our templates, which escape
