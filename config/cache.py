"""The Redis cache: django-redis with IGNORE_EXCEPTIONS, so an outage is a miss, never an error.

One more rule for an outage: `add` answers True ("nothing was there"). Callers use `add` as a
lock or a first count – allauth's sign-in limits wait up to a second for a lock and then refuse
with 429, django-ratelimit counts from it – and with no Redis there is nothing to lock or count:
letting the request through is the fail-open the rest of the cache already gives.
"""

from django_redis import cache as django_redis
from django_redis.exceptions import ConnectionInterrupted


class RedisCache(django_redis.RedisCache):
    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted:
            if not self._ignore_exceptions:
                raise
            if self._log_ignored_exceptions:
                self.logger.warning("cache unavailable: add() lets the caller through", exc_info=True)
            return True
