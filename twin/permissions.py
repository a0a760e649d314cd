"""Who may see and download the twin's data. A KPI's figures are visible to a person only when
they may download its dataset: Open to everyone, Restricted once they have accepted its terms,
Closed with approved access. Every selector that reads observations for display takes a
`FigureAccess` and withholds the rest, so pages, API, CSV, charts, projections and score lines
apply one rule; scores may still *use* any figure, and say so where one is withheld."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user

from accounts.backends import cached_for_user
from pagecache import cached_object
from twin.models import Dataset, LicenceTier, TermsAcceptance

# --- Staff actions: who may, and what a person who may not is told ------------------------------
EDIT_WEIGHTS = "edit_weights"
MANAGE_SCENARIOS = "manage_scenarios"
REVIEW_ACCESS = "review_access"
_RULES = {
    EDIT_WEIGHTS: ("twin.edit_weights", _("Only policy leads can change the scoring weights.")),
    MANAGE_SCENARIOS: ("twin.manage_scenarios", _("Only policy leads can create and save scenarios.")),
    REVIEW_ACCESS: ("twin.review_access", _("Only moderators can decide on access requests.")),
}


def reason_denied(user, action: str) -> str | None:
    """Why `user` may not do `action` in the twin, or None if they may."""
    permission, reason = _RULES[action]
    return None if user.has_perm(permission) else str(reason)


def may(user, action: str) -> bool:
    return reason_denied(user, action) is None


def check(user, action: str) -> None:
    reason = reason_denied(user, action)
    if reason:
        raise PermissionDenied(reason)


# --- Data: downloads and the figures shown -------------------------------------------------------
def may_download(user, dataset: Dataset) -> tuple[bool, str]:
    """(allowed, what is needed otherwise: "sign_in", "terms" or "request")."""
    if dataset.tier == LicenceTier.OPEN:
        return True, ""
    if not user.is_authenticated:
        return False, "sign_in"
    if dataset.tier == LicenceTier.RESTRICTED:
        if TermsAcceptance.objects.filter(user=user, dataset=dataset).exists():
            return True, ""
        return False, "terms"
    if user.has_perm("twin.download_dataset", dataset):
        return True, ""
    return False, "request"


@dataclass(frozen=True)
class FigureAccess:
    """The KPIs whose figures one person may not see, each with the dataset that says how to get access."""

    withheld: dict[str, Dataset] = field(default_factory=dict)

    def may_see(self, kpi_code: str) -> bool:
        return kpi_code not in self.withheld

    def visible(self, kpis) -> list:
        return [k for k in kpis if k.code not in self.withheld]

    def dataset_for(self, kpi_code: str) -> Dataset | None:
        return self.withheld.get(kpi_code)

    def fingerprint(self) -> tuple[str, ...]:
        """For cache keys: two people with the same fingerprint see the same figures."""
        return tuple(sorted(self.withheld))

    def note(self, kpi_code: str) -> dict | None:
        """What a person who may not see this KPI's figures is told instead (None if they may):
        its tier, the dataset and where to ask for access (templates/twin/_withheld.html)."""
        dataset = self.withheld.get(kpi_code)
        if dataset is None:
            return None
        return {"tier": dataset.tier, "dataset": dataset.title, "url": dataset.get_absolute_url()}


EVERYTHING = FigureAccess()  # for internal reads that never reach a person (scoring, ingest, exports to staff)


def figure_access(user) -> FigureAccess:
    """What this person may see: at most three queries, then kept on the user object for the
    request and in the cache under the permissions version (accounts.backends), which terms
    accepted, access granted and datasets changed all bump (twin/receivers.py)."""
    cached = getattr(user, "_twin_figure_access", None)
    if cached is not None:
        return cached
    if user.is_authenticated:
        withheld = cached_for_user(user, "twin-figure-access", lambda: _withheld(user))
    else:
        withheld = cached_object("twin-figure-access-visitors", (), lambda: _withheld(user))
    access = FigureAccess(withheld)
    try:
        user._twin_figure_access = access
    except AttributeError:  # an object that takes no attributes: compute again next time
        pass
    return access


def _withheld(user) -> dict:
    guarded = list(
        Dataset.objects.filter(kind=Dataset.Kind.KPI, kpi__isnull=False)
        .exclude(tier=LicenceTier.OPEN)
        .select_related("kpi")
    )
    allowed: set[int] = set()
    if guarded and user.is_authenticated:
        restricted = [d.pk for d in guarded if d.tier == LicenceTier.RESTRICTED]
        if restricted:
            allowed |= set(
                TermsAcceptance.objects.filter(user=user, dataset_id__in=restricted).values_list(
                    "dataset_id", flat=True
                )
            )
        closed = Dataset.objects.filter(pk__in=[d.pk for d in guarded if d.tier == LicenceTier.CLOSED])
        if closed.exists():
            allowed |= set(
                get_objects_for_user(
                    user, "twin.download_dataset", klass=closed, accept_global_perms=False
                ).values_list("pk", flat=True)
            )
    return {d.kpi.code: d for d in guarded if d.pk not in allowed}


def forget_figure_access(user) -> None:
    """After terms are accepted or access granted within a request."""
    if hasattr(user, "_twin_figure_access"):
        del user._twin_figure_access
