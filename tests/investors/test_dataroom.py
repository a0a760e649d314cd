"""The data room: who may read and download (persona × grant × tier × status, on the pages that
serve the files), watermarked copies naming the reader and the date, the access log and its export,
uploads checked, grants that end on their date."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from guardian.shortcuts import get_perms
from pypdf import PdfReader

from accounts import services as account_services
from accounts.models import Membership
from investors import dataroom, services
from investors.models import DataRoomAccess, DataRoomDocument, DataRoomGrant
from tests.factories import OrganisationFactory, UserFactory

TODAY = timezone.localdate()


def _pdf(text="Outline business case") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1><p>Capital costs.</p>").write_pdf()


@pytest.fixture
def opportunity(make_opportunity):
    return make_opportunity(status="published")


@pytest.fixture
def document(opportunity, promoter):
    return dataroom.document_add(
        user=promoter,
        opportunity=opportunity,
        title="Outline business case",
        upload=ContentFile(_pdf(), name="obc.pdf"),
    )


@pytest.fixture
def investor_firm(db):
    return OrganisationFactory(name="Green Capital", kind="investor_firm")


@pytest.fixture
def backer(db, investor_firm):
    """An investor at a firm (its tier decides downloads)."""
    user = UserFactory(email="backer@example.org", display_name="Priya")
    account_services.membership_add(organisation=investor_firm, email=user.email, role=Membership.Role.ADMIN)
    return user


def _tier(administrator, firm, tier):
    ends = {"trial": TODAY + timedelta(days=5), "trial_expired": TODAY - timedelta(days=1)}.get(tier)
    services.tier_set(
        user=administrator, organisation=firm, tier="trial" if tier.startswith("trial") else tier, trial_ends_on=ends
    )


def _urls(document):
    slug = document.opportunity.slug
    return (
        f"/invest/{slug}/dataroom/{document.pk}/view/",
        f"/invest/{slug}/dataroom/{document.pk}/download/",
    )


# --- The matrix ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("anonymous", (302, 302)),  # sent to sign in
        ("resident", (403, 403)),
        ("investor", (403, 403)),  # an investor without a grant
        ("policy_lead", (403, 403)),  # the council's moderators hold the room, not every officer
        ("moderator", (200, 200)),
        ("promoter", (200, 200)),
    ],
)
def test_without_a_grant_only_the_promoter_and_the_council_get_in(persona, expected, request, document, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert tuple(client.get(url).status_code for url in _urls(document)) == expected


@pytest.mark.parametrize(
    "grant, tier, verified, expected",
    [
        ("view", "free", False, (200, 403)),
        ("view", "premium", True, (200, 403)),  # view only, whatever the tier
        ("download", "free", False, (200, 403)),  # the tier gate
        ("download", "free", True, (200, 403)),  # verification does not open downloads
        ("download", "trial", False, (200, 200)),
        ("download", "trial_expired", True, (200, 403)),
        ("download", "premium", False, (200, 200)),
        ("download", "premium", True, (200, 200)),
        ("expired", "premium", True, (403, 403)),  # the grant's end date has passed
        ("revoked", "premium", True, (403, 403)),
    ],
)
def test_a_grant_gives_what_it_says_and_downloads_need_a_premium_tier(
    grant, tier, verified, expected, document, promoter, backer, investor_firm, administrator, moderator, client_for
):
    _tier(administrator, investor_firm, tier)
    if verified:
        services.verify_set(user=moderator, organisation=investor_firm, verified=True)
    level = "view" if grant == "view" else "download"
    row = dataroom.grant_set(user=promoter, opportunity=document.opportunity, grantee=backer, level=level)
    if grant == "expired":
        DataRoomGrant.objects.filter(pk=row.pk).update(expires_on=TODAY - timedelta(days=1))
    if grant == "revoked":
        dataroom.grant_revoke(user=promoter, grant=row)
    client = client_for(backer)
    assert tuple(client.get(url).status_code for url in _urls(document)) == expected


@pytest.mark.parametrize(
    "status, expected", [("published", (200, 200)), ("closed", (200, 200)), ("withdrawn", (404, 404))]
)
def test_a_grant_works_while_the_opportunity_is_public(
    status, expected, document, promoter, backer, investor_firm, administrator, client_for
):
    from investors.models import Opportunity

    _tier(administrator, investor_firm, "premium")
    dataroom.grant_set(user=promoter, opportunity=document.opportunity, grantee=backer, level="download")
    Opportunity.objects.filter(pk=document.opportunity_id).update(status=status)
    client = client_for(backer)
    assert tuple(client.get(url).status_code for url in _urls(document)) == expected


@pytest.mark.parametrize("persona", ["resident", "investor", "policy_lead"])
def test_only_the_promoter_and_the_council_manage_the_room(persona, request, document, client_for, backer):
    client = client_for(request.getfixturevalue(persona))
    slug = document.opportunity.slug
    upload = SimpleUploadedFile("x.pdf", _pdf(), content_type="application/pdf")
    assert client.post(f"/invest/{slug}/dataroom/upload/", {"title": "Mine", "file": upload}).status_code == 403
    assert (
        client.post(f"/invest/{slug}/dataroom/grant/", {"email": backer.email, "level": "download"}).status_code == 403
    )
    assert client.get(f"/invest/{slug}/dataroom/log.csv").status_code == 403
    assert client.post(f"/invest/{slug}/dataroom/{document.pk}/remove/").status_code == 403
    assert DataRoomDocument.objects.filter(removed_at__isnull=True).count() == 1
    assert not DataRoomGrant.objects.exists()


# --- Watermark, log, export ------------------------------------------------------------------------------
def test_a_download_carries_a_watermark_naming_the_person_and_the_date_and_is_logged(
    document, promoter, backer, investor_firm, administrator, client_for
):
    _tier(administrator, investor_firm, "premium")
    dataroom.grant_set(user=promoter, opportunity=document.opportunity, grantee=backer, level="download")
    response = client_for(backer).get(_urls(document)[1])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Outline business case" in text  # the document itself
    assert "Downloaded by Priya (Green Capital)" in " ".join(text.split())
    assert timezone.localdate().strftime("%Y") in text and str(timezone.localdate().day) in text
    row = DataRoomAccess.objects.get()
    assert (row.user, row.action, row.document) == (backer, "download", document)
    viewed = client_for(backer).get(_urls(document)[0])
    assert viewed["Content-Disposition"].startswith("inline")
    assert "Viewed by Priya" in " ".join(PdfReader(io.BytesIO(viewed.content)).pages[0].extract_text().split())
    assert DataRoomAccess.objects.count() == 2


def test_the_promoter_exports_the_log_and_names_cannot_run_as_spreadsheet_formulas(
    document, promoter, backer, client_for
):
    backer.display_name = "=HYPERLINK(1)"
    backer.save()
    dataroom.grant_set(user=promoter, opportunity=document.opportunity, grantee=backer, level="view")
    client_for(backer).get(_urls(document)[0])
    response = client_for(promoter).get(f"/invest/{document.opportunity.slug}/dataroom/log.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "when,document,person,action"
    assert "'=HYPERLINK(1) (Green Capital)" in lines[1] and lines[1].endswith(",view")


def test_files_are_kept_outside_media_and_only_django_serves_them(document, client_for, promoter, settings):
    from pathlib import Path

    assert not Path(document.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    assert client_for(promoter).get(f"/media/{document.file.name}").status_code == 404


# --- Uploads and grants ------------------------------------------------------------------------------------
def test_an_upload_that_is_not_a_pdf_is_refused_with_a_message_and_nothing_is_saved(opportunity, promoter, client_for):
    bad = SimpleUploadedFile("notes.pdf", b"just text, not a pdf", content_type="application/pdf")
    response = client_for(promoter).post(
        f"/invest/{opportunity.slug}/dataroom/upload/", {"title": "Notes", "file": bad}
    )
    assert response.status_code == 400
    assert "The document must be a PDF." in response.content.decode()
    assert 'value="Notes"' in response.content.decode()  # what was typed is kept
    assert not DataRoomDocument.objects.exists()


def test_a_grant_is_a_guardian_permission_told_to_the_person_and_tidied_when_it_ends(
    document, promoter, backer, client_for
):
    from engagement.models import Notification

    response = client_for(promoter).post(
        f"/invest/{document.opportunity.slug}/dataroom/grant/",
        {"email": backer.email.upper(), "level": "download", "expires_on": str(TODAY + timedelta(days=2))},
    )
    assert response.status_code == 302
    assert set(get_perms(backer, document.opportunity)) == {"view_dataroom", "download_dataroom"}
    assert Notification.objects.filter(recipient=backer, kind="data_room").count() == 1
    DataRoomGrant.objects.update(expires_on=TODAY - timedelta(days=1))
    assert dataroom.access_for(backer, document.opportunity).view is False  # refused before any tidy-up
    assert dataroom.grants_expired_tidy() == 1
    assert get_perms(backer, document.opportunity) == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"level": "view"}, "Choose someone who has sent an enquiry, or enter an email address."),
        ({"email": "nobody@example.org", "level": "view"}, "No account uses that email address."),
        ({"email": "backer@example.org", "level": "view", "expires_on": "2001-01-01"}, "The end date must be today"),
        ({"email": "backer@example.org", "level": "everything"}, "Select a valid choice"),
        ({"email": "promoter@example.org", "level": "view"}, "already have full access"),
    ],
)
def test_a_bad_grant_is_answered_with_a_message(data, message, document, promoter, backer, client_for):
    response = client_for(promoter).post(f"/invest/{document.opportunity.slug}/dataroom/grant/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DataRoomGrant.objects.exists()


def test_the_promoter_grants_someone_who_has_sent_an_enquiry_by_name(
    opportunity, promoter, backer, investor_firm, client_for
):
    from investors import messaging

    messaging.thread_start(
        user=backer, opportunity=opportunity, subject="Terms", body="Could we see the numbers?", investor=investor_firm
    )
    page = client_for(promoter).get(f"/invest/{opportunity.slug}/dataroom/").content.decode()
    assert "Priya (Green Capital)" in page and backer.email not in page
    response = client_for(promoter).post(
        f"/invest/{opportunity.slug}/dataroom/grant/", {"enquirer": backer.pk, "level": "view"}
    )
    assert response.status_code == 302
    assert dataroom.access_for(backer, opportunity).view


def test_erasure_keeps_the_log_without_the_person(document, promoter, backer):
    from accounts.services import account_erase

    dataroom.grant_set(user=promoter, opportunity=document.opportunity, grantee=backer, level="view")
    dataroom.document_copy(user=backer, document=document, download=False)
    account_erase(user=backer)
    row = DataRoomAccess.objects.get()
    assert row.user is None and row.user_label == "An erased account"
