"""The titles of the people a sentence names, by office and rank: 회장 and "chairman", 부회장 and "vice chairman",
장관 and "minister", 차관 and "vice minister", 총리 and "prime minister", 대통령 and "president".

A translation that keeps the name can still move its bearer up or down a rank (차관 as "Finance Minister", 회장 as
"Vice Chairman") or into another office (총리 as "President"): who spoke, signed or was appointed changes. Offices
whose English varies by body (회장 of an association is often its "president", 대표 a CEO, head or representative) are
compared by rank only, within the office the English gives.

Room: part of the QE stage. Imports `finance`'s term reader alone; no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .finance import Term, TermReader

# Offices: each Korean title, with its vice (부회장, 차관), and the English words that render it. A vice title is read
# before the title it contains, and 부 of 부회장 or 부사장 only at a word's start (국방부 장관 is the minister of
# 국방부, 사업부 사장 the president of a division). 시장 (also a market) and 지사 (also a branch office) are left out.
_KO_TITLES = (
    ("vice chair", r"(?<![가-힣])부(?:회장|위원장|의장)"),
    ("vice president", r"부통령|부총재|(?<![가-힣])부사장"),
    ("deputy prime minister", r"부총리"),  # 경제부총리 too: no ministry (…부) has a 총리
    # 차관 is also a loan (엔 차관, 차관 도입)
    ("vice minister", r"(?<![가-힣])(?<!엔 )(?<!유상 )(?<!무상 )(?:제?[12]\s?)?차관"
                      r"(?!\s?(?:도입|상환|제공|자금|협정))"),
    ("chair", r"이사장|회장|위원장|(?:(?<=국회)|(?<!회))의장"),  # 국회의장, not 회의장 or 본회의장 (a hall)
    ("president", r"대통령|(?<![이검])사장(?!님)|총재"),
    ("prime minister", r"총리"),
    ("minister", r"장관"),
)
# ...as a title ends: before a space, a mark, a particle or a word that goes with a title (장관 후보자, 회장 대행), not
# inside a longer word (공장관리자, 대통령선거, 회장단, 사장되다)
_KO_TITLE_END = (r"(?=$|[\s\d,.;:!?·…()\[\]「」『』\"'“”‘’]|[은는이인가을를과와의에도로만께들측님겸급직]|"
                 r"으로|에게|대행|후보|조차|까지|부터|처럼|보다)")
_VICE = r"\b(?:(?:first|senior|executive)\s+)?(?:vice|deputy)[- ]+(?:[A-Z][\w.&'-]*\s+){0,3}?"
_EN_TITLES = (
    ("deputy prime minister", _VICE + r"prime\s+minister\b|\bvice[- ]premier\b"),
    ("vice chair", _VICE + r"(?:chair(?:man|woman|person)?|speaker)\b"),
    ("vice president", _VICE + r"(?:president|governor)\b"),
    ("vice minister", _VICE + r"minister\b"),
    ("prime minister", r"\bprime\s+minister\b|\bpremier\b"),
    ("chair", r"\bchair(?:man|woman|person)?\b(?!s\b)|\bspeaker\b"),
    ("president", r"\bpresident\b|\bgovernor\b"),
    ("minister", r"\bminister\b"),
)
_READERS = (TermReader(tuple((kind, re.compile(f"(?:{pattern}){_KO_TITLE_END}")) for kind, pattern in _KO_TITLES),
                       ("장", "통령", "총리", "차관", "총재"), False),
            TermReader(tuple((kind, re.compile(pattern, re.I)) for kind, pattern in _EN_TITLES),
                       ("chair", "speaker", "president", "governor", "minister", "premier"), True))
_VICE_OF = {"vice chair": "chair", "vice president": "president", "deputy prime minister": "prime minister",
            "vice minister": "minister"}
# Offices one may be told as the other: a state's two heads are never; a company's or body's head often is
_STATE = ("president", "prime minister")


@lru_cache(maxsize=4096)
def titles(text: str, english: bool) -> tuple[Term, ...]:
    """The titles a text gives, by office and rank: 부회장 and "Vice Chairman" are `vice chair`."""
    return _READERS[english].read(text)


def rank_moved(ko: tuple[Term, ...], en: tuple[Term, ...]) -> tuple[Term, Term] | None:
    """A title the English gives one rank up or down in the same office, where the other rank is on neither side
    as it is on the other: 차관 alone as "Minister" alone, 회장 alone as "Vice Chairman" alone."""
    for vice, head in _VICE_OF.items():
        ko_vice, ko_head = [t for t in ko if t.kind == vice], [t for t in ko if t.kind == head]
        en_vice, en_head = [t for t in en if t.kind == vice], [t for t in en if t.kind == head]
        if ko_vice and not ko_head and en_head and not en_vice:
            return ko_vice[0], en_head[0]
        if ko_head and not ko_vice and en_vice and not en_head:
            return ko_head[0], en_vice[0]
    return None


def state_office_swapped(ko_text: str, ko: tuple[Term, ...], en: tuple[Term, ...]) -> tuple[Term, Term] | None:
    """대통령 told as "prime minister", or 총리 as "president": a state's head and its government's, where the
    English gives only the other and the Korean names no other office "president" renders (사장, 총재)."""
    for said, told in (_STATE, _STATE[::-1]):
        ko_said = [t for t in ko if t.kind == said and (said != "president" or ko_text[slice(*t.span)] == "대통령")]
        ko_told = [t for t in ko if t.kind == told]
        en_said, en_told = [t for t in en if t.kind == said], [t for t in en if t.kind == told]
        if ko_said and not ko_told and en_told and not en_said:
            return ko_said[0], en_told[0]
    return None
