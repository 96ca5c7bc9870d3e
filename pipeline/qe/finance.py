"""What a business report's sentence measures and against what: the financial metric (매출, 영업이익, 순이익 as
sales, operating profit, net profit), the comparison base of a change (전년 동기 대비, 전 분기보다, 전월 대비, 전
거래일보다 as "from a year earlier", "on-quarter", "from the previous month", "from the previous session") and the
moment of a market session a level is read at (장중 한때, 마감 as "at one point", "closed").

A translation that keeps every figure and direction can still move them onto another metric or base: 영업이익 as
"net profit", 전년 동기 대비 as "from the previous quarter", 연결 기준 as "on a standalone basis". These are the facts
of a results or market report that figures alone do not hold, and the checks `FinancialMetric` and `ComparisonBase`
compare them. `TermReader` reads terms of kinds by patterns (`titles` reads people's titles with it).

Room: part of the QE stage. Imports nothing of the package; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple


class Term(NamedTuple):
    """A metric or comparison base as a side writes it: its kind and where it stands."""

    kind: str
    span: tuple[int, int]


class TermReader(NamedTuple):
    """Patterns by kind, tried in order, each place kept by the first that takes it, and the words one of which a
    text must hold for any pattern to match (English lower-cased): one look in place of a scan per pattern, since
    most sentences name no base, metric or title."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    needles: tuple[str, ...]
    english: bool

    def read(self, text: str) -> tuple[Term, ...]:
        probe = text.lower() if self.english else text
        if not any(needle in probe for needle in self.needles):
            return ()
        found: list[Term] = []
        for kind, pattern in self.patterns:
            for m in pattern.finditer(text):
                if not any(t.span[0] < m.end() and m.start() < t.span[1] for t in found):
                    found.append(Term(kind, m.span()))
        return tuple(sorted(found, key=lambda t: t.span))


