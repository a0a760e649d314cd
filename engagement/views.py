"""Comment threads, helpful marks, follows and reports on any registered item.

Every action works as a plain form post (redirecting back to the item) and, with htmx, swaps
the thread in place. Blocked actions answer 403 with the reason; anonymous people are sent to
sign in and brought back.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engagement import exports, permissions, registry, result_sections, selectors, services, threads
from engagement.forms import CommentForm, ConsultationForm, FlagForm, QuestionFormSet, ResponseForm, StanceForm
from engagement.models import Comment, Consultation
from pagecache import cache_page


def _get_target(label: str, object_id: int):
    try:
        return registry.resolve_target(label, object_id)
    except registry.NotEngageable as exc:
        raise Http404(_("There is nothing here to take part in.")) from exc


def _back_to(target, anchor: str = "comments") -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{target.get_absolute_url()}#{anchor}")


def _render_thread(request, target, form=None, status=200):
    return HttpResponse(threads.thread_html(request, target, form), status=status)


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


# --- Consultations --------------------------------------------------------------------------------
def _get_consultation(pk: int) -> Consultation:
    try:
        return selectors.consultation_detail(pk=pk)
    except Consultation.DoesNotExist as exc:
        raise Http404(_("No consultation found.")) from exc


def _consultation_context(request, consultation, *, response_form=None, stance_form=None) -> dict:
    user = request.user
    my_answers = selectors.my_answers(consultation=consultation, user=user)
    questions = list(consultation.questions.all())
    if response_form is None and questions:
        response_form = ResponseForm(questions=questions, initial_answers=my_answers or {})
    can_results = permissions.can_see_results(user, consultation)
    return {
        "consultation": consultation,
        "target": consultation.target,
        "stage": consultation.effective_stage,
        "vote_denied": permissions.consultation_reason_denied(user, permissions.VOTE, consultation),
        "respond_denied": permissions.consultation_reason_denied(user, permissions.RESPOND, consultation),
        "can_edit": user.has_perm("engagement.change_consultation"),
        "my_vote": selectors.my_vote(consultation=consultation, user=user),
        "has_response": my_answers is not None,
        "response_form": response_form,
        "stance_form": stance_form or StanceForm(),
        "results": selectors.consultation_results(consultation=consultation) if can_results else None,
        "results_later": not can_results,
    }


@cache_page
def consultation_detail(request, pk: int):
    consultation = _get_consultation(pk)
    if not permissions.may_view_consultation(request.user, consultation):
        raise Http404(_("No consultation found."))
    return render(request, "engagement/consultation_detail.html", _consultation_context(request, consultation))


def _check_or_message(request, consultation, action):
    reason = permissions.consultation_reason_denied(request.user, action, consultation)
    if reason:
        raise PermissionDenied(reason)


@require_POST
def consultation_vote(request, pk: int):
    consultation = _get_consultation(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{consultation.get_absolute_url()}#vote")
    _check_or_message(request, consultation, permissions.VOTE)
    if request.POST.get("withdraw"):
        services.vote_cast(consultation=consultation, user=request.user, stance=None)
        messages.success(request, _("Your vote has been withdrawn."))
        return HttpResponseRedirect(f"{consultation.get_absolute_url()}#vote")
    form = StanceForm(request.POST)
    if form.is_valid():
        services.vote_cast(consultation=consultation, user=request.user, stance=form.cleaned_data["stance"])
        messages.success(request, _("Your vote has been counted. You can change it until the consultation closes."))
        return HttpResponseRedirect(f"{consultation.get_absolute_url()}#vote")
    context = _consultation_context(request, consultation, stance_form=form)
    return render(request, "engagement/consultation_detail.html", context, status=422)


@require_POST
def consultation_respond(request, pk: int):
    consultation = _get_consultation(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{consultation.get_absolute_url()}#respond")
    _check_or_message(request, consultation, permissions.RESPOND)
    form = ResponseForm(request.POST, questions=consultation.questions.all())
    if form.is_valid():
        try:
            services.response_submit(consultation=consultation, user=request.user, answers=form.answers())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("Thank you – your response has been saved. You can change it until the consultation closes.")
            )
            return HttpResponseRedirect(f"{consultation.get_absolute_url()}#respond")
    context = _consultation_context(request, consultation, response_form=form)
    return render(request, "engagement/consultation_detail.html", context, status=422)


@cache_page
def consultation_results(request, pk: int):
    consultation = _get_consultation(pk)
    if not permissions.may_view_consultation(request.user, consultation):
        raise Http404(_("No consultation found."))
    if not permissions.can_see_results(request.user, consultation):
        raise PermissionDenied(_("Results will be published when this consultation closes."))
    results = selectors.consultation_results(consultation=consultation)
    context = {
        "consultation": consultation,
        "results": results,
        "OPEN_DATA_LICENCE": settings.OPEN_DATA_LICENCE,
        "sections": result_sections.sections(consultation, request.user),
    }
    if request.user.has_perm("engagement.change_consultation"):
        context["text_answers"] = selectors.consultation_text_answers(consultation=consultation)
    return render(request, "engagement/consultation_results.html", context)


def consultation_results_csv(request, pk: int):
    consultation = _get_consultation(pk)
    if not permissions.may_view_consultation(request.user, consultation) or not permissions.can_see_results(
        request.user, consultation
    ):
        raise PermissionDenied(_("Results will be published when this consultation closes."))
    results = selectors.consultation_results(consultation=consultation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-results.csv"'
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    exports.results_csv(response, consultation=consultation, results=results)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk: int = 0, label: str = "", object_id: int = 0):
    """Moderators set up a consultation: details and audience, then the questions (in draft)."""
    consultation = _get_consultation(pk) if pk else None
    target = consultation.target if consultation else _get_target(label, object_id)
    permissions.check_consultation(request.user, permissions.EDIT, consultation)
    form = ConsultationForm(request.POST or None, instance=consultation or Consultation(target=target))
    formset = None
    if consultation is None or consultation.stage == Consultation.Stage.DRAFT:  # questions are fixed once open
        initial = [_question_initial(q) for q in (consultation.questions.all() if consultation else [])]
        formset = QuestionFormSet(request.POST or None, initial=initial, prefix="questions")
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        saved = _consultation_save(request, form, formset, consultation=consultation, target=target)
        if saved is not None:
            messages.success(request, _("The consultation has been saved."))
            return HttpResponseRedirect(reverse("engagement:consultation-edit", kwargs={"pk": saved.pk}))
    context = {
        "form": form,
        "formset": formset,
        "consultation": consultation,
        "target": target,
        "next_stages": _stage_buttons(consultation),
    }
    invalid = form.errors or (formset is not None and formset.total_error_count())
    return render(request, "engagement/consultation_form.html", context, status=422 if invalid else 200)


def _question_initial(question) -> dict:
    return {
        "kind": question.kind,
        "prompt": question.prompt,
        "help_text": question.help_text,
        "required": question.required,
        "options": "\n".join(question.options),
    }


def _consultation_save(request, form, formset, *, consultation, target) -> Consultation | None:
    """Save the details and questions in one transaction; None (errors on the forms) if the
    rules refuse, with nothing saved."""
    data = dict(form.cleaned_data)
    areas = data.pop("audience_areas", None)
    organisations = data.pop("audience_organisations", None)
    try:
        with transaction.atomic():
            consultation = services.consultation_save(
                editor=request.user,
                consultation=consultation,
                target=target,
                audience_areas=areas,
                audience_organisations=organisations,
                **data,
            )
            if formset is not None:
                questions = [
                    {**f.cleaned_data, "options": f.cleaned_data.get("options", "").splitlines()}
                    for f in formset.forms
                    if f.cleaned_data.get("prompt") and not f.cleaned_data.get("DELETE")
                ]
                services.questions_set(editor=request.user, consultation=consultation, questions=questions)
    except ValidationError as exc:
        _add_errors(form, formset, exc)
        return None
    return consultation


def _add_errors(form, formset, exc) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, messages_ in exc.message_dict.items():
        if key in form.fields:
            form.add_error(key, messages_)
        else:
            form.add_error(None, messages_)  # question problems: shown at the top with the question text


def _stage_buttons(consultation) -> list[tuple[str, str]]:
    if consultation is None:
        return []
    stage = consultation.stage
    buttons = {
        Consultation.Stage.DRAFT: [("open", _("Open the consultation"))],
        Consultation.Stage.OPEN: [("closed", _("Close it now"))],
        Consultation.Stage.CLOSED: [("open", _("Reopen"))],
    }
    return buttons.get(stage, [])


@login_required
@require_POST
def consultation_stage(request, pk: int):
    consultation = _get_consultation(pk)
    try:
        services.consultation_set_stage(
            editor=request.user, consultation=consultation, stage=request.POST.get("stage", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The consultation is now: %(stage)s.") % {"stage": consultation.get_stage_display()}
        )
    return HttpResponseRedirect(reverse("engagement:consultation-edit", kwargs={"pk": consultation.pk}))


@require_POST
def support(request, label: str, object_id: int):
    target = _get_target(label, object_id)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{target.get_absolute_url()}#support")
    supporting = services.support_toggle(user=request.user, target=target)
    messages.success(request, _("You support this.") if supporting else _("You no longer support this."))
    return _back_to(target, "support")
