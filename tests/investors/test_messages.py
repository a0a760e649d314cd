"""Enquiry threads: who may read and write (persona matrix on the pages), notifications and unread
counts in the header, no email address ever shown, attachments checked, reports into the moderation
queue, "download my data" and erasure."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services as account_services
from accounts.models import Membership
from engagement import moderation
from engagement.models import Flag, ModerationCase, Notification
from engagement.notifications import unread_counts
from investors import messaging
from investors.models import Message, Thread
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def opportunity(make_opportunity):
    return make_opportunity(status="published")


@pytest.fixture
def investor_firm(db):
    return OrganisationFactory(name="Green Capital", kind="investor_firm")


@pytest.fixture
def backer(db, investor_firm):
    user = UserFactory(email="backer@example.org", display_name="Priya")
    account_services.membership_add(organisation=investor_firm, email=user.email, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def thread(opportunity, backer, investor_firm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return messaging.thread_start(
            user=backer,
            opportunity=opportunity,
            subject="Terms of the equity round",
            body="What return do you expect over ten years?",
            investor=investor_firm,
        )


@pytest.mark.parametrize(
    "persona, read, write, wrote",
    [
        ("anonymous", 302, 302, False),  # sent to sign in
        ("resident", 403, 403, False),
        ("investor", 403, 403, False),  # another investor
        ("policy_lead", 403, 403, False),
        ("backer", 200, 302, True),  # the enquirer
        ("promoter", 200, 302, True),
        ("moderator", 200, 302, True),  # the council reads every thread and may join
    ],
)
def test_only_the_three_sides_read_and_write_a_thread(persona, read, write, wrote, request, thread, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/invest/messages/{thread.pk}/").status_code == read
    before = Message.objects.count()
    assert client.post(f"/invest/messages/{thread.pk}/", {"body": "Hello"}).status_code == write
    assert Message.objects.count() == before + (1 if wrote else 0)


def test_an_enquiry_notifies_the_promoter_whose_header_counts_it_until_the_thread_is_read(
    thread, promoter, backer, client_for, django_capture_on_commit_callbacks
):
    assert Notification.objects.filter(recipient=promoter, kind="message").count() == 1
    assert unread_counts(promoter)[1] == 1  # of its unread notifications, one message
    inbox = client_for(promoter).get("/invest/messages/").content.decode()
    assert "Terms of the equity round" in inbox and "Unread" in inbox
    page = client_for(promoter).get(f"/invest/messages/{thread.pk}/").content.decode()
    assert "What return do you expect over ten years?" in page
    assert unread_counts(promoter)[1] == 0
    with django_capture_on_commit_callbacks(execute=True):
        client_for(promoter).post(f"/invest/messages/{thread.pk}/", {"body": "About 7% a year."})
    assert Notification.objects.filter(recipient=backer, kind="message").count() == 1
    header = client_for(backer).get("/invest/").content.decode()
    assert "data-messages-count>1</span>" in header


def test_no_email_address_is_ever_shown(
    thread, promoter, backer, moderator, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(user=promoter, thread=thread, body="Happy to talk.")
        messaging.message_send(user=moderator, thread=thread, body="The council can join a call.")
    for viewer in (backer, promoter, moderator):
        page = client_for(viewer).get(f"/invest/messages/{thread.pk}/").content.decode()
        for person in (backer, promoter, moderator):
            assert person.email not in page
    labels = list(thread.messages.values_list("author_label", "side"))
    assert labels == [
        ("Priya (Green Capital)", "investor"),
        ("Promoter (Tyseley Energy Ltd)", "promoter"),
        ("Council moderator (the council)", "council"),
    ]
    # the council officer who wrote is now told of new messages; others on the council are not
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(user=backer, thread=thread, body="Thank you both.")
    assert Notification.objects.filter(recipient=moderator, kind="message").count() == 1


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "changes_requested", "closed", "withdrawn"])
def test_enquiries_are_only_about_published_opportunities(status, make_opportunity, backer, client_for):
    opportunity = make_opportunity(status=status, title=f"Heat {status}")
    response = client_for(backer).post(f"/invest/{opportunity.slug}/enquire/", {"subject": "Hi", "body": "Hello"})
    assert response.status_code in (403, 404)
    assert not Thread.objects.exists()


def test_the_promoter_cannot_enquire_about_its_own_opportunity(opportunity, promoter, client_for):
    response = client_for(promoter).post(f"/invest/{opportunity.slug}/enquire/", {"subject": "Hi", "body": "Hello"})
    assert response.status_code == 403


def test_an_empty_enquiry_is_answered_with_messages_and_keeps_what_was_typed(opportunity, backer, client_for):
    response = client_for(backer).post(f"/invest/{opportunity.slug}/enquire/", {"subject": "Keep me", "body": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'value="Keep me"' in page
    assert not Thread.objects.exists()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 27.0, 0.0), 3: "W", 4: (1.0, 49.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_attachments_are_checked_and_photos_lose_their_location(thread, backer, promoter, client_for):
    url = f"/invest/messages/{thread.pk}/"
    bad = SimpleUploadedFile("plan.exe", b"MZ\x90\x00 not a document", content_type="application/octet-stream")
    response = client_for(backer).post(url, {"body": "See attached", "attachment": bad})
    assert response.status_code == 400
    assert "must be a JPEG, PNG or WebP" in response.content.decode()
    assert "See attached" in response.content.decode()  # the message is not lost
    photo = SimpleUploadedFile("site.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    assert client_for(backer).post(url, {"body": "The site", "attachment": photo}).status_code == 302
    message = Message.objects.exclude(attachment="").get()
    with message.attachment.open("rb") as handle:
        assert Image.open(handle).getexif().get_ifd(0x8825) == {}
    served = client_for(promoter).get(f"{url}{message.pk}/attachment/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert client_for(UserFactory()).get(f"{url}{message.pk}/attachment/").status_code == 403


def test_a_reported_message_goes_to_the_moderation_queue_and_can_be_hidden(
    thread, promoter, moderator, client_for, django_capture_on_commit_callbacks
):
    message = thread.messages.get()
    url = f"/invest/messages/{thread.pk}/{message.pk}/report/"
    assert client_for(promoter).post(url, {"reason": "nonsense"}).status_code == 400
    assert client_for(promoter).post(url, {"reason": "abuse", "note": "Rude"}).status_code == 302
    case = ModerationCase.objects.get(status="open")
    assert (case.object_id, case.content_type.model, case.kind) == (message.pk, "message", "flagged")
    assert Flag.objects.get().reporter == promoter
    queue = client_for(moderator).get("/engagement/moderation/")
    assert queue.status_code == 200 and "What return do you expect over ten years?" in queue.content.decode()
    again = client_for(promoter).post(url, {"reason": "spam"})
    assert again.status_code == 400 and "already reported" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.cases_act(moderator=moderator, case_ids=[case.pk], action="hide", reason="Abusive")
    page = client_for(promoter).get(f"/invest/messages/{thread.pk}/").content.decode()
    assert "This message was hidden by a moderator." in page
    assert "What return do you expect" not in page
    assert client_for(promoter).get(url).status_code == 200  # the report page still opens; nothing leaks there


def test_download_my_data_has_the_threads_and_erasure_unnames_the_messages(thread, backer, promoter):
    from accounts.services import account_erase, user_data_export

    exported = user_data_export(user=backer)
    threads = exported["sections"]["investors_messages"]["message_threads"]
    assert threads[0]["subject"] == "Terms of the equity round"
    assert threads[0]["messages"][0]["mine"] is True
    account_erase(user=backer)
    message = Message.objects.get()
    assert message.author is None and message.author_label == "An erased account"
    assert message.body  # the promoter keeps the conversation
    assert Thread.objects.get().started_by is None
