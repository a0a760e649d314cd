"""Which adapter reads which kind of source."""

from twin.adapters.base import Adapter, SourceError
from twin.adapters.ckan import CkanAdapter
from twin.adapters.sensorthings import SensorThingsAdapter
from twin.adapters.tabular import TabularAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    "sensorthings": SensorThingsAdapter,
    "ckan": CkanAdapter,
    "tabular": TabularAdapter,
}


def adapter_for(source, session=None) -> Adapter:
    try:
        return ADAPTERS[source.kind](source, session)
    except KeyError as exc:
        raise SourceError(f"unknown source kind {source.kind!r}") from exc
