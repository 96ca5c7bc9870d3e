"""The QE checks: each a small class with a name, a version and its config, from a `SegmentPair` to flags with
spans on both sides. They reason about content (figures, dates, names, polarity, completeness), which is what an
embedding score cannot do: USE scores "order more than 20 H200 units" higher against 20만개 than "200,000".

Checks are registered in `CHECKS` by name; the ones that need the encoder get it as `embed` (texts -> unit
vectors) from the estimator that builds them.

Room: part of the QE stage. May import `config`, `records` and the rest of `qe/`; no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import numpy as np

from ..config import QEConfig
from ..morph import morphemes
from ..records import Flag, FlagType, SegmentPair
from .connectives import CONNECTIVE_WORDS, connectives
from .contrasts import CONTRAST_WORDS, contrasts
from .figures import (
    CURRENCIES,
    MEASURES,
    Figure,
    FigureIndex,
    FigureMatch,
    english_bound,
    english_figures,
    english_vague,
    in_metric,
    korean_figures,
    korean_vague,
    magnitude_slip,
    match_figures,
    same_value,
    units_agree,
)
from .finance import (
    BASE_WORDS,
    BASIS_WORDS,
    METRIC_WORDS,
    MOMENT_WORDS,
    PROFITS,
    Term,
    comparison_bases,
    financial_metrics,
    market_moments,
    reporting_bases,
    swapped,
    unspecified_profit,
)
from .names import (
    Gazetteer,
    NameMention,
    english_names,
    korean_names,
    person_mismatch,
    person_renders,
    similar,
)
from .temporal import (
    POINT_IN_TIME,
    agree,
    confirms,
    english_durations,
    english_times,
    korean_durations,
    korean_times,
    parse_published,
    related,
    season_misread,
    span_narrowed,
)
from .titles import rank_moved, state_office_swapped, titles

Embed = Callable[[list[str]], np.ndarray]
# A text with each span left out in turn, as unit vectors, in time that grows with the text; None where it cannot
EmbedWithout = Callable[[str, list[tuple[int, int]]], "np.ndarray | None"]
_HANGUL_RUN = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]+(?:[\s·][가-힣]+)*")
_UNIT_WORDS = {"krw": "won", "usd": "dollars", "jpy": "yen", "eur": "euros", "cny": "yuan", "pct": "percent",
               "pp": "percentage points", "times": "times", "level": "level", "rank": "rank", "years": "years",
               "months": "months", "fraction": "fraction", "": "a count", "ordinal": "an ordinal"}


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:g}"


class Check:
    """A QE check. Subclasses set `name` and `version` and implement `__call__`."""

    name = ""
    version = 1

    def __init__(self, cfg: QEConfig, gazetteer: Gazetteer | None = None, embed: Embed | None = None,
                 embed_without: EmbedWithout | None = None) -> None:
        self.cfg = cfg
        self.gazetteer = gazetteer
        self.embed = embed
        self.embed_without = embed_without

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"

    def flag(self, type_: FlagType, message: str, ko_span=None, en_span=None, severity: float = 1.0) -> Flag:
        return Flag(type_, self.tag, message, tuple(ko_span) if ko_span else None,
                    tuple(en_span) if en_span else None, severity)

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        raise NotImplementedError


class _WithMTEvidence(Check):
    """A check that compares something on the two sides (figures, dates, names) and, given the Korean's machine
    translation, weighs each flag by it: English against English is read far more surely than Korean against
    English. A flag whose Korean reading the MT gives (and whose English one it does not) is confirmed; one where
    the MT reads the Korean as the human did is halved, since then our reading of the Korean is the likelier
    mistake. Where the sides agree but the MT and the English differ, `mt_only` may flag at review strength."""

    def compare(self, pair: SegmentPair) -> list[Flag]:
        raise NotImplementedError

    def readings(self, pair: SegmentPair, flag: Flag) -> tuple[bool, bool]:
        """Whether the MT gives the flagged Korean item, and whether it gives the flagged English one."""
        raise NotImplementedError

    def mt_only(self, pair: SegmentPair) -> list[Flag]:
        return []

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        flags = self.compare(pair)
        if not pair.mt:
            return flags
        return [self._weigh(pair, f) for f in flags] or self.mt_only(pair)

    def _weigh(self, pair: SegmentPair, flag: Flag) -> Flag:
        if flag.ko_span is None or flag.en_span is None:
            return flag
        ko_in_mt, en_in_mt = self.readings(pair, flag)
        if ko_in_mt and not en_in_mt:
            return replace(flag, message=f"{flag.message}; the MT agrees with the Korean", severity=1.0)
        if en_in_mt and not ko_in_mt:
            return replace(flag, message=f"{flag.message}; but the MT reads the Korean as the English does",
                           severity=round(flag.severity / 2, 3))
        return flag


def remainders(text: str, cuts: list[tuple[int, int]]) -> list[str]:
    """`text` with each span cut out in turn."""
    return [(text[:a] + " " + text[b:]).strip() for a, b in cuts]


class Untranslated(Check):
    """Hangul left in the English text."""

    name = "untranslated"

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        flags = []
        for m in _HANGUL_RUN.finditer(pair.en):
            at = pair.ko.find(m.group().split()[0])
            flags.append(self.flag("untranslated", f"Korean left in the English: {m.group()!r}",
                                   (at, at + len(m.group().split()[0])) if at >= 0 else None, m.span()))
        return flags


_KO_COMPLETE = re.compile(r"(?:[다요죠까]|[.!?…\"”'’)\]])\s*$")
_EN_TERMINAL = re.compile(r"[.!?…\"”'’)\]]\s*$")
# Words no sentence ends on, punctuation or not ("... said that the company would.")
# What is bad to have: cutting it is a gain ("to help reduce pollution" for 공기 개선, air improvement), so a falling
# word with one of these as its object is no reversal of a rising one.
_EN_HARM_AFTER = re.compile(
    r"\s(?:the\s|its\s|their\s)?(?:\w+\s)?(?:pollution|emissions?|smog|risks?|losses|deficits?|debts?|costs?|"
    r"unemployment|inflation|crime|congestion|waste|poverty|casualties|deaths|accidents|delays|burden|uncertainty)\b",
    re.I)
_EN_DANGLING = re.compile(r"\b(?:the|a|an|and|or|but|which|whose|its|their|than|whether|because|if)\W*$", re.I)
# ...and words a sentence stops on only when it is cut: with no closing punctuation at all. A form of "be" or
# "have" closes an embedded clause ("that's just the way it is.", "where the shelters were.") as often as a cut
# sentence stops on one; a preposition or a modal closes one as well ("what are you looking for?", "while they
# can.", "I saw her.").
_EN_DANGLING_BARE = re.compile(
    r"\b(?:of|to|will|would|could|can|should|must|his|her|such|into|from|with|by|for|"
    r"in|on|at|as|about|over|starting|including|while|when|that|this|these|those|some|more|less|not|also|"
    r"may|might|said that|says that|is|are|was|were|be|been|has|have|had|do|does|did|under|after|before|between|"
    r"among|against|toward|towards|through|within|across|despite|during|amid|via|per|nor|every|each|any|our|your|"
    r"my|who|whom|whereas|although|though|unless|until|since|so that|rather than|such as|according to|he|she|they|"
    r"we|very|both|either|neither|not only|whether)\W*$", re.I)
# A sentence with no closing punctuation that stops on a mark of a phrase going on (a comma, colon, semicolon, dash,
# an opening bracket or quote), or that starts half way (in lower case, or on a comma): cut, not just unpunctuated.
_KO_AS_FOLLOWS = re.compile(r"(?:다음|아래)과\s?같")  # the Korean announces what follows: a colon is its place
_EN_SALUTATION = re.compile(r"(?:Dear|To|Hi|Hello)\s[^,;:]{1,40}[,:]$")  # a letter's opening line
_EN_CUT_END = re.compile(r"(?:[,;:(\[{“‘-]|--|[–—])\s*$")
# (a name's lower-case particle starts a sentence: "bin Laden said", "de Klerk", "van Gogh's")
_EN_CUT_START = re.compile(r"^\s*(?:[,;:]|(?!(?:de|da|di|du|del|della|der|den|van|von|bin|ibn|al|el|le|la|dos|das|"
                           r"ter|ten)\s+[A-Z])[a-z]+(?=[\s,])|"
                           # ...or inside a bracket, closed before any opens ("45 a.m. ET), the death toll"): words,
                           # not a list's "1)" or "a)"
                           r"[^()\s][^()]{0,40}?\s[^()]{0,40}?\)(?=[\s,;:.]))")
# A Korean line that starts half way: on a mark that continues a phrase, or on Latin in lower case.
_KO_FRAGMENT_START = re.compile(r"[,;:·)\]]|[a-z]")
# ...or that trails off in a phrase tacked on after a comma (", triggering a rock slide", ", which", ", including"):
# such a phrase runs on, and a line that stops in one unpunctuated is one cut there.
_EN_TRAILING_PHRASE = re.compile(r",\s+(?:\w+ing|which|who|whose|where|including|such as|with|as|while|after|before|"
                                 r"adding|saying|according to|from|to)\b[^,;:]*$", re.I)


def mt_rival(pair: SegmentPair, e: Figure) -> Figure | None:
    """The one figure of the MT that stands where the English figure `e` does: same unit, a value neither `e` nor
    any other English figure has, while the MT nowhere gives `e`'s value."""
    if not pair.mt or e.weak:
        return None
    mt = [m for m in english_figures(pair.mt) if not m.weak]
    if any(same_value(e.value, m.value) for m in mt):
        return None
    en = [x for x in english_figures(pair.en) if not x.weak]
    rivals = [m for m in mt if units_agree(m.unit, e.unit) and not any(same_value(m.value, x.value) for x in en)]
    return rivals[0] if len(rivals) == 1 else None


class Truncation(Check):
    """The English stops half way while the Korean is complete: a last word that cannot end a sentence ("... said
    that the company would"), or no closing punctuation where the English also shows it is cut (a comma, colon or
    dash last, a start in lower case, a phrase tacked on after a comma that trails off, far less text than the
    Korean warrants). A complete sentence that only lacks its period ("The market remains uneasy", as real corpora
    often print it) is not cut."""

    name = "truncation"
    version = 6  # issue 14's readings of real translations; a clause's worth short, a salutation; bin Laden; a
    # straight quote left open, a start inside a bracket; figures both sides write alike counted as they are

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.ko or not pair.en:
            return []
        en = pair.en.rstrip()
        closed = _EN_TERMINAL.search(en) is not None
        dangling = _EN_DANGLING.search(en) or (None if closed else _EN_DANGLING_BARE.search(en))
        announced = (en.endswith(":") and _KO_AS_FOLLOWS.search(pair.ko) is not None) or \
            _EN_SALUTATION.match(en) is not None  # "left this note:", "Dear Bob,"
        unfinished = pair.role == "body" and not closed and not announced and \
            _KO_COMPLETE.search(pair.ko.rstrip()) is not None and \
            (_EN_CUT_END.search(en) is not None or _EN_CUT_START.match(en) is not None or self._open(en) or
             _EN_TRAILING_PHRASE.search(en) is not None or self._short(pair))
        if not (dangling or unfinished):
            return self._cut_start(pair, en) if pair.role == "body" and closed else []
        tail = dangling.span() if dangling else (max(0, len(en) - 12), len(en))
        last_ko = pair.ko.rstrip()
        return [self.flag("truncation", f"the English stops at {en[tail[0]:tail[1]]!r} while the Korean goes on",
                          (max(0, len(last_ko) - 12), len(last_ko)), tail)]

    def _cut_start(self, pair: SegmentPair, en: str) -> list[Flag]:
        """A closed English line that starts half way (in lower case, or on a comma) while the Korean starts a
        sentence of its own: the English lost its opening. When the Korean starts half way too, both are fragments
        of one split sentence and nothing is missing here."""
        start = _EN_CUT_START.match(en)
        ko = pair.ko.lstrip()
        if start is None or not ko or _KO_FRAGMENT_START.match(ko):
            return []
        head = pair.ko.find(ko[:1])
        return [self.flag("truncation", f"the English starts half way, at {en[start.start():start.end() + 12]!r}, "
                          "while the Korean starts a sentence", (head, min(len(pair.ko), head + 12)),
                          (start.start(), min(len(en), start.end() + 12)))]

    def _short(self, pair: SegmentPair) -> bool:
        """Far shorter than the Korean warrants (two deviations and more, and a clause's worth of characters): the
        Korean goes on where it stops."""
        z = length_z(pair, self.cfg)
        return z is not None and z <= -2.0 and -length_off(pair, self.cfg) >= self.cfg.length_chars

    @staticmethod
    def _open(en: str) -> bool:
        """A bracket or a quote opened and never closed (curly, or an odd count of straight ones): the sentence
        stops inside it."""
        return en.count("(") > en.count(")") or en.count("“") > en.count("”") or en.count('"') % 2 == 1


_STATED_UNITS = {"pct", "pp", "times", *MEASURES.values()}
_BOUND = {"over": "a lower bound (that or more)", "more": "a lower bound (that many and more)",
          "under": "an upper bound (that or less)"}
_UNIT_AFTER = re.compile(r"[^.;]{0,40}?(?:%|percent|points?|times|fold|" + "|".join(
    re.escape(u) for u in MEASURES if u.isascii()) + r")(?![A-Za-z])", re.I)


def _unit_nearby(text: str, end: int) -> bool:
    """A unit written once for several figures ("35 and 40 percent", "50 to 60 tons")."""
    return _UNIT_AFTER.match(text, end) is not None


# A sum over a span of years, and the words that make a figure a year's: 5년간, 향후 5년 동안, 5년에 걸쳐 against
# 연간, 매년, 해마다, 연평균; "a year", "per year", "annually", "each year" right after an English sum
_KO_YEARS_SPAN = re.compile(r"(?<![\d.])\d+\s?년\s?(?:간|동안|에\s?걸쳐)")
_KO_PER_YEAR = re.compile(r"연간|매년|해마다|연평균|년마다|(?<![가-힣])연\s?\d")
_EN_PER_YEAR = re.compile(r"[^.;,]{0,20}?\b(?:a|per|each|every)\s+year\b(?!\s+(?:earlier|ago|before|later|after|"
                          r"from|on))|[^.;,]{0,20}?\bannually\b", re.I)


