"""Hostile numbers and ids never cause a server error: every page and API URL reachable on the
demo site, as each persona, gets unicode digits, 30-digit numbers, NUL, nan and 10,000-character
values in every query parameter its view reads and in every field of every form it shows, and
answers 4xx (or ignores the value), never 5xx. The parameters are not listed by hand: a recording
QueryDict notes which ones each view reads, and forms are read off the rendered pages, so a new
view or parameter is covered the day it is added."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse
from django.utils import timezone
from weasyprint import HTML

from accounts.models import Organisation, User
from engagement.models import Consultation
from engagement.services import comment_create
from gamification import game, game_plans
from gamification import services as report_services
from gamification.models import PartnerKey, Questionnaire, Report, Service
from investors import dataroom, messaging
from investors import services as investor_services
from investors.models import Opportunity
from places.models import Area
from proposals.models import Budget, Idea, Milestone, PlanningProposal
from tests.conftest import _with_mfa
from twin.models import Dataset, Scenario
from twin.permissions import figure_access

pytestmark = pytest.mark.slow

HOSTILE = ["²", "٣", "9" * 30, "\x00", "nan", "x" * 10_000]
FIELD_ALONE = {"²", "9" * 30, "nan"}
START = [
    "/",
    "/proposals/",
    "/ideas/",
    "/ideas/new/",
    "/map/",
    "/feed/",
    "/areas/",
    "/organisations/",
    "/news/",
    "/twin/",
    "/twin/data/",
    "/twin/scenarios/",
    "/twin/scenarios/new/",
    "/twin/weights/",
    "/twin/access-requests/",
    "/engagement/notifications/",
    "/engagement/notifications/preferences/",
    "/engagement/moderation/",
    "/engagement/moderation/hidden/",
    "/engagement/moderation/log/",
    "/account/",
    "/account/verify-residents/?q=res",
    "/api/v1/",
    "/search/?q=park",
    "/api/v1/search/?q=park",
    "/reports/?status=open",
    "/reports/1/",
    "/reports/1/manage/",
    "/rewards/",
    "/reports/alerts/",
    "/improve/",
    "/improve/missing/",
    "/improve/review/",
    "/reports/feeds/all.atom",
    "/reports/map.geojson?status=open&age=30",
    "/rewards/badges/",
    "/rewards/leaderboards/?period=month",
    "/reports/new/",
    "/reports/new/?service=pothole&location_query=B10&location_action=search",
    "/reports/new/details/?service=pothole&latitude=52.455&longitude=-1.835",
    "/areas/find/?location_query=B10",
    "/areas/describe/?latitude=52.45&longitude=-1.84",
    "/plan/",
    "/plan/play/?budget=2000000&q_street-trees=10",
    "/plan/insights/",
    "/budgets/",
    "/budgets/new/",
    "/api/v1/budgets/",
    "/invest/",
    "/invest/?sector=energy&min_score=1&sort=newest",
    "/invest/new/",
    "/invest/mine/",
    "/invest/review/",
    "/invest/additionality/",
    "/invest/green-roof-and-rainwater-retrofit-of-the-tyseley-business-units/edit/",  # the demo draft
    "/invest/green-roof-and-rainwater-retrofit-of-the-tyseley-business-units/business-case/",
    "/invest/compare/?o=tyseley-district-heat-network-phase-2&o=reuse-and-repair-hub-on-redfern-road",
    "/invest/compare/saved/",
    "/invest/alerts/",
    "/twin/delivered/",
    "/invest/features.geojson?sector=energy&min_score=1",
    "/api/v1/opportunities/?sector=energy&sort=newest",
    "/api/v1/opportunities/tyseley-district-heat-network-phase-2/",
    "/invest/profiles/tyseley-energy-park-demo/",
    "/invest/messages/",
    "/invest/tyseley-district-heat-network-phase-2/dataroom/",
    "/invest/tyseley-district-heat-network-phase-2/enquire/",
    "/invest/hay-mills-community-orchard-and-tool-library/campaign/",
    "/invest/profiles/tyseley-energy-park-demo/edit/",
    "/open311/v2/discovery.xml",
    "/open311/v2/services.json",
    "/open311/v2/services/pothole.xml",
    "/open311/v2/requests.json?status=open&service_code=pothole",
    "/open311/v2/requests/1.json",
    "/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json",
]
# Open311 writes (form-encoded, with a partner key): each field gets every hostile value.
OPEN311_FIELDS = ["service_code", "lat", "long", "address_string", "description", "media_url", "attribute[depth]",
                  "jurisdiction_id", "email"]  # fmt: skip
SKIP_PREFIXES = ("/static/", "/media/", "/cms/", "/django-admin/", "/documents/", "/accounts/", "/i18n/", "/jsi18n/")
# Posting these would end the session or the account the crawl runs as.
SKIP_POSTS = ("/account/delete/", "/accounts/logout/")
MAX_PAGES = 400
PER_ROUTE = 1


class RecordingQueryDict(QueryDict):
    """A QueryDict that remembers which keys the view asked for."""

    def __init__(self, *args, **kwargs):
        self.asked: set[str] = set()
        super().__init__(*args, **kwargs)
        self.asked.clear()  # what building the dict looked up is not the view's asking

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


ASKED: dict[str, set[str]] = {}


def recording_middleware(get_response):
    def middleware(request):
        recorder = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        request.GET = recorder
        response = get_response(request)
        ASKED.setdefault(request.path, set()).update(recorder.asked)
        return response

    return middleware


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route or match.view_name


def _links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)', html):
        parts = urlsplit(unescape(href))
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)


def _post_forms(path: str, html: str) -> list[tuple[str, list[str]]]:
    forms = []
    for attrs, body in FORM.findall(html):
        if 'method="post"' not in attrs.lower():
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        target = unescape(action.group(1)) if action and action.group(1) else path
        if not target.startswith("/") or target.startswith(SKIP_POSTS) or target.startswith(SKIP_PREFIXES):
            continue
        names = sorted({n for n in FIELD.findall(body) if n != "csrfmiddlewaretoken"})
        forms.append((target, names))
    return forms


def _crawl(client: Client):
    """Pages reachable from START (up to PER_ROUTE URLs of every route) and their POST forms."""
    seen, per_route, pages, forms, queue = set(), {}, [], set(), list(START)
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        path = url.split("?")[0]
        if url in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        route = _route(path)
        if route is None or (per_route.get(route, 0) >= PER_ROUTE and url not in START):
            continue
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
        per_route[route] = per_route.get(route, 0) + 1
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        pages.append(url)
        if "html" in response.get("Content-Type", ""):
            html = response.content.decode(errors="replace")
            queue.extend(_links(html))
            forms |= {(target, tuple(names)) for target, names in _post_forms(path, html)}
    return pages, per_route, forms


def _with_path(url: str, name: str, value: str) -> str | None:
    """The same route with one path parameter replaced, if the route's converter accepts the value."""
    match = resolve(url.split("?")[0])
    view = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    try:
        return reverse(view, args=match.args, kwargs={**match.kwargs, name: value})
    except NoReverseMatch:
        return None


