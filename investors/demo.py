"""Demo opportunities in TEED (idempotent: load_demo_data runs it every time): a promoter firm
verified by the council with three published opportunities, one waiting for review and one draft,
the demo investor firm on a premium trial, a data-room document on the heat network, the council's
match fund, and the community group's crowdfunding campaign for an orchard."""

from datetime import date, timedelta

from django.contrib.gis.geos import Point, Polygon
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from investors import campaigns, dataroom, services
from investors.models import Campaign, DataRoomDocument, InvestorProfile, MatchFund, Opportunity

PROMOTER = "Tyseley Energy Park (demo)"
OPPORTUNITIES = [
    (
        "Tyseley district heat network, phase 2",
        "Extend the heat network from the energy recovery facility to 1,200 homes and three schools in Hay Mills, "
        "replacing gas boilers.",
        dict(sector="energy", sub_sector="Heat networks", investment_type="ppp", scale_min_gbp=18_000_000,
             scale_max_gbp=26_000_000, planning_status="outline", decision_time="12m",
             jobs_created=85, local_hires=40, apprenticeships=12, tco2e_per_year=-4_200.0),
        (-1.8255, 52.4565), "published",
    ),
    (
        "Reuse and repair hub on Redfern Road",
        "A 3,000 m² hub where furniture, electricals and building materials are repaired and resold, with "
        "training places for local young people.",
        dict(sector="waste", sub_sector="Reuse and repair", investment_type="debt", scale_min_gbp=1_500_000,
             scale_max_gbp=3_200_000, planning_status="full", decision_time="6m",
             jobs_created=60, local_hires=35, apprenticeships=20, floorspace_m2=3_000, tco2e_per_year=-650.0),
        (-1.8215, 52.4525), "published",
    ),
    (
        "Solar canopies over the Tyseley depot",
        "2 MW of solar canopies over council fleet parking, with chargers for the electric refuse lorries.",
        dict(sector="clean_tech", sub_sector="Solar", investment_type="community_shares", scale_min_gbp=800_000,
             scale_max_gbp=1_400_000, planning_status="not_needed", decision_time="now",
             jobs_created=6, energy_generated_mwh=1_900.0, tco2e_per_year=-390.0),
        (-1.8325, 52.4505), "published",
    ),
    (
        "Hydrogen refuelling station for HGVs",
        "A public hydrogen refuelling station on the Wharfdale Road corridor for buses and lorries.",
        dict(sector="logistics", sub_sector="Hydrogen", investment_type="equity", scale_min_gbp=4_000_000,
             scale_max_gbp=7_500_000, planning_status="pre_application", decision_time="24m",
             jobs_created=14, tco2e_per_year=-1_100.0),
        (-1.8285, 52.4480), "submitted",
    ),
    (
        "Green roof and rainwater retrofit of the Tyseley business units",
        "Green roofs and rainwater harvesting on 14 business units, cutting runoff into the River Cole.",
        dict(sector="nature", sub_sector="Green infrastructure", investment_type="grant", scale_min_gbp=300_000,
             scale_max_gbp=650_000, planning_status="not_needed", decision_time="6m",
             green_blue_space_change_m2=4_200, jobs_created=4),
        (-1.8240, 52.4540), "draft",
    ),
]  # fmt: skip

# Sites drawn as boundaries (the others are points): the hub's yard, about 90 m by 70 m, and a block of units.
SITES = {
    "Reuse and repair hub on Redfern Road": (
        (-1.82215, 52.45220),
        (-1.82085, 52.45220),
        (-1.82085, 52.45285),
        (-1.82215, 52.45285),
        (-1.82215, 52.45220),
    ),
    # the fourteen units' roofs, in one block
    "Green roof and rainwater retrofit of the Tyseley business units": (
        (-1.82500, 52.45350),
        (-1.82300, 52.45350),
        (-1.82300, 52.45450),
        (-1.82500, 52.45450),
        (-1.82500, 52.45350),
    ),
}


