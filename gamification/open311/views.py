"""The Open311 GeoReport v2 server at /open311/v2/ (http://wiki.open311.org/GeoReport_v2).

discovery, services, services/{service_code}, requests (GET and POST), requests/{id} and
tokens/{token}, each as .xml or .json. Errors are the spec's list of {code, description} with
400 (a bad or missing parameter), 403 (a bad, missing or revoked api_key) or 404. Reads are
public and cached for visitors; writes need a partner key, are rate limited per key, and are
logged with it (gamification.models.PartnerWrite)."""

import re
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from gamification import selectors, services
from gamification.models import PartnerKey, Report, Service
from gamification.open311 import formats
from params import BadParameter, parse_float, parse_ids
from places.models import Area
from places.selectors import area_point

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_WINDOW = timedelta(days=90)
LIMIT = 1000
WRITE_RATE = "120/m"
_CODE = re.compile(r"[A-Za-z0-9_-]{1,60}", re.ASCII)
_JURISDICTION = re.compile(r"[A-Za-z0-9._-]{1,100}", re.ASCII)


class Problem(Exception):
    """An Open311 error: HTTP status and the description for the client."""

    def __init__(self, status: int, description):
        super().__init__(str(description))
        self.status = status
        self.description = description


def _w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _jurisdiction(request) -> None:
    posted = request.POST.get("jurisdiction_id") if request.method == "POST" else None
    given = request.GET.get("jurisdiction_id", posted)
    if given is None or given == "":
        return
    if not _JURISDICTION.fullmatch(given):
        raise Problem(400, _("jurisdiction_id: give the jurisdiction's id, letters, digits, dots and dashes."))
    if given != settings.OPEN311_JURISDICTION:
        ours = settings.OPEN311_JURISDICTION
        raise Problem(404, _("jurisdiction_id: this server serves %(id)s only.") % {"id": ours})


def _endpoint(view):
    """Format check, jurisdiction check and every Problem or bad parameter as the spec's errors."""

    def wrapper(request, *args, fmt: str, **kwargs):
        if fmt not in formats.CONTENT_TYPES:
            return formats.errors([(404, _("Formats: xml or json."))], fmt="xml", status=404)
        try:
            _jurisdiction(request)
            return view(request, *args, fmt=fmt, **kwargs)
        except Problem as problem:
            return formats.errors([(problem.status, problem.description)], fmt=fmt, status=problem.status)
        except BadParameter as problem:
            return formats.errors([(400, f"{problem.name}: {problem.message}")], fmt=fmt, status=400)
        except ValidationError as problem:
            found = [(400, f"{name}: {' '.join(messages)}") for name, messages in problem.message_dict.items()]
            return formats.errors(found, fmt=fmt, status=400)
        except Http404:
            return formats.errors([(404, _("Not found."))], fmt=fmt, status=404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_http_methods(["GET", "HEAD"])
@_endpoint
def discovery(request, *, fmt: str):
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    changed = _w3c(settings.OPEN311_CHANGESET)
    document = {
        "changeset": changed,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": changed,
                "type": "production",
                "formats": list(formats.MEDIA_TYPES.values()),
            }
        ],
    }
    return formats.render(document, fmt=fmt, root="discovery", item="")


def _service_row(service: Service) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": any(a.variable for a in service.attributes.all()),
        "type": service.type,
        "keywords": ",".join(service.keyword_list),
        "group": service.group,
    }


@require_http_methods(["GET", "HEAD"])
@_endpoint
def service_list(request, *, fmt: str):
    rows = [_service_row(s) for s in selectors.services_listed()]
    return formats.render(rows, fmt=fmt, root="services", item="service")


@require_http_methods(["GET", "HEAD"])
@_endpoint
def service_definition(request, code: str, *, fmt: str):
    service = selectors.service_for_code(code=code) if _CODE.fullmatch(code) else None
    if service is None:
        raise Problem(404, _("service_code: no such service."))
    attributes = [
        {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description,
            "order": a.order,
            "description": a.description,
            "values": [{"key": v.get("key"), "name": v.get("name")} for v in a.values] if a.is_list else [],
        }
        for a in service.attributes.all()
    ]
    # The spec's service definition is one document, not a list: <service_definition> in XML.
    document = {"service_code": service.code, "attributes": attributes}
    return formats.render(document, fmt=fmt, root="service_definition", item="")


def _request_row(report: Report) -> dict:
    return {
        "service_request_id": str(report.pk),
        "status": report.open311_status,
        "status_notes": report.status_notes or str(report.get_status_display()),
        "service_name": report.service.name,
        "service_code": report.service.code,
        "description": report.description,
        "agency_responsible": report.agency_responsible,
        "service_notice": report.service_notice,
        "requested_datetime": _w3c(report.created_at),
        "updated_datetime": _w3c(report.updated_at),
        "expected_datetime": _w3c(report.expected_at),
        "address": report.address,
        "address_id": None,
        "zipcode": None,
        "lat": round(report.location.y, 6),
        "long": round(report.location.x, 6),
        "media_url": report.media_url,
    }


def _moment(raw: str | None, name: str) -> datetime | None:
    if raw is None or raw == "":
        return None
    moment = parse_datetime(raw) if len(raw) <= 40 else None
    if moment is None or moment.tzinfo is None:
        example = "2026-05-01T09:30:00Z"
        message = _("%(name)s: give a W3C date and time with its time zone, such as %(example)s.")
        raise Problem(400, message % {"name": name, "example": example})
    return moment


