"""Every write in proposals."""

from collections.abc import Iterable, Sequence
from datetime import date

import nh3
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.themes import Theme
from engagement import moderation, notifications, uploads
from engagement import permissions as engagement_permissions
from engagement.models import Consultation, ModerationCase
from params import UNSET, Unset, given
from places import selectors as place_selectors
from places.models import Area
from proposals.models import (
    Decision,
    Idea,
    IdeaPhoto,
    Milestone,
    PlanningProposal,
    ProposalDocument,
    ProposalImage,
    ProposalTheme,
    ThematicLayer,
)
from twin.tasks import rescore_task

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "a", "blockquote"}


def sanitise_html(*, html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:160] or "proposal"
    slug, n = base, 2
    while PlanningProposal.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_geometry(geometry: GEOSGeometry) -> GEOSGeometry:
    if not isinstance(geometry, Point | Polygon | MultiPolygon) or geometry.empty or not geometry.valid:
        raise ValidationError({"geometry": _("Give a valid point or site boundary.")})
    if geometry.srid is None:
        geometry.srid = 4326
    return geometry


@transaction.atomic
def score_refresh(*, label: str, pk: int) -> None:
    """Re-score an item in Celery once this transaction commits: its effects or its place changed."""
    transaction.on_commit(lambda: rescore_task.delay(label, [pk]))


def proposal_save(
    *,
    proposal: PlanningProposal | None = None,
    themes: Sequence[str] = (),
    title: str | Unset = UNSET,
    slug: str | Unset = UNSET,
    summary: str | Unset = UNSET,
    description: str | Unset = UNSET,
    promoter: Organisation | None | Unset = UNSET,
    status: str | Unset = UNSET,
    geometry: GEOSGeometry | Unset = UNSET,
    jobs_created: int | None | Unset = UNSET,
    homes: int | None | Unset = UNSET,
    floorspace_m2: int | None | Unset = UNSET,
    green_blue_space_change_m2: int | None | Unset = UNSET,
    tco2e_per_year: float | None | Unset = UNSET,
    ev_chargers: int | None | Unset = UNSET,
    trees: int | None | Unset = UNSET,
    other_effects: list | Unset = UNSET,
    delivery_started_on: date | None | Unset = UNSET,
) -> PlanningProposal:
    """Create or update a proposal (only the fields given change); its areas are recomputed from
    its geometry, and it is re-scored when it is new or its effects or geometry are given."""
    fields = given(
        delivery_started_on=delivery_started_on,
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        promoter=promoter,
        status=status,
        geometry=geometry,
        jobs_created=jobs_created,
        homes=homes,
        floorspace_m2=floorspace_m2,
        green_blue_space_change_m2=green_blue_space_change_m2,
        tco2e_per_year=tco2e_per_year,
        ev_chargers=ev_chargers,
        trees=trees,
        other_effects=other_effects,
    )
    created = proposal is None or proposal.pk is None
    proposal = proposal or PlanningProposal()
    if "geometry" in fields:
        fields["geometry"] = _check_geometry(fields["geometry"])
    if "description" in fields:
        fields["description"] = sanitise_html(html=fields["description"])
    for name, value in fields.items():
        setattr(proposal, name, value)
    if not proposal.slug:
        proposal.slug = _unique_slug(proposal.title, exclude_pk=proposal.pk)
    proposal.full_clean(exclude=["areas"])
    proposal.save()
    unknown = set(themes) - set(Theme.values)
    if unknown:
        raise ValidationError({"themes": _("Unknown theme: %(t)s") % {"t": ", ".join(sorted(unknown))}})
    proposal.theme_links.exclude(theme__in=themes).delete()
    for theme in themes:
        ProposalTheme.objects.get_or_create(proposal=proposal, theme=theme)
    proposal.areas.set(Area.objects.filter(geometry__intersects=proposal.geometry).values_list("pk", flat=True))
    if created or set(fields) & {*PlanningProposal.EFFECT_FIELDS, "geometry"}:
        score_refresh(label="proposals.planningproposal", pk=proposal.pk)
    return proposal


