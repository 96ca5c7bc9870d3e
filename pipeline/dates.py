"""Publication dates as printed on Korean and English news pages, normalised to ISO 8601.

Room: a helper of the stages (clean, QE). Imports nothing of the package; no I/O.
"""

from __future__ import annotations

import re
from datetime import datetime

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}

_NUMERIC = re.compile(
    r"(?P<y>\d{4})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})\.?"
    r"(?:[T\s]*(?:\([^)]*\)\s*)?(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"\s*(?P<ampm2>AM|PM|am|pm|a\.m\.|p\.m\.)?)?")
_KOREAN = re.compile(
    r"(?P<y>\d{4})년\s*(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일"
    r"(?:\s*(?:\([^)]*\)\s*)?(?P<ampm>오전|오후)?\s*(?P<H>\d{1,2})시(?:\s*(?P<M>\d{1,2})분)?)?")
_ENGLISH = re.compile(
    r"(?i)(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})\s*(?P<ampm2>a\.?m\.?|p\.?m\.?)?)?")
_ISO_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _hour(hour: int, marker: str | None) -> int:
    marker = (marker or "").lower().replace(".", "")
    if marker in ("오후", "pm") and hour < 12:
        return hour + 12
    if marker in ("오전", "am") and hour == 12:
        return 0
    return hour


def parse_published(text: str, timezone: str | None = None) -> str | None:
    """The first date in `text` as ISO 8601 (with `timezone` as the offset when a time is given), else None.

    Takes `2026.01.09 08:47`, `2026-01-09T08:47:00+09:00`, `2026년 1월 9일 오후 3시`, `Jan. 9, 2026 10:15 a.m.`.
    """
    text = text.strip()
    iso = text.replace("Z", "+00:00") if _ISO_OFFSET.search(text) else None
    if iso:
        try:
            return datetime.fromisoformat(iso).isoformat()
        except ValueError:
            pass
    best = None
    for pattern in (_NUMERIC, _KOREAN, _ENGLISH):
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    g = best.groupdict()
    month = _MONTHS[g["mon"].lower()[:3]] if g.get("mon") else int(g["m"])
    try:
        day = datetime(int(g["y"]), month, int(g["d"]))
        if g.get("H") is None:
            return day.date().isoformat()
        marker = g.get("ampm") or g.get("ampm2")
        stamp = day.replace(hour=_hour(int(g["H"]), marker), minute=int(g.get("M") or 0), second=int(g.get("S") or 0))
    except ValueError:
        return None
    return stamp.isoformat() + (timezone or "")
