"""Corpus debris, read as what it is before any check reads the text: HTML entities, CP949 punctuation read as
Latin-1, and wire datelines.

Room: a helper of the QE stage (no I/O). Real corpora carry debris that is not content: HTML entities left in a
line (`jalape&ntilde;o`, `&#8212;`, which the figure reader would take for 8212) and the dateline and wire credit
that open a wire story's English (`LONDON, England (CNN) --`, `(AP) --`), which the Korean translation drops and the
entity check would take for names the Korean lacks. `read_through` gives the text the checks read, a map from its
characters back to the original's (so every flag's span still indexes the text as it stands), and a note for each
piece of debris, which the segment keeps as evidence. Imports nothing of the package.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Punctuation of a Korean page saved in CP949 (EUC-KR) and read as Latin-1: “ as ¡°, ’ as ¡¯, … as ¡¦ (the two
# bytes of CP949's symbol rows, 0xA1 and 0xA2, as two Latin-1 characters). ftfy mends UTF-8 read wrongly, not this.
_CP949_SYMBOL = re.compile(r"[\xa1\xa2][\xa1-\xfe]")
_APOSTROPHE = re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")
_DEBRIS = re.compile(f"{_ENTITY.pattern}|{_CP949_SYMBOL.pattern}")
_WIRES = r"CNN|AP|AFP|Reuters|Bloomberg|UPI|Yonhap|Xinhua|Kyodo|EFE|dpa|ANSA|AAP|PA|CNNMoney|EW\.com|Fortune"
# A dateline: a place in capitals (a city, then maybe a country or state as written), maybe the day of the story
# ("SEOUL, Aug. 29 (Yonhap) --", as Yonhap and Reuters write it), a wire credit in brackets, and the dash or colon
# after it; or the credit alone, whose opening bracket a split line may have left on the line before ("CNN)
# Australian authorities"). Only at the start of the English.
_DATELINE_DAY = r"(?:,\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2})?"
_DATELINE = re.compile(
    r"^\s*(?:(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,3}(?:,\s[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+){0,2})?)"
    + _DATELINE_DAY +
    r"\s+\(|\(?)(?P<wire>" + _WIRES + r")\)\s*(?:--|—|–|-|:)?\s*")


@dataclass(frozen=True, slots=True)
class ReadText:
    """A text as the checks read it: `text`, with `origin[i]` the index in the original of its character i (and
    one more entry, the original's length), and what was read through."""

    text: str
    origin: tuple[int, ...]
    notes: tuple[str, ...] = ()
    credit: str = ""  # the dateline left out ("LONDON, England (CNN) --"): it may render a Korean place

    def span(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """A span of `text` as a span of the original."""
        if span is None:
            return None
        start, end = span
        return self.origin[start], (self.origin[end - 1] + 1 if end > start else self.origin[start])


@lru_cache(maxsize=8192)
def read_through(text: str, english: bool) -> ReadText:
    """`text` with its HTML entities decoded and, in English, an opening dateline left out; `origin` maps back.
    Kept for the texts read again (a segment's window, its signals, its sentences)."""
    pieces: list[tuple[str, int, int]] = []  # (text read, start in the original, end in the original)
    notes: list[str] = []
    at, credit = 0, ""
    if english and (m := _DATELINE.match(text)) is not None and m.end() < len(text):
        credit = m.group().strip()
        notes.append(f"dateline {credit!r} read as a wire credit, not content")
        at = m.end()
    for m in _DEBRIS.finditer(text, at):
        entity = m.group().startswith("&")
        decoded = html.unescape(m.group()) if entity else _cp949_symbol(m.group())
        if decoded == m.group():
            continue
        pieces.append((text[at:m.start()], at, m.start()))
        pieces.append((decoded, m.start(), m.end()))
        notes.append(f"HTML entity {m.group()} read as {decoded!r}" if entity else
                     f"CP949 bytes read as Latin-1, {m.group()}, read as {decoded!r}")
        at = m.end()
    pieces.append((text[at:], at, len(text)))
    if not notes:
        return ReadText(_apostrophes(text) if english else text, tuple(range(len(text) + 1)))
    read = replace(rewritten(text, pieces, tuple(notes)), credit=credit)
    return replace(read, text=_apostrophes(read.text)) if english else read


def _apostrophes(text: str) -> str:
    """English with its typographic apostrophes (didn’t, it’s, we’ll) as the checks' patterns spell them, didn't:
    a character for a character, so spans stay where they are. Not a note: it is typography, not debris."""
    return _APOSTROPHE.sub("'", text) if "’" in text else text


def _cp949_symbol(pair: str) -> str:
    """The punctuation mark two Latin-1 characters stand for as CP949 bytes, or `pair` as it is where they stand for
    none: a symbol such as ×, which Spanish ¡¿ would give, a letter, or no character at all."""
    try:
        decoded = pair.encode("latin-1").decode("cp949")
    except UnicodeError:
        return pair
    return decoded if len(decoded) == 1 and unicodedata.category(decoded).startswith("P") else pair


def rewritten(text: str, pieces: list[tuple[str, int, int]], notes: tuple[str, ...] = ()) -> ReadText:
    """The text `pieces` make, each (what is read, start and end of what it stands for in `text`), in order and
    covering `text`: a piece kept as it is maps character for character; a piece rewritten (an entity decoded, a
    number in words put in digits) maps each of its characters to the start of what it stands for, its last to the
    end."""
    read, origin = [], []
    for part, start, end in pieces:
        read.append(part)
        if text[start:end] == part:
            origin.extend(range(start, end))
        else:
            origin.extend([start] * (len(part) - 1) + [end - 1])
    origin.append(len(text))
    return ReadText("".join(read), tuple(origin), notes)
