"""Plans from other apps that the scenario comparison can show beside policy scenarios.

A feature app registers a loader in its AppConfig.ready() (the twin never imports it):

    comparison.register("game", loader)

`loader(ids, user)` returns the plans with those ids that `user` may see, each a Comparable.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Comparable:
    title: str
    url: str
    plans: list[dict]  # [{"area": Area, "adjustments": [...], "interventions": [{"code", "quantity"}]}]
    weights: dict | None = None  # scored with these theme weights (None: the published ones)
    note: str = ""
    area_names: list[str] = field(default_factory=list)


_LOADERS: dict[str, Callable] = {}


def register(kind: str, loader: Callable) -> None:
    _LOADERS[kind] = loader


def kinds() -> list[str]:
    return sorted(_LOADERS)


def load(kind: str, ids: list[int], user) -> list[Comparable]:
    return _LOADERS[kind](ids, user) if kind in _LOADERS else []
