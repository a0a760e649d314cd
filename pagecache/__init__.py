"""Whole-page caching that is never stale: shared pages for visitors, a copy per person for
signed-in people.

A library below every app (not a Django app): any floor may cache its pages and the data
behind them. Public API: `cache_anonymous_page` and `cache_page` (view decorators; the second
also keeps a copy per signed-in person, keyed as described above `PERSONAL_TIMEOUT`, with
`person_bump`, `PersonVersionMiddleware` and `connect_person_versions` keeping it current),
`cached_fragment` and `cached_object` (parts shared by everyone), `content_version` and
`content_bump` (the version every cached thing is keyed by; connect `content_bump` to whatever
changes what pages show), `safely` (run a cache call; an outage is a miss, never an error).

Every participation write (a proposal, idea, comment, vote, support, consultation or decision
changing) bumps one content version; cached pages are keyed by it, so a vote is visible on the
next request. Shared copies are served only to anonymous GETs without a session or pending
messages, and stored only from responses that used no CSRF token and set no cookie – so nothing
personal is ever shared. A signed-in person's copy is theirs alone: its key holds their cookies,
session and versions. Pages that must not be cached simply do not use the decorators.
"""

import contextvars
import functools
import gzip
import hashlib
import json
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_cache_key, learn_cache_key, patch_vary_headers
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
_VERSION_KEY = "content-version"
TIMEOUT = 3600


def safely(operation, default=None):
    """Run a cache operation; a cache outage must slow pages down, never break them. The Redis
    cache already answers a miss when Redis is down (config/cache.py); this also covers other
    backends and errors while pickling."""
    try:
        return operation()
    except Exception:  # noqa: BLE001 - any backend error (e.g. Redis down) means "no cache"
        logger.warning("cache unavailable", exc_info=True)
        return default


def content_version() -> int | None:
    """The current content version, or None when the cache is unavailable."""

    def read():
        version = cache.get(_VERSION_KEY)
        if version is None:
            cache.add(_VERSION_KEY, int(timezone.now().timestamp() * 1000), None)
            version = cache.get(_VERSION_KEY, 0)
        return version

    return safely(read)


def content_bump(**_kwargs) -> None:
    """Signal receiver and plain function: everything cached before now is out of date."""

    def bump():
        try:
            cache.incr(_VERSION_KEY)
        except ValueError:  # no version yet: the next read starts one
            pass

    safely(bump)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "sessionid" not in request.COOKIES
        and not request.COOKIES.get("messages")  # an emptied cookie holds none
        and not request.headers.get("HX-Request")
    )


# What every cached response varies on besides its absolute URL (scheme, host, path, query) and
# language, which the key always holds: the format a client asks for (the API answers JSON or its
# browsable HTML for one URL) and htmx requests (fragments). Responses also say `Vary: Cookie`
# (signed-in people get their own page) for caches in front of us; the key leaves the cookie out,
# since only requests without a session are served from it.
KEY_VARY = ("Accept", "HX-Request")
VARY = (*KEY_VARY, "Cookie")
# Headers a stored page is served with again; Set-Cookie never is (such pages are not stored).
_KEPT_HEADERS = {"content-type", "content-language", "content-disposition", "vary", "link", "allow"}


def _key_prefix(version: int) -> str:
    return f"page:{version}"


# Visitors' pages are stored gzipped when large (an Open311 list of 1,000 requests is ~600 KB of
# JSON, ~60 KB compressed): served as they are to clients that accept gzip (nearly all), inflated
# for the others. Compressed once, when stored. Personal pages are not: they hold a CSRF token
# beside text a request can put there (BREACH).
COMPRESS_FROM = 8 * 1024
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/geo+json", "application/atom+xml")


def _stored(response, *, compress: bool = False) -> tuple:
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    body, encoding = response.content, ""
    kind = response.get("Content-Type", "")
    if (
        compress
        and len(body) >= COMPRESS_FROM
        and kind.startswith(_COMPRESSIBLE)
        and not response.has_header("Content-Encoding")
    ):
        body, encoding = gzip.compress(body, compresslevel=6, mtime=0), "gzip"
    headers = [(k, v) for k, v in response.items() if k.lower() in _KEPT_HEADERS]
    return (body, response.status_code, headers, encoding)


