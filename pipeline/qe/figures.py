"""Figures of a Korean or English sentence, normalised to value and unit so that 20만개 meets 200,000 and
1조2000억원 meets 1.2 trillion won, with the character span each came from.

Dates and times (2026년, 8일, 1분기, 3 p.m.) are not figures here: `temporal` reads them. Digits glued to
letters (H200, HBM4, 3nm, 1Q) are model names or dates, never a figure that can be flagged; English number
words ("three", "second", "twice", "half") only ever confirm a Korean figure, since an English sentence is full
of "one of" and "first time" that no Korean digit stands for.

Room: part of the QE stage (also read by `anchors`). Imports only `debris` and `temporal` of the stage; no I/O.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from .debris import ReadText, rewritten
from .temporal import KO_NAMED_DAY

Approx = str  # "" exact, "about", "over" (이상, more than), "under" (미만, up to), "more" (여: that many and some more)


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str  # krw, usd, jpy, eur, cny, pct, pp, times, level, rank, years, months, fraction, or "" (a count)
    span: tuple[int, int]
    approx: Approx = ""
    weak: bool = False  # a number word or a glued token: confirms a figure, never raises a flag
    converted: bool = False  # a sum in brackets in another currency: missed only where the English gives another

    def text(self, source: str) -> str:
        return source[self.span[0]:self.span[1]]


_KO_UNIT_SCALE = {"십": 10, "백": 100, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}
_KO_SUFFIX_UNIT = {
    "%p": "pp", "%포인트": "pp", "퍼센트포인트": "pp", "포인트": "pp", "bp": "bp", "%": "pct", "퍼센트": "pct",
    "원": "krw", "달러": "usd", "엔": "jpy", "유로": "eur", "위안": "cny", "배": "times", "선": "level",
    "위": "rank", "년": "years", "개월": "months",
}
# Units of measure, Korean or Latin-script, on either side: a figure that loses one in English is flagged.
MEASURES = {"t": "ton", "톤": "ton", "tons": "ton", "tonnes": "ton", "ton": "ton", "kt": "kiloton",
            "gwh": "GWh", "mwh": "MWh", "kwh": "kWh", "gw": "GW", "mw": "MW", "kw": "kW", "teu": "TEU",
            "㎥": "m3", "cubic meters": "m3", "cubic-meter": "m3", "cubic meter": "m3", "km": "km",
            "kilometers": "km", "kg": "kg", "kilograms": "kg",
            "㎡": "m2", "square meters": "m2", "평": "pyeong", "pyeong": "pyeong", "nm": "nm", "나노": "nm",
            "gigawatt-hours": "GWh", "nanometer": "nm", "nanometers": "nm", "megawatts": "MW", "gigawatts": "GW",
            "barrels": "barrel", "배럴": "barrel",
            "m²": "m2", "제곱미터": "m2", "킬로미터": "km", "미터": "m", "meters": "m", "metres": "m",
            "square feet": "ft2", "square-foot": "ft2", "square foot": "ft2", "sq ft": "ft2", "마일": "mile",
            "miles": "mile", "mile": "mile", "피트": "ft", "feet": "ft", "foot": "ft", "ft": "ft", "에이커": "acre",
            "acres": "acre", "acre": "acre", "와트": "W", "킬로와트": "kW", "메가와트": "MW", "기가와트": "GW",
            "watts": "W", "watt": "W", "kilowatts": "kW", "kilowatt": "kW", "megawatt": "MW", "gigawatt": "GW",
            "mm": "mm", "밀리미터": "mm", "millimeters": "mm", "millimetres": "mm", "cm": "cm", "센티미터": "cm",
            "centimeters": "cm", "centimetres": "cm", "inches": "inch", "inch": "inch", "pounds": "lb", "pound": "lb",
            "lbs": "lb", "lb": "lb"}
# Units the English converts a Korean measure into, by the factor into the metric unit: 975 m² as 10,500 square
# feet, 10 km as 6.2 miles, 30평 as 99 square meters. A converted figure is checked against the converted value,
# with the rounding a conversion takes (`CONVERSION_TOLERANCE`), so a right conversion passes and a wrong one (10 km
# as 10 miles) does not.
CONVERSIONS = {"ft2": ("m2", 0.09290304), "mile": ("km", 1.609344), "ft": ("m", 0.3048), "acre": ("m2", 4046.8564),
               "pyeong": ("m2", 400 / 121), "kW": ("W", 1e3), "MW": ("W", 1e6), "GW": ("W", 1e9),
               "inch": ("mm", 25.4), "cm": ("mm", 10.0), "lb": ("kg", 0.45359237)}
CONVERSION_TOLERANCE = 0.03
# A converted figure is rounded to its own last digit: 10 km is "6 miles" (6.2), 975 m² "10,500 square feet" (10,494).
# That rounding is allowed up to this share of the figure, so a round number ("10 miles") takes no wide margin.
CONVERSION_ROUNDING = 0.1
_MEASURE_KO = "|".join(sorted((re.escape(u) for u in MEASURES if not u.isascii() or u in ("t", "kt", "gwh", "mwh",
                                                                                       "kwh", "gw", "mw", "kw",
                                                                                       "teu", "km", "kg", "nm",
                                                                                       "mm", "cm")),
                              key=len, reverse=True))
_MEASURE_EN = re.compile(r"[\s-]?(" + "|".join(sorted((re.escape(u) for u in MEASURES if u.isascii()), key=len,
                                                    reverse=True)) + r")(?![A-Za-z])", re.I)
# A number followed by one of these is a date or time, read by `temporal` (2026년 counts only with 4 digits).
_KO_DATE_AFTER = re.compile(r"(?:\s?[~\-–]\s?\d{1,2}(?:일|월|시|분기)|대\s?\d|월|"
                            r"일(?!\s?(?:간|동안|째|만[에의이]|뒤|후|이내|안에|씩|마다))|"
                            r"시(?!간|장|점|가|총|세|즌|설|행)|분기|반기|분(?!야|석|의|배|할|기|포)|초(?!과|반|기|당))")
# 15일짜리 (a 15-day stint), 10일 앞둔 (10 days ahead of) count days; they are not the 15th or the 10th; nor is
# 12일 전 (12 days before), but 3월 12일 전에 is before March 12 (and 19일 전체회의 a meeting on the 19th)
_KO_DAY_COUNT = re.compile(r"\s?일(?:짜리|\s?앞[둔두])")
_KO_DAYS_BEFORE = re.compile(r"\s?일\s?전(?:에|부터)?(?![가-힣])")
_KO_MONTH_BEFORE = re.compile(r"월\s?$")
_KO_APPROX_BEFORE = {"약": "about", "최대": "under", "최소": "over", "무려": "", "대략": "about"}
_KO_APPROX_AFTER = (("가량", "about"), ("안팎", "about"), ("내외", "about"), ("정도", "about"), ("남짓", "about"),
                    ("이상", "over"), ("초과", "over"), ("넘게", "over"), ("넘는", "over"), ("넘어", "over"),
                    ("이하", "under"), ("미만", "under"), ("여", "more"))
# 1km에도 미치지 못하는 (not even reaching 1 km), 10%에 못 미쳤다: a bound from above, as 미만 is.
_KO_NOT_REACHING = re.compile(r"\s?에(?:도|는)?\s?(?:미치지\s?못|못\s?미치)")

_KO_FIGURE = re.compile(
    r"(?<![A-Za-z0-9.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?!차\s?전지)"  # 2차전지 is a word (a secondary battery), no figure
    r"(?P<units>[십백천만억조]*)(?P<more>여)?"
    r"(?P<suffix>%p|%포인트|퍼센트포인트|%|퍼센트|bp|개월|년|원|달러|센트|엔|유로|위안|배(?!럴)|선|위|포인트|"
    r" (?:원|달러)(?![가-힣]*(?:장|인|칙|자|전|유|료|래|격|정|작|조|고|서|판)))?"  # (배럴; 2400억 원, spaced)
    r"(?P<measure>\s?(?i:" + _MEASURE_KO + r")(?![A-Za-z]))?"
    r"(?P<counter>(?<=\d)\s?(?:개사|개국|개|명|건|대|곳|가구|톤|장|척|채|마리|종|차례|회|표|석|층|권|주)|"
    r"(?<=[십백천만억조])(?:개사|개국|개|명|건|대|곳|가구|톤|장|척|채|마리|종|차례|회|표|석|주)|"
    r"(?<=여)\s?(?:개사|개국|개|명|건|대|곳|가구|톤|장|척|채|마리|종|차례|회|표|석|주))?")
# A rate in tenths, hundredths and thousandths (할, 푼, 리), a batting average above all: 2할6푼8리 (.268), 4할 6리
# (.406); 3할 alone (.300, or 30 percent) is weak: it confirms a figure and is never missed
_KO_RATE = re.compile(r"(?<![\d.,])(10|[1-9])할(?:(?:\s?(\d)푼)?\s?(\d)리|\s?(\d)푼|"
                      r"(?=$|[^가-힣]|대|의|을|를|이|가|은|는|에|로|과|와|도|까지|이상|미만|짜리))")
# The English for it: ".268" beside a batting word (hitting .268, a .300 hitter); not ".45 caliber"
_EN_RATE = re.compile(r"(?<![\w.,$])\.(\d{3})(?!\d|\.\d|\s?(?:caliber|calibre|cal\b|Magnum))")
_EN_RATE_CONTEXT = re.compile(r"\b(?:hit(?:s|ting)?|bat(?:s|ted|ting)?|averag\w*|avg|slugg\w*|on-base|hitter)\b", re.I)
# A race's time as sports pages write it, seconds and hundredths: 9초58 is 9.58 seconds
_KO_SPORTS_TIME = re.compile(r"(?<![\d.])(\d{1,2})초(\d{2})(?!\d)")
# A fraction: 3분의 1 (a third), 4분의 3 (three-quarters), one figure, not a 3 and a 1
_KO_FRACTION = re.compile(r"(?<![\d.,])(\d{1,3})\s?분의\s?(\d{1,3}(?:\.\d+)?)(?![\d.])")
# ...in English words: a third of, two-thirds, one-fifth, three quarters of; "a third" alone is an ordinal ("for a
# third time") and "quarter" a season of accounts, so without a hyphen a fraction needs "of" or a point after it;
# "the first three quarters of the year" are a period
_EN_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
                    "tenth": 10, "tenths": 10}
_EN_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
_EN_FRACTION = re.compile(
    r"\b(?<!first )(?<!last )(?<!past )(?<!next )"
    r"(a|one|two|three|four|five|seven|nine)(?:-|\s(?=\w+\s+of\b|\w+[-\s](?:percentage[-\s])?points?\b))"
    r"(third|fourth|fifth|sixth|eighth|tenth|quarter)(s?)\b(?!-(?:century|final))", re.I)
# ...and as a share of a group: "one in three" (3분의 1, 세 명 중 한 명), "two out of every five", "1 in 10"
_EN_ONE_IN = re.compile(r"\b(one|two|three|four|[1-9])\s(?:in|out\sof)\s(?:every\s)?"
                        r"(two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|[2-9]|[1-9]\d{1,2})\b(?![.,]\d)",
                        re.I)
_EN_QUARTER_POINT = re.compile(r"[-\s](?:of\s(?:a|one)\s)?(?:percentage[-\s])?points?\b", re.I)  # a quarter of a point
_KO_WORD_TIMES = re.compile(r"(두|세|네|다섯)\s?배")
_KO_HALF = re.compile(r"절반")
# Days counted in native words (열흘 만에: within 10 days), weak: they confirm a figure and are never missed (not
# 하루, "a day", "daily", "all day", which English gives in no figure)
_KO_NATIVE_DAYS = {"이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8,
                   "아흐레": 9, "열흘": 10, "보름": 15}
_KO_NATIVE_DAY = re.compile(rf"(?<![가-힣])({'|'.join(_KO_NATIVE_DAYS)})"
                            r"(?=$|[^가-힣]|[만째간새씩동뒤후이을를의가은는에도])")
_WORD_TIMES = {"두": 2, "세": 3, "네": 4, "다섯": 5}

_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "bn": 1e9, "tn": 1e12,
             "m": 1e6, "b": 1e9, "k": 1e3}
_EN_CURRENCY_BEFORE = {"$": "usd", "us$": "usd", "usd": "usd", "₩": "krw", "krw": "krw", "w": "krw", "€": "eur",
                       "eur": "eur", "¥": "jpy", "jpy": "jpy", "£": "gbp", "gbp": "gbp", "cny": "cny", "rmb": "cny"}
_EN_SUFFIX = (
    (re.compile(r"[\s-]?(?:percentage[- ]points?|percent(?:age)? points?|%\s?points?|pp|%p)\b", re.I), "pp"),
    (re.compile(r"\s?(?:basis points?|bps?)\b", re.I), "bp"),
    (re.compile(r"\s?(?:%|percent\b|per cent\b)", re.I), "pct"),
    (re.compile(r"\s?won\b"), "krw"),
    (re.compile(r"\s?cents?\b", re.I), "cents"),
    (re.compile(r"\s?(?:dollars?|USD)\b"), "usd"),
    (re.compile(r"\s?yen\b"), "jpy"),
    (re.compile(r"\s?euros?\b"), "eur"),
    (re.compile(r"\s?yuan\b"), "cny"),
    (re.compile(r"\s?(?:times\b|-fold\b|fold\b)"), "times"),
    (re.compile(r"[\s-]?points?\b"), "level"),  # 30 points, a 6-point lead
    (re.compile(r"\s?(?:years?\b)"), "years"),
    (re.compile(r"\s?(?:decades?\b)"), "decades"),
    (re.compile(r"\s?(?:months?\b)"), "months"),
)
_EN_FIGURE = re.compile(
    # a currency before the figure: a sign, an ISO code ("EUR2.5 billion", "USD 300 million"), or the W that Korean
    # papers' English writes for won ("W1.2 trillion"), taken before an amount alone (a scale word, thousands)
    r"(?<![A-Za-z0-9.,$₩€¥£])(?P<cur>US\$|\$|₩|€|¥|£|(?:KRW|USD|EUR|JPY|GBP|CNY|RMB)\s?|"
    r"W(?=\d[\d.]*\s?(?:trillion|billion|million|tn|bn|mn)\b|\d{1,3}(?:,\d{3})+(?![\d,])))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s?(?:thousand|million|billion|trillion|mn|bn|tn)\b|(?(cur)(?:m|b|k)\b))?", re.I)  # $5m, $2b
_EN_YEARLIKE = re.compile(r"(?:19|20)\d\d$")
# An earlier year is a year after a preposition of time: "In 1885," (temporal reads it, as 1885년 on the Korean side)
_EN_OLD_YEAR = re.compile(r"1[0-8]\d\d$")
_EN_YEAR_BEFORE = re.compile(r"\b(?:in|since|until|till|circa)\s$", re.I)  # not "by", "from", "around": amounts
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
           "september|october|november|december")
_EN_DAY_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s(?:\d{{1,2}}\s?(?:to|-|–|and|through)\s?)?$", re.I)
_EN_TIME_AFTER = re.compile(r"(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock))", re.I)
_EN_TIME_BEFORE = re.compile(r"(?:\d:|Q|H)$")
# A clock time of four digits, as wires write it: "at 0715 (1215 GMT)", "1800 hours"
_EN_FOUR_DIGIT_TIME = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_EN_ZONE_AFTER = re.compile(r"\s?(?:GMT|UTC|hours|hrs|local|[ECMP][SD]T|KST|JST)\b")
_EN_APPROX = (  # (a bound negated first: "no fewer than 5,000" is at least 5,000, "not more than" at most)
    (re.compile(r"\b(?:no|not)\s(?:fewer|less)\sthan\s$", re.I), "over"),
    (re.compile(r"\b(?:no|not)\s(?:more|greater|higher|larger|bigger)\sthan\s$", re.I), "under"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|close to|an estimated)\s$", re.I), "about"),
    (re.compile(r"\b(?:nearly|almost)\s$", re.I), "under"),  # just short of it
    (re.compile(r"\b(?:more than|over|above|at least|exceeding|upwards? of|in excess of|topping)\s$", re.I), "over"),
    (re.compile(r"\b(?:less than|under|below|up to|at most|fewer than|as many as|as much as)\s$", re.I), "under"),
)
_EN_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
_EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                  "hundred": 100, "a dozen": 12, "dozen": 12})
_EN_UNIT_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
# A share of a scale word: "half a million" (500,000), "a quarter of a billion", "a half-million", "three-quarters
# of a million", where "a million" alone would be read
_EN_PART_OF_SCALE = re.compile(
    r"\b(?:(?P<part>half|a\squarter|one\squarter|three[-\s]quarters)(?:\sof)?\san?|an?\s(?P<lone>half|quarter)[-\s]?)"
    r"\s?(?P<scale>thousand|million|billion|trillion)\b", re.I)
_PARTS = {"half": 0.5, "a quarter": 0.25, "one quarter": 0.25, "quarter": 0.25, "three quarters": 0.75,
          "three-quarters": 0.75}


def _ordinal_words() -> dict[str, int]:
    """English ordinals in words up to the ninety-ninth: sixteenth (16대), thirty-eighth, thirtyeighth (38층)."""
    words = {w: i + 1 for i, w in enumerate((
        *_EN_UNIT_ORDINALS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth"))}
    tens = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    for value, word in zip(range(20, 100, 10), tens, strict=True):
        words[word[:-1] + "ieth"] = value
        for unit, word_unit in enumerate(_EN_UNIT_ORDINALS, 1):
            words.update({f"{word}{joint}{word_unit}": value + unit for joint in ("-", " ", "")})
    return words


_EN_ORDINALS = _ordinal_words()
_EN_TIMES_WORDS = {"twice": 2, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twofold": 2, "triple": 3,
                   "tripled": 3, "triples": 3, "tripling": 3, "threefold": 3, "quadruple": 4, "quadrupled": 4,
                   "quadruples": 4, "fourfold": 4, "fivefold": 5, "tenfold": 10}
_EN_ONE_UNIT = re.compile(r"\ba (year|month|decade|mile)\b", re.I)
_EN_ONE = {"year": (1.0, "years"), "month": (1.0, "months"), "decade": (10.0, "years"), "mile": (1.0, "mile")}
_EN_BOTH = re.compile(r"\bboth\b", re.I)
_EN_RANK_ONE = re.compile(r"\b(?:top|largest|biggest|leading|No\. 1|number one|highest)\b", re.I)
_EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_NUMBER_WORD = re.compile(
    r"\b(?P<word>(?:" + _EN_TENS + r")[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b|a dozen|dozen|"
    r"an?(?=\s(?:hundred|thousand|million|billion|trillion)\b)|"  # "a" only before a scale: not every article
    + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")"
    r"(?![-\s]?(?:" + "|".join(_EN_UNIT_ORDINALS) + r")\b)"  # thirty-eighth is an ordinal, not thirty
    r"(?P<scale>\s(?:hundred|thousand|million|billion|trillion))?\b", re.I)
# built from its parts, not as an alternation of all 243 words (which `re` tries one by one at every letter)
_EN_ORDINAL = re.compile(r"\b((?:(?:" + _EN_TENS + r")[- ]?)?(?:" + "|".join(_EN_UNIT_ORDINALS) + r")|"
                         + "|".join(w for w in _EN_ORDINALS if not w.endswith(_EN_UNIT_ORDINALS)) + r")\b", re.I)
# A regnal or sequel number after a name: Louis XIV (루이 14세), World War II (2차 세계대전); a lone I is a pronoun
_EN_ROMAN = re.compile(r"\b[A-Z][a-z]+\s(X{0,3}(?:IX|IV|V?I{0,3}))\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_EN_TIMES_WORD = re.compile(r"\b(" + "|".join(_EN_TIMES_WORDS) + r")\b", re.I)
_EN_HALF = re.compile(r"\bhalf\b", re.I)
_EN_HALF_MEASURE = re.compile(r"(?:-|\s|\sa\s(?:percentage\s)?|\san\s)(point|mile|hour)\b", re.I)
_HALF_OF = {"point": (0.5, "pp"), "mile": (0.5, "mile"), "hour": (30.0, "")}  # half an hour: 30분
_RANGE_JOINER = re.compile(r"^\s?(?:~|–|-|to|and|or)\s?$")
# What stands just before or after a figure, read in place (`pattern.search(text, pos, endpos)`): a search of the
# text's whole prefix for each figure made a long text's figures cost the square of its length.
_KO_MINUTES = re.compile(r"분(?!기)")
_KO_HOUR_BEFORE = re.compile(r"시\s?$")
_KO_RATIO = re.compile(r"\d+대\s?\d")
_KO_RATIO_BEFORE = re.compile(r"\d\s?대\s?$")
_KO_LAW_BEFORE = re.compile(r"법\s?$")
_KO_LAW_AFTER = re.compile(r"\s?\d*항|의\s?\d")
_KO_NAMED = re.compile(r"\d+·\d+")
_KO_NAMED_BEFORE = re.compile(r"\d·$")
_EN_SPLIT_BEFORE = re.compile(r"\d-$")
CURRENCIES = frozenset({"krw", "usd", "jpy", "eur", "cny", "gbp"})  # the units that are money
_KO_CONVERSION_OPEN = re.compile(r"\s?[(（]\s?(?:약|대략|한화|원화|미화)?\s?(?:약\s?)?")
_EN_PER_BEFORE = re.compile(r"\bper\s$")
_EN_RANK_BEFORE = re.compile(r"\bNo\.\s?$")
LOOKBEHIND = 64  # characters: longer than any of the patterns that end where a figure starts


def _converts_currency(text: str, before: tuple, unit: str, start: int) -> bool:
    """Whether a money figure in brackets converts the one just before it into another currency: 2억3800만달러(약
    2400억 원). A reader's aid, as the English one beside a won figure is: missed only where the English gives a
    sum of its currency that renders nothing else (`FigureMatch.ko_unmatched`)."""
    return unit in CURRENCIES and before[2] in CURRENCIES and before[2] != unit and \
        _KO_CONVERSION_OPEN.fullmatch(text, before[4], start) is not None


def _names_a_day(text: str, start: int) -> bool:
    """Whether the digits at `start` are the month or the day of an event's name (6.15 공동선언, 9/11 테러)."""
    return any((m := KO_NAMED_DAY.match(text, start - back)) is not None and m.end() > start
               for back in (0, 2, 3) if start >= back)


