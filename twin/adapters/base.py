from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests
from django.conf import settings

TIMEOUT_SECONDS = 30
PROJECT_PREFIX = "project:"
SHIPPED_DIR = Path(settings.BASE_DIR) / "twin" / "data"


class SourceError(Exception):
    """The source could not be read as its standard says (HTTP error, error document, bad shape)."""


@dataclass(slots=True)
class RawObservation:
    kpi: str
    area: str
    period_start: datetime
    period_end: datetime
    value: object  # as the source gave it; the validator parses it
    unit: str = ""
    quality: str = ""


class Adapter:
    def __init__(self, source, session: requests.Session | None = None):
        self.source = source
        self.params = source.parameters or {}
        self.session = session or requests.Session()
        self.dataset_version = source.dataset_version

    def pages(self, since: datetime | None) -> Iterator[list[RawObservation]]:
        raise NotImplementedError

    def get_json(self, url: str, params: dict | None = None) -> dict:
        response = self._get(url, params=params)
        try:
            return response.json()
        except ValueError as exc:
            raise SourceError(f"{url} did not return JSON ({response.headers.get('Content-Type', '?')})") from exc

    def _get(self, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.get(url, timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as exc:
            raise SourceError(f"could not reach {url}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code >= 400:
            raise SourceError(f"{url} answered HTTP {response.status_code}: {_excerpt(response)}")
        return response


def _excerpt(response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300].strip()
    if isinstance(body, dict):
        error = body.get("error") or body
        if isinstance(error, dict):
            return str(error.get("message") or error)[:300]
        return str(error)[:300]
    return str(body)[:300]


def shipped_file(endpoint: str) -> Path:
    """The file behind "project:<name>", which must be inside twin/data/."""
    path = (SHIPPED_DIR / endpoint.removeprefix(PROJECT_PREFIX)).resolve()
    if SHIPPED_DIR.resolve() not in path.parents or not path.is_file():
        raise SourceError(f"{endpoint} is not a file shipped in twin/data/")
    return path
