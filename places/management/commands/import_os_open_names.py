from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import opennames, services
from places.selectors import deployment_district_geometry


class Command(BaseCommand):
    help = (
        "Import streets from OS Open Names (a CSV of its Data folder, or the folder): named roads "
        "inside the deployment's boundary, so people can find a place by its street."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An OS Open Names CSV file or its Data folder")
        parser.add_argument("--source", default="OS Open Names", help="e.g. 'OS Open Names, October 2026'")
        parser.add_argument("--approximate", action="store_true", help="Mark the points as approximate")

    def handle(self, *args, path, source, approximate, **options):
        inside = deployment_district_geometry()
        if inside is None:
            raise CommandError("No deployment boundary yet: import the areas first.")
        totals = {"kept": 0, "outside": 0}
        try:
            paths = opennames.files(path)
            for csv_path in paths:
                # a whole file is read first, so a bad row imports nothing from that file
                rows = list(opennames.read(csv_path))
                counts = services.streets_import(rows=rows, source=source, approximate=approximate, inside=inside)
                for key, value in counts.items():
                    totals[key] += value
        except opennames.OpenNamesError as exc:
            raise CommandError(f"{exc}. Nothing from that file was imported.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['kept']:,} streets imported from {len(paths)} file(s); "
                f"{totals['outside']:,} outside the area skipped."
            )
        )
