"""Sessions read from the cache, written through to the database, and safe when Redis is down.

Django's `cached_db` store saves one query on every signed-in request, but some of its cache
calls raise when the cache is unreachable. Here every cache call is guarded: with Redis down,
sessions are read from and written to the database only, and nobody is signed out. Cached copies
live at most CACHE_SECONDS, so a sign-out whose cache delete failed during an outage cannot bring
a session back for longer than that once Redis returns.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger("django.contrib.sessions")
CACHE_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _cache_call(self, operation, *args):
        try:
            return operation(*args)
        except Exception:  # noqa: BLE001 - any cache error means "use the database"
            logger.warning("session cache unavailable", exc_info=True)
            return None

    def load(self):
        data = self._cache_call(self._cache.get, self.cache_key)
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            seconds = self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date))
            self._cache_call(self._cache.set, self.cache_key, data, seconds)
        return data

    def exists(self, session_key):
        if session_key and self._cache_call(self._cache.has_key, self.cache_key_prefix + session_key):
            return True
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache_call(self._cache.set, self.cache_key, self._session, self._cache_seconds(self.get_expiry_age()))

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is not None:
            self._cache_call(self._cache.delete, self.cache_key_prefix + session_key)

    @staticmethod
    def _cache_seconds(expiry_age: int) -> int:
        return max(0, min(CACHE_SECONDS, expiry_age))
