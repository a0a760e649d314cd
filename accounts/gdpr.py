"""The personal-data registry: each app registers how to export and erase what it holds on a person.

Apps call `register(...)` from their AppConfig.ready(). `user_data_export` builds the
"download my data" document; `accounts.services.account_erase` runs every eraser before the
account itself is deleted, so contributions can be anonymised instead of lost.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[..., None] | None = None  # called as erase(user=…)


_SECTIONS: dict[str, PersonalDataSection] = {}


def register(name: str, *, export: Callable[..., Any], erase: Callable[..., None] | None = None) -> None:
    """`export(user=…)` and `erase(user=…)`: keyword-only, like every service."""
    _SECTIONS[name] = PersonalDataSection(name=name, export=export, erase=erase)


def sections() -> list[PersonalDataSection]:
    return list(_SECTIONS.values())