class NumberConsistency(_WithMTEvidence):
    """Figures normalised on both sides (20만개 = 200,000; 1조2000억원 = 1.2 trillion won; 0.25%p = 0.25 percentage
    points): a figure that differs, a slip of magnitude, a changed unit or %p rendered as %."""

    name = "number"
    version = 11  # issue 14: conversions, years, 구조대; 40만년, 2할6푼8리, 3분의 1, 12일 만에, "no fewer than"; 배럴;
    # 여 is a lower bound; currency codes and W before a figure; "one in three"; "a dozen"; a rise as a multiple;
    # a share as a fraction against percent, and as another share; 10여 as "about a dozen"; 3명 as "four people",
    # 2위 as "third"; 12일 전 counts days; a range's scale written once (3~4조, "3 to 4 million"); 2천여 명; 9초58

    def compare(self, pair: SegmentPair) -> list[Flag]:
        match = match_figures(pair.ko, pair.en)
        flags: list[Flag] = []
        en_left = match.en_unmatched
        for k in match.ko_unmatched:
            flag = self._explain(pair, k, en_left, match)
            if flag is not None:
                flags.append(flag)
        for i, j in match.pairs:
            k, e = match.ko[i], match.en[j]
            if k.unit in _STATED_UNITS and not e.unit and not e.weak and not _unit_nearby(pair.en, e.span[1]):
                flags.append(self.flag("number", f"{k.text(pair.ko)} loses its unit in the English: "
                                       f"{e.text(pair.en)}", k.span, e.span))
            elif (k.approx in ("over", "more") and e.approx == "under") or (k.approx == "under" and e.approx == "over"):
                words = english_bound(pair.en, e.span[0])[1]
                flags.append(self.flag("number", f"{k.text(pair.ko)} is {_BOUND[k.approx]}, but the English "
                                       f"'{words} {e.text(pair.en)}' is {_BOUND[e.approx]}", k.span, e.span, 0.6))
        return flags or self._vague(pair) or self._total_as_rate(pair, match)

    def _total_as_rate(self, pair: SegmentPair, match: FigureMatch) -> list[Flag]:
        """A sum over a span of years (5년간 2조원: two trillion won in all) that the English gives per year ("2
        trillion won a year for five years"): the same figure, five times the money. Read only where the Korean
        spans years and says nothing of a year's share (연간, 매년, 해마다)."""
        span = _KO_YEARS_SPAN.search(pair.ko)
        if span is None or _KO_PER_YEAR.search(pair.ko) is not None:
            return []
        for i, j in match.pairs:
            k, e = match.ko[i], match.en[j]
            per = _EN_PER_YEAR.match(pair.en, e.span[1]) if k.unit in CURRENCIES else None
            if per is not None:
                return [self.flag("number", f"{k.text(pair.ko)} over {pair.ko[slice(*span.span())]} is a total; the "
                                  f"English gives it per year: {pair.en[e.span[0]:per.end()]!r}", k.span,
                                  (e.span[0], per.end()))]
        return []

    def _vague(self, pair: SegmentPair) -> list[Flag]:
        """An order of magnitude given in words on both sides: 수십억 (billions) rendered "millions". A currency
        converted on the way (수십억 원 as "millions of dollars") is not compared."""
        ko, en = korean_vague(pair.ko), english_vague(pair.en)
        if len(ko) != 1 or len(en) != 1:
            return []
        k, e = ko[0], en[0]
        if k.power == e.power or (k.currency and e.currency and k.currency != e.currency):
            return []
        return [self.flag("number", f"{pair.ko[k.span[0]:k.span[1]]} (10^{k.power}) is rendered as "
                          f"{pair.en[e.span[0]:e.span[1]]!r} (10^{e.power})", k.span, e.span)]

    def readings(self, pair: SegmentPair, flag: Flag) -> tuple[bool, bool]:
        k = next((f for f in korean_figures(pair.ko) if f.span == flag.ko_span), None)
        e = next((f for f in english_figures(pair.en) if f.span == flag.en_span), None)
        mt = english_figures(pair.mt or "")

        def given(figure: Figure | None) -> bool:
            return figure is not None and any(same_value(figure.value, m.value) and units_agree(figure.unit, m.unit)
                                              for m in mt)

        return given(k), given(e)

    def mt_only(self, pair: SegmentPair) -> list[Flag]:
        """An English figure that neither the Korean (as read) nor the MT gives, where the MT gives another of the
        same unit that the English lacks: 열두 명 read as nothing, MT "12 employees", English "20 employees"."""
        for e in match_figures(pair.ko, pair.en).en_unmatched:
            m = mt_rival(pair, e)
            if m is not None:
                return [self.flag("number", f"the English gives {e.text(pair.en)} where the MT of the Korean gives "
                                  f"{m.text(pair.mt or '')}", None, e.span, 0.7)]
        return []

    def _explain(self, pair: SegmentPair, k: Figure, en_left: list[Figure], match: FigureMatch) -> Flag | None:
        ko_text, en_all = k.text(pair.ko), match.en
        for e in en_all:  # the same value in another unit: %p as %, won as dollars
            if same_value(k.value, e.value) and not units_agree(k.unit, e.unit):
                if k.unit == "pp" and e.unit == "pct":
                    why = f"{ko_text} is percentage points, the English says percent ({e.text(pair.en)})"
                else:
                    why = f"{ko_text} is in {_UNIT_WORDS.get(k.unit, k.unit)}, the English says " \
                          f"{e.text(pair.en)} ({_UNIT_WORDS.get(e.unit, e.unit)})"
                if e in en_left:
                    en_left.remove(e)
                return self.flag("number", why, k.span, e.span)
        k_metric = in_metric(k)
        for e in en_left:  # a measure converted wrongly: 30평 (99 m2) as 130 square meters, 10 km as 10 miles
            e_metric = in_metric(e)
            if k.unit in MEASURES.values() and e.unit != k.unit and e_metric[1] == k_metric[1]:
                en_left.remove(e)
                return self.flag("number", f"{ko_text} is {_fmt(float(f'{k_metric[0]:.3g}'))} {k_metric[1]}, the "
                                 f"English says {e.text(pair.en)} ({_fmt(float(f'{e_metric[0]:.3g}'))} "
                                 f"{e_metric[1]})", k.span, e.span)
        percents = ("pp", "pct")
        candidates = [e for e in en_left if units_agree(k.unit, e.unit) or (k.unit in percents and e.unit in percents)
                      or {k.unit, e.unit} == _SHARES]
        if not candidates:  # a weak figure of the same unit: 0.25%p as "half a point", 3분의 1 as "one in four"
            candidates = _weak_renderings(k, match)
        if not candidates:
            return None
        shares = [e for e in candidates if {k.unit, e.unit} == _SHARES]
        if shares and len(shares) == len(candidates):  # 절반 as "15%": both in percent, no slip of magnitude
            e = shares[0]
            if e in en_left:
                en_left.remove(e)
            return self.flag("number", f"{_with_value(ko_text, k)} is rendered as {_with_value(e.text(pair.en), e)}",
                             k.span, e.span)
        slips = [(e, magnitude_slip(k.value, e.value)) for e in candidates]
        slips = [(e, s) for e, s in slips if s]
        if slips:
            e, power = slips[0]
            if e in en_left:
                en_left.remove(e)
            return self.flag("number", f"{ko_text} is {_fmt(k.value)}, the English says "
                             f"{_with_value(e.text(pair.en), e)}: off by a factor of {10 ** abs(power):,}", k.span,
                             e.span)
        e = min(candidates, key=lambda c: abs(math.log((abs(c.value) + 1e-9) / (abs(k.value) + 1e-9))))
        if e in en_left:
            en_left.remove(e)
        return self.flag("number", f"{_with_value(ko_text, k)} is rendered as {_with_value(e.text(pair.en), e)}",
                         k.span, e.span)


class DateConsistency(_WithMTEvidence):
    """Days, months, years, quarters, halves and clock times, resolved against the article's publication date
    (지난해 7월 = July 2025 in a 2026 article): a mention that the English renders as another date."""

    name = "date"
    version = 7  # issue 14: seasons, a season word read in its other sense; a relative week, month or year; 12 a.m.;
    # a span of months told as one of its months or quarters; 연내; 3.1절; a dated dateline ("SEOUL, Aug. 29 (Yonhap)")

    def readings(self, pair: SegmentPair, flag: Flag) -> tuple[bool, bool]:
        published = parse_published(pair.published)
        k = next((t for t in korean_times(pair.ko, published) if t.span == flag.ko_span), None)
        e = next((t for t in english_times(pair.en, published) if t.span == flag.en_span), None)
        mt = english_times(pair.mt or "", published)
        return (k is not None and any(confirms(k, m) for m in mt),
                e is not None and any(confirms(e, m) for m in mt))

    def compare(self, pair: SegmentPair) -> list[Flag]:
        published = parse_published(pair.published)
        ko, en = korean_times(pair.ko, published), english_times(pair.en, published)
        for k in ko:
            misread = season_misread(k, pair.en, en)
            if misread:
                return [self.flag("date", f"{k.text(pair.ko)} is a season; the English {pair.en[slice(*misread)]!r} "
                                  "is not", k.span, misread, 0.8)]
        narrowed = span_narrowed(pair.ko, pair.en)
        if narrowed is not None:  # 1~9월 누적 as "in September"
            k_span, e_span = narrowed
            return [self.flag("date", f"{pair.ko[slice(*k_span.span)]} ({k_span.words()}) is rendered as "
                              f"{pair.en[slice(*e_span.span)]!r}, a shorter period within it", k_span.span,
                              e_span.span, 0.8)]
        if not ko or not en:
            return []
        en_matched = {j for j, e in enumerate(en) if any(confirms(e, k) for k in ko)}
        flags = []
        for k in ko:
            if any(confirms(k, e) for e in en):
                continue
            rivals = [e for j, e in enumerate(en) if j not in en_matched and related(k, e)]
            if rivals:
                e = rivals[0]
                en_matched.add(en.index(e))
                flags.append(self.flag("date", f"{k.text(pair.ko)} is rendered as {e.text(pair.en)!r}", k.span, e.span))
        for j, e in enumerate(en):  # an English date that every Korean date of its kind contradicts
            near = [k for k in ko if related(k, e)]
            if j in en_matched or flags or not near or any(agree(k, e) for k in near):
                continue
            k = near[0]
            flags.append(self.flag("date", f"{e.text(pair.en)!r} matches no date of the Korean ({k.text(pair.ko)})",
                                   k.span, e.span, 0.8))
        return flags


_RELATION_PHRASES = {"interval": "every {}", "span": "for {}", "within": "within {}", "after": "{} after",
                     "before": "{} before"}


class DurationRelation(Check):
    """A duration both sides give, related to the event otherwise: 70분 간격으로 (every 70 minutes) as "within a span of
    70 minutes", 4일 동안 (for four days) as "after four days". The figure agrees and what it says does not: its type
    is `meaning` (what is said differs), as the hand-labelled real pairs type it, and `date` where both sides place
    a point in time, one before and one after (3일 전 as "three days later": the time it happened moved)."""

    name = "duration"
    version = 5  # issue 14: "X came three weeks after Y" relates Y to X from the other end; a unit changed; 새,
    # 사이 and "a week"; a count of days in one word (사흘, 열흘) and 일주일

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.ko or not pair.en:
            return []
        ko = korean_durations(pair.ko)
        en = english_durations(pair.en) if ko else ()
        said = {(d.value, d.unit) for d in ko}
        told = {(d.value, d.unit) for d in en}
        for k in ko:  # 3년 만에 as "in three months": the count kept, its unit changed
            other = next((e for e in en if e.value == k.value and e.unit != k.unit and (e.value, e.unit) not in said
                          and (k.value, k.unit) not in told), None)
            if other is not None:
                return [self.flag("date", f"{pair.ko[k.span[0]:k.span[1]]} ({_fmt(k.value)} {k.unit}"
                                  f"{'' if k.value == 1 else 's'}) is rendered as "
                                  f"{pair.en[other.span[0]:other.span[1]]!r}", k.span, other.span, 0.8)]
        for k in ko:
            same = [e for e in en if e.value == k.value and e.unit == k.unit]
            if same and not any(k.relations & e.relations for e in same):
                e = same[0]
                length = f"{_fmt(k.value)} {k.unit}{'' if k.value == 1 else 's'}"
                said = " or ".join(_RELATION_PHRASES[r].format(length) for r in sorted(k.relations))
                rendered = " or ".join(_RELATION_PHRASES[r].format("").strip() for r in sorted(e.relations))
                kind = "date" if k.relations | e.relations <= POINT_IN_TIME else "meaning"
                return [self.flag(kind, f"{pair.ko[k.span[0]:k.span[1]]} ({said}) is related otherwise in the "
                                  f"English: {pair.en[e.span[0]:e.span[1]]!r} ({rendered})", k.span, e.span, 0.8)]
        return []


class _TermSwap(_WithMTEvidence):
    """A check of terms both sides name (a comparison base, a metric, a title): the flag of a Korean term rendered as
    another, and the MT's evidence read by the kinds of the terms it names."""

    readers: tuple[Callable[[str, bool], tuple[Term, ...]], ...] = ()
    flag_type: FlagType = "meaning"

    @staticmethod
    def swap_of(pair: SegmentPair, read: Callable[[str, bool], tuple[Term, ...]],
                group: Callable[[str], str] | None = None) -> tuple[Term, Term] | None:
        """The Korean term `read` finds that the English renders as another of its kinds (`finance.swapped`)."""
        ko = read(pair.ko, False)
        return swapped(ko, read(pair.en, True), group=group) if ko else None

    def swap_flag(self, pair: SegmentPair, k: Term, e: Term, said: str, told: str = "") -> Flag:
        return self.flag(self.flag_type, f"{pair.ko[slice(*k.span)]} ({said}) is rendered as "
                         f"{pair.en[slice(*e.span)]!r}{f' ({told})' if told else ''}", k.span, e.span, 0.8)

    def readings(self, pair: SegmentPair, flag: Flag) -> tuple[bool, bool]:
        def terms(text: str, english: bool) -> tuple[Term, ...]:
            return tuple(t for read in self.readers for t in read(text, english))

        mt = {t.kind for t in terms(pair.mt or "", True)}
        return _kind_at(terms(pair.ko, False), flag.ko_span) in mt, _kind_at(terms(pair.en, True), flag.en_span) in mt


class ComparisonBase(_TermSwap):
    """The period a change is measured from, moved: 전년 동기 대비 (from a year earlier) as "from the previous
    quarter", 전월 대비 as "from a year earlier", 전 거래일보다 as "from a week earlier"; and the moment of a market
    session a level is read at (`finance.market_moments`): 장중 한때 (at one point in the session) as "closed". Both
    sides must name one (`finance.comparison_bases`) and each one the other lacks; a base the English adds beside
    the Korean's is no move. Its type is `date`: a relative date or a time moved."""

    name = "base"
    version = 2  # issue 14: the moment of a session
    readers = (comparison_bases, market_moments)
    flag_type = "date"

    def compare(self, pair: SegmentPair) -> list[Flag]:
        for read, told in ((comparison_bases, lambda kind: f"against {BASE_WORDS[kind]}"),
                           (market_moments, MOMENT_WORDS.get)):
            moved = self.swap_of(pair, read)
            if moved is not None:
                return [self.swap_flag(pair, *moved, told(moved[0].kind))]
        return []


class Connective(_TermSwap):
    """A clause's relation to the rest turned round: a concession (에도 불구하고: despite) rendered as a cause
    ("because of"), or the reverse. Both sides must state one (`connectives.connectives`), each one the other lacks.
    Its type is `meaning`: every clause may be there, and why it happened is not."""

    name = "connective"
    version = 1
    readers = (connectives,)

    def compare(self, pair: SegmentPair) -> list[Flag]:
        moved = self.swap_of(pair, connectives)
        return [] if moved is None else [self.swap_flag(pair, *moved, CONNECTIVE_WORDS[moved[0].kind],
                                                        CONNECTIVE_WORDS[moved[1].kind])]


class Contrast(_TermSwap):
    """A term of an exclusive pair swapped for the other (`contrasts.contrasts`): 수출 (exports) as "imports", 여당
    (the ruling party) as "the opposition", 금리 as "the exchange rate", 징역 (prison) as "fined", 전세 as "monthly
    rent", 대기업 as "small companies", 탄도미사일 as "a cruise missile". Each contrast is compared on its own; both
    sides must name one of its terms and each one the other lacks. Its type is `meaning`: the figures and the
    direction may all agree, and what they are of does not."""

    name = "contrast"
    version = 1
    readers = (contrasts,)

    def compare(self, pair: SegmentPair) -> list[Flag]:
        moved = self.swap_of(pair, contrasts, group=lambda kind: kind.split(":")[0])
        if moved is None:
            return []
        said, told = (CONTRAST_WORDS[t.kind.split(":")[1]] for t in moved)
        return [self.swap_flag(pair, *moved, said, told)]


class FinancialMetric(_TermSwap):
    """A results report's metric rendered as another: 영업이익 (operating profit) as "net profit", 매출 (sales) as
    "operating profit", 순이익 as "operating income"; or its accounts (연결 기준 as "on a standalone basis"). Both
    sides must name one (`finance.financial_metrics`, `finance.reporting_bases`), each one the other lacks; a bare
    "profit" or "earnings" renders any kind of profit. Its type is `meaning`: the figure and its direction may agree,
    and what they measure does not."""

    name = "metric"
    version = 1
    readers = (financial_metrics, reporting_bases)

    def compare(self, pair: SegmentPair) -> list[Flag]:
        for read, words in ((financial_metrics, METRIC_WORDS), (reporting_bases, BASIS_WORDS)):
            ko = read(pair.ko, False)
            if not ko:
                continue
            anyway = PROFITS if read is financial_metrics and unspecified_profit(pair.en) else None
            moved = swapped(ko, read(pair.en, True), anyway)
            if moved is not None:
                return [self.swap_flag(pair, *moved, words[moved[0].kind])]
        return []


class TitleRank(_TermSwap):
    """A person's title moved a rank or an office: 차관 (vice minister) as "Finance Minister", 회장 as "Vice
    Chairman", 총리 as "President". Within one office (`titles.rank_moved`) the rank is compared where each side
    gives one rank only; across offices only a state's two heads, 대통령 and 총리, which no paper tells one as the
    other (a company's 회장 may be its "president"). Its type is `meaning`: who acted changes, as qe-real-dev types
    a referent changed."""

    name = "title"
    version = 1
    readers = (titles,)

    def compare(self, pair: SegmentPair) -> list[Flag]:
        ko = titles(pair.ko, False)
        if not ko:
            return []
        en = titles(pair.en, True)
        moved = rank_moved(ko, en) or state_office_swapped(pair.ko, ko, en)
        return [] if moved is None else [self.swap_flag(pair, *moved, moved[0].kind, moved[1].kind)]


def _kind_at(terms: tuple[Term, ...], span: tuple[int, int] | None) -> str | None:
    return next((t.kind for t in terms if t.span == span), None)


def _covered(mention: NameMention, others: list[NameMention]) -> bool:
    return any(mention.entries & o.entries for o in others)


