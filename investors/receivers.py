"""What investors listens to and registers with the apps below it, connected once from
InvestorsConfig.ready(): roles' permissions, the twin's scoring provider, the score copied onto
each opportunity when it changes, and cached pages going stale on any change."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts import gdpr
from accounts.roles import Role, register_role_permissions
from investors import campaigns, dataroom, messaging, selectors, services
from investors.models import (
    AdditionalityFactors,
    Campaign,
    CostItem,
    DataRoomDocument,
    InvestorProfile,
    MatchFund,
    Opportunity,
    OpportunityTransition,
)
from pagecache import content_bump
from twin import delivery
from twin.scoring import registry as scoring_registry
from twin.signals import scores_changed

CONTENT_MODELS = (
    Opportunity,
    OpportunityTransition,
    AdditionalityFactors,
    InvestorProfile,
    Campaign,
    CostItem,
    MatchFund,
    DataRoomDocument,
)


def _scores_changed(sender, label, pks, **kwargs):
    """Copy the new scores onto the opportunities (an UPDATE sends no signal, so cached pages are
    made out of date here)."""
    if label == services.LABEL:
        services.scores_copied(pks=list(pks))
        content_bump()


def connect() -> None:
    register_role_permissions(Role.MODERATOR, {"investors.moderate_opportunity", "investors.verify_investor"})
    register_role_permissions(Role.POLICY_LEAD, {"investors.edit_additionality"})
    register_role_permissions(
        Role.ADMINISTRATOR,
        {
            "investors.moderate_opportunity",
            "investors.verify_investor",
            "investors.set_tier",
            "investors.edit_additionality",
        },
    )
    # Saved comparisons go with the account (cascade); opportunities and their log stay with the
    # organisation, without the person (SET_NULL).
    gdpr.register("investors", export=selectors.user_data_export)
    gdpr.register("investors_data_room", export=dataroom.user_data_export, erase=dataroom.user_erase)
    gdpr.register("investors_messages", export=messaging.user_data_export, erase=messaging.user_erase)
    gdpr.register("investors_pledges", export=campaigns.user_data_export, erase=campaigns.user_erase)
    scoring_registry.register(services.LABEL, selectors.opportunity_score_subjects)
    delivery.register(services.LABEL, selectors.delivered_items)
    scores_changed.connect(_scores_changed, dispatch_uid="investors_scores_changed")
    for model in CONTENT_MODELS:
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
    m2m_changed.connect(
        content_bump, sender=Opportunity.areas.through, dispatch_uid="content_bump_m2m_opportunity_areas"
    )
