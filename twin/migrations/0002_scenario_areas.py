"""A scenario covers several areas, each with its own adjustments and interventions: the one
area a scenario had becomes its first ScenarioArea."""

import django.db.models.deletion
from django.db import migrations, models


def to_plans(apps, schema_editor):
    Scenario = apps.get_model("twin", "Scenario")
    ScenarioArea = apps.get_model("twin", "ScenarioArea")
    ScenarioArea.objects.bulk_create(
        ScenarioArea(
            scenario_id=s.pk, area_id=s.area_id, position=0, adjustments=s.adjustments, interventions=s.interventions
        )
        for s in Scenario.objects.all()
    )


def from_plans(apps, schema_editor):
    Scenario = apps.get_model("twin", "Scenario")
    ScenarioArea = apps.get_model("twin", "ScenarioArea")
    for scenario in Scenario.objects.all():
        first = ScenarioArea.objects.filter(scenario_id=scenario.pk).order_by("position", "pk").first()
        if first is None:
            scenario.delete()
            continue
        scenario.area_id = first.area_id
        scenario.adjustments = first.adjustments
        scenario.interventions = first.interventions
        scenario.save(update_fields=["area", "adjustments", "interventions"])


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place"),
        ("twin", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScenarioArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("adjustments", models.JSONField(blank=True, default=list)),
                ("interventions", models.JSONField(blank=True, default=list)),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.area",
                        verbose_name="area",
                    ),
                ),
                (
                    "scenario",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="plans", to="twin.scenario"
                    ),
                ),
            ],
            options={
                "ordering": ["scenario", "position", "pk"],
                "constraints": [models.UniqueConstraint(fields=("scenario", "area"), name="twin_scenario_area_once")],
            },
        ),
        migrations.AlterField(
            model_name="scenario",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.area",
                verbose_name="area",
            ),
        ),
        migrations.RunPython(to_plans, from_plans),
        migrations.RemoveField(model_name="scenario", name="adjustments"),
        migrations.RemoveField(model_name="scenario", name="area"),
        migrations.RemoveField(model_name="scenario", name="interventions"),
    ]
