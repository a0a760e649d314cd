"""What gamification listens to, connected once from GamificationConfig.ready()."""

from django.db.models.signals import post_delete, post_save

from accounts import gdpr
from accounts.roles import Role, register_role_permissions
from gamification import selectors, services
from gamification.models import Report, ReportUpdate, Service, ServiceAttribute
from pagecache import content_bump

# Moderators run reports; administrators also issue and revoke partners' Open311 keys.
STAFF = {"gamification.manage_report", "gamification.view_report", "gamification.view_partnerwrite"}
KEYS = {"gamification.add_partnerkey", "gamification.change_partnerkey", "gamification.view_partnerkey"}
CATEGORIES = {
    f"gamification.{do}_{model}" for do in ("add", "change", "view") for model in ("service", "serviceattribute")
}
CATEGORIES |= {"gamification.delete_serviceattribute"}


def connect() -> None:
    register_role_permissions(Role.MODERATOR, STAFF)
    register_role_permissions(Role.ADMINISTRATOR, STAFF | KEYS | CATEGORIES)
    gdpr.register("street_reports", export=selectors.user_reports_export, erase=services.user_reports_erase)
    # Report pages, lists and the Open311 reads are cached under the content version.
    for model in (Service, ServiceAttribute, Report, ReportUpdate):
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
