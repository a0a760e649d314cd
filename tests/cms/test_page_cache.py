"""Wagtail pages come from the anonymous page cache, and are never stale: publishing,
unpublishing, moving or deleting a page shows at once; private pages are never stored."""

import pytest
from wagtail.models import Page, PageViewRestriction

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return (
        Page.get_first_root_node()
        .get_children()
        .first()
        .add_child(instance=StandardPage(title="Bin collections", slug="bins", intro="Every Tuesday."))
    )


def _get(client, path):
    response = client.get(path)
    return response.status_code, response.get("X-Page-Cache"), response.content.decode()


def test_a_page_is_served_from_the_cache_until_it_is_published_again(client, page):
    url = page.url
    assert _get(client, url)[:2] == (200, "miss")
    assert _get(client, url)[:2] == (200, "hit")
    page.intro = "Every Wednesday from June."
    page.save_revision().publish()
    status, cache, html = _get(client, url)
    assert (status, cache) == (200, "miss") and "Every Wednesday from June." in html


def test_unpublishing_and_deleting_take_the_page_away_at_once(client, page):
    url = page.url
    _get(client, url), _get(client, url)
    page.unpublish()
    assert _get(client, url)[0] == 404
    page.save_revision().publish()
    _get(client, url)
    page.delete()
    assert _get(client, url)[0] == 404


def test_a_private_page_is_never_stored(client, page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        status, cache, _html = _get(client, page.url)
        assert status == 302 and cache is None


def test_wagtails_own_helpers_are_still_reached(client):
    assert client.get("/_util/login/").status_code == 200
