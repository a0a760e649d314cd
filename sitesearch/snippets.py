"""A hit's snippet: the part of its text around the first query word, with the words that match
marked. Segments, not HTML: templates render each as text (a match inside <mark>) and the API
returns them as they are, so no text from the content is ever trusted as markup."""

import re
from typing import NamedTuple

from django.utils.html import strip_tags

WIDTH = 220


class Segment(NamedTuple):
    text: str
    match: bool


def snippet(text: str, terms: list[str], *, width: int = WIDTH) -> list[Segment]:
    plain = " ".join(strip_tags(text or "").split())
    if not plain:
        return []
    stems = sorted({t.lower() for t in terms if t}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE) if stems else None
    first = pattern.search(plain) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    window = plain[start : start + width]
    if start + width < len(plain):
        window = window.rsplit(" ", 1)[0] + " …"
    if start:
        window = "… " + window
    if pattern is None:
        return [Segment(window, False)]
    segments, at = [], 0
    for found in pattern.finditer(window):
        if found.start() > at:
            segments.append(Segment(window[at : found.start()], False))
        segments.append(Segment(found.group(0), True))
        at = found.end()
    if at < len(window):
        segments.append(Segment(window[at:], False))
    return segments
