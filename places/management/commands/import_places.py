from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places import services
from places.models import Place
from places.pois import read_places


class Command(BaseCommand):
    help = "Import points of interest from GeoJSON shaped like an OpenStreetMap export (tags as properties)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", default="", choices=["", *Place.Kind.values], help="Override the tags")
        parser.add_argument("--ref-field", default="", help="Property holding the identifier (default: id)")
        parser.add_argument("--source", required=True)
        parser.add_argument("--demo", action="store_true", help="Mark the places as made-up demo data")

    def handle(self, *args, **opts):
        try:
            places, problems = read_places(opts["file"], kind=opts["kind"], ref_field=opts["ref_field"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} invalid feature(s); nothing imported.")
        count = services.places_import(places=places, source=opts["source"], is_demo=opts["demo"])
        self.stdout.write(self.style.SUCCESS(f"{count} places imported."))
