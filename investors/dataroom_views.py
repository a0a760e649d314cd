"""The data room's pages: documents, grants and the access log. Every rule is in dataroom.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from investors import dataroom, forms, selectors
from investors.models import DataRoomDocument, DataRoomGrant, Message
from params import parse_id


def _opportunity(request, slug):
    opportunity = selectors.opportunity_detail(user=request.user, slug=slug)
    if opportunity is None:
        raise Http404(_("No opportunity found."))
    return opportunity


def _enquirers(opportunity) -> list[tuple]:
    """People who have written to the promoter about this opportunity (for the grant form), by
    their name as it appears in the thread, never by email address."""
    seen, people = set(), []
    rows = (
        Message.objects.filter(thread__opportunity=opportunity, side=Message.Side.INVESTOR, author__isnull=False)
        .select_related("author")
        .order_by("author_label")
    )
    for message in rows:
        if message.author_id not in seen:
            seen.add(message.author_id)
            people.append((message.author, message.author_label))
    return people


def _room_url(opportunity) -> str:
    return reverse("investors:dataroom", kwargs={"slug": opportunity.slug})


@login_required
@require_http_methods(["GET"])
def room(request, slug):
    return _room(request, _opportunity(request, slug))


def _room(request, opportunity, *, document_form=None, grant_form=None, status=200):
    access = dataroom.access_for(request.user, opportunity)
    context = {"opportunity": opportunity, "access": access}
    if access.view:
        context["documents"] = list(dataroom.documents_of(opportunity))
    if access.manage:
        enquirers = _enquirers(opportunity)
        context.update(
            document_form=document_form or forms.DocumentForm(),
            grant_form=grant_form or forms.GrantForm(enquirers=enquirers),
            grants=list(dataroom.grants_of(opportunity)),
            log=list(dataroom.log_of(opportunity)[:50]),
        )
    return render(request, "investors/dataroom.html", context, status=status)


@login_required
@require_POST
def upload(request, slug):
    opportunity = _opportunity(request, slug)
    dataroom.check_manage(request.user, opportunity)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            dataroom.document_add(
                user=request.user,
                opportunity=opportunity,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            forms.errors_into(form, exc)
        else:
            messages.success(request, _("Uploaded to the data room."))
            return redirect(_room_url(opportunity))
    return _room(request, opportunity, document_form=form, status=400)


@login_required
@require_POST
def grant(request, slug):
    opportunity = _opportunity(request, slug)
    dataroom.check_manage(request.user, opportunity)
    enquirers = _enquirers(opportunity)  # the form's choices, and who may be chosen
    form = forms.GrantForm(request.POST, enquirers=enquirers)
    if form.is_valid():
        data = form.cleaned_data
        grantee = None
        if data.get("enquirer"):
            grantee = next((u for u, _label in enquirers if u.pk == data["enquirer"]), None)
        elif data.get("email"):
            grantee = User.objects.filter(email__iexact=data["email"], is_active=True).first()
            if grantee is None:
                form.add_error("email", _("No account uses that email address. Ask them to create one first."))
        if grantee is not None:
            try:
                dataroom.grant_set(
                    user=request.user,
                    opportunity=opportunity,
                    grantee=grantee,
                    level=data["level"],
                    expires_on=data.get("expires_on"),
                )
            except ValidationError as exc:
                forms.errors_into(form, exc, rename={"grantee": "enquirer"})
            else:
                messages.success(request, _("Access given. They have been told."))
                return redirect(_room_url(opportunity))
    return _room(request, opportunity, grant_form=form, status=400)


@login_required
@require_POST
def revoke(request, slug, pk):
    opportunity = _opportunity(request, slug)
    grant_row = get_object_or_404(DataRoomGrant, pk=parse_id(pk, name="grant"), opportunity=opportunity)
    dataroom.grant_revoke(user=request.user, grant=grant_row)
    messages.success(request, _("Access withdrawn."))
    return redirect(_room_url(opportunity))


@login_required
@require_POST
def remove(request, slug, pk):
    opportunity = _opportunity(request, slug)
    document = get_object_or_404(DataRoomDocument, pk=parse_id(pk, name="document"), opportunity=opportunity)
    dataroom.document_remove(user=request.user, document=document)
    messages.success(request, _("Removed from the data room."))
    return redirect(_room_url(opportunity))


def _serve(request, slug, pk, *, download: bool):
    opportunity = _opportunity(request, slug)
    document = get_object_or_404(
        DataRoomDocument, pk=parse_id(pk, name="document"), opportunity=opportunity, removed_at__isnull=True
    )
    data, _text = dataroom.document_copy(user=request.user, document=document, download=download)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(download, f"{document.file.name.rsplit('/', 1)[-1]}")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def view(request, slug, pk):
    return _serve(request, slug, pk, download=False)


@login_required
@require_http_methods(["GET"])
def download(request, slug, pk):
    return _serve(request, slug, pk, download=True)


@login_required
@require_http_methods(["GET"])
def log_csv(request, slug):
    opportunity = _opportunity(request, slug)
    response = HttpResponse(dataroom.log_csv(user=request.user, opportunity=opportunity), content_type="text/csv")
    response["Content-Disposition"] = content_disposition_header(True, f"data-room-log-{opportunity.slug[:80]}.csv")
    response["Cache-Control"] = "private, no-store"
    return response