def _behind(at: int) -> int:
    """Where a search for what ends at `at` may start: no pattern read before a figure is longer."""
    return max(0, at - LOOKBEHIND)


def _counts_days(text: str, m: re.Match[str], behind: int) -> bool:
    """Whether the digits of `m` before 일 count days (15일짜리, 12일 전, 382일) rather than name a day of a month."""
    return bool(_KO_DAY_COUNT.match(text, m.end())) or \
        (_KO_DAYS_BEFORE.match(text, m.end()) is not None and not _KO_MONTH_BEFORE.search(text, behind, m.start())) \
        or (text.startswith("일", m.end()) and _number(m.group("num")) > 31)


def _roman(numeral: str) -> int:
    """The value of a Roman numeral up to 39 (what `_EN_ROMAN` reads)."""
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _ko_approx(text: str, start: int, end: int) -> Approx:
    before = text[max(0, start - 4):start].rstrip()
    for word, approx in _KO_APPROX_BEFORE.items():
        if before.endswith(word):
            return approx
    if _KO_NOT_REACHING.match(text, end):
        return "under"
    after = text[end:end + 4].lstrip()
    for word, approx in _KO_APPROX_AFTER:
        if after.startswith(word):
            return approx
    return ""


_HANGUL_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
# A number below 10,000 written with 천, 백, 십 (in Hangul digits, in Arabic ones, or mixed) before 만, 억 or 조:
# 삼천억, 십조, 1천112억, 3천5백만; or one Hangul digit before 억 or 조 (일억, 오조); each only as an amount (more
# digits, a currency or a counter after it; after one Hangul digit, digits or a currency only), so that 구조
# (structure), 구조대 (a rescue team), 백조 (swan), 천만다행 (fortunately) stay words. Not 수십억 (a vague "billions",
# read by `korean_vague`). Below 10,000 too before a counter that ends the word (오백 명, 이백여 년, 백 원), and before
# 만, 억 or 조 and a noun (천칠백만 동물들: 17 million animals).
_KO_AMOUNT_AFTER = (r"(?=[만억조](?:\d|\s?(?:원|달러|엔|위안|유로|명|개|건|대|톤|배럴|가구|곳|표|달러어치))"
                    r"|[만억조]여?\s[가-힣]"  # 천칠백만 동물 (17 million animals)
                    r"|여?\s?(?:년|명|개|건|곳|가구|마리|척|채|톤|원|달러|번|차례)"  # 오백 명, 이백여 년
                    r"(?=$|[^가-힣]|[이가을를의은는에도과와만씩까로]))")  # (then a particle: not 개발, 명단, 원인)
