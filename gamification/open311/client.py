"""The Open311 GeoReport v2 client (http://wiki.open311.org/GeoReport_v2): reports in a category
routed to a council's own system are POSTed to its `requests` resource, and updates are pulled
back from it.

Sending: one attempt per call, under a row lock (two workers never send one report twice). A
connection failure, a timeout, a 5xx or a 429 is temporary: the send waits (BACKOFF) and tries
again, up to MAX_ATTEMPTS; anything else the endpoint refuses (a 4xx with the spec's errors) is
permanent. A permanent failure, or the last temporary one, emails the report to the endpoint's
fallback address instead, so no report is lost. The send's state, attempts, last error and the
service_request_id or token that came back are recorded (gamification.models.Open311Send).

Pulling: tokens are exchanged for ids (`tokens/{token}`), then our sent reports are read back by
id in batches (`requests?service_request_id=a,b,c`). A request whose `updated_datetime` is not
newer than the last one applied is skipped (de-duplicated); a newer one moves our report through
the endpoint's status map with its `status_notes` as the public note, and the reporter and
followers are told as for any change."""

import logging
from datetime import timedelta

import requests
from defusedxml import ElementTree
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gamification import services
from gamification.models import Open311Endpoint, Open311Send, Report
from pagecache import safely

logger = logging.getLogger(__name__)
TIMEOUT = (5, 20)  # seconds to connect, to read
MAX_ATTEMPTS = 6
BACKOFF = [60, 120, 300, 900, 1800, 3600]  # after the 1st, 2nd… failed attempt: about two hours in all
BATCH = 50  # service_request_ids per pull request
PULL_CLOSED_FOR = timedelta(days=30)  # closed here longer than this: no longer pulled
DEFAULT_STATUS_MAP = {"closed": "closed"}  # GeoReport v2 has two states; "open" is handled below
USER_AGENT = "CivicTwin-Open311-client/1.0"
State = Open311Send.State


class Temporary(Exception):
    pass


class Permanent(Exception):
    pass


def _url(endpoint: Open311Endpoint, resource: str) -> str:
    return endpoint.base_url.rstrip("/") + f"/{resource}.{endpoint.format}"


def _rows(endpoint: Open311Endpoint, response) -> list[dict]:
    """The list of dicts a GeoReport v2 document holds (`service_requests` or `errors`)."""
    if endpoint.format == Open311Endpoint.Format.JSON:
        document = response.json()
        return document if isinstance(document, list) else [document]
    root = ElementTree.fromstring(response.content)
    return [{child.tag: (child.text or "") for child in item} for item in root]


def _problem(endpoint, response) -> str:
    try:
        rows = _rows(endpoint, response)
        described = "; ".join(f"{r.get('code', '')} {r.get('description', '')}".strip() for r in rows)
    except (ValueError, ElementTree.ParseError):
        described = response.text[:200]
    return f"HTTP {response.status_code}: {described}"[:500]


def _request(endpoint, method: str, resource: str, **kwargs):
    """One HTTP exchange; Temporary or Permanent for a failure, the response otherwise."""
    try:
        response = requests.request(
            method, _url(endpoint, resource), timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, **kwargs
        )
    except requests.RequestException as exc:
        raise Temporary(f"{type(exc).__name__}: {exc}"[:500]) from exc
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise Temporary(_problem(endpoint, response))
    if response.status_code >= 400:
        raise Permanent(_problem(endpoint, response))
    try:
        return _rows(endpoint, response)
    except (ValueError, ElementTree.ParseError) as exc:
        raise Temporary(f"not a GeoReport v2 document: {exc}"[:500]) from exc


def _their_questions(endpoint: Open311Endpoint, code: str) -> set[str]:
    """The attribute codes the endpoint's service asks for (its service definition), cached for
    an hour: our answers to questions it does not ask would be refused (the spec's 400)."""
    key = f"open311:questions:{endpoint.pk}:{endpoint.base_url}:{code}"
    known = safely(lambda: cache.get(key))
    if known is not None:
        return set(known)
    try:
        response = requests.get(
            _url(endpoint, f"services/{code}"),
            params=_jurisdiction(endpoint),
            timeout=TIMEOUT,
            headers={"User-Agent": USER_AGENT},
        )
    except requests.RequestException as exc:
        raise Temporary(f"{type(exc).__name__}: {exc}"[:500]) from exc
    if response.status_code == 404:
        raise Permanent(_problem(endpoint, response))
    if response.status_code >= 400:
        raise Temporary(_problem(endpoint, response))
    try:
        if endpoint.format == Open311Endpoint.Format.JSON:
            document = response.json()
            attributes = document.get("attributes", []) if isinstance(document, dict) else []
            codes = {
                str(a.get("code")) for a in attributes if isinstance(a, dict) and a.get("variable", True) is not False
            }
        else:
            root = ElementTree.fromstring(response.content)
            codes = {
                (a.findtext("code") or "")
                for a in root.iter("attribute")
                if (a.findtext("variable") or "true").strip().lower() != "false"
            }
    except (ValueError, AttributeError, ElementTree.ParseError) as exc:
        raise Temporary(f"not a GeoReport v2 service definition: {exc}"[:500]) from exc
    codes.discard("")
    safely(lambda: cache.set(key, sorted(codes), 3600))
    return codes