def load() -> None:
    promoter_user = User.objects.filter(email="group@example.org").first()
    moderator = User.objects.filter(email="moderator@example.org").first()
    admin = User.objects.filter(email="admin@example.org").first()
    investor = Organisation.objects.filter(kind=Organisation.Kind.INVESTOR_FIRM).first()
    if promoter_user is None or moderator is None or admin is None:
        return
    firm = Organisation.objects.filter(name=PROMOTER).first()
    if firm is None:
        firm = Organisation.objects.create(
            name=PROMOTER,
            kind=Organisation.Kind.BUSINESS,
            description="A demo promoter: the low-carbon energy and reuse park at Tyseley.",
        )
        Membership.objects.create(organisation=firm, user=promoter_user, role=Membership.Role.ADMIN)
    services.profile_save(
        user=promoter_user, organisation=firm, kind=InvestorProfile.Kind.PROMOTER, sectors=["energy", "waste"]
    )
    services.verify_set(user=moderator, organisation=firm, verified=True)
    if investor is not None:
        InvestorProfile.objects.update_or_create(
            organisation=investor,
            defaults={"kind": InvestorProfile.Kind.INVESTOR, "sectors": ["energy", "clean_tech", "waste"],
                      "investment_types": ["equity", "debt"], "ticket_min_gbp": 500_000, "ticket_max_gbp": 10_000_000},
        )  # fmt: skip
        services.tier_set(
            user=admin, organisation=investor, tier="trial", trial_ends_on=timezone.localdate() + timedelta(days=30)
        )
    for title, summary, fields, (lon, lat), status in OPPORTUNITIES:
        if Opportunity.objects.filter(title=title).exists():
            continue
        site = Polygon(SITES[title], srid=4326) if title in SITES else Point(lon, lat, srid=4326)
        opportunity = services.opportunity_save(
            user=promoter_user, promoter=firm, title=title, summary=summary, geometry=site, **fields
        )
        if status == "draft":
            continue
        services.opportunity_move(user=promoter_user, opportunity=opportunity, to_status="submitted")
        if status == "published":
            services.opportunity_move(user=moderator, opportunity=opportunity, to_status="in_review")
            services.opportunity_move(user=moderator, opportunity=opportunity, to_status="published")
    # Built: its projections beside what the twin has seen since (also on databases loaded before).
    solar = Opportunity.objects.filter(
        title__startswith="Solar canopies", status="published", delivery_stage=""
    ).first()
    if solar is not None:
        services.delivery_set(user=promoter_user, opportunity=solar, stage="completed", started_on=date(2024, 6, 1))

    _data_room(promoter_user)
    _crowdfunding(promoter_user, moderator)


def _data_room(promoter_user) -> None:
    heat = Opportunity.objects.filter(title__startswith="Tyseley district heat network").first()
    if heat is None or DataRoomDocument.objects.filter(opportunity=heat).exists():
        return
    from weasyprint import HTML

    pdf = HTML(
        string="<h1>Outline business case (demo)</h1><p>Tyseley district heat network, phase 2.</p>"
        "<p>Demo content: the figures in this document are illustrative.</p>"
    ).write_pdf()
    dataroom.document_add(
        user=promoter_user,
        opportunity=heat,
        title="Outline business case (demo)",
        description="Capital costs, heat sales and the delivery timetable.",
        upload=ContentFile(pdf, name="outline-business-case.pdf"),
    )


ORCHARD = "Hay Mills community orchard and tool library"


def _crowdfunding(group_user, moderator) -> None:
    council = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL_TEAM).first()
    group = Organisation.objects.filter(kind=Organisation.Kind.COMMUNITY_GROUP, members=group_user).first()
    if council is None or group is None:
        return
    MatchFund.objects.get_or_create(
        slug="net-zero-neighbourhoods-demo",
        defaults={
            "name": "Net zero neighbourhoods fund (demo)",
            "organisation": council,
            "description": "The council matches residents' pledges to community projects for nature and clean energy.",
            "sectors": ["community", "nature", "energy", "clean_tech"],
            "cap_per_pledge_gbp": 250,
            "cap_per_campaign_gbp": 5_000,
            "pot_gbp": 20_000,
        },
    )
    if Opportunity.objects.filter(title=ORCHARD).exists():
        return
    orchard = services.opportunity_save(
        user=group_user, promoter=group, title=ORCHARD,
        summary="Forty fruit trees on the old bowling green by the River Cole, and a shed where neighbours borrow "
        "tools instead of buying them.",
        sector="community", sub_sector="Food growing", investment_type="crowdfunding", scale_min_gbp=5_500,
        scale_max_gbp=6_700, planning_status="not_needed", decision_time="now", timeline="Planting in March.",
        green_blue_space_change_m2=1_800, geometry=Point(-1.8190, 52.4610, srid=4326),
    )  # fmt: skip
    campaigns.campaign_save(
        user=group_user,
        opportunity=orchard,
        deadline=timezone.now() + timedelta(days=21),
        items=[
            {"label": "Forty fruit trees, stakes and planting day", "amount_gbp": 3_000, "required": True},
            {"label": "Tool library shed and first tools", "amount_gbp": 2_500, "required": True},
            {"label": "Two benches", "amount_gbp": 1_200, "required": False},
        ],
    )
    services.opportunity_move(user=group_user, opportunity=orchard, to_status="submitted")
    services.opportunity_move(user=moderator, opportunity=orchard, to_status="in_review")
    services.opportunity_move(user=moderator, opportunity=orchard, to_status="published")
    campaign = Campaign.objects.get(opportunity=orchard)
    for email, amount in (("resident@example.org", 50), ("neighbour@example.org", 120)):
        person = User.objects.filter(email=email).first()
        if person is not None:
            campaigns.pledge_set(user=person, campaign=campaign, amount_gbp=amount)
