"""What proposals listens to and registers with the apps below it, connected once from
ProposalsConfig.ready(): cached pages go stale on any change here, and the twin scores
proposals and ideas through the providers registered here (the twin never imports us).
Re-scoring after an edit is asked for by the services that change effects or places
(proposals.services.score_refresh), not by model signals."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts import gdpr
from accounts.roles import Role, register_role_permissions
from pagecache import content_bump
from proposals import models, selectors, services
from proposals.budgets import selectors as budget_selectors
from proposals.budgets import services as budget_services
from twin import delivery
from twin.scoring import registry as scoring_registry
from twin.signals import scores_changed

# Cached pages and maps are keyed by the content version: any change to these invalidates them.
CONTENT_MODELS = (
    models.PlanningProposal,
    models.ProposalTheme,
    models.Idea,
    models.IdeaPhoto,
    models.Decision,
    models.Milestone,
    models.ProposalDocument,
    models.ProposalImage,
    models.ThematicLayer,
    models.Budget,
    models.BudgetItem,  # ballots move vote counts by update(), which bumps nothing: pages with tallies are not cached
)
CONTENT_RELATIONS = (
    models.PlanningProposal.areas.through,
    models.ThematicLayer.proposals.through,
    models.Milestone.ideas.through,
)


STAFF = {
    "proposals.respond_idea",
    "proposals.publish_decision",
    "proposals.manage_layers",
    "proposals.change_planningproposal",
}


def connect() -> None:
    register_role_permissions(Role.MODERATOR, STAFF)
    register_role_permissions(Role.ADMINISTRATOR, STAFF)
    register_role_permissions(Role.POLICY_LEAD, {"proposals.publish_decision", "proposals.manage_budgets"})
    register_role_permissions(Role.MODERATOR, {"proposals.manage_budgets"})
    register_role_permissions(Role.ADMINISTRATOR, {"proposals.manage_budgets"})
    gdpr.register("proposals", export=selectors.user_ideas_export, erase=services.user_ideas_erase)
    gdpr.register(
        "budget_ballots", export=budget_selectors.user_ballots_export, erase=budget_services.user_ballots_erase
    )
    for model in CONTENT_MODELS:
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
    for through in CONTENT_RELATIONS:
        m2m_changed.connect(content_bump, sender=through, dispatch_uid=f"content_bump_m2m_{through._meta.label}")
    scoring_registry.register("proposals.planningproposal", selectors.proposal_score_subjects)
    delivery.register("proposals.planningproposal", selectors.delivered_proposals)
    scoring_registry.register("proposals.idea", selectors.idea_score_subjects)
    scores_changed.connect(content_bump, dispatch_uid="proposals_scores_changed")
