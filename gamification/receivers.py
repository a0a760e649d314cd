"""What gamification listens to, connected once from GamificationConfig.ready()."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from accounts import gdpr
from accounts.models import Profile
from accounts.roles import Role, register_role_permissions
from engagement import result_sections
from engagement import signals as engagement_signals
from gamification import badges, game_plans, leaderboards, points, selectors, services, tasks
from gamification.models import (
    Badge,
    Open311Send,
    PointsTotal,
    Report,
    ReportPhoto,
    ReportUpdate,
    Service,
    ServiceAttribute,
)
from pagecache import content_bump
from twin import comparison

# Moderators run reports; administrators also issue and revoke partners' Open311 keys.
STAFF = {
    "gamification.manage_report",
    "gamification.view_badgeaward",
    "gamification.view_report",
    "gamification.view_partnerwrite",
    "gamification.revoke_points",
    "gamification.view_ledgerentry",
    "gamification.review_placesuggestion",
}
KEYS = {"gamification.add_partnerkey", "gamification.change_partnerkey", "gamification.view_partnerkey"}
KEYS |= {f"gamification.{do}_open311endpoint" for do in ("add", "change", "view")}
KEYS |= {"gamification.view_open311send", "gamification.change_open311send"}
CATEGORIES = {
    f"gamification.{do}_{model}" for do in ("add", "change", "view") for model in ("service", "serviceattribute")
}
CATEGORIES |= {"gamification.delete_serviceattribute", "gamification.change_pointrule", "gamification.view_pointrule"}
CATEGORIES |= {f"gamification.{do}_responsetemplate" for do in ("add", "change", "view", "delete")}
CATEGORIES |= {f"gamification.{do}_badge" for do in ("add", "change", "view")}


# --- Points for taking part elsewhere (engagement's signals, sent on commit) --------------------
def _helpful(sender, comment, user, **kwargs):
    points.award(person=comment.author, rule_code="comment_helpful", obj=comment)


def _responded(sender, response, consultation, user, **kwargs):
    points.award(person=user, rule_code="consultation_response", obj=consultation)


def _supported(sender, target, user, **kwargs):
    author = getattr(target, "author", None)
    if isinstance(target, Report) or author is None or not hasattr(target, "support_count"):
        return
    if points.independent_supporters(target) >= points.IDEA_SUPPORTERS:
        points.award(person=author, rule_code="idea_supported", obj=target)


def _hidden(sender, items, reason="", **kwargs):
    """Hidden content keeps no points it earned: a hidden report takes back its reporter's and
    its confirmers' points as well as any photo or location points."""
    for item in items:
        if isinstance(item, Report):
            services.report_hidden(report=item, reason=reason)
            continue
        author = getattr(item, "author", None)
        for rule_code in ("comment_helpful", "idea_supported"):
            points.take_back(person=author, rule_code=rule_code, obj=item, reason=f"hidden: {reason}"[:300])


def _send_new(sender, instance, created, **kwargs):
    """A report to send to a council's Open311 endpoint: the first attempt once it is committed."""
    if created:
        transaction.on_commit(lambda: tasks.send_report.delay(instance.report_id))


# --- Leaderboards: who is ranked, and in which ward, follows the person -------------------------
def _person_changed(sender, instance, **kwargs):
    """A user saved (staff, active, blocked) or their profile (home area, leaderboard choice)."""
    person_id = getattr(instance, "user_id", None) or instance.pk
    leaderboards.standings_refresh(person_ids=[person_id])


def _roles_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # a person's roles changed
        people = [instance.pk]
    elif pk_set is not None:  # a role's people changed
        people = list(pk_set)
    else:  # a role emptied at once (rare): everyone with a standing is checked
        people = list(PointsTotal.objects.values_list("person_id", flat=True))
    leaderboards.standings_refresh(person_ids=people)


def _rules(sender, **kwargs):
    points.rules_ensure()
    badges.badges_ensure()


def connect() -> None:
    register_role_permissions(Role.MODERATOR, STAFF)
    register_role_permissions(Role.ADMINISTRATOR, STAFF | KEYS | CATEGORIES)
    gdpr.register("street_reports", export=selectors.user_reports_export, erase=services.user_reports_erase)
    gdpr.register("points", export=selectors.user_points_export)  # entries go with the account
    gdpr.register("planning_game", export=game_plans.user_plans_export, erase=game_plans.user_plans_erase)
    insights = {game_plans.INSIGHTS}
    for role in (Role.POLICY_LEAD, Role.MODERATOR, Role.ADMINISTRATOR):
        register_role_permissions(role, insights)
    result_sections.register(game_plans.consultation_section)  # plans given as feedback
    comparison.register("game", game_plans.comparables)  # plans beside policy scenarios
    # once, after gamification's own migrations (not after every app's)
    post_migrate.connect(_rules, sender=apps.get_app_config("gamification"), dispatch_uid="gamification_rules_ensure")
    post_save.connect(_send_new, sender=Open311Send, dispatch_uid="gamification_open311_send_new")
    post_save.connect(_person_changed, sender=get_user_model(), dispatch_uid="gamification_standing_user")
    post_save.connect(_person_changed, sender=Profile, dispatch_uid="gamification_standing_profile")
    m2m_changed.connect(_roles_changed, sender=get_user_model().groups.through, dispatch_uid="gamification_roles")
    engagement_signals.comment_marked_helpful.connect(_helpful, dispatch_uid="points_comment_helpful")
    engagement_signals.response_submitted.connect(_responded, dispatch_uid="points_consultation_response")
    engagement_signals.support_given.connect(_supported, dispatch_uid="points_idea_supported")
    engagement_signals.content_hidden.connect(_hidden, dispatch_uid="points_content_hidden")
    # Report pages, lists and the Open311 reads are cached under the content version.
    for model in (Service, ServiceAttribute, Report, ReportUpdate, ReportPhoto, Badge):
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
