"""Open311 GeoReport v2 documents in the spec's two formats, XML (required) and JSON.

Each document is a list of plain dicts (values: str, int, float, bool, None, or a list of
dicts/strings). XML names the root and item elements as the specification does
(`<services><service>`, `<service_requests><request>`, `<errors><error>`…); JSON is the list
itself. UTF-8 everywhere, with the XML declaration naming it."""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

MEDIA_TYPES = {"xml": "text/xml", "json": "application/json"}
CONTENT_TYPES = {fmt: f"{media}; charset=utf-8" for fmt, media in MEDIA_TYPES.items()}
# A list value's item element in XML, by the list's own element name.
_ITEM = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _append(element, key, inner)
    elif isinstance(value, list):
        for item in value:
            _append(element, _ITEM.get(name, "item"), item)
    else:
        element.text = _text(value)


def render(document, *, fmt: str, root: str, item: str, status: int = 200) -> HttpResponse:
    """`document` is a list of dicts (or one dict, for discovery: root only)."""
    if fmt == "json":
        body = json.dumps(document, ensure_ascii=False).encode()
    else:
        top = ElementTree.Element(root)
        if isinstance(document, dict):
            for key, value in document.items():
                _append(top, key, value)
        else:
            for entry in document:
                _append(top, item, entry)
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(top, encoding="unicode").encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(problems: list[tuple[int, str]], *, fmt: str, status: int) -> HttpResponse:
    """The spec's error document: a list of {code, description}."""
    document = [{"code": code, "description": str(description)} for code, description in problems]
    return render(document, fmt=fmt, root="errors", item="error", status=status)