class EntityConsistency(_WithMTEvidence):
    """Names of companies, institutions, places and people, and Latin-script tokens: flagged where the English
    puts another name in the place of the Korean one. A name the English leaves out ("the company") is not an
    entity error; the omission check weighs it."""

    name = "entity"
    version = 7  # issue 14's readings of real translations; 경제부총리 is a title; 유럽 연합 spaced; 미셸; a
    # place missing beside a new one is said as such, not as one rendered as the other; 김씨; a committee chair
    # (국무위원장, 비대위원장) and 국회의장 are titles

    def readings(self, pair: SegmentPair, flag: Flag) -> tuple[bool, bool]:
        if self.gazetteer is None:
            return False, False
        k = next((n for n in korean_names(pair.ko, self.gazetteer) if n.span == flag.ko_span), None)
        e = next((n for n in english_names(pair.en, self.gazetteer) if n.span == flag.en_span), None)
        mt_text = pair.mt or ""
        mt = english_names(mt_text, self.gazetteer)
        return (k is not None and self._rendered(k, mt, mt_text.lower()),
                e is not None and (any(e.entries & m.entries for m in mt) or
                                   re.search(r"(?<![a-z0-9])" + re.escape(pair.en[e.span[0]:e.span[1]].lower()) +
                                             r"(?![a-z0-9])", mt_text.lower()) is not None))

    def compare(self, pair: SegmentPair) -> list[Flag]:
        if self.gazetteer is None or not pair.ko or not pair.en:
            return []
        ko, en = korean_names(pair.ko, self.gazetteer), english_names(pair.en, self.gazetteer)
        en_text = pair.en.lower()
        # a place the dateline alone renders (영국 팝가수 in "LONDON, England (CNN) -- Singer ...") is rendered
        credit = english_names(pair.credit, self.gazetteer) if pair.credit else []
        ko_left = [k for k in ko if not self._rendered(k, en + credit, f"{en_text} {pair.credit.lower()}")]
        en_left = [e for e in en if e.kind != "word" and not self._sourced(e, ko, pair.ko)]
        flags = []
        for k in ko_left:
            rivals = [e for e in en_left if self._same_kind(k, e)]
            if rivals:
                e, why = self._closest(k, rivals)
                en_left.remove(e)
                ko_name, en_name = pair.ko[k.span[0]:k.span[1]], pair.en[e.span[0]:e.span[1]]
                # of two places, one missing and one new, real translations drop one and add the other more often
                # than they put one for the other (베이징 gone from "the day I arrived", "Sweden" added to who she is)
                said = f"{ko_name} is rendered as {en_name!r}{why}" if k.kind != "place" else \
                    f"{ko_name} is not in the English, and the English names {en_name!r}, which the Korean does not"
                flags.append(self.flag("entity", said, k.span, e.span))
        # Korean names that the English renders fewer times than the Korean gives them: where the English has a
        # name of its own besides, it may stand for one of them (평택 twice, "Pyeongtaek" once and "Giheung")
        fewer = ko_left + [k for k in ko if k.entries and sum(bool(k.entries & m.entries) for m in ko) >
                           sum(bool(k.entries & e.entries) for e in en + credit)]
        for e in en_left:  # a name the Korean never gives
            # a place of its own is more often explicitation ("the Silicon Valley of India", "in Toronto") than a
            # place put for another: flagged only where a Korean place goes unrendered
            same = [k for k in (fewer if e.kind == "place" else ko) if k.entries and self._same_kind(k, e)]
            if flags or not same or self._implicit(e):
                continue
            k = same[-1]
            flags.append(self.flag("entity", f"the English names {pair.en[e.span[0]:e.span[1]]!r}, which the Korean "
                                   f"does not (it names {pair.ko[k.span[0]:k.span[1]]})", k.span, e.span, 0.7))
        return flags

    @staticmethod
    def _closest(k: NameMention, rivals: list[NameMention]) -> tuple[NameMention, str]:
        """The English name that stands for a Korean one, and how they differ: for a person, the one whose family
        name or given name agrees, read syllable by syllable (민준 as "Min-jae": the syllable 준 is "jae")."""
        if k.kind != "person":
            return rivals[0], ""
        for e in rivals:
            why = person_mismatch(k.key, e.key)
            if why and not why.startswith(k.key):
                return e, f": {why}"
        return rivals[0], ""

    def _same_kind(self, k: NameMention, e: NameMention) -> bool:
        if k.kind == "person" or e.kind == "person":
            return k.kind == e.kind
        if "latin" in (k.kind, e.kind) or "word" in (k.kind, e.kind):  # FSC for FSS, H20 for H200: confusable forms
            return k.kind == e.kind == "latin" and (k.key[0] == e.key[0] or similar(k.key, e.key) >= 0.5)
        return k.kind == e.kind and not self._implicit(e)

    def _implicit(self, mention: NameMention) -> bool:
        return any(self.gazetteer.entries[i].implicit for i in mention.entries)  # type: ignore[union-attr]

    def _rendered(self, k: NameMention, en: list[NameMention], en_text: str) -> bool:
        if k.entries:
            return _covered(k, en) or self._implicit(k)
        if k.kind == "person":
            return any(e.kind == "person" and person_renders(k.key, e.key) for e in en) or \
                any(e.kind == "word" and person_renders(k.key, e.key, transliterated=True) for e in en) or \
                not any(e.kind == "person" for e in en)
        return re.search(r"(?<![a-z0-9])" + re.escape(k.key.lower()) + r"(?![a-z0-9])", en_text) is not None or \
            any(e.kind == "latin" and (k.key in e.key or e.key in k.key) for e in en)

    def _sourced(self, e: NameMention, ko: list[NameMention], ko_text: str) -> bool:
        if e.entries:
            stands_for = {k for i in e.entries for k in self.gazetteer.entries[i].stands_for}  # type: ignore[union-attr]
            return _covered(e, ko) or any(k in ko_text for k in stands_for) or \
                re.search(r"(?<![A-Za-z])" + re.escape(e.key) + r"(?![A-Za-z])", ko_text, re.I) is not None
        if e.kind == "person":
            return any(k.kind == "person" and person_renders(k.key, e.key) for k in ko)
        return e.key in ko_text.upper() or any(k.kind == "latin" and (k.key in e.key or e.key in k.key) for k in ko)


@dataclass(frozen=True, slots=True)
class Polarity:
    """One meaning that a sentence can state or reverse: Korean stems and English words on each side."""

    name: str
    ko_plus: tuple[str, ...]
    ko_minus: tuple[str, ...]
    en_plus: tuple[str, ...]
    en_minus: tuple[str, ...]


# a figure after 최대 or 최저 makes it a bound (최대 5%, 최고 연 5%: up to 5% a year), not a record
_BOUND_FIGURE = r"|\s?(?:[가-힣]{1,2}\s)?\d"
POLARITIES = (
    Polarity("direction",
             ("늘었", "늘어", "늘고", "늘지", "늘린", "늘릴", "늘리", "늘려", "늘며", "늘면", "증가(?!율)", "증액",
              "증원", "증설", "확충", "상승(?!률)", "올랐", "오른", "올라", "오르", "올리", "올릴", "올려", "올렸",
              "올린", "인상", "확대", "뛸", "뛴", "뛰며", "치솟", "↑", "높아", "높였", "높인", "높일", "높여", "강세",
              "반등", "회복", "개선", "가속", "급등", "급증", "뛰었", "뛰어", "흑자", "호조", "웃돌", "돌파(?!구)",
              "상향", r"(?<=[\d%선러원])[을를]?\s?넘어(?:섰|선|서)"),
             ("줄었", "줄어", "줄고", "줄지(?!어)", "줄인", "줄일", "줄이", "줄여", "감소", "감액", "감원", "감축",
              "삭감", "하락",
              "(?<!결정이 )(?<!결정을 )내려(?![져진지]|보내|주|놓|다보|앉)", "내렸", "내린",
              "(?<!결정을 )(?<!결론을 )(?<!판단을 )내리(?=지\\s?[않못])", "떨어", "축소", "낮아",
              "낮췄", "낮춘", "낮출", "낮춰", "약세",
              "둔화", "악화", "급락", "급감", "적자", "손실", "부진", "밑돌", "하회", "위축",
              "(?<![용승확시부공묵추자오기])인하", "주춤",
              "꺾", "↓", "선이 ?무너", "선마저 ?무너", "선 ?붕괴", "하향"),
             ("rose", "rise", "rises", "rising", "risen", "soar", "soaring", "jumps", "spike", "spiked", "increase",
              "increased", "increases", "increasing", "grew", "grow", "grows", "growing", "gained", "gains",
              "climbed", "climb", "jumped", "jump", "surged", "surge", "higher", "expanded", "expand", "strengthened",
              "strengthen", "rebounded", "rebound", "recovered", "improved", "improve", "accelerated", "accelerate",
              "picked up", "soared", "rallied", "upturn", "surplus", "boosted", "boost", "raised", "raise", "quickened",
              "quicken", "quickens", "quickening", "sped up", "beat expectations", "beat estimates", "beat forecasts",
              "beat market expectations", "beat market estimates", "beat market forecasts", "topped expectations",
              "topped estimates", "topped forecasts", "upgraded", "revised up", "revised upward",
              "exceeded", "outpaced", "hike", "hiked", "hikes", "growth", "up", "widened", "widening", "widens",
              "in the black", "swung to a profit",
              "turned a profit", "returned to profit", "return to profit", "returns to profit", "returning to profit",
              "back in the black", "return to the black", "returned to the black"),
             ("fell", "fall", "falling", "fallen", "declined", "decline", "declines", "declining", "decreased",
              "decrease", "decreasing", "dropped", "drop", "drops", "slid", "slipped", "lower", "lowered", "lowering",
              "downgraded", "revised down", "revised downward", "shrank",
              "shrink", "shrinking", "contracted", "contraction", "weakened", "weaken", "weakness", "slowed",
              "slowing", "slowdown", "deteriorated", "worsened", "plunged", "tumbled", "sank", "deficit", "sluggish",
              "cut", "cuts", "reduced", "reduce", "eased", "downturn", "lost", "losses", "dwindle", "dwindled",
              "dwindling", "poorly", "weak", "weaker", "struggled", "slump", "slumped", "retreated", "shed",
              "narrowed", "down", "downward", "in the red", "net loss", "operating loss", "swung to a loss",
              "posted a loss", "turned to a loss")),
    # who bought and who sold on a market: 순매수 (net buying) rendered "net selling" is the reverse of the report
    Polarity("trade",
             ("순매수", "사들", "매수세", "매수 우위", "매수 행진", r"(?<!자산 )매입(?!\s?(?:가|원가|채무|임대))"),
             ("순매도", "팔아치", "팔았", "매도세", "매도 우위", "매도 행진", "내다 팔", "매각"),
             ("net buying", "net bought", "net purchases", "net purchase", "net buyers", "net buyer", "bought a net",
              "net-bought", "net-buying", "buying spree", "scooped up", "snapped up", "bought", "purchased",
              "buy back", "buyback", "buybacks", "bought back", "repurchase", "repurchases", "repurchased"),
             ("net selling", "net sold", "net sellers", "net seller", "sold a net", "net-sold", "net-selling",
              "sell-off", "selloff", "selling spree", "dumped", "offloaded", "sold off", "unloaded", "sold", "sell off",
              "sell its", "sell their", "sell a stake", "sale of its", "divest", "divested", "divestment",
              "disposed of", "dispose of")),
    # (a court's too: 영장 발부 or 기각, a warrant issued or rejected)
    Polarity("permission",
             ("허용했", "허용한", "허용하기로", "허가했", "승인했", "승인한", "통과시", "통과했", "가결", "지키",
              "준수", "충족", "달성", r"(?:허가|승인|인가)를?\s?받", "발부"),
             ("(?:허용|허가|승인)하지 않", "불허", "금지", "거부", "부결", "불발", "무산", "보류", "어겨", "어긴",
              "지키지 못", "기각"),
             ("allowed", "allow", "approved", "approve", "permitted", "passed", "met", "kept", "complied", "achieved",
              "cleared", "won approval", "received approval", "granted approval", "issued a warrant",
              "issued an arrest warrant", "issued the warrant", "issued the arrest warrant"),
             ("banned", "ban", "prohibited", "prohibit", "barred", "forbid", "forbade", "forbidden",
              "blocked", "rejected", "reject", "refused", "denied", "vetoed", "failed",
              "missed", "breached", "shelved", "scrapped", "not allowed", "not approved")),
    # held or not: 구속 기소 (indicted under arrest) rendered "indicted without detention" (불구속) is the reverse
    Polarity("detention",
             (r"(?<!불)구속(?!력|되지|하지|\s?영장|적부심)", r"체포(?!\s?영장|동의안)", "수감"),
             ("불구속", "석방", "풀려"),
             ("under arrest", "arrested", "detained", "in custody", "jailed", "behind bars"),
             ("without detention", "without physical detention", "without arrest", "without being detained",
              "released", "freed", "set free", "not detained", "walked free")),
    # who takes office and who leaves it: 물러났다 rendered "was appointed" is the reverse
    Polarity("office",
             ("취임", "임명", "선임[됐된하했키을]", "선출", "내정[됐된되자했]", "발탁", "연임"),
             ("사임", "사퇴", "물러나", "물러났", "물러난", "물러날", "퇴임", "해임", "경질", r"(?<![가-힣])사의",
              "퇴진"),
             ("appointed", "elected", "took office", "take office", "takes office", "nominated", "inaugurated",
              "sworn in", "tapped", "reappointed", "re-elected", "named as", "named to"),
             ("resigned", "resign", "resigns", "resigning", "resignation", "stepped down", "step down", "steps down",
              "stepping down", "quit", "quits", "retired", "retire", "retirement", "dismissed", "sacked", "ousted",
              "removed from", "left office", "leave office")),
    # a charge admitted or denied: 혐의를 부인했다 rendered "admitted the charges" is the reverse
    Polarity("admission",
             ("시인했", "시인한", "시인하", "자백", "인정했", "인정한", "잘못을 인정"),
             ("부인했", "부인한", "부인하", "부인해", "전면 부인"),
             ("admitted", "admit", "admits", "admitting", "confessed", "confess", "acknowledged", "pleaded guilty",
              "owned up"),
             ("denied", "deny", "denies", "denying", "denial", "pleaded not guilty", "rejected the charges",
              "rejected the allegations", "disputed")),
    # jobs added or cut: 채용 rendered "lay off" is the reverse
    Polarity("hiring",
             ("채용", "신규 고용", "고용을 늘"),
             ("해고", "감원", "정리해고", "희망퇴직", "인력 감축", "일자리를 줄"),
             ("hire", "hired", "hires", "hiring", "recruit", "recruited", "recruits", "recruiting", "recruitment",
              "add jobs", "added jobs", "create jobs", "created jobs"),
             ("lay off", "laid off", "lays off", "layoff", "layoffs", "job cuts", "cut jobs", "cutting jobs",
              "shed jobs", "slash jobs", "slashed jobs", "redundancies", "dismissals")),
    # who won: 소송에서 이겼다 (won the lawsuit) rendered "lost the lawsuit" is the reverse (not 만들어졌다, whose 졌
    # is no loss; not the currency "won")
    Polarity("outcome",
             ("이겼", "이긴", "이기고", "이길", "승소", "승리"),
             (r"(?<![가-힣])졌", "패소", "패배", "패했", "패한", "패하"),
             ("won the", "won its", "won their", "won his", "won her", "won an", "beat", "beats", "defeated",
              "victory", "prevailed"),
             ("lost the", "lost its", "lost their", "lost his", "lost her", "lose the", "loses the", "lost to",
              "was defeated", "were defeated")),
    # for or against: 찬성했다 rendered "opposed" is the reverse
    Polarity("stance",
             ("찬성",),
             ("반대했", "반대한", "반대하", "반대 의사", "반대표", "반대 입장"),
             ("supported", "support", "supports", "backed", "favored", "favoured", "in favor", "in favour",
              "voted for"),
             ("opposed", "oppose", "opposes", "opposing", "voted against", "objected")),
    # the verdict: 무죄 (not guilty) rendered "found guilty" is the reverse
    Polarity("verdict",
             ("유죄",),
             ("무죄",),
             ("guilty", "convicted"),
             ("not guilty", "acquitted", "acquittal", "innocent", "cleared of")),
    # how good a thing is said to be, where a predicate says it (좋지 않았다, 나쁘지 않다): 좋지 않았다 (not good)
    # rendered "not bad" is the reverse. An adjective before a noun (좋은 결과, "good results") is left alone: its
    # negation is the verb's.
    Polarity("quality",
             ("좋(?=지\\s?[않못])",),
             ("나쁘(?=지\\s?않)",),
             ("good",),
             ("bad",)),
    # a record or an extreme, high or low: 역대 최대 (the largest on record) rendered "the smallest on record" is the
    # reverse. Not 최대 or 최소 as a bound (최대 20%, 최소한), not 최대화 or 최소화, not 최고 of a rank or a body
    # (최고경영자, 최고위원), not 최저임금 (the minimum wage); "least" is left out for "at least"
    Polarity("extreme",
             (r"최대(?![화한]" + _BOUND_FIGURE + ")", "최다",
              r"최고(?!경영|위원|재판|법원|의결|책임|기술|투자|운영|재무|전략|지도|사령" + _BOUND_FIGURE + ")",
              "신고가"),
             (r"최소(?![화한]" + _BOUND_FIGURE + ")", r"최저(?!임금|생계" + _BOUND_FIGURE + ")", "신저가"),
             ("largest", "biggest", "highest", "greatest", "maximum", "record high", "all-time high", "most ever",
              "52-week high", "new high", "fresh high"),
             ("smallest", "lowest", "fewest", "minimum", "record low", "all-time low", "52-week low", "new low",
              "fresh low")),
    # a project's start or its end: 준공 (completed) rendered "broke ground" (착공) is the reverse
    Polarity("construction",
             ("준공", "완공"),
             ("착공", "기공식"),
             ("completed", "completion", "finished building", "finished construction"),
             ("broke ground", "break ground", "breaks ground", "groundbreaking", "began construction",
              "begin construction", "started construction", "start construction")),
    # a listing or its end: 상장 폐지 (delisted) rendered "listed" is the reverse
    Polarity("listing",
             ("신규 상장", "상장했", "상장한", "상장된다", "상장될", "상장을 추진", "증시에 입성", "기업공개"),
             (r"상장\s?폐지", "상폐"),
             ("listed", "listing", "went public", "go public", "goes public", "initial public offering", "IPO"),
             ("delisted", "delisting", "delist")),
    # when a thing happens against its plan: 연기했다 (postponed) rendered "moved up" is the reverse. 연기 as
    # postponing only before the verb or copula that make it one (not smoke, 연기가, nor acting, 연기력); 앞당기 as
    # moving forward; "advanced" is left out (a share price that rose)
    Polarity("schedule",
             ("앞당기", "앞당겨", "앞당겼", "앞당긴", "앞당길", "조기 개최", "조기 시행"),
             (r"연기(?=했|한다|하기로|하겠|됐|된다|될|돼|키로|를 결정|를 검토|를 요청)", r"(?<![가-힣])미뤘",
              r"(?<![가-힣])미뤄", r"(?<![가-힣])미룬", r"(?<![가-힣])미루", "늦췄", "늦춰", "순연", "무기한 연기"),
             ("moved up", "moves up", "move up", "brought forward", "bring forward", "brings forward",
              "pulled forward", "ahead of schedule", "earlier than planned", "earlier than scheduled",
              "earlier than originally"),
             ("postponed", "postpone", "postpones", "postponing", "postponement", "delayed", "delay", "delays",
              "delaying", "pushed back", "push back", "pushes back", "put off", "puts off", "deferred", "defer",
              "defers", "later than planned", "later than scheduled")),
    # how tight a rule or a policy is: 규제 완화 (easing rules) rendered "tightened rules" is the reverse
    Polarity("tightness",
             ("강화", "긴축"),
             ("완화", "해제"),
             ("tighten", "tightened", "tightening", "tightens", "tighter", "stricter", "toughen", "toughened",
              "toughening", "tougher", "cracked down", "crack down", "clamped down", "clamp down", "stepped up",
              "step up", "strengthen", "strengthened", "strengthening", "reinforced", "reinforce"),
             ("ease", "eased", "eases", "easing", "relax", "relaxed", "relaxes", "relaxing", "loosen", "loosened",
              "loosening", "looser", "lift", "lifted", "lifting", "deregulate", "deregulated", "deregulation",
              "soften", "softened", "scrapped", "weaken", "weakened")),
)
# Idioms whose negation reads as an affirmation in English: 적지 않다 (considerable), 심상치 않다 (unusual); and a
# bound, not a polarity: 1km에도 미치지 못했다 (under 1 km), 기대에 못 미쳤다 (fell short of hopes).
# 할 수밖에 없다: has no choice but to, which affirms; 두 개밖에 틀리지 않았다: only two wrong
_KO_NO_CHOICE = re.compile(r"수\s?밖에\s?없")
# A question that fears or guesses, which English renders "may" or "could": 침체가 오는 것 아니냐는 우려 (concern
# that a recession may come), 장기화하지 않을까 (that it could drag on); not 하지 않겠다 (will not). Its 않 and 아니
# negate nothing (`_KO_LITOTES`), and it is a possibility (`korean_modality`).
_GUESSING_NOT = "않(?:을까|겠냐|겠느냐|겠는가|겠나|느냐|냐)"
_GUESSING_COPULA = "아니(?:냐|겠냐|겠느냐|겠는가|겠나)|아닐까"
_KO_GUESSING_QUESTION = re.compile(rf"(?:것|게|거)\s?(?:{_GUESSING_COPULA})|지\s?{_GUESSING_NOT}")
_KO_LITOTES = re.compile(r"(?:적지|적잖|만만치|만만찮|심상치|범상치|예사롭지|녹록지|녹록치|순탄치|아끼지|마다하지|"
                         r"주저하지|빼놓을 수 없|않을 수 없|미치지\s?못|못\s?미치|밖에[^.!?]{0,8}(?:없|않|못)|" +
                         _KO_NO_CHOICE.pattern +
                         r"|지나지 않|뿐만 아니|아니라|의심의\s?여지가?\s?없|"
                         r"의심할\s?(?:여지|나위)가?\s?없|"
                         r"변동이\s?없|변함이\s?없|차이가\s?없|다름\s?없|틀림\s?없|관계\s?없|상관\s?없|" +
                         _GUESSING_NOT + "|" + _GUESSING_COPULA + ")")
