"""API plumbing shared by every app: the error format and the v1 root."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from params import BadParameter


def exception_handler(exc, context):
    """DRF's handler, plus: anything a client sent that a lower layer rejects becomes a 400."""

    if isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = PermissionDenied(detail=str(exc))  # keep the reason (e.g. "This consultation has closed.")
    if isinstance(exc, BadParameter):
        return Response({exc.name: [str(exc.message)]}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return response


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document /api/v1/ only (not Wagtail's admin API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
