from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import services
from places.boundaries import read_boundaries
from places.models import Area


class Command(BaseCommand):
    help = (
        "Import area boundaries from a GeoJSON FeatureCollection (WGS84). Every feature is validated; "
        "if any is invalid nothing is imported, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=Area.Kind.values)
        parser.add_argument("--code-field", required=True)
        parser.add_argument("--name-field", required=True)
        parser.add_argument("--parent-field", default="", help="Property holding the parent area's code")
        parser.add_argument("--parent", default="", help="Code of one parent area for every feature")
        parser.add_argument("--source", default="")
        parser.add_argument("--attribution", default="")
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(self, *args, **opts):
        try:
            features, problems = read_boundaries(
                opts["file"], code_field=opts["code_field"], name_field=opts["name_field"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for problem in problems:
            self.stderr.write(f"feature {problem.index}: {problem.reason}")
        if problems and not opts["skip_invalid"]:
            raise CommandError(f"{len(problems)} invalid feature(s); nothing imported. Fix them or use --skip-invalid.")
        parent = None
        if opts["parent"]:
            parent = Area.objects.filter(code=opts["parent"]).first()
            if parent is None:
                raise CommandError(f"no area with code {opts['parent']!r}")
        created, updated = services.areas_import(
            features=features,
            kind=opts["kind"],
            parent_field=opts["parent_field"],
            parent=parent,
            source=opts["source"],
            attribution=opts["attribution"],
        )
        skipped = f", {len(problems)} skipped" if problems else ""
        self.stdout.write(self.style.SUCCESS(f"{created} created, {updated} updated{skipped}"))