# Where a Korean negation may be, so that only those sentences are read by their morphemes (`korean_negations`)
# (아닌, 아닐 and 아냐 hold no 아니: the syllables fuse)
_KO_NEGATION_HINT = re.compile(r"않|못|없|아니|아닌|아닐|아냐|아님|(?<![가-힣])안|지\s?(?:마|말)|말[라아자고]")
_KO_IMPOSSIBLE = re.compile(r"불가")  # 불가, 불가능: a noun that negates
# English negations, and words that answer a Korean negation without by themselves saying the English is negated:
# "fewer students" for 학생이 거의 없다, "not long ago" for 얼마 전, "a little blue house" (no negation at all)
# (not a suggestion, "why not come"; a concession, "no matter how"; a tag question, "wasn't it?"; a bound, "no fewer
# than 5,000", "no later than March"; a compound, "a no-confidence motion" for 불신임안)
_EN_BOUND = r"(?:fewer|less|more|greater|later|earlier|sooner|longer|higher|lower|larger|bigger|smaller) than"
_EN_NEGATION = re.compile(r"\b(?:(?<!why )not(?! (?:more|less|exceeding|above|over|only|just|least|"
                          rf"long (?:ago|after|before)|too (?:many|much)|{_EN_BOUND})\b)|"
                          rf"no(?!\.\s?\d| matter|-(?!one\b)[a-z]| {_EN_BOUND}\b)|never|none|nor|"
                          r"neither|nobody|nothing|nowhere|no one|cannot)\b|"
                          r"n't\b(?!\s(?:it|he|she|they|you|we|I|there)\?)", re.I)
_EN_WEAK_NEGATION = re.compile(r"\b(?:without|unable|fail(?:ed|s)? to|refus(?:ed|es) to|declined to|yet to|little|"
                               r"struggl(?:e|es|ed|ing) to|"
                               r"few|fewer|hardly|barely|rarely|scarcely|free of|not long (?:ago|after|before)|"
                               r"not too (?:many|much))\b", re.I)
# English that states a Korean negation in its words: denied (받지 못했다), a poor reader (잘 읽지 못했다), keeps you
# from seeing (보지 못하게 한다), only two (두 개밖에 ... 않았다), unlucky (운이 없다), out of the question (불가능)
_EN_LEXICAL_NEGATION = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|lack(?:s|ed|ing)?|lost|los(?:e|es|ing)|miss(?:es|ed|ing)?|poor(?:ly)?|absen(?:t|ce)|"
    r"free|away|from\s\w+ing|keeps?\s.{0,30}\sfrom|kept\s.{0,30}\sfrom|prevent\w*|stop\w*|ban(?:s|ned)?|avoid\w*|"
    r"instead|only|un[a-z]{4,}|(?:in|im)[a-z]+(?:able|ible)|out of the question|premature|impossible|neglect\w*|"
    r"ignor\w*|off|"
    # adjectives negated by a prefix, which say 효과가 없다, 충분하지 않다, 적법하지 않다 in a word (not in- or im- at
    # large: increase, important)
    r"ineffective(?:ly|ness)?|inefficien\w+|insufficient\w*|inadequa\w+|incomplete|inaccura\w+|incorrect\w*|"
    r"invalid\w*|inactiv\w+|incapable|inconsistent\w*|inappropriate\w*|ineligible|inexperienced|insolven\w+|"
    r"inability|inaction|illegal\w*|illegitimate|illicit|irregular\w*|irrelevant|irresponsibl\w+|impractical|"
    r"improper\w*|immature|imbalances?)\b", re.I)
# A negated Korean predicate and the English verbs that say it in one word, its antonyms: 받아들이지 않았다 as
# "rejected", 적자에서 벗어나지 못했다 as "remained in the red", 하락을 멈추지 않았다 as "continued to fall",
# 금리를 올리지 않았다 as "held rates". Only the pair counts: "kept" answers no 받아들이지 않았다.
_KO_NEGATED_ANTONYMS = tuple((re.compile(ko + r")\s?지\s?$"), re.compile(en, re.I)) for ko, en in (
    (r"(?:받아들이|수용하|수락하|승인하|허용하|허락하|인정하|동의하|찬성하|응하",
     r"\b(?:reject\w*|refus\w*|declin\w*|den(?:y|ies|ied)|turn(?:s|ed|ing)? down|veto\w*|block\w*|"
     r"oppos(?:e|es|ed|ing)|dismiss\w*|disapprov\w*|rebuff\w*|spurn\w*)"),
    (r"(?:벗어나|빠져나오|탈출하|회복하|나아지|개선되", r"\b(?:remain\w*|stay\w*|still|stuck|mired|trapped)\b"),
    (r"(?:멈추|그치|그만두|중단하|끝나|수그러들|꺾이",
     r"\b(?:continu\w*|keep\w*|kept|persist\w*|still|unabated|ongoing|(?:press|push|forg)\w*\s(?:ahead|on)|"
     r"carr(?:y|ies|ied|ying)\son|(?:go|goes|going|went)\son|pursu\w*|stick\w*\swith|stuck\swith)\b"),
    (r"(?:움직이|변하|바뀌|달라지|변동하", r"\b(?:remain\w*|stay\w*|unchanged|steady|flat|same)\b"),
    (r"(?:올리|내리|낮추|높이|인상하|인하하|조정하|바꾸",
     r"\b(?:h[eo]ld(?:s|ing)?|kept|keep\w*|fr[eo]e?z\w*|unchanged|steady|on hold)\b"),
    (r"(?:참석하|참여하|출석하|참가하", r"\b(?:skip\w*|absent|boycott\w*|stay\w* away|sat out|sit\w* out)\b"),
    (r"(?:좋", r"\b(?:bad|poor\w*|weak\w*|negative|unfavou?rable|grim|gloomy|dismal|sour\w*|unwell|ill)\b"),
    (r"(?:나쁘", r"\b(?:good|fine|decent|solid|okay|ok|fair|reasonabl[ey]|respectabl[ey])\b"),
))


def _said_by_an_antonym(ko: str, negation: tuple[int, int], en: str) -> bool:
    """Whether the English renders the negated Korean predicate ending at `negation` by one of its antonyms."""
    before = ko[max(0, negation[0] - 12):negation[0]]
    return any(stem.search(before) and antonym.search(en) for stem, antonym in _KO_NEGATED_ANTONYMS)


# Korean words that carry a negation without a negative ending: nouns negative by their prefix (무주택: who do not
# own a home), falsehood (허위, 거짓, 사실과 다르다: not true), 노코멘트, wherever they stand in the sentence...
_KO_NEGATIVE_NOUN = re.compile(
    r"무당|무소속|무주택|무관|무료|무상|무이자|무인|무직|무효|무응답|무제한|무관세|무죄|무혐의|"
    r"비회원|비정규|미흡|미달|미정|미지수|불투명|불확실|불분명|허위|거짓|사실과\s?(?:다르|달라|다른|다릅)|노코멘트")
# ...and predicates negative in meaning at a sentence's end: 부족 (lack), 실패 (failure), 모르다 (have no idea),
# 피하다 (avoid: "not to use"; not 피해, damage), 자제하다 (refrain; not 자제, restraint, as a noun), 어렵다 and
# 힘들다 (hard: "not easy to find", "cannot be expected")
_KO_LEXICAL_NEGATION = re.compile(
    r"부족|실패|결여|없|모르|모른|모를|몰라|몰랐|미뤄|불가|불허|불발|무산|어렵|어려웠|어려워|힘들|힘든|힘겹|"
    r"거부|부인|반대|중단|보류|철회|취소|금지|외면|제외|배제|차질|피하|피한|피했|삼가|자제하|자제한|자제했")
# An English that negates the avoiding itself, which such a predicate does not answer: 피했다 as "did not avoid"
_EN_NOT_AVOIDING = re.compile(r"(?:n't|\bnot|\bnever)\s(?:\w+\s)?(?:avoid|evad|shun|dodg|refrain|abstain|shy away)",
                              re.I)


# English double negations that affirm: "cannot help but criticize" (must), "has no choice but to", "not without
# merit", "not unreasonable", "never fails to", "cannot survive without" (needs).
_EN_DOUBLE_NEGATION = re.compile(
    r"\b(?:(?:can(?:not|'t)|could(?:n't| not)|can not)\s(?:but|(?:help|avoid|resist)\s(?:but|\w+ing)|fail\sto|"
    r"afford\snot\sto)\b|"
    r"impossible\s(?:for\s\w+\s)?not\sto\b|"
    r"(?:can(?:not|'t)|could(?:n't| not)|can not)\s\w+(?:\s\w+)?\swithout\b|"
    r"(?:no|little|not any)\s(?:other\s)?(?:choice|option|alternative|way)\s(?:left\s)?(?:but|except|other than)\b|"
    r"not\swithout\b|never\sfail(?:s|ed)?\sto\b|(?:do|does|did|will|would)(?:n't|\snot)\sfail\sto\b|"
    r"not\s(?:un(?!til|der|ion|it|iv|iq|less)[a-z]{3,}|impossible|insignificant|inconceivable|infrequent|"
    r"improbable|illogical|irrelevant|negligible))", re.I)
# English idioms whose negation affirms what they qualify: "no doubt", "no wonder", "nothing but" (only), "no
# small feat", "not a little surprised", "second to none" (the best)
_EN_AFFIRMING_IDIOM = re.compile(
    r"\b(?:no\s(?:doubt|wonder|small|mean|stranger\sto)|nothing\s(?:but|short\sof)|not\sa\s(?:little|few)|"
    r"second\sto\snone|bar\snone)\b", re.I)
# "Not bad" answers 나쁘지 않다 as a negation, and 좋다 or 괜찮다 as the praise it is
_EN_NOT_BAD = re.compile(r"not\s(?:(?:too|half|so|that)\s)?bad\b", re.I)
# (the negation may stand a few words before the word, across adverbs and a copula: "doesn't really look so good")
_EN_NEGATED_BEFORE = re.compile(r"(?:n't|\b(?:not|never|no|refused to|declined to|failed to|without|unable to|yet to|"
                                r"struggl(?:e|es|ed|ing) to))\s(?:\w+\s|(?:(?:really|very|so|too|that|quite|all|"
                                r"particularly|especially|be|been|look|looks|looking|seem|seems|sound|sounds|feel|"
                                r"feels|go|going)\s){1,3})?$", re.I)
# A ban lifted is a permission ("lifted a ban on imports", "ended its import ban" for 수입을 허용했다), on either
# side (수입 금지를 해제했다, 금지 조치를 풀었다)
_EN_BAN = re.compile(r"bans?|prohibitions?|embargo(?:es)?", re.I)
_KO_BAN = re.compile(r"금지|불허")
_KO_LIFTED_AFTER = re.compile(r"(?:\s?조치|\s?명령|령)?(?:를|을|가|이)?\s?(?:해제|철회|폐지|풀|완화|해지|없애|없앴)")
_EN_LIFTED_BEFORE = re.compile(r"\b(?:lift(?:s|ed|ing)?|end(?:s|ed|ing)?|scrap(?:s|ped|ping)?|remov(?:e|es|ed|ing)|"
                               r"overturn(?:s|ed|ing)?|revok(?:e|es|ed|ing)|rescind(?:s|ed|ing)?)\s"
                               r"(?:(?:a|an|the|its|their|his|her)\s)?(?:\w+\s)?$", re.I)

# The won-dollar rate (won a dollar) moves against the won: 환율이 5.2원 내렸다 is "the won rose 5.2 won", as Korean
# papers' English and the wires report the market; where the English moves the rate or the dollar, it moves with it
_KO_RATE = re.compile(r"환율")
_KO_WON_VALUE = re.compile(r"원화\s?(?:가치|값|강세|약세|절상|절하)")
_EN_WON = re.compile(r"\b(?:the\s(?:South\s)?(?:Korean\s)?won|Korean won|local currency|Korean currency)\b", re.I)
_EN_RATE_OR_DOLLAR = re.compile(r"exchange rate|won[-/]dollar rate|dollar[-/]won|\bdollar\b(?:\s\w+){0,2}\s"
                                r"(?:rose|fell|gained|lost|climbed|slipped|declined|dropped|jumped|advanced|weakened|"
                                r"strengthened)", re.I)


def _won_for_rate(pair: SegmentPair) -> bool:
    """Whether the Korean moves the exchange rate and the English moves the won, which go opposite ways."""
    return _KO_RATE.search(pair.ko) is not None and _KO_WON_VALUE.search(pair.ko) is None and \
        _EN_WON.search(pair.en) is not None and _EN_RATE_OR_DOLLAR.search(pair.en) is None


def _lifted_ban(text: str, span: tuple[int, int], english: bool) -> bool:
    """Whether the ban at `span` is lifted: by the verb before it in English, by the one after it in Korean."""
    if english:
        return _EN_BAN.fullmatch(text, *span) is not None and \
            _EN_LIFTED_BEFORE.search(text, max(0, span[0] - 30), span[0]) is not None
    return _KO_BAN.fullmatch(text, *span) is not None and _KO_LIFTED_AFTER.match(text, span[1]) is not None


_KO_NEGATED_AFTER = re.compile(r"[가-힣]{0,2}지\s?(?:않|못)")
# "up" that is not a rise: "up to", "set up", "picked up" (which is listed as a phrase of its own)
_EN_NOT_RISE = re.compile(r"\b(?:set|sets|setting|sign|signed|pick|picked|make|made|step|stepped|take|took|end|ended|"
                          r"come|came|show|showed|turn|turned|team|teamed|keep|kept|line|lined|open|opened)\s$", re.I)


@cache
def _word_patterns(words: tuple[str, ...], english: bool) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """The polarity words compiled once (hundreds of them outrun `re`'s own cache of compiled patterns), and all of
    them in one pattern that tells in one scan whether a text holds any."""
    sources = [r"\b" + re.escape(w) + r"\b" if english else w for w in words]
    flags = re.I if english else 0
    return (re.compile("|".join(f"(?:{p})" for p in sources), flags),
            tuple(re.compile(p, flags) for p in sources))


@cache
def _lexicon(english: bool) -> frozenset[str]:
    """Every word of one side of the polarity lexicon."""
    return frozenset(w for pol in POLARITIES for w in (pol.en_plus + pol.en_minus if english else
                                                         pol.ko_plus + pol.ko_minus))


@cache
def _english_lexicon_words() -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """The English polarity words as sets of words: the lone words, and the words of each phrase ("turned down")."""
    split = [frozenset(w.lower() for w in _LETTERS.findall(entry)) for entry in _lexicon(True)]
    return frozenset(w for words in split if len(words) == 1 for w in words), tuple(w for w in split if len(w) > 1)


_LETTERS = re.compile(r"[^\W\d_]+")
# A letter beyond ASCII: `re` matches some of them to ASCII ones without regard to case (the Kelvin sign to k, the
# long s to s), which a set of lower-cased words would miss
_NON_ASCII_LETTER = re.compile(r"[^\W\d_A-Za-z]")


