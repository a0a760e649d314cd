"""Idempotent demo content: real East Birmingham boundaries, demo people and organisations, CMS pages.

Safe to run any number of times: everything is looked up by a natural key and updated in place.
"""

from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from accounts import services as account_services
from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from cms import demo_content
from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from engagement import services as engagement_services
from engagement.models import Consultation
from gamification import demo as gamification_demo
from investors import demo as investors_demo
from places import services as place_services
from places.boundaries import read_boundaries
from places.datasets import DATASETS
from places.models import Area
from proposals import services as proposal_services
from proposals.budgets import demo as budget_demo
from proposals.models import Idea, Milestone, PlanningProposal, ThematicLayer
from twin import demo as twin_demo
from twin.models import Scenario
from twin.scoring import registry as scoring_registry
from twin.scoring import service as scoring

DATA_DIR = Path(settings.BASE_DIR) / "places" / "data"
DEMO_PASSWORD = "civic-demo-2026"

DEMO_PEOPLE = [
    # email, display name, roles, home ward code
    ("resident@example.org", "Amina K", [], "E05011182"),
    ("neighbour@example.org", "Tom from Hay Mills", [], "E05011182"),
    ("group@example.org", "Cole Valley Friends (Sam)", [], "E05011138"),
    ("investor@example.org", "Priya at Tyseley Green Capital", [Role.INVESTOR], "E05011182"),
    ("moderator@example.org", "Council moderator", [Role.MODERATOR], ""),
    ("policy@example.org", "Policy lead (net zero)", [Role.POLICY_LEAD], ""),
    ("admin@example.org", "Site administrator", [Role.ADMINISTRATOR], ""),
]


def _dataset(key):
    return next(d for d in DATASETS if d.key == key)