@transaction.atomic
def idea_submit(
    *,
    author,
    title: str,
    description: str,
    theme: str,
    location: Point,
    organisation=None,
    photos=(),
    intervention=None,
    intervention_quantity: int | None = None,
) -> Idea:
    """Share an idea. `photos` are (file, description) pairs, checked and stripped of metadata
    before anything is saved."""
    if not author.is_authenticated:
        raise PermissionDenied(_("Sign in to share an idea."))
    errors = {}
    if not title.strip():
        errors["title"] = _("Give your idea a title.")
    if not description.strip():
        errors["description"] = _("Describe your idea.")
    if theme not in Theme.values:
        errors["theme"] = _("Choose a theme.")
    if location.srid is None:
        location.srid = 4326
    district = place_selectors.deployment_district_geometry()
    if district is not None and not district.contains(location):
        errors["location"] = _("Put the pin inside the area this site covers.")
    if organisation is not None and not Membership.objects.filter(organisation=organisation, user=author).exists():
        errors["organisation"] = _("You can only submit ideas for organisations you belong to.")
    cleaned_photos = []
    for upload, alt_text in photos:
        try:
            cleaned_photos.append((uploads.clean_image(upload), (alt_text or "").strip()))
        except ValidationError as exc:
            errors["photo"] = exc.messages
    if any(not alt for _photo, alt in cleaned_photos):
        errors["photo_description"] = _("Say what the photo shows, for people who cannot see it.")
    if bool(intervention) != bool(intervention_quantity):
        errors["intervention_quantity"] = _("Say what it would take and how many, or neither.")
    if errors:
        raise ValidationError(errors)
    blocked = engagement_permissions.reason_denied(author, "post", None)
    if blocked:
        raise PermissionDenied(blocked)
    moderation.check_rate(user=author, action="idea")
    held = moderation.should_hold(author=author, text=f"{title} {description}")
    idea = Idea.objects.create(
        author=author,
        title=title.strip(),
        description=description.strip(),
        theme=theme,
        location=location,
        organisation=organisation,
        area=place_selectors.area_containing_point(point=location, kind=Area.Kind.WARD),
        intervention=intervention,
        intervention_quantity=intervention_quantity or None,
        held=held,
        hidden_at=timezone.now() if held else None,
        hidden_reason=_("Waiting for a moderator to approve it.") if held else "",
    )
    for photo, alt_text in cleaned_photos:
        IdeaPhoto.objects.create(idea=idea, image=photo, alt_text=alt_text[:250])
    moderation.case_open(item=idea, kind=ModerationCase.Kind.HELD if held else ModerationCase.Kind.NEW)
    if idea.intervention_id:
        score_refresh(label="proposals.idea", pk=idea.pk)
    return idea


def idea_respond(*, idea: Idea, responder, status: str, response: str) -> Idea:
    """The council's official status and response on an idea ("you said, we did")."""
    if not responder.has_perm("proposals.respond_idea"):
        raise PermissionDenied(_("Only moderators can give the official response."))
    if status not in Idea.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not response.strip():
        raise ValidationError({"official_response": _("Write the response people will read.")})
    idea.status = status
    idea.official_response = response.strip()
    idea.responded_at = timezone.now()
    idea.save(update_fields=["status", "official_response", "responded_at"])
    title = _("The council responded to “%(idea)s”: %(status)s") % {
        "idea": idea.title,
        "status": idea.get_status_display(),
    }
    if idea.author_id:
        notifications.notify(
            recipients=[idea.author],
            kind=notifications.Kind.RESPONSE,
            title=title,
            body=idea.official_response,
            url=idea.get_absolute_url(),
            item=idea,
        )
    notifications.notify_followers(
        item=idea, title=title, body=idea.official_response, url=idea.get_absolute_url(), exclude=[idea.author_id]
    )
    return idea