@lru_cache(maxsize=4096)
def _holds_lexicon_word(text: str, english: bool) -> bool:
    """Whether a text can hold a word of its side of the polarity lexicon: one look, where a sentence's checks ask
    of a dozen word lists in turn and most sentences hold none. English by its set of words (an alternation of 250
    words is slow in `re`), or by that alternation where a letter beyond ASCII stands; Korean, whose stems are
    written inside words, by one pattern of them all."""
    if not english or _NON_ASCII_LETTER.search(text):
        return _word_patterns(tuple(sorted(_lexicon(english))), english)[0].search(text) is not None
    lone, phrases = _english_lexicon_words()
    words = {w.lower() for w in _LETTERS.findall(text)}
    return not lone.isdisjoint(words) or any(phrase <= words for phrase in phrases)


@cache
def _in_lexicon(words: tuple[str, ...], english: bool) -> bool:
    """Whether a word list is of the lexicon, so that a text holding none of its words holds none of the list's."""
    return _lexicon(english).issuperset(words)


def _hits(text: str, words: tuple[str, ...], english: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if _in_lexicon(words, english) and not _holds_lexicon_word(text, english):
        return spans
    any_word, patterns = _word_patterns(words, english)
    if not any_word.search(text):
        return spans
    for word, pattern in zip(words, patterns, strict=True):
        for m in pattern.finditer(text):
            if english and word == "up" and (text[m.end():m.end() + 3] == " to" or _EN_NOT_RISE.search(
                    text, max(0, m.start() - 16), m.start())):  # the words before it, read in place
                continue
            spans.append(m.span())
    return spans


def _nearest(text: str, span: tuple[int, int], plus: tuple[str, ...], minus: tuple[str, ...], english: bool,
             before: int, after: int) -> tuple[bool, tuple[int, int]] | None:
    """The polarity word closest to a figure, within `before`/`after` characters and the same clause: (rises?, span)."""
    lo, hi = max(0, span[0] - before), min(len(text), span[1] + after)
    stop = re.compile(r"[,;.…·]\s|[,…()\[\]]")
    left = [m.end() for m in stop.finditer(text, lo, span[0])]
    lo = left[-1] if left else lo
    right = stop.search(text, span[1], hi)
    hi = right.start() if right else hi
    found = []
    for rising, words in ((True, plus), (False, minus)):
        for a, b in _hits(text[lo:hi], words, english):
            a, b = a + lo, b + lo
            negated = _negated(text, (a, b), english)
            found.append((min(abs(a - span[1]), abs(span[0] - b)), rising != negated, (a, b)))
    if not found:
        return None
    _, rising, where = min(found)
    return rising, where


def _negated(text: str, span: tuple[int, int], english: bool) -> bool:
    """Whether a polarity word is itself negated: "did not allow", 늘지 않았다; not where two negations make an
    affirmation: "could not help raising", 올리지 않을 수 없다 (had to raise)."""
    if english:
        before = text[max(0, span[0] - 30):span[0]]
        m = _EN_NEGATED_BEFORE.search(before)
        return m is not None and _EN_DOUBLE_NEGATION.search(before) is None and \
            _EN_AFFIRMING_IDIOM.match(before, m.start()) is None
    m = _KO_NEGATED_AFTER.match(text, span[1] - (text[span[1] - 1:span[1]] == "지"))  # 늘지 않았다: from its 지
    if m is None:
        return False
    double = korean_double_negation(text)
    return double is None or not double[0] <= m.end() - 1 < double[1]


# Morphemes that negate a Korean predicate: the auxiliaries 않다 and 못하다 (하지 않다), the adverbs 안 and 못
# (안 하다), 없다 (할 수 없다: cannot) and 아니다; 없다 after 밖에 (할 수밖에 없다, has no choice but to) affirms.
_KO_NEGATORS = {("않", "VX"), ("못", "VX"), ("못하", "VX"), ("안", "MAG"), ("못", "MAG"), ("없", "VA"), ("아니", "VCN")}
# What a final predicate is made of, read back from its end: stems, auxiliaries, endings that chain a predicate to
# the next (하지, 않으면, 않고는, 할 수, 없는 것), the dependent nouns 수 and 것 and the particles on them.
_KO_CHAIN_TAGS = ("VV", "VA", "VX", "VCN", "VCP", "XSV", "XSA", "EP", "EF", "ETM", "SF", "SP", "SS", "MAG")
_KO_CHAIN_EC = {"지", "으면", "면", "고", "어야", "아야", "고서", "고서는"}
_KO_CHAIN_JX = {"밖에", "는", "은", "도", "만", "조차"}
# Two negators, 안 only as a word of its own (안 된다; not 제안, 안전): the morphemes are read only where this holds
_KO_DOUBLE_HINT = re.compile(r"(?:않|못|없|아니|아닌|(?<![가-힣])안).*(?:않|못|없|아니|아닌|(?<![가-힣])안)")


def korean_negations(ko: str) -> list[tuple[int, int]]:
    """The spans of the Korean negations as kiwipiepy reads them: the auxiliaries 않다, 못하다 and 말다 (하지 마),
    the adverbs 안 and 못 (안 나다, 못 봤다), 없다, 아니다 and the noun 불가; never a piece of another word (제안했다,
    불안하다, 마련, 안전)."""
    spans = [m.span() for m in _KO_IMPOSSIBLE.finditer(ko)]
    if _KO_NEGATION_HINT.search(ko):
        for t in morphemes(ko.rstrip()):
            tag = t.tag.split("-")[0]
            if (t.form, tag) in _KO_NEGATORS or (t.form == "말" and tag == "VX"):
                spans.append((t.start, t.end))
    return sorted(spans)


# A level held (금리 동결, 보합, 제자리) is neither direction: rendered as "raised" or "fell" it is reversed as surely
# as a rise told as a fall. 자산 동결 (an asset freeze) has no English direction, and a hold beside a direction on
# either side ("froze the rate after two hikes") is left alone. The reverse, a Korean move (인상했다) told as a hold
# ("froze fares"), is read only in the English words that say nothing moved (`_EN_HELD_LEVEL`: "held" and "kept"
# alone also hold meetings and promises).
_KO_HOLD = re.compile(r"동결|보합|제자리|변동\s?(?:이\s?)?없|그대로\s?유지")
_EN_HOLD = re.compile(r"\b(?:froze|freez\w*|frozen|held|hold(?:s|ing)?|kept|keep(?:s|ing)?|unchanged|steady|flat|"
                      r"stood pat|on hold|maintain\w*|left)\b", re.I)
_EN_HELD_LEVEL = re.compile(r"\b(?:froze|freez(?:e|es|ing)|frozen|unchanged|stood\s+pat|on\s+hold|(?:held|kept|"
                            r"remained|stayed|holds?|keeps?|holding|keeping)\s+(?:\w+\s+){0,3}?(?:steady|flat|"
                            r"unchanged|at\s+(?:the\s+)?same\s+level))\b", re.I)


def _hold_told_as_move(pair: SegmentPair, korean_held: bool) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A level held on one side, with no direction on that side, and moved on the other, with no hold there (the
    Korean holds and the English moves, or the reverse): (the Korean span, the English span)."""
    direction = POLARITIES[0]

    def moves(text: str, english: bool) -> list[tuple[int, int]]:
        plus, minus = (direction.en_plus, direction.en_minus) if english else (direction.ko_plus, direction.ko_minus)
        return sorted(_hits(text, plus, english) + _hits(text, minus, english))

    held_text, moved_text = (pair.ko, pair.en) if korean_held else (pair.en, pair.ko)
    hold = (_KO_HOLD if korean_held else _EN_HELD_LEVEL).search(held_text)
    if hold is None or (_EN_HOLD if korean_held else _KO_HOLD).search(moved_text) is not None or \
            moves(held_text, not korean_held):
        return None
    moved = moves(moved_text, korean_held)
    if not moved:
        return None
    return (hold.span(), moved[0]) if korean_held else (moved[0], hold.span())


@lru_cache(maxsize=4096)
def korean_double_negation(ko: str) -> tuple[int, int] | None:
    """The span of the final predicate's negations where they are two and so affirm, as a reader takes them:
    비판하지 않을 수 없다 (cannot but criticize: must), 늘리지 않으면 안 된다 (must raise), 없지 않다 (there is
    some), 아니지 않다, 없는 것은 아니다; None for one negation (나쁘지 않다, not bad), three, or none."""
    if not _KO_DOUBLE_HINT.search(ko):
        return None
    tokens = morphemes(ko.rstrip())
    negators = []
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        tag = t.tag.split("-")[0]
        nested = (tag in ("NNB", "NNG") and t.form in ("수", "것", "터", "리")) or \
            (tag == "EC" and t.form in _KO_CHAIN_EC) or (tag == "JX" and t.form in _KO_CHAIN_JX)
        stem = tag in ("NNG", "XR") and i + 1 < len(tokens) and tokens[i + 1].tag.startswith("XS")  # 비판(하다)
        if not (tag in _KO_CHAIN_TAGS or nested or stem):
            break
        if (t.form, tag) in _KO_NEGATORS and not (t.form == "없" and i > 0 and tokens[i - 1].form == "밖에"):
            negators.append(t)
        if tag in ("VV", "VA", "NNG", "XR") and (t.form, tag) not in _KO_NEGATORS and negators and \
                (i == 0 or tokens[i - 1].tag != "MAG") and not (i >= 2 and tokens[i - 1].form in ("는", "서는") and
                                                               tokens[i - 2].form in ("고", "고서")):
            break  # the predicate's own stem: what is before it is another clause (but 하지 않고는 살 수 없다)
    if len(negators) != 2:
        return None
    return negators[-1].start, negators[0].end


class Negation(Check):
    """The predicate's polarity flipped: 늘었다 as "fell", 둔화 as "accelerated", 허용하지 않았다 as "allowed", a
    negation (않/못/없 against not/no/never) on one side only."""

    name = "negation"
    version = 13  # issue 14: 내려보내다; added content (an added sentence too); "no doubt", bounds; antonyms; both
    # sides negated; a ban lifted; adjectives negated by a prefix; the won against the rate; 매입, 매각, "widened"; a
    # level held told as moved; a record high told as low; held or freed, appointed or resigned, admitted or denied,
    # hired or laid off, a warrant issued or rejected; a plan postponed or brought forward; "press ahead" for
    # 멈추지 않다; 승인하다 and 확인하다 hold no cut

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.ko or not pair.en:
            return []
        anchored = self._by_figure(pair)
        if anchored:
            return anchored
        # The morphemes are read only where their answer can decide: double negation where a negative word of the
        # polarity lexicon or a negation stands, the negations where the English negates or a negation could end
        # the Korean predicate (most sentences are neither, and skip the analysis, QE's largest cost after encoding)
        for pol in POLARITIES:
            ko_minus = _hits(pair.ko, pol.ko_minus, False)
            ko_plus = [s for s in _hits(pair.ko, pol.ko_plus, False) if not any(a <= s[0] < b for a, b in ko_minus)]
            if not ko_minus and not ko_plus:
                continue  # every reading below turns on a Korean word of the polarity
            en_minus = [s for s in _hits(pair.en, pol.en_minus, True) if not _EN_HARM_AFTER.match(pair.en, s[1])]
            en_plus = [s for s in _hits(pair.en, pol.en_plus, True) if not any(a <= s[0] < b for a, b in en_minus)]
            if pol.name == "permission":  # a ban lifted is a permission: 금지를 해제했다, "lifted a ban on imports"
                ko_lifted = [s for s in ko_minus if _lifted_ban(pair.ko, s, english=False)]
                en_lifted = [s for s in en_minus if _lifted_ban(pair.en, s, english=True)]
                ko_minus, ko_plus = [s for s in ko_minus if s not in ko_lifted], sorted(ko_plus + ko_lifted)
                en_minus, en_plus = [s for s in en_minus if s not in en_lifted], sorted(en_plus + en_lifted)
            if pol is POLARITIES[0] and _won_for_rate(pair):
                en_plus, en_minus = en_minus, en_plus  # the rate fell: the won rose
            # 허용하지 않을 수 없다 (had to allow): a negated word inside a double negation is affirmed
            double = korean_double_negation(pair.ko) if ko_minus else None
            affirmed = [s for s in ko_minus if double and s[0] < double[1] and double[0] < s[1]
                        and re.search("않|못", pair.ko[s[0]:s[1]])]
            ko_minus = [s for s in ko_minus if s not in affirmed]
            ko_negated = [s for s in ko_plus if _negated(pair.ko, s, False)]
            en_negated = [s for s in en_plus if _negated(pair.en, s, True)]
            ko_not_plus = ko_negated + [s for s in ko_minus if re.search("않|못", pair.ko[s[0]:s[1]])]  # 허용하지 않
            en_not_plus = en_negated + [s for s in en_minus if pair.en[s[0]:s[1]].lower().startswith("not ")]
            reversed_ = _negated_opposites(pair, ko_plus, ko_minus, ko_not_plus, en_plus, en_minus, en_not_plus)
            if reversed_ is not None:
                k, e = reversed_
                return [self.flag("negation", f"{pair.ko[k[0]:k[1]]} ({pol.name}) is negated, and the English "
                                  f"negates its opposite: {pair.en[e[0]:e[1]]!r}", k, e)]
            ko_plus, ko_minus = [s for s in ko_plus if s not in ko_negated] + affirmed, ko_minus + ko_negated
            en_plus, en_minus = [s for s in en_plus if s not in en_negated], en_minus + en_negated
            # One polarity gone from the English while the other gained: 늘어 ... 둔화 as "rose ... accelerated".
            # ...or a polarity the Korean never states appears in the English as the Korean's one thins out:
            # 증가세를 주도 as "led the overall decrease, rising ..."
            for ko_side, en_side, ko_other, en_other in ((ko_plus, en_minus, ko_minus, en_plus),
                                                         (ko_minus, en_plus, ko_plus, en_minus)):
                gone = not en_other and len(en_side) > len(ko_other)
                thinned = not ko_other and len(en_other) < len(ko_side)
                if ko_side and en_side and (gone or thinned):
                    k, e = max(ko_side), max(en_side)
                    return [self.flag("negation", f"{pair.ko[k[0]:k[1]]} ({pol.name}) is reversed in the English: "
                                      f"{pair.en[e[0]:e[1]]!r}", k, e)]
        for korean_held, said, told in ((True, "no change", "a change"), (False, "a change", "no change")):
            found = _hold_told_as_move(pair, korean_held)
            if found is not None:
                k, e = found
                return [self.flag("negation", f"{pair.ko[slice(*k)]} ({said}) is rendered as {told}: "
                                  f"{pair.en[slice(*e)]!r}", k, e, 0.8)]
        affirming = [m.span() for pattern in (_EN_DOUBLE_NEGATION, _EN_AFFIRMING_IDIOM)
                     for m in pattern.finditer(pair.en)]
        en_neg = [m.span() for m in _EN_NEGATION.finditer(pair.en) if not any(a <= m.start() < b for a, b in affirming)]
        en_weak = [m.span() for m in _EN_WEAK_NEGATION.finditer(pair.en)]
        tail = pair.ko.rstrip()[-_FINAL_REACH:]
        if not en_neg and (en_weak or _EN_LEXICAL_NEGATION.search(pair.en) is not None or
                           (_KO_NEGATION_HINT.search(tail) is None and _KO_IMPOSSIBLE.search(tail) is None)):
            return []  # nothing negated in the English, and no negation can end the Korean predicate unanswered
        negations = korean_negations(pair.ko)
        double_span = korean_double_negation(pair.ko)
        ko_neg = [s for s in negations if not _KO_LITOTES.search(pair.ko[max(0, s[1] - 12):s[1] + 2])
                  and not (double_span and double_span[0] <= s[0] < double_span[1])]
        # negations that affirm: two in the final predicate (비판하지 않을 수 없다, must criticize), 할 수밖에 없다
        affirmed = ([double_span] if double_span else []) + [m.span() for m in _KO_NO_CHOICE.finditer(pair.ko)]
        if affirmed and en_neg and not ko_neg and self._final_clause(pair.ko, max(affirmed)):
            k = max(affirmed)
            return [self.flag("negation", f"the Korean affirms with negations ({pair.ko[k[0]:k[1]]}: must, cannot "
                              f"but) and the English negates ({pair.en[en_neg[-1][0]:en_neg[-1][1]]!r})", k,
                              en_neg[-1], 0.8)]
        ko_any = [s for s in negations if not any(a <= s[0] < b for a, b in affirmed)]
        if ko_neg and not en_neg and not en_weak and self._final_clause(pair.ko, ko_neg[-1]) and \
                _EN_LEXICAL_NEGATION.search(pair.en) is None and not _said_by_an_antonym(pair.ko, ko_neg[-1], pair.en):
            return [self.flag("negation", f"the Korean predicate is negated ({pair.ko[ko_neg[-1][0]:ko_neg[-1][1]]}) "
                              "and the English is not", ko_neg[-1], None, 0.7)]
        if en_neg and not ko_neg and not ko_any and \
                (not self._lexically_negative(pair) or _EN_NOT_AVOIDING.search(pair.en) is not None) and \
                not all(_EN_NOT_BAD.match(pair.en, a) for a, _ in en_neg):
            added = added_clause(self, pair, en_neg[0][0])
            if added is not None:
                return [added]
            return [self.flag("negation", f"the English is negated ({pair.en[en_neg[0][0]:en_neg[0][1]]!r}) and the "
                              "Korean is not", None, en_neg[0], 0.7)]
        return []

    def _by_figure(self, pair: SegmentPair) -> list[Flag]:
        """The direction next to a figure both sides give: 21.4% 줄어 against "Up 21.4%"."""
        direction = POLARITIES[0]
        match = match_figures(pair.ko, pair.en)
        for i, j in match.pairs:
            k, e = match.ko[i], match.en[j]
            if k.unit in ("krw", "usd", "jpy", "eur", "cny") and not e.unit:
                continue
            ko_near = _nearest(pair.ko, k.span, direction.ko_plus, direction.ko_minus, False, 0, 6)
            en_near = _nearest(pair.en, e.span, tuple(w for w in direction.en_plus if w != "growth"),
                               direction.en_minus, True, 12, 12)
            if ko_near and en_near and (ko_near[0] != en_near[0]) != _won_for_rate(pair):
                return [self.flag("negation", f"{pair.ko[ko_near[1][0]:ko_near[1][1]]} {k.text(pair.ko)} is "
                                  f"reversed in the English: {pair.en[en_near[1][0]:en_near[1][1]]!r} "
                                  f"{e.text(pair.en)}", ko_near[1], en_near[1])]
        return []

    @staticmethod
    def _lexically_negative(pair: SegmentPair) -> bool:
        """A Korean predicate that is negative in meaning (불투명하다, 반대했다), or 없이 or 모르다 anywhere (아무도
        모르기 때문에: because no one knows): English may say "not" for it."""
        ends = [s.rstrip()[-15:] for s in (pair.ko_sentences or (pair.ko,))]
        return any(_KO_LEXICAL_NEGATION.search(end) for end in ends) or re.search(r"없[이는다]", pair.ko) is not None \
            or _KO_NEGATIVE_NOUN.search(pair.ko) is not None or _not_knowing(pair.ko)

    @staticmethod
    def _final_clause(ko: str, span: tuple[int, int]) -> bool:
        return len(ko.rstrip()) - span[1] <= _FINAL_CLAUSE


def _negated_opposites(pair: SegmentPair, ko_plus: list, ko_minus: list, ko_not_plus: list, en_plus: list,
                       en_minus: list, en_not_plus: list) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A predicate negated on both sides, but not the same one: 늘지 않았다 as "did not fall", 허용하지 않았다 as
    "did not ban", 좋지 않았다 as "not bad". Where the English also negates the Korean's own word, or states either
    side plainly ("neither rose nor fell", "did not fall but rose"), it is read as answered: (Korean, English)."""
    ko_not_minus = [s for s in ko_minus if s not in ko_not_plus and _negated(pair.ko, s, False)]
    en_not_minus = [s for s in en_minus if s not in en_not_plus and _negated(pair.en, s, True)]
    en_plain = [s for s in en_plus + en_minus if s not in en_not_plus and s not in en_not_minus]
    if en_plain:
        return None
    if ko_not_plus and en_not_minus and not en_not_plus and \
            not [s for s in ko_plus if s not in ko_not_plus] and not ko_not_minus:
        return max(ko_not_plus), max(en_not_minus)
    if ko_not_minus and en_not_plus and not en_not_minus and \
            not [s for s in ko_minus if s not in ko_not_minus] and not ko_not_plus:
        return max(ko_not_minus), max(en_not_plus)
    return None


def _not_knowing(ko: str) -> bool:
    """Whether the Korean holds the verb 모르다 (not 모르핀): read from its morphemes where its syllables stand."""
    return re.search("모르|모른|모를|몰", ko) is not None and any(
        t.form == "모르" and t.tag.startswith("VV") for t in morphemes(ko.rstrip()))


_FINAL_CLAUSE = 12  # a negation this close to the Korean's end negates its final predicate
_FINAL_REACH = _FINAL_CLAUSE + 8  # where such a negation's syllables can stand


@lru_cache(maxsize=8192)
def korean_length(ko: str, ratio: float) -> float:
    """The Korean's length in Korean characters (spaces excluded), reading its Latin script as English is read: an
    English gloss in brackets after a Korean name ("브리티시 프레스 어소시에이션(British Press Association)")
    repeats the name and counts for nothing, other Latin text (GM, Abraham Lincoln) at `ratio` English characters
    a Korean one."""
    ko = _KO_LATIN_GLOSS.sub("", ko).replace(" ", "")
    latin = sum(len(m.group()) for m in _LATIN_RUN.finditer(ko))
    return len(ko) - latin + latin / ratio


_KO_LATIN_GLOSS = re.compile(r"(?<=[가-힣])\s?\([A-Za-z][A-Za-z .,&'-]{3,}\)")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


_EN_SPELLED_OUT = re.compile(r"\s?\((?:[A-Z][A-Za-z&.-]{0,9}[A-Z.]|local time)\)")
_EN_POINTS = re.compile(r"\s?percentage points?|\s?percent\b", re.I)


def english_chars(en: str, content: bool = False) -> int:
    """The English's characters, spaces excluded; with `content`, less what spells out rather than adds: an acronym
    in brackets after its name ("Financial Services Commission (FSC)"), "(local time)", "percentage points" for %p."""
    if content:
        en = _EN_POINTS.sub("%", _EN_SPELLED_OUT.sub("", en))
    return len(en.replace(" ", ""))


def length_z(pair: SegmentPair, cfg: QEConfig, content: bool = False) -> float | None:
    """How far the English length leans from the Korean one, in standard deviations of the log ratio (characters,
    spaces excluded, the Korean's Latin script read as English: `korean_length`; `content`: see `english_chars`);
    None for texts too short to judge (under 20 characters a side vary too much)."""
    ko, en = korean_length(pair.ko, cfg.length_ratio), english_chars(pair.en, content)
    if ko < 20 or en < 20:
        return None
    return (math.log(en / ko) - math.log(cfg.length_ratio)) / cfg.length_sigma


def length_off(pair: SegmentPair, cfg: QEConfig, lean: float = 0.0, content: bool = False) -> float:
    """English characters (spaces excluded) over (or, negative, under) what the Korean's length warrants, at the
    usual ratio or at one that leans `lean` deviations from it (`SegmentPair.length_norm`), the figures both sides
    write alike counted as they are (`figures_alike`)."""
    ratio = cfg.length_ratio * math.exp(lean * cfg.length_sigma)
    alike = figures_alike(pair)
    return english_chars(pair.en, content) - alike - (korean_length(pair.ko, cfg.length_ratio) - alike) * ratio


def figures_alike(pair: SegmentPair) -> int:
    """The characters of the figures both sides write alike: 2,650.31 is eight characters in either, not eight
    times the English per Korean ratio. A market report ("1.2% 오른 2,650.31에 마감했다" as "closed up 1.2% at
    2,650.31") is mostly figures, and its English is terse: counted at the ratio, its figures alone warranted 18
    English characters more than they take."""
    match = match_figures(pair.ko, pair.en)
    alike = 0
    for i, j in match.pairs:
        written = match.ko[i].text(pair.ko).replace(" ", "")
        if written == match.en[j].text(pair.en).replace(" ", ""):
            alike += len(written)
    return alike


class LengthRatio(Check):
    """English much longer or shorter than the Korean warrants (English runs 2.54 characters per Korean one)."""

    name = "length"
    version = 4  # issue 14's readings of real translations; a clause's worth of characters off, not a word; the
    # figures both sides write alike counted as they are

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        z = length_z(pair, self.cfg)
        if z is None or abs(z) < self.cfg.length_z or abs(length_off(pair, self.cfg)) < self.cfg.length_chars:
            return []
        ko, en = len(pair.ko.replace(" ", "")), len(pair.en.replace(" ", ""))
        what = "longer" if z > 0 else "shorter"
        return [self.flag("length", f"the English is {what} than the Korean warrants ({en} vs {ko} characters, "
                          f"{abs(z):.1f} standard deviations)", None, None, min(1.0, abs(z) / (2 * self.cfg.length_z)))]


def anchored_by_figures(ko: str, en: str) -> bool:
    """Whether the two sides give the same two distinctive figures or more (a decimal, a sum, a share: 2.16달러
    and 131.04달러 as "$2.16" and "$131.04") and no figure the other lacks: one fact, whatever the encoder's cosine
    says of a terse English rendering."""
    match = match_figures(ko, en)
    if match.ko_unmatched or match.en_unmatched:
        return False
    distinctive = [k for k in (match.ko[i] for i, _ in match.pairs) if not k.weak and (
        k.value != int(k.value) or abs(k.value) >= 100 or k.unit in ("pct", "pp", "krw", "usd", "jpy", "eur", "cny"))]
    return len(distinctive) >= 2


class LowSimilarity(Check):
    """The two sides barely mean the same thing by the encoder: the one check that reads meaning as a whole (a
    pair that two distinctive figures anchor is not flagged by it: `anchored_by_figures`)."""

    name = "low_similarity"
    version = 2  # issue 14: anchored by figures

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if pair.similarity is None or pair.similarity >= self.cfg.low_similarity or \
                anchored_by_figures(pair.ko, pair.en):
            return []
        return [self.flag("low_similarity", f"the English and the Korean are not alike (similarity "
                          f"{pair.similarity:.2f}, below {self.cfg.low_similarity:g})", None, None)]


# Connective endings that link one clause to the next (참석했고, 밝히며, 좋아졌지만, 만나 설명하면서); 다고 and
# 라고 quote what the reporting verb after them says, and 어/아 before an auxiliary verb (좋지 않아 보이다, 도와
# 주다) is one predicate.
_KO_LINKING = frozenset({"고", "며", "으며", "면서", "으면서", "지만", "는데", "은데", "ᆫ데", "어서", "아서", "서", "어",
                         "아", "여", "자", "면", "으면", "도록", "려고", "으려고", "나", "으나", "다가", "고서", "어도",
                         "아도", "더라도", "니", "으니", "니까", "으니까", "다며", "라며", "다면서", "라면서"})
_KO_AUXILIARY = frozenset({"보", "보이", "주", "드리", "두", "놓", "버리", "내", "가", "오", "있", "지", "대", "치우"})
_KO_NOMINAL = ("N", "SN", "SL", "SH", "XSN")  # tags of the words a list's comma follows


def _linking(ending: str) -> bool:
    """Whether a connective ending links clauses, with the tense or mood it carries (ᆫ다며, 는다면서) or not."""
    return ending in _KO_LINKING or ending.lstrip("ᆫᆯ") in _KO_LINKING or ending.removeprefix("는") in _KO_LINKING


def korean_clauses(text: str, min_chars: int) -> list[tuple[int, int]]:
    """The clauses of a Korean sentence, read from its morphemes: each ends with its connective ending (EC), or at
    a comma or a middle dot, and is at least `min_chars` long (a shorter one joins the next); [] for one clause.
    A syllable that only looks like an ending (사고 현장, 바나나) is no boundary."""
    tokens = morphemes(text)
    bounds: dict[int, int] = {}  # where a clause ends -> where the next begins
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.tag == "EC" and _linking(t.form) and t.end < len(text) and text[t.end] in " ,":
            if nxt is not None and (nxt.tag == "VX" or (t.form in ("어", "아", "여") and nxt.form in _KO_AUXILIARY)):
                continue
            end = t.end
        elif t.tag == "SP" and t.form in (",", "·") and i and not tokens[i - 1].tag.startswith(_KO_NOMINAL):
            end = t.start  # (not a list or an apposition: 서울, 부산, 대구)
        else:
            continue
        begin = t.end
        while begin < len(text) and text[begin] in " ,":
            begin += 1
        bounds.setdefault(end, begin)
    cuts, start = [], 0
    for end, begin in sorted(bounds.items()):
        if end - start >= min_chars and len(text) - begin >= min_chars:
            cuts.append((start, end))
            start = begin
    cuts.append((start, len(text)))
    return cuts if len(cuts) > 1 else []


_EN_CLAUSE_END = re.compile(r",\s+(?=(?:and|but|while|which|who|adding|saying|as|with|after|before|although|"
                            r"whereas|thereby|bringing|making|up|down|the|a|an|its|their)\b)|\s+(?:and|while|but)\s+(?=\w+\s)|;\s*")
# ...and, where the Korean is one sentence, an English sentence of its own (a full stop after a lower-case word, not
# "Mr." or "Corp.", before a capital): a sentence the English adds
_EN_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[a-z0-9][.!?])(?<!Sept\.)(?<!Corp\.)(?<!Prof\.)(?<!Capt\.)\s+(?=[A-Z])")
_EN_CLAUSE_OR_SENTENCE_END = re.compile(_EN_CLAUSE_END.pattern + "|" + _EN_SENTENCE_END.pattern)
_KO_SENTENCES = re.compile(r"[.!?][\"”’']?\s+\S")  # a Korean text of more than one sentence


