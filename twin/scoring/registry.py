"""Feature apps register a provider per model in their AppConfig.ready():

    registry.register("proposals.planningproposal", provider)

A provider takes a list of primary keys (or None for all) and yields Subject rows in batches of
at most `batch_size`, with its own select/prefetch so the number of queries does not grow with
the number of items; `in_batches` walks a queryset that way.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    pk: int
    effects: dict
    area_codes: tuple[str, ...]


Provider = Callable[..., Iterable[list[Subject]]]


def in_batches(queryset, *, pks=None, batch_size: int, subject: Callable[[object], Subject]):
    """Yield lists of Subjects from `queryset` (ordered by pk, with its own select/prefetch), at
    most `batch_size` at a time, keyset-paged on the primary key; only `pks` if given."""
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            return
        last = batch[-1].pk
        yield [subject(row) for row in batch]


_PROVIDERS: dict[str, Provider] = {}


def register(label: str, provider: Provider) -> None:
    _PROVIDERS[label.lower()] = provider


def provider_for(label: str) -> Provider:
    return _PROVIDERS[label.lower()]


def labels() -> list[str]:
    return sorted(_PROVIDERS)
