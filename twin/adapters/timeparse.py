"""ISO 8601 instants and intervals ("start/end") as the standards write them."""

from datetime import UTC, datetime
from functools import lru_cache


def parse_instant(text) -> datetime:
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    return _instant(str(text))


@lru_cache(maxsize=100_000)  # feeds repeat the same timestamps for every area and KPI
def _instant(text: str) -> datetime:
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        text = f"{text}-01-01"
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_period(text) -> tuple[datetime, datetime]:
    return _period(str(text))


@lru_cache(maxsize=100_000)
def _period(text: str) -> tuple[datetime, datetime]:
    """ "2025" → the year; "a/b" → the interval; an instant → (t, t)."""
    text = str(text).strip()
    if len(text) == 4 and text.isdigit():
        year = int(text)
        return datetime(year, 1, 1, tzinfo=UTC), datetime(year, 12, 31, 23, 59, 59, tzinfo=UTC)
    if "/" in text:
        start, end = text.split("/", 1)
        return parse_instant(start), parse_instant(end)
    instant = parse_instant(text)
    return instant, instant


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
