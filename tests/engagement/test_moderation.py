"""Moderation: the queue, bulk actions with an audit log, authors told why, blocking, held
posts, posting limits – and who may do any of it."""

import pytest
from django.core import mail

from engagement import moderation, services
from engagement.models import Comment, Flag, ModerationAction, ModerationCase, Notification
from tests.engagement_testapp.models import Thing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
QUEUE = "/engagement/moderation/"


@pytest.fixture
def thing(db):
    return Thing.objects.create(title="Cycle lane on Warwick Road")


def _flagged_comments(thing, n):
    authors = UserFactory.create_batch(5)
    reporter = UserFactory()
    comments = []
    for i in range(n):
        c = services.comment_create(author=authors[i % 5], target=thing, body=f"Rude comment number {i}")
        services.flag_create(reporter=reporter, target=c, reason=Flag.Reason.ABUSE)
        comments.append(c)
    return comments


def test_a_moderator_hides_50_flagged_comments_in_one_action_and_restores_them(
    client_for, moderator, thing, django_capture_on_commit_callbacks
):
    comments = _flagged_comments(thing, 50)
    cases = ModerationCase.objects.filter(kind=ModerationCase.Kind.FLAGGED, status="open")
    assert cases.count() == 50 and all(c.flag_count == 1 for c in cases)
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            QUEUE,
            {"cases": [c.pk for c in cases], "action": "hide", "reason": "Personal abuse breaks the house rules"},
        )
    assert response.status_code == 302
    assert Comment.objects.filter(pk__in=[c.pk for c in comments], hidden_at__isnull=False).count() == 50
    assert not ModerationCase.objects.filter(status="open", kind="flagged").exists()
    assert not Flag.objects.filter(reviewed_at__isnull=True).exists()
    # the audit log: who, when, why and the original text
    log = ModerationAction.objects.filter(action="hide")
    assert log.count() == 50
    entry = log.get(object_id=comments[7].pk)
    assert entry.moderator == moderator and entry.reason == "Personal abuse breaks the house rules"
    assert entry.original_text == "Rude comment number 7" and entry.created_at
    page = client.get("/engagement/moderation/log/?action=hide").content.decode()
    assert "Rude comment number" in page and "Personal abuse breaks the house rules" in page
    # each author is told why, in the app and by email
    told = Notification.objects.filter(kind="moderation")
    assert told.count() == 50
    assert all("Personal abuse breaks the house rules" in n.body for n in told)
    assert len(mail.outbox) == 50 and "Personal abuse" in mail.outbox[0].body
    # the thread shows placeholders; the words are kept
    assert Comment.objects.get(pk=comments[0].pk).body == "Rude comment number 0"
    # restoring brings everything back exactly
    hidden_ids = [c.pk for c in comments]
    keys = [f"engagement.comment:{pk}" for pk in hidden_ids]
    response = client.post("/engagement/moderation/hidden/", {"items": keys, "reason": "Appeal upheld"})
    assert response.status_code == 302
    assert Comment.objects.filter(pk__in=hidden_ids, hidden_at__isnull=True, hidden_reason="").count() == 50
    assert ModerationAction.objects.filter(action="restore").count() == 50


def test_bulk_hide_query_count_does_not_grow_with_the_batch(moderator, thing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 5, 40):  # the first warms the content-type cache
        _flagged_comments(thing, n)
        ids = list(ModerationCase.objects.filter(status="open").values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            assert moderation.cases_act(moderator=moderator, case_ids=ids, action="hide", reason="Spam") == n
        counts.append(len(queries))
    assert counts[1] == counts[2], counts


def test_hiding_needs_a_reason_and_nothing_changes_without_one(client_for, moderator, thing):
    _flagged_comments(thing, 2)
    ids = list(ModerationCase.objects.values_list("pk", flat=True))
    response = client_for(moderator).post(QUEUE, {"cases": ids, "action": "hide", "reason": " "})
    assert response.status_code == 422
    assert "Say why these items are being hidden" in response.content.decode()
    assert not Comment.objects.filter(hidden_at__isnull=False).exists()
    response = client_for(moderator).post(QUEUE, {"action": "review"})
    assert response.status_code == 422 and "Select at least one item" in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "resident", "investor", "policy_lead", "moderator", "administrator"])
@pytest.mark.parametrize("page", [QUEUE, "/engagement/moderation/hidden/", "/engagement/moderation/log/"])
def test_only_moderators_and_administrators_see_moderation_pages(request, client_for, persona, page):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(page)
    expected = {"anonymous": 302, "moderator": 200, "administrator": 200}.get(persona, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["resident", "policy_lead"])