# A comparison base: the period a change is measured from. Korean writes it before 대비, 보다 or 에 비해; a bare
# 지난해 or 지난달 is a time, not a base, and 2021년 대비 (a given year) is left to the date check.
_KO_AGAINST = r"\s?(?:대비|보다|에\s?비해|比)"
_KO_BASES = (
    ("year", re.compile(r"(?:전년|작년|지난해|(?<!\d)1년\s?전|한\s?해\s?전)\s?(?:동기|동월|동기간|"
                        r"같은\s?기간|같은\s?달|같은\s?분기|동분기|이맘때|이\s?무렵|같은\s?때)?" + _KO_AGAINST +
                        r"|전년비|전년\s?동기비")),
    ("quarter", re.compile(r"(?:전\s?분기|직전\s?분기|앞\s?분기|지난\s?분기)" + _KO_AGAINST + r"|전분기비")),
    ("month", re.compile(r"(?:전월|전달|지난달|직전\s?달|한\s?달\s?전)" + _KO_AGAINST + r"|전월비")),
    ("week", re.compile(r"(?:전주|지난주|직전\s?주|일주일\s?전|(?<!\d)1주일\s?전|한\s?주\s?전)" + _KO_AGAINST)),
    ("day", re.compile(r"(?:전\s?거래일|직전\s?거래일|전일|전날|하루\s?전)" + _KO_AGAINST)),
)
# The words before a base. "Up 5% on a year earlier" is a base and "on the previous day" a time, so a day's base
# takes no "on"; before "a year earlier", "more than a month earlier" and "just over a week before" are durations.
_EN_AGAINST = r"from|compared\s+(?:with|to)|against|versus|vs\.?"
_EN_THAN_AGO = r"(?<!more )(?<!less )(?<!fewer )(?<!no )than"
_EN_FROM = rf"(?:{_EN_AGAINST}|than|over|on)"
_EN_FROM_DAY = rf"(?:{_EN_AGAINST}|than|over)"
_EN_FROM_AGO = rf"(?:{_EN_AGAINST}|{_EN_THAN_AGO}|on)"
_EN_FROM_AGO_DAY = rf"(?:{_EN_AGAINST}|{_EN_THAN_AGO})"
_EN_BASES = (
    ("year", re.compile(r"\b(?:year[- ](?:on|over)[- ]year|on[- ]year(?![-\w])|y-o-y|yoy|on\s+an\s+annual\s+basis|"
                        + _EN_FROM_AGO + r"\s+(?:a|one|the)\s+year\s+(?:earlier|ago|before)|"
                        + _EN_FROM + r"\s+(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter|month|"
                        r"time|week)\s+(?:a\s+year\s+(?:earlier|ago|before)|(?:of\s+)?last\s+year|(?:of\s+)?the\s+"
                        r"(?:previous|prior|preceding)\s+year|in\s+\d{4})|"
                        + _EN_FROM_AGO + r"\s+(?:a|the)\s+year[- ](?:earlier|ago)\b|"
                        + _EN_FROM + r"\s+(?:last|the\s+previous|the\s+prior|the\s+preceding)\s+year)\b", re.I)),
    ("quarter", re.compile(r"\b(?:quarter[- ](?:on|over)[- ]quarter|on[- ]quarter(?![-\w])|q-o-q|qoq|sequentially|"
                           + _EN_FROM + r"\s+(?:the|a)\s+(?:previous|preceding|prior|last)\s+quarter|"
                           + _EN_FROM_AGO + r"\s+(?:a|the|one)\s+quarter\s+(?:earlier|ago|before))\b", re.I)),
    ("month", re.compile(r"\b(?:month[- ](?:on|over)[- ]month|on[- ]month(?![-\w])|m-o-m|"
                         + _EN_FROM + r"\s+(?:the|a)\s+(?:previous|preceding|prior)\s+month|"
                         + _EN_FROM_AGO + r"\s+(?:a|the|one)\s+month\s+(?:earlier|ago|before)|"
                         + _EN_FROM + r"\s+last\s+month)\b", re.I)),
    ("week", re.compile(r"\b(?:week[- ](?:on|over)[- ]week|on[- ]week(?![-\w])|w-o-w|"
                        + _EN_FROM + r"\s+(?:the|a)\s+(?:previous|preceding|prior)\s+week|"
                        + _EN_FROM_AGO + r"\s+(?:a|the|one)\s+week\s+(?:earlier|ago|before)|"
                        + _EN_FROM + r"\s+last\s+week)\b", re.I)),
    ("day", re.compile(r"\b(?:day[- ](?:on|over)[- ]day|" + _EN_FROM_DAY + r"\s+(?:the\s+)?(?:previous|preceding|prior)"
                       r"\s+(?:day|session|trading\s+(?:day|session)|day's\s+close|session's\s+close|close)|"
                       + _EN_FROM_AGO_DAY + r"\s+(?:a|the|one)\s+day\s+(?:earlier|ago|before)|"
                       + _EN_FROM_DAY + r"\s+(?:yesterday|the\s+day\s+before))\b", re.I)),
)
BASE_WORDS = {"year": "a year earlier", "quarter": "the previous quarter", "month": "the previous month",
              "week": "the previous week", "day": "the previous day or session"}


# A financial metric. Korean compounds are read longest first (법인세비용차감전순이익 is pre-tax, not net;
# 영업이익률 is a margin, not a profit; 매출총이익 is gross profit, 매출원가 and 매출채권 no metric of results);
# "profit", "earnings" and "results" alone name none of them.
_KO_METRICS = (
    ("pretax", re.compile(r"법인세\s?(?:비용\s?)?차감\s?전\s?(?:순)?이익|세전\s?(?:순)?(?:이익|손실|순익)")),
    ("operating margin", re.compile(r"영업\s?이익\s?[률율]|영업\s?마진")),
    ("net margin", re.compile(r"순\s?이익\s?[률율]|순\s?마진")),
    ("gross", re.compile(r"매출\s?총\s?이익")),
    ("operating", re.compile(r"영업\s?(?:이익|손실|적자|흑자|익)")),
    ("net", re.compile(r"(?:당기\s?)?순(?:이익|손실|익|적자|손익)")),
    ("market value", re.compile(r"시가\s?총액|(?<![가-힣])시총")),
    ("revenue", re.compile(r"매출(?:액)?(?!\s?(?:원가|채권|총|처))|영업수익")),
)
_EN_METRICS = (
    ("pretax", re.compile(r"\b(?:pre-?tax\s+(?:profits?|income|earnings|losse?s?)|(?:profits?|income|earnings|"
                          r"losse?s?)\s+before\s+(?:income\s+)?tax(?:es)?)\b", re.I)),
    ("operating margin", re.compile(r"\b(?:operating|business)\s+(?:profit\s+)?margins?\b", re.I)),
    ("net margin", re.compile(r"\bnet\s+(?:profit\s+)?margins?\b", re.I)),
    ("gross", re.compile(r"\bgross\s+(?:profits?|margins?|income)\b", re.I)),
    ("operating", re.compile(r"\b(?:operating|business)\s+(?:profits?|income|earnings|losse?s?)\b", re.I)),
    ("net", re.compile(r"\bnet\s+(?:profits?|income|earnings|losse?s?)\b|\bbottom\s+line\b", re.I)),
    ("market value", re.compile(r"\bmarket\s+(?:capitali[sz]ation|cap|value|valuation)s?\b|\bmarket-cap\b",
                                re.I)),
    ("revenue", re.compile(r"\b(?:revenues?|turnover|(?<!unit )(?<!vehicle )(?<!car )sales(?!\s+(?:tax|force|"
                           r"team|staff|people|person|representatives?|pitch|network|channels?|office|offices|"
                           r"outlets?|volumes?|of\s+(?:its|the)\s+(?:stake|shares?)))|net\s+sales)\b", re.I)),
)
METRIC_WORDS = {"pretax": "pre-tax profit", "operating margin": "operating margin", "net margin": "net margin",
                "gross": "gross profit", "operating": "operating profit", "net": "net profit",
                "market value": "market capitalization", "revenue": "sales"}
