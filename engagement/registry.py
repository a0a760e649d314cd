"""Which models people can comment on, react to, follow and flag.

Like adhocracy4's A4_COMMENTABLES: settings.ENGAGEABLE_MODELS lists "app_label.ModelName"
strings; engagement never imports the apps that own them. A registered model may define
`engagement_permission(user, action) -> str | None`, returning a reason when its current stage
blocks the action (for example a closed consultation), and `get_absolute_url()`.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q


class NotEngageable(LookupError):
    pass


def engageable_labels() -> set[str]:
    return {label.lower() for label in getattr(settings, "ENGAGEABLE_MODELS", [])}


def label_for(obj) -> str:
    return obj._meta.label_lower


def is_engageable(obj) -> bool:
    return label_for(obj) in engageable_labels()


def target_content_type(label: str) -> ContentType:
    """The content type for a registered label such as "proposals.idea"; NotEngageable otherwise."""
    label = label.lower()
    if label not in engageable_labels():
        raise NotEngageable(label)
    app_label, model_name = label.split(".", 1)
    return ContentType.objects.get_for_model(apps.get_model(app_label, model_name))


def resolve_target(label: str, object_id: int):
    """The registered object behind (label, id); NotEngageable if unknown or missing."""
    content_type = target_content_type(label)
    try:
        return content_type.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise NotEngageable(f"{label}:{object_id}") from exc


def targets_in_area(area, *, leave_out: tuple = ()) -> Q:
    """A filter for rows (with content_type/object_id) whose target lies in `area`: asked of
    every registered model that can say where its items are (`search_in_area`, see sitesearch)."""
    found = Q(pk__in=[])
    for label in sorted(engageable_labels()):
        model = apps.get_model(*label.split(".", 1))
        if hasattr(model, "search_in_area") and model not in leave_out:
            inside = model.search_in_area(model._default_manager.all(), area).values("pk")
            found |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=inside)
    return found
