"""Comment threads, helpful marks, follows and reports on any registered item.

Every action works as a plain form post (redirecting back to the item) and, with htmx, swaps
the thread in place. Blocked actions answer 403 with the reason; anonymous people are sent to
sign in and brought back.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engagement import permissions, registry, selectors, services
from engagement.forms import CommentForm, FlagForm
from engagement.models import Comment


def _get_target(label: str, object_id: int):
    try:
        return registry.resolve_target(label, object_id)
    except registry.NotEngageable as exc:
        raise Http404(_("There is nothing here to take part in.")) from exc


def _back_to(target, anchor: str = "comments") -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{target.get_absolute_url()}#{anchor}")


def _thread_context(request, target, form=None) -> dict:
    return {
        "target": target,
        "target_label": registry.label_for(target),
        "comments": selectors.comment_thread(target=target, user=request.user),
        "comment_count": selectors.comment_count(target=target),
        "form": form or CommentForm(),
        "denied": permissions.reason_denied(request.user, permissions.COMMENT, target),
        "following": selectors.is_following(user=request.user, target=target),
    }


def _render_thread(request, target, form=None, status=200):
    return render(request, "engagement/_thread.html", _thread_context(request, target, form), status=status)


@require_http_methods(["GET", "POST"])
def comments(request, label: str, object_id: int):
    target = _get_target(label, object_id)
    if request.method == "GET":
        return _render_thread(request, target)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{target.get_absolute_url()}#comments")
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        try:
            comment = services.comment_create(
                author=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors land on their fields
        else:
            if request.htmx:
                return _render_thread(request, target)
            messages.success(request, _("Your comment has been posted."))
            return _back_to(target, f"comment-{comment.pk}")
    if request.htmx:
        return _render_thread(request, target, form=form)  # htmx swaps only 2xx answers
    # Without JavaScript: a page with just the form, keeping what was typed.
    return render(request, "engagement/comment_form.html", {"form": form, "target": target}, status=422)


def _get_comment(pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("content_type"), pk=pk)
    if comment.target is None:
        raise Http404(_("This comment's item no longer exists."))
    return comment


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk: int):
    comment = _get_comment(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    permissions.check_edit_comment(request.user, comment)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors land on their fields
        else:
            messages.success(request, _("Your comment has been updated."))
            return _back_to(comment.target, f"comment-{comment.pk}")
    status = 422 if form.errors else 200
    return render(
        request,
        "engagement/comment_form.html",
        {"form": form, "target": comment.target, "comment": comment},
        status=status,
    )


@require_POST
def comment_delete(request, pk: int):
    comment = _get_comment(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(comment.target.get_absolute_url())
    services.comment_delete(comment=comment, user=request.user)
    if request.htmx:
        return _render_thread(request, comment.target)
    messages.success(request, _("Your comment has been deleted."))
    return _back_to(comment.target)


@require_POST
def comment_helpful(request, pk: int):
    comment = _get_comment(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{comment.target.get_absolute_url()}#comment-{pk}")
    try:
        services.comment_helpful_toggle(comment=comment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return _render_thread(request, comment.target)
    return _back_to(comment.target, f"comment-{pk}")


@require_POST
def follow(request, label: str, object_id: int):
    target = _get_target(label, object_id)
    if not request.user.is_authenticated:
        return redirect_to_login(target.get_absolute_url())
    following = request.POST.get("following") == "1"
    services.follow_set(user=request.user, target=target, following=following)
    messages.success(
        request,
        _("You are following this. We will tell you when it changes.")
        if following
        else _("You no longer follow this."),
    )
    return _back_to(target, "follow")


@require_http_methods(["GET", "POST"])
def report(request, label: str = "", object_id: int = 0, comment_pk: int = 0):
    target = _get_comment(comment_pk) if comment_pk else _get_target(label, object_id)
    item = target.target if isinstance(target, Comment) else target
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(reporter=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors land on their fields
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return _back_to(item)
    status = 422 if form.errors else 200
    return render(
        request,
        "engagement/report_form.html",
        {"form": form, "item": item, "is_comment": bool(comment_pk)},
        status=status,
    )
