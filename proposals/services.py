"""Every write in proposals."""

import nh3
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.themes import Theme
from places import selectors as place_selectors
from places.models import Area
from proposals.models import Idea, PlanningProposal, ProposalTheme

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "a", "blockquote"}


def sanitise_html(html: str) -> str:
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
def proposal_save(*, proposal: PlanningProposal | None = None, themes: list[str] = (), **fields) -> PlanningProposal:
    """Create or update a proposal; its areas are recomputed from its geometry."""
    proposal = proposal or PlanningProposal()
    if "geometry" in fields:
        fields["geometry"] = _check_geometry(fields["geometry"])
    if "description" in fields:
        fields["description"] = sanitise_html(fields["description"])
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
    return proposal


def idea_submit(*, author, title: str, description: str, theme: str, location: Point, organisation=None) -> Idea:
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
    if errors:
        raise ValidationError(errors)
    return Idea.objects.create(
        author=author,
        title=title.strip(),
        description=description.strip(),
        theme=theme,
        location=location,
        organisation=organisation,
        area=place_selectors.area_containing_point(point=location, kind=Area.Kind.WARD),
    )


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
    return idea
