"""Anchor tokens: what a sentence and its translation share whatever the language (figures, acronyms, model names,
quotations). Figures are normalised to their value, so 20만 and 200,000, or 1조2000억원 and 1.2 trillion won, meet.

Room: a helper of the stages (align, content pairing). May import `qe.figures`; no I/O.
"""

from __future__ import annotations

import re

from .qe.figures import english_figures, korean_figures

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9]|[A-Za-z]")
_QUOTES = re.compile(r"[\"“”]")
_HANGUL = re.compile(r"[가-힣]")
_DIGITS = re.compile(r"(?<![A-Za-z\d.,])\d[\d,]*(?:\.\d+)?")


def _fmt(value: float) -> str:
    return f"#{float(f'{value:.6g}'):g}"


def _other_numbers(text: str, taken: list[tuple[int, int]]) -> set[str]:
    """Numbers that are not figures (8일, January 8, 2026, 3 p.m.): QE reads them as dates, and to the aligner
    they are anchors all the same."""
    return {_fmt(float(m.group().replace(",", ""))) for m in _DIGITS.finditer(text)
            if not any(a <= m.start() < b for a, b in taken)}


def anchor_tokens(text: str) -> frozenset[str]:
    """Normalised figures (`#200000`), acronyms and model names (`H200`, `KOSPI`, `CES`), and `"` for a quote."""
    figures = korean_figures(text) if _HANGUL.search(text) else english_figures(text)
    tokens = {_fmt(f.value) for f in figures if not f.weak} | _other_numbers(text, [f.span for f in figures])
    for word in _LATIN.findall(text):
        if len(word) >= 2 and (word.isupper() or any(c.isdigit() for c in word)):
            tokens.add(word.upper())
    if _QUOTES.search(text):
        tokens.add('"')
    return frozenset(tokens)
