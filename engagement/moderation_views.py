"""Moderators' pages: the queue with bulk actions, hidden comments, the log, blocking people.
Thin: the rules live in engagement/moderation.py and permissions.py."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engagement import moderation, permissions, registry, selectors
from engagement.forms import BlockForm, ModerationBulkForm, ModerationFilterForm, RestoreForm
from engagement.models import Comment, ModerationAction, ModerationCase
from params import parse_ids
from places.models import Area

PER_PAGE = 50


def _moderator(request):
    permissions.check_moderate(request.user)


def _type_choices():
    labels = sorted(moderation.moderatable_labels() | registry.engageable_labels())
    types = []
    for label in labels:
        app_label, model = label.split(".", 1)
        try:
            ct = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            continue
        types.append((str(ct.pk), str(ct.model_class()._meta.verbose_name).capitalize()))
    return types


def _area_choices():

    return [(str(pk), name) for pk, name in Area.objects.filter(kind="ward").order_by("name").values_list("pk", "name")]


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_http_methods(["GET", "POST"])
def queue(request):
    _moderator(request)
    filters = ModerationFilterForm(request.GET or None, type_choices=_type_choices(), area_choices=_area_choices())
    f = filters.cleaned_data if filters.is_valid() else {}
    bulk = None
    if request.method == "POST":
        bulk = _bulk_form(request)
        if bulk.is_valid() and _bulk_act(request, bulk):
            return redirect(request.get_full_path())
    cases = selectors.moderation_queue(
        content_type_id=f.get("type") or None,
        area_id=f.get("area") or None,
        reason=f.get("reason") or "",
        kind=f.get("kind") or "",
        assigned=f.get("assigned") or None,
        user=request.user,
    )
    context = {
        "filters": filters,
        "bulk": bulk or ModerationBulkForm(),
        "page": Paginator(cases, PER_PAGE).get_page(request.GET.get("page")),
        "summary": selectors.moderation_summary(),
        "now": timezone.now(),
        "query_string": request.GET.urlencode(),
        "selected": request.POST.getlist("cases") if bulk is not None else [],
    }
    return render(
        request, "engagement/moderation_queue.html", context, status=422 if bulk is not None and bulk.errors else 200
    )


def _bulk_form(request) -> ModerationBulkForm:
    """The ticked cases that are still open, and what to do with them."""
    posted = parse_ids(request.POST.getlist("cases"), name="cases", limit=1000)
    open_ids = ModerationCase.objects.filter(pk__in=posted, status=ModerationCase.Status.OPEN).values_list(
        "pk", flat=True
    )
    return ModerationBulkForm(request.POST, case_ids=list(open_ids))


def _bulk_act(request, bulk: ModerationBulkForm) -> bool:
    """Act on the ticked cases and say so; False (errors on the form) if the rules refuse."""
    data = bulk.cleaned_data
    try:
        if data["action"] == "assign_me":
            n = moderation.cases_assign(moderator=request.user, case_ids=data["cases"], assignee=request.user)
            messages.success(request, _("%(n)s items assigned to you.") % {"n": n})
            return True
        n = moderation.cases_act(
            moderator=request.user, case_ids=data["cases"], action=data["action"], reason=data["reason"]
        )
    except ValidationError as exc:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            bulk.add_error(field if field in bulk.fields else None, errors)
        return False
    done = {"hide": _("hidden"), "approve": _("approved"), "review": _("marked reviewed")}[data["action"]]
    messages.success(request, _("%(n)s items %(done)s.") % {"n": n, "done": done})
    skipped = len(data["cases"]) - n
    if skipped:
        messages.warning(
            request,
            _("%(n)s items were not hidden: proposals and consultations are corrected by their owners.")
            % {"n": skipped},
        )
    return True


def _hidden_items():
    """Hidden comments and other moderatable items (ideas), newest first, as table rows."""

    rows = []
    for label in sorted(moderation.moderatable_labels()):
        model = apps.get_model(label)
        # A model whose author field has another name says so (a street report's reporter).
        author = getattr(model, "moderation_author_field", "author")
        for obj in (
            model._base_manager.filter(hidden_at__isnull=False).select_related(author).order_by("-hidden_at")[:200]
        ):
            rows.append(
                {
                    "key": f"{label}:{obj.pk}",
                    "type": model._meta.verbose_name,
                    "text": moderation.text_of(obj),
                    "author": getattr(obj, author),
                    "held": getattr(obj, "held", False),
                    "reason": obj.hidden_reason,
                    "hidden_at": obj.hidden_at,
                    "obj": obj,
                }
            )
    rows.sort(key=lambda r: r["hidden_at"], reverse=True)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def hidden(request):
    _moderator(request)
    rows = _hidden_items()
    form = None
    if request.method == "POST":
        by_key = {r["key"]: r["obj"] for r in rows}
        form = RestoreForm(request.POST, keys=list(by_key))
        if form.is_valid():
            items = [by_key[k] for k in form.cleaned_data["items"]]
            n = moderation.items_restore(moderator=request.user, items=items, reason=form.cleaned_data["reason"])
            messages.success(request, _("%(n)s items restored.") % {"n": n})
            return redirect(request.get_full_path())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/moderation_hidden.html",
        {"page": page, "form": form or RestoreForm()},
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def log(request):
    _moderator(request)
    action = request.GET.get("action", "")
    if action not in ModerationAction.Action.values:
        action = ""
    page = Paginator(selectors.moderation_log(action=action), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/moderation_log.html",
        {
            "page": page,
            "actions": ModerationAction.Action.choices,
            "action": action,
            "action_qs": f"action={action}" if action else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person(request, pk: int):
    _moderator(request)
    subject = get_object_or_404(get_user_model(), pk=pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "unblock":
                moderation.user_unblock(moderator=request.user, user=subject, reason=request.POST.get("reason", ""))
                messages.success(request, _("%(name)s can take part again.") % {"name": subject.display_name})
                return redirect("engagement:moderation-person", pk=subject.pk)
            if form.is_valid():
                moderation.user_block(moderator=request.user, user=subject, reason=form.cleaned_data["reason"])
                messages.success(request, _("%(name)s is blocked from posting.") % {"name": subject.display_name})
                return redirect("engagement:moderation-person", pk=subject.pk)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
    recent = Comment.objects.filter(author=subject).select_related("content_type").order_by("-created_at")[:20]
    history = selectors.moderation_log().filter(subject=subject)[:20]
    return render(
        request,
        "engagement/moderation_person.html",
        {"subject": subject, "form": form, "recent": recent, "history": history},
        status=422 if form.errors else 200,
    )
