"""Comment, helpful, follow and report pages: with and without JavaScript (htmx)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engagement import services
from engagement.models import Comment, Flag, Follow
from engagement.threads import CSRF_PLACEHOLDER
from pagecache import content_bump
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(thing, action="comments"):
    return f"/engagement/engagement_testapp.thing/{thing.pk}/{action}/"


def test_thread_partial_lists_comments_and_replies(client, thing, resident, neighbour):
    top = services.comment_create(author=resident, target=thing, body="Keep the plane trees")
    services.comment_create(author=neighbour, target=thing, body="Yes please", parent=top)
    html = client.get(_url(thing)).content.decode()
    assert "Keep the plane trees" in html and "Yes please" in html
    assert "2 comments" in html
    assert "Sign in to comment" in html


def test_posting_without_javascript_redirects_to_the_new_comment(client_for, thing, resident):
    response = client_for(resident).post(_url(thing), {"body": "Good idea"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/things/{thing.pk}/#comment-{comment.pk}"


def test_posting_with_htmx_returns_the_updated_thread(client_for, thing, resident):
    response = client_for(resident).post(_url(thing), {"body": "Good idea"}, **HTMX)
    assert response.status_code == 200
    assert "Good idea" in response.content.decode()


def test_an_empty_comment_shows_the_error_and_a_long_one_keeps_the_text(client_for, thing, resident):
    client = client_for(resident)
    response = client.post(_url(thing), {"body": "   "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    long_text = "a" * 4001
    response = client.post(_url(thing), {"body": long_text}, **HTMX)
    html = response.content.decode()
    assert "at most 4000 characters" in html
    assert long_text in html
    assert not Comment.objects.exists()


def test_anonymous_people_are_sent_to_sign_in_and_back(client, thing):
    response = client.post(_url(thing), {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.exists()


def test_a_closed_stage_answers_403_with_the_reason(client_for, closed_thing, resident):
    response = client_for(resident).post(_url(closed_thing), {"body": "Too late?"})
    assert response.status_code == 403
    assert "This discussion has closed." in response.content.decode()
    html = client_for(resident).get(_url(closed_thing)).content.decode()
    assert "This discussion has closed." in html and "Post comment" not in html


def test_unknown_items_are_404(client):
    assert client.get("/engagement/accounts.user/1/comments/").status_code == 404
    assert client.get("/engagement/engagement_testapp.thing/999/comments/").status_code == 404


def test_edit_page_for_author_only_and_within_the_window(client_for, thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Orignal")
    url = f"/engagement/comments/{comment.pk}/edit/"
    assert client_for(neighbour).get(url).status_code == 403
    response = client_for(resident).post(url, {"body": "Original"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Original" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    response = client_for(resident).get(url)
    assert response.status_code == 403
    assert "15 minutes" in response.content.decode()


def test_delete_and_helpful(client_for, thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Point")
    response = client_for(neighbour).post(f"/engagement/comments/{comment.pk}/helpful/", **HTMX)
    assert 'aria-pressed="true"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.helpful_count == 1
    assert client_for(neighbour).post(f"/engagement/comments/{comment.pk}/delete/").status_code == 403
    assert client_for(resident).post(f"/engagement/comments/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_follow_and_unfollow(client_for, thing, resident):
    client = client_for(resident)
    client.post(_url(thing, "follow"), {"following": "1"})
    assert Follow.objects.filter(user=resident).count() == 1
    client.post(_url(thing, "follow"), {"following": "0"})
    assert not Follow.objects.exists()


def test_report_form_keeps_input_and_refuses_a_second_report(client_for, thing, resident):
    client = client_for(resident)
    assert client.get(_url(thing, "report")).status_code == 200
    response = client.post(_url(thing, "report"), {"reason": "", "note": "It is an advert"})
    assert response.status_code == 422
    assert "It is an advert" in response.content.decode()
    assert client.post(_url(thing, "report"), {"reason": "spam", "note": "Advert"}).status_code == 302
    response = client.post(_url(thing, "report"), {"reason": "abuse"})
    assert response.status_code == 422
    assert "You have already reported this." in response.content.decode()
    assert Flag.objects.count() == 1


@pytest.mark.parametrize("count", [3, 25])
def test_thread_partial_query_count_does_not_grow(client_for, thing, resident, django_assert_num_queries, count):
    people = UserFactory.create_batch(3)
    for i in range(count):
        top = services.comment_create(author=people[i % 3], target=thing, body=f"Comment {i}")
        services.comment_create(author=people[(i + 1) % 3], target=thing, body="Reply", parent=top)
    client = client_for(resident)
    client.get(_url(thing))
    content_bump()  # no thread cached: user, target, both counts, comments, replies, the viewer's own
    with django_assert_num_queries(6):
        assert client.get(_url(thing)).status_code == 200
    # the shared page is cached: user, target and the comments personal to the viewer (the
    # session comes from the cache too)
    with django_assert_num_queries(3):
        assert client.get(_url(thing)).status_code == 200


def test_a_cached_thread_shows_each_person_their_own_comments_and_helpful_marks(client_for, thing, resident, neighbour):
    mine = services.comment_create(author=resident, target=thing, body="Mine")
    theirs = services.comment_create(author=neighbour, target=thing, body="Theirs")
    services.comment_helpful_toggle(comment=theirs, user=resident)
    for _ in range(2):  # the second time from the shared cache
        as_resident = client_for(resident).get(_url(thing)).content.decode()
        as_neighbour = client_for(neighbour).get(_url(thing)).content.decode()
        resident_mine = as_resident.split(f'id="comment-{mine.pk}"')[1].split("</article>")[0]
        resident_theirs = as_resident.split(f'id="comment-{theirs.pk}"')[1].split("</article>")[0]
        assert "/edit/" in resident_mine and "Report" not in resident_mine
        assert 'aria-pressed="true"' in resident_theirs and "Report" in resident_theirs
        neighbour_mine = as_neighbour.split(f'id="comment-{mine.pk}"')[1].split("</article>")[0]
        neighbour_theirs = as_neighbour.split(f'id="comment-{theirs.pk}"')[1].split("</article>")[0]
        assert "/edit/" not in neighbour_mine and 'aria-pressed="false"' in neighbour_mine
        assert "/edit/" in neighbour_theirs and 'aria-pressed="true"' not in neighbour_theirs
        assert CSRF_PLACEHOLDER not in as_resident + as_neighbour


def test_the_csrf_token_in_a_cached_thread_is_the_viewers_own(thing, resident, neighbour):
    from django.test import Client

    theirs = services.comment_create(author=neighbour, target=thing, body="Theirs")
    warm = Client(enforce_csrf_checks=True)
    warm.force_login(neighbour)
    warm.get(_url(thing))  # caches the shared page with the neighbour's request
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    html = client.get(_url(thing)).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(f"/engagement/comments/{theirs.pk}/helpful/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert theirs.reactions.filter(user=resident).exists()


def test_a_renamed_author_is_shown_by_the_new_name_at_once(client, thing, resident):
    services.comment_create(author=resident, target=thing, body="Hello")
    assert "Amina" in client.get(_url(thing)).content.decode()
    resident.display_name = "Amina K."
    resident.save(update_fields=["display_name"])
    assert "Amina K." in client.get(_url(thing)).content.decode()


def test_big_threads_come_twenty_conversations_at_a_time(client, thing, resident):
    Comment.objects.bulk_create(Comment(target=thing, author=resident, body=f"Comment number {i}") for i in range(60))
    first = client.get(_url(thing)).content.decode()
    assert "Comment number 19<" in first and "Comment number 20<" not in first and "Later comments" in first
    third = client.get(_url(thing) + "?comments_page=3").content.decode()
    assert "Comment number 59<" in third and "Earlier comments" in third and "Later comments" not in third


def test_a_comments_report_link_opens_the_report_form(client_for, thing, resident, neighbour):
    comment = services.comment_create(author=neighbour, target=thing, body="Buy cheap watches")
    client = client_for(resident)
    html = client.get(_url(thing)).content.decode()
    link = f"/engagement/comments/{comment.pk}/report/"
    assert link in html
    assert client.get(link).status_code == 200
    assert client.post(link, {"reason": "spam"}).status_code == 302
    assert Flag.objects.get().target == comment
