"""What accounts listens to and registers, connected once from AccountsConfig.ready()."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from accounts import gdpr, selectors, services
from accounts.backends import permissions_bump
from accounts.middleware import LANGUAGE_SESSION_KEY
from accounts.models import Membership, Organisation, User
from pagecache import connect_person_versions, content_bump


@receiver(post_save, sender=User, dispatch_uid="accounts_user_onboard")
def _onboard_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.user_onboard(user=instance)


@receiver(user_logged_in, dispatch_uid="accounts_language_on_login")
def _restore_language(sender, request, user, **kwargs):
    profile = getattr(user, "profile", None)
    if request is not None and profile is not None and profile.language:
        request.session[LANGUAGE_SESSION_KEY] = profile.language


def _sync_roles(sender, **kwargs):
    services.roles_sync()


def _user_saved(update_fields=None, **kwargs):
    # is_superuser / is_active change what a person may do; a sign-in (last_login) does not.
    if update_fields is None or {"is_superuser", "is_active", "is_staff"} & set(update_fields):
        permissions_bump()


def connect(app_config) -> None:
    # After the last app's migrations (Django signals each app in order, after migrate and after
    # a test's flush): every app's permissions, which roles ask for, exist only by then.
    last_app = list(apps.get_app_configs())[-1]
    post_migrate.connect(_sync_roles, sender=last_app, dispatch_uid="accounts_roles_sync")
    gdpr.register("account", export=selectors.user_account_export)
    # Cached permission sets and roles (accounts.backends) follow any change to them.
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(permissions_bump, sender=through, dispatch_uid=f"perms_bump_{through._meta.label}")
    for model in (Group, Permission, User):
        post_delete.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_delete_{model._meta.label}")
    for model in (Group, Permission):
        post_save.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_save_{model._meta.label}")
    post_save.connect(_user_saved, sender=User, dispatch_uid="perms_bump_user_saved")
    # A person's cached pages follow every row that points at them, whoever wrote it.
    connect_person_versions()
    # Organisation pages (and the proposals and ideas that name them) are cached under the
    # content version: a changed profile or membership shows at once.
    for model in (Organisation, Membership):
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
