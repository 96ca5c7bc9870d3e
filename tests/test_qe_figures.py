"""The figure normalizer: Korean and English forms to value and unit, as a table, and how figures are matched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsbitext
from newsbitext.pipeline.qe.figures import english_figures, korean_figures, magnitude_slip, match_figures
from newsbitext.pipeline.qe.temporal import english_times, korean_times

# (text, value, unit, the figure's text) for the first figure of each text
KOREAN = [
    ("20만개", 200_000, "", "20만개"),
    ("1조2000억원", 1.2e12, "krw", "1조2000억원"),
    ("1조 2000억원", 1.2e12, "krw", "1조 2000억원"),
    ("3만5000명", 35_000, "", "3만5000명"),
    ("4500선", 4500, "level", "4500선"),
    ("1.2%p", 1.2, "pp", "1.2%p"),
    ("0.25%p 인하", 0.25, "pp", "0.25%p"),
    ("0.4%포인트", 0.4, "pp", "0.4%포인트"),
    ("50bp", 0.5, "pp", "50bp"),
    ("3배", 3, "times", "3배"),
    ("두 배로", 2, "times", "두 배"),
    ("절반", 0.5, "fraction", "절반"),
    ("76억달러", 7.6e9, "usd", "76억달러"),
    ("3500억달러", 3.5e11, "usd", "3500억달러"),
    ("51조2000억원", 5.12e13, "krw", "51조2000억원"),
    ("1천만원", 1e7, "krw", "1천만원"),
    ("5천억원", 5e11, "krw", "5천억원"),
    ("9800억원", 9.8e11, "krw", "9800억원"),
    ("1462.5원", 1462.5, "krw", "1462.5원"),
    ("8.3원 내린", 8.3, "krw", "8.3원"),
    ("100엔", 100, "jpy", "100엔"),
    ("30억유로", 3e9, "eur", "30억유로"),
    ("500억위안", 5e10, "cny", "500억위안"),
    ("2.5%", 2.5, "pct", "2.5%"),
    ("35퍼센트", 35, "pct", "35퍼센트"),
    ("285명", 285, "", "285명"),
    ("2천여 명", 2000, "", "2천여 명"),  # 여 and a spaced counter; 2000 with 여 is no year
    ("1900여 가구", 1900, "", "1900여 가구"),
    ("100m를 9초58에", 100, "", "100"),
    ("9초58에 달렸다", 9.58, "", "9초58"),  # a race's time: seconds and hundredths
    ("8200건", 8200, "", "8200건"),
    ("15만장", 150_000, "", "15만장"),
    ("18만t", 180_000, "ton", "18만t"),
    ("50GWh", 50, "GWh", "50GWh"),
    ("17만4000㎥급", 174_000, "m3", "17만4000㎥"),
    ("1020만TEU", 1.02e7, "TEU", "1020만TEU"),
    ("3나노 공정", 3, "nm", "3나노"),
    ("10여개", 10, "", "10여개"),
    ("300여명", 300, "", "300여명"),
    ("3년 만에", 3, "years", "3년"),
    ("그는 12일 전에 떠났다", 12, "", "12"),  # days counted back, not the 12th
    ("6개월", 6, "months", "6개월"),
    ("1위", 1, "rank", "1위"),
    ("58분에 달했다", 58, "", "58"),
    ("100만주", 1e6, "", "100만주"),
]

# Korean texts with no figure to compare: dates and times, law articles, ratios, names
KOREAN_NONE = ["2026년 1월 8일 오후 3시", "1분기", "지난해 4분기", "3선 의원", "5대 5로", "CES 2026", "지난 12~14일",
               "3월 12일 전에 신청", "19일 전체회의"]

ENGLISH = [
    ("200,000 units", 200_000, ""),
    ("1.2 trillion won", 1.2e12, "krw"),
    ("$3.5 billion", 3.5e9, "usd"),
    ("US$76 billion", 7.6e10, "usd"),
    ("USD 76 billion", 7.6e10, "usd"),  # ISO codes before the figure
    ("EUR2.5 billion", 2.5e9, "eur"),
    ("JPY 30bn", 3e10, "jpy"),
    ("RMB10 billion", 1e10, "cny"),
    ("W1.2 trillion", 1.2e12, "krw"),  # the W Korean papers' English writes for won
    ("W350,000 a month", 350_000, "krw"),
    ("20 million", 2e7, ""),
    ("two million", 2e6, ""),
    ("a billion dollars", 1e9, "usd"),
    ("1.2 percentage points", 1.2, "pp"),
    ("0.25 percentage point", 0.25, "pp"),
    ("50 basis points", 0.5, "pp"),
    ("by 0.25%", 0.25, "pct"),
    ("35 percent", 35, "pct"),
    ("9.8 trillion won", 9.8e12, "krw"),
    ("1,462.5 won", 1462.5, "krw"),
    ("180,000 tons", 180_000, "ton"),
    ("174,000-cubic-meter", 174_000, "m3"),
    ("50 gigawatt-hours", 50, "GWh"),
    ("10.2 million TEU", 1.02e7, "TEU"),
    ("three times", 3, "times"),
    ("twofold", 2, "times"),
    ("tripled", 3, "times"),
    ("half", 0.5, "fraction"),
    ("second consecutive year", 2, "ordinal"),
    ("about 100,000 jobs", 100_000, ""),
    ("more than 20 H200 units", 20, ""),
    ("3.87% to close at 912.45", 3.87, "pct"),
]

ENGLISH_NONE = ["on January 8, 2026", "at 3 p.m.", "Q1 2026", "Sept. 30", "HBM4", "H200", "W3"]


@pytest.mark.parametrize("text, value, unit, span_text", KOREAN)
def test_korean_figure(text, value, unit, span_text):
    f = korean_figures(text)[0]
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.text(text) == span_text


@pytest.mark.parametrize("text", KOREAN_NONE)
def test_korean_text_without_comparable_figure(text):
    assert [f for f in korean_figures(text) if not f.weak] == []


@pytest.mark.parametrize("text, value, unit", ENGLISH)
def test_english_figure(text, value, unit):
    f = english_figures(text)[0]
    assert f.value == pytest.approx(value)
    assert f.unit == unit


@pytest.mark.parametrize("text", ENGLISH_NONE)
def test_english_text_without_comparable_figure(text):
    assert [f for f in english_figures(text) if not f.weak] == []


def test_table_is_large_enough():
    assert len(KOREAN) + len(KOREAN_NONE) + len(ENGLISH) + len(ENGLISH_NONE) >= 60
    assert len(KOREAN) >= 40


@pytest.mark.parametrize("ko, en", [
    ("1조2000억원 순매수", "net bought 1.2 trillion won"),
    ("3만5000명", "35,000 people"),
    ("20만개 이상", "more than 200,000 units"),
    ("0.25%p 인상", "a 0.25 percentage point hike"),
    ("4500선을 돌파", "broke through the 4,500 level"),
    ("영업이익 3배", "operating profit tripled"),
    ("매출 1조2000억원", "sales of W1.2 trillion"),
    ("영업이익 1조5000억원", "operating profit of W1.5tn"),
    ("주민의 3분의 1", "one in three residents"),  # a share: a fraction, a percentage or its two counts
    ("유권자의 60%", "three out of five voters"),
    ("응답자의 33%", "one in three respondents"),
    ("성인 10명 중 1명", "one in 10 adults"),
    ("매출이 124.8% 늘었다", "sales more than doubled"),  # a rise in percent told as a multiple, with its bound
    ("매출이 97% 늘었다", "sales nearly doubled"),
    ("매출이 200% 늘었다", "sales tripled"),
    ("응답자의 52%", "more than half of respondents"),  # a share as a fraction on one side, in percent on the other
    ("응답자의 3분의 2", "67% of respondents"),
    ("응답자의 절반 가까이", "almost 50% of respondents"),
    ("25억 유로 규모", "worth EUR2.5 billion"),
    ("10여 개국", "about a dozen countries"),  # a count with 여 as a round figure above it
    ("20여 개사", "more than 25 companies"),
    ("100여 명", "some 150 people"),
])
def test_faithful_renderings_match(ko, en):
    match = match_figures(ko, en)
    assert not match.ko_unmatched and not match.en_unmatched


@pytest.mark.parametrize(("ko", "en"), [
    ("주민의 4분의 1", "one in three residents"),
    ("유권자의 70%", "three out of five voters"),
    ("응답자의 25%", "one in three respondents"),
    ("매출이 24.8% 늘었다", "sales more than doubled"),
    ("매출이 100% 늘었다", "sales tripled"),
    ("매출이 130% 늘었다", "sales nearly doubled"),
    ("응답자의 70%", "more than half of respondents"),
    ("응답자의 3분의 2", "60% of respondents"),
    ("10여 개국", "about 30 countries"),
    ("10여 개국", "about 20 countries"),
    ("10여 개국", "nearly a dozen countries"),
    ("100여 명", "150 people"),
])
def test_a_share_in_words_that_is_another_share_is_unmatched(ko, en):
    match = match_figures(ko, en)
    assert match.ko_unmatched


@pytest.mark.parametrize(("text", "values"), [
    ("영업이익은 3~4조 원으로 예상된다", [3e12, 4e12]),  # the scale written once, after the high end
    ("판매량은 300~400만 대", [3e6, 4e6]),
    ("투자액은 2~3천억 원", [2e11, 3e11]),  # 3천억 read as 3000억: the low end takes 천억
    ("투자액은 950~1천억 원", [9.5e10, 1e11]),  # ...or only 억, where 천억 would put it above the high end
    ("관중 1~10만명", [1e4, 1e5]),  # 1만 to 10만: an end is below the other, never equal
    ("관중 10~20만명", [1e5, 2e5]),
    ("1만~2만명", [1e4, 2e4]),  # both written: as they are
    ("3~5% 상승", [3, 5]),  # no scale to share
])
def test_a_korean_range_shares_its_scale(text, values):
    assert [f.value for f in korean_figures(text)] == values


@pytest.mark.parametrize(("text", "values", "weak"), [
    ("sales of 3 to 4 million units", [3e6, 4e6], False),
    ("between $3 and $4 billion", [3e9, 4e9], False),
    ("2-3 million people", [2e6, 3e6], False),  # a range, not a split or a score
    ("from 1,500 to 2 million staff", [1500, 2e6], False),  # 1.5 billion would be above the high end
    ("the match ended 2-3", [2, 3], True),
])
def test_an_english_range_shares_its_scale(text, values, weak):
    figures = english_figures(text)
    assert [f.value for f in figures] == values
    assert all(f.weak == weak for f in figures)


@pytest.mark.parametrize(("text", "units"), [
    ("a cut of 0.25 to 0.5 percentage points", ["pp", "pp"]),
    ("rose 10 to 20 percent", ["pct", "pct"]),
    ("a 1-2% gain", ["pct", "pct"]),
    ("rose 3.5% to 1,200", ["pct", ""]),  # a rise and a level: the high end's unit is its own
])
def test_an_english_range_shares_its_unit(text, units):
    assert [f.unit for f in english_figures(text)] == units


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("more than half a million followers", 5e5, ""),
    ("a quarter of a billion dollars", 2.5e8, "usd"),
    ("a half-million people", 5e5, ""),
    ("three-quarters of a million votes", 7.5e5, ""),
    ("a quarter million people", 2.5e5, ""),
])
def test_a_share_of_a_scale_word_is_one_figure(text, value, unit):
    strong = [(f.value, f.unit) for f in english_figures(text) if not f.weak]
    assert strong == [(value, unit)]


@pytest.mark.parametrize(("ko", "en", "flagged"), [
    ("영업이익은 3~4조 원으로 예상된다.", "Operating profit is expected at 3 to 4 trillion won.", False),
    ("판매량은 300~400만 대로 예상된다.", "Sales are expected at 3 million to 4 million units.", False),
    ("피해액은 30억~40억 달러에 이른다.", "The damage is estimated at between $3 and $4 billion.", False),
    ("인구는 200만~300만 명이다.", "The population is 2-3 million.", False),
    ("피해액은 30억~40억 달러에 이른다.", "The damage is estimated at between $3 and $4 million.", True),
    ("판매량은 300~400만 대로 예상된다.", "Sales are expected at 3 to 4 billion units.", True),
    ("판매량은 200만~400만 대로 예상된다.", "Sales are expected at 3 to 4 million units.", True),
    ("금리를 0.25~0.5%포인트 올릴 전망이다.", "It is expected to raise rates by 0.25 to 0.5 percentage points.", False),
    ("그는 50만 명이 넘는 팔로어를 보유하고 있다.", "He has more than half a million followers.", False),
    ("25만 명분의 백신을 확보했다.", "It secured vaccines for a quarter million people.", False),
    ("그는 50만 명이 넘는 팔로어를 보유하고 있다.", "He has more than a million followers.", True),
    ("이번 대회에는 40개국 2천여 명이 참가했다.", "More than 2,000 people from 40 countries took part.", False),
    ("이번 대회에는 40개국 2천여 명이 참가했다.", "More than 200 people from 40 countries took part.", True),
    ("그는 100m를 9초58에 달렸다.", "He ran the 100 meters in 9.58 seconds.", False),
    ("그는 100m를 9초58에 달렸다.", "He ran the 100 meters in 9.85 seconds.", True),
])
def test_ranges_rendered_right_pass_and_wrong_are_flagged(ko, en, flagged):
    types = [f.type for f in newsbitext.check(ko, en).flags]
    assert ("number" in types) == flagged, types


def test_approximations_and_magnitudes():
    assert korean_figures("약 20만개")[0].approx == "about"
    assert korean_figures("20만개 이상")[0].approx == "over"
    assert english_figures("more than 20 units")[0].approx == "over"
    assert english_figures("up to 20 units")[0].approx == "under"
    assert magnitude_slip(200_000, 20) == 4
    assert magnitude_slip(3.2e11, 3.2e10) == 1
    assert magnitude_slip(285, 258) == 0


# The pieces news text is made of, figures, times, names and debris: any mix of them must read, never raise ("a dozen"
# once raised a KeyError, and a segment that raises is an article lost)
_EN_PIECES = (
    "a dozen", "dozens", "hundreds", "one", "twenty-one", "thirty", "a", "an", "hundred", "thousand", "million",
    "billion", "trillion", "half", "a third", "quarter", "one in three", "out of", "every", "percent", "per cent", "%",
    "pct", "points", "percentage points", "bps", "$", "US$", "W", "KRW", "EUR", "₩", "€", "won", "dollars", "1", "10",
    "1,000", "1.5", "0.25", "2026", "Jan.", "March", "5th", "Monday", "last", "next", "week", "year", "ago", "a.m.",
    "10:30", "Q3", "H1", "first", "times", "twice", "tripled", "-fold", "more than", "about", "nearly", "up to", "not",
    "never", "didn’t", "¡°", "&#8212;", "&nbsp;", "(CNN) --", "LONDON,", "Samsung", "Toss Bank", "FSS", "Lee Jae-myung",
    ",", ".", ";", "-", "–", "(", ")", '"', "’", "…")
_KO_PIECES = (
    "1", "3", "10", "1,000", "1.5", "2024년", "5일", "지난", "오는", "전날", "이튿날", "지난달", "내년", "상반기", "3분기", "억",
    "조", "만", "천", "원", "달러", "%", "%p", "포인트", "배", "절반", "3분의 1", "수십", "수천억", "여", "약", "이상", "~", "명",
    "중", "않", "못", "없", "아니", "안", "수밖에 없다", "할 수 있다", "예정", "것", "삼성전자", "한전", "이재명", "¡°", "&#8212;",
    "“", "”", ".", ",", "·", "은", "는", "이", "을", "에", "했다", "된다")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_KO_PIECES), min_size=1, max_size=12),
       st.lists(st.sampled_from(_EN_PIECES), min_size=1, max_size=12), st.booleans())
def test_any_mix_of_figures_times_and_debris_reads_without_raising(ko_pieces, en_pieces, glued):
    ko, en = ("" if glued else " ").join(ko_pieces), " ".join(en_pieces)
    english_figures(en), korean_figures(ko), english_times(en), korean_times(ko), match_figures(ko, en)
    assert 0.0 <= newsbitext.check(ko, en).score <= 1.0


def test_every_ordinal_word_is_read_with_its_value():
    """The ordinal pattern is built from its parts (tens, units, the teens and the tens' own ordinals), not listed
    word by word: every one of the 243 words, in any case and with each joint, reads as its value, and a longer word
    that holds one (firstly, seconds, twentyfold) reads as none."""
    from newsbitext.pipeline.qe.figures import _EN_ORDINAL, _EN_ORDINALS

    for word, value in _EN_ORDINALS.items():
        for written in (word, word.upper(), word.title()):
            [m] = _EN_ORDINAL.finditer(f"for the {written} time")
            assert m.group(1) == written and _EN_ORDINALS[m.group(1).lower()] == value
    assert not [m.group(1) for m in _EN_ORDINAL.finditer("firstly, seconds later, twenty times, fifty-fifty")]