def english_clauses(pair: SegmentPair) -> list[tuple[int, int]]:
    """The English's clauses (at least 20 characters), and its sentences too where the Korean is one sentence."""
    ends = _EN_CLAUSE_END if _KO_SENTENCES.search(pair.ko.strip()) else _EN_CLAUSE_OR_SENTENCE_END
    return _clauses(pair.en, ends, 20)


def added_clause(check: Check, pair: SegmentPair, at: int) -> Flag | None:
    """An addition flag on the English clause holding character `at` (or the English sentence, where the Korean is
    one sentence and the English adds one), where that is content the Korean does not have: leaving it out makes
    the sides `qe.addition_gain` more alike, and on its own it is at most `qe.addition_alone` like the Korean (the
    addition check's own test, on one clause). A negation or a possibility found there belongs to the added
    content, not to the Korean's predicate. None where the encoder says otherwise or the English is one clause."""
    if check.embed is None:
        return None
    held = [(a, b) for a, b in english_clauses(pair) if a <= at < b][:1]
    if held and not _KO_SENTENCES.search(pair.ko.strip()):  # ...or the English sentence it is in, all of it added
        held += [(a, b) for a, b in _clauses(pair.en, _EN_SENTENCE_END, 20) if a <= at < b and (a, b) != held[0]]
    if not held:
        return None
    (a, b), gain = leave_one_out(check, pair.en, pair.ko, held)
    alone, korean = check.embed([pair.en[a:b], pair.ko])
    if gain < check.cfg.addition_gain or float(alone @ korean) > check.cfg.addition_alone:
        return None
    return check.flag("addition", f"the Korean has nothing for {pair.en[a:b]!r}", None, (a, b), 0.7)


def leave_one_out(check: Check, full: str, other: str, clauses: list[tuple[int, int]]) \
        -> tuple[tuple[int, int], float]:
    """Of `clauses` of `full`, the one whose removal raises the cosine with `other` most: its span and that gain.
    The remainders come from the check's `embed_without` (with the embedded encoder: in time that grows with the
    text, not with the text times the number of clauses), else each is encoded."""
    whole, opposite = check.embed([full, other])  # type: ignore[misc]
    left_out = check.embed_without(full, clauses) if check.embed_without is not None else None
    if left_out is None:
        left_out = check.embed(remainders(full, clauses))  # type: ignore[misc]
    base = float(whole @ opposite)
    gains = [float(v @ opposite) - base for v in left_out]
    best = int(np.argmax(gains))
    return clauses[best], gains[best]


# "and" between two capitalised words joins a name ("the Ministry of Land, Infrastructure and Transport",
# "Procter and Gamble") or two names ("South Korea and the U.S."), not two clauses
_NAME_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w.&-]*$")
_NAME_AFTER = re.compile(r"(?:the\s+)?[A-Z]")


def _joins_a_name(text: str, m: re.Match[str]) -> bool:
    return m.group().strip() == "and" and _NAME_BEFORE.search(text, 0, m.start()) is not None and \
        _NAME_AFTER.match(text, m.end()) is not None


def _clauses(text: str, pattern: re.Pattern[str], min_chars: int) -> list[tuple[int, int]]:
    cuts, start = [], 0
    for m in pattern.finditer(text):
        if m.end() - start >= min_chars and len(text) - m.end() >= min_chars and not _joins_a_name(text, m):
            cuts.append((start, m.start()))
            start = m.end()
    cuts.append((start, len(text)))
    return cuts if len(cuts) > 1 else []


# "Ever" claims a record beside a comparison or a record verb ("than ever", "the first ever", "ever recorded"), not
# where it means "at any time" ("no proof that aliens ever visited"); "in the history of X" is no record either.
_EN_SUPERLATIVE = re.compile(
    r"\b(?:the\s(?:\w+[-\s])?(?:highest|lowest|largest|biggest|smallest|most|least|best|worst|fastest|"
    r"strongest|weakest)\b[^,.;]*|for the first time\b(?!\sin)|(?:all-time|record)[-\s]\w+|than ever\b|"
    r"(?:first|biggest|largest|highest|best|worst)[-\s]ever\b|ever\s(?:recorded|seen|made|built|sold|reported)\b|"
    r"in (?:its|the \w+'s|(?!the\b)\w+) history\b(?!\s+of\b))", re.I)
# What a Korean sentence says a record or a first with: 최고/최대/최저/최선..., 사상, 역대, 처음, 제일, N년 만에
# (first in N years), 그 어느 때보다 (than ever)
_KO_SUPERLATIVE = re.compile(r"최[고대저소초다장악강하상선]|처음|사상|역대|가장|제일|신기록|1위|정점|첫|유일|"
                             r"만[에의이]|번째|[상하]위|신고가|어느\s?때\s?보다|그\s?어떤")


# A superlative that grades (the best person, the most strange way) rather than claims a record or a first: where
# the Korean has no superlative, its noun is there with a plain grade (능력을 보유한 인물, 매우 이상한 방법,
# 훌륭한 각도), so what is said differs in degree (`meaning`); a record ("the highest level on record") is a claim
# the Korean never makes (`addition`)
_EN_GRADING = re.compile(r"the\s(?:\w+[-\s])?(?:best|worst|most|least)\b"
                         r"(?![^,.;]*\b(?:ever|record|history|all-time|since|decades?|years|century)\b)", re.I)


