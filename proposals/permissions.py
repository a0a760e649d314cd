"""Who may change what in proposals."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership


def can_manage_proposal(user, proposal) -> bool:
    """Moderators, and admins of the promoting organisation, add documents and images."""
    if not user.is_authenticated:
        return False
    if user.has_perm("proposals.change_planningproposal"):
        return True
    return bool(
        proposal.promoter_id
        and Membership.objects.filter(
            organisation_id=proposal.promoter_id, user=user, role=Membership.Role.ADMIN
        ).exists()
    )


def check_manage_proposal(user, proposal) -> None:
    if not can_manage_proposal(user, proposal):
        raise PermissionDenied(_("Only the promoter's admins and moderators can add documents and images."))


def check_perm(user, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)
