from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from accounts import gdpr, selectors, signals

        signals.connect_post_migrate(self)
        gdpr.register("account", export=selectors.user_account_export)

        # Cached permission sets and roles (accounts.backends) follow any change to them.
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.backends import permissions_bump
        from accounts.models import User

        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(permissions_bump, sender=through, dispatch_uid=f"perms_bump_{through._meta.label}")
        for model in (Group, Permission, User):
            post_delete.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_delete_{model._meta.label}")
        for model in (Group, Permission):
            post_save.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_save_{model._meta.label}")

        def user_saved(update_fields=None, **kwargs):
            # is_superuser / is_active change what a person may do; a sign-in (last_login) does not.
            if update_fields is None or {"is_superuser", "is_active", "is_staff"} & set(update_fields):
                permissions_bump()

        post_save.connect(user_saved, sender=User, dispatch_uid="perms_bump_user_saved", weak=False)
