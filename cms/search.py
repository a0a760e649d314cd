"""The site search page and `/api/v1/search/`: one box over every kind in SEARCHABLE_MODELS
(sitesearch/ ranks them as the reader may see them; this module only asks and shows)."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from params import parse_int
from places.models import Area
from sitesearch import engine

PER_PAGE = 20
MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False, strip=True)
    kind = forms.ChoiceField(label=_("Show"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"),
        required=False,
        to_field_name="code",
        empty_label=_("All of East Birmingham"),
        queryset=Area.objects.none(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (slug, kind.label) for slug, kind in engine.kinds().items()
        ]
        self.fields["area"].queryset = Area.objects.filter(kind__in=[Area.Kind.WARD, Area.Kind.DISTRICT]).order_by(
            "-kind", "name"
        )


def run(params, user) -> dict:
    """Validate the query string and search: {"form", "results", "page"} (results None if none asked)."""
    form = SearchForm(params)
    page_number = parse_int(params.get("page"), name="page", minimum=1, maximum=MAX_PAGE, default=1)
    if not form.is_valid() or not form.cleaned_data["q"]:
        return {"form": form, "results": None, "page": None}
    data = form.cleaned_data
    kind = data["kind"]
    offset = (page_number - 1) * PER_PAGE if kind else 0
    results = engine.search(
        data["q"],
        user=user,
        kinds_wanted=[kind] if kind else None,
        area=data["area"],
        offset=offset,
        limit=PER_PAGE if kind else engine.PER_KIND,
    )
    page = None
    if kind and results.groups:
        page = Paginator(range(results.groups[0].count), PER_PAGE).get_page(page_number)
    return {"form": form, "results": results, "page": page}


def search_page(request):
    context = run(request.GET, request.user)
    form = context["form"]
    keep = {k: v for k, v in (form.cleaned_data.items() if form.is_valid() else []) if v}
    if "area" in keep:
        keep["area"] = keep["area"].code
    context["query_string"] = urlencode(keep)
    # The header's search box shows the query here, and only here: on a list page a `q` is that
    # page's own filter (shown in its own box), and no other page reads it.
    context["site_search_query"] = form.data.get("q", "")
    return render(request, "cms/search.html", context)


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    status = serializers.CharField(help_text="The item's stage or status, as shown on the site")
    snippet = serializers.SerializerMethodField(help_text="Text around the match; `match` marks the query's words")
    score = serializers.FloatField(help_text="Relevance within its kind (comparable within one response)")

    def get_snippet(self, hit) -> list[dict]:
        return [{"text": segment.text, "match": segment.match} for segment in hit.snippet]


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.slug")
    label = serializers.CharField(source="kind.label")
    count = serializers.IntegerField()
    results = SearchHitSerializer(source="hits", many=True)


class SearchApi(APIView):
    """The site search: proposals, ideas, consultations, news and pages, ranked, grouped by kind.

    Only what the caller may see is searched (no hidden, held or draft items). Small typos and
    run-together words are corrected (`corrected`). With `kind`, one kind is paged (`page`).
    """

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="What to look for (up to 200 characters)", required=True),
            OpenApiParameter("kind", str, description="One kind: proposals, ideas, consultations, news, pages…"),
            OpenApiParameter("area", str, description="An area code (ward or district) to look in"),
            OpenApiParameter("page", int, description="Page of one kind's results (with `kind`)"),
        ],
        responses={200: SearchGroupSerializer(many=True)},
    )
    def get(self, request):
        context = run(request.query_params, request.user)
        form, results = context["form"], context["results"]
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        if results is None:
            raise ValidationError({"q": [str(_("Say what to look for."))]})
        page = context["page"]
        return Response(
            {
                "query": results.query,
                "corrected": results.corrected,
                "count": results.total,
                "page": page.number if page else None,
                "pages": page.paginator.num_pages if page else None,
                "groups": SearchGroupSerializer(results.groups, many=True).data,
            }
        )
