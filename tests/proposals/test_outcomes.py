"""Decisions, actions linked to ideas, idea responses, layers, comparison, feed, map features, the
proposals/ideas API, uploads (type, size, pixels, EXIF location) and personal data."""

import csv
import io

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from accounts import services as account_services
from accounts.themes import Theme
from engagement import services as engagement_services
from engagement.models import Consultation
from engagement.uploads import clean_image, clean_pdf
from proposals import selectors, services
from proposals.models import Decision, Idea, IdeaPhoto
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db
INSIDE = Point(-1.835, 52.455, srid=4326)


def _idea(author, title="Benches along the Cole path", location=INSIDE):
    return services.idea_submit(
        author=author, title=title, description="Somewhere to rest.", theme="green_blue_space", location=location
    )


# --- Decisions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_decision_publishing_by_persona(request, persona, client_for, make_proposal):
    persona_name = request.node.callspec.params["persona"]
    proposal = make_proposal(status="consultation", jobs_created=40)
    client = client_for(persona)
    response = client.post(
        f"/proposals/{proposal.slug}/decision/", {"outcome": "approved", "reasoning": "Most people supported it."}
    )
    allowed = persona_name in {"moderator", "policy_lead"}
    assert response.status_code == (302 if allowed or persona_name == "anonymous" else 403)
    assert Decision.objects.filter(proposal=proposal).exists() is allowed


def test_decision_records_effects_links_results_and_moves_stages(moderator, make_proposal):
    proposal = make_proposal(status="consultation", jobs_created=40)
    consultation = Consultation.objects.create(target=proposal, title="Survey", stage="open")
    with pytest.raises(ValidationError, match="Close the consultation"):
        services.decision_publish(proposal=proposal, publisher=moderator, outcome="approved", reasoning="Yes")
    engagement_services.consultation_set_stage(editor=moderator, consultation=consultation, stage="closed")
    with pytest.raises(ValidationError) as info:
        services.decision_publish(proposal=proposal, publisher=moderator, outcome="maybe", reasoning="<p></p>")
    assert set(info.value.message_dict) == {"outcome", "reasoning"}
    decision = services.decision_publish(
        proposal=proposal, publisher=moderator, outcome="approved_with_changes", reasoning="Line one\n\nLine two"
    )
    consultation.refresh_from_db()
    proposal.refresh_from_db()
    assert decision.projected_effects["jobs_created"] == 40
    assert decision.consultation == consultation and consultation.stage == "decision_published"
    assert proposal.status == "decided"
    assert decision.reasoning == "<p>Line one</p>\n\n<p>Line two</p>"
    page = decision.proposal.get_absolute_url()
    assert page.endswith(f"/{proposal.slug}/")


# --- Ideas: responses, actions, support ----------------------------------------------------------------
def test_author_sees_the_response_and_the_action_on_their_idea(client_for, moderator, resident, make_proposal):
    idea = _idea(resident)
    proposal = make_proposal(title="River route")
    client = client_for(moderator)
    bad = client.post(f"/ideas/{idea.pk}/respond/", {"status": "accepted", "response": ""})
    assert bad.status_code == 422
    client.post(f"/ideas/{idea.pk}/respond/", {"status": "accepted", "response": "We will add benches."})
    form = client.get(f"/proposals/{proposal.slug}/actions/new/")
    assert idea.title in form.content.decode()  # nearby ideas are offered
    client.post(
        f"/proposals/{proposal.slug}/actions/new/",
        {"title": "Benches installed", "status": "planned", "ideas": [idea.pk]},
    )
    page = client_for(resident).get(idea.get_absolute_url()).content.decode()
    assert "We will add benches." in page and "Benches installed" in page and "River route" in page
    assert client_for(resident).post(f"/ideas/{idea.pk}/respond/", {"status": "done"}).status_code == 403


def test_support_counts_and_own_idea(resident, neighbour, investor):
    idea = _idea(resident)
    with pytest.raises(PermissionDenied):
        engagement_services.support_toggle(user=resident, target=idea)
    assert engagement_services.support_toggle(user=neighbour, target=idea) is True
    assert engagement_services.support_toggle(user=investor, target=idea) is True
    assert engagement_services.support_toggle(user=investor, target=idea) is False
    idea.refresh_from_db()
    assert idea.support_count == 1
    ideas = list(selectors.idea_list(sort="supported"))
    assert ideas[0] == idea