_KO_DIGIT_AMOUNT_AFTER = r"(?=[억조](?:\d|\s?(?:원|달러|엔|위안|유로)))"
_KO_NUMERAL_RUN = re.compile(
    r"(?<![가-힣\d.,])(?:(?:\d{1,3}|[일이삼사오육칠팔구])?[천백십])+(?:\d{1,3}|[일이삼사오육칠팔구])?"
    + _KO_AMOUNT_AFTER + r"|(?<![가-힣\d.,])[일이삼사오육칠팔구]" + _KO_DIGIT_AMOUNT_AFTER)
_NUMERAL_PART = re.compile(r"(\d+|[일이삼사오육칠팔구])?([천백십])|(\d+|[일이삼사오육칠팔구])$")


def _small_number(run: str) -> int:
    """삼천오백 -> 3500, 1천112 -> 1112, 십 -> 10."""
    total = 0
    for digit, unit, last in _NUMERAL_PART.findall(run):
        if unit:
            total += (int(digit) if digit.isdigit() else _HANGUL_DIGITS.get(digit, 1)) * _SMALL_UNITS[unit]
        elif last:
            total += int(last) if last.isdigit() else _HANGUL_DIGITS[last]
    return total


def numerals_in_digits(text: str) -> ReadText:
    """`text` with its numbers in words or mixed (삼천억, 1천112억) written in digits (3000억, 1112억), as the
    figure reader reads them; `origin` maps back to the text as it stands."""
    pieces, at = [], 0
    for m in _KO_NUMERAL_RUN.finditer(text):
        pieces += [(text[at:m.start()], at, m.start()), (str(_small_number(m.group())), m.start(), m.end())]
        at = m.end()
    if not pieces:
        return ReadText(text, tuple(range(len(text) + 1)))
    pieces.append((text[at:], at, len(text)))
    return rewritten(text, pieces)


