"""Permissions read once per roles change, not once per request.

Django's ModelBackend loads a person's permissions with two queries on every request that checks
one (and the MFA middleware asks for their roles with a third). Roles change rarely, so the sets
are cached under a version that any change to groups, memberships of groups or permissions bumps
– a new role takes effect on the next request. A cache outage falls back to the queries.
"""

import logging

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

logger = logging.getLogger(__name__)
_VERSION_KEY = "auth:permissions-version"


def _safely(operation, default=None):
    try:
        return operation()
    except Exception:  # noqa: BLE001 - any cache backend error means "ask the database"
        logger.warning("cache unavailable for permissions", exc_info=True)
        return default


def permissions_version_key(_user=None) -> str:
    """The cache key of the permissions version (pagecache keys personal pages by its value)."""
    return _VERSION_KEY


def permissions_version() -> int | None:
    def read():
        version = cache.get(_VERSION_KEY)
        if version is None:
            cache.add(_VERSION_KEY, 1, None)
            version = cache.get(_VERSION_KEY, 1)
        return version

    return _safely(read)


def permissions_bump(**_kwargs) -> None:
    def bump():
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:
            pass

    _safely(bump)


def cached_for_user(user, name: str, compute):
    """compute() for this person, cached under the permissions version: the value is stored with
    the version it was computed under, so one round trip reads both and a stale value is never
    used."""
    if not user.pk:
        return compute()
    key = f"auth:{user.pk}:{name}"
    found = _safely(lambda: cache.get_many([_VERSION_KEY, key]))
    if found is None:
        return compute()
    version = found.get(_VERSION_KEY)
    if version is None:
        version = permissions_version()
        if version is None:
            return compute()
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return stored[1]
    value = compute()
    _safely(lambda: cache.set(key, (version, value), 3600))
    return value


class CachedPermissionsBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        attribute = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, attribute):
            perms = cached_for_user(
                user_obj,
                f"{from_name}-perms",
                lambda: super(CachedPermissionsBackend, self)._get_permissions(user_obj, obj, from_name),
            )
            setattr(user_obj, attribute, set(perms))
        return getattr(user_obj, attribute)