# --- Lists, filters, features, API: query counts at two sizes --------------------------------------
@pytest.mark.parametrize("count", [2, 25])
def test_feature_collections_and_list_api_in_fixed_queries(
    client, make_proposal, resident, count, django_assert_num_queries
):
    for i in range(count):
        make_proposal(title=f"Proposal {i}")
        _idea(resident, title=f"Idea {i}")
    with django_assert_num_queries(2):  # ward choices, features
        body = client.get("/api/v1/proposals/features/").json()
    assert len(body["features"]) == count and "Open Government Licence" in body["licence"]
    with django_assert_num_queries(0):  # cached bytes: no filter parsing, no query
        client.get("/api/v1/proposals/features/")
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/ideas/features/").json()["features"]) == count
    with django_assert_num_queries(4):  # ward choices, count, page, themes
        data = client.get("/api/v1/proposals/?page_size=50").json()
    assert data["count"] == count
    with django_assert_num_queries(3):  # ward choices, count, page with authors
        assert client.get("/api/v1/ideas/?page_size=50").json()["count"] == count


def test_map_cache_follows_changes(client, make_proposal):
    make_proposal(title="First")
    assert len(client.get("/api/v1/proposals/features/").json()["features"]) == 1
    make_proposal(title="Second")
    assert len(client.get("/api/v1/proposals/features/").json()["features"]) == 2


def test_filters_distance_and_sorting(client, make_proposal, moderator, resident):
    near = make_proposal(title="Near")
    far = make_proposal(title="Far", geometry=Point(-1.80, 52.49, srid=4326))
    c = Consultation.objects.create(target=far, title="Survey", stage="open")
    engagement_services.vote_cast(consultation=c, user=resident, stance="support")
    by_support = list(selectors.proposal_list(sort="supported"))
    assert by_support[0] == far
    nearby = list(selectors.proposal_list(near=Point(-1.835, 52.456, srid=4326), within_km=1, sort="nearest"))
    assert nearby == [near]
    bad = client.get("/api/v1/proposals/?within=7&lat=200")
    assert bad.status_code == 400 and "lat" in bad.json()
    home = client.get("/api/v1/proposals/?near=home")
    assert home.status_code == 400 and "home area" in home.json()["near"][0]


def test_layers_compare_and_feed(client_for, moderator, resident, make_proposal, district):
    a, b, c = make_proposal(title="A"), make_proposal(title="B"), make_proposal(title="C", themes=["transport"])
    client = client_for(moderator)
    client.post(
        "/map/layers/new/",
        {
            "name": "EV network",
            "description": "Chargers",
            "colour": "#00703c",
            "proposals": [a.pk, b.pk],
            "position": 0,
        },
    )
    layer = client.get("/api/v1/proposals/features/?layer=ev-network").json()
    assert {f["properties"]["title"] for f in layer["features"]} == {"A", "B"}
    assert client_for(resident).post("/map/layers/new/", {"name": "Mine"}).status_code == 403
    compare = client_for(None).get(f"/proposals/compare/?p={a.slug}&p={c.slug}")
    assert compare.status_code == 200 and "No consultation" in compare.content.decode()
    assert client_for(None).get(f"/proposals/compare/?p={a.slug}").status_code == 400
    ward = district.children.get()
    account_services.profile_update(user=resident, home_area=ward)
    first = ["transport", "safety", "housing"]
    account_services.priorities_set(user=resident, priorities=first + [t for t in Theme.values if t not in first])
    engagement_services.follow_set(user=resident, target=a, following=True)
    feed = selectors.personal_feed(user=resident)
    assert {p.title for p in feed["home_proposals"]} == {"A", "B", "C"}
    assert [p.title for p in feed["priority_proposals"]] == ["C"]
    assert feed["following"] == [a]


# --- Uploads ---------------------------------------------------------------------------------------
def _jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 27.0, 21.0), 3: "W", 4: (1.0, 50.0, 7.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photos_lose_their_exif_location():
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    cleaned = clean_image(SimpleUploadedFile("me.jpg", raw, content_type="image/jpeg"))
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert not image.getexif() and image.size == (64, 48)
    assert cleaned.name == "me.jpg"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("x.jpg", b"not an image at all", "JPEG, PNG or WebP"),
        ("x.gif", None, "JPEG, PNG or WebP"),
        ("x.png", b"0" * (10 * 1024 * 1024 + 1), "smaller than 10 MB"),
        ("big.png", "bomb", "at most 40 megapixels"),
    ],
)
def test_bad_photos_are_refused_with_a_reason(name, content, message):
    if content is None:
        out = io.BytesIO()
        Image.new("RGB", (4, 4)).save(out, format="GIF")
        content = out.getvalue()
    elif content == "bomb":
        out = io.BytesIO()
        Image.new("1", (8000, 6000)).save(out, format="PNG")
        content = out.getvalue()
    with pytest.raises(ValidationError, match=message):
        clean_image(SimpleUploadedFile(name, content))