def _with(url: str, name: str, value: str) -> str:
    path, _sep, query = url.partition("?")
    params = QueryDict(query, mutable=True)
    params.setlist(name, [value])
    return f"{path}?{urlencode(params, doseq=True)}"


@pytest.fixture
def demo_site(db, settings):
    settings.DEMO_DATA_ALLOWED = True
    settings.MIDDLEWARE = ["tests.config.test_hostile_input.recording_middleware", *settings.MIDDLEWARE]
    call_command("load_demo_data", verbosity=0)
    for email in ("moderator@example.org", "policy@example.org", "admin@example.org"):
        _with_mfa(User.objects.get(email=email))
    ASKED.clear()
    proposals = list(PlanningProposal.objects.order_by("pk")[:2])
    idea = Idea.objects.order_by("pk").first()
    scenarios = list(Scenario.objects.order_by("pk").values_list("pk", flat=True)[:2])
    target = f"proposals.planningproposal:{proposals[0].pk}"
    comment = comment_create(
        author=User.objects.get(email="resident@example.org"), target=proposals[0], body="A comment to edit"
    )
    consultations = list(Consultation.objects.values_list("pk", flat=True))
    milestone = Milestone.objects.select_related("proposal").first()
    dataset = Dataset.objects.filter(tier="open").first()
    resident = User.objects.get(email="resident@example.org")
    fixed = report_services.report_submit(
        service=Service.objects.get(code="graffiti"), point=Point(-1.835, 52.455, srid=4326), description="Tag",
        reporter=resident,
    )  # fmt: skip
    report_services.report_status_set(report=fixed, status="fixed", by=User.objects.get(email="moderator@example.org"))
    Report.objects.filter(pk=fixed.pk).update(closed_at=timezone.now() - timedelta(weeks=5))
    report_services.questionnaires_send()
    still_open = Report.objects.filter(status="open", reporter__isnull=True).order_by("pk").first()
    managed = report_services.report_submit(  # staff may reject (hide) this one while crawling
        service=Service.objects.get(code="graffiti"), point=Point(-1.836, 52.455, srid=4326), description="Tag 2",
        reporter=resident,
    )  # fmt: skip
    budget = Budget.objects.order_by("pk").first()
    item = budget.items.order_by("pk").first()
    board = game.Board(
        area=Area.objects.get(kind="district"),
        budget=2_000_000,
        objectives=["housing"],
        quantities={"street-trees": 20},
    )
    plan = game_plans.plan_save(owner=resident, board=board, items=game.catalogue(), access=figure_access(resident))
    # Investors: an enquiry with an attachment, a data-room grant, a group's draft campaign.
    heat = Opportunity.objects.get(slug="tyseley-district-heat-network-phase-2")
    group_admin = User.objects.get(email="group@example.org")
    thread = messaging.thread_start(
        user=User.objects.get(email="investor@example.org"), opportunity=heat, subject="Terms", body="Numbers?",
        attachment=ContentFile(HTML(string="<p>Our terms</p>").write_pdf(), name="terms.pdf"),
    )  # fmt: skip
    message = thread.messages.get()
    dataroom.grant_set(user=group_admin, opportunity=heat, grantee=resident, level="view")
    group = Organisation.objects.get(kind="community_group", members=group_admin)
    draft = investor_services.opportunity_save(
        user=group_admin, promoter=group, title="Pond dipping platform", summary="A platform.", sector="community",
        investment_type="crowdfunding", scale_min_gbp=500, scale_max_gbp=900, planning_status="not_needed",
        decision_time="now", geometry=Point(-1.82, 52.46, srid=4326), green_blue_space_change_m2=40,
    )  # fmt: skip
    return [
        f"/invest/messages/{thread.pk}/",
        f"/invest/messages/{thread.pk}/{message.pk}/report/",
        f"/invest/messages/{thread.pk}/{message.pk}/attachment/",
        f"/invest/{draft.slug}/campaign/setup/",
        f"/invest/new/?idea={Idea.objects.filter(organisation=group).values_list('pk', flat=True).first()}",
        f"/budgets/{budget.pk}/",
        f"/budgets/{budget.pk}/results/",
        f"/budgets/{budget.pk}/items/{item.pk}/",
        f"/budgets/{budget.pk}/items/new/",
        f"/api/v1/budgets/{budget.pk}/",
        f"/api/v1/budgets/{budget.pk}/results/",
        f"/plan/{plan.pk}/",
        f"/plan/{plan.pk}/edit/",
        *(f"/plan/{plan.pk}/compare/?scenario={pk}" for pk in scenarios[:1]),
        f"/reports/{fixed.pk}/",
        f"/reports/{managed.pk}/manage/",
        f"/reports/{still_open.pk}/",
        *(f"/reports/questionnaire/{pk}/" for pk in Questionnaire.objects.values_list("pk", flat=True)),
        *(f"/engagement/consultations/{pk}/" for pk in consultations),
        *(f"/api/v1/consultations/{pk}/" for pk in consultations),
        *(f"/engagement/consultations/{pk}/edit/" for pk in consultations),
        *(f"/organisations/{slug}/" for slug in Organisation.objects.values_list("slug", flat=True)),
        f"/engagement/{target.replace(':', '/')}/report/",
        *(f"/api/v1/consultations/{pk}/results/" for pk in consultations),
        f"/twin/data/{dataset.slug}/download/",
        *([f"/proposals/{milestone.proposal.slug}/actions/{milestone.pk}/"] if milestone else []),
        f"/api/v1/comments/?target={target}",
        f"/api/v1/consultations/?target={target}",
        "/api/v1/consultations/",
        "/api/v1/proposals/",
        f"/api/v1/proposals/{proposals[0].slug}/",
        "/api/v1/ideas/",
        f"/api/v1/ideas/{idea.pk}/",
        "/api/v1/kpis/",
        "/api/v1/observations/?kpi=no2",
        "/api/v1/datasets/",
        "/api/v1/scores/?model=proposals.planningproposal",
        f"/api/v1/scores/proposals.planningproposal/{proposals[0].pk}/",
        "/api/v1/areas/?kind=ward",
        f"/proposals/compare/?p={proposals[0].slug}&p={proposals[1].slug}",
        "/twin/scenarios/compare/?" + "&".join(f"id={pk}" for pk in scenarios),
        "/ideas/similar/?latitude=52.47&longitude=-1.85&title=trees",
        f"/engagement/{target.replace(':', '/')}/comments/",
        f"/engagement/comments/{comment.pk}/edit/",
        f"/ideas/{idea.pk}/",
    ]


