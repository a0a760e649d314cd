"""Profile, language, personal data and organisation pages."""

import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import AccountDeleteForm, LanguageForm, MembershipAddForm, OrganisationForm, ProfileForm
from accounts.middleware import LANGUAGE_SESSION_KEY
from accounts.models import Membership, Organisation, User
from accounts.permissions import can_manage_organisation, check_manage_organisation
from pagecache import cache_page
from params import parse_id


# --- Profile -------------------------------------------------------------------------------------
@login_required
def profile(request):
    user = request.user
    prof = user.profile
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(
                user=user,
                home_area=form.cleaned_data["home_area"],
                language=form.cleaned_data["language"],
                display_name=form.cleaned_data["display_name"],
                on_leaderboards=form.cleaned_data["on_leaderboards"],
            )
            _remember_language(request, form.cleaned_data["language"])
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "home_area": prof.home_area_id,
                "language": prof.language,
                "on_leaderboards": prof.on_leaderboards,
            }
        )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": prof, "priorities": prof.ranked_priorities},
    )


@login_required
@require_POST
def priority_move(request):
    theme, _sep, direction = request.POST.get("move", "").partition(":")
    try:
        services.priority_move(user=request.user, theme=theme, direction=direction)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:profile")
    priorities = request.user.profile.ranked_priorities
    if request.htmx:
        return render(
            request, "accounts/_priorities.html", {"priorities": priorities, "moved": theme, "announce": True}
        )
    messages.success(request, _("Your priorities have been updated."))
    return HttpResponseRedirect(f"{reverse('accounts:profile')}#priority-{theme}")


def _remember_language(request, language: str) -> None:
    if language:
        request.session[LANGUAGE_SESSION_KEY] = language
    else:
        request.session.pop(LANGUAGE_SESSION_KEY, None)


@require_http_methods(["GET", "POST"])
def language_set(request):
    """Switch language; for a signed-in person the choice is saved on their profile. The switcher
    is a set of plain links (GET), so pages carry no CSRF token and can be cached for visitors;
    choosing a language is harmless if forged."""
    data = request.POST if request.method == "POST" else request.GET
    form = LanguageForm(data)
    next_url = data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        translation.activate(language)
        if request.user.is_authenticated:
            services.language_remember(user=request.user, language=language)
            _remember_language(request, language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


# --- Personal data -------------------------------------------------------------------------------
@login_required
def data_overview(request):
    return render(request, "accounts/data.html", {})


@login_required
def data_download(request):
    document = services.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False, default=str), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="civic-twin-my-data-{stamp}.json"'
    return response


@login_required
@reauthentication_required
def account_delete(request):
    if request.method == "POST":
        form = AccountDeleteForm(request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_erase(user=user)
            messages.success(request, _("Your account and personal data have been deleted."))
            return redirect("/")
    else:
        form = AccountDeleteForm()
    return render(request, "accounts/delete.html", {"form": form})


# --- Organisations -------------------------------------------------------------------------------
@cache_page
def organisation_list(request):
    kind = request.GET.get("kind", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.organisation_list(kind=kind, query=query), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {"page": page, "kind": kind, "query": query, "kinds": Organisation.Kind.choices},
    )


@cache_page
def organisation_detail(request, slug):
    try:
        organisation = selectors.organisation_with_members(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404(_("No organisation found.")) from exc
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "can_manage": can_manage_organisation(request.user, organisation)},
    )


@login_required
def organisation_create(request):
    if request.method == "POST":
        form = OrganisationForm(request.POST, user=request.user)
        if form.is_valid():
            organisation = services.organisation_create(creator=request.user, **form.cleaned_data)
            messages.success(request, _("%(name)s has been created. You are its admin.") % {"name": organisation.name})
            return redirect("organisations:detail", slug=organisation.slug)
    else:
        form = OrganisationForm(user=request.user)
    return render(request, "accounts/organisation_form.html", {"form": form})


def _get_organisation_for_manager(request, slug) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    check_manage_organisation(request.user, organisation)
    return organisation


@login_required
def organisation_edit(request, slug):
    organisation = _get_organisation_for_manager(request, slug)
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=organisation, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your changes have been saved."))
            return redirect("organisations:detail", slug=organisation.slug)
    else:
        form = OrganisationForm(instance=organisation, user=request.user)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_members(request, slug):
    organisation = _get_organisation_for_manager(request, slug)
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)  # field errors land on their fields
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": membership.user.display_name})
            return redirect("organisations:members", slug=slug)
    organisation = selectors.organisation_with_members(slug=slug)
    return render(
        request,
        "accounts/organisation_members.html",
        {"organisation": organisation, "form": form, "roles": Membership.Role.choices},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def organisation_member_update(request, slug, membership_id):
    organisation = _get_organisation_for_manager(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.membership_remove(membership=membership)
            messages.success(request, _("%(name)s has been removed.") % {"name": membership.user.display_name})
        else:
            services.membership_change_role(membership=membership, role=request.POST.get("role", ""))
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user.display_name, "role": membership.get_role_display().lower()},
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisations:members", slug=slug)


# --- Verified residents (moderators) -----------------------------------------------------------------
@login_required
def verify_residents(request):
    """Moderators find a person by email or display name and record that they checked the person
    lives in the district (for consultations open to verified residents only)."""

    if not request.user.has_perm("accounts.verify_resident"):
        raise PermissionDenied(_("Only moderators can verify residents."))
    if request.method == "POST":
        person = get_object_or_404(User, pk=parse_id(request.POST.get("user"), name="user"))
        verified = request.POST.get("verified") == "1"
        services.resident_verify(user=person, verified_by=request.user, verified=verified)
        messages.success(
            request,
            _("%(name)s is now a verified resident.") % {"name": person.display_name}
            if verified
            else _("%(name)s is no longer marked as a verified resident.") % {"name": person.display_name},
        )
        return redirect(f"{reverse('accounts:verify-residents')}?q={request.POST.get('q', '')}")
    query = request.GET.get("q", "").strip()[:100]
    people = []
    if len(query) >= 3:
        people = list(
            User.objects.filter(is_active=True)
            .filter(models.Q(email__icontains=query) | models.Q(display_name__icontains=query))
            .select_related("profile__home_area")
            .order_by("display_name")[:25]
        )
    return render(request, "accounts/verify_residents.html", {"query": query, "people": people})
