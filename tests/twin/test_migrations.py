"""The data migration that gave scenarios several areas keeps every saved scenario's area,
adjustments and interventions (run forwards and backwards on the real database)."""

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("twin", "0001_initial")]
AFTER = [("twin", "0002_scenario_areas")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_one_area_scenarios_become_their_first_area_and_back():
    old = _migrate(BEFORE)
    try:
        Area = old.get_model("places", "Area")
        Scenario = old.get_model("twin", "Scenario")
        square = MultiPolygon(Polygon(((-1.8, 52.4), (-1.8, 52.5), (-1.7, 52.5), (-1.8, 52.4))), srid=4326)
        area = Area.objects.create(code="MIGR", name="Migrated ward", kind="ward", geometry=square)
        adjustments = [{"kpi": "no2", "mode": "percent", "value": -20}]
        interventions = [{"code": "street-trees", "quantity": 300}]
        Scenario.objects.create(title="Old", area=area, adjustments=adjustments, interventions=interventions)

        new = _migrate(AFTER)
        plans = list(new.get_model("twin", "ScenarioArea").objects.values("area_id", "adjustments", "interventions"))
        assert plans == [{"area_id": area.pk, "adjustments": adjustments, "interventions": interventions}]

        back = _migrate(BEFORE)
        scenario = back.get_model("twin", "Scenario").objects.get()
        assert (scenario.area_id, scenario.adjustments, scenario.interventions) == (area.pk, adjustments, interventions)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