PROFITS = frozenset({"pretax", "gross", "operating", "net"})  # what a bare "profit" may render
# The accounts a figure is from: the group's consolidated ones or the parent company's own
_KO_BASIS = (("consolidated", re.compile(r"연결\s?(?:기준|재무제표|실적)")),
             ("separate", re.compile(r"별도\s?(?:기준|재무제표|실적)|개별\s?기준")))
_EN_BASIS = (("consolidated", re.compile(r"\bconsolidated\b", re.I)),
             ("separate", re.compile(r"\b(?:separate|standalone|stand-alone|non-?consolidated|unconsolidated|"
                                     r"parent-only)\s+(?:basis|accounts?|figures?|results?|financial|earnings|"
                                     r"statements?)\b|\b(?:standalone|non-?consolidated|unconsolidated|parent-only)"
                                     r"\b", re.I)))
BASIS_WORDS = {"consolidated": "consolidated accounts", "separate": "the parent company's own accounts"}
_EN_ANY_PROFIT = re.compile(r"\b(?:profits?|earnings|income|losse?s?|results|bottom\s+line)\b", re.I)

# The moment of a market session a level is read at: during it (장중 한때, "at one point", "intraday") or at its
# close (마감, 종가, "closed", "ended the session"). An intraday low told as the close is another fact. 마감 is read
# only as a session's (로 마감, 마감했다, 장 마감: not 접수 마감, a deadline), 한때 only before a level or a move
# (not "once" in 한때 세계 1위였던), and "closed" or "ended" only before one (not "closed down three plants").
_KO_BEFORE_CLOSE = "|".join(f"(?<={w}{space})" for w in ("로", "에", "채", "보합", "상승", "하락", "강세", "약세")
                            for space in ("", " "))
_KO_MOMENTS = (
    ("intraday", re.compile(r"장중(?:\s?한때)?|장\s?초반|개장\s?(?:직후|초)|"
                            r"한때(?=[^.]{0,12}?\d[\d.,]*\s?(?:%|포인트|원|선|달러|엔|bp))")),
    ("close", re.compile(f"(?:{_KO_BEFORE_CLOSE})" + r"마감|마감(?:했|한|됐|하며|해|가|\s?시황)|"
                         r"장\s?마감|종가|(?:장|거래)을?를?\s?마(?:쳤|감|친|치)")),
)
_EN_ABOUT = r"(?:(?:more|less)\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+|just\s+|some\s+)?"
_EN_SHARE = _EN_ABOUT + r"[\d.,]+\s?(?:%|percent|per\s+cent|points?|pct)"
_EN_MOVED = (r"(?:(?:up|down)\s+" + _EN_SHARE + "|" + _EN_SHARE + r"\s+(?:higher|lower|up|down)|higher|lower|flat|"
             r"unchanged|steady|mixed|at\s+(?:a\s+)?(?:record|fresh|new|[\d.,]+)|in\s+(?:positive|negative)\s+"
             r"territory|the\s+(?:day|session|week))")
