"""Anchor tokens: what a sentence and its translation share whatever the language (figures, acronyms, model names,
quotations). Figures are normalised to their value, so 20만 and 200,000, or 1조2000억원 and 1.2 trillion won, meet.
"""

from __future__ import annotations

import re

_KO_UNITS = {"천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_KO_NUMBER = re.compile(r"(?<![A-Za-z\d.])(\d[\d,]*(?:\.\d+)?)\s?([천만억조]+)?")
_EN_NUMBER = re.compile(r"(?<![A-Za-z\d.])(\d[\d,]*(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion)\b)?",
                        re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]|[A-Za-z]")
_QUOTES = re.compile(r"[\"“”]")
_HANGUL = re.compile(r"[가-힣]")


def _value(number: str) -> float | None:
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return None


def _fmt(value: float) -> str:
    return f"#{float(f'{value:.6g}'):g}"


def korean_values(text: str) -> list[float]:
    """Figures of a Korean text with their units applied: 1조2000억 -> 1.2e12, 3만5000 -> 35000, 20만 -> 200000."""
    values: list[float] = []
    pending, last_unit, last_end = 0.0, None, -1
    for m in _KO_NUMBER.finditer(text):
        number = _value(m.group(1))
        if number is None:
            continue
        units = m.group(2) or ""
        scale = 1.0
        for unit in units:
            scale *= _KO_UNITS[unit]
        value = number * scale
        joined = last_unit is not None and m.start() == last_end and scale < last_unit
        if joined:  # "1조" followed directly by "2000억": one figure
            pending += value
        else:
            if last_unit is not None:
                values.append(pending)
            pending = value
        last_unit, last_end = (scale if units else 0.0), m.end()
    if last_unit is not None:
        values.append(pending)
    return values


def english_values(text: str) -> list[float]:
    out = []
    for m in _EN_NUMBER.finditer(text):
        number = _value(m.group(1))
        if number is not None:
            out.append(number * _EN_SCALES.get((m.group(2) or "").lower(), 1.0))
    return out


def anchor_tokens(text: str) -> frozenset[str]:
    """Normalised figures (`#200000`), acronyms and model names (`H200`, `KOSPI`, `CES`), and `"` for a quote."""
    values = korean_values(text) if _HANGUL.search(text) else english_values(text)
    tokens = {_fmt(v) for v in values}
    for word in _LATIN.findall(text):
        if len(word) >= 2 and (word.isupper() or any(c.isdigit() for c in word)):
            tokens.add(word.upper())
    if _QUOTES.search(text):
        tokens.add('"')
    return frozenset(tokens)
