"""Dates and times of a Korean or English sentence, resolved against the article's publication date, so that
지난해 7월 meets "July last year", 8일 meets "January 8" and 오후 3시 meets "3 p.m.".

A mention is a set of fields (year, month, day, quarter, half, hour, minute, part of day, weekday). Adjacent
pieces merge into one mention (2026년 1월 8일 오후 3시; "the afternoon of December 3"). Relative words resolve
against `published` when the page has it; without it they stay relative (`year_rel` = -1 for 지난해 and
"last year") and compare with each other. A relative week, month or year also keeps its unit (`rel_unit`), so 지난달
rendered "last week" is a date moved, with or without a date known.

Room: part of the QE stage. Imports nothing of the package; no I/O.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

FIELDS = ("year", "month", "day", "quarter", "half", "hour", "minute", "part", "weekday",
          "year_rel", "month_rel", "week_rel", "day_rel", "shift", "rel_unit")


@dataclass(frozen=True, slots=True)
class TimeMention:
    span: tuple[int, int]
    values: dict[str, int | str] = field(default_factory=dict, hash=False, compare=False)

    def merge(self, other: TimeMention) -> TimeMention:
        return TimeMention((self.span[0], other.span[1]), {**self.values, **other.values})

    def text(self, source: str) -> str:
        return source[self.span[0]:self.span[1]]


_WEEKDAYS_KO = "월화수목금토일"
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_WORDS = ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
                "september sept sep", "october oct", "november nov", "december dec")
_MONTHS_EN = {name: i + 1 for i, names in enumerate(_MONTH_WORDS) for name in names.split()}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
        "latter": 2, "former": 1}
_REL = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}
# Days counted from the story's own day, not from publication (전날, "the day before", "a week later"): a relation
# that holds with no date known, compared as a number of days (`shift`).
_KO_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8, "아흐레": 9,
            "열흘": 10, "일주일": 7, "1주일": 7, "한 주": 7, "1주": 7, "보름": 15}
_EN_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


# 아랍의 봄 (the Arab Spring), 프라하의 봄: a season after 의 is a name, as "Spring" after a capital is in English
_SEASONS_KO = {"봄": 1, "여름": 2, "가을": 3, "겨울": 4, "춘계": 1, "하계": 2, "추계": 3, "동계": 4}
_SEASONS_EN = {"spring": 1, "summer": 2, "autumn": 3, "winter": 4}
_PERIODS_EN = {"early": "early", "beginning": "early", "start": "early", "mid": "mid", "middle": "mid",
               "late": "late", "end": "late"}
_PERIODS_KO = {"초": "early", "초순": "early", "상순": "early", "중순": "mid", "하순": "late", "말": "late"}
# "Fall" is the season only where a season is meant: in the fall, this fall, the fall of 2003, fall 2003. "The fall of
# Saddam Hussein", "a fall in prices" and "fall ill" are not; a Korean 가을 beside them is a misreading.
_EN_FALL_SEASON = re.compile(r"(?=fall)(?:"  # (each alternative starts at the word: the rest is tried only there)
                             r"\b(?:(?<=\bin the )|(?<=\bduring the )|(?<=\bby the )|(?<=\bthis )|(?<=\blast )|"
                             r"(?<=\bnext )|(?<=\bearly )|(?<=\blate )|(?<=\bthat )|"
                             r"(?<=\bthe )(?=fall of (?:19|20)\d\d))"
                             r"fall\b(?!\s(?:of\s(?!(?:19|20)\d\d)|in|from|to|by|below|short|behind|apart|off|"
                             r"prey|ill|asleep|victim|through|under|into|back)\b)|"
                             r"\bfall(?=\s(?:19|20)\d\d\b)|(?<=(?:19|20)\d\d\s)fall\b|"
                             r"\bfall(?=\s(?:semester|term|season|foliage|harvest|colou?rs|leaves|classes|collection|"
                             r"fashion|line-?up|festival|sale)s?\b))", re.I)


def _ko_shift(m: re.Match[str]) -> dict[str, int]:
    return {"shift": _KO_DAYS[m[1]] * (-1 if m[2] == "전" else 1)}


def _en_shift(m: re.Match[str]) -> dict[str, int]:
    count = int(m[1]) if m[1].isdigit() else _EN_DAYS[m[1].lower()]
    days = count * (7 if m[2].lower().startswith("week") else 1)
    return {"shift": -days if m[3].lower() in ("earlier", "before", "prior") else days}


# A day that names an event by its month and day: 10·15 대책 (the October 15 measures), 6.15 남북공동선언, 9/11 테러
KO_NAMED_DAY = re.compile(r"(?<![\d.·/])(1[0-2]|[1-9])[·./]([12]\d|3[01]|[1-9])(?![\d·./])(?=\s?(?:대책|사태|선언|"
                          r"공동선언|합의|조치|참사|운동|전쟁|항쟁|의거|혁명|민주|정상회담|남북|담화|총선|대선|지방선거|선거|"
                          r"테러|공습|부동산|광복절|사건|쿠데타|절(?![가-힣])))")  # 3.1절, 8.15 광복절, 10.26 사건

_KO_ATOMS: tuple[tuple[re.Pattern[str], object], ...] = (
    (re.compile(r"(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?"), lambda m: {
        "year": int(m[1]), "month": int(m[2]), "day": int(m[3])}),
    (re.compile(r"(?<!\d)(\d{4})년"), lambda m: {"year": int(m[1])}),
    (KO_NAMED_DAY, lambda m: {"month": int(m[1]), "day": int(m[2])}),
    (re.compile(r"재작년"), lambda m: {"year_rel": -2, "rel_unit": "year"}),
    (re.compile(r"지난해|작년|전년"), lambda m: {"year_rel": -1, "rel_unit": "year"}),
    (re.compile(r"올해|금년|올(?=\s?(?:\d|상반기|하반기|봄|여름|가을|겨울))"),
     lambda m: {"year_rel": 0, "rel_unit": "year"}),
    (re.compile(r"내년"), lambda m: {"year_rel": 1, "rel_unit": "year"}),
    # 연내: within this year (not 연내기, or a longer word)
    (re.compile(r"(?<![가-힣])연내(?=$|[^가-힣]|에|로|까지)"), lambda m: {"year_rel": 0, "rel_unit": "year"}),
    (re.compile(r"(?<![\d.])(\d{1,2})\s?[~∼\-–]\s?(?=\d{1,2}월)"), lambda m: {"month": int(m[1])}),
    (re.compile(r"(?<![\d.])(\d{1,2})월(?!요일)"), lambda m: {"month": int(m[1])}),
    (re.compile(r"지난달|지난 달|전달"), lambda m: {"month_rel": -1, "rel_unit": "month"}),
    (re.compile(r"이달|이번 달|이번달"), lambda m: {"month_rel": 0, "rel_unit": "month"}),
    (re.compile(r"다음 달|다음달|내달"), lambda m: {"month_rel": 1, "rel_unit": "month"}),
    # the week: 지난주, 이번 주, 다음 주 (not 지난 주말, the weekend; nor 주식, 주가, 주년)
    (re.compile(r"(지난|이번|다음)\s?주(?!말|식|가|년|간|째|일)"),
     lambda m: {"week_rel": {"지난": -1, "이번": 0, "다음": 1}[m[1]], "rel_unit": "week"}),
    (re.compile(r"(?:지난\s)?(?<![\d.])(\d{1,2})\s?[~∼\-–]\s?(?=\d{1,2}일)"), lambda m: {
        "day": int(m[1]), **({"past": 1} if m[0].startswith("지난") else {})}),
    (re.compile(r"(\d{1,2})년\s?전"), lambda m: {"year_rel": -int(m[1])}),
    (re.compile(r"(?:지난\s)?(?<![\d.])(\d{1,2})일(?!\s?(?:간|동안|째|분|앞[둔두])|치|짜리)"), lambda m: {
        "day": int(m[1]), **({"past": 1} if m[0].startswith("지난") else {})}),
    (re.compile(r"(?<![가-힣])(?:그\s)?전날"), lambda m: {"shift": -1}),
    (re.compile(r"이튿날|다음\s?날|익일"), lambda m: {"shift": 1}),
    (re.compile(r"(" + "|".join(_KO_DAYS) + r")\s?(전|뒤|후)(?![가-힣])"), _ko_shift),
    (re.compile(r"오늘|금일|이날|당일"), lambda m: {"day_rel": 0}),
    (re.compile(r"어제|전일(?!\s?대비|보다)"), lambda m: {"day_rel": -1}),
    (re.compile(r"내일"), lambda m: {"day_rel": 1}),
    (re.compile(r"(?<!\d)([1-4])분기"), lambda m: {"quarter": int(m[1])}),
    (re.compile(r"(?<![\dA-Za-z])([1-4])Q(?![A-Za-z])"), lambda m: {"quarter": int(m[1])}),
    # the part of a month or year: 지난달 말 (late last month), 내년 초, 3월 중순; not 말했다 or 2년 초과
    (re.compile(r"(?<=[월달해년])\s?(초순|상순|중순|하순|초|말)(?=$|[^가-힣]|에|께|부터|까지|쯤|경|의|로|이)"),
     lambda m: {"period": _PERIODS_KO[m[1]]}),
    (re.compile(r"(?<![가-힣])(?<!의\s)(봄|여름|가을|겨울)(?=$|[^가-힣]|에|의|은|는|이|을|를|철|도|부터|까지|엔|께|동안|내내|방학|학기|시즌)"),
     lambda m: {"season": _SEASONS_KO[m[1]]}),
    (re.compile(r"(?<![가-힣])(춘계|하계|추계|동계)(?![가-힣])"), lambda m: {"season": _SEASONS_KO[m[1]]}),
    (re.compile(r"상반기"), lambda m: {"half": 1}),
    (re.compile(r"하반기"), lambda m: {"half": 2}),
    (re.compile(r"오전|새벽|(?<![가-힣])아침(?!\s?(?:식사|밥|상|을 먹|을 거르|을 차리))"), lambda m: {"part": "am"}),
    (re.compile(r"오후|저녁|밤(?=\s?\d)"), lambda m: {"part": "pm"}),
    (re.compile(r"정오"), lambda m: {"hour": 12, "minute": 0}),
    (re.compile(r"(?<![\d.])(\d{1,2})\s?[~∼\-–]\s?(?=\d{1,2}시)"), lambda m: {"hour": int(m[1]), "minute": 0}),
    (re.compile(r"(?<![\d.])(\d{1,2})시(?:\s?(\d{1,2})분|\s?(반))?(?!간|장|점|가|총|세|즌|설|행|대|민|의회|청)"),
     lambda m: {"hour": int(m[1]), "minute": int(m[2]) if m[2] else 30 if m[3] else 0}),
    (re.compile(rf"([{_WEEKDAYS_KO}])요일"), lambda m: {"weekday": _WEEKDAYS_KO.index(m[1])}),
)

_MONTH_NAMES = "|".join(sorted((m.capitalize() for m in _MONTHS_EN), key=len, reverse=True))
_EN_ATOMS: tuple[tuple[re.Pattern[str], object], ...] = (
    (re.compile(rf"\b(?:(last|this|next|previous)\s)?({_MONTH_NAMES})\b\.?(?:\s(\d{{1,2}})(?:st|nd|rd|th)?\b)?"
                r"(?:,?\s((?:19|20)\d\d)\b)?"), lambda m: {
        "month": _MONTHS_EN[m[2].lower()], **({"day": int(m[3])} if m[3] else {}),
        **({"year": int(m[4])} if m[4] else {}), **({"month_name_rel": _REL[m[1].lower()]} if m[1] else {})}),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?({_MONTH_NAMES})\b\.?(?:,?\s((?:19|20)\d\d)\b)?"),
     lambda m: {"day": int(m[1]), "month": _MONTHS_EN[m[2].lower()], **({"year": int(m[3])} if m[3] else {})}),
    (re.compile(r"\bthe\s(\d{1,2})(?:st|nd|rd|th)\b(?=\s+(?:of|that|and|when|to)\b|\s*[,.;)]|\s*$)", re.I),
     # "on the 8th", not "the 12th plenary"
     lambda m: {"day": int(m[1])}),
    (re.compile(r"(?<![$\d.,])\b((?:19|20)\d\d)\b(?!\s?(?:%|percent|won|dollars|units|people))"),
     lambda m: {"year": int(m[1])}),
    (re.compile(r"(?=1[0-8]\d\d)(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\btill )|(?<=\bcirca ))"
                r"(1[0-8]\d\d)\b(?![.,]?\d)", re.I),
     lambda m: {"year": int(m[1])}),
    (re.compile(r"\b(last|this|next)\syear\b", re.I), lambda m: {"year_rel": _REL[m[1].lower()], "rel_unit": "year"}),
    (re.compile(r"\b(last|this|next)\smonth\b|\ba\smonth\sago\b", re.I),
     lambda m: {"month_rel": _REL[m[1].lower()] if m[1] else -1, "rel_unit": "month"}),
    (re.compile(r"\b(last|this|next)\sweek\b", re.I), lambda m: {"week_rel": _REL[m[1].lower()], "rel_unit": "week"}),
    (re.compile(r"\b(?:the\s)?(?:day before|previous day|prior day)\b", re.I), lambda m: {"shift": -1}),
    (re.compile(r"\b(?:the\s)?(?:next|following) day\b", re.I), lambda m: {"shift": 1}),
    (re.compile(r"\bthe\s(previous|following)\sweek\b", re.I),
     lambda m: {"shift": -7 if m[1].lower() == "previous" else 7}),
    (re.compile(r"\b(a|one|two|three|four|five|six|seven|ten|\d{1,2})\s(days?|weeks?)\s(earlier|before|prior|later|after)\b",
                re.I), _en_shift),
    (re.compile(r"\btoday\b", re.I), lambda m: {"day_rel": 0}),
    (re.compile(r"\byesterday\b", re.I), lambda m: {"day_rel": -1}),
    (re.compile(r"\btomorrow\b", re.I), lambda m: {"day_rel": 1}),
    (re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[-\s]quarter\b", re.I),
     lambda m: {"quarter": _ORD[m[1].lower()]}),
    (re.compile(r"\bQ([1-4])\b|\b([1-4])Q\b"), lambda m: {"quarter": int(m[1] or m[2])}),
    (re.compile(r"(?<!Arab )(?<!Prague )(?<!Silent )\b([Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)\b"
                r"(?!\s(?:up|from|back|into|to|forth|out)\b)"), lambda m: {"season": _SEASONS_EN[m[1].lower()]}),
    (_EN_FALL_SEASON, lambda m: {"season": 3}),
    (re.compile(rf"\b(early|mid|late|(?:the\s)?(?:end|beginning|start|middle)\sof)[-\s]"
                rf"(?=(?:last |this |next )?(?:month|year|(?:19|20)\d\d|{_MONTH_NAMES})\b)", re.I),
     lambda m: {"period": _PERIODS_EN[m[1].lower().removeprefix("the ").split()[0]]}),
    (re.compile(r"\b(first|second|latter|former|1st|2nd)[-\s]half\b", re.I), lambda m: {"half": _ORD[m[1].lower()]}),
    (re.compile(r"\bH([12])\b"), lambda m: {"half": int(m[1])}),
    (re.compile(r"\b(\d{1,2})(?::(\d\d))?\s?(a\.m\.|p\.m\.|am\b|pm\b)", re.I), lambda m: {
        "hour": int(m[1]), "minute": int(m[2] or 0), "part": m[3][0].lower() + "m"}),
    (re.compile(r"(?<![\d:])(\d{1,2}):(\d\d)(?![\d:])"), lambda m: {"hour": int(m[1]), "minute": int(m[2])}),
    (re.compile(r"\bnoon\b", re.I), lambda m: {"hour": 12, "minute": 0}),
    (re.compile(r"\bmorning\b", re.I), lambda m: {"part": "am"}),
    (re.compile(r"\b(?:afternoon|evening|tonight)\b", re.I), lambda m: {"part": "pm"}),
    (re.compile(r"\b(" + "|".join(_WEEKDAYS_EN) + r")\b", re.I),
     lambda m: {"weekday": _WEEKDAYS_EN.index(m[1].lower())}),
)
_KO_JOIN = re.compile(r"^\s*(?:\(현지시간\)\s*|께\s*)?$")
_EN_JOIN = re.compile(r"^[\s,]*(?:\(local time\)[\s,]*)?(?:of|on|in|at)?[\s,]*(?:the\s)?$", re.I)


_MONTH_MAY_AFTER = re.compile(r"(?:\b(?:in|into|since|until|by|of|from|through|to|for|on|during|early|late|last|this|"
                              r"next)\s|[-–]|mid-)$")


def _modal_may(text: str, m: re.Match[str]) -> bool:
    """"May" alone is the month only after in/since/until/by/of or with a day or year: otherwise the verb. (What
    precedes it is read in place, the 32 characters before it: a search of the whole prefix for each "May" cost
    the square of the text.)"""
    return m[0] == "May" and not _MONTH_MAY_AFTER.search(text, max(0, m.start() - 32), m.start())


def _atoms(text: str, patterns) -> list[TimeMention]:
    atoms: list[TimeMention] = []
    for pattern, build in patterns:
        for m in pattern.finditer(text):
            if any(a.span[0] < m.end() and m.start() < a.span[1] for a in atoms) or _modal_may(text, m):
                continue
            atoms.append(TimeMention(m.span(), build(m)))
    return sorted(atoms, key=lambda a: a.span)


_RANK = {"year": 0, "year_rel": 0, "month": 1, "month_rel": 1, "quarter": 1, "half": 1, "season": 1, "period": 2,
         "week_rel": 2, "day": 2, "day_rel": 2,
         "shift": 2, "past": 2, "weekday": 3, "part": 4, "hour": 5, "minute": 5}


def _merge(text: str, atoms: list[TimeMention], joiner: re.Pattern[str], ordered: bool) -> list[TimeMention]:
    """Adjacent pieces become one mention; with `ordered` (Korean), only from the coarser to the finer
    (2026년 1월 8일 오후 3시), so 8일 11월 수출 stays a day and a month."""
    merged: list[TimeMention] = []
    for atom in atoms:
        last = merged[-1] if merged else None
        in_order = not ordered or (last is not None and min(_RANK[k] for k in atom.values if k in _RANK) >
                                   max(_RANK[k] for k in last.values if k in _RANK))
        if last and in_order and joiner.match(text[last.span[1]:atom.span[0]]) and \
                not set(last.values) & set(atom.values):
            merged[-1] = last.merge(atom)
        else:
            merged.append(atom)
    return merged


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _resolve(mention: TimeMention, published: dt.date | None, korean: bool) -> TimeMention:
    v = dict(mention.values)
    if v.get("part") == "pm" and isinstance(v.get("hour"), int) and v["hour"] < 12:
        v["hour"] += 12
    elif v.get("part") == "am" and v.get("hour") == 12:
        v["hour"] = 0  # 12:26 a.m. is 오전 0시 26분
    if published is None:
        v.pop("past", None)
        v.pop("month_name_rel", None)
        return replace(mention, values=v)
    year, month = published.year, published.month
    if "year_rel" in v:
        v["year"] = year + int(v.pop("year_rel"))
    if "month_rel" in v:
        v["year"], v["month"] = _shift_month(year, month, int(v.pop("month_rel")))
    if "day_rel" in v:
        day = published + dt.timedelta(days=int(v.pop("day_rel")))
        v.update(year=day.year, month=day.month, day=day.day)
    if "month_name_rel" in v:  # "last June": the most recent June before publication
        rel = int(v.pop("month_name_rel"))
        if rel < 0:
            v["year"] = year - (1 if v["month"] >= month else 0)
        else:
            v["year"] = year + (1 if rel > 0 and v["month"] <= month else 0)
    if korean and "day" in v and "month" not in v:  # 8일: this month; 지난 28일 on the 3rd: last month
        past = v.pop("past", None)
        v["year"], v["month"] = _shift_month(year, month, -1 if past and v["day"] > published.day else 0)
        v["inferred"] = "year+month"  # only a day was written: its month speaks only beside an English day
    v.pop("past", None)
    if korean and "month" in v and "year" not in v:
        v["year"] = year
        v.setdefault("inferred", "year")
    if {"year", "month", "day"} <= set(v) and "weekday" not in v:
        with contextlib.suppress(ValueError):  # 2월 30일: no such day, no weekday
            v["weekday"] = dt.date(int(v["year"]), int(v["month"]), int(v["day"])).weekday()
    return replace(mention, values=v)


def korean_times(text: str, published: dt.date | None = None) -> tuple[TimeMention, ...]:
    return _korean_times(text, published)


def english_times(text: str, published: dt.date | None = None) -> tuple[TimeMention, ...]:
    return _english_times(text, published)


# (One cache key for a text and its date, however a caller passes them: `english_times(t)` and `english_times(t,
# None)` are the same reading, and each costs some thirty patterns over the text.)
@lru_cache(maxsize=8192)
def _korean_times(text: str, published: dt.date | None) -> tuple[TimeMention, ...]:
    return tuple(_resolve(m, published, True) for m in _merge(text, _atoms(text, _KO_ATOMS), _KO_JOIN, True))


@lru_cache(maxsize=8192)
def _english_times(text: str, published: dt.date | None) -> tuple[TimeMention, ...]:
    return tuple(_resolve(m, published, False) for m in _merge(text, _atoms(text, _EN_ATOMS), _EN_JOIN, False))


_SEASON_WORDS = {1: re.compile(r"\bsprings?\b", re.I), 3: re.compile(r"\bfall\b", re.I)}


def season_misread(ko: TimeMention, en_text: str, en: tuple[TimeMention, ...]) -> tuple[int, int] | None:
    """Where a Korean season (가을, 봄) stands for an English word that names the season in one sense and something
    else in another ("the fall of Saddam Hussein", "hot springs"), and the English uses it only in the other
    sense: the span of that word, a misreading on one side."""
    season = ko.values.get("season")
    words = _SEASON_WORDS.get(season)  # type: ignore[arg-type]
    if words is None or any(e.values.get("season") == season for e in en):
        return None
    m = words.search(en_text)
    return m.span() if m else None


def _shared(a: TimeMention, b: TimeMention) -> set[str]:
    """Fields both mentions state. What was inferred from the publication date (the month of a bare 8일, the
    year of a bare 3월) counts only when both mentions are full dates."""
    shared = set(a.values) & set(b.values) - {"inferred"}
    if "day" in a.values and "day" in b.values:
        return shared
    inferred = {f for m in (a, b) for f in str(m.values.get("inferred", "")).split("+") if f}
    return shared - inferred


def related(a: TimeMention, b: TimeMention) -> bool:
    """Whether two mentions speak of the same kind of thing (share a field other than a derived weekday)."""
    shared = _shared(a, b) - {"weekday"}
    if not shared and "weekday" in a.values and "weekday" in b.values:
        return True
    return bool(shared)


def agree(a: TimeMention, b: TimeMention) -> bool:
    for key in _shared(a, b):
        x, y = a.values[key], b.values[key]
        if key == "hour" and not ("part" in a.values and "part" in b.values):
            x, y = int(x) % 12, int(y) % 12  # 6시 beside "6 p.m.": a clock hour without a part of day
        if x != y:
            return False
    return True


_FINEST = ("hour", "part", "day", "weekday", "period", "month", "season", "quarter", "half", "year", "day_rel",
           "week_rel", "month_rel", "year_rel", "shift")


def finest(mention: TimeMention) -> str | None:
    """The most precise thing a mention says: 2026년 1월 8일 is about a day, 올해 1분기 about a quarter."""
    return next((f for f in _FINEST if f in mention.values), None)


def confirms(a: TimeMention, b: TimeMention) -> bool:
    """`b` agrees with `a` and says what `a` is most precisely about (올해 does not confirm "first half")."""
    return agree(a, b) and finest(a) in _shared(a, b) | ({"weekday"} if "weekday" in b.values else set())


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# Durations and how a sentence relates an event to them: 70분 간격으로 (every 70 minutes) is no "within a span of 70
# minutes", 4일 동안 (for four days) no "after four days". Each relation word gives the relations it can mean; two
# durations of one length and unit disagree where no relation is common to both.
@dataclass(frozen=True, slots=True)
class Duration:
    value: float
    unit: str  # second, minute, hour, day, week, month, year
    relations: frozenset[str]  # interval, span, within, after, before
    span: tuple[int, int]


_KO_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KO_DURATION_UNIT = {"초": "second", "분": "minute", "시간": "hour", "일": "day", "주일": "week", "주": "week",
                     "개월": "month", "달": "month", "해": "year", "년": "year"}
_KO_RELATION = {"간격": {"interval"}, "마다": {"interval"}, "동안": {"span", "within"}, "간": {"span", "within"},
                "내내": {"span"}, "째": {"span"}, "이내": {"within"}, "안에": {"within"}, "내에": {"within"},
                "만에": {"within", "after"}, "후": {"after"}, "뒤": {"after"}, "전": {"before"}, "새": {"within"},
                "사이": {"within"}, "사이에": {"within"}}
# A count of days in one word (사흘 만에: within three days, 보름: 15 days), 일주일 a week
_KO_DURATION_WORDS = {word: (days // 7, "week") if word.endswith("주일") else (days, "day")
                      for word, days in _KO_DAYS.items() if word.isalpha()}
# 간, 전, 후 and 뒤 only as words of their own or before a particle, never as a longer word's first syllable (간부,
# 전쟁, 후보); a native numeral only as a word of its own, a space before its unit (세 달, not 세일 후)
_KO_DURATION = re.compile(
    r"(?:(?:(?<![\d.,])(\d+(?:\.\d+)?)\s?|(?<![가-힣])(" + "|".join(sorted(_KO_NATIVE, key=len, reverse=True)) +
    r")\s)(초|분(?!기)|시간|일|주일|주|개월|달|해|년)|(?<![가-힣])(" +
    "|".join(sorted(_KO_DURATION_WORDS, key=len, reverse=True)) + r"))\s?"
    r"(간격|마다|동안|내내|째|이내|안에|내에|만에|간(?![가-힣])|간(?=의)|새(?![가-힣])|사이에|사이(?![가-힣])|"
    r"(?:전|후|뒤)(?![가-힣])|(?:전|후|뒤)(?=에|부터|보다|까지|의|쯤|인|엔|로))")
_EN_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                    "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}
_EN_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|an?|" + "|".join(_EN_NUMBER_WORDS) + r")[\s-](second|minute|hour|day|week|month|year)s?\b",
    re.I)
_EN_BEFORE_DURATION = (  # the relation words a duration follows, nearest first
    (re.compile(r"\bevery\s(?:other\s)?$", re.I), {"interval"}),
    (re.compile(r"\bwithin\s(?:a\s(?:span|period)\sof\s|the\s(?:next|past|last|first)\s)?$", re.I), {"within"}),
    (re.compile(r"\b(?:in|over|during)\sthe\s(?:past|last|next|first)\s$", re.I), {"span", "within"}),
    (re.compile(r"\b(?:over|during|throughout)\s(?:the\s)?$", re.I), {"span", "within"}),
    (re.compile(r"\bin\s(?:just\s|only\s|less\sthan\s|under\s|about\s)?$", re.I), {"within", "after"}),
    (re.compile(r"\bfor\s(?:the\s(?:past|last|next|first)\s)?(?:nearly\s|almost\s|about\s|more\sthan\s|over\s)?$",
                re.I), {"span"}),
    (re.compile(r"\bafter\s(?:nearly\s|almost\s|about\s|more\sthan\s|just\s)?$", re.I), {"after"}),
)
_EN_AFTER_DURATION = (  # ...and the words after it
    (re.compile(r"^(?:\s|-long\s)?(?:intervals?|apart|of\s(?:each\sother|one\sanother))\b", re.I), {"interval"}),
    (re.compile(r"^\s(?:later|after(?:wards?)?)\b", re.I), {"after"}),
    (re.compile(r"^\s(?:ago|earlier|before)\b", re.I), {"before"}),
)


POINT_IN_TIME = frozenset({"before", "after"})  # the relations that place an event before or after another
# "X came three weeks after Y" says Y was three weeks before X: a Korean that tells of Y (3주 전에도 ... 테러가 있었다)
# relates the same two events from the other end, so "after" there renders 전 as well as 후
_EN_CAME = re.compile(r"\b(?:came|comes|come|occurred|occurs|happened|happens|took place|takes place|followed|follows)"
                      r"\s(?:just\s|only\s|barely\s|about\s|some\s|nearly\s|almost\s|more\sthan\s|less\sthan\s)?$",
                      re.I)
_EN_EVENT_AFTER = re.compile(r"^\s(?:after|before)\s\w", re.I)


def korean_durations(text: str) -> tuple[Duration, ...]:
    """The Korean's durations that a relation word follows (70분 간격으로, 4일 동안, 23년째, 3일 만에, 사흘 전)."""
    out = []
    for m in _KO_DURATION.finditer(text):
        digits, native, unit, word, relation = m.groups()
        if word:
            value, name = _KO_DURATION_WORDS[word]
        else:
            value, name = (float(digits) if digits else _KO_NATIVE[native]), _KO_DURATION_UNIT[unit]
        out.append(Duration(float(value), name, frozenset(_KO_RELATION[relation]), m.span()))
    return tuple(out)