# Routes the crawl does not reach on purpose, and why.
UNREACHED = {
    "health/": "operational, reads no parameters",
    "health/live/": "operational, reads no parameters",
    "api/v1/schema/": "generated by drf-spectacular",
    "api/v1/docs/": "static Swagger UI",
    "api/v1/redoc/": "static ReDoc",
    "engagement/notifications/unsubscribe/<str:token>/": "a signed token, checked by Django's signer",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": "Wagtail's",
    "_util/login/": "Wagtail's",
    "reports/<int:pk>/move/": "reads no request data: the position comes from the session after a photo upload "
    "(tests/gamification/test_reporting.py)",
}
PERSONAS = ["moderator@example.org", "policy@example.org", "group@example.org", "resident@example.org", None]
# JSON bodies of the API's writes: each field gets every hostile value.
API_WRITES = {
    "/api/v1/consultations/{pk}/vote/": ["stance"],
    "/api/v1/consultations/{pk}/response/": ["answers"],
    "/api/v1/comments/": ["target", "body", "parent"],
}


def _all_routes() -> set[str]:
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return {r for r in walk(get_resolver()) if not ("/" + r).startswith(SKIP_PREFIXES)}


def _client(email: str | None) -> Client:
    client = Client(raise_request_exception=False)  # a server error is an answer to count, not a crash
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def test_no_hostile_value_in_any_parameter_or_form_causes_a_server_error(demo_site):
    START.extend(u for u in demo_site if u not in START)
    failures, reached, fuzzed = [], set(), set()
    for email in PERSONAS:
        client = _client(email)
        pages, routes, forms = _crawl(client)
        reached |= set(routes) | {_route(target) for target, _names in forms}
        for url in pages:
            path = url.split("?")[0]
            for name in sorted(resolve(path).kwargs):  # path parameters: where the converter lets it in
                if (_route(path), f"<{name}>") in fuzzed:
                    continue
                fuzzed.add((_route(path), f"<{name}>"))
                for value in HOSTILE:
                    hostile = _with_path(path, name, value)
                    if hostile is not None:
                        response = client.get(hostile)
                        if response.status_code >= 500:
                            failures.append(f"{email}: GET {hostile[:80]} ({name}): {response.status_code}")
            for name in sorted(ASKED.get(path, ())):
                if (_route(path), name) in fuzzed:
                    continue  # one persona is enough for a parameter the same view reads
                fuzzed.add((_route(path), name))
                for value in HOSTILE:
                    response = client.get(_with(url, name, value))
                    if response.status_code >= 500:
                        failures.append(f"{email}: GET {url} {name}={value[:12]!r}: {response.status_code}")
        for target, names in sorted(forms):
            if (target, names) in fuzzed:
                continue
            fuzzed.add((target, names))
            for value in HOSTILE:
                # Every field at once with every value; each field alone with the values a
                # number parser meets (NUL and length are refused for all fields by the middleware).
                alone = [{n: value} for n in names] if value in FIELD_ALONE else []
                for data in [{n: value for n in names}, *alone]:
                    response = client.post(target, data)
                    if response.status_code >= 500:
                        failures.append(f"{email}: POST {target} {sorted(data)} {value[:12]!r}: {response.status_code}")
    client = _client("resident@example.org")
    for pattern, fields in API_WRITES.items():
        for pk in Consultation.objects.values_list("pk", flat=True):
            url = pattern.format(pk=pk)
            reached.add(_route(url))
            for value in HOSTILE:
                for body in [{f: value for f in fields}, {"answers": {"1": value}}, {"answers": [value]}]:
                    response = client.post(url, body, content_type="application/json")
                    if response.status_code >= 500:
                        failures.append(f"POST {url} {body!r:.60}: {response.status_code}")
    for budget_pk in Budget.objects.values_list("pk", flat=True):
        url = f"/api/v1/budgets/{budget_pk}/ballot/"
        reached.add(_route(url))
        for value in HOSTILE:
            for body in [{"items": value}, {"items": [value]}, {"items": {"1": value}}, [value]]:
                response = client.put(url, body, content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"PUT {url} {body!r:.60}: {response.status_code}")
    reached.add(_route("/open311/v2/requests.json"))
    valid = {"service_code": "pothole", "lat": "52.455", "long": "-1.835", "attribute[depth]": "deep"}
    for value in HOSTILE:
        _key, secret = PartnerKey.issue(name="crawl")  # a key per value: its rate limit stays out of the way
        for data in [{f: value for f in OPEN311_FIELDS}, *({**valid, f: value} for f in OPEN311_FIELDS)]:
            response = Client().post("/open311/v2/requests.json", {"api_key": secret, **data})
            if response.status_code >= 500:
                failures.append(f"POST /open311/v2/requests.json {sorted(data)} {value[:12]!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
    missed = _all_routes() - reached - set(UNREACHED)
    assert not missed, f"routes no persona reached (link them, add a start URL or say why in UNREACHED): {missed}"
