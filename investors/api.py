"""Opportunities in the API: the published list with the listing's filters (invalid ones are a
400 that names them), and one opportunity with its stated and net local effects, its impact
score's lines and the sources and dates of the figures used. Drafts: their promoter and
moderators only, as on the pages."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from investors import additionality, forms, selectors
from investors.models import Opportunity
from places.models import Area
from twin import selectors as twin_selectors
from twin.permissions import figure_access

FILTERS = [
    OpenApiParameter(name, str, description=text)
    for name, text in (
        ("sector", "A sector code, e.g. energy"),
        ("investment_type", "equity, debt, grant, ppp, community_shares or crowdfunding"),
        ("scale_band", "under_1m, 1m_10m, 10m_50m, 50m_100m or over_100m"),
        ("area", "A ward's ONS code"),
        ("planning_status", "not_needed, pre_application, submitted, outline or full"),
        ("decision_time", "now, 6m, 12m, 24m or later"),
        ("min_score", "The lowest impact score, −100 to 100"),
        ("sort", "score (default) or newest"),
    )
]


class Pagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class OpportunityListApi(generics.ListAPIView):
    """Published opportunities, filtered and sorted like the listing."""

    @extend_schema_serializer(component_name="OpportunityListItem")
    class OutputSerializer(serializers.ModelSerializer):
        promoter = serializers.CharField(source="promoter.name")
        url = serializers.CharField(source="get_absolute_url")
        effects = serializers.DictField(read_only=True)

        class Meta:
            model = Opportunity
            fields = [
                "id", "slug", "title", "summary", "sector", "sub_sector", "investment_type", "scale_min_gbp",
                "scale_max_gbp", "scale_band", "planning_status", "decision_time", "promoter", "impact_score",
                "effects", "published_at", "url",
            ]  # fmt: skip

    permission_classes = [AllowAny]
    serializer_class = OutputSerializer
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        areas = Area.objects.filter(kind=Area.Kind.WARD).only("code", "name")
        form = forms.OpportunityFilterForm(
            self.request.query_params or None, bands=selectors.scale_bands(), areas=areas
        )
        if form.is_bound and not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        f = form.cleaned_data if form.is_bound else {}
        return selectors.opportunity_list(
            user=self.request.user,
            sector=f.get("sector", ""),
            investment_type=f.get("investment_type", ""),
            scale_band=f.get("scale_band", ""),
            area_code=f.get("area", ""),
            planning_status=f.get("planning_status", ""),
            decision_time=f.get("decision_time", ""),
            min_score=f.get("min_score"),
            sort=f.get("sort") or "score",
        )

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OpportunityDetailApi(APIView):
    """One opportunity with its effects, as stated and as scored, and its impact score explained:
    each line's KPI, change and coefficient source, and each observation's value, period and source."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug):
        opportunity = selectors.opportunity_detail(user=request.user, slug=slug[:180])
        if opportunity is None:
            raise Http404
        factors, _row = selectors.additionality_current()
        _net, lines = additionality.net_effects(opportunity.effects, factors)
        run = twin_selectors.current_score(opportunity)
        explained = twin_selectors.score_explained(run, access=figure_access(request.user)) if run else None
        score = None
        if run is not None:
            score = {
                "total": run.total,
                "calculated_at": run.created_at,
                "lines": [
                    {
                        "effect": line["effect"],
                        "value": line["value"],
                        "kpi": line["kpi"],
                        "kpi_name": line.get("kpi_name"),
                        "change": line.get("change"),
                        "source": line.get("source"),
                        "source_url": line.get("source_url"),
                    }
                    for line in explained["effect_lines"]
                ],
                "observations": [
                    {
                        "kpi": o.kpi.code,
                        "area": o.area.code,
                        "value": o.value,
                        "period_start": o.period_start,
                        "period_end": o.period_end,
                        "source": o.source.name,
                        "licence": o.source.licence,
                    }
                    for o in explained["observations"]
                ],
                "explained_at": request.build_absolute_uri(f"/twin/scores/investors.opportunity/{opportunity.pk}/"),
            }
        return Response(
            {
                "id": opportunity.pk,
                "slug": opportunity.slug,
                "title": opportunity.title,
                "summary": opportunity.summary,
                "status": opportunity.status,
                "sector": opportunity.sector,
                "investment_type": opportunity.investment_type,
                "scale": [opportunity.scale_min_gbp, opportunity.scale_max_gbp],
                "planning_status": opportunity.planning_status,
                "decision_time": opportunity.decision_time,
                "promoter": opportunity.promoter.name,
                "areas": [a.code for a in opportunity.areas.all()],
                "additionality": {
                    "method": "net = gross × (1 − leakage) × (1 − displacement) × (1 − deadweight) × multiplier",
                    "source": additionality.GUIDE_URL,
                    "leakage": float(factors.leakage),
                    "displacement": float(factors.displacement),
                    "deadweight": float(factors.deadweight),
                    "multiplier": float(factors.multiplier),
                },
                "effects": [
                    {"effect": line.effect, "stated": line.gross, "scored": line.net, "netted": line.netted}
                    for line in lines
                ],
                "score": score,
                "url": request.build_absolute_uri(opportunity.get_absolute_url()),
            }
        )