@lru_cache(maxsize=8192)
def korean_figures(text: str) -> tuple[Figure, ...]:
    """Figures of a Korean text: 1조2000억원 -> 1.2e12 krw, 3만5000명 -> 35000, 0.25%p -> 0.25 pp, 3배 -> 3 times,
    4500선 -> 4500 level, 절반 -> 0.5 fraction, 삼천억 and 1천112억 as a reader reads them. Dates and times are
    left to `temporal`."""
    read = numerals_in_digits(text)
    figures = _korean_figures_in_digits(read.text)
    if read.text is text:
        return figures
    return tuple(replace(f, span=read.span(f.span)) for f in figures)


def _korean_figures_in_digits(text: str) -> tuple[Figure, ...]:
    parts: list[tuple[float, float, str, int, int, str]] = []  # value, scale, unit, start, end, approx
    rates = [(m.span(), float(m[1]) / 10 + float(m[2] or m[4] or 0) / 100 + float(m[3] or 0) / 1000,
              not (m[2] or m[3] or m[4])) for m in _KO_RATE.finditer(text)] if "할" in text else []
    fractions = [(m.span(), float(m[2]) / float(m[1])) for m in _KO_FRACTION.finditer(text)
                 if float(m[1])] if "분의" in text else []
    timed = [(m.span(), float(f"{m[1]}.{m[2]}")) for m in _KO_SPORTS_TIME.finditer(text)] if "초" in text else []
    whole = [span for span, *_ in (*rates, *fractions, *timed)]
    for m in _KO_FIGURE.finditer(text):
        if whole and any(a < m.end() and m.start() < b for a, b in whole):
            continue  # 2할6푼8리, 3분의 1 and 9초58 are one figure each, not 2, 6 and 8, 3 and 1, or 58
        units, suffix = m.group("units"), m.group("suffix") or ""
        at, behind = m.start(), _behind(m.start())
        if not units and not suffix and not m.group("counter") and _KO_DATE_AFTER.match(text, m.end()) and \
                not _counts_days(text, m, behind):
            minutes = _KO_MINUTES.match(text, m.end()) and not _KO_HOUR_BEFORE.search(text, behind, at)
            if not minutes:  # 58분에 달했다 is a duration; 3시 30분 a time
                continue
        continues = bool(parts) and parts[-1][4] == m.start() and parts[-1][1] > 1 and not parts[-1][2]
        if suffix == "년" and not continues and (
                len(m.group("num")) == 4 if not units else not set(units) & set("만억조")):
            continue  # 2026년, 2천년 are years: temporal reads them (40만년, 1만2000년 are years' counts)
        if suffix == "선" and not (units or _number(m.group("num")) >= 10):
            continue  # 3선 (a third term) is not an index level
        if not units and not suffix and not m.group("counter") and not m.group("more") and \
                re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
            continue  # CES 2026: a year (2000여 명, 2천여 명: more than 2,000)
        if _KO_RATIO.match(text, at) or _KO_RATIO_BEFORE.search(text, behind, at):
            continue  # 5대 5: a ratio, rendered 50-50
        scale = math.prod(_KO_UNIT_SCALE[u] for u in units) if units else 1.0
        value = _number(m.group("num")) * scale
        unit = _KO_SUFFIX_UNIT.get(suffix.strip(), "")
        if suffix == "센트":  # 27.9센트: $0.279
            value, unit = value / 100, "usd"
        if m.group("measure"):
            unit = MEASURES[m.group("measure").strip().lower()]
        article = units == "조" and bool(_KO_LAW_BEFORE.search(text, behind, at) or _KO_LAW_AFTER.match(text, m.end()))
        if article:  # 무역확장법 232조: an article of a law ("Section 232"), not 232 trillion
            scale, unit, value = 0.5, "article", _number(m.group("num"))
        approx = "more" if m.group("more") else ""  # (여: "about" or "more than" in English, never "almost")
        prev = parts[-1] if parts else None
        if prev and prev[4] in (m.start(), m.start() - 1) and prev[1] > scale and not prev[2] \
                and text[prev[4]:m.start()].strip() == "":
            parts[-1] = (prev[0] + value, scale, unit, prev[3], m.end(), prev[5] or approx)  # 1조 + 2000억원
            continue
        parts.append((value, scale, unit, m.start(), m.end(), approx))
    figures = []
    for i, (value, scale, unit, start, end, approx) in enumerate(parts):
        ranged = i + 1 < len(parts) and _RANGE_JOINER.match(text[end:parts[i + 1][3]]) is not None
        if not unit and ranged:
            unit = parts[i + 1][2]  # 1만~2만명, 3~5%: the unit is written once for both ends
        if ranged and scale == 1:  # 300~400만, 3~4조: the scale too
            value *= _shared_scale(value, text[parts[i + 1][3]:parts[i + 1][4]], parts[i + 1][0])
        if unit == "bp":
            value, unit = value / 100, "pp"
        ordinal = start > 0 and re.match(r"[가-힣]", text[start - 1]) is not None  # 제12차, 제2금융권
        named = _KO_NAMED.match(text, start) or _KO_NAMED_BEFORE.search(text, _behind(start), start) or \
            _names_a_day(text, start)  # 10·15 대책, 6.15 공동선언, 9/11 테러
        single = value == 1 and unit in ("", "level")  # 1인당, 1인 가구: "per person", "single-person"
        ordinal = ordinal or bool(named) or single or unit == "article"
        unit = "" if unit == "article" else unit
        converted = i > 0 and _converts_currency(text, parts[i - 1], unit, start)  # 2억달러(약 2400억원)
        figures.append(Figure(value, unit, (start, end), approx or _ko_approx(text, start, end), weak=ordinal,
                              converted=converted))
    figures += [Figure(value, "", span, weak=weak) for span, value, weak in rates]
    figures += [Figure(value, "fraction", span) for span, value in fractions]
    figures += [Figure(value, "", span) for span, value in timed]
    for m in _KO_WORD_TIMES.finditer(text):
        figures.append(Figure(_WORD_TIMES[m.group(1)], "times", m.span()))
    for m in _KO_NATIVE_DAY.finditer(text):
        figures.append(Figure(float(_KO_NATIVE_DAYS[m[1]]), "", m.span(), weak=True))
    for m in _KO_HALF.finditer(text):
        figures.append(Figure(0.5, "fraction", m.span()))
    return tuple(sorted(figures, key=lambda f: f.span))