def document_add(*, proposal: PlanningProposal, title: str, upload) -> ProposalDocument:
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    try:
        content, pages = uploads.clean_pdf(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return ProposalDocument.objects.create(
        proposal=proposal, title=title.strip(), file=content, size_bytes=content.size, pages=pages
    )


def image_add(*, proposal: PlanningProposal, alt_text: str, upload) -> ProposalImage:
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe the image for people who cannot see it.")})
    try:
        content = uploads.clean_image(upload)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    return ProposalImage.objects.create(proposal=proposal, image=content, alt_text=alt_text.strip()[:250])


@transaction.atomic
def decision_publish(
    *, proposal: PlanningProposal, publisher, outcome: str, reasoning: str, what_changed: str = ""
) -> Decision:
    """Publish the decision on a proposal: it records the projected effects as they stand, links
    the consultation results, closes the consultation stage as "decision published" and marks
    the proposal decided. A decision can be corrected by publishing again."""
    if not publisher.has_perm("proposals.publish_decision"):
        raise PermissionDenied(_("Only moderators and policy leads can publish decisions."))
    errors = {}
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if "<" not in reasoning:  # plain text from the form: keep its paragraphs
        reasoning = linebreaks_filter(reasoning.strip())
    reasoning = sanitise_html(html=reasoning).strip()
    if not nh3.clean(reasoning, tags=set()).strip():
        errors["reasoning"] = _("Explain the reasons for the decision.")
    if errors:
        raise ValidationError(errors)
    consultation = (
        Consultation.objects.filter(
            content_type__app_label="proposals", content_type__model="planningproposal", object_id=proposal.pk
        )
        .exclude(stage=Consultation.Stage.DRAFT)
        .order_by("-created_at", "-pk")
        .first()
    )
    if consultation is not None:
        if consultation.effective_stage == Consultation.Stage.OPEN:
            raise ValidationError(_("Close the consultation before publishing the decision."))
        if consultation.stage != Consultation.Stage.DECISION_PUBLISHED:
            # closed, or open past its closing time
            consultation.stage = Consultation.Stage.DECISION_PUBLISHED
            consultation.save(update_fields=["stage"])
    decision, _created = Decision.objects.update_or_create(
        proposal=proposal,
        defaults={
            "outcome": outcome,
            "reasoning": reasoning,
            "what_changed": what_changed.strip()[:4000],
            "projected_effects": proposal.effects,
            "consultation": consultation,
            "published_by": publisher,
        },
    )
    if proposal.status in {PlanningProposal.Status.PRE_APPLICATION, PlanningProposal.Status.CONSULTATION}:
        proposal.status = PlanningProposal.Status.DECIDED
        proposal.save(update_fields=["status", "updated_at"])
    notifications.notify_followers(
        item=proposal,
        title=_("Decision on “%(proposal)s”: %(outcome)s")
        % {"proposal": proposal.title, "outcome": decision.get_outcome_display()},
        body=nh3.clean(decision.reasoning, tags=set())[:1000],
        url=f"{proposal.get_absolute_url()}#decision",
    )
    return decision


@transaction.atomic
def milestone_save(
    *,
    editor: User,
    milestone: Milestone | None = None,
    ideas: Iterable[Idea] | None = None,
    title: str | Unset = UNSET,
    description: str | Unset = UNSET,
    status: str | Unset = UNSET,
    due_date: date | None | Unset = UNSET,
    proposal: PlanningProposal | None | Unset = UNSET,
) -> Milestone:
    """Record an action and the ideas it answers, so their authors can see what became of them."""
    if not editor.has_perm("proposals.respond_idea"):
        raise PermissionDenied(_("Only moderators can record actions."))
    milestone = milestone or Milestone(created_by=editor)
    fields = given(title=title, description=description, status=status, due_date=due_date, proposal=proposal)
    for name, value in fields.items():
        setattr(milestone, name, value)
    if not (milestone.title or "").strip():
        raise ValidationError({"title": _("Say what the action is.")})
    milestone.full_clean()
    milestone.save()
    if ideas is not None:
        milestone.ideas.set(ideas)
    return milestone


@transaction.atomic
def layer_save(
    *,
    editor: User,
    layer: ThematicLayer | None = None,
    proposals: Iterable[PlanningProposal] | None = None,
    name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    colour: str | Unset = UNSET,
    position: int | Unset = UNSET,
) -> ThematicLayer:
    if not editor.has_perm("proposals.manage_layers"):
        raise PermissionDenied(_("Only moderators can define map layers."))
    layer = layer or ThematicLayer(created_by=editor)
    for field, value in given(name=name, description=description, colour=colour, position=position).items():
        setattr(layer, field, value)
    if not layer.slug:
        layer.slug = slugify(layer.name)[:90] or "layer"
    layer.full_clean()
    layer.save()
    if proposals is not None:
        layer.proposals.set(proposals)
    return layer


def user_ideas_erase(*, user: User) -> None:
    """Account erasure: ideas stay (others support and discuss them) but lose their author."""
    Idea.all_objects.filter(author=user).update(author=None)