def _pdf(encrypt=False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_checks():
    content, pages = clean_pdf(SimpleUploadedFile("plan.pdf", _pdf()))
    assert pages == 1
    for data, message in [
        (b"%PDF-1.7 garbage", "could not be read"),
        (b"GIF89a", "must be a PDF"),
        (_pdf(encrypt=True), "password-protected"),
    ]:
        with pytest.raises(ValidationError, match=message):
            clean_pdf(SimpleUploadedFile("x.pdf", data))


def test_uploading_through_the_pages(client_for, moderator, resident, district, make_proposal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = make_proposal()
    client = client_for(moderator)
    bad = client.post(
        f"/proposals/{proposal.slug}/documents/new/", {"title": "Plan", "file": SimpleUploadedFile("p.pdf", b"nope")}
    )
    assert bad.status_code == 422 and "must be a PDF" in bad.content.decode()
    client.post(
        f"/proposals/{proposal.slug}/documents/new/", {"title": "Plan", "file": SimpleUploadedFile("p.pdf", _pdf())}
    )
    assert proposal.documents.get().pages == 1
    assert client_for(resident).get(f"/proposals/{proposal.slug}/documents/new/").status_code == 403
    ok = client_for(resident).post(
        "/ideas/new/",
        {
            "title": "Benches",
            "description": "Please",
            "theme": "green_blue_space",
            "latitude": 52.455,
            "longitude": -1.835,
            "photo": SimpleUploadedFile("b.jpg", _jpeg_with_gps()),
            "photo_description": "The path",
        },
    )
    assert ok.status_code == 302
    photo = IdeaPhoto.objects.get()
    with Image.open(photo.image.path) as image:
        assert not image.getexif()
    missing_alt = client_for(resident).post(
        "/ideas/new/",
        {
            "title": "Benches 2",
            "description": "Please",
            "theme": "green_blue_space",
            "latitude": 52.455,
            "longitude": -1.835,
            "photo": SimpleUploadedFile("b.jpg", _jpeg_with_gps()),
        },
    )
    assert missing_alt.status_code == 422 and "Say what the photo shows" in missing_alt.content.decode()
    assert Idea.objects.count() == 1


def test_ideas_api_submission_and_personal_data(client_for, resident, district):
    api = client_for(resident)
    bad = api.post(
        "/api/v1/ideas/",
        {"title": "x", "description": "y", "theme": "nope", "latitude": 52.455, "longitude": -1.835},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "theme" in bad.json()
    outside = api.post(
        "/api/v1/ideas/",
        {"title": "x", "description": "y", "theme": "safety", "latitude": 51.5, "longitude": -0.1},
        content_type="application/json",
    )
    assert outside.status_code == 400 and "location" in outside.json()
    ok = api.post(
        "/api/v1/ideas/",
        {
            "title": "Zebra crossing",
            "description": "Please",
            "theme": "safety",
            "latitude": 52.455,
            "longitude": -1.835,
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["author"] == resident.display_name
    assert selectors.user_ideas_export(user=resident)[0]["title"] == "Zebra crossing"
    account_services.account_erase(user=resident)
    assert Idea.objects.get().author is None


def test_csv_exports_are_filtered_streamed_and_licensed(client, make_proposal, resident):
    make_proposal(title="Energy", jobs_created=12)
    make_proposal(title="Park", themes=["green_blue_space"])
    _idea(resident)
    response = client.get("/api/v1/proposals/export.csv?theme=energy_net_zero")
    assert response.status_code == 200 and 'rel="license"' in response["Link"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["id", "slug", "title", "status"] and len(rows) == 2
    assert rows[1][2] == "Energy" and rows[1][5] == "12"
    ideas = b"".join(client.get("/api/v1/ideas/export.csv").streaming_content).decode()
    assert "Benches along the Cole path" in ideas and resident.display_name not in ideas
    assert client.get("/api/v1/ideas/export.csv?lat=500").status_code == 400


def test_map_features_are_sent_gzipped_to_browsers_and_plain_to_others(client, make_proposal):
    import gzip
    import json

    make_proposal(title="Gzip me")
    plain = client.get("/api/v1/proposals/features/")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    zipped = client.get("/api/v1/proposals/features/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert len(zipped.content) < len(plain.content)