def _served(cached, request) -> HttpResponse:
    body, status, headers, *rest = cached
    encoding = rest[0] if rest else ""
    zipped = encoding == "gzip" and "gzip" in request.headers.get("Accept-Encoding", "")
    if encoding == "gzip" and not zipped:
        body = gzip.decompress(body)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    if zipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, (*VARY, "Accept-Encoding") if encoding else VARY)
    response["X-Page-Cache"] = "hit"
    return response


def _uncached(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    patch_vary_headers(response, VARY)
    return response


def _anonymous(view, request, args, kwargs):
    version = content_version()
    if version is None:
        return _uncached(view, request, args, kwargs)
    prefix = _key_prefix(version)
    key = safely(lambda: get_cache_key(request, prefix, "GET", cache=cache))
    cached = safely(lambda: cache.get(key)) if key else None
    if cached is not None:
        return _served(cached, request)
    response = view(request, *args, **kwargs)
    patch_vary_headers(response, KEY_VARY)
    if (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
    ):
        stored = _stored(response, compress=True)
        safely(lambda: cache.set(learn_cache_key(request, response, TIMEOUT, prefix, cache=cache), stored, TIMEOUT))
        response["X-Page-Cache"] = "miss"
    patch_vary_headers(response, VARY)
    return response


def cache_anonymous_page(view):
    """Serve visitors the stored copy of this view's page for the current content version.

    Keys come from Django's own cache-key functions (django.utils.cache), so they cover the
    absolute URL (host and scheme included), the language and every header the response names in
    `Vary`, which always includes VARY – the same rules a shared cache in front of us applies.
    Signed-in people always get a freshly computed page (see `cache_page` for pages that may be
    cached per person too)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return _uncached(view, request, args, kwargs)
        return _anonymous(view, request, args, kwargs)

    return wrapper


# --- Signed-in people: a page cached per person ------------------------------------------------
# A signed-in page is personal (the header, the person's vote, their forms and CSRF token), so
# its key holds everything the page can depend on: the absolute URL, the language, the request's
# Accept and HX-Request headers, its whole Cookie header (session, CSRF and language cookies),
# the session's contents, the content version, the person's own version and the values of the
# keys settings.PAGECACHE_PERSONAL_KEYS names (the permissions version, the unread count). The
# person's version moves on every write they make (PersonVersionMiddleware) and on every saved
# or deleted row that points at them (connect_person_versions), whoever or whatever made it.
PERSONAL_TIMEOUT = 300


def _person_key(user_pk) -> str:
    return f"person-version:{user_pk}"


# Inside a write request the bumps wait for its end (PersonVersionMiddleware) and go out once per
# person: a vote saves a row pointing at its voter and is a write by them, one bump in all. Only
# personal page lookups read the version, and those are GETs, so nothing in the request misses it.
_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar("pagecache_person_bumps", default=None)


def _incr_person(user_pk) -> None:
    try:
        cache.incr(_person_key(user_pk))
    except ValueError:  # no version yet: the next read starts one
        pass


def person_bump(user_pk) -> None:
    """Everything cached for this person before now is out of date."""
    if user_pk is None:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.add(user_pk)
    else:
        safely(lambda: _incr_person(user_pk))


@functools.cache
def _personal_key_functions() -> tuple:
    return tuple(import_string(path) for path in getattr(settings, "PAGECACHE_PERSONAL_KEYS", ()))


def _personal_versions(user) -> tuple | None:
    """One round trip for every version a personal page is keyed by; None when one is missing
    (the page is then computed and not stored) or the cache is unavailable."""
    keys = [_VERSION_KEY, _person_key(user.pk), *(key_for(user) for key_for in _personal_key_functions())]
    values = safely(lambda: cache.get_many(keys))
    if values is None:
        return None
    if _person_key(user.pk) not in values:
        safely(lambda: cache.add(_person_key(user.pk), int(timezone.now().timestamp() * 1000), None))
    if _VERSION_KEY not in values:
        content_version()
    if len(values) < len(keys):
        return None
    return tuple(values[key] for key in keys)


def _personal_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not request.COOKIES.get("messages")  # an emptied cookie holds none
        and "_messages" not in request.session
    )


def _personal_key(request, versions: tuple) -> str:
    session = json.dumps(dict(request.session.items()), sort_keys=True, default=str)
    parts = (
        request.build_absolute_uri(),
        translation.get_language(),
        request.headers.get("Accept", ""),
        request.headers.get("HX-Request", ""),
        request.META.get("HTTP_COOKIE", ""),
        session,
        versions,
    )
    return f"personal-page:{request.user.pk}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def _personal(view, request, args, kwargs):
    versions = _personal_versions(request.user)
    if versions is None:
        return _uncached(view, request, args, kwargs)
    key = _personal_key(request, versions)
    cached = safely(lambda: cache.get(key))
    if cached is not None:
        return _served(cached, request)
    user_pk = request.user.pk
    response = view(request, *args, **kwargs)
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and not request.session.modified
        and getattr(request.user, "pk", None) == user_pk
        # A token in the page must come from the CSRF cookie the key holds, not a new one.
        and (not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE") == csrf_cookie)
    ):
        stored = _stored(response)
        safely(lambda: cache.set(key, stored, PERSONAL_TIMEOUT))
        response["X-Page-Cache"] = "miss"
    patch_vary_headers(response, VARY)
    return response


def cache_page(view):
    """`cache_anonymous_page` for visitors, and a copy per person for signed-in people (see the
    rules above). Only for views whose GET writes nothing: a page served from the cache skips
    the view."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if _cacheable_request(request):
            return _anonymous(view, request, args, kwargs)
        if _personal_cacheable(request):
            return _personal(view, request, args, kwargs)
        return _uncached(view, request, args, kwargs)

    return wrapper


class PersonVersionMiddleware:
    """A signed-in person's POST, PUT, PATCH or DELETE makes their cached pages out of date,
    whatever it changed (a queryset update sends no signal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        pending = {user.pk} if user is not None and user.is_authenticated else set()
        token = _deferred.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _deferred.reset(token)
            after = getattr(request, "user", None)
            if after is not None and after.is_authenticated:
                pending.add(after.pk)
            for user_pk in pending:
                safely(lambda user_pk=user_pk: _incr_person(user_pk))
        return response


def _bump_for(field_name):
    def receiver(sender, instance, **kwargs):
        person_bump(getattr(instance, field_name, None))

    return receiver


_person_receivers: list = []  # signals hold receivers weakly


def connect_person_versions() -> None:
    """Any saved or deleted row that points at a person (their profile, comment, vote,
    notification…) makes that person's cached pages out of date. Called once, from
    accounts.receivers, when every model is loaded."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:  # noqa: SLF001 - Django's documented Options API
            if not (field.many_to_one or field.one_to_one) or field.related_model is not user_model:
                continue
            receiver = _bump_for(field.attname)
            _person_receivers.append(receiver)
            uid = f"person_bump_{model._meta.label}_{field.attname}"
            post_save.connect(receiver, sender=model, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, dispatch_uid=uid)

    def user_changed(sender, instance, **kwargs):
        person_bump(instance.pk)

    _person_receivers.append(user_changed)
    post_save.connect(user_changed, sender=user_model, dispatch_uid="person_bump_user")


def cached_fragment(name: str, request, render) -> str:
    """The HTML `render()` returns, shared by everyone who asks for the same URL in the same
    language, cached under the content version (so never stale). For parts of pages that hold
    nothing personal – e.g. a filtered list – while the page around them is personal."""
    version = content_version()
    if version is None:
        return render()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"fragment:{name}:{version}:{translation.get_language()}:{digest}"
    html = safely(lambda: cache.get(key))
    if html is None:
        html = render()
        safely(lambda: cache.set(key, html, TIMEOUT))
    return html


def cached_object(name: str, parts: tuple, compute):
    """What `compute()` returns (picklable: model instances with their prefetched relations
    are), shared by everyone and cached under the content version, so never stale. For the
    data behind a page whose HTML is personal."""
    version = content_version()
    if version is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"object:{name}:{version}:{digest}"
    value = safely(lambda: cache.get(key))
    if value is None:
        value = compute()
        safely(lambda: cache.set(key, value, TIMEOUT))
    return value