class Command(BaseCommand):
    help = "Load (or refresh) the demo data: areas, people, organisations and CMS pages."

    def add_arguments(self, parser):
        parser.add_argument("--skip-people", action="store_true", help="Only areas and pages")

    def handle(self, *args, skip_people=False, **options):
        if not settings.DEBUG and not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is for development: set DEBUG=true or DEMO_DATA_ALLOWED.")
        with transaction.atomic():
            self._areas()
            if not skip_people:
                self._people()
            self._pages()
            if not skip_people:
                self._proposals_and_ideas()
                investors_demo.load()  # a verified promoter's opportunities, the investor firm on a trial
            self._twin(scenarios=not skip_people)
            gamification_demo.load()  # street-report categories (Open311 services)
            if not skip_people:
                gamification_demo.load_people()  # an alert, points and badges for the demo people
                budget_demo.load()  # a participatory budget open for voting, items from the demo ideas
                self._group_idea()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not skip_people:
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for email, _name, roles, _ward in DEMO_PEOPLE:
                extra = " – asked to set up two-step sign-in" if set(roles) & set(settings.MFA_REQUIRED_ROLES) else ""
                self.stdout.write(f"  {email:<24} {', '.join(roles) or 'resident'}{extra}")

    # --- Areas -------------------------------------------------------------------------------
    def _load(self, filename, *, code_field="code", name_field="name"):
        features, problems = read_boundaries(DATA_DIR / filename, code_field=code_field, name_field=name_field)
        if problems:
            raise CommandError(f"{filename}: " + "; ".join(f"feature {p.index}: {p.reason}" for p in problems))
        return features

    def _areas(self):
        wards = self._load("east-birmingham-wards.geojson")
        union = wards[0].geometry
        for ward in wards[1:]:
            union = union.union(ward.geometry)
        if union.geom_type == "Polygon":
            union = MultiPolygon(union, srid=4326)
        ward_set = _dataset("wards")
        district, _ = Area.objects.update_or_create(
            code=settings.DEPLOYMENT_DISTRICT_CODE,
            defaults={
                "kind": Area.Kind.DISTRICT,
                "name": "East Birmingham",
                "geometry": union,
                "attributes": {"population": sum(int(w.properties.get("population") or 0) for w in wards)},
                "source": "Union of the 17 East Birmingham wards",
                "attribution": ward_set.attribution,
            },
        )
        place_services.areas_import(
            features=wards,
            kind=Area.Kind.WARD,
            parent=district,
            source=ward_set.publisher,
            attribution=ward_set.attribution,
        )
        lsoa_set = _dataset("lsoa")
        place_services.areas_import(
            features=self._load("east-birmingham-lsoa.geojson"),
            kind=Area.Kind.LSOA,
            parent_field="ward_code",
            source=lsoa_set.publisher,
            attribution=lsoa_set.attribution,
        )
        teed_set = _dataset("teed")
        teed = self._load("teed-approximate.geojson")[0]
        ward = Area.objects.get(code=teed.properties["parent_code"])
        clipped = teed.geometry.intersection(ward.geometry)
        if clipped.geom_type == "Polygon":
            clipped = MultiPolygon(clipped, srid=4326)
        Area.objects.update_or_create(
            code=teed.code,
            defaults={
                "kind": Area.Kind.ENTERPRISE_ZONE,
                "name": teed.name,
                "geometry": clipped,
                "parent": ward,
                "approximate": True,
                "attributes": {
                    "businesses_approx": 250,
                    "jobs_approx": 8000,
                    "residents_approx": 7750,
                    "hectares_approx": 100,
                },
                "source": teed_set.publisher,
                "attribution": teed_set.attribution,
            },
        )
        self.stdout.write(
            f"Areas: {Area.objects.count()} ({Area.objects.filter(kind='ward').count()} wards, "
            f"{Area.objects.filter(kind='lsoa').count()} LSOAs)"
        )

    # --- The twin: KPIs (real IMD 2025 + Census 2021, demo series), places, catalogue, scores ----
    def _twin(self, *, scenarios):
        twin_demo.demo_load(stdout=self.stdout)
        for result in [scoring.rescore(label=label) for label in scoring_registry.labels()]:
            self.stdout.write(f"Scored {result['label']}: {result['rescored']} of {result['items']} changed")
        if scenarios:
            policy = User.objects.get(email="policy@example.org")
            district = Area.objects.get(code=settings.DEPLOYMENT_DISTRICT_CODE)
            wards = {a.code: a for a in Area.objects.filter(code__in=["E05011182", "E05011127"])}
            demo_scenarios = [
                (
                    "Clean air and warm homes 2030",
                    "Retrofit 1,500 homes, 150 public chargers and a 20% cut in NO₂ from a clean air zone.",
                    [
                        (
                            district,
                            [{"kpi": "no2", "mode": "percent", "value": -20}],
                            [{"code": "home-retrofit", "quantity": 1500}, {"code": "ev-charging-hub", "quantity": 150}],
                        )
                    ],
                ),
                (
                    "Green streets",
                    "Street trees and protected cycle lanes where green space is scarcest: Tyseley & Hay Mills "
                    "and Bordesley Green.",
                    [
                        (
                            wards[code],
                            [],
                            [{"code": "street-trees", "quantity": trees}, {"code": "bus-priority", "quantity": km}],
                        )
                        for code, trees, km in [("E05011182", 3000, 3), ("E05011127", 2000, 1)]
                        if code in wards
                    ]
                    or [(district, [], [{"code": "street-trees", "quantity": 5000}])],
                ),
            ]
            for title, description, plans in demo_scenarios:
                scenario, _created = Scenario.objects.update_or_create(
                    title=title, defaults={"owner": policy, "description": description}
                )
                scenario.plans.all().delete()
                for position, (area, adjustments, interventions) in enumerate(plans):
                    scenario.plans.create(
                        area=area, position=position, adjustments=adjustments, interventions=interventions
                    )

    # --- People and organisations -------------------------------------------------------------
    def _people(self):
        people = {}
        for email, name, roles, ward_code in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            for role in roles:
                account_services.role_grant(user=user, role=role)
            if Role.ADMINISTRATOR in roles:
                User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
            if ward_code and user.profile.home_area_id is None:
                user.profile.home_area = Area.objects.filter(code=ward_code).first()
                user.profile.save(update_fields=["home_area"])
            people[email] = user
        orgs = [
            (
                "Friends of the River Cole (demo)",
                Organisation.Kind.COMMUNITY_GROUP,
                "group@example.org",
                ["resident@example.org"],
                "E05011138",
                "A demo community group for the River Cole valley: litter picks, wildflower planting and "
                "walks from Small Heath to Hay Mills.",
            ),
            (
                "Tyseley Green Capital (demo)",
                Organisation.Kind.INVESTOR_FIRM,
                "investor@example.org",
                [],
                "E05011182",
                "A demo investor interested in low-carbon energy and reuse businesses in TEED.",
            ),
            (
                "East Birmingham Planning Team (demo)",
                Organisation.Kind.COUNCIL_TEAM,
                "admin@example.org",
                ["moderator@example.org", "policy@example.org"],
                "",
                "A demo council team that runs consultations.",
            ),
        ]
        for name, kind, admin_email, member_emails, ward_code, description in orgs:
            org = Organisation.objects.filter(name=name).first()
            if org is None:
                org = account_services.organisation_create(
                    creator=people[admin_email],
                    name=name,
                    kind=kind,
                    description=description,
                    area=Area.objects.filter(code=ward_code).first() if ward_code else None,
                )
            for email in member_emails:
                if not Membership.objects.filter(organisation=org, user=people[email]).exists():
                    account_services.membership_add(organisation=org, email=email)

    # --- Proposals and ideas (clearly marked demo content) ------------------------------------
    def _proposals_and_ideas(self):

        council = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL_TEAM).first()
        investor = Organisation.objects.filter(kind=Organisation.Kind.INVESTOR_FIRM).first()
        for spec in demo_content.PROPOSALS:
            spec = dict(spec)
            themes = spec.pop("themes")
            coords = spec.pop("coords")
            geometry = Point(*coords, srid=4326) if len(coords) == 2 else Polygon(coords, srid=4326)
            promoter = investor if spec.pop("promoter") == "investor" else council
            existing = PlanningProposal.objects.filter(slug=spec["slug"]).first()
            proposal_services.proposal_save(
                proposal=existing, themes=themes, geometry=geometry, promoter=promoter, **spec
            )
        author = User.objects.get(email="resident@example.org")
        for spec in demo_content.IDEAS:
            if not Idea.objects.filter(title=spec["title"]).exists():
                spec = dict(spec)
                lon, lat = spec.pop("coords")
                proposal_services.idea_submit(author=author, location=Point(lon, lat, srid=4326), **spec)
        self._consultations_and_outcomes()

    def _group_idea(self):
        """The community group's idea, after the budget (whose items are the first ideas by id)."""
        spec = dict(demo_content.GROUP_IDEA)
        if Idea.objects.filter(title=spec["title"]).exists():
            return
        group_admin = User.objects.get(email="group@example.org")
        group = Organisation.objects.filter(kind=Organisation.Kind.COMMUNITY_GROUP, members=group_admin).first()
        lon, lat = spec.pop("coords")
        proposal_services.idea_submit(
            author=group_admin, organisation=group, location=Point(lon, lat, srid=4326), **spec
        )

    def _consultations_and_outcomes(self):
        """A live consultation with every question type, a decided proposal with its closed
        consultation and decision, an idea response, an action linked to ideas, a thematic layer."""

        moderator = User.objects.get(email="moderator@example.org")
        for spec in demo_content.CONSULTATIONS:
            proposal = PlanningProposal.objects.get(slug=spec["proposal"])
            if Consultation.objects.filter(title=spec["title"]).exists():
                continue
            consultation = engagement_services.consultation_save(
                editor=moderator,
                target=proposal,
                title=spec["title"],
                description=spec["description"],
                ends_at=timezone.now() + timedelta(days=spec["days_open"]),
                results_visibility=spec["results_visibility"],
            )
            engagement_services.questions_set(editor=moderator, consultation=consultation, questions=spec["questions"])
            engagement_services.consultation_set_stage(editor=moderator, consultation=consultation, stage="open")
            for email, stance in spec.get("votes", []):
                voter = User.objects.get(email=email)
                engagement_services.vote_cast(consultation=consultation, user=voter, stance=stance)
            if spec.get("close"):
                engagement_services.consultation_set_stage(editor=moderator, consultation=consultation, stage="closed")
        for spec in demo_content.DECISIONS:
            proposal = PlanningProposal.objects.get(slug=spec["proposal"])
            if not hasattr(proposal, "decision"):
                proposal_services.decision_publish(
                    proposal=proposal,
                    publisher=moderator,
                    outcome=spec["outcome"],
                    reasoning=spec["reasoning"],
                    what_changed=spec["what_changed"],
                )
        for spec in demo_content.IDEA_RESPONSES:
            idea = Idea.objects.filter(title=spec["idea"]).first()
            if idea and not idea.official_response:
                proposal_services.idea_respond(
                    idea=idea, responder=moderator, status=spec["status"], response=spec["response"]
                )
        for spec in demo_content.MILESTONES:
            if not Milestone.objects.filter(title=spec["title"]).exists():
                proposal_services.milestone_save(
                    editor=moderator,
                    title=spec["title"],
                    description=spec["description"],
                    status=spec["status"],
                    proposal=PlanningProposal.objects.get(slug=spec["proposal"]),
                    ideas=Idea.objects.filter(title__in=spec["ideas"]),
                )
        for spec in demo_content.LAYERS:
            if not ThematicLayer.objects.filter(name=spec["name"]).exists():
                proposal_services.layer_save(
                    editor=moderator,
                    name=spec["name"],
                    description=spec["description"],
                    colour=spec["colour"],
                    proposals=PlanningProposal.objects.filter(slug__in=spec["proposals"]),
                )

    # --- CMS pages ----------------------------------------------------------------------------
    @staticmethod
    def _root_page():
        """The tree's root, as Wagtail's first migrations make it, for a database emptied since
        (`manage.py flush`, or a test that truncates every table)."""
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        return Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page), locale=locale
            )
        )

    def _pages(self):
        root = Page.get_first_root_node() or self._root_page()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's placeholder "Welcome" page takes the slug we want.
            for page in root.get_children().exclude(content_type__model="homepage"):
                page.delete()
            home = HomePage(**demo_content.HOME, slug="home")
            root.add_child(instance=home)
        else:
            for key, value in demo_content.HOME.items():
                setattr(home, key, value)
        home.body = demo_content.home_body(
            lsoa_total=Area.objects.filter(kind=Area.Kind.LSOA).count(),
            lsoa_decile1=Area.objects.filter(kind=Area.Kind.LSOA, attributes__imd_decile=1).count(),
        )
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": settings.SITE_NAME},
        )
        for spec in demo_content.STANDARD_PAGES:
            self._upsert(home, StandardPage, spec)
        news_index = self._upsert(home, NewsIndexPage, demo_content.NEWS_INDEX)
        for spec in demo_content.NEWS:
            spec = dict(spec)
            sectors, areas = spec.pop("sector_tags"), spec.pop("area_tags")
            page = self._upsert(news_index, NewsPage, spec, publish=False)
            page.sector_tags.set(sectors)
            page.area_tags.set(areas)
            page.save_revision().publish()

    def _upsert(self, parent, model, spec, publish=True):
        page = model.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if page is None:
            page = model(**spec)
            parent.add_child(instance=page)
        else:
            for key, value in spec.items():
                setattr(page, key, value)
        if publish:
            page.save_revision().publish()
        return page
