"""Every write in accounts: one function per use case, keyword-only arguments."""

import logging

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts import gdpr
from accounts.models import Membership, Organisation, Profile, User
from accounts.roles import ROLE_PERMISSIONS, Role
from accounts.themes import DEFAULT_PRIORITIES, Theme
from params import UNSET, Unset, given

logger = logging.getLogger(__name__)


# --- People --------------------------------------------------------------------------------------
def user_onboard(*, user: User) -> Profile:
    """Every new account gets a profile and the resident role."""
    profile, _created = Profile.objects.get_or_create(user=user, defaults={"priorities": list(DEFAULT_PRIORITIES)})
    user.groups.add(role_group(role=Role.RESIDENT))
    return profile


def profile_update(
    *,
    user: User,
    home_area=None,
    language: str = "",
    display_name: str | None = None,
    on_leaderboards: bool | None = None,
) -> Profile:
    profile = user.profile
    profile.home_area = home_area
    profile.language = language
    fields = ["home_area", "language", "updated_at"]
    if on_leaderboards is not None:
        profile.on_leaderboards = on_leaderboards
        fields.append("on_leaderboards")
    with transaction.atomic():
        profile.save(update_fields=fields)
        if display_name is not None and display_name != user.display_name:
            user.display_name = display_name
            user.save(update_fields=["display_name"])
    return profile


def priorities_set(*, user: User, priorities: list[str]) -> Profile:
    if sorted(priorities) != sorted(DEFAULT_PRIORITIES):
        raise ValidationError(_("Rank every theme exactly once."))
    profile = user.profile
    profile.priorities = list(priorities)
    profile.save(update_fields=["priorities", "updated_at"])
    return profile


def priority_move(*, user: User, theme: str, direction: str) -> Profile:
    """Move one theme a place up or down: the no-JavaScript way to reorder."""
    if theme not in Theme.values or direction not in {"up", "down", "top"}:
        raise ValidationError(_("Choose a theme and whether to move it up or down."))
    order = [t.value for t in user.profile.ranked_priorities]
    index = order.index(theme)
    if direction == "top":
        order.insert(0, order.pop(index))
    else:
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
    return priorities_set(user=user, priorities=order)


def language_remember(*, user: User, language: str) -> None:
    Profile.objects.filter(user=user).update(language=language, updated_at=timezone.now())


# --- Roles ---------------------------------------------------------------------------------------
def role_group(*, role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=role)
    return group


def roles_sync() -> None:
    """Create one group per role with exactly the permissions the apps declared for it."""

    wanted_everywhere = {dotted for role in Role.values for dotted in ROLE_PERMISSIONS.get(role, set())}
    codenames = {dotted.split(".", 1)[1] for dotted in wanted_everywhere}
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(codename__in=codenames).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }  # one query, however many permissions (this runs after every app's migrations and every flush)
    for role in Role.values:
        group = role_group(role=role)
        wanted = ROLE_PERMISSIONS.get(role, set())
        missing = sorted(wanted - set(existing))
        if missing:
            logger.debug("Role %s asks for permissions not created yet: %s", role, missing)
        group.permissions.set([existing[dotted] for dotted in sorted(wanted) if dotted in existing])


def role_grant(*, user: User, role: str, granted_by: User | None = None) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if granted_by is not None and not granted_by.has_perm("accounts.grant_role"):
        raise PermissionDenied(_("You may not grant roles."))
    user.groups.add(role_group(role=role))
    if role == Role.ADMINISTRATOR:
        User.objects.filter(pk=user.pk).update(is_staff=True)
    logger.info("role granted: user=%s role=%s by=%s", user.pk, role, getattr(granted_by, "pk", None))


def role_revoke(*, user: User, role: str, revoked_by: User | None = None) -> None:
    if role not in Role.values or role == Role.RESIDENT:
        raise ValidationError(_("This role cannot be revoked."))
    if revoked_by is not None and not revoked_by.has_perm("accounts.grant_role"):
        raise PermissionDenied(_("You may not revoke roles."))
    user.groups.remove(role_group(role=role))
    if role == Role.ADMINISTRATOR and not user.is_superuser:
        User.objects.filter(pk=user.pk).update(is_staff=False)


def user_roles(*, user: User) -> set[str]:
    return set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))