def english_durations(text: str) -> tuple[Duration, ...]:
    """The English's durations with a relation word before or after them ("every 70 minutes", "within a span of 70
    minutes", "for four days", "three days later", "at 70-minute intervals")."""
    out = []
    for m in _EN_DURATION.finditer(text):
        number, unit = m.group(1).lower(), m.group(2).lower()
        value = 1.0 if number in ("a", "an") else float(_EN_NUMBER_WORDS.get(number) or number)
        tail, head = text[m.end():m.end() + 24], text[max(0, m.start() - 40):m.start()]
        # both where both are there ("within 10 minutes of each other"; "in two months after the rate rose", whose
        # "after" may open the next clause): a reading is flagged only where no relation it can have agrees
        relations = set().union(next((r for pattern, r in _EN_AFTER_DURATION if pattern.match(tail)), ()),
                                next((r for pattern, r in _EN_BEFORE_DURATION if pattern.search(head)), ()))
        if relations & POINT_IN_TIME and _EN_CAME.search(head) and _EN_EVENT_AFTER.match(tail):
            relations |= POINT_IN_TIME  # "the attack came three weeks after a bombing": the bombing three weeks before
        if relations:
            out.append(Duration(value, unit, frozenset(relations), m.span()))
    return tuple(out)


# A period a figure covers, as the months it spans: 1~9월 (누적) is January to September, 1~3분기 the same, "the
# first nine months" and "the January-September period" too; a single month or quarter ("September", "the third
# quarter") is a period of its own. A Korean span of months told as one of its months ("exports in September" for
# 1~9월 누적 수출) is a date narrowed: the figure is the whole span's.
@dataclass(frozen=True, slots=True)
class Period:
    first: int | None  # month; None where the English leaves it open ("cumulative")
    last: int | None
    span: tuple[int, int]

    def words(self) -> str:
        """The months it spans, as an editor reads them: "January to September"."""
        return " to ".join(_MONTH_WORDS[m - 1].split()[0].capitalize() if m else "open"
                           for m in (self.first, self.last))


