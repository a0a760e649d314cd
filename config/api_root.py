"""The /api/v1/ landing document: every endpoint, the schema and the licence of public data."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

# Every public list endpoint (name -> URL name). config sits on top, so it may know them all.
API_ENDPOINTS: dict[str, str] = {
    "areas": "area-list",
    "comments": "comment-list",
    "consultations": "consultation-list",
    "ideas": "idea-list",
    "idea_features": "idea-features",
    "idea_export_csv": "idea-export",
    "proposals": "proposal-list",
    "proposal_features": "proposal-features",
    "proposal_export_csv": "proposal-export",
    "kpis": "kpi-list",
    "observations": "observation-list",
    "datasets": "dataset-list",
    "scores": "score-list",
}


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, format=None):
    return Response(
        {
            "endpoints": {
                name: reverse(url_name, request=request, format=format)
                for name, url_name in sorted(API_ENDPOINTS.items())
            },
            "schema": reverse("schema", request=request),
            "docs": reverse("api-docs", request=request),
            "licence": f"{settings.OPEN_DATA_LICENCE} — {settings.OPEN_DATA_LICENCE_URL}",
        }
    )
