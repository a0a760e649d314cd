"""Wagtail's database search backend (PostgreSQL or SQLite, as the database is), with one fix.

Its full rebuild (`manage.py update_index`) finds stale entries by annotating each indexed
model's rows with `object_id`, which Django refuses for a model that has a field of that name:
every engagement model on a generic target has one (Consultation). Here the annotation has a
name no model uses. Point WAGTAILSEARCH_BACKENDS at this module instead of
"wagtail.search.backends.database"; everything else is the library's.
"""

from django.db.models import TextField
from django.db.models.functions import Cast
from modelsearch.backends import database
from modelsearch.utils import get_descendants_content_types_pks


def _fixed(index_class):
    class Index(index_class):
        def delete_stale_model_entries(self, model):
            existing = model._default_manager.annotate(_search_pk=Cast("pk", TextField())).values("_search_pk")
            stale = self.entries.filter(content_type_id__in=get_descendants_content_types_pks(model))
            stale.exclude(object_id__in=existing).delete()

    Index.__name__ = Index.__qualname__ = f"Fixed{index_class.__name__}"
    return Index


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database.SearchBackend(params)
    backend.index_class = _fixed(type(backend).index_class)
    return backend
