"""Feature apps register a provider per model in their AppConfig.ready():

    registry.register("proposals.planningproposal", provider)

A provider takes a list of primary keys (or None for all) and yields Subject rows in batches of
at most `batch_size`, with its own select/prefetch so the number of queries does not grow with
the number of items.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    pk: int
    effects: dict
    area_codes: tuple[str, ...]


Provider = Callable[..., Iterable[list[Subject]]]
_PROVIDERS: dict[str, Provider] = {}


def register(label: str, provider: Provider) -> None:
    _PROVIDERS[label.lower()] = provider


def provider_for(label: str) -> Provider:
    return _PROVIDERS[label.lower()]


def labels() -> list[str]:
    return sorted(_PROVIDERS)
