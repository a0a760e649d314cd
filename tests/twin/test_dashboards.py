"""Dashboards: series with their tables, gated figures, constant queries, explained errors."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_dashboard_shows_series_with_tables_and_hides_gated_data(client_for, resident, data):
    page = client_for(None).get("/twin/?area=D&from=2019&to=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-kpi="employment_rate"' in html
    assert "combined from 2 areas" in html  # district = its two wards
    assert 'data-kpi="emissions_per_person"' not in html and "Restricted: sign in and accept the terms" in html
    csv_link = client_for(None).get("/twin/kpis/employment_rate.csv?area=W1&from=2020&to=2021")
    rows = list(csv.reader(io.StringIO(b"".join(csv_link.streaming_content).decode())))
    assert rows[1][:3] == ["kpi", "area_code", "area_name"] and [r[5] for r in rows[2:]] == ["61.0", "62.0"]


def test_dashboard_queries_do_not_grow_with_years(client_for, data):
    counts = []
    for years in ("from=2020&to=2022", "from=2015&to=2026"):
        cache.clear()  # both measured cold: nothing from the page cache or the visitors' access
        with CaptureQueriesContext(connection) as queries:
            assert client_for(None).get(f"/twin/?area=W1&{years}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 8, counts


def test_dashboard_bad_years_are_explained(client_for, data):
    page = client_for(None).get("/twin/?from=2025&to=2019&area=nowhere&theme=bogus")
    assert page.status_code == 200
    assert "must be the same year" in page.content.decode()
