"""Seed the benchmark database at the scale issue 3 asks for, in bulk and idempotently:
10,000 proposals and 10,000 ideas across the district, 1,000 consultations with 200,000 stance
votes from 20,000 people, and 50,000 comments (200 of them on one proposal).

Run by bench/run.py through `manage.py shell`; safe to re-run (it does nothing the second time).
"""

import random

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Profile, User
from engagement.models import Comment, Consultation, StanceVote
from places.models import Area
from proposals.models import Idea, PlanningProposal, ProposalTheme

N_PROPOSALS = 10_000
N_IDEAS = 10_000
N_PEOPLE = 20_000
N_CONSULTATIONS = 1_000
VOTES_PER_CONSULTATION = 200  # 200,000 in all
N_COMMENTS = 50_000
BIG_THREAD = "bench-proposal-with-200-comments"
THEMES = [t for t, _label in ProposalTheme._meta.get_field("theme").choices]
STATUSES = [s for s, _label in PlanningProposal.Status.choices]


def _points(n, rng, wards):
    """Random points inside the wards (rejection sampling within each ward's bounding box)."""
    out = []
    while len(out) < n:
        ward = rng.choice(wards)
        xmin, ymin, xmax, ymax = ward.geometry.extent
        p = Point(rng.uniform(xmin, xmax), rng.uniform(ymin, ymax), srid=4326)
        if ward.geometry.contains(p):
            out.append((p, ward))
    return out


@transaction.atomic
def seed():
    if PlanningProposal.objects.filter(slug=BIG_THREAD).exists():
        print("bench data already seeded")
        return
    rng = random.Random(2026)
    wards = list(Area.objects.filter(kind=Area.Kind.WARD))
    now = timezone.now()

    password = make_password(None)
    people = User.objects.bulk_create(
        [
            User(email=f"bench{i}@example.org", display_name=f"Bench person {i}", password=password)
            for i in range(N_PEOPLE)
        ],
        batch_size=5000,
    )
    Profile.objects.bulk_create(
        [Profile(user=u, home_area=rng.choice(wards), priorities=[]) for u in people], batch_size=5000
    )

    spots = _points(N_PROPOSALS, rng, wards)
    proposals = PlanningProposal.objects.bulk_create(
        [
            PlanningProposal(
                title=f"Bench proposal {i}" if i else "Bench proposal with 200 comments",
                slug=f"bench-proposal-{i}" if i else BIG_THREAD,
                summary="A generated proposal for the benchmark: " + " ".join(rng.sample(THEMES, 3)),
                description="<p>Generated for the benchmark.</p>",
                status=rng.choice(STATUSES),
                geometry=point,
                jobs_created=rng.randint(0, 200),
                homes=rng.randint(0, 300),
                tco2e_per_year=rng.uniform(-500, 100),
            )
            for i, (point, _ward) in enumerate(spots)
        ],
        batch_size=2000,
    )
    ProposalTheme.objects.bulk_create(
        [ProposalTheme(proposal=p, theme=t) for p in proposals for t in rng.sample(THEMES, 2)], batch_size=5000
    )
    with connection.cursor() as cursor:  # areas each proposal touches, computed by PostGIS in one statement
        cursor.execute(
            "INSERT INTO proposals_planningproposal_areas (planningproposal_id, area_id) "
            "SELECT p.id, a.id FROM proposals_planningproposal p JOIN places_area a "
            "ON ST_Intersects(p.geometry, a.geometry) WHERE p.slug LIKE 'bench-%%' ON CONFLICT DO NOTHING"
        )

    Idea.objects.bulk_create(
        [
            Idea(
                title=f"Bench idea {i}",
                description="A generated idea for the benchmark.",
                theme=rng.choice(THEMES),
                location=point,
                area=ward,
                author=rng.choice(people),
                support_count=rng.randint(0, 50),
                status=rng.choice(Idea.Status.values),
            )
            for i, (point, ward) in enumerate(_points(N_IDEAS, rng, wards))
        ],
        batch_size=2000,
    )

    proposal_type = ContentType.objects.get_for_model(PlanningProposal)
    consulted = proposals[:N_CONSULTATIONS]
    consultations = Consultation.objects.bulk_create(
        [
            Consultation(
                content_type=proposal_type,
                object_id=p.pk,
                title=f"Consultation on {p.title}",
                stage=Consultation.Stage.OPEN,
                starts_at=now,
                ends_at=now + timezone.timedelta(days=rng.randint(1, 60)),
                results_visibility=Consultation.ResultsVisibility.LIVE,
            )
            for p in consulted
        ],
        batch_size=2000,
    )
    stances = StanceVote.Stance.values
    for start in range(0, len(consultations), 50):
        batch = []
        for c in consultations[start : start + 50]:
            for voter in rng.sample(people, VOTES_PER_CONSULTATION):
                batch.append(StanceVote(consultation=c, user=voter, stance=rng.choice(stances)))
        StanceVote.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:  # tallies equal the rows
        tally = "(SELECT count(*) FROM engagement_stancevote v WHERE v.consultation_id = c.id AND v.stance = '%s')"
        cursor.execute(
            "UPDATE engagement_consultation c SET "
            + ", ".join(f"{stance}_count = {tally % stance}" for stance in stances)
        )

    comments = [
        Comment(
            content_type=proposal_type,
            object_id=proposals[0].pk,
            author=rng.choice(people),
            body=f"Comment {i} on the big thread. " * 3,
        )
        for i in range(200)
    ]
    for i in range(N_COMMENTS - 200):
        target = rng.choice(proposals[1:])
        comments.append(
            Comment(
                content_type=proposal_type,
                object_id=target.pk,
                author=rng.choice(people),
                body=f"Generated comment {i}.",
            )
        )
    Comment.objects.bulk_create(comments, batch_size=5000)
    print(
        f"seeded {PlanningProposal.objects.count()} proposals, {Idea.objects.count()} ideas, "
        f"{StanceVote.objects.count()} votes, {Comment.objects.count()} comments"
    )


def index():
    """Bulk-created rows skip the search index's signals: build it once for the site search."""
    from modelsearch.conf import get_app_config

    entries = get_app_config().get_model("IndexEntry").objects
    if entries.filter(content_type=ContentType.objects.get_for_model(PlanningProposal)).count() < N_PROPOSALS:
        call_command("update_index", verbosity=0)
        print(f"search index: {entries.count()} entries")


seed()
index()
