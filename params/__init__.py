"""Every id and number a request carries, parsed one way: ASCII digits, bounded, finite.

`str.isdigit()` accepts "²" and "٣", `int()` then raises or reads them, and a 30-digit id
overflows the database's bigint. These parsers accept only what a person or client could mean,
and raise `BadParameter` with a message naming the parameter otherwise. `config` turns a
`BadParameter` into a 400: a page for HTML views (config.middleware), a JSON body for the API
(config.api.exception_handler), a clean close for WebSockets. A library every floor may import;
installed as an app only so that `lookups` (ids out of the database's range match no row) is
registered.
"""

import math
import re

from django.utils.translation import gettext_lazy as _

# Database ids are bigints (BigAutoField); anything longer cannot name a row.
MAX_ID = 2**63 - 1
MAX_LENGTH = 32  # longest raw text looked at: a 10,000-character value is refused without parsing
_INTEGER = re.compile(r"-?[0-9]{1,19}", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?", re.ASCII)


class BadParameter(ValueError):
    """A request parameter that is not what it must be; `message` is for the person."""

    def __init__(self, name: str, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


_MISSING = object()


def _text(raw, name: str) -> str:
    if raw is None:
        raise BadParameter(name, _("This is required."))
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise BadParameter(name, _("Give a whole number."))
    text = str(raw).strip()
    if len(text) > MAX_LENGTH or "\x00" in text:
        raise BadParameter(name, _("Give a whole number."))
    return text


def parse_int(raw, *, name: str, minimum: int, maximum: int, default=_MISSING) -> int:
    """A whole number between minimum and maximum. Empty or missing gives `default` if one is given."""
    if default is not _MISSING and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return default
    text = _text(raw, name)
    if not _INTEGER.fullmatch(text):
        raise BadParameter(name, _("Give a whole number."))
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(
            name, _("Give a number from %(min)s to %(max)s.") % {"min": f"{minimum:,}", "max": f"{maximum:,}"}
        )
    return value


def parse_id(raw, *, name: str, default=_MISSING) -> int:
    """A database id: a whole number from 1 to the largest bigint."""
    if default is not _MISSING and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return default
    text = _text(raw, name)
    if not _INTEGER.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        raise BadParameter(name, _("Give the id of an item (a whole number)."))
    return int(text)


def parse_ids(values, *, name: str, limit: int) -> list[int]:
    """Distinct ids in the order given, blank values left out; at most `limit` of them."""
    values = [v for v in values if not (isinstance(v, str) and not v.strip())]
    if len(values) > limit:
        raise BadParameter(name, _("Give at most %(n)s.") % {"n": limit})
    ids: list[int] = []
    for raw in values:
        pk = parse_id(raw, name=name)
        if pk not in ids:
            ids.append(pk)
    return ids


def parse_float(raw, *, name: str, minimum: float, maximum: float, default=_MISSING) -> float:
    """A finite decimal number between minimum and maximum (no nan, inf or exponents)."""
    if default is not _MISSING and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return default
    if isinstance(raw, float):  # already a float (JSON bodies): only finite ones
        if not math.isfinite(raw):
            raise BadParameter(name, _("Give a number, such as 52.47."))
        value = raw
    else:
        text = _text(raw, name)
        if not _DECIMAL.fullmatch(text):
            raise BadParameter(name, _("Give a number, such as 52.47."))
        value = float(text)
    if not minimum <= value <= maximum:
        raise BadParameter(name, _("Give a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
    return value


def parse_target(raw, *, name: str = "target") -> tuple[str, int]:
    """ "app_label.model:id" as (label, id); whether the label is engageable is the caller's question."""
    if not isinstance(raw, str) or len(raw) > 120 or "\x00" in raw:
        raise BadParameter(name, _("Give the item as app_label.model:id."))
    label, _sep, object_id = raw.strip().rpartition(":")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*", label.lower(), re.ASCII):
        raise BadParameter(name, _("Give the item as app_label.model:id."))
    return label.lower(), parse_id(object_id, name=name)


class Unset:
    """A keyword argument the caller did not give: an edit service changes only what it is given."""

    _instance = None

    def __new__(cls):
        cls._instance = cls._instance or super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET = Unset()


def given(**values) -> dict:
    """The keyword arguments that were given (not UNSET), for an edit service to apply."""
    return {name: value for name, value in values.items() if value is not UNSET}
