"""Public pages of street reports: the list with its filters, and each report with its history."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from gamification import forms, selectors
from pagecache import cache_page
from params import parse_id, parse_int

PER_PAGE = 50


@cache_page
def report_list(request):
    form = forms.filter_form(request.GET)
    form.is_valid()  # the fields that are valid still filter; the others say what was wrong
    filters = getattr(form, "cleaned_data", {})
    reports = selectors.report_list(
        service=filters.get("service", ""),
        status=filters.get("status", ""),
        area=filters.get("area", ""),
        age_days=int(filters["age"]) if filters.get("age") else None,
    )
    page = Paginator(reports, PER_PAGE).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    return render(request, "gamification/report_list.html", {"form": form, "page": page})


@cache_page
def report_detail(request, pk):
    report = selectors.report_detail(pk=parse_id(pk, name="pk"))
    if report is None:
        raise Http404(_("No report found."))
    return render(request, "gamification/report_detail.html", {"report": report})