def _fields(report: Report, endpoint: Open311Endpoint) -> list[tuple[str, str]]:
    """The POST body: the spec's fields; answers to the questions their service asks as
    attribute[code] (a list's answers repeated as attribute[code][]), answers to ours it does
    not ask added to the description in words; the reporter's email for the council's officers."""
    service = report.service
    code = service.external_code or service.code
    theirs = _their_questions(endpoint, code)
    ours = {a.code: a for a in service.attributes.all()}
    sent, in_words = [], []
    for key, value in (report.attributes or {}).items():
        if key in theirs:
            values = value if isinstance(value, list) else [value]
            name = f"attribute[{key}][]" if isinstance(value, list) else f"attribute[{key}]"
            sent += [(name, str(v)) for v in values]
        else:
            in_words.append(_in_words(ours.get(key), key, value))
    description = "\n\n".join(part for part in [report.description, "\n".join(in_words)] if part)
    fields = [
        ("service_code", code),
        ("lat", f"{report.location.y:.6f}"),
        ("long", f"{report.location.x:.6f}"),
        ("description", description[:4000]),
        *sent,
    ]
    if endpoint.api_key:
        fields.append(("api_key", endpoint.api_key))
    if endpoint.jurisdiction_id:
        fields.append(("jurisdiction_id", endpoint.jurisdiction_id))
    if report.address:
        fields.append(("address_string", report.address))
    photo = report.photos.first()
    if photo is not None:
        fields.append(("media_url", settings.SITE_URL.rstrip("/") + photo.image.url))
    elif report.media_url:
        fields.append(("media_url", report.media_url))
    if report.reporter is not None and report.reporter.email:
        fields.append(("email", report.reporter.email))
    return fields


def _in_words(attribute, code: str, value) -> str:
    """An answer as a line a person reads: the question, then the chosen names."""
    if attribute is None:
        return f"{code}: {value}"
    names = {str(v.get("key")): str(v.get("name")) for v in attribute.values if isinstance(v, dict)}
    values = value if isinstance(value, list) else [value]
    return f"{attribute.description} {', '.join(names.get(str(v), str(v)) for v in values)}"


def send_once(*, report_id: int) -> str:
    """One attempt to send a report; returns the send's state afterwards."""
    with transaction.atomic():
        send = (
            Open311Send.objects.select_for_update(of=("self",))
            .select_related("endpoint", "report__service", "report__reporter")
            .prefetch_related("report__service__attributes")
            .filter(report_id=report_id)
            .first()
        )
        if send is None or send.state in (State.SENT, State.EMAILED):
            return send.state if send else ""
        send.attempts += 1
        try:
            rows = _request(send.endpoint, "POST", "requests", data=_fields(send.report, send.endpoint))
            answer = rows[0] if rows else {}
            external_id, token = str(answer.get("service_request_id") or ""), str(answer.get("token") or "")
            if not external_id and not token:
                raise Temporary("the answer held neither service_request_id nor token")
        except Temporary as problem:
            _failed(send, str(problem), permanent=send.attempts >= MAX_ATTEMPTS)
        except Permanent as problem:
            _failed(send, str(problem), permanent=True)
        else:
            send.state, send.external_id, send.token = State.SENT, external_id[:100], token[:100]
            send.sent_at, send.next_attempt_at, send.last_error = timezone.now(), None, ""
            logger.info("open311: report %s sent to %s as %s", report_id, send.endpoint, external_id or token)
        send.save()
        return send.state


def _failed(send: Open311Send, problem: str, *, permanent: bool) -> None:
    send.last_error = problem[:500]
    if not permanent:
        send.state = State.RETRYING
        send.next_attempt_at = timezone.now() + timedelta(seconds=BACKOFF[min(send.attempts, len(BACKOFF)) - 1])
        logger.warning("open311: report %s attempt %s failed: %s", send.report_id, send.attempts, problem)
        return
    send.state, send.next_attempt_at = State.EMAILED, None
    logger.error(
        "open311: report %s not sent (%s); emailed to %s", send.report_id, problem, send.endpoint.fallback_email
    )
    transaction.on_commit(lambda: _email(send.report, send.endpoint, problem))


