"""Signal receivers for accounts, connected in AccountsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from accounts import services
from accounts.middleware import LANGUAGE_SESSION_KEY
from accounts.models import User


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


def connect_post_migrate(app_config):
    # After every app's migrations (not only ours): apps that come later add permissions that
    # roles ask for, and those exist only once that app's own post_migrate has run.
    post_migrate.connect(_sync_roles, dispatch_uid="accounts_roles_sync")