_KO_SCALED = re.compile(r"(\d[\d,]*)(?:\.\d+)?([십백천만억조]+)")


def _shared_scale(low: float, high_text: str, high: float) -> float:
    """The scale that the low end of a Korean range shares with its high end, written once after the high end
    (300~400만 is 300만 to 400만; 2~3천억, read as 2~3000억, is 2천억 to 3천억; 950~1천억 is 950억 to 1천억):
    the largest of the high end's scale words, their tails (천억, 억) and the thousands, hundreds or tens its
    number ends in, that keeps the low end below the high one (1~10만 is 1만 to 10만); 1 where none does."""
    scales = []
    for number, run in _KO_SCALED.findall(high_text):
        digits = number.replace(",", "")
        zeros = min(3, len(digits) - len(digits.rstrip("0")))
        scales += [math.prod(_KO_UNIT_SCALE[u] for u in run[k:]) * 10 ** z for k in range(len(run))
                   for z in range(zeros + 1)]
    return max((s for s in scales if low * s < high), default=1.0)


def _en_suffix(text: str, end: int) -> tuple[str, int]:
    for pattern, unit in _EN_SUFFIX:
        m = pattern.match(text, end)
        if m:
            return unit, m.end()
    return "", end


def english_bound(text: str, start: int) -> tuple[Approx, str]:
    """How the English bounds the figure starting at `start` ("more than", "almost": over, under, about or
    exact), and the words that say so."""
    before = text[max(0, start - 20):start]
    for pattern, approx in _EN_APPROX:
        if (m := pattern.search(before)) is not None:
            return approx, m.group().strip()
    return "", ""