def superlative_added(en: str, ko: str) -> tuple[int, int] | None:
    """An English claim of a record or a first ("the highest price ever paid") that the Korean never makes."""
    if _KO_SUPERLATIVE.search(ko):
        return None
    m = _EN_SUPERLATIVE.search(en)
    return m.span() if m else None


@dataclass(frozen=True, slots=True)
class _Article:
    """What a lone sentence is checked against in the other side's whole article, found once for all its lone
    sentences (each reading the article again cost the square of its length): its figures, the gazetteer entries
    its names stand for, and (a Korean article) whether it claims a record or a first anywhere."""

    text: str
    figures: FigureIndex
    entries: frozenset[int]
    claims_record: bool

    @classmethod
    def of(cls, text: str, korean: bool, gazetteer: Gazetteer | None) -> _Article:
        figures = korean_figures(text) if korean else english_figures(text)
        names = (korean_names(text, gazetteer) if korean else english_names(text, gazetteer)) if gazetteer else []
        return cls(text, FigureIndex(figures, korean), frozenset().union(*(n.entries for n in names)),
                   korean and _KO_SUPERLATIVE.search(text) is not None)


def _lone_content(text: str, opposite: _Article, korean: bool, gazetteer: Gazetteer | None) \
        -> tuple[str, tuple[int, int]] | None:
    """What a sentence with nothing opposite carries that the other article never says: a figure whose value it
    gives nowhere, or a known name. A dropped sentence that only repeats, or an added one that only explains,
    carries none."""
    figures = korean_figures(text) if korean else english_figures(text)
    for figure in figures:
        if not figure.weak and not opposite.figures.gives(figure):
            return figure.text(text), figure.span
    if not korean and not opposite.claims_record:
        record = _EN_SUPERLATIVE.search(text)
        if record:
            return record.group(), record.span()
    if gazetteer is not None:
        for name in korean_names(text, gazetteer) if korean else english_names(text, gazetteer):
            if name.entries and not name.entries & opposite.entries and \
                    not any(gazetteer.entries[i].implicit for i in name.entries):
                return text[name.span[0]:name.span[1]], name.span
    return None


class _PartialContent(Check):
    """Shared by omission and addition: content of one side with no counterpart on the other, found by what
    does not match (a figure, a name) and by leave-one-out similarity on clauses: a clause whose removal makes
    the sides more alike is not in the other side."""

    _article: _Article | None = None  # the last other-side article a lone sentence was checked against

    def _lone(self, pair: SegmentPair, korean: bool) -> list[Flag]:
        """A sentence with nothing opposite: flagged when it carries content the other article lacks, or is
        unlike every sentence there."""
        text = pair.ko if korean else pair.en
        if self._article is None or self._article.text != pair.opposite:
            self._article = _Article.of(pair.opposite, not korean, self.gazetteer)
        found = _lone_content(text, self._article, korean=korean, gazetteer=self.gazetteer)
        if found is None and (pair.best_opposite is None or pair.best_opposite >= self.cfg.lone_floor):
            return []
        span = found[1] if found else (0, len(text))
        if korean:
            why = f"; {found[0]} appears nowhere in the English" if found else ""
            return [self.flag("omission", f"this Korean sentence has no English translation{why}", span, None, 0.8)]
        why = f"; {found[0]} appears nowhere in the Korean" if found else ""
        return [self.flag("addition", f"this English sentence has no Korean source{why}", None, span, 0.8)]

    def _z(self, pair: SegmentPair) -> float:
        return length_z(pair, self.cfg) or 0.0

    def _leave_one_out(self, full: str, other: str, clauses: list[tuple[int, int]]) \
            -> tuple[tuple[int, int], float] | None:
        """The clause whose removal raises the cosine with the other side most, and that gain (`leave_one_out`);
        None without an encoder or clauses."""
        if self.embed is None or not clauses:
            return None
        return leave_one_out(self, full, other, clauses)

    def _alone(self, clause: str, other: str) -> float:
        """A clause's own cosine with the other side."""
        first, second = self.embed([clause, other])  # type: ignore[misc]
        return float(first @ second)


_SHARES = {"fraction", "pct"}  # a share, said either way: 3분의 1, "33%"


def _with_value(text: str, figure: Figure) -> str:
    """A figure as written with its value read, a share in percent: "3분의 1 (33.3%)", "15%" as it is."""
    if figure.unit == "pct" and text.rstrip().endswith("%"):
        return text
    shown = f"{_fmt(round(100 * figure.value, 1))}%" if figure.unit == "fraction" else _fmt(figure.value)
    said = _AS_WRITTEN.fullmatch(text)
    if said and said[1].replace(",", "") == shown.replace(",", ""):  # 12명, "21 dollars": the value as it stands
        return text
    return f"{text} ({shown})"


# a figure in digits and words after them: its value as it stands unless a word scales it (20만, "5 billion")
_AS_WRITTEN = re.compile(r"([\d,]*\d(?:\.\d+)?)\D*")


_WORDED_COUNTS = frozenset(float(n) for n in range(2, 13))  # counts English news writes in words (two to twelve)
_ORDINAL_UNITS = frozenset({"rank", "months", "years"})  # what English may give as an ordinal: "third", "fifth year"


def _weak_renderings(k: Figure, match: FigureMatch) -> list[Figure]:
    """English figures written in words or as a fraction ("half a percentage point", "twice", "one in four") that
    render no Korean one and share the unit of `k`, a stated unit (%p, times, a measure, a fraction) or a count
    that English writes in words (3명 as "four people"); or ordinals for a rank or a run of months or years (2위 as
    "third", 3개월 연속 as "a fifth straight month"): what `k` was rendered as."""
    used = {j for _, j in match.pairs}
    ordinal = k.unit in _ORDINAL_UNITS
    if k.unit not in _STATED_UNITS and k.unit != "fraction" and not ordinal and \
            not (k.unit == "" and k.value in _WORDED_COUNTS):
        return []
    if not _not_repeated([k], [match.ko[i] for i, _ in match.pairs]):
        return []  # 이 10년 (these ten years) again after 10년, rendered "those years"
    return [e for j, e in enumerate(match.en) if e.weak and j not in used and
            (e.unit == k.unit or (ordinal and e.unit == "ordinal" and e.value > 1))]  # "first" is mostly no rank


def _not_repeated(unmatched: list[Figure], matched: list[Figure]) -> list[Figure]:
    """The figures of one side that the other lacks, less those that repeat one it renders: 이 10년 (these ten
    years) again after 10년, which the English says as "those years"; a name glossed in brackets."""
    return [f for f in unmatched if not any(f.unit == m.unit and same_value(f.value, m.value) for m in matched)]


class Omission(_PartialContent):
    """Korean content missing from the English: a Korean sentence with nothing opposite that the rest of the
    English does not cover, a figure or name with no counterpart, or a clause the English leaves out."""

    name = "omission"
    version = 6  # issue 14: "far shorter" needs a clause missing; clauses by morphemes; a figure said again; the
    # figures both sides write alike counted as they are

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.ko:
            return []
        if not pair.en:
            return self._lone(pair, korean=True)
        match = match_figures(pair.ko, pair.en)
        missing = [k for k in _not_repeated(match.ko_unmatched, [match.ko[i] for i, _ in match.pairs])
                   if not _weak_renderings(k, match)]  # (rendered otherwise: a `number` flag says so)
        if missing and not match.en_unmatched:
            k = missing[0]
            return [self.flag("omission", f"{k.text(pair.ko)} in the Korean has no counterpart in the English",
                              k.span, None)]
        if pair.role != "body" or not self._short(pair):
            return []
        if self._z(pair) <= -self.cfg.length_z and -length_off(pair, self.cfg) >= self.cfg.length_chars:
            return [self.flag("omission", "the English is far shorter than the Korean: content is missing", None,
                              None, 0.6)]
        if not self.cfg.omission_clauses:
            return []
        found = self._leave_one_out(pair.ko, pair.en, korean_clauses(pair.ko, 8))
        if found and found[1] >= self.cfg.omission_gain:
            (a, b), gain = found
            return [self.flag("omission", f"the English leaves out {pair.ko[a:b]!r}", (a, b), None,
                              min(1.0, 0.5 + gain * 5))]
        return []

    def _short(self, pair: SegmentPair) -> bool:
        return self._z(pair) <= -self.cfg.omission_z


def _time_phrase_rendered(clause: str, ko: str) -> bool:
    """A short English phrase that says when ("Starting this month,") and a time the Korean states alike (이달부터):
    the encoder weighs such a phrase lightly, and leaving it out raises the cosine though it is there."""
    if len(clause.split()) > 4:
        return False
    ko_times = korean_times(ko)
    return any(related(e, k) and agree(e, k) for e in english_times(clause) for k in ko_times)


def _date_added(pair: SegmentPair) -> tuple[int, int] | None:
    """The span of a calendar day (a month and its day) in the English where the Korean names no day at all, not
    even 이날 or 전날: a date is a fact of its own, where a bare weekday ("on Tuesday") is a time adverb."""
    dated = [e for e in english_times(pair.en) if "day" in e.values and "month" in e.values]  # as written: "today"
    if not dated or any({"day", "shift", "day_rel"} & set(k.values) for k in korean_times(pair.ko)):  # unresolved
        return None
    return dated[0].span


class Addition(_PartialContent):
    """English content with no Korean source: an English sentence with nothing opposite, a figure with no
    counterpart, or a clause the Korean does not have."""

    name = "addition"
    version = 9  # issue 14: a calendar day the Korean does not give; "ever"; longer than its neighbours; repeats;
    # a grading superlative is a change of degree (meaning); figures both sides write alike counted as they are;
    # "and" between two names joins no clauses; a dated dateline is the wire's

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.en:
            return []
        if not pair.ko:
            return self._lone(pair, korean=False)
        match = match_figures(pair.ko, pair.en)
        added = _not_repeated(match.en_unmatched, [match.en[j] for _, j in match.pairs])
        if added and not match.ko_unmatched and mt_rival(pair, added[0]) is None:
            e = added[0]  # (with an MT rival figure it is a figure rendered wrong: the number check's)
            return [self.flag("addition", f"{e.text(pair.en)} in the English has no counterpart in the Korean",
                              None, e.span)]
        date = _date_added(pair)
        if date:
            return [self.flag("addition", f"the English dates it {pair.en[slice(*date)]!r}; the Korean gives no day",
                              None, date, 0.8)]
        record = superlative_added(pair.en, pair.ko)
        if record and _EN_GRADING.match(pair.en, record[0]):
            return [self.flag("meaning", f"the English makes it a superlative ({pair.en[record[0]:record[1]]!r}); "
                              "the Korean does not", None, record, 0.8)]
        if record:
            return [self.flag("addition", f"the English claims {pair.en[record[0]:record[1]]!r}, which the Korean "
                              "does not", None, record, 0.8)]
        if pair.role != "body":
            return []
        if self._long(pair):
            if self._z(pair) >= self.cfg.length_z and length_off(pair, self.cfg) >= self.cfg.length_chars:
                return [self.flag("addition", "the English is far longer than the Korean: it says more", None, None,
                                  0.6)]
            found = self._leave_one_out(pair.en, pair.ko, english_clauses(pair))
            if found and found[1] >= self.cfg.addition_gain and \
                    not _time_phrase_rendered(pair.en[found[0][0]:found[0][1]], pair.ko) and \
                    self._alone(pair.en[found[0][0]:found[0][1]], pair.ko) <= self.cfg.addition_alone:
                (a, b), gain = found
                return [self.flag("addition", f"the Korean has nothing for {pair.en[a:b]!r}", None, (a, b),
                                  min(1.0, 0.5 + gain * 5))]
        over = self._over_the_norm(pair)
        if over is not None:
            return [self.flag("addition", f"the English runs {over:.0f} characters longer against its Korean than "
                              "the sentences beside it do: it says more than the Korean", None, None, 0.5)]
        return []

    def _long(self, pair: SegmentPair) -> bool:
        return self._z(pair) >= self.cfg.addition_z

    def _over_the_norm(self, pair: SegmentPair) -> float | None:
        """English characters (spaces excluded) beyond what the Korean warrants at the length its neighbours run
        (`SegmentPair.length_norm`), where the lean is `qe.addition_norm_z` or more over theirs and the characters
        `qe.addition_norm_chars` or more, what only spells out left aside (`english_chars`): a corpus whose Korean
        condenses its English (news translated from wire copy) runs short, and a sentence long beside its
        neighbours there has content the Korean dropped."""
        cfg, z = self.cfg, length_z(pair, self.cfg, content=True)
        if pair.length_norm is None or z is None or z - pair.length_norm < cfg.addition_norm_z:
            return None
        over = length_off(pair, cfg, pair.length_norm, content=True)
        return over if over >= cfg.addition_norm_chars else None


class MTDisagreement(Check):
    """The human English is far from what an MT model makes of the Korean: sentence chrF (sacrebleu) below
    `qe.mt.chrf_floor`. Not specific (it says "look here", not what is wrong), so it gives way to the content
    checks' flags like length and low_similarity; its chrF and BLEU are kept on every segment either way."""

    name = "mt_disagreement"

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.mt or not pair.ko or not pair.en:
            return []
        chrf, bleu = mt_agreement(pair.mt, pair.en)
        floor = self.cfg.mt.chrf_floor
        if chrf >= floor:
            return []
        severity = round(min(0.8, 0.3 + 0.5 * (floor - chrf) / floor), 3)
        mt = pair.mt if len(pair.mt) <= 160 else pair.mt[:157] + "..."
        return [self.flag("mt_disagreement", f"the English is far from the MT of the Korean: chrF {chrf:.1f} "
                          f"(below {floor:g}), BLEU {bleu:.1f}; MT: {mt!r}", None, None, severity)]


@cache
def _metrics():
    """sacrebleu's chrF (default: char 6-grams, beta 2) and sentence BLEU (exp smoothing, effective order)."""
    from sacrebleu.metrics import BLEU, CHRF

    metrics = CHRF(), BLEU(effective_order=True)
    for metric in metrics:  # a signature names the number of references, known once the metric has scored
        metric.corpus_score(["-"], [["-"]])
    return metrics


def mt_agreement(mt: str, en: str) -> tuple[float, float]:
    """Sentence chrF and BLEU of the human English against the MT as reference."""
    chrf, bleu = _metrics()
    return chrf.sentence_score(en, [mt]).score, bleu.sentence_score(en, [mt]).score


def metric_signatures() -> dict[str, str]:
    """sacrebleu's reproducibility signatures of the two metrics, as recorded with the output."""
    chrf, bleu = _metrics()
    return {"chrF": str(chrf.get_signature()), "BLEU": str(bleu.get_signature())}


class QEModel(Check):
    """A reference-free QE model (`--qe-model`) scores the pair below `qe.model.floor`."""

    name = "qe_model"

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if pair.model_score is None or not pair.ko or not pair.en or pair.model_score >= self.cfg.model.floor:
            return []
        return [self.flag("qe_model", f"the QE model scores the pair {pair.model_score:.3f} (below "
                          f"{self.cfg.model.floor:g})", None, None, 0.5)]


# What a Korean predicate's modality is, read from its morphemes (kiwipiepy): a plan or forecast (제작할 예정이다,
# 전망된다, 할 것이다), a possibility (넘어설 수 있다, 가능성), an attempt (앉히려 했다, 하고자 했다).
# 기대된다 (is expected) only: 기대하다 is a person's hope ("I look forward to"), no forecast of what is reported
_KO_PLAN_NOUNS = {"예정", "계획", "방침", "전망", "예상", "목표", "관측", "추진", "기대"}
_KO_POSSIBILITY_NOUNS = {"가능성", "가능"}
# Endings that report what was said (하겠다고 밝혔다, 할 것이라며): a stated plan, not a manner of speaking
_KO_REPORTED = {"다고", "라고", "다며", "라며", "다는", "라는", "다면서", "라면서"}
# 말할 수 있다, 볼 수 있다: a hedge on what is said ("it can be said"), which English leaves unsaid.
# 확인할 수 있다: can be found (where to read more), not a possibility either.
_KO_HEDGE_VERBS = {"말하", "보", "평가하", "해석하", "풀이하", "이해하", "확인하", "찾아보"}


def _stem(tokens: tuple, at: int) -> str:
    """The verb ending at morpheme `at`, a noun and its 하 joined (말+하: 말하)."""
    if tokens[at].tag == "XSV" and at:
        return tokens[at - 1].form + tokens[at].form
    return tokens[at].form


def _describes(after: tuple) -> bool:
    """Whether 가능 describes a noun (사용 가능한 자원: available resources; 가능한 한: as far as possible) rather than
    ending the predicate."""
    return len(after) > 1 and after[0].form == "하" and after[1].tag == "ETM" and after[1].form in ("ᆫ", "는", "은")


def _realized(after: tuple) -> bool:
    """Whether the past ending follows 할 수 있 (구할 수 있었다: saved, managed to)."""
    return bool(after) and after[0].tag == "EP" and after[0].form in ("었", "았")


def _predicative(after: tuple) -> bool:
    """Whether 있 ends a predicate (넘어설 수 있다, 있다고) rather than describes a noun or a purpose (할 수 있는
    능력, 접할 수 있게): the capacity of a thing is not the modality of what is reported."""
    return not after or not (after[0].tag == "ETM" or (after[0].tag == "EC" and after[0].form in ("게", "도록")))


