"""Terms of news that come in exclusive pairs, one of which a translation can swap for the other while every figure
and direction stays: exports and imports, the ruling party and the opposition, an interest rate and the exchange
rate, a prison term and a fine, jeonse and monthly rent, large companies and small ones, at home and overseas, a
first in the country and in the world, a ballistic and a cruise missile.

Each contrast is compared on its own (`Contrast` in checks.py): a flag needs both sides to name a term of it and each
to name one the other lacks, so a sentence that names both (여야, "exports and imports") or renders one in words
no pattern reads passes. Korean words of two senses are read in the one a contrast means only where the other is
ruled out (수입 is imports, not income, only before a word of trade: 수입액, 수입 물량; 여권 is no passport; "fine" only
as a penalty).

Room: part of the QE stage. Imports `finance`'s term reader alone; no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .finance import Term, TermReader

# what a passport (여권, also the ruling bloc) takes: 여권에 도장, 여권 발급
_PASSPORT = "도장|발급|사진|번호|갱신|분실|위조|소지|제시|심사|만료"
# (contrast, kind, Korean pattern, English pattern)
_CONTRASTS = (
    ("trade", "exports", r"수출(?!입)", r"\bexport(?:s|ed|ing|ers?)?\b"),
    ("trade", "imports", r"(?<![가-힣])수입(?=액|품|량|물가|산(?!업)|국|\s?(?:규모|물량|의존|관세|업체|차))",
     r"\bimport(?:s|ed|ing|ers?)?\b"),
    ("party", "ruling", r"(?<![가-힣])여당|(?<![가-힣])여권(?![에을를이은]?\s?(?:" + _PASSPORT + "))",
     r"\b(?:ruling|governing)\s+(?:party|bloc|camp)\b"),
    ("party", "opposition", r"(?<![가-힣])야당|(?<![가-힣])야권", r"\bopposition\b"),
    ("rate", "interest", r"(?:(?:기준|정책|대출|예금|시장|장기|단기|국채)\s?)?금리",
     r"\b(?:interest|base|policy|key|benchmark|lending|deposit|mortgage|bond)\s+rates?\b|\byields?\b|"
     r"\brate\s+(?:hikes?|cuts?|increases?|decisions?|freeze)\b"),
    ("rate", "exchange", r"환율|원[·‧ㆍ/-]?달러|원[·‧ㆍ/-]?엔",
     r"\bexchange\s+rates?\b|\b(?:won|yen|dollar)-(?:dollar|yen|won)\b"),
    ("sentence", "prison", r"징역|실형|금고\s?\d", r"\b(?:prison|jail|imprisonment|behind\s+bars)\b"),
    ("sentence", "fine", r"벌금", r"\bfined\b|\b(?:a|the)\s+fine\s+of\b|\bfines?\s+(?:of|totaling)\b"),
    ("lease", "jeonse", r"전세(?!기|계|버스|권|\s?비행기|선)",
     r"\bjeonse\b|\blump-sum\s+(?:deposit|lease)|\bkey\s+money\b"),
    ("lease", "monthly rent", r"월세", r"\bmonthly\s+rents?\b"),
    ("firm", "large", r"(?<![가-힣])대기업", r"\b(?:large|big|major)\s+(?:companies|firms|businesses|corporations|"
                                           r"conglomerates)\b|\bconglomerates?\b|\bchaebol\b|\bbig\s+business\b"),
    ("firm", "small", r"중소기업|(?<![가-힣])중견기업|소상공인",
     r"\b(?:small|smaller|midsize|mid-sized|medium-sized)\s+(?:and\s+(?:medium|midsize|mid-sized)[\w-]*\s+)?"
     r"(?:companies|firms|businesses|enterprises)\b|\bSMEs?\b|\bsmall\s+business"),
    # a first or a record within the country told as the world's (국내 최초 as "the world's first"), read before a
    # bare 국내 or 세계 is
    ("record", "national", r"국내\s?(?:최초|첫|최대|1위|유일)",
     r"\b(?:Korea's|the\s+country's|the\s+nation's|domestic)\s+(?:first|largest|biggest|top|only)\b|"
     r"\b(?:first|largest|biggest|only)\s+(?:\w+\s+){0,3}?in\s+(?:South\s+)?Korea\b|\bin\s+the\s+country\b"),
    ("record", "world", r"세계\s?(?:최초|첫|최대|1위|유일)",
     r"\bworld's\s+(?:first|largest|biggest|top|only)\b|\bin\s+the\s+world\b|\bworldwide\b|\bglobal\s+first\b"),
    ("scope", "domestic", r"(?<![가-힣])국내(?!외|총생산)", r"\bdomestic(?:ally)?\b|\bat\s+home\b"),
    ("scope", "overseas", r"(?<![가-힣])(?:해외|국외)", r"\boverseas\b|\babroad\b"),
    ("missile", "ballistic", r"탄도\s?미사일", r"\bballistic\b"),
    ("missile", "cruise", r"순항\s?미사일", r"\bcruise\s+missiles?\b"),
)
CONTRAST_WORDS = {
    "exports": "exports", "imports": "imports", "ruling": "the ruling party", "opposition": "the opposition",
    "interest": "an interest rate", "exchange": "the exchange rate", "prison": "a prison term", "fine": "a fine",
    "jeonse": "a jeonse lease", "monthly rent": "monthly rent", "large": "large companies",
    "small": "small or midsize companies", "national": "a first or a record in the country",
    "world": "a first or a record in the world", "domestic": "at home", "overseas": "overseas",
    "ballistic": "a ballistic missile", "cruise": "a cruise missile"}
_READERS = tuple(
    TermReader(tuple((f"{contrast}:{kind}", re.compile(pattern if english else ko, re.I if english else 0))
                     for contrast, kind, ko, pattern in _CONTRASTS),
               ("export", "import", "ruling", "governing", "opposition", "rate", "yield", "won-", "yen-", "dollar-",
                "prison", "jail", "imprisonment", "bars", "fine", "jeonse", "lump-sum", "key money",
                "monthly rent", "compan", "firm", "business", "conglomerate", "chaebol", "sme", "enterprise",
                "ballistic", "cruise", "domestic", "at home", "overseas", "abroad", "korea", "country", "nation",
                "world", "global") if english else
               ("수출", "수입", "여당", "여권", "야당", "야권", "금리", "환율", "달러", "엔", "징역", "실형", "금고",
                "벌금", "전세", "월세", "기업", "소상공인", "미사일", "국내", "해외", "국외", "세계"), english)
    for english in (False, True))


@lru_cache(maxsize=4096)
def contrasts(text: str, english: bool) -> tuple[Term, ...]:
    """The contrasted terms a text names, each as `contrast:kind` (수출 and "exports" are `trade:exports`)."""
    return _READERS[english].read(text)
