"""The street-report categories a council starts with (Open311 services with their questions).
Loaded by `manage.py load_demo_data`; idempotent (looked up by service code)."""

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from gamification import points
from gamification.models import (
    PlaceSuggestion,
    Report,
    ReportAlert,
    ReportUpdate,
    ResponseTemplate,
    Service,
    ServiceAttribute,
)
from places.models import Area, Place
from places.selectors import area_containing_point

User = get_user_model()
_YES_NO = [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}]

SERVICES = [
    # code, name, group, keywords, description, attributes [(code, question, datatype, required, values)]
    ("pothole", "Pothole", "Roads and pavements", "road,hole,pothole,carriageway",
     "A hole or crumbling surface in the road.",
     [("depth", "How deep is it?", "singlevaluelist", True,
       [{"key": "shallow", "name": "Shallower than a hand"}, {"key": "deep", "name": "Deeper than a hand"}]),
      ("in_cycle_lane", "Is it in a cycle lane?", "singlevaluelist", False, _YES_NO)]),
    ("damaged-pavement", "Damaged pavement", "Roads and pavements", "pavement,footway,paving,trip",
     "A broken, loose or raised paving slab or kerb.", []),
    ("fly-tipping", "Fly-tipping", "Street cleaning", "fly tipping,flytipping,rubbish,dumped,waste",
     "Rubbish dumped on the street or open land.",
     [("size", "How much is there?", "singlevaluelist", True,
       [{"key": "bag", "name": "A bag or two"}, {"key": "car", "name": "A car boot load"},
        {"key": "van", "name": "A van load or more"}]),
      ("hazardous", "Could it be dangerous (asbestos, chemicals, needles)?", "singlevaluelist", False, _YES_NO)]),
    ("graffiti", "Graffiti", "Street cleaning", "graffiti,tagging,paint", "Graffiti on public property.",
     [("offensive", "Is it offensive?", "singlevaluelist", False, _YES_NO)]),
    ("street-light", "Broken street light", "Street lighting", "light,lamp,street light,dark",
     "A street light that is off, flickering or on all day.",
     [("lamp_number", "The number on the lamp post, if you can see it", "string", False, [])]),
    ("blocked-drain", "Blocked drain", "Drainage", "drain,gully,flooding,water",
     "A blocked drain or standing water.", []),
    ("overgrown-vegetation", "Overgrown vegetation", "Parks and verges", "hedge,tree,weeds,overgrown,verge",
     "Hedges, trees or weeds blocking a pavement, sign or sight line.", []),
    ("abandoned-vehicle", "Abandoned vehicle", "Roads and pavements", "car,vehicle,abandoned,untaxed",
     "A vehicle that seems to have been left for a long time.",
     [("registration", "Its registration number, if you can see it", "string", False, [])]),
]  # fmt: skip


# A few reports to show the pages with (code, description, place, lon, lat, status, public note).
REPORTS = [
    ("pothole", "Deep pothole in the inside lane by the bus stop (demo)", "Warwick Road near Tyseley station",
     -1.8387, 52.4541, "acknowledged", "An inspector will look at this within five working days."),
    ("fly-tipping", "Mattresses and bags of rubbish dumped at the entrance to the path (demo)",
     "River Cole path, Hay Mills", -1.8190, 52.4610, "open", ""),
    ("street-light", "Street light out for a week (demo)", "Formans Road", -1.8335, 52.4478, "fixed",
     "The lamp has been replaced."),
]  # fmt: skip


def _reports() -> None:
    for code, description, place, lon, lat, status, note in REPORTS:
        point = Point(lon, lat, srid=4326)
        report, created = Report.objects.update_or_create(
            service=Service.objects.get(code=code),
            description=description,
            defaults={"location": point, "address": place, "status": status,
                      "area": area_containing_point(point=point, kind=Area.Kind.WARD)},
        )  # fmt: skip
        if created:
            ReportUpdate.objects.create(report=report, status="open")
            if status != "open":
                ReportUpdate.objects.create(report=report, status=status, public_note=note)
            if status in Report.CLOSED_STATES:  # closed as the demo is loaded: "fixed this week"
                Report.objects.filter(pk=report.pk).update(closed_at=timezone.now(), status_notes=note)


# Response templates staff start with (title, status, text).
TEMPLATES = [
    ("Inspection booked", "acknowledged",
     "Thank you for your report. An inspector will look at this within five working days."),
    ("Repair scheduled", "action_scheduled",
     "We have inspected this and a repair is booked. We will update this report when the work is done."),
    ("Repaired", "fixed", "The repair has been done. Thank you for letting us know."),
    ("Not ours", "not_responsible",
     "This is not the council's to fix: we have passed it to the organisation responsible."),
    ("Below intervention level", "no_further_action",
     "We have inspected this and it does not meet the level at which we repair. We will keep checking it."),
]  # fmt: skip


@transaction.atomic
def load() -> int:
    for order, (code, name, group, keywords, description, attributes) in enumerate(SERVICES):
        service, _created = Service.objects.update_or_create(
            code=code,
            defaults={"name": name, "group": group, "keywords": keywords, "description": description, "order": order},
        )
        for position, (attr_code, question, datatype, required, values) in enumerate(attributes, start=1):
            ServiceAttribute.objects.update_or_create(
                service=service,
                code=attr_code,
                defaults={
                    "description": question,
                    "datatype": datatype,
                    "required": required,
                    "values": values,
                    "order": position,
                },
            )
    for order, (title, status, text) in enumerate(TEMPLATES):
        ResponseTemplate.objects.update_or_create(
            title=title, defaults={"status": status, "text": text, "order": order}
        )
    _reports()
    return len(SERVICES)


def load_people() -> None:
    """The demo people's part: Amina watches her home ward; two demo reports are hers and Tom's,
    accepted (and one fixed), so leaderboards, badges and alerts have something to show."""
    people = {u.email: u for u in User.objects.filter(email__in=["resident@example.org", "neighbour@example.org"])}
    resident, neighbour = people.get("resident@example.org"), people.get("neighbour@example.org")
    if resident is None or neighbour is None:
        return
    home = resident.profile.home_area
    if home is not None:
        ReportAlert.objects.get_or_create(person=resident, area=home, defaults={"place": home.name})
    for person, (_code, description, *_rest), rules in (
        (resident, REPORTS[0], ["report_accepted"]),
        (neighbour, REPORTS[2], ["report_accepted", "report_fixed"]),
    ):
        report = Report.objects.filter(description=description).first()
        if report is None:
            continue
        Report.objects.filter(pk=report.pk, reporter__isnull=True).update(reporter=person)
        for rule in rules:
            points.award(person=person, rule_code=rule, obj=report)
    # A correction waiting for the demo moderator: Tom says a (made-up) shop has closed.
    shop = Place.objects.filter(kind=Place.Kind.FOOD_SHOP, is_demo=True).order_by("pk").first()
    if shop is not None and not PlaceSuggestion.objects.filter(person=neighbour).exists():
        PlaceSuggestion.objects.create(person=neighbour, kind="gone", place=shop, note="Shuttered since the summer.")