_EN_MOMENTS = (
    ("intraday", re.compile(r"\b(?:intraday|intra-day|at\s+one\s+point|(?:during|in)\s+(?:the\s+)?(?:session|trading|"
                            r"trade)|(?:in|during)\s+(?:early|morning|afternoon|midday|late)\s+(?:trade|trading|"
                            r"deals|dealings)|early\s+in\s+the\s+session|mid-?session|briefly)\b", re.I)),
    ("close", re.compile(r"\b(?:(?:closed|ended|finished|settled|closing|ending|finishing)(?=\s+" + _EN_MOVED +
                         r"(?!\w))|at\s+the\s+close|closing\s+(?:price|level|bell)|(?:by|at)\s+(?:the\s+)?(?:market\s+)?"
                         r"close)\b", re.I)),
)
MOMENT_WORDS = {"intraday": "during the session", "close": "at the close"}


BASES = (TermReader(_KO_BASES, ("대비", "보다", "비해", "比", "년비", "기비", "월비"), False),
         TermReader(_EN_BASES, ("earlier", "ago", "before", "previous", "preceding", "prior", "last", "same",
                                "corresponding", "comparable", "annual", "sequential", "yesterday", "yoy", "qoq", "-o-",
                                "on-", "over-", "on year", "on quarter", "on month", "on week", "on day", "over year",
                                "over quarter", "over month", "over week", "over day"), True))
METRICS = (TermReader(_KO_METRICS, ("익", "손실", "적자", "흑자", "마진", "시가", "시총", "매출"), False),
           TermReader(_EN_METRICS, ("profit", "income", "earning", "loss", "margin", "market", "revenue", "turnover",
                                    "sales", "bottom line"), True))
MOMENTS = (TermReader(_KO_MOMENTS, ("장", "한때", "마감", "종가", "거래"), False),
           TermReader(_EN_MOMENTS, ("intra", "one point", "session", "trad", "deal", "brief", "clos", "end", "finish",
                                    "settl"), True))
ACCOUNTS = (TermReader(_KO_BASIS, ("연결", "별도", "개별"), False),
            TermReader(_EN_BASIS, ("consolidated", "separate", "standalone", "stand-alone", "parent-only"), True))


@lru_cache(maxsize=4096)
def comparison_bases(text: str, english: bool) -> tuple[Term, ...]:
    """The comparison bases a text measures changes from: 전년 동기 대비 and "from a year earlier" are `year`."""
    return BASES[english].read(text)


@lru_cache(maxsize=4096)
def market_moments(text: str, english: bool) -> tuple[Term, ...]:
    """When in a market session a text reads its levels: 장중 한때 and "at one point" are `intraday`, 마감 and
    "closed up" `close`."""
    return MOMENTS[english].read(text)


@lru_cache(maxsize=4096)
def financial_metrics(text: str, english: bool) -> tuple[Term, ...]:
    """The financial metrics a text names: 영업이익 and "operating income" are `operating`."""
    return METRICS[english].read(text)


@lru_cache(maxsize=4096)
def reporting_bases(text: str, english: bool) -> tuple[Term, ...]:
    """The accounts a text's figures are from: 연결 기준 and "consolidated" are `consolidated`, 별도 기준 and
    "standalone" `separate`."""
    return ACCOUNTS[english].read(text)


def unspecified_profit(text: str) -> bool:
    """Whether English names a profit or loss without saying which ("profit", "earnings"): it renders any of the
    Korean's kinds of profit."""
    return any(not any(t.span[0] <= m.start() < t.span[1] for t in financial_metrics(text, True))
               for m in _EN_ANY_PROFIT.finditer(text))


def swapped(ko: tuple[Term, ...], en: tuple[Term, ...], rendered_anyway: frozenset[str] | None = None,
            group: Callable[[str], str] | None = None) -> tuple[Term, Term] | None:
    """A Korean term the English does not give and an English one the Korean does not, where both sides name some:
    the first of each. `rendered_anyway`: Korean kinds the English gives in words no pattern names (a bare "profit"
    for any kind of profit). `group`: the set of alternatives a kind belongs to, where a text's terms are of
    several (exports or imports, the ruling party or the opposition): the two must then be of one group, the first
    group in the Korean's order that has both."""
    ko_kinds, en_kinds = {t.kind for t in ko}, {t.kind for t in en}
    lost = [t for t in ko if t.kind not in en_kinds and t.kind not in (rendered_anyway or ())]
    added = [t for t in en if t.kind not in ko_kinds]
    if group is None:
        return (lost[0], added[0]) if lost and added else None
    for name in dict.fromkeys(group(t.kind) for t in ko):
        of = [t for t in lost if group(t.kind) == name], [t for t in added if group(t.kind) == name]
        if of[0] and of[1]:
            return of[0][0], of[1][0]
    return None
