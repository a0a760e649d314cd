"""Reads in accounts that need more than a simple .get()."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Membership, Organisation, User


def organisation_list(*, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("area").annotate(member_count=Count("memberships"))
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return qs.order_by("name")


def organisation_with_members(*, slug: str) -> Organisation:
    members = Membership.objects.select_related("user").order_by("-role", "joined_at")
    return (
        Organisation.objects.select_related("area")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .get(slug=slug)
    )


def user_account_export(*, user: User) -> dict:
    """The accounts section of "download my data"."""

    profile = getattr(user, "profile", None)
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "linked_sign_in_providers": [
            {"provider": s.provider, "uid": s.uid, "date_joined": s.date_joined.isoformat(), "data": s.extra_data}
            for s in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "profile": {
            "home_area": (
                {"code": profile.home_area.code, "name": profile.home_area.name} if profile.home_area else None
            ),
            "language": profile.language,
            "priorities": profile.priorities,
            "imported_from": profile.imported_from,
        }
        if profile
        else None,
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role, "joined_at": m.joined_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
    }
