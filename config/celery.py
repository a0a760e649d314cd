"""The Celery app. Without REDIS_URL tasks run eagerly in-process (the embedded default).

With a broker, a task that cannot be published (the broker is down) runs in the calling process
instead, so a vote, a comment or a save still completes and still has its side effects; only
the work moves from the worker to the request for as long as the outage lasts."""

import logging
import os

from celery import Celery, Task
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

logger = logging.getLogger(__name__)


class ResilientTask(Task):
    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError:
            logger.error("broker unreachable: running %s in this process", self.name, exc_info=True)
            return self.apply(args, kwargs, throw=False)  # its errors are logged, not raised at the caller


app = Celery("civic_twin", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
