"""CMS rights for the global roles: administrators edit every page, image and document."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts.roles import Role

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document", "delete_document"],
}


def cms_roles_sync(**kwargs) -> None:

    group, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return  # a flushed database (e.g. after a transactional test) has no tree to grant on
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
