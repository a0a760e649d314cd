"""Badges, levels and leaderboards: badges count distinct, accepted things and go when the points
behind them are taken back; a new badge or level is told in notifications; weekly and monthly
points always equal the ledger; leaderboards show pseudonyms only, leave out staff and people who
opted out, and hide a ward's or group's board below five people; champions are crowned once."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership
from engagement import moderation
from engagement.models import Notification
from gamification import badges, leaderboards, points
from gamification.models import Badge, BadgeAward, ChampionTitle, LedgerEntry, PointsPeriod, PointsTotal
from tests.engagement_testapp.models import Thing
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def _things(n):
    return [Thing.objects.create(title=f"Thing {i}") for i in range(n)]


def _pay(person, rule_code, n, *, commit):
    with commit(execute=True):
        for thing in _things(n):
            points.award(person=person, rule_code=rule_code, obj=thing)


# --- Ledger, totals and periods -------------------------------------------------------------------
def test_running_totals_and_period_totals_always_equal_the_ledger(resident, neighbour, moderator):
    """Random payments and reversals over ten weeks across a month's end (some taken back weeks
    later): every stored total (all time, each week, each month) equals the ledger's sum."""
    rng = random.Random(20261202)
    people, things = [resident, neighbour], _things(12)
    rules = ["comment_helpful", "consultation_response", "report_confirmed", "report_accepted"]
    start = datetime(2026, 9, 20, 12, tzinfo=UTC)
    for step in range(80):
        with time_machine.travel(start + timedelta(days=step // 8), tick=False):
            person, thing, rule = rng.choice(people), rng.choice(things), rng.choice(rules)
            if rng.random() < 0.7:
                points.award(person=person, rule_code=rule, obj=thing)
            else:
                points.take_back(person=person, rule_code=rule, obj=thing, reason="test", by=moderator)
    for person in people:
        assert points.total_for(person=person) == points.recomputed_total(person=person)
        stored = {key: value for key, value in points.stored_periods(person=person).items() if value}
        recomputed = {key: value for key, value in points.recomputed_periods(person=person).items() if value}
        assert stored == recomputed and len({starts for _period, starts in stored}) > 3


def test_points_taken_back_leave_the_week_they_were_earned_in(resident, moderator):
    thing = Thing.objects.create(title="Bus gate")
    entry = points.award(person=resident, rule_code="comment_helpful", obj=thing)
    week = points.period_starts(entry.created_at)["week"]
    assert PointsPeriod.objects.get(person=resident, period="week", starts=week).points == 1
    points.take_back(person=resident, rule_code="comment_helpful", obj=thing, reason="spam", by=moderator)
    assert PointsPeriod.objects.get(person=resident, period="week", starts=week).points == 0


def test_a_standing_row_gets_a_pseudonym_that_never_shows_the_name(resident):
    standing = leaderboards.standing_ensure(resident)
    assert standing.pseudonym and resident.display_name not in standing.pseudonym
    renewed = leaderboards.pseudonym_renew(person=resident).pseudonym
    assert renewed and PointsTotal.objects.get(person=resident).pseudonym == renewed


# --- Badges and levels ------------------------------------------------------------------------------
def test_the_default_badges_exist_with_criteria_and_levels():
    found = {b.code: b for b in Badge.objects.all()}
    assert {"first-report", "fixer", "data-detective", "champion"} <= set(found)
    assert found["fixer"].levels == [1, 10, 50] and found["fixer"].criteria


def test_a_badge_level_is_earned_once_told_and_revoked_when_its_points_go(
    resident, moderator, django_capture_on_commit_callbacks
):
    things = _things(10)
    with django_capture_on_commit_callbacks(execute=True):
        points.award(person=resident, rule_code="report_fixed", obj=things[0])
    first = BadgeAward.objects.get(person=resident, badge__code="fixer")
    assert first.level == 1 and first.revoked_at is None
    told = Notification.objects.filter(recipient=resident, kind="reward").values_list("title", flat=True)
    assert any("Problem solver" in title for title in told)
    with django_capture_on_commit_callbacks(execute=True):
        for thing in things[1:]:
            points.award(person=resident, rule_code="report_fixed", obj=thing)
    assert set(BadgeAward.objects.filter(person=resident, badge__code="fixer").values_list("level", flat=True)) == {
        1,
        2,
    }
    # Paying the same thing again counts nothing more (distinct things only).
    with django_capture_on_commit_callbacks(execute=True):
        points.award(person=resident, rule_code="report_fixed", obj=things[0])
    assert badges.measure_count(person=resident, measure="reports_fixed") == 10
    with django_capture_on_commit_callbacks(execute=True):
        points.take_back(person=resident, rule_code="report_fixed", obj=things[3], reason="not fixed", by=moderator)
    held = BadgeAward.objects.filter(person=resident, badge__code="fixer", revoked_at__isnull=True)
    assert list(held.values_list("level", flat=True)) == [1]
    assert BadgeAward.objects.filter(person=resident, badge__code="fixer").count() == 2  # revoked, not deleted


def test_a_new_level_is_told(resident, django_capture_on_commit_callbacks):
    _pay(resident, "report_accepted", 2, commit=django_capture_on_commit_callbacks)  # 2 x 10 = 20: level 2
    assert badges.level_for(points.total_for(person=resident)).number == 2
    assert Notification.objects.filter(recipient=resident, kind="reward", title__contains="level 2").exists()


def test_levels_follow_the_table():
    assert [badges.level_for(n).number for n in (0, 19, 20, 59, 60, 1000, 5000)] == [1, 1, 2, 2, 3, 6, 6]
    assert badges.level_for(25).next_at == 60 and badges.level_for(5000).next_at is None


# --- Leaderboards -----------------------------------------------------------------------------------
@pytest.fixture
def ward(district):
    from places.models import Area

    return Area.objects.get(code="W")


def _people_in(ward, n, *, prefix):
    people = []
    for i in range(n):
        person = UserFactory(display_name=f"{prefix} Realname {i}")
        person.profile.home_area = ward
        person.profile.save()
        people.append(person)
    return people


def test_a_board_shows_pseudonyms_only_and_leaves_out_staff_and_people_who_opted_out(
    client_for, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    for person, n in ((resident, 3), (neighbour, 1), (moderator, 5)):
        _pay(person, "report_accepted", n, commit=django_capture_on_commit_callbacks)
    board = leaderboards.board(period="week", viewer=resident)
    assert [(r.rank, r.points) for r in board.rows] == [(1, 30), (2, 10)]  # no moderator
    assert board.you.points == 30
    page = client_for(None).get("/rewards/leaderboards/?period=all").content.decode()
    assert PointsTotal.objects.get(person=resident).pseudonym in page
    assert resident.display_name not in page and moderator.display_name not in page
    account_services.profile_update(user=neighbour, home_area=None, on_leaderboards=False)
    assert [r.points for r in leaderboards.board(period="all").rows] == [30]


def test_a_wards_board_is_shown_only_from_five_people(ward, django_capture_on_commit_callbacks):
    people = _people_in(ward, 4, prefix="Ward")
    for i, person in enumerate(people):
        _pay(person, "report_accepted", i + 1, commit=django_capture_on_commit_callbacks)
    assert not leaderboards.board(period="month", area=ward).shown
    fifth = _people_in(ward, 1, prefix="Fifth")[0]
    _pay(fifth, "report_accepted", 1, commit=django_capture_on_commit_callbacks)
    board = leaderboards.board(period="month", area=ward)
    assert board.shown and board.people == 5
    assert [r.rank for r in board.rows] == [1, 2, 3, 4, 4]  # equal points, equal rank


def test_a_community_groups_board_counts_its_members(community_group, ward, django_capture_on_commit_callbacks):
    members = _people_in(ward, 5, prefix="Member")
    outsider = _people_in(ward, 1, prefix="Outsider")[0]
    for person in members:
        Membership.objects.create(organisation=community_group, user=person)
        _pay(person, "consultation_response", 1, commit=django_capture_on_commit_callbacks)
    _pay(outsider, "report_accepted", 3, commit=django_capture_on_commit_callbacks)
    board = leaderboards.board(period="all", group=community_group)
    assert board.shown and board.people == 5 and all(r.points == 3 for r in board.rows)


def test_last_weeks_points_are_not_on_this_weeks_board(resident, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now() - timedelta(days=7)):
        _pay(resident, "report_accepted", 1, commit=django_capture_on_commit_callbacks)
    assert leaderboards.board(period="week").rows == []
    assert [r.points for r in leaderboards.board(period="all").rows] == [10]


def test_the_leaderboard_page_reads_a_fixed_number_of_queries(
    client_for, resident, ward, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    def load(n):
        for person in _people_in(ward, n, prefix=f"Q{n}"):
            _pay(person, "consultation_response", 1, commit=django_capture_on_commit_callbacks)

    client = client_for(resident)
    load(5)
    with django_assert_max_num_queries(20) as small:
        assert client.get(f"/rewards/leaderboards/?period=all&area={ward.code}").status_code == 200
    load(30)
    with django_assert_max_num_queries(20) as large:
        assert client.get(f"/rewards/leaderboards/?period=month&area={ward.code}").status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_a_bad_board_choice_is_a_clear_400(client_for, resident):
    response = client_for(resident).get("/rewards/leaderboards/?period=decade")
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


# --- Champions --------------------------------------------------------------------------------------
def test_a_wards_champion_of_the_month_is_crowned_once_with_a_badge(ward, django_capture_on_commit_callbacks):
    people = _people_in(ward, 5, prefix="Champ")
    for i, person in enumerate(people):
        _pay(person, "consultation_response", i + 1, commit=django_capture_on_commit_callbacks)
    month = points.period_starts(timezone.now())["month"]
    with django_capture_on_commit_callbacks(execute=True):
        crowned = leaderboards.champions_crown(month=month)
    assert [t.person for t in crowned] == [people[4]]
    assert leaderboards.champions_crown(month=month) == []  # once per ward and month
    assert BadgeAward.objects.filter(person=people[4], badge__code="champion", level=1).exists()
    assert ChampionTitle.objects.count() == 1


def test_a_tie_at_the_top_crowns_nobody_and_a_small_board_nobody(ward, django_capture_on_commit_callbacks):
    people = _people_in(ward, 5, prefix="Tie")
    for person in people:
        _pay(person, "consultation_response", 2, commit=django_capture_on_commit_callbacks)
    month = points.period_starts(timezone.now())["month"]
    assert leaderboards.champions_crown(month=month) == []
    other = AreaFactory(kind="ward", code="W2", name="Small ward")
    assert leaderboards.champions_crown(month=date(2020, 1, 1)) == [] and other.pk


# --- Pages ------------------------------------------------------------------------------------------
def test_your_rewards_page_shows_points_level_badges_and_ledger(
    client_for, resident, moderator, django_capture_on_commit_callbacks
):
    thing = Thing.objects.create(title="Pothole")
    with django_capture_on_commit_callbacks(execute=True):
        points.award(person=resident, rule_code="report_accepted", obj=thing)
        points.take_back(person=resident, rule_code="report_accepted", obj=thing, reason="It was a test", by=moderator)
        points.award(person=resident, rule_code="report_fixed", obj=thing)
    page = client_for(resident).get("/rewards/").content.decode()
    assert "Problem solver" in page and "Taken back" in page and "It was a test" in page
    assert PointsTotal.objects.get(person=resident).pseudonym in page
    assert client_for(None).get("/rewards/").status_code == 302


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 302), ("resident", 403), ("moderator", 200)])
def test_only_moderators_see_a_persons_ledger(request, client_for, persona, status, neighbour):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(f"/rewards/people/{neighbour.pk}/").status_code == status


def test_a_moderator_takes_points_back_with_a_reason_the_person_sees(
    client_for, moderator, neighbour, django_capture_on_commit_callbacks
):
    entry = points.award(person=neighbour, rule_code="comment_helpful", obj=Thing.objects.create(title="x"))
    staff = client_for(moderator)
    empty = staff.post(f"/rewards/people/{neighbour.pk}/", {"entry": entry.pk, "reason": ""})
    assert empty.status_code == 422 and points.total_for(person=neighbour) == 1
    with django_capture_on_commit_callbacks(execute=True):
        done = staff.post(f"/rewards/people/{neighbour.pk}/", {"entry": entry.pk, "reason": "Farming helpful marks"})
    assert done.status_code == 302 and points.total_for(person=neighbour) == 0
    reversal = LedgerEntry.objects.get(reverses=entry)
    assert reversal.by == moderator and reversal.reason == "Farming helpful marks"
    again = staff.post(f"/rewards/people/{neighbour.pk}/", {"entry": entry.pk, "reason": "Again"})
    assert again.status_code == 422
    assert staff.get(f"/rewards/people/{neighbour.pk}/?page=x").status_code == 400


def test_the_badges_page_is_public(client_for):
    page = client_for(None).get("/rewards/badges/").content.decode()
    assert "Data detective" in page and "Neighbourhood champion of the month" in page


def test_the_boards_follow_a_new_role_a_block_and_a_move_of_home(ward, moderator, django_capture_on_commit_callbacks):
    people = _people_in(ward, 7, prefix="Follow")
    for i, person in enumerate(people):
        _pay(person, "consultation_response", i + 1, commit=django_capture_on_commit_callbacks)
    assert leaderboards.board(period="all", area=ward).people == 7
    account_services.role_grant(user=people[6], role="moderator")  # staff are not ranked
    moderation.user_block(moderator=moderator, user=people[5], reason="Spam")  # nor blocked people
    board = leaderboards.board(period="week", area=ward)
    assert board.people == 5 and [r.points for r in board.rows] == [15, 12, 9, 6, 3]
    other = AreaFactory(kind="ward", code="W9", name="Another ward")
    account_services.profile_update(user=people[0], home_area=other)  # moved away
    assert leaderboards.board(period="month", area=ward).people == 4
    assert leaderboards.board(period="month", area=other).people == 1
    account_services.role_revoke(user=people[6], role="moderator")
    assert leaderboards.board(period="all", area=ward).people == 5