@lru_cache(maxsize=8192)
def english_figures(text: str) -> tuple[Figure, ...]:
    """Figures of an English text: 200,000; 1.2 trillion won; $3.5 billion; 1.2 percentage points; 3 times.
    Years, days of a month, clock times and quarters are left to `temporal`."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    digits: list[tuple[int, float, bool]] = []  # each figure in digits: where, its scale word's (0: none), split
    for m in _EN_FIGURE.finditer(text):
        start, end = m.span()
        num = m.group("num")
        glued = end < len(text) and (text[end].isalpha() and not m.group("scale"))
        if re.match(r"(?:st|nd|rd|th)\b", text[end:end + 3]):
            figures.append(Figure(_number(num), "ordinal", (start, end + 2), weak=True))  # 43rd, 12th: confirms only
            taken.append((start, end + 2))
            continue
        cur = (m.group("cur") or "").strip().lower()
        unit = _EN_CURRENCY_BEFORE.get(cur, "")
        scale = _EN_SCALE.get((m.group("scale") or "").strip().lower(), 1.0)
        suffix, suffix_end = _en_suffix(text, end)
        measure = None if suffix else _MEASURE_EN.match(text, end)
        if measure:
            suffix, suffix_end, glued = MEASURES[measure.group(1).lower()], measure.end(), False
        behind = _behind(start)
        dated = (_EN_YEARLIKE.match(num) or (_EN_OLD_YEAR.match(num) and _EN_YEAR_BEFORE.search(text, behind, start))
                 or _EN_DAY_BEFORE.search(text, behind, start)
                 or _EN_TIME_AFTER.match(text, end) or _EN_TIME_BEFORE.search(text, behind, start)
                 or (_EN_FOUR_DIGIT_TIME.fullmatch(num) and (num[0] == "0" or _EN_ZONE_AFTER.match(text, end))))
        if not unit and not m.group("scale") and not suffix and dated:
            continue
        if suffix and not (unit and suffix in ("years", "months", "level")):
            unit, end = suffix, suffix_end
        value = _number(num) * scale
        split = re.match(r"-\d", text[end:end + 2]) or _EN_SPLIT_BEFORE.search(text, behind, start)
        per = _EN_PER_BEFORE.search(text, behind, start)  # per 1,000 women: the base of a rate
        rank = _EN_RANK_BEFORE.search(text, behind, start)  # No. 1: a rank, often for 최대 or 가장
        split_only = bool(split and not unit) and not (glued or per or rank)
        glued = glued or bool(split and not unit) or bool(per) or bool(rank)  # 50-50, 3-2: a split or a score
        if unit == "bp":
            value, unit = value / 100, "pp"
        elif unit == "decades":  # five decades: 50년
            value, unit = value * 10, "years"
        elif unit == "cents":  # 84 cents: 0.84달러
            value, unit = value / 100, "usd"
        figures.append(Figure(value, unit, (start, end), english_bound(text, start)[0], weak=glued))
        taken.append((start, end))
        digits.append((len(figures) - 1, scale if m.group("scale") else 0.0, split_only))
    _share_scales(text, figures, digits)

    starts = [s for s, _ in taken]  # in reading order and disjoint, so their ends are in order too

    def free(span: tuple[int, int]) -> bool:
        """No digit figure overlaps `span`: the last one starting before its end ends before its start."""
        last = bisect_left(starts, span[1]) - 1
        return last < 0 or taken[last][1] <= span[0]

    shares = list(_EN_PART_OF_SCALE.finditer(text)) if "alf" in text or "uarter" in text else []  # (either case)
    parts = [m.span() for m in shares]
    for m in shares:
        if free(m.span()):
            part = _PARTS[re.sub(r"\s+", " ", (m.group("part") or m.group("lone")).lower())]
            unit, end = _en_suffix(text, m.end())  # half a million dollars
            figures.append(Figure(part * _EN_SCALE[m.group("scale").lower()], unit if unit != "level" else "",
                                  (m.start(), end), english_bound(text, m.start())[0]))
    for m in _EN_NUMBER_WORD.finditer(text):
        if parts and any(a <= m.start() < b for a, b in parts):
            continue  # the "a million" of "half a million"
        word, scale_word = m.group("word").lower(), (m.group("scale") or "").strip().lower()
        # a million; a word (nine), or tens and units in words (twenty-nine)
        value = 1.0 if word in ("a", "an") else float(_EN_WORDS[word]) if word in _EN_WORDS else \
            float(sum(_EN_WORDS[part] for part in re.split(r"[-\s]", word)))  # a dozen; twenty-nine
        if scale_word:
            value *= _EN_SCALE.get(scale_word, 100.0)
        if free(m.span()):
            unit, end = _en_suffix(text, m.end())
            measure = None if unit else _MEASURE_EN.match(text, m.end())
            if measure:  # three meters
                unit, end = MEASURES[measure.group(1).lower()], measure.end()
            if unit == "decades":
                value, unit = value * 10, "years"
            figures.append(Figure(value, unit if unit not in ("level",) else "", (m.start(), end),
                                  english_bound(text, m.start())[0], weak=not scale_word))
    for pattern, values, unit in ((_EN_ORDINAL, _EN_ORDINALS, "ordinal"), (_EN_TIMES_WORD, _EN_TIMES_WORDS, "times")):
        for m in pattern.finditer(text):
            if free(m.span()):
                figures.append(Figure(float(values[m.group(1).lower()]), unit, m.span(), weak=True))
    for m in _EN_HALF.finditer(text):
        measure = _EN_HALF_MEASURE.match(text, m.end())  # a half-point cut (0.5%포인트), a half-mile
        value, unit = (0.5, "fraction") if measure is None else _HALF_OF[measure.group(1).lower()]
        figures.append(Figure(value, unit, (m.start(), measure.end() if measure else m.end()), weak=True))
    for m in _EN_ROMAN.finditer(text):
        if len(m.group(1)) > 1 or m.group(1) in ("V", "X"):
            figures.append(Figure(float(_roman(m.group(1))), "ordinal", m.span(1), weak=True))
    for m in _EN_ONE_UNIT.finditer(text):
        value, unit = _EN_ONE[m.group(1).lower()]
        figures.append(Figure(value, unit, m.span(), weak=True))
    for m in _EN_BOTH.finditer(text):  # both women: 여성 2명 모두
        figures.append(Figure(2.0, "", m.span(), weak=True))
    for m in _EN_RANK_ONE.finditer(text):
        figures.append(Figure(1.0, "rank", m.span(), weak=True))
    for m in _EN_FRACTION.finditer(text):
        if free(m.span()) and not any(a <= m.start() < b for a, b in parts):  # (a quarter of a billion)
            numerator, denominator = _EN_NUMERATORS[m[1].lower()], _EN_DENOMINATORS[m[2].lower()]
            point = _EN_QUARTER_POINT.match(text, m.end())  # a quarter-point cut: 0.25 percentage points
            if point and numerator < denominator:  # a quarter-point, three-quarters of a percentage point
                figures.append(Figure(numerator / denominator, "pp", (m.start(), point.end())))
            elif numerator < denominator:
                figures.append(Figure(numerator / denominator, "fraction", m.span()))
    for m in _EN_RATE.finditer(text):
        if _EN_RATE_CONTEXT.search(text, max(0, m.start() - 40), m.start()) or \
                _EN_RATE_CONTEXT.match(text, m.end() + 1):
            figures.append(Figure(float(f"0.{m[1]}"), "", m.span()))
    for m in _EN_ONE_IN.finditer(text):  # a share, which the Korean gives as a fraction, a percentage or its two
        numerator, denominator = (_word_or_digits(m[i]) for i in (1, 2))  # counts: all read, none needed
        if numerator < denominator:
            figures = [replace(f, weak=True) if m.start() <= f.span[0] and f.span[1] <= m.end() else f
                       for f in figures]
            figures.append(Figure(numerator / denominator, "fraction", m.span(), weak=True))
            share = 100 * numerator / denominator  # 60%; one in three is 33% or 33.3% as a paper rounds it
            figures += [Figure(value, "pct", m.span(), weak=True) for value in sorted({round(share), round(share, 1)})
                        if value == share or not share.is_integer()]
    return tuple(sorted(figures, key=lambda f: f.span))


def _share_scales(text: str, figures: list[Figure], digits: list[tuple[int, float, bool]]) -> None:
    """The two ends of an English range, written with its unit and scale word once, after the high end: the low end
    takes the unit where it has none ("10 to 20 percent", "0.25 to 0.5 percentage points") and the scale word
    ("3 to 4 million", "between $3 and $4 billion", "2-3 million": 3 million, $3 billion, 2 million) where that
    keeps it below the high end ("1,500 to 2 million" is 1,500). Ends read as a split or a score ("2-3") are
    figures then, where the range has a unit or a scale."""
    for (i, scale, low_split), (j, high_scale, high_split) in pairwise(digits):
        low, high = figures[i], figures[j]
        if low.unit not in ("", high.unit) or not _RANGE_JOINER.match(text[low.span[1]:high.span[0]]):
            continue
        scaled = not scale and high_scale and low.value * high_scale < high.value
        if not scaled and not (high.unit and not low.unit):
            continue
        figures[i] = replace(low, value=low.value * (high_scale if scaled else 1.0), unit=high.unit,
                             weak=low.weak and not low_split)
        figures[j] = replace(high, weak=high.weak and not high_split)


def _word_or_digits(token: str) -> float:
    return float(token) if token.isdigit() else float(_EN_WORDS[token.lower()])


_MEASURE_UNITS = set(MEASURES.values())
_LOOSE = {"", "level", "rank", "years", "months"}  # units an English rendering may leave unsaid


def units_agree(ko: str, en: str) -> bool:
    """Whether an English figure's unit can render a Korean one: equal, or one of them unstated."""
    if ko == en:
        return True
    if en == "ordinal":
        return ko in _LOOSE
    if ko in CURRENCIES and en in CURRENCIES:
        return False
    if {ko, en} & {"pp", "pct"}:
        return (ko in ("pct", "") and en in ("pct", "")) or (ko in ("pp",) and en == "level")
    if "times" in (ko, en) or "fraction" in (ko, en):
        return ko in ("times", "") and en in ("times", "")
    return ko in _LOOSE or en in _LOOSE or (ko in CURRENCIES and en == "") or (en in CURRENCIES and ko == "")


def same_value(ko: float, en: float) -> bool:
    """Equal, allowing either side to round the other (1조2345억 as 1.23 trillion) by at most half a percent.
    Rounding gives fewer digits, never different ones: 1,234.5 against 1,235.4 (two digits swapped, 0.07% apart)
    or 1,234,567 against 1,234,576 is no rounding, however close."""
    if ko == en:
        return True
    if ko == 0 or abs(ko - en) / abs(ko) > 0.005:
        return False
    return _rounds_to(ko, en) or _rounds_to(en, ko)


def _significant_digits(value: float) -> int:
    """How many significant digits a figure was written with (float noise beyond 12 digits left out)."""
    mantissa = f"{abs(value):.12e}".split("e")[0].replace(".", "").rstrip("0")
    return max(1, len(mantissa))


def _rounds_to(exact: float, shown: float) -> bool:
    """Whether `shown` is `exact` rounded, or cut, to the significant digits `shown` has."""
    scale = 10.0 ** (math.floor(math.log10(abs(shown))) - _significant_digits(shown) + 1)
    off = (exact - shown) / scale  # in units of the last digit shown
    return abs(off) <= 0.5 + 1e-6 or 0 <= math.copysign(off, exact) < 1


def magnitude_slip(ko: float, en: float) -> int:
    """The power of ten between two values that differ only by it (20만 vs 20: 4), else 0."""
    if ko <= 0 or en <= 0:
        return 0
    exponent = math.log10(ko / en)
    nearest = round(exponent)
    return nearest if nearest != 0 and abs(exponent - nearest) < 0.002 else 0


