"""The one parser for ids and numbers from requests: ASCII digits only, bounded, finite, with a
message naming the parameter; and what config answers when a view raises it."""

import json

import pytest
from django.test import RequestFactory

from config.middleware import BadParameterMiddleware
from params import MAX_ID, BadParameter, parse_float, parse_id, parse_ids, parse_int, parse_target

HOSTILE = [
    "²",
    "٣",
    "1²",
    "9" * 30,
    str(MAX_ID + 1),
    "",
    " ",
    "\x00",
    "1\x00",
    "nan",
    "inf",
    "1e3",
    "0x10",
    "x" * 10_000,
]


@pytest.mark.parametrize("raw", [*HOSTILE, "0", "-1", None, True, 1.5, [1]])
def test_parse_id_refuses_anything_but_a_bigint_id(raw):
    with pytest.raises(BadParameter) as problem:
        parse_id(raw, name="notification")
    assert problem.value.name == "notification" and str(problem.value.message)


@pytest.mark.parametrize("raw, value", [("1", 1), (" 42 ", 42), (str(MAX_ID), MAX_ID), (7, 7)])
def test_parse_id_reads_real_ids(raw, value):
    assert parse_id(raw, name="id") == value


def test_parse_int_bounds_and_default():
    assert parse_int("2020", name="year", minimum=2015, maximum=2026) == 2020
    assert parse_int("", name="year", minimum=2015, maximum=2026, default=None) is None
    with pytest.raises(BadParameter, match="from 2,015 to 2,026"):
        parse_int("2014", name="year", minimum=2015, maximum=2026)
    for raw in HOSTILE[:4]:
        with pytest.raises(BadParameter):
            parse_int(raw, name="year", minimum=0, maximum=10**30)


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e5", "²", "52,4", float("nan"), float("inf"), "9" * 40])
def test_parse_float_refuses_what_is_not_a_plain_finite_number(raw):
    with pytest.raises(BadParameter):
        parse_float(raw, name="latitude", minimum=-90, maximum=90)


def test_parse_float_reads_coordinates():
    assert parse_float("52.4712", name="latitude", minimum=-90, maximum=90) == 52.4712
    assert parse_float(-1.8, name="longitude", minimum=-180, maximum=180) == -1.8
    with pytest.raises(BadParameter):
        parse_float("91", name="latitude", minimum=-90, maximum=90)


def test_parse_ids_keeps_order_drops_repeats_and_caps_the_count():
    assert parse_ids(["3", "1", "3"], name="id", limit=4) == [3, 1]
    assert parse_ids(["", " ", "2"], name="id", limit=1) == [2]  # blank form values are no choice
    with pytest.raises(BadParameter, match="at most 4"):
        parse_ids(["1", "2", "3", "4", "5"], name="id", limit=4)
    with pytest.raises(BadParameter):
        parse_ids(["1", "²"], name="id", limit=4)


def test_parse_target():
    assert parse_target("Proposals.Idea:12") == ("proposals.idea", 12)
    for raw in ["proposals.idea:²", "proposals.idea:", ":1", "idea:1", "proposals.idea:" + "9" * 30, "a.b:1\x00", 5]:
        with pytest.raises(BadParameter):
            parse_target(raw)


def test_config_answers_a_bad_parameter_with_a_400_page_or_json_body(rf: RequestFactory):
    def view(request):
        return parse_id(request.GET.get("id"), name="id")

    middleware = BadParameterMiddleware(view)
    page = middleware.process_exception(rf.get("/twin/?id=²"), BadParameter("id", "Give the id of an item."))
    assert page.status_code == 400 and "Give the id of an item." in page.content.decode()
    api = middleware.process_exception(rf.get("/api/v1/x/"), BadParameter("id", "Give the id of an item."))
    assert api.status_code == 400 and json.loads(api.content) == {"id": ["Give the id of an item."]}
    nul = middleware(rf.get("/ideas/", {"q": "a\x00b"}))
    assert nul.status_code == 400 and "NUL" in nul.content.decode()


@pytest.mark.django_db
def test_an_id_out_of_the_columns_range_matches_no_row_in_an_in_lookup():
    from django import forms

    from places.models import Area
    from tests.factories import AreaFactory

    area = AreaFactory()
    too_big = 10**30
    assert list(Area.objects.filter(pk__in=[too_big])) == []
    assert list(Area.objects.filter(pk__in=[too_big, area.pk, -too_big])) == [area]
    field = forms.ModelMultipleChoiceField(Area.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(["9" * 30])
    assert list(field.clean([str(area.pk)])) == [area]