def _codes(raw: str | None, name: str) -> list[str]:
    codes = [c.strip() for c in (raw or "").split(",") if c.strip()]
    if len(codes) > 50 or any(not _CODE.fullmatch(c) for c in codes):
        raise Problem(400, _("%(name)s: give service codes, comma-separated.") % {"name": name})
    return codes


def _search(request) -> list[Report]:
    query = request.GET
    if query.get("service_request_id"):
        ids = parse_ids(query["service_request_id"].split(","), name="service_request_id", limit=LIMIT)
        return selectors.report_search(ids=ids)
    start, end = _moment(query.get("start_date"), "start_date"), _moment(query.get("end_date"), "end_date")
    if start and end and end < start:
        raise Problem(400, _("end_date: must not be before start_date."))
    if start and end and end - start > DEFAULT_WINDOW:
        raise Problem(400, _("start_date, end_date: ask for 90 days at most."))
    if start is None:  # the spec's default window: 90 days (or the first 1,000 requests)
        start = (end or timezone.now()) - DEFAULT_WINDOW
    statuses = sorted(set(_codes(query.get("status"), "status")))
    if any(s not in ("open", "closed") for s in statuses):
        raise Problem(400, _("status: open, closed or both, comma-separated."))
    return selectors.report_search(
        service_codes=_codes(query.get("service_code"), "service_code"),
        start=start,
        end=end,
        statuses=statuses if len(statuses) == 1 else None,
        limit=LIMIT,
    )


@csrf_exempt  # partners authenticate with api_key, never with cookies
@require_http_methods(["GET", "HEAD", "POST"])
@_endpoint
def requests(request, *, fmt: str):
    if request.method == "POST":
        return _create(request, fmt=fmt)
    rows = [_request_row(r) for r in _search(request)]
    return formats.render(rows, fmt=fmt, root="service_requests", item="request")


@require_http_methods(["GET", "HEAD"])
@_endpoint
def request_detail(request, pk: str, *, fmt: str):
    ids = parse_ids([pk], name="service_request_id", limit=1)
    report = selectors.report_public(pk=ids[0])
    if report is None:
        raise Problem(404, _("service_request_id: no such request."))
    return formats.render([_request_row(report)], fmt=fmt, root="service_requests", item="request")


@require_http_methods(["GET", "HEAD"])
@_endpoint
def token_detail(request, token: str, *, fmt: str):
    try:
        value = uuid.UUID(token)
    except ValueError as exc:
        raise Problem(404, _("token: no such token.")) from exc
    report = selectors.report_for_token(token=value)
    if report is None:
        raise Problem(404, _("token: no such token."))
    row = {"service_request_id": str(report.pk), "token": str(report.token)}
    return formats.render([row], fmt=fmt, root="service_requests", item="request")


def _partner(request) -> PartnerKey:
    key = request.POST.get("api_key", "")
    partner = PartnerKey.find(key[:200]) if key else None
    if partner is None or partner.revoked_at is not None:
        raise Problem(403, _("api_key: give a valid partner key (ask the council for one)."))
    limited = is_ratelimited(
        request, group="open311-write", key=lambda _g, _r: f"partner:{partner.pk}", rate=WRITE_RATE, increment=True
    )
    if limited:
        raise Problem(429, _("api_key: too many requests; try again in a minute."))
    return partner


def _answers(post) -> dict:
    answers: dict = {}
    for name in post:
        match = re.fullmatch(r"attribute\[([^\]]{1,60})\](\[\])?", name)
        if match:
            values = post.getlist(name)
            answers[match.group(1)] = values if match.group(2) or len(values) > 1 else values[0]
    return answers


def _location(post):
    lat, lng = post.get("lat"), post.get("long")
    if lat not in (None, "") or lng not in (None, ""):
        y = parse_float(lat, name="lat", minimum=-90, maximum=90)
        x = parse_float(lng, name="long", minimum=-180, maximum=180)
        return Point(x, y, srid=4326), post.get("address_string", "")
    address = (post.get("address_string") or "").strip()
    if address:
        area = Area.objects.filter(name__iexact=address[:200]).defer("geometry").first()
        if area is None:
            raise Problem(400, _("address_string: give lat and long, or the name of a ward or area here."))
        return area_point(area=area), area.name
    raise Problem(400, _("lat, long: a request needs a location (lat and long, or address_string)."))


def _create(request, *, fmt: str):
    post = request.POST
    for name, values in post.lists():  # multipart bodies too (the middleware reads urlencoded ones)
        if "\x00" in name or any("\x00" in value for value in values):
            raise Problem(400, _("%(name)s: must not contain a NUL character.") % {"name": name.replace("\x00", "")})
    partner = _partner(request)
    code = post.get("service_code", "")
    if not code:
        raise Problem(400, _("service_code: this is required."))
    service = selectors.service_for_code(code=code) if _CODE.fullmatch(code) else None
    if service is None:
        raise Problem(404, _("service_code: no such service."))
    point, address = _location(post)
    media_url = (post.get("media_url") or "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as exc:
            raise Problem(400, _("media_url: give a web address (http or https).")) from exc
    fields = ("email", "first_name", "last_name", "phone", "device_id", "account_id")
    contact = {k: post[k][:200] for k in fields if post.get(k)}
    report = services.report_submit(
        service=service,
        point=point,
        description=post.get("description", ""),
        address=address,
        answers=_answers(post),
        media_url=media_url,
        contact=contact,
        partner_key=partner,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    if service.type == Service.Type.BATCH:
        row = {"token": str(report.token), "service_notice": report.service_notice}
    else:
        row = {"service_request_id": str(report.pk), "service_notice": report.service_notice, "account_id": None}
    return formats.render([row], fmt=fmt, root="service_requests", item="request", status=201)
