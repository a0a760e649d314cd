"""Whole-page caching for people who are not signed in, that is never stale.

A library below every app (not a Django app): any floor may cache its pages and the data
behind them. Public API: `cache_anonymous_page` (a view decorator), `cached_fragment` and
`cached_object` (parts shared by everyone), `content_version` and `content_bump` (the version
every cached thing is keyed by; connect `content_bump` to whatever changes what pages show),
`safely` (run a cache call; an outage is a miss, never an error).

Every participation write (a proposal, idea, comment, vote, support, consultation or decision
changing) bumps one content version; cached pages are keyed by it, so a vote is visible on the
next request. Only anonymous GETs without a session or pending messages are served from or stored
in the cache, and only responses that used no CSRF token and set no cookie – so nothing personal
is ever shared. Pages that must not be cached simply do not use the decorator.
"""

import functools
import hashlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_cache_key, learn_cache_key, patch_vary_headers

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
        and "messages" not in request.COOKIES
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


def cache_anonymous_page(view):
    """Serve visitors the stored copy of this view's page for the current content version.

    Keys come from Django's own cache-key functions (django.utils.cache), so they cover the
    absolute URL (host and scheme included), the language and every header the response names in
    `Vary`, which always includes VARY – the same rules a shared cache in front of us applies."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, VARY)
            return response
        version = content_version()
        if version is None:
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, VARY)
            return response
        prefix = _key_prefix(version)
        key = safely(lambda: get_cache_key(request, prefix, "GET", cache=cache))
        cached = safely(lambda: cache.get(key)) if key else None
        if cached is not None:
            body, status, headers = cached
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            patch_vary_headers(response, VARY)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, KEY_VARY)
        if (
            response.status_code == 200
            and not getattr(response, "streaming", False)
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        ):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            stored = (
                response.content,
                response.status_code,
                [(k, v) for k, v in response.items() if k.lower() in _KEPT_HEADERS],
            )

            def store():
                cache.set(learn_cache_key(request, response, TIMEOUT, prefix, cache=cache), stored, TIMEOUT)

            safely(store)
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, VARY)
        return response

    return wrapper


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