@dataclass(frozen=True, slots=True)
class FigureMatch:
    """The figures of a segment's two sides, matched one to one where value and unit agree."""

    ko: tuple[Figure, ...]
    en: tuple[Figure, ...]
    pairs: tuple[tuple[int, int], ...]

    @property
    def ko_unmatched(self) -> list[Figure]:
        used = {k for k, _ in self.pairs}
        left = [f for i, f in enumerate(self.ko) if i not in used and not f.weak]
        if any(f.converted for f in left):  # 2억달러(약 2400억원): wrong only where the English gives other won
            units = {e.unit for e in self.en_unmatched}
            left = [f for f in left if not f.converted or f.unit in units]
        return left

    @property
    def en_unmatched(self) -> list[Figure]:
        """English figures that render no Korean one; not a measure the English gives twice, in two units, of which
        one is matched ("29,000 feet (8,840 meters)" for 8840m)."""
        used = {e for _, e in self.pairs}
        restated = [self.en[e] for e in used if self.en[e].unit in _MEASURE_UNITS]
        return [f for i, f in enumerate(self.en) if i not in used and not f.weak and not (
            f.unit in _MEASURE_UNITS and _restates(f, restated)) and not (
            (f.unit in _PER_DOLLAR or f.unit == "usd") and _converts([self.en[e] for e in used], f))]


# Units of a currency per US dollar that a conversion beside a figure may take, over the years news pairs span
# (1997's 1,960 won included): "13,000 won ($10)" is right, "13,000 won ($100)" is not.
_PER_DOLLAR = {"krw": (700.0, 2000.0), "jpy": (70.0, 160.0), "cny": (5.5, 8.5), "eur": (0.6, 1.2)}


def _converts(matched: list[Figure], figure: Figure) -> bool:
    """Whether `figure`, a currency the Korean does not give, is the conversion of a matched figure just before or
    after it, at a rate that currency has had: "13,000 won ($10)", "$10 (13,000 won)"."""
    for other in matched:
        if abs(other.span[0] - figure.span[1]) > 12 and abs(figure.span[0] - other.span[1]) > 12:
            continue
        local, dollars = (other, figure) if figure.unit == "usd" else (figure, other)
        if dollars.unit != "usd" or local.unit not in _PER_DOLLAR or not dollars.value:
            continue
        low, high = _PER_DOLLAR[local.unit]
        if low <= local.value / dollars.value <= high:
            return True
    return False


def _restates(figure: Figure, others: list[Figure]) -> bool:
    """Whether `figure` is one of `others` in another unit: "6-mile (10-km)"."""
    unit = in_metric(figure)[1]
    return any(in_metric(o)[1] == unit and o.unit != figure.unit and converts_to(in_metric(o)[0], figure)
               for o in others)


def _accepted(values: list[float], value: float, accepts: Callable[[float], bool]) -> tuple[int, int]:
    """The range of sorted `values` that `accepts` (`same_value` one way or the other) takes for `value`: one
    range, as it accepts by distance from `value`."""
    mid = bisect_left(values, value)
    lo, hi = 0, mid  # below `value`: rejected, then accepted
    while lo < hi:
        at = (lo + hi) // 2
        lo, hi = (lo, at) if accepts(values[at]) else (at + 1, hi)
    start, lo, hi = lo, mid, len(values)  # from `value` up: accepted, then rejected
    while lo < hi:
        at = (lo + hi) // 2
        lo, hi = (at + 1, hi) if accepts(values[at]) else (lo, at)
    return start, lo


class FigureIndex:
    """The figures of a whole text by unit and value: whether a figure's value appears anywhere in it, in time
    logarithmic in their number. What a sentence with nothing opposite is checked against (the other side's whole
    article, indexed once for all its lone sentences)."""

    def __init__(self, figures: Sequence[Figure], korean: bool) -> None:
        self.korean = korean  # the indexed figures are the Korean side's
        by_unit: dict[str, list[float]] = {}
        for f in figures:
            by_unit.setdefault(f.unit, []).append(f.value)
        self.values = {unit: sorted(values) for unit, values in by_unit.items()}

    def gives(self, figure: Figure) -> bool:
        """Some figure here has `figure`'s value (`same_value`) in a unit that agrees with its (`units_agree`)."""
        for unit, values in self.values.items():
            if self.korean:
                agree, accepts = units_agree(unit, figure.unit), lambda k: same_value(k, figure.value)
            else:
                agree, accepts = units_agree(figure.unit, unit), lambda e: same_value(figure.value, e)
            if agree:
                lo, hi = _accepted(values, figure.value, accepts)
                if lo < hi:
                    return True
        return False


class _FirstUnused:
    """English figures of one unit and strength, sorted by value, and which of them are still free: the first
    free one (in reading order) whose value a Korean figure has, in time logarithmic in their number (a minimum
    tree over their places), so matching a sentence against a whole article costs no more than reading both."""

    def __init__(self, figures: list[tuple[float, int]]) -> None:
        figures.sort()
        self.values = [value for value, _ in figures]
        self.size = 1 << max(0, (len(figures) - 1).bit_length())
        self.tree = [math.inf] * (2 * self.size)  # leaves: the figure's index in the English, inf once taken
        for at, (_, j) in enumerate(figures):
            self.tree[self.size + at] = j
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = min(self.tree[2 * node], self.tree[2 * node + 1])
        self.place = {j: at for at, (_, j) in enumerate(figures)}

    def first(self, value: float) -> int | None:
        """The free figure of least index whose value is `value` to within `same_value`."""
        lo, hi = self._same(value)
        best, lo, hi = math.inf, lo + self.size, hi + self.size
        while lo < hi:
            if lo & 1:
                best, lo = min(best, self.tree[lo]), lo + 1
            if hi & 1:
                hi -= 1
                best = min(best, self.tree[hi])
            lo, hi = lo // 2, hi // 2
        return None if best == math.inf else int(best)

    def take(self, j: int) -> None:
        node = self.size + self.place[j]
        self.tree[node] = math.inf
        while node > 1:
            node //= 2
            self.tree[node] = min(self.tree[2 * node], self.tree[2 * node + 1])

    def _same(self, value: float) -> tuple[int, int]:
        return _accepted(self.values, value, lambda other: same_value(value, other))


@lru_cache(maxsize=8192)
def match_figures(ko_text: str, en_text: str) -> FigureMatch:
    """The figures of both sides, paired by `pair_figures`. "24 hours" where the Korean says 하루 (a day) confirms
    and never flags: English news counts a day in hours."""
    ko, en = korean_figures(ko_text), english_figures(en_text)
    days = {n for word, n in _KO_DAY_WORDS.items() if word in ko_text}
    if days:
        en = tuple(replace(e, weak=True) if e.value / 24 in days and _EN_HOURS.match(en_text, e.span[1]) else e
                   for e in en)
    pairs = pair_figures(ko, en)
    return FigureMatch(ko, en, tuple(sorted(pairs + _paired_across_units(ko, en, pairs, en_text))))


def _paired_across_units(ko: tuple[Figure, ...], en: tuple[Figure, ...], pairs: tuple[tuple[int, int], ...],
                         en_text: str) -> tuple[tuple[int, int], ...]:
    """Figures `pair_figures` leaves apart that say one thing in two ways: a rise in percent the English tells as
    a multiple (124.8% 늘었다 as "more than doubled", 97% as "nearly doubled", 200% as "tripled"), a share one side
    gives as a fraction and the other in percent (3분의 2 as "67%", 52% as "more than half", 절반 가까이 as "almost
    50%"), and a count with 여 that the English gives as a round figure above it (10여 개국 as "about a dozen
    countries"). Each Korean figure is paired with the first English one that agrees, read with the English bound
    before it (`english_bound`)."""
    used_ko, used_en = {i for i, _ in pairs}, {j for _, j in pairs}
    out: list[tuple[int, int]] = []
    for i, k in enumerate(ko):
        if i in used_ko:
            continue
        for j, e in enumerate(en):
            if j not in used_en and _agree_across_units(k, e, english_bound(en_text, e.span[0])[0]):
                out.append((i, j))
                used_en.add(j)
                break
    return tuple(out)