def _email(report: Report, endpoint: Open311Endpoint, problem: str) -> None:
    lines = [
        f"Street report {report.pk}: {report.service.name}",
        f"Where: {report.address or ''} ({report.location.y:.6f}, {report.location.x:.6f})",
        f"Reported: {timezone.localtime(report.created_at):%d %B %Y %H:%M}",
        f"Reporter's email: {report.reporter.email if report.reporter else 'not given'}",
        "",
        report.description,
        "",
        *(f"{code}: {value}" for code, value in (report.attributes or {}).items()),
        "",
        f"The report's page: {settings.SITE_URL.rstrip('/')}{report.get_absolute_url()}",
        f"It could not be sent to {endpoint.name} ({endpoint.base_url}): {problem}",
    ]
    EmailMessage(
        subject=f"Street report {report.pk}: {report.service.name} (Open311 sending failed)",
        body="\n".join(lines),
        to=[endpoint.fallback_email],
    ).send()


def send_due(*, now=None) -> int:
    """Every send waiting or due for another try (also catches a queued task the broker lost)."""
    now = now or timezone.now()
    due = Open311Send.objects.filter(state__in=[State.PENDING, State.RETRYING]).exclude(next_attempt_at__gt=now)
    ids = list(due.values_list("report_id", flat=True)[:500])
    for report_id in ids:
        send_once(report_id=report_id)
    return len(ids)


# --- Pulling updates --------------------------------------------------------------------------------
_STATUS_WORDS = {str(label).lower() for _value, label in Report.Status.choices} | set(Report.Status.values)


def _status_for(endpoint: Open311Endpoint, external: str, report: Report) -> str | None:
    mapped = {**DEFAULT_STATUS_MAP, **(endpoint.status_map or {})}.get(external)
    if mapped is None and external == "open" and report.status in Report.CLOSED_STATES:
        return Report.Status.OPEN  # they reopened it
    return mapped if mapped in Report.Status.values else None


def _resolve_tokens(endpoint: Open311Endpoint) -> None:
    waiting = Open311Send.objects.filter(endpoint=endpoint, state=State.SENT, external_id="").exclude(token="")
    for send in waiting[:BATCH]:
        try:
            rows = _request(endpoint, "GET", f"tokens/{send.token}", params=_jurisdiction(endpoint))
        except (Temporary, Permanent) as problem:
            logger.warning("open311: token %s not resolved: %s", send.token, problem)
            continue
        found = next((str(r.get("service_request_id") or "") for r in rows if r.get("service_request_id")), "")
        if found:
            Open311Send.objects.filter(pk=send.pk).update(external_id=found[:100])


def _jurisdiction(endpoint) -> dict:
    return {"jurisdiction_id": endpoint.jurisdiction_id} if endpoint.jurisdiction_id else {}


def pull(*, endpoint: Open311Endpoint) -> int:
    """Apply what changed at the endpoint to our reports; returns how many reports changed."""
    _resolve_tokens(endpoint)
    cutoff = timezone.now() - PULL_CLOSED_FOR
    sends = (
        Open311Send.objects.filter(endpoint=endpoint, state=State.SENT)
        .exclude(external_id="")
        .exclude(report__closed_at__lt=cutoff)
        .select_related("report__service", "report__reporter")
    )
    by_id = {send.external_id: send for send in sends}
    ids, changed = list(by_id), 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        params = {"service_request_id": ",".join(batch), **_jurisdiction(endpoint)}
        try:
            rows = _request(endpoint, "GET", "requests", params=params)
        except (Temporary, Permanent) as problem:
            logger.warning("open311: pulling from %s failed: %s", endpoint, problem)
            continue
        for row in rows:
            send = by_id.get(str(row.get("service_request_id") or ""))
            if send is not None and _apply(send, endpoint, row):
                changed += 1
    Open311Endpoint.objects.filter(pk=endpoint.pk).update(last_pulled_at=timezone.now())
    return changed


def _apply(send: Open311Send, endpoint: Open311Endpoint, row: dict) -> bool:
    updated = parse_datetime(str(row.get("updated_datetime") or ""))
    if updated is not None and send.external_updated_at is not None and updated <= send.external_updated_at:
        return False  # applied already
    external = str(row.get("status") or "").lower()[:40]
    status = _status_for(endpoint, external, send.report)
    note = str(row.get("status_notes") or "").strip()
    if note.lower() in _STATUS_WORDS | {external}:
        note = ""  # some servers (ours too) repeat the status as its notes: nothing to tell
    result = services.report_status_from_council(report=send.report, status=status, note=note)
    Open311Send.objects.filter(pk=send.pk).update(external_status=external, external_updated_at=updated)
    return result is not None


def pull_all() -> int:
    return sum(pull(endpoint=endpoint) for endpoint in Open311Endpoint.objects.filter(active=True))
