"""Operational endpoints (/health/ for load balancers and monitoring), public uploads and error pages."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.static import serve

from config.celery import app
from gamification.models import Report
from proposals.models import Idea


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "engine": connection.vendor}


def _check_cache():
    key = "health:probe"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was written")
    return {"status": "ok", "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "ok", "mode": "eager"}

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"status": "ok", "mode": "broker"}


@never_cache
def live(request):
    """Liveness: the process answers. No database, no middleware work – also the benchmark floor."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def health(request):
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        started = time.monotonic()
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is a reportable status
            healthy = False
            checks[name] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
        checks[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "Server error. Nothing was saved; try again later."}, status=500)
    return defaults.server_error(request)


# Public uploads on this server's own disk (no object storage): report and idea photos, proposal
# images and documents, Wagtail's images. Only these folders; each answer says what it is.
PUBLIC_MEDIA_FOLDERS = {"reports", "ideas", "proposals", "images", "original_images"}


def _hidden_owner(parts: list[str]) -> bool:
    """A photo of a report or idea a moderator hid goes with it."""
    if len(parts) < 3 or not parts[1].isascii() or not parts[1].isdigit() or len(parts[1]) > 18:
        return False
    owner = {"reports": Report, "ideas": Idea}.get(parts[0])
    return owner is not None and owner.all_objects.filter(pk=int(parts[1]), hidden_at__isnull=False).exists()


def media(request, path):
    parts = path.split("/")
    if parts[0] not in PUBLIC_MEDIA_FOLDERS or any(part in ("", ".", "..") for part in parts) or "\x00" in path:
        raise Http404("Not found")
    if _hidden_owner(parts):
        raise Http404("Not found")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
