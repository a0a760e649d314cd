"""Profile: home area, preferred language, ranked priorities (reorderable without JavaScript)."""

import pytest

from accounts.themes import DEFAULT_PRIORITIES, Theme
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_it_saves_home_area_display_name_and_language(client_for, resident):
    ward = AreaFactory(name="Tyseley & Hay Mills")
    client = client_for(resident)
    response = client.post("/account/", {"display_name": "Amina from Tyseley", "home_area": ward.pk, "language": "pl"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Amina from Tyseley"
    assert resident.profile.home_area == ward
    assert resident.profile.language == "pl"
    # The saved language applies from the next page on.
    assert 'lang="pl"' in client.get("/account/").content.decode()


def test_it_rerenders_the_profile_form_with_errors_and_keeps_input(client_for, resident):
    ward = AreaFactory()
    response = client_for(resident).post("/account/", {"display_name": "  ", "home_area": ward.pk, "language": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a display name." in html or "This field is required." in html
    assert "Select a valid choice" in html
    assert f'<option value="{ward.pk}" selected>' in html
    resident.refresh_from_db()
    assert resident.display_name == "Amina"


def test_it_moves_a_priority_up_without_javascript(client_for, resident):
    client = client_for(resident)
    third = DEFAULT_PRIORITIES[2]
    response = client.post("/account/priorities/move/", {"move": f"{third}:up"})
    assert response.status_code == 302
    assert response["Location"] == f"/account/#priority-{third}"
    resident.profile.refresh_from_db()
    assert resident.profile.priorities[1] == third
    assert sorted(resident.profile.priorities) == sorted(DEFAULT_PRIORITIES)


def test_it_moves_a_priority_down_with_htmx_and_returns_the_list(client_for, resident):
    client = client_for(resident)
    first = DEFAULT_PRIORITIES[0]
    response = client.post("/account/priorities/move/", {"move": f"{first}:down"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "civic-priority--moved" in html
    assert "is now number 2" in html
    resident.profile.refresh_from_db()
    assert resident.profile.priorities[:2] == [DEFAULT_PRIORITIES[1], first]


def test_moving_the_last_theme_down_changes_nothing(client_for, resident):
    last = DEFAULT_PRIORITIES[-1]
    client_for(resident).post("/account/priorities/move/", {"move": f"{last}:down"})
    resident.profile.refresh_from_db()
    assert resident.profile.priorities == DEFAULT_PRIORITIES


@pytest.mark.parametrize("move", ["nonsense:up", f"{Theme.HOUSING}:sideways", ""])
def test_it_rejects_an_unknown_move_with_a_message(client_for, resident, move):
    response = client_for(resident).post("/account/priorities/move/", {"move": move}, follow=True)
    assert response.status_code == 200
    assert "Choose a theme and whether to move it up or down." in response.content.decode()
    resident.profile.refresh_from_db()
    assert resident.profile.priorities == DEFAULT_PRIORITIES


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_priorities_page_uses_a_constant_number_of_queries(client_for, resident, django_assert_max_num_queries):
    client = client_for(resident)
    client.get("/account/")
    with django_assert_max_num_queries(12):
        assert client.get("/account/").status_code == 200