# --- Organisations -------------------------------------------------------------------------------
def _sync_admin_permission(membership: Membership) -> None:
    if membership.role == Membership.Role.ADMIN:
        assign_perm("accounts.manage_organisation", membership.user, membership.organisation)
    else:
        remove_perm("accounts.manage_organisation", membership.user, membership.organisation)


@transaction.atomic
def organisation_create(
    *, creator: User, name: str, kind: str, description: str = "", website: str = "", area=None
) -> Organisation:
    if kind == Organisation.Kind.COUNCIL_TEAM and not creator.has_perm("accounts.create_council_team"):
        raise PermissionDenied(_("Only administrators can create council teams."))
    organisation = Organisation.objects.create(
        name=name, kind=kind, description=description, website=website, area=area
    )
    membership = Membership.objects.create(organisation=organisation, user=creator, role=Membership.Role.ADMIN)
    _sync_admin_permission(membership)
    return organisation


def organisation_update(
    *,
    organisation: Organisation,
    name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    website: str | Unset = UNSET,
    area: Model | None | Unset = UNSET,  # a places.Area (accounts does not import places)
) -> Organisation:
    """Change what is given of an organisation's public profile."""
    for field, value in given(name=name, description=description, website=website, area=area).items():
        setattr(organisation, field, value)
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    return organisation


@transaction.atomic
def membership_add(*, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER) -> Membership:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("Nobody has an account with that email address yet.")})
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"email": _("%(name)s is already a member.") % {"name": user.display_name}})
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    _sync_admin_permission(membership)
    return membership


def _ensure_another_admin(membership: Membership) -> None:
    others = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(_("An organisation needs at least one admin. Make someone else an admin first."))


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose admin or member.")})
    if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    _sync_admin_permission(membership)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Membership.Role.ADMIN:
        _ensure_another_admin(membership)
    remove_perm("accounts.manage_organisation", membership.user, membership.organisation)
    membership.delete()


# --- GDPR ---------------------------------------------------------------------------------------
def user_data_export(*, user: User) -> dict:
    """Everything held about a person, section by section, as registered by each app."""
    return {
        "generated_at": timezone.now().isoformat(),
        "format": "civic-twin-personal-data/1",
        "sections": {section.name: section.export(user=user) for section in gdpr.sections()},
    }


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase a person: apps anonymise their contributions, then the account and its links go.

    Organisations they administered alone are handed to their longest-standing member so the
    organisation stays manageable.
    """
    for section in gdpr.sections():
        if section.erase is not None:
            section.erase(user=user)
    for membership in Membership.objects.filter(user=user, role=Membership.Role.ADMIN).select_related("organisation"):
        has_other_admin = (
            Membership.objects.filter(organisation=membership.organisation, role=Membership.Role.ADMIN)
            .exclude(user=user)
            .exists()
        )
        if not has_other_admin:
            successor = Membership.objects.filter(organisation=membership.organisation).exclude(user=user).first()
            if successor is not None:
                membership_change_role(membership=successor, role=Membership.Role.ADMIN)
    user_id = user.pk
    user.delete()
    logger.info("account erased: user=%s", user_id)


def resident_verify(*, user: User, verified_by: User, verified: bool = True) -> Profile:
    """A moderator records that they checked this person lives in the district (or withdraws it)."""
    if not verified_by.has_perm("accounts.verify_resident"):
        raise PermissionDenied(_("Only moderators can verify residents."))
    profile = user_onboard(user=user)
    profile.verified_at = timezone.now() if verified else None
    profile.verified_by = verified_by if verified else None
    profile.save(update_fields=["verified_at", "verified_by", "updated_at"])
    logger.info("resident verified=%s: user=%s by=%s", verified, user.pk, verified_by.pk)
    return profile


def home_ward(*, user):
    """The ward a person lives in (their home area, or the ward that contains it), in one query
    and without any boundary (callers that need the geometry ask for it)."""
    if not user.is_authenticated:
        return None
    fields = ["id", "kind", "code", "name", "parent_id"]
    profile = (
        Profile.objects.filter(user=user)
        .select_related("home_area__parent")
        .only("home_area_id", *[f"home_area__{f}" for f in fields], *[f"home_area__parent__{f}" for f in fields])
        .first()
    )
    area = profile.home_area if profile else None
    if area is None or area.kind == "ward":
        return area
    return area.parent if area.parent_id and area.parent.kind == "ward" else None
