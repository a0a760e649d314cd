"""Crowdfunding campaigns' pages: the campaign with its pledge form, and the group's set-up.
Every rule is in campaigns.py."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from investors import campaigns, forms, permissions, selectors
from investors.models import Campaign
from params import BadParameter, parse_id, parse_int

ITEM_ROWS = 8  # cost-item rows on the set-up form


def _opportunity(request, slug):
    opportunity = selectors.opportunity_detail(user=request.user, slug=slug)
    if opportunity is None:
        raise Http404(_("No opportunity found."))
    return opportunity


def _campaign(opportunity) -> Campaign:
    campaign = Campaign.objects.filter(opportunity=opportunity).select_related("opportunity").first()
    if campaign is None:
        raise Http404(_("This opportunity has no crowdfunding campaign."))
    return campaign


@require_http_methods(["GET", "POST"])
def campaign_page(request, slug):
    opportunity = _opportunity(request, slug)
    campaign = _campaign(opportunity)
    pledge = campaigns.pledge_of(request.user, campaign)
    form = forms.PledgeForm(initial={"amount_gbp": pledge.amount_gbp} if pledge else None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if "withdraw" in request.POST:
            try:
                campaigns.pledge_set(user=request.user, campaign=campaign, amount_gbp=None)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
            else:
                messages.success(request, _("Your pledge is withdrawn."))
            return redirect(campaign)
        form = forms.PledgeForm(request.POST)
        if form.is_valid():
            try:
                pledge, notes = campaigns.pledge_set(
                    user=request.user, campaign=campaign, amount_gbp=form.cleaned_data["amount_gbp"]
                )
            except ValidationError as exc:
                forms.errors_into(form, exc)
            else:
                thanks = _("Thank you: your pledge of £%(n)s is recorded.") % {"n": f"{pledge.amount_gbp:,}"}
                messages.success(request, " ".join([thanks, *notes]))
                return redirect(campaign)
        status = 400
    return render(
        request,
        "investors/campaign.html",
        {
            "opportunity": opportunity,
            "campaign": campaign,
            "items": list(campaign.cost_items.all()),
            "funds": campaigns.fund_status(campaign),
            "pledge": pledge,
            "form": form,
            "open": campaign.is_open() and opportunity.status == "published",
            "may_edit": permissions.may_edit(request.user, opportunity),
        },
        status=status,
    )


def _deadline(raw_date: str, raw_time: str):
    try:
        day = datetime.date.fromisoformat((raw_date or "").strip())
        at = datetime.time.fromisoformat((raw_time or "").strip() or "23:59")
    except ValueError:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _items(post) -> tuple[list[dict], list[dict]]:
    """The cost-item rows as typed (to show again) and as values (for the service)."""
    rows, values = [], []
    for n in range(ITEM_ROWS):
        label = (post.get(f"item-{n}-label") or "").strip()[:200]
        raw = (post.get(f"item-{n}-amount") or "").strip().replace(",", "").lstrip("£")
        required = post.get(f"item-{n}-required") == "on"
        rows.append({"n": n, "label": label, "amount": raw[:12], "required": required})
        if label or raw:
            try:  # a bad figure becomes -1, which the service refuses with the row's number
                amount = parse_int(raw, name=f"item-{n}-amount", minimum=0, maximum=campaigns.MAX_ITEM_GBP)
            except BadParameter:
                amount = -1
            values.append({"label": label, "amount_gbp": amount, "required": required})
    return rows, values


@login_required
@require_http_methods(["GET", "POST"])
def campaign_setup(request, slug):
    opportunity = _opportunity(request, slug)
    if not permissions.may_edit(request.user, opportunity):
        raise PermissionDenied(_("A campaign is set up by the group's members while the opportunity is a draft."))
    campaign = Campaign.objects.filter(opportunity=opportunity).first()
    idea = None
    if request.GET.get("idea"):
        idea = campaigns.idea_for_campaign(user=request.user, idea_id=parse_id(request.GET["idea"], name="idea"))
    errors, status = {}, 200
    if request.method == "POST":
        rows, values = _items(request.POST)
        deadline = _deadline(request.POST.get("deadline_date"), request.POST.get("deadline_time"))
        date_raw, time_raw = request.POST.get("deadline_date", "")[:20], request.POST.get("deadline_time", "")[:10]
        try:
            if deadline is None:
                raise ValidationError({"deadline": _("Enter the deadline as a date, for example 2027-03-31.")})
            campaigns.campaign_save(
                user=request.user, opportunity=opportunity, deadline=deadline, items=values, source=idea
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            messages.success(request, _("Campaign saved. Submit the opportunity for review when it is ready."))
            return redirect(opportunity)
    else:
        items = list(campaign.cost_items.all()) if campaign else []
        rows = [
            {"n": n, "label": i.label, "amount": str(i.amount_gbp), "required": i.required} for n, i in enumerate(items)
        ]
        rows += [
            {"n": n, "label": "", "amount": "", "required": n == 0 and not items} for n in range(len(rows), ITEM_ROWS)
        ]
        local = timezone.localtime(campaign.deadline) if campaign else None
        date_raw = local.date().isoformat() if local else ""
        time_raw = local.strftime("%H:%M") if local else "18:00"
    return render(
        request,
        "investors/campaign_setup.html",
        {
            "opportunity": opportunity,
            "rows": rows,
            "deadline_date": date_raw,
            "deadline_time": time_raw,
            "errors": errors,
            "idea": idea,
        },
        status=status,
    )