def _agree_across_units(k: Figure, e: Figure, bound: Approx) -> bool:
    """A Korean rise of p% against an English multiple n: 1 + p/100 within 5% of n (10% after "about"), or above it
    (below n + 1) after "more than", under it (from 0.85n) after "nearly". A share in percent against one as a
    fraction: within a point, as a paper rounds 2/3 (five after "about", "close to"), or on the English bound's side
    of it within ten points. A count with 여 (that many and some more) against an English "about" or "more than"
    figure above it and under twice it: 10여 as "about a dozen", "some 15"."""
    if k.unit == "pct" and e.unit == "times" and k.value > 0 and e.value >= 2:
        times = 1 + k.value / 100
        return (bound == "over" and e.value < times < e.value + 1) or (
            bound == "under" and 0.85 * e.value <= times < e.value) or (
            bound not in ("over", "under") and abs(times - e.value) <= (0.1 if bound else 0.05) * e.value)
    if k.approx == "more" and bound in ("about", "over") and units_agree(k.unit, e.unit):
        return k.value < e.value < 2 * k.value
    if {k.unit, e.unit} == {"pct", "fraction"}:
        ko_pct, en_pct = (k.value, 100 * e.value) if k.unit == "pct" else (100 * k.value, e.value)
        return abs(ko_pct - en_pct) <= (5 if bound == "about" else 1) or (
            bound == "over" and en_pct < ko_pct <= en_pct + 10) or (bound == "under" and en_pct - 10 <= ko_pct < en_pct)
    return False

_KO_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3}
_EN_HOURS = re.compile(r"[\s-]hours?\b", re.I)


def in_metric(figure: Figure) -> tuple[float, str]:
    """A measure's value in its metric unit (10,500 square feet: 975.5 m2); any other figure as it is."""
    unit, factor = CONVERSIONS.get(figure.unit, (figure.unit, 1.0))
    return figure.value * factor, unit


def _last_digit(value: float) -> float:
    """The place of a figure's last significant digit: 1 for 6, 100 for 10,500, 0.1 for 6.2."""
    value = abs(value)
    if not value:
        return 1.0
    for decimals in range(4):
        scaled = value * 10 ** decimals
        if abs(scaled - round(scaled)) < 1e-6:
            break
    if decimals:
        return 10.0 ** -decimals
    place, whole = 1.0, round(value)
    while whole and whole % 10 == 0:
        whole //= 10
        place *= 10
    return place


def converts_to(metric_value: float, figure: Figure) -> bool:
    """Whether `figure` renders a measure of `metric_value` (in the metric unit of `figure`'s unit) once converted
    into `figure`'s unit and rounded as `figure` is: within `CONVERSION_TOLERANCE`, or within half the figure's last
    digit up to `CONVERSION_ROUNDING` of it."""
    if not metric_value:
        return False
    converted = metric_value / CONVERSIONS.get(figure.unit, (figure.unit, 1.0))[1]
    rounding = min(_last_digit(figure.value) / 2, CONVERSION_ROUNDING * abs(figure.value))
    return abs(converted - figure.value) <= max(CONVERSION_TOLERANCE * abs(converted), rounding)


def _converted_pairs(ko: Sequence[Figure], en: Sequence[Figure]) -> list[tuple[int, int]]:
    """Korean and English measures in different units of one quantity whose values agree once converted, each
    taken once, in reading order (only measures take part: a handful a sentence)."""
    ko_at = [(i, *in_metric(k)) for i, k in enumerate(ko) if k.unit in MEASURES.values()]
    en_at = [(j, *in_metric(e)) for j, e in enumerate(en) if e.unit in MEASURES.values()]
    pairs, taken = [], set()
    for i, k_value, k_unit in ko_at:
        for j, e_value, e_unit in en_at:
            if j in taken or ko[i].unit == en[j].unit or k_unit != e_unit or not k_value:
                continue
            if converts_to(k_value, en[j]) or _within_bound(ko[i], k_value, e_value):
                pairs.append((i, j))
                taken.add(j)
                break
    return pairs


def _within_bound(k: Figure, k_value: float, e_value: float) -> bool:
    """A Korean bound converted into a round figure on its side, within half the bound: 1km에도 미치지 못하는 (under
    1 km) as "a half-mile" (0.8 km)."""
    slack = 1 + CONVERSION_TOLERANCE
    if k.approx == "under":
        return k_value / 2 <= e_value <= k_value * slack
    if k.approx == "over":
        return k_value / slack <= e_value <= k_value * 2
    return False


def pair_figures(ko: Sequence[Figure], en: Sequence[Figure]) -> tuple[tuple[int, int], ...]:
    """Pair each Korean figure with an English one of the same value and a compatible unit, strong English
    figures before weak ones (a digit before a number word), in reading order: each Korean figure takes the first
    English one still free that matches it. A measure the English converts (m² as square feet) pairs with its
    conversion first."""
    pairs: list[tuple[int, int]] = _converted_pairs(ko, en)
    paired: set[int] = {i for i, _ in pairs}
    converted = {j for _, j in pairs}
    for weak_pass in (False, True):
        by_unit: dict[str, list[tuple[float, int]]] = {}
        for j, e in enumerate(en):
            if e.weak == weak_pass and j not in converted:
                by_unit.setdefault(e.unit, []).append((e.value, j))
        free = {unit: _FirstUnused(figures) for unit, figures in by_unit.items()}
        for i, k in enumerate(ko):
            if i in paired:
                continue
            found = [(j, unit) for unit, index in free.items() if units_agree(k.unit, unit)
                     and (j := index.first(k.value)) is not None]
            if found:
                j, unit = min(found)
                free[unit].take(j)
                pairs.append((i, j))
                paired.add(i)
    return tuple(sorted(pairs))


# Vague magnitudes: 수십억 ("billions"), 수백 명 ("hundreds"), 수만 ("tens of thousands"). 수 alone starts many
# words (수출, 수준, 수조 = a water tank), so it counts only at a word's start and before a unit or counter.
_KO_VAGUE = re.compile(r"(?<![가-힣])수(?P<small>[십백천])?(?P<big>[만억조])?"
                       r"(?=\s?(?:원|달러|명|개|건|곳|가구|톤|대|척|채|마리|장|차례|번|배|위안|엔|유로|개국|개사|종|층|표|km|킬로))")
_EN_VAGUE = re.compile(r"\b(?:(?P<small>dozens|tens|hundreds)\s+of\s+(?P<big>thousands|millions|billions)|"
                       r"(?P<alone>dozens|hundreds|thousands|millions|billions|trillions))\b", re.I)
_VAGUE_POWER = {"십": 1, "백": 2, "천": 3, "만": 4, "억": 8, "조": 12, "dozens": 1, "tens": 1, "hundreds": 2,
                "thousands": 3, "millions": 6, "billions": 9, "trillions": 12}


@dataclass(frozen=True, slots=True)
class VagueMagnitude:
    """A count or amount given only by its order of magnitude: 수십억 (10^9, "billions")."""

    power: int
    span: tuple[int, int]
    currency: str  # krw, usd or "" when no currency is named right after it


def korean_vague(text: str) -> list[VagueMagnitude]:
    out = []
    for m in _KO_VAGUE.finditer(text):
        if not m.group("small") and not m.group("big"):
            continue
        power = _VAGUE_POWER.get(m.group("small") or "", 0) + _VAGUE_POWER.get(m.group("big") or "", 0)
        after = text[m.end():m.end() + 3].lstrip()
        currency = "krw" if after.startswith("원") else "usd" if after.startswith("달러") else ""
        out.append(VagueMagnitude(power, m.span(), currency))
    return out


def english_vague(text: str) -> list[VagueMagnitude]:
    out = []
    for m in _EN_VAGUE.finditer(text):
        words = [w.lower() for w in (m.group("small"), m.group("big"), m.group("alone")) if w]
        after = text[m.end():m.end() + 16].lower()
        currency = ("krw" if re.match(r"\s+of\s+won\b|\s+won\b", after) else
                    "usd" if re.match(r"\s+of\s+(?:us\s+)?dollars\b|\s+dollars\b", after) or "$" in
                    text[max(0, m.start() - 2):m.start()] else "")
        out.append(VagueMagnitude(sum(_VAGUE_POWER[w] for w in words), m.span(), currency))
    return out
