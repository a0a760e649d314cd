"""The one site search: every kind found and ranked, forgiving plurals, typos and run-together
words; hidden, held, draft and unpublished items never found by anyone; the area filter; the
page, the header box and /api/v1/search/ with their errors; the lists' own search boxes and
"similar ideas nearby" ranking the same way."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.models import NewsPage, StandardPage
from investors.models import Opportunity
from pagecache import content_bump
from places.models import Area
from proposals import selectors as proposal_selectors
from sitesearch import engine, spelling
from tests.conftest import PERSONAS
from tests.factories import (
    AreaFactory,
    ConsultationFactory,
    IdeaFactory,
    OrganisationFactory,
    PlanningProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    spelling.forget()
    yield
    spelling.forget()


@pytest.fixture
def root():
    return Page.get_first_root_node()


def _titles(results, kind=None):
    return [hit.title for group in results.groups if kind in (None, group.kind.slug) for hit in group.hits]


def _opportunity(title, status="published"):
    return Opportunity.objects.create(
        title=title, summary="Seeking investment.", sector="logistics", investment_type="equity",
        scale_min_gbp=1, scale_max_gbp=2, planning_status="full", decision_time="now",
        promoter=OrganisationFactory(), geometry=Point(-1.83, 52.45, srid=4326), status=status,
    )  # fmt: skip


def test_every_kind_is_found_and_grouped(root):
    PlanningProposalFactory(title="Bus priority on the Coventry Road")
    _opportunity("Electric bus depot")
    IdeaFactory(title="A bus shelter at the Swan")
    ConsultationFactory(title="Bus routes through Tyseley")
    root.add_child(instance=NewsPage(title="New bus timetable", summary="From May.", slug="bus-news"))
    root.add_child(instance=StandardPage(title="Getting here by bus", slug="by-bus"))
    results = engine.search("bus", user=AnonymousUser())
    assert {group.kind.slug for group in results.groups} == {
        "proposals", "ideas", "consultations", "opportunities", "news", "pages",
    }  # fmt: skip
    assert results.total == 6


def test_a_title_match_ranks_above_a_match_in_the_text():
    PlanningProposalFactory(title="Depot extension", summary="Includes new cycle parking by the canal.")
    PlanningProposalFactory(title="Canal towpath cycle route", summary="Resurfacing the towpath.")
    assert _titles(engine.search("canal cycle", user=AnonymousUser()))[0] == "Canal towpath cycle route"


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("buses", "A bus shelter at the Swan"),
        ("bus", "More buses to Acocks Green"),
        ("trees", "Plant a tree on Wharfdale Road"),
        ("Tysely", "Litter picking in Tyseley"),  # one letter missing
        ("tyseely", "Litter picking in Tyseley"),  # two letters swapped
        ("flytipping", "Fly tipping behind the shops"),  # run together
    ],
)
def test_plurals_typos_and_run_together_words_are_forgiven(typed, stored):
    IdeaFactory(title=stored)
    IdeaFactory(title="Something else entirely")
    assert _titles(engine.search(typed, user=AnonymousUser())) == [stored]


def test_a_correction_is_shown_and_a_known_word_is_never_corrected():
    IdeaFactory(title="Litter picking in Tyseley")
    IdeaFactory(title="Three new benches")
    assert engine.search("tyseely", user=AnonymousUser()).corrected == "tyseley"
    assert engine.search("three", user=AnonymousUser()).corrected == ""
    assert engine.search("trees", user=AnonymousUser()).corrected == ""  # not "three": two edits


def test_all_words_are_wanted_before_any_word_is(client):
    IdeaFactory(title="Bench by the canal")
    IdeaFactory(title="Bench in the park")
    assert _titles(engine.search("bench canal", user=AnonymousUser())) == ["Bench by the canal"]
    assert set(_titles(engine.search("bench zebra", user=AnonymousUser()))) == {
        "Bench by the canal",
        "Bench in the park",
    }


def _hidden_things(root, moderator):
    """One findable item per kind, and one of each state nobody may find ("secret" in all)."""
    IdeaFactory(title="Secret garden idea on show")
    hidden = IdeaFactory(title="Secret garden idea hidden", hidden_at=timezone.now(), hidden_reason="abuse")
    held = IdeaFactory(title="Secret garden idea held", held=True, hidden_at=timezone.now())
    ConsultationFactory(title="Secret garden consultation open")
    ConsultationFactory(title="Secret garden consultation draft", stage="draft")
    _opportunity("Secret garden opportunity on show")
    for status in ("draft", "submitted", "in_review", "changes_requested", "withdrawn"):
        _opportunity(f"Secret garden opportunity {status}", status=status)
    ConsultationFactory(
        title="Secret garden consultation not yet started", starts_at=timezone.now() + timezone.timedelta(days=3)
    )
    root.add_child(instance=NewsPage(title="Secret garden news", summary="Out now.", slug="n1"))
    draft = root.add_child(instance=NewsPage(title="Secret garden news draft", summary="Soon.", slug="n2", live=False))
    private = root.add_child(instance=StandardPage(title="Secret garden page private", slug="p1"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return [hidden, held, draft, private]


@pytest.mark.parametrize("persona", PERSONAS)
def test_hidden_held_draft_and_private_items_are_found_by_nobody(request, root, persona):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    _hidden_things(root, request.getfixturevalue("moderator"))
    found = _titles(engine.search("secret garden", user=user))
    assert sorted(found) == sorted(
        [
            "Secret garden idea on show",
            "Secret garden consultation open",
            "Secret garden opportunity on show",
            "Secret garden news",
        ]
    )


def test_hidden_words_are_never_offered_as_a_correction():
    IdeaFactory(title="Zanzibar parking", hidden_at=timezone.now(), hidden_reason="spam")
    results = engine.search("zanzibr", user=AnonymousUser())
    assert results.total == 0 and not _titles(results)


def test_an_area_narrows_every_kind_that_has_a_place(root):
    ward = AreaFactory(
        kind=Area.Kind.WARD, name="Small Heath", geometry=MultiPolygon(Polygon.from_bbox((-1.86, 52.46, -1.84, 52.48)))
    )
    inside, outside = Point(-1.85, 52.47, srid=4326), Point(-1.80, 52.40, srid=4326)
    IdeaFactory(title="Bench inside", location=inside)
    IdeaFactory(title="Bench outside", location=outside)
    proposal = PlanningProposalFactory(title="Bench programme inside", geometry=inside)
    proposal.areas.add(ward)
    ConsultationFactory(title="Bench consultation inside", target=proposal)
    ConsultationFactory(title="Bench consultation elsewhere")
    root.add_child(instance=StandardPage(title="Bench policy", slug="bench-policy"))  # a page has no place
    news = root.add_child(instance=NewsPage(title="Bench news for Small Heath", summary="New.", slug="bench-news"))
    news.area_tags.add("small-heath")
    news.save_revision().publish()
    found = _titles(engine.search("bench", user=AnonymousUser(), area=ward))
    assert sorted(found) == [
        "Bench consultation inside",
        "Bench inside",
        "Bench news for Small Heath",
        "Bench programme inside",
    ]


def test_the_search_page_groups_results_with_status_and_marked_snippets(client):
    IdeaFactory(title="Benches for the park", description="We need <b>benches</b> where people wait for buses.")
    html = client.get("/search/", {"q": "benches"}).content.decode()
    assert 'id="group-ideas"' in html
    assert '<strong class="govuk-tag govuk-tag--grey">New</strong>' in html
    assert "<mark>benches</mark>" in html
    assert "<b>benches</b>" not in html and "&lt;b&gt;" not in html  # text, tags stripped, never markup


def test_a_snippet_never_renders_stored_markup(client):
    IdeaFactory(title="Payload", description='Benches <img src=x onerror="alert(1)"> please')
    html = client.get("/search/", {"q": "benches"}).content.decode()
    assert "onerror" not in html


def test_one_kind_is_paged(client):
    for n in range(25):
        IdeaFactory(title=f"Bench number {n}")
    first = client.get("/search/", {"q": "bench", "kind": "ideas"}).content.decode()
    second = client.get("/search/", {"q": "bench", "kind": "ideas", "page": 2}).content.decode()
    assert first.count('class="civic-result"') == 20 and second.count('class="civic-result"') == 5
    assert "Page 1 of 2" in first


def test_everything_shows_five_per_kind_with_a_link_to_the_rest(client):
    for n in range(7):
        IdeaFactory(title=f"Bench number {n}")
    html = client.get("/search/", {"q": "bench"}).content.decode()
    assert html.count('class="civic-result"') == 5
    assert "kind=ideas" in html and "Show all 7 ideas" in html


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "bench", "kind": "nonsense"}, "kind"),
        ({"q": "bench", "area": "E99999999"}, "area"),
        ({"q": "bench", "page": "²"}, "page"),
        ({"q": "bench", "page": "9" * 30}, "page"),
        ({"q": "x" * 201}, "q"),
        ({"q": ""}, "q"),
    ],
)
def test_the_api_says_what_was_wrong(client, params, field):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("params", [{"q": "bench", "kind": "nonsense"}, {"q": "bench", "area": "nowhere"}])
def test_the_page_re_renders_with_the_message(client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_api_answers_grouped_hits(client):
    IdeaFactory(title="Litter picking in Tyseley", description="Every Saturday in Tyseley.")
    body = client.get("/api/v1/search/", {"q": "tyseely"}).json()
    assert body["corrected"] == "tyseley" and body["count"] == 1
    [group] = body["groups"]
    assert group["kind"] == "ideas" and group["count"] == 1
    [hit] = group["results"]
    assert hit["title"] == "Litter picking in Tyseley" and hit["status"] == "New"
    assert {"text": "Tyseley", "match": True} in hit["snippet"]


def test_the_search_costs_the_same_few_queries_however_many_hits(client, django_assert_max_num_queries):
    for n in range(6):  # more than one page of each kind: the counts are asked for too
        IdeaFactory(title=f"Bench number {n}")
        ConsultationFactory(title=f"Bench consultation {n}")
    client.get("/api/v1/search/", {"q": "bench"})  # builds the vocabulary
    content_bump()
    with django_assert_max_num_queries(16) as few:
        client.get("/api/v1/search/", {"q": "bench"})
    for n in range(6, 30):
        IdeaFactory(title=f"Bench number {n}")
        ConsultationFactory(title=f"Bench consultation {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/search/", {"q": "bench"}).json()["count"] == 60


def test_a_repeated_search_is_served_from_the_cache_and_never_stale(client, django_assert_max_num_queries):
    IdeaFactory(title="Bench by the canal")
    assert client.get("/api/v1/search/", {"q": "bench"}).json()["count"] == 1
    with django_assert_max_num_queries(3):  # the pages' lookups only: no search query runs
        assert client.get("/api/v1/search/", {"q": "bench"}).json()["count"] == 1
    IdeaFactory(title="Bench in the park")
    assert client.get("/api/v1/search/", {"q": "bench"}).json()["count"] == 2


@pytest.mark.parametrize("url", ["/proposals/", "/ideas/", "/areas/", "/twin/", "/search/"])
def test_the_header_search_box_is_on_every_page(client, url):
    html = client.get(url).content.decode()
    assert 'role="search"' in html and 'id="site-search"' in html and 'action="/search/"' in html


def test_the_header_box_shows_the_query_on_the_search_page_only(client):
    def header_box(url):
        html = client.get(url, {"q": "canal <bench>"}).content.decode()
        return next(line for line in html.splitlines() if 'id="site-search"' in line)

    assert 'value="canal &lt;bench&gt;"' in header_box("/search/")
    assert 'value=""' in header_box("/proposals/")  # the list's own box has it


def test_the_proposal_list_box_finds_what_the_site_search_finds(client):
    PlanningProposalFactory(title="More buses for Yardley")
    PlanningProposalFactory(title="Depot")
    assert [p.title for p in proposal_selectors.proposal_list(query="bus")] == ["More buses for Yardley"]
    assert "More buses for Yardley" in client.get("/proposals/", {"q": "bus"}).content.decode()


def test_similar_ideas_nearby_rank_by_the_same_search():
    here = Point(-1.835, 52.456, srid=4326)
    IdeaFactory(title="Benches along the canal", location=here)
    IdeaFactory(title="Street lights please", location=here)
    IdeaFactory(title="Benches", location=Point(-1.70, 52.30, srid=4326))  # far away
    similar = proposal_selectors.ideas_similar_nearby(title="A bench for the canal", location=here)
    assert [i.title for i in similar] == ["Benches along the canal"]


def test_a_full_rebuild_of_the_index_works_with_every_kind(root):
    ConsultationFactory(title="Bench consultation")  # has an object_id field, which broke the rebuild
    IdeaFactory(title="Bench idea")
    call_command("update_index", verbosity=0)
    assert engine.search("bench", user=AnonymousUser()).total == 2


def test_visitors_get_the_search_page_from_the_page_cache_until_content_changes(client):
    IdeaFactory(title="Bench by the canal")
    assert client.get("/search/", {"q": "bench"}).get("X-Page-Cache") == "miss"
    assert client.get("/search/", {"q": "bench"}).get("X-Page-Cache") == "hit"
    IdeaFactory(title="Bench in the park")
    response = client.get("/search/", {"q": "bench"})
    assert response.get("X-Page-Cache") == "miss" and "Bench in the park" in response.content.decode()