# What the English says of modality, by kind; one of any kind answers a Korean one (a plan may be "will", "is
# expected to", "could": translators move between them), none at all renders it as a fact.
_EN_MODAL = re.compile(
    r"\b(?:will|would|shall|should|could|can|cannot|may|might|must|'ll|'d|plan(?:s|ned|ning)?|expect(?:s|ed|ing)?|"
    r"schedul\w*|forecast\w*|project(?:s|ed|ion)|intend\w*|aim(?:s|ed|ing)? to|set to|going to|likel\w*|unlikely|"
    r"possib\w*|potential\w*|able to|chances?|prospect\w*|outlook|anticipat\w*|predict\w*|propos\w*|"
    r"tr(?:y|ies|ied|ying)|attempt\w*|sought to|seek\w*|hop(?:e|es|ed|ing) to|want\w*|desir\w*|wish\w*|"
    r"seem\w*|appear(?:s|ed)? to|apparently|perhaps|maybe|to be held|to be \w+(?:ed|en)|"
    r"upcoming|next (?:week|month|year)|bid to|vow\w*|pledg\w*|promis\w*|consider\w*|mull\w*|eye[ds]?|"
    r"probab\w*|improbab\w*|feasib\w*|achievab\w*|believ\w*|think\w*|thought|sees|seen as|viewed as|"
    r"intent\w*|willing\w*|due to|slated|poised|on track|decid\w* to|claim\w* to|rul(?:e|es|ed|ing) out)\b|"
    r"\bis to\b|\bare to\b|n't", re.I)
# A forecast as the thing a result is measured against is no modality: "exceeded market forecasts", "beat analysts'
# expectations", "higher than expected" state a fact
_EN_FORECAST_MET = re.compile(
    r"\b(?:beat|beats|beating|exceed\w*|top(?:s|ped|ping)?|miss(?:es|ed|ing)?|surpass\w*|outpac\w*|fell short of|"
    r"falls? short of|in line with|below|above|than|matched|meet|met)\s+(?:the\s+)?(?:market(?:'s)?\s+|analysts?'?\s+|"
    r"consensus\s+|average\s+|its\s+|their\s+|earlier\s+|previous\s+)*"
    r"(?:forecasts?|expectations?|estimates?|projections?|predictions?|expected|forecast|anticipated|predicted|"
    r"estimated|projected)\b", re.I)
# A possibility or a forecast the English adds ("may", "is expected to"); "May" capitalised is the month as often as
# the modal, so only "may" counts, and not where it asks leave ("when may we have our teacher back?").
# An English hedge on what is reported ("a note purportedly written by"), which a Korean gives as a claim, a report
# or an allegation (혐의, 의혹, 주장, 알려진, 전해진, 보도에 따르면, 추정) or as a possibility (것 같다)
_EN_HEDGE = re.compile(r"\b(?:alleged(?:ly)?|reportedly|purportedly|supposedly|apparently|rumou?red)\b", re.I)
_KO_HEDGE = re.compile(r"혐의|의혹|주장|알려|전해|보도|추정|소문|설이|의심|것\s?같|듯")
# What is feared, suspected or presumed (이용하고 있다고 우려했다: raised concerns that it may be using), which
# English says with "may": no fact turned into a possibility
_KO_FEARED = re.compile(r"우려|걱정|염려|두려|의혹|의심|추정")
_EN_POSSIBILITY = re.compile(r"\b(?:may|might)\b(?!\s(?:I|we|you)\b)|\b(?i:possibly|potentially|perhaps|maybe|"
                             r"(?:is|are|was|were|be)\s(?:widely\s)?(?:expected|likely|forecast|projected|predicted|"
                             r"poised|slated)\sto)\b")


# Every modality `korean_modality` reads on a predicate is written with one of these: a plan noun, 할 것 (a
# syllable ending in ㄹ before 것), 하겠, 할 수 있, 하려(고) 하다, 하고자, 할지도 모른다, 듯, 시도; read anywhere, also
# 아마, 처럼 보이다 and 하기도 하다. Most Korean sentences have none and skip the morphological analysis, most of QE's
# cost after encoding.
_FINAL_RIEUL = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 8)
# (모른다 holds no 모르: the syllables fuse)
_KO_MODALITY_HINT = re.compile(rf"[{_FINAL_RIEUL}을]\s?것|겠|수\s?(?:도\s?)?있|예정|계획|방침|전망|예상|목표|관측|추진|"
                               r"기대|가능|[지런]\s?도?\s?(?:모르|모른|모를|몰)|듯|것\s?같|려고?\s?(?:하|했|한|할|해|합)|고자|"
                               r"시도")
_KO_MODALITY_HINT_ANYWHERE = re.compile(rf"{_KO_MODALITY_HINT.pattern}|보이|보여|보인|아마|기도\s?[하한했할해]")


def korean_modality(text: str, anywhere: bool = False) -> tuple[str, tuple[int, int]] | None:
    """The first modality the Korean marks on a predicate, and where: ("plan" | "possibility" | "attempt", span),
    or None for a plain statement of fact. `anywhere` counts a modality inside a noun's description too (승인할 수
    있다는 보도: a report that it may approve), and a question that fears or guesses (것 아니냐는 우려), as an English
    "may" can render either."""
    guess = _KO_GUESSING_QUESTION.search(text) if anywhere else None
    if guess is not None:
        return "possibility", guess.span()
    if (_KO_MODALITY_HINT_ANYWHERE if anywhere else _KO_MODALITY_HINT).search(text) is None:
        return None  # no syllable that any modality below is written with: the morphemes need not be read
    return modality_of(morphemes(text.rstrip()), anywhere)  # the text the negation checks analyse: one analysis


def _observed(tokens: tuple, at: int) -> bool:
    """Whether 관측 at `at` reports what was measured (깊이는 111㎞인 것으로 관측됐다: was measured at), not a
    forecast (늘 것으로 관측된다): 것으로 after a present or past description, not after the future ㄹ."""
    return tokens[at].form == "관측" and at >= 3 and tokens[at - 1].form in ("으로", "로") and \
        tokens[at - 2].form == "것" and tokens[at - 3].tag == "ETM" and tokens[at - 3].form not in ("ᆯ", "을")


def modality_of(tokens: tuple, anywhere: bool = False) -> tuple[str, tuple[int, int]] | None:
    """`korean_modality` read from a text's morphemes."""
    for i, t in enumerate(tokens):
        nxt = tuple(n for n in tokens[i + 1:i + 5] if not n.tag.startswith("SS"))[:2]  # 넘을 것"이라고: past a quote
        if t.tag == "NNG" and t.form in _KO_PLAN_NOUNS and nxt[:1] and (t.form != "기대" or nxt[0].form == "되") and \
                not _observed(tokens, i) and (
                (nxt[0].tag in ("VCP", "XSV") and (anywhere or _predicative(tokens[i + 2:i + 3])))
                or (nxt[0].tag == "JKB" and nxt[0].form in ("으로", "로")
                    and not (t.form == "목표" and nxt[1:2] and nxt[1].form == "하"))):  # 목표로 한: targeted
            return "plan", (t.start, t.end)  # 제작할 예정이다, 전망된다; not 수주 목표인 (the target of)
        if t.tag == "NNB" and t.form == "것" and i and tokens[i - 1].tag == "ETM" and tokens[i - 1].form in (
                "ᆯ", "을") and nxt[:1] and (nxt[0].tag in ("JKB", "JKQ") or (nxt[0].tag == "VCP" and nxt[1:2] and (
                    anywhere or nxt[1].tag == "EF" or nxt[1].form in _KO_REPORTED))):
            return "plan", (tokens[i - 1].start, t.end)  # 할 것이다, 될 것으로: the future (not 할 것인지, what to)
        if t.tag == "EP" and t.form == "겠" and (anywhere or (nxt[:1] and (nxt[0].form in _KO_REPORTED or (
                nxt[0].tag == "EF" and nxt[0].form == "다")))):
            return "plan", (t.start, t.end)  # 하겠다(고 밝혔다): will; not 알겠습니다 (I see)
        # 할 수 있었다 is what was done (managed to), not a possibility; 할 수도 있었다 (might have) still is
        modal_su = nxt[:1] and ((nxt[0].form == "있" and not _realized(tokens[i + 2:i + 3])) or (
            nxt[0].tag == "JX" and nxt[1:2] and nxt[1].form == "있"))
        if (t.tag == "NNB" and t.form == "수" and i > 1 and tokens[i - 1].tag == "ETM" and modal_su
                and (anywhere or (_predicative(tokens[i + 2:i + 3]) and _stem(tokens, i - 2) not in _KO_HEDGE_VERBS))):
            return "possibility", (tokens[i - 1].start, nxt[-1].end if nxt[0].tag == "JX" else nxt[0].end)
        if t.tag == "NNG" and t.form in _KO_POSSIBILITY_NOUNS and not (i and tokens[i - 1].tag == "XPN") and (
                anywhere or not _describes(nxt)):
            return "possibility", (t.start, t.end)  # 가능성, 가능하다; not 불가능 (impossible), 사용 가능한 자원
        if t.form == "모르" and i and (tokens[i - 1].form in ("지도", "ᆯ지도", "을지도", "ᆯ런지", "을런지") or (
                tokens[i - 1].form == "도" and i > 1 and tokens[i - 2].form.endswith("지"))):  # 꿀 지(NNB)도
            return "possibility", (t.start, t.end)  # 될지도 모른다, 빠질런지 모른다: may
        if t.tag == "NNB" and t.form == "듯" and i and tokens[i - 1].tag == "ETM" and (
                anywhere or not nxt[:1] or nxt[0].form != "하" or _predicative(tokens[i + 2:i + 3])):  # not 듯한 소리
            return "possibility", (tokens[i - 1].start, t.end)  # 승인할 듯: likely to
        if t.tag == "NNB" and t.form == "것" and nxt[:1] and nxt[0].form == "같" and nxt[0].tag == "VA":
            return "possibility", (t.start, nxt[0].end)  # 난 것 같다: seems to have
        if anywhere and ((t.tag == "MAG" and t.form in ("아마", "아마도")) or (
                t.form == "보이" and t.tag == "VV" and i and tokens[i - 1].form in ("처럼", "듯", "듯이", "으로", "로"))
                or (t.tag == "ETN" and t.form == "기" and nxt[:1] and nxt[0].form == "도" and nxt[1:2]
                    and nxt[1].form == "하")):
            return "possibility", (t.start, t.end)  # 아마, 처럼 보인다 (seems), 움직이기도 한다 (may move)
        if t.tag == "EC" and t.form in ("려", "려고", "으려", "으려고", "고자") and nxt[:1] and \
                nxt[0].form == "하" and (anywhere or _predicative(tokens[i + 2:i + 3])):  # not 하고자 하는 상대방
            return "attempt", (t.start, nxt[0].end)
        if t.tag == "NNG" and t.form == "시도":
            return "attempt", (t.start, t.end)
    return None


# An arrangement the English gives in the present progressive beside a time to come ("Tomorrow I'm going fishing",
# "Today we are playing 'Jaws'"): English's own way of stating a plan.
_EN_ARRANGED = re.compile(r"(?:'m|'re|\b(?:am|is|are))\s\w+ing\b", re.I)
_EN_TIME_TO_COME = re.compile(r"\b(?:today|tonight|tomorrow|this (?:week|weekend|evening|afternoon|month))\b", re.I)


def _arranged(en: str) -> bool:
    return _EN_ARRANGED.search(en) is not None and _EN_TIME_TO_COME.search(en) is not None


# English states a schedule or a plan in its present ("The exhibition brings together 180 objects", "we are playing
# 'Bear'"); it is a plan rendered as a fact where the English tells it as done (a past form: "The service opened
# Monday") or as the present itself ("now they're producing"). A participle used as an adjective ("a limited
# number") reads as past: the flag stays.
_EN_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|went|came|made|took|gave|got|began|became|left|found|saw|knew|thought|brought|"
    r"held|met|led|won|lost|paid|sent|built|spent|fell|rose|grew|chose|wrote|ran|struck|spoke|stood|sold|"
    r"(?!(?:hundred|united|indeed|sacred|hatred|kindred|naked|wicked|beloved|speed|proceed|exceed|succeed|breed)\b)"
    r"[a-z]{3,}ed)\b", re.I)
_EN_NOW = re.compile(r"\b(?:now|currently|already|at present|at the moment|these days|so far|to date|nowadays)\b",
                     re.I)


# "will" of the future ("will come", "won't", "they'll"), not the noun ("the will of the people")
_EN_WILL = re.compile(r"\b(?:will|won't)\b(?!\s+of\b)|(?<=\w)'ll\b", re.I)
# A past tense ending fuses with the stem into a syllable with a final ㅆ (했, 됐, 졌, 았): where none stands, the
# Korean tells nothing as past and its morphemes need not be read
_FINAL_SSANG_SIOT = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 20)
_KO_PAST_HINT = re.compile(f"[{_FINAL_SSANG_SIOT}]")
# The past of a verb that reports what is said ("He said the plant will..."): the report is past, not what it says
_EN_REPORTING = re.compile(r"\b(?:said|told|added|announced|noted|stated|reported|explained|stressed|emphasized|"
                           r"claimed|insisted|confirmed|revealed|disclosed)\b", re.I)
_KO_REPORTED_ENDS = ("다고", "다며", "다면서", "라고", "라며", "라면서")


def korean_past(ko: str) -> tuple[int, int] | None:
    """The last predicate of a Korean sentence that tells everything it says as past (이뤄졌다, 지었다고 밝혔다):
    every sentence and reported ending follows a past tense (었/았/였); None where a clause is present or to come
    (투자한다고 밝혔다: a plan reported in the present; 하기로 했다: decided to)."""
    if _KO_PAST_HINT.search(ko) is None:
        return None
    tokens = morphemes(ko.rstrip())
    if any(a.form == "기" and a.tag == "ETN" and b.form == "로" and c.form == "하"
           for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)):
        return None  # 늘리기로 했다 (decided to raise): a decision of something still to come
    ends = [i for i, t in enumerate(tokens) if t.tag == "EF" or (
        t.tag == "EC" and t.form.lstrip("ᆫ").removeprefix("는") in _KO_REPORTED_ENDS)]
    if not ends or any(i == 0 or tokens[i - 1].tag != "EP" or tokens[i - 1].form not in ("었", "았", "였", "었었")
                       for i in ends):
        return None
    last = ends[-1] - 1
    while last and tokens[last - 1].tag.startswith(("V", "X", "EP")):
        last -= 1
    return tokens[last].start, tokens[ends[-1]].end


def _present_schedule(en: str) -> bool:
    """Whether the English tells of something to come in its present: no past form and no word that makes the
    present the present."""
    return _EN_PAST.search(en) is None and _EN_NOW.search(en) is None


class Modality(Check):
    """A plan, forecast, possibility or attempt rendered as a fact, or a fact as a possibility: 제작할 예정이다 as
    "are producing", 넘어설 수 있다 as "surpassed", 앉히려 했다 as "forced", 세워지고 있다 as "may be sprouting". The
    Korean is read by its morphemes; the English by its modal words, any of which answers a Korean modality (a
    plan is as often "will" or "is expected to" as "plans to")."""

    name = "modality"
    version = 10  # issue 14: 기대하다, "decided to"; plans in the present; "will" of a past; hedges; fears; 관측됐다;
    # a possibility in an added sentence; "exceeded forecasts" states a fact; "cannot", "rule out"

    def __call__(self, pair: SegmentPair) -> list[Flag]:
        if not pair.ko or not pair.en:
            return []
        hedge = _EN_HEDGE.search(pair.en)
        if hedge is not None and _KO_HEDGE.search(pair.ko) is None and korean_modality(pair.ko, anywhere=True) is None:
            return [self.flag("modality", f"the English says {hedge.group()!r}; the Korean states it as a fact", None,
                              hedge.span(), 0.6)]
        if _EN_MODAL.search(_EN_FORECAST_MET.sub(" ", pair.en)) is None and not _arranged(pair.en):  # (every
            # possibility is a modal word too)
            found = korean_modality(pair.ko)
            if found is None:
                return []
            kind, span = found
            if kind == "plan" and _present_schedule(pair.en):
                return []
            what = {"plan": "a plan or forecast", "possibility": "a possibility", "attempt": "an attempt"}[kind]
            return [self.flag("modality", f"the Korean states {what} ({pair.ko[span[0]:span[1]]}); the English "
                              "states it as a fact", span, None, 0.8)]
        # a modal English answers any Korean modality: the Korean is read only where the English adds a possibility
        # (korean_modality anywhere finds whatever it finds on the predicate, and more)
        possibility = _EN_POSSIBILITY.search(pair.en)
        if possibility is not None and _KO_FEARED.search(pair.ko) is None and \
                korean_modality(pair.ko, anywhere=True) is None:
            added = added_clause(self, pair, possibility.start())
            if added is not None:
                return [added]
            forecast = possibility.group().lower().endswith(" to")  # often the sign of a clause the English adds:
            return [self.flag("modality", f"the English says {possibility.group()!r}; the Korean states a fact",
                              None, possibility.span(), 0.6 if forecast else 0.8)]  # its flag leads
        will = _EN_WILL.search(pair.en)  # (where the English tells part of it as done, "will" may be of the rest)
        if will is not None and _EN_PAST.search(_EN_REPORTING.sub("", pair.en)) is None and \
                korean_modality(pair.ko, anywhere=True) is None:
            done = korean_past(pair.ko)
            if done is not None:  # a fact the Korean tells as done, told as to come
                return [self.flag("modality", f"the English says {will.group()!r}; the Korean tells it as done "
                                  f"({pair.ko[done[0]:done[1]]})", done, will.span(), 0.8)]
        return []


CHECKS: dict[str, type[Check]] = {c.name: c for c in (
    Untranslated, Truncation, NumberConsistency, DateConsistency, DurationRelation, ComparisonBase, FinancialMetric,
    TitleRank, Connective, Contrast, EntityConsistency, Negation, Modality, Omission, Addition, LengthRatio,
    LowSimilarity, MTDisagreement, QEModel)}
# Checks that say a segment needs a look without saying what is wrong: they give way to the specific ones.
UNSPECIFIC = ("length", "low_similarity", "mt_disagreement", "qe_model")