def test_people_who_are_not_moderators_cannot_act_on_the_queue(request, client_for, persona, thing):
    _flagged_comments(thing, 1)
    ids = list(ModerationCase.objects.values_list("pk", flat=True))
    response = client_for(request.getfixturevalue(persona)).post(QUEUE, {"cases": ids, "action": "hide", "reason": "x"})
    assert response.status_code == 403
    assert not Comment.objects.filter(hidden_at__isnull=False).exists()


def test_queue_filters_and_dashboard(client_for, moderator, thing):
    _flagged_comments(thing, 3)
    services.comment_create(author=UserFactory(), target=thing, body="A new, polite comment")
    client = client_for(moderator)
    page = client.get(QUEUE).content.decode()
    assert "4 items waiting" in page and "Oldest waiting" in page
    assert "1 item waiting" in client.get(QUEUE + "?kind=new").content.decode()
    assert "3 items waiting" in client.get(QUEUE + "?reason=abuse").content.decode()
    assert "0 items waiting" in client.get(QUEUE + "?reason=spam").content.decode()
    ids = list(ModerationCase.objects.filter(kind="new").values_list("pk", flat=True))
    client.post(QUEUE, {"cases": ids, "action": "assign_me"})
    assert "1 item waiting" in client.get(QUEUE + "?assigned=me").content.decode()
    assert client.get(QUEUE + "?type=abc&area=zzz").status_code == 200  # bad filters are ignored


@pytest.mark.parametrize("count", [3, 30])
def test_queue_query_count_does_not_grow(client_for, moderator, thing, django_assert_num_queries, count):
    _flagged_comments(thing, count)
    client = client_for(moderator)
    client.get(QUEUE)
    # user, summary, filter choices (types x N registered, wards), count, page, ...: fixed
    with django_assert_num_queries(6, exact=False):
        assert client.get(QUEUE).status_code == 200


def test_a_blocked_person_is_refused_with_a_clear_message_and_unblocking_restores(
    client_for, moderator, resident, thing, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/engagement/moderation/people/{resident.pk}/", {"do": "block", "reason": "Repeated abuse"}
        )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.blocked_at and resident.blocked_reason == "Repeated abuse"
    assert Notification.objects.filter(recipient=resident, kind="moderation").exists()
    blocked = client_for(resident)
    response = blocked.post(f"/engagement/engagement_testapp.thing/{thing.pk}/comments/", {"body": "Let me in"})
    assert response.status_code == 403
    assert "blocked your account" in response.content.decode() and "Repeated abuse" in response.content.decode()
    assert not Comment.objects.filter(author=resident).exists()
    client.post(f"/engagement/moderation/people/{resident.pk}/", {"do": "unblock"})
    resident.refresh_from_db()
    assert resident.blocked_at is None
    assert (
        client_for(resident)
        .post(f"/engagement/engagement_testapp.thing/{thing.pk}/comments/", {"body": "Thanks"})
        .status_code
        == 302
    )
    assert list(ModerationAction.objects.filter(subject=resident).values_list("action", flat=True)) == [
        "unblock",
        "block",
    ]


def test_blocking_needs_a_reason_and_never_blocks_a_moderator(client_for, moderator, administrator):
    client = client_for(moderator)
    response = client.post(f"/engagement/moderation/people/{administrator.pk}/", {"do": "block", "reason": ""})
    assert response.status_code == 422
    response = client.post(f"/engagement/moderation/people/{administrator.pk}/", {"do": "block", "reason": "x"})
    assert response.status_code == 422 and "cannot be blocked" in response.content.decode()


def test_a_new_accounts_first_post_with_a_link_waits_for_review(client_for, moderator, resident, neighbour, thing):
    comment = services.comment_create(author=resident, target=thing, body="Cheap deals at www.example-shop.com")
    assert comment.held and comment.hidden_at
    assert (
        "Cheap deals"
        not in client_for(neighbour).get(f"/engagement/engagement_testapp.thing/{thing.pk}/comments/").content.decode()
    )
    case = ModerationCase.objects.get(object_id=comment.pk, kind="held")
    client_for(moderator).post(QUEUE, {"cases": [case.pk], "action": "approve"})
    comment.refresh_from_db()
    assert not comment.held and comment.hidden_at is None
    # no link, or an established account: published at once
    assert not services.comment_create(author=resident, target=thing, body="No links here").held


def test_posting_too_fast_is_refused_with_a_clear_message(settings, client_for, resident, thing):
    settings.POSTING_RATES = {"comment": "2/m"}
    client = client_for(resident)
    url = f"/engagement/engagement_testapp.thing/{thing.pk}/comments/"
    assert client.post(url, {"body": "one"}).status_code == 302
    assert client.post(url, {"body": "two"}).status_code == 302
    response = client.post(url, {"body": "three"})
    assert response.status_code == 422
    assert "You have posted a lot in a short time" in response.content.decode()
    assert "three" in response.content.decode()  # what they typed is kept
    assert Comment.objects.count() == 2
