from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and ideas")

    def ready(self):
        from accounts.roles import Role, register_role_permissions

        staff = {
            "proposals.respond_idea",
            "proposals.publish_decision",
            "proposals.manage_layers",
            "proposals.change_planningproposal",
        }
        register_role_permissions(Role.MODERATOR, staff)
        register_role_permissions(Role.ADMINISTRATOR, staff)
        register_role_permissions(Role.POLICY_LEAD, {"proposals.publish_decision"})

        from accounts import gdpr
        from proposals import selectors, services

        gdpr.register("proposals", export=selectors.user_ideas_export, erase=services.user_ideas_erase)

        # Cached pages and maps are keyed by the content version: any change here invalidates them.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.models import Organisation
        from engagement.pagecache import content_bump
        from proposals import models

        for model in (
            models.PlanningProposal,
            models.ProposalTheme,
            models.Idea,
            models.IdeaPhoto,
            models.Decision,
            models.Milestone,
            models.ProposalDocument,
            models.ProposalImage,
            models.ThematicLayer,
            Organisation,
        ):
            post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
            post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
        for through in (
            models.PlanningProposal.areas.through,
            models.ThematicLayer.proposals.through,
            models.Milestone.ideas.through,
        ):
            m2m_changed.connect(content_bump, sender=through, dispatch_uid=f"content_bump_m2m_{through._meta.label}")

        # The twin scores proposals from their effects; proposals hand them over (twin never imports us).
        from twin.scoring import registry as scoring_registry
        from twin.signals import scores_changed

        scoring_registry.register("proposals.planningproposal", selectors.proposal_score_subjects)
        scoring_registry.register("proposals.idea", selectors.idea_score_subjects)
        post_save.connect(_rescore_idea, sender=models.Idea, dispatch_uid="proposals_rescore_idea")
        post_save.connect(_rescore_proposal, sender=models.PlanningProposal, dispatch_uid="proposals_rescore_save")
        m2m_changed.connect(
            _rescore_proposal_areas,
            sender=models.PlanningProposal.areas.through,
            dispatch_uid="proposals_rescore_areas",
        )
        scores_changed.connect(content_bump, dispatch_uid="proposals_scores_changed")


def _rescore(pk: int, label: str = "proposals.planningproposal") -> None:
    from django.db import transaction

    from twin.tasks import rescore_task

    transaction.on_commit(lambda: rescore_task.delay(label, [pk]))


def _rescore_proposal(sender, instance, **kwargs):
    _rescore(instance.pk)


def _rescore_idea(sender, instance, **kwargs):
    if instance.intervention_id:
        _rescore(instance.pk, "proposals.idea")


def _rescore_proposal_areas(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and hasattr(instance, "effects"):
        _rescore(instance.pk)
