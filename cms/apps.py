from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content pages"

    def ready(self):
        from django.db.models.signals import post_migrate

        from accounts.roles import Role, register_role_permissions
        from cms.permissions import cms_roles_sync

        register_role_permissions(Role.ADMINISTRATOR, {"wagtailadmin.access_admin"})
        # After accounts has created the role groups (cms is installed after accounts).
        post_migrate.connect(cms_roles_sync, sender=self, dispatch_uid="cms_roles_sync")

        # The twin and engagement are on the same floor and never import each other: the top wires
        # the twin's access decisions to engagement's notifications (in-app and email).
        from cms.wiring import notify_access_decided
        from twin.signals import access_decided

        access_decided.connect(notify_access_decided, dispatch_uid="cms_notify_access_decided")
