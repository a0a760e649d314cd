from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import onspd, services
from places.selectors import deployment_district_geometry


class Command(BaseCommand):
    help = (
        "Import postcodes from the ONS Postcode Directory (ONSPD) CSV, or a folder of its CSVs "
        "(Data/multi_csv). Keeps the postcodes inside the deployment's boundary; drops terminated ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An ONSPD CSV file or a folder of them")
        parser.add_argument("--source", default="ONS Postcode Directory", help="e.g. 'ONSPD November 2025'")
        parser.add_argument("--approximate", action="store_true", help="Mark the points as approximate")
        parser.add_argument("--everywhere", action="store_true", help="Keep postcodes outside the boundary too")

    def handle(self, *args, path, source, approximate, everywhere, **options):
        inside = None if everywhere else deployment_district_geometry()
        if inside is None and not everywhere:
            raise CommandError("No deployment boundary yet: import the areas first, or pass --everywhere.")
        try:
            paths = onspd.files(path)
            totals = {"kept": 0, "outside": 0, "terminated": 0}
            for csv_path in paths:
                counts = services.postcodes_import(
                    rows=onspd.read(csv_path), source=source, approximate=approximate, inside=inside
                )
                for key, value in counts.items():
                    totals[key] += value
        except onspd.OnspdError as exc:
            raise CommandError(f"{exc}. Nothing from that file was imported.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['kept']:,} postcodes imported from {len(paths)} file(s); "
                f"{totals['outside']:,} outside the area skipped; {totals['terminated']:,} terminated removed."
            )
        )