_KO_MONTH_SPAN = re.compile(r"(?<![\d.])(1[0-2]|[1-9])\s?(?:월\s?)?(?:[~∼〜–-]|부터)\s?(1[0-2]|[1-9])\s?월(?:\s?까지)?")
_KO_QUARTER_SPAN = re.compile(r"(?<![\d.])([1-4])\s?(?:분기\s?)?(?:[~∼〜–-]|부터)\s?([1-4])\s?분기(?:\s?까지)?")
_EN_MONTH = (r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|"
             r"Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_EN_MONTH_SPAN = re.compile(_EN_MONTH + r"\s?(?:-|–|—|to|through|thru|until|and)\s?" + _EN_MONTH)
_EN_COUNT = r"(two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
_EN_FIRST_MONTHS = re.compile(r"\bfirst\s+" + _EN_COUNT + r"\s+months\b", re.I)
_EN_MONTHS_TO = re.compile(r"\b" + _EN_COUNT + r"\s+months\s+(?:through|to|ending|ended|until)\s+" + _EN_MONTH, re.I)
_EN_FIRST_QUARTERS = re.compile(r"\bfirst\s+(two|three)\s+quarters\b", re.I)
_EN_HALF = re.compile(r"\b(first|second)[\s-]half\b|\b(H[12])\b", re.I)
_EN_QUARTER = re.compile(r"\b(first|second|third|fourth)[\s-]quarter\b|\bQ([1-4])\b", re.I)
_EN_TO_DATE = re.compile(r"\b(?:year[\s-]to[\s-]date|so\s+far\s+this\s+year|since\s+the\s+start\s+of\s+the\s+year|"
                         r"the\s+year\s+to|this\s+year\s+(?:through|until|to))\b", re.I)
_EN_UP_TO = re.compile(r"\b(?:through|thru|until|up\s+to|as\s+of)\s+(?:the\s+end\s+of\s+)?" + _EN_MONTH)
_EN_OPEN = re.compile(r"\b(?:cumulative(?:ly)?|combined|in\s+total|altogether|accumulated)\b", re.I)
_EN_LONE_MONTH = re.compile(r"\b" + _EN_MONTH + r"(?![\s,]+\d)")  # a month, not a day of it (September 5)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _month_of(word: str) -> int:
    return _MONTHS_EN[word.lower().rstrip(".")]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _EN_NUMBER_WORDS[word.lower()]


@lru_cache(maxsize=4096)
def korean_spans(text: str) -> tuple[Period, ...]:
    """The spans of months a Korean text gives: 1~9월, 1월부터 9월까지, 1~3분기 (January to September)."""
    spans = [Period(int(m[1]), int(m[2]), m.span()) for m in _KO_MONTH_SPAN.finditer(text) if int(m[1]) < int(m[2])]
    spans += [Period(3 * int(m[1]) - 2, 3 * int(m[2]), m.span()) for m in _KO_QUARTER_SPAN.finditer(text)
              if int(m[1]) < int(m[2])]
    return tuple(sorted(spans, key=lambda p: p.span))


@lru_cache(maxsize=4096)
def english_periods(text: str) -> tuple[Period, ...]:
    """The periods an English text gives, spans and single months or quarters: "the January-September period",
    "the first nine months", "year to date" (from January), "cumulative" (open), "September", "the third quarter"."""
    found: list[Period] = []

    def add(first: int | None, last: int | None, span: tuple[int, int]) -> None:
        if not any(p.span[0] < span[1] and span[0] < p.span[1] for p in found):
            found.append(Period(first, last, span))

    for m in _EN_MONTH_SPAN.finditer(text):
        add(_month_of(m[1]), _month_of(m[2]), m.span())
    for m in _EN_MONTHS_TO.finditer(text):
        last = _month_of(m[2])
        add(last - _number(m[1]) + 1, last, m.span())
    for m in _EN_FIRST_MONTHS.finditer(text):
        add(1, _number(m[1]), m.span())
    for m in _EN_FIRST_QUARTERS.finditer(text):
        add(1, 3 * _number(m[1]), m.span())
    for m in _EN_HALF.finditer(text):
        second = (m[1] or m[2]).lower() in ("second", "h2")
        add(7 if second else 1, 12 if second else 6, m.span())
    for m in _EN_QUARTER.finditer(text):
        quarter = _QUARTER_WORDS[m[1].lower()] if m[1] else int(m[2])
        add(3 * quarter - 2, 3 * quarter, m.span())
    for m in _EN_TO_DATE.finditer(text):
        add(1, None, m.span())
    for m in _EN_UP_TO.finditer(text):  # "exports through September": the year's, up to that month
        add(None, _month_of(m[1]), m.span())
    for m in _EN_OPEN.finditer(text):
        add(None, None, m.span())
    for m in _EN_LONE_MONTH.finditer(text):
        add(_month_of(m[1]), _month_of(m[1]), m.span())
    return tuple(sorted(found, key=lambda p: p.span))


def span_narrowed(ko_text: str, en_text: str) -> tuple[Period, Period] | None:
    """A Korean span of months the English gives as a shorter period within it, and no period that renders it:
    1~9월 as "September", 1~3분기 as "the third quarter". An open English period ("cumulative", "year to date" from
    January) renders any span it can be."""
    ko = korean_spans(ko_text)
    en = english_periods(en_text) if ko else ()
    for k in ko:
        if any((e.first is None or e.first == k.first) and (e.last is None or e.last == k.last) for e in en):
            continue
        inside = [e for e in en if e.first is not None and e.last is not None and k.first <= e.first and
                  e.last <= k.last and (e.first, e.last) != (k.first, k.last)]
        if inside:
            return k, inside[0]
    return None
