"""Enquiry threads' pages: the inbox, a thread, a new enquiry, attachments and reports. Every rule
is in messaging.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation
from investors import forms, messaging, permissions, selectors
from investors.models import Message, Thread
from params import parse_id, parse_int


def _thread(request, pk) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("opportunity", "opportunity__promoter", "investor"),
        pk=parse_id(pk, name="thread"),
    )
    messaging.check_read(request.user, thread)
    return thread


@login_required
@require_http_methods(["GET"])
def inbox(request):
    page = Paginator(messaging.threads_for(request.user), 25).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    return render(request, "investors/inbox.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request, pk):
    thread = _thread(request, pk)
    form = forms.ReplyForm()
    status = 200
    if request.method == "POST":
        form = forms.ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                messaging.message_send(
                    user=request.user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as exc:
                forms.errors_into(form, exc)
            else:
                messages.success(request, _("Message sent."))
                return redirect(thread)
        status = 400
    messaging.thread_read(user=request.user, thread=thread)
    return render(
        request,
        "investors/thread.html",
        {"thread": thread, "thread_messages": messaging.messages_of(thread), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enquire(request, slug):
    opportunity = selectors.opportunity_detail(user=request.user, slug=slug)
    if opportunity is None:
        raise Http404(_("No opportunity found."))
    organisations = Organisation.objects.filter(pk__in=permissions.promoter_org_ids(request.user)).order_by("name")
    form = forms.EnquiryForm(request.POST or None, request.FILES or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            investor = next((o for o in organisations if o.pk == data.get("investor")), None)
            try:
                thread = messaging.thread_start(
                    user=request.user,
                    opportunity=opportunity,
                    subject=data["subject"],
                    body=data["body"],
                    investor=investor,
                    attachment=data.get("attachment"),
                )
            except ValidationError as exc:
                forms.errors_into(form, exc)
            else:
                messages.success(request, _("Enquiry sent. The promoter has been told; replies appear here."))
                return redirect(thread)
        status = 400
    else:
        form.initial["subject"] = _("Enquiry about %(title)s") % {"title": opportunity.title}
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": _("Send an enquiry"),
            "caption": opportunity.title,
            "intro": _(
                "Your message goes to the promoter's team and the council's investment team. They see your "
                "display name and organisation, never your email address."
            ),
            "submit_label": _("Send the enquiry"),
            "back_url": opportunity.get_absolute_url(),
            "multipart": True,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def attachment(request, pk, message_pk):
    thread = _thread(request, pk)
    message = get_object_or_404(Message, pk=parse_id(message_pk, name="message"), thread=thread, hidden_at__isnull=True)
    if not message.attachment:
        raise Http404(_("This message has no attachment."))
    with message.attachment.open("rb") as handle:
        data = handle.read()
    name = message.attachment.name.rsplit("/", 1)[-1]
    kind = "application/pdf" if name.lower().endswith(".pdf") else f"image/{name.rsplit('.', 1)[-1].lower()}"
    kind = kind.replace("image/jpg", "image/jpeg")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk, message_pk):
    thread = _thread(request, pk)
    message = get_object_or_404(Message, pk=parse_id(message_pk, name="message"), thread=thread)
    form = forms.ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                messaging.message_report(
                    user=request.user,
                    message=message,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                forms.errors_into(form, exc)
            else:
                messages.success(request, _("Thank you. A moderator will look at the message."))
                return redirect(thread)
        status = 400
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": _("Report a message"),
            "caption": thread.subject,
            "intro": _("From %(who)s: “%(excerpt)s”") % {"who": message.author_label, "excerpt": message.body[:200]},
            "submit_label": _("Report it"),
            "back_url": thread.get_absolute_url(),
        },
        status=status,
    )
