"""A results or market report's metric and comparison base, and the titles of the people a sentence names, read on
both sides and compared: sentences written for the purpose, of the kind business and political news is made of."""

from __future__ import annotations

from dataclasses import replace
from itertools import product
from pathlib import Path

import pytest

import newsbitext
from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.qe import connectives as connective_module
from newsbitext.pipeline.qe import contrasts as contrast_module
from newsbitext.pipeline.qe import titles as title_module
from newsbitext.pipeline.qe.checks import CHECKS
from newsbitext.pipeline.qe.finance import (
    ACCOUNTS,
    BASES,
    METRICS,
    MOMENTS,
    TermReader,
    comparison_bases,
    financial_metrics,
    market_moments,
    reporting_bases,
)
from newsbitext.pipeline.qe.titles import titles
from newsbitext.pipeline.records import SegmentPair


def types(ko: str, en: str) -> list[str]:
    return [f.type for f in newsbitext.check(ko, en).flags]


@pytest.mark.parametrize(("text", "kind", "written"), [
    ("소비자물가는 전년 동월 대비 3.0% 올랐다.", "year", "전년 동월 대비"),
    ("영업이익은 작년 같은 기간보다 12% 늘었다.", "year", "작년 같은 기간보다"),
    ("대기오염은 1년 전 이 무렵에 비해 20% 줄었다.", "year", "1년 전 이 무렵에 비해"),
    ("GDP는 전 분기 대비 0.1% 성장했다.", "quarter", "전 분기 대비"),
    ("수출은 전월보다 26.5% 늘었다.", "month", "전월보다"),
    ("아파트값은 전주 대비 0.14% 올랐다.", "week", "전주 대비"),
    ("코스피는 전 거래일보다 1.2% 올랐다.", "day", "전 거래일보다"),
])
def test_korean_comparison_base(text, kind, written):
    (base,) = comparison_bases(text, False)
    assert (base.kind, text[slice(*base.span)]) == (kind, written)


@pytest.mark.parametrize(("text", "kind", "written"), [
    ("Prices rose 3.0% from a year earlier.", "year", "from a year earlier"),
    ("Exports rose 1.1% year-on-year.", "year", "year-on-year"),
    ("Profit rose 12% from the same period last year.", "year", "from the same period last year"),
    ("Pollution is 20 percent lower than one year ago.", "year", "than one year ago"),
    ("GDP grew 0.1% quarter-on-quarter.", "quarter", "quarter-on-quarter"),
    ("DRAM prices rose more than 40% from the previous quarter.", "quarter", "from the previous quarter"),
    ("Exports rose 26.5% from the previous month.", "month", "from the previous month"),
    ("Apartment prices rose 0.14% from the previous week.", "week", "from the previous week"),
    ("The KOSPI rose 1.2% from the previous session.", "day", "from the previous session"),
])
def test_english_comparison_base(text, kind, written):
    (base,) = comparison_bases(text, True)
    assert (base.kind, text[slice(*base.span)]) == (kind, written)


@pytest.mark.parametrize(("text", "english"), [
    ("지난해 수출은 6000억달러를 넘었다.", False),  # a time, not a base
    ("2021년 대비 두 배로 늘었다.", False),  # a given year: the date check's
    ("서울은 전주에서 열린 대회에 참가했다.", False),  # 전주, the city
    ("10년 전보다 인구가 줄었다.", False),  # ten years, not one
    ("He missed more than a month earlier this season.", True),  # durations
    ("Just over a week before the Games, the city banned cars.", True),
    ("On the previous day, the bank cut its rate.", True),  # a time
    ("The figures are based on year-end balances.", True),
])
def test_no_comparison_base(text, english):
    assert comparison_bases(text, english) == ()


@pytest.mark.parametrize(("text", "english", "kinds"), [
    ("1분기 매출 2조540억원, 영업이익 1380억원을 기록했다.", False, ["revenue", "operating"]),
    ("당기순이익은 2140억원, 세전이익은 2900억원이었다.", False, ["net", "pretax"]),
    ("법인세비용차감전순이익과 매출총이익이 늘었다.", False, ["pretax", "gross"]),
    ("매출원가와 매출채권이 늘었다.", False, []),  # cost of sales and receivables measure no results
    ("Sales of 2.05 trillion won and operating profit of 138 billion won", True, ["revenue", "operating"]),
    ("Net income rose while pre-tax profit fell.", True, ["net", "pretax"]),
    ("Operating losses narrowed and revenue grew.", True, ["operating", "revenue"]),
    ("The company raised its sales tax estimate and hired a sales force.", True, []),
])
def test_financial_metrics(text, english, kinds):
    assert [t.kind for t in financial_metrics(text, english)] == kinds


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("삼성전자의 3분기 영업이익은 전년 동기 대비 12% 늘어난 9조1000억원이었다.",
     "Samsung Electronics' third-quarter operating profit rose 12% from a year earlier to 9.1 trillion won.",
     "Samsung Electronics' third-quarter operating profit rose 12% from the previous quarter to 9.1 trillion won."),
    ("소비자물가는 전월 대비 0.3% 올랐다.", "Consumer prices rose 0.3% from the previous month.",
     "Consumer prices rose 0.3% from a year earlier."),
    ("코스닥은 전 거래일보다 1.5% 내린 850.2에 마감했다.", "The KOSDAQ closed down 1.5% from the previous session at 850.2.",
     "The KOSDAQ closed down 1.5% from a week earlier at 850.2."),
])
def test_a_comparison_base_moved_is_a_date_flag(ko, right, wrong):
    assert types(ko, right) == []
    flags = newsbitext.check(ko, wrong).flags
    assert [f.type for f in flags] == ["date"]
    assert flags[0].ko_span is not None and flags[0].en_span is not None


def test_a_base_the_english_adds_beside_the_koreans_is_no_move():
    ko = "3분기 매출은 전년 동기 대비 8% 늘었다."
    assert "date" not in types(ko, "Third-quarter sales rose 8% from a year earlier and 2% from the previous "
                               "quarter.")  # (the 2% it adds is an addition)
    assert types(ko, "Third-quarter sales rose 8%.") != ["date"]  # a base left out is not a base moved


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("LG에너지솔루션의 순이익은 3200억원으로 집계됐다.", "LG Energy Solution's net profit came to 320 billion won.",
     "LG Energy Solution's operating profit came to 320 billion won."),
    ("이 회사의 영업이익은 1380억원으로 30.9% 늘었다.", "The company's operating income rose 30.9% to 138 billion won.",
     "The company's net income rose 30.9% to 138 billion won."),
    ("카카오의 매출은 2조원을 넘었다.", "Kakao's revenue topped 2 trillion won.",
     "Kakao's operating profit topped 2 trillion won."),
])
def test_a_metric_rendered_as_another_is_a_meaning_flag(ko, right, wrong):
    assert types(ko, right) == []
    flags = newsbitext.check(ko, wrong).flags
    assert [(f.type, f.ko_span is not None) for f in flags] == [("meaning", True)]


def test_a_bare_profit_renders_any_kind_of_profit_but_not_sales():
    assert types("이 회사의 순이익은 3200억원이었다.", "The company's profit was 320 billion won.") == []
    assert types("이 회사의 영업이익은 3200억원이었다.", "The company's earnings were 320 billion won.") == []
    assert types("이 회사의 매출은 3200억원이었다.", "The company's sales were 320 billion won, and its net "
                 "profit fell.") == []  # sales rendered; a metric the English adds is no swap
    assert types("이 회사의 매출은 3200억원이었다.", "The company's net profit was 320 billion won.") == ["meaning"]


@pytest.mark.parametrize(("text", "english", "kinds"), [
    ("이재용 삼성전자 부회장과 정의선 현대차그룹 회장이 만났다.", False, ["vice chair", "chair"]),
    ("최은정 고용노동부 차관과 김정관 산업통상자원부 장관", False, ["vice minister", "minister"]),
    ("추경호 부총리 겸 기획재정부 장관은", False, ["deputy prime minister", "minister"]),
    ("국방부장관과 검사장, 이사장이 참석했다.", False, ["minister", "chair"]),  # 국방부 is no vice; 검사장 no 사장
    ("Vice Chairman Lee Jae-yong met Chairman Chung Eui-sun.", True, ["vice chair", "chair"]),
    ("Deputy Prime Minister and Finance Minister Choo Kyung-ho", True, ["deputy prime minister", "minister"]),
    ("First Vice Finance Minister Kim and Bank of Korea Governor Rhee", True, ["vice minister", "president"]),
    ("The chairs were set out for the meeting.", True, []),
])
def test_titles_by_office_and_rank(text, english, kinds):
    assert [t.kind for t in titles(text, english)] == kinds


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("정의선 현대차그룹 회장은 이날 조지아 공장을 방문했다.",
     "Hyundai Motor Group Chairman Chung Eui-sun visited the Georgia plant on the day.",
     "Hyundai Motor Group Vice Chairman Chung Eui-sun visited the Georgia plant on the day."),
    ("최은정 고용노동부 차관은 이날 회의를 주재했다.", "Vice Labor Minister Choi Eun-jung chaired the meeting on the day.",
     "Labor Minister Choi Eun-jung chaired the meeting on the day."),
    ("총리는 이날 대국민 담화를 발표했다.", "The prime minister issued a statement to the nation on the day.",
     "The president issued a statement to the nation on the day."),
])
def test_a_title_moved_a_rank_or_between_a_states_heads_is_a_meaning_flag(ko, right, wrong):
    assert types(ko, right) == []
    flags = newsbitext.check(ko, wrong).flags
    assert [(f.type, f.ko_span is not None, f.en_span is not None) for f in flags] == [("meaning", True, True)]


def test_an_office_whose_english_varies_is_compared_by_rank_alone():
    """A company's or association's 회장 is often its "president", and the IOC's 부위원장 its "vice president": a
    title rendered in another office of the same rank is no flag."""
    assert types("한국무역협회 회장은 이날 기자회견을 열었다.",
                 "The president of the Korea International Trade Association held a news conference on the day.") == []
    assert types("국제올림픽위원회(IOC) 부위원장은 상황이 나아지고 있다고 말했다.",
                 "The International Olympic Committee vice president said the situation was improving.") == []


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("SK하이닉스의 영업이익률은 40%를 기록했다.", "SK hynix's operating margin reached 40%.",
     "SK hynix's operating profit rose 40%."),
    ("삼성전자 시가총액은 500조원을 넘었다.", "Samsung Electronics' market capitalization topped 500 trillion won.",
     "Samsung Electronics' sales topped 500 trillion won."),
    ("연결 기준 영업이익은 1조원이었다.", "Operating profit was 1 trillion won on a consolidated basis.",
     "Operating profit was 1 trillion won on a standalone basis."),
])
def test_a_margin_a_market_value_and_the_accounts_are_metrics_of_their_own(ko, right, wrong):
    assert types(ko, right) == []
    assert types(ko, wrong) == ["meaning"]


def test_reporting_bases():
    assert [t.kind for t in reporting_bases("연결 기준 매출과 별도 기준 영업이익", False)] == ["consolidated", "separate"]
    assert [t.kind for t in reporting_bases("on a consolidated basis and standalone", True)] == ["consolidated",
                                                                                                  "separate"]


# Phrases in the shape of what the readers read, slot by slot (a comparison base: a preposition, a determiner, a
# modifier, a unit and what follows it; a metric; the accounts; a title), with words of other shapes among them:
# every phrase of each grammar, not a sample of it
_EN_GRAMMARS = (
    (["", "from", "than", "more than", "over", "compared with", "against", "vs.", "on"], ["", "a", "the", "one", "last"],
     ["", "same", "previous", "prior", "preceding", "corresponding", "year-earlier"],
     ["year", "quarter", "month", "week", "day", "session", "trading day", "period", "Year-On-Year", "y-o-y", "QoQ",
      "sequentially", "yesterday", "annual basis"],
     ["", "earlier", "ago", "before", "last year", "a year earlier", "of the previous year", "in 2025", "close"]),
    (["", "operating", "net", "pre-tax", "gross", "market", "business", "unit"],
     ["profit", "margin", "income", "loss", "sales", "revenue", "cap", "capitalization", "turnover", "earnings",
      "bottom line"], ["", "before tax", "tax", "force", "margin", "volumes"]),
    (["", "separate", "standalone", "stand-alone", "non-consolidated", "parent-only", "consolidated"],
     ["", "basis", "accounts", "figures", "results"]),
    (["", "first vice", "Deputy", "vice", "senior", "the"], ["", "Finance", "Prime", "Trade"],
     ["Chairman", "chair", "chairs", "President", "Minister", "premier", "governor", "speaker"]),
    (["", "closed", "ended", "finished", "settled", "closing", "at one point", "briefly", "intraday", "during the",
      "in early", "by the", "at the"], ["", "up", "down 1.2%", "1.2% higher", "higher", "flat", "at 2,650", "session",
                                        "trade", "trading", "close", "market close", "price"]),
    (["", "despite", "in spite of", "even though", "although", "because", "because of", "due to", "thanks to",
      "owing to", "as a result of", "on the back of", "in the wake of", "driven by", "caused by", "blamed on"],
     ["", "the rate hike", "weak demand"]),
    (["", "exports", "Imports", "importers", "the ruling party", "governing bloc", "opposition", "interest rates",
      "base rate", "bond yields", "rate hikes", "exchange rate", "won-dollar", "prison", "jail", "fined", "a fine of",
      "jeonse", "lump-sum deposit", "key money", "monthly rents", "large companies", "conglomerates", "chaebol",
      "small and medium-sized enterprises", "SMEs", "small businesses", "ballistic", "cruise missiles", "domestic",
      "domestically", "at home", "overseas", "abroad", "Korea's first", "the nation's largest", "first in Korea",
      "largest plant in South Korea", "in the country", "world's first", "in the world", "worldwide",
      "global first"], ["", "rose"]),
)
_KO_GRAMMARS = (
    (["", "올해", "전년", "작년", "지난해", "1년 전", "10년 전", "전 분기", "직전 분기", "전월", "전달", "지난달", "전주", "지난주",
      "일주일 전", "전 거래일", "전일", "전날", "하루 전"], ["", "동기", "동월", "같은 기간", "이 무렵"],
     ["", "대비", "보다", "에 비해", "比", "비", "은"]),
    (["", "영업", "순", "당기순", "세전", "매출", "시가", "연결", "별도", "개별"],
     ["", "이익", "이익률", "익", "손실", "원가", "총이익", "총액", "시총", "마진"], ["", "기준", "재무제표", "은"]),
    (["", "부", "검", "이", "국방부", "제1"], ["회장", "사장", "통령", "대통령", "총리", "장관", "차관", "총재", "위원장", "의장"],
     ["", "단", "님", "직", "은"]),
    (["", "코스피는", "2650", "보합으로", "상승", "약세로", "장을", "거래를", "접수", "장중", "한때", "장", "개장"],
     ["", "마감했다", "마감", "마쳤다", "한때 2%", "1위", "초반", "직후", "종가", "2% 내린"]),
    (["", "금리 인상에도", "올랐는데도", "있음에도", "그럼에도", "수요 부진", "폭우로", "환율 상승의"],
     ["", "불구하고", "때문에", "탓에", "덕분에", "인해", "인한", "여파로", "영향으로"]),
    (["", "수출", "수입액", "수입 물량", "여당", "여권", "여권에 도장", "야당", "야권", "기준금리", "금리", "환율", "원·달러",
      "징역", "실형", "금고 1년", "벌금", "전세", "전세기", "월세", "대기업", "중소기업", "중견기업", "소상공인", "탄도미사일",
      "순항 미사일", "국내", "국내외", "국내총생산", "해외", "국외", "국내 최초", "국내 첫", "국내최대", "세계 최초", "세계 1위",
      "세계"], ["", "이", "은"]),
)


@pytest.mark.parametrize("english", [True, False])
def test_a_reader_that_looks_for_its_words_first_reads_what_its_patterns_read(english):
    """Each reader looks for one of its words before it runs its patterns: on every phrase of the grammar above, and
    on every sentence of qe-real-dev, that look must skip no text a pattern reads."""
    phrases = {" ".join(w for w in words if w) for grammar in (_EN_GRAMMARS if english else _KO_GRAMMARS)
               for words in product(*grammar)}
    phrases |= {p.replace(" ", "") for p in phrases if not english}
    lines = (Path(__file__).parent / "data" / "qe-real-dev" / "input.tsv").read_text("utf-8").splitlines()
    phrases |= {line.split("\t")[english] for line in lines if "\t" in line}
    readers = [r for r in (*BASES, *METRICS, *ACCOUNTS, *MOMENTS, *title_module._READERS, *connective_module._READERS,
                           *contrast_module._READERS) if r.english == english]
    everything = [TermReader(r.patterns, ("",), english) for r in readers]
    read = 0
    for text in phrases:
        for reader, unfiltered in zip(readers, everything, strict=True):
            found = unfiltered.read(text)
            assert reader.read(text) == found, text
            read += bool(found)
    assert read > len(phrases) // 10  # the grammar is of what they read


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("1~9월 누적 수출은 5000억달러로 집계됐다.", "Exports in the January-September period totaled $500 billion.",
     "Exports in September totaled $500 billion."),
    ("1~9월 누적 수출은 5000억달러로 집계됐다.", "Cumulative exports through September totaled $500 billion.",
     "Exports totaled $500 billion in September."),
    ("올해 1~3분기 누적 영업이익은 30조원이었다.", "Operating profit for the first three quarters of this year was "
     "30 trillion won.", "Operating profit for the third quarter of this year was 30 trillion won."),
    ("1월부터 6월까지 판매량은 20만대였다.", "Sales in the first half came to 200,000 units.",
     "Sales in June came to 200,000 units."),
])
def test_a_span_of_months_told_as_one_of_its_months_is_a_date_flag(ko, right, wrong):
    """1~9월 누적 is the year to September: "in September" gives the nine months' figure to one month."""
    assert types(ko, right) == []
    flags = newsbitext.check(ko, wrong).flags
    assert [(f.type, f.ko_span is not None, f.en_span is not None) for f in flags] == [("date", True, True)]


@pytest.mark.parametrize(("ko", "en"), [
    ("3~4월 봄 이사철을 앞두고 전세난이 우려된다.", "The jeonse shortage could worsen ahead of the spring moving season in "
     "March and April."),
    ("올해 1~5월 누적 반도체 수출은 1000억달러를 넘었다.", "Chip exports topped $100 billion in the year to date."),
    ("1~9월 수출은 늘었지만 9월 한 달 수출은 줄었다.", "Exports rose in the first nine months but fell in September "
     "alone."),
])
def test_a_span_rendered_as_itself_or_left_open_is_no_flag(ko, en):
    assert "date" not in types(ko, en)


def test_a_deputy_prime_ministers_title_within_a_compound_is_read():
    """경제부총리 is the deputy prime minister for the economy; 국방부 장관 the minister of 국방부, no vice."""
    assert [t.kind for t in titles("추경호 경제부총리와 국방부장관", False)] == ["deputy prime minister", "minister"]
    assert types("추경호 경제부총리는 이날 물가 대책을 발표했다.", "Deputy Prime Minister for Economic Affairs Choo "
                 "Kyung-ho announced price measures on the day.") == []
    assert types("추경호 경제부총리는 이날 물가 대책을 발표했다.", "Prime Minister Choo Kyung-ho announced price "
                 "measures on the day.") == ["meaning"]


@pytest.mark.parametrize("text", [
    "국회 예결위 회의장에서 열린 회의", "의원들을 본회의장으로 불렀다", "공장관리자가 되었다", "대통령선거 공약", "대통령실은 밝혔다",
    "회장단 회의", "장관회의", "차관보", "계획이 사장되다", "엔 차관 도입", "차관 상환 일정", "가게 사장님",
])
def test_a_title_inside_a_longer_word_or_in_another_sense_is_no_title(text):
    """회의장 is a hall, 공장관리자 a plant manager, 대통령선거 an election, 엔 차관 a yen loan (read on real pages)."""
    assert titles(text, False) == ()


@pytest.mark.parametrize(("check", "ko", "en", "as_korean", "as_english"), [
    ("metric", "이 회사의 영업이익은 1380억원으로 30.9% 늘었다.", "The company's net income rose 30.9% to 138 billion won.",
     "The company's operating profit rose 30.9% to 138 billion won.",
     "The company's net profit rose 30.9% to 138 billion won."),
    ("base", "수출은 전년 동월 대비 13.5% 늘었다.", "Exports rose 13.5% from the previous month.",
     "Exports increased 13.5% year-on-year.", "Exports increased 13.5% from a month earlier."),
    ("title", "최은정 고용노동부 차관은 이날 회의를 주재했다.", "Labor Minister Choi Eun-jung chaired the meeting on the day.",
     "Vice Minister of Employment and Labor Choi Eun-jung presided over the meeting.",
     "Minister of Employment and Labor Choi Eun-jung presided over the meeting."),
])
def test_the_mt_confirms_or_halves_a_term_flag(check, ko, en, as_korean, as_english):
    """A machine translation that reads the Korean's term as the check does confirms the flag; one that reads it as
    the English does halves it (then the Korean reading is the likelier mistake)."""
    run = CHECKS[check](load_config().qe, None, None, None)
    pair = SegmentPair("body", ko, en, 0.7)
    (plain,) = run(pair)
    (confirmed,) = run(replace(pair, mt=as_korean))
    (halved,) = run(replace(pair, mt=as_english))
    assert confirmed.severity == 1.0 and "the MT agrees with the Korean" in confirmed.message
    assert halved.severity == plain.severity / 2 and "the MT reads the Korean as the English does" in halved.message


@pytest.mark.parametrize(("text", "english", "kinds"), [
    ("코스피는 장중 한때 2% 넘게 빠졌다.", False, ["intraday"]),
    ("코스피는 0.5% 내린 2600에 마감했다.", False, ["close"]),
    ("코스피는 약세로 장을 마쳤다. 종가는 2600이었다.", False, ["close", "close"]),
    ("한때 세계 1위였던 이 회사는 올해 원서 접수 마감을 앞당겼다.", False, []),  # "once"; a deadline
    ("The KOSPI fell more than 2% at one point before closing down 0.5% at 2,600.", True, ["intraday", "close"]),
    ("Shares ended the session 3% higher.", True, ["close"]),
    ("The company closed down three plants and ended its partnership.", True, []),
])
def test_market_moments(text, english, kinds):
    assert [t.kind for t in market_moments(text, english)] == kinds


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("삼성전자 주가는 장중 한때 5% 넘게 빠졌다.", "Samsung shares fell more than 5% at one point during the session.",
     "Samsung shares closed more than 5% lower."),
    ("코스피는 0.5% 내린 2600에 마감했다.", "The KOSPI ended 0.5% lower at 2,600.",
     "The KOSPI was down 0.5% at 2,600 at one point."),
])
def test_an_intraday_level_told_as_the_close_is_a_date_flag(ko, right, wrong):
    """장중 한때 (at one point in the session) as "closed": an intraday low is not where the market ended, and the
    reverse; each is a time moved within the day, as a comparison base moved is."""
    assert types(ko, right) == []
    assert types(ko, wrong) == ["date"]


def test_a_report_of_both_moments_passes_when_the_english_gives_one_of_them():
    """장중 한때 ... 마감했다 told with its close only is no moment moved: the English leaves the intraday low out."""
    ko = "코스피는 장중 한때 2% 넘게 빠졌다가 0.5% 내린 2600에 마감했다."
    assert "date" not in types(ko, "The KOSPI fell more than 2% at one point before closing down 0.5% at 2,600.")
    assert "date" not in types(ko, "The KOSPI closed down 0.5% at 2,600 after a 2% drop.")


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("금리 인상에도 불구하고 집값은 올랐다.", "Home prices rose despite the rate hike.",
     "Home prices rose because of the rate hike."),
    ("수요 부진 때문에 반도체 수출이 줄었다.", "Chip exports fell because of weak demand.",
     "Chip exports fell despite weak demand."),
    ("실적이 개선됐는데도 주가는 떨어졌다.", "Shares fell even though earnings improved.",
     "Shares fell due to improved earnings."),
])
def test_a_concession_told_as_a_cause_is_a_meaning_flag(ko, right, wrong):
    """에도 불구하고 (despite) as "because of", 때문에 as "despite": every clause is there, and why it happened is
    turned round."""
    assert types(ko, right) == []
    assert types(ko, wrong) == ["meaning"]


@pytest.mark.parametrize(("ko", "en"), [
    ("수요 부진 때문에 수출이 줄었지만, 내수 회복에도 불구하고 성장률은 낮았다.",
     "Exports fell because of weak demand, and growth was low despite a domestic recovery."),
    ("폭우로 인해 경기가 취소됐다.", "The game was called off, but the rain was blamed on a storm system."),  # cause alike
    ("그는 부상에도 불구하고 경기에 나섰다.", "He played, but he was injured."),  # "but" is read as neither
])
def test_connectives_alike_or_unread_pass(ko, en):
    assert "meaning" not in types(ko, en)


@pytest.mark.parametrize(("ko", "right", "wrong"), [
    ("지난달 수출은 10% 늘었다.", "Exports rose 10% last month.", "Imports rose 10% last month."),
    ("여당은 예산안 처리를 강행했다.", "The ruling party pushed the budget bill through.",
     "The opposition pushed the budget bill through."),
    ("한국은행은 기준금리를 3.5%로 유지했다.", "The Bank of Korea kept its base rate at 3.5%.",
     "The Bank of Korea kept the exchange rate at 3.5%."),
    ("그는 징역 2년을 선고받았다.", "He was sentenced to two years in prison.", "He was fined for two years."),
    ("서울 전세 가격이 5주 연속 올랐다.", "Jeonse prices in Seoul rose for a fifth straight week.",
     "Monthly rents in Seoul rose for a fifth straight week."),
    ("대기업 대출이 3조원 늘었다.", "Loans to large companies rose by 3 trillion won.",
     "Loans to small and medium-sized enterprises rose by 3 trillion won."),
    ("북한은 동해상으로 탄도미사일 2발을 발사했다.", "North Korea fired two ballistic missiles into the East Sea.",
     "North Korea fired two cruise missiles into the East Sea."),
    ("매출의 70%가 해외에서 나왔다.", "Overseas markets accounted for 70% of sales.",
     "Domestic markets accounted for 70% of sales."),
    ("이 기술은 국내 최초로 상용화됐다.", "The technology was commercialized for the first time in South Korea.",
     "The technology was commercialized for the first time in the world."),
    ("삼성전자는 세계 최초로 3나노 양산에 들어갔다.", "Samsung Electronics became the world's first to mass-produce "
     "3-nanometer chips.", "Samsung Electronics became Korea's first to mass-produce 3-nanometer chips."),
])
def test_a_term_swapped_for_its_counterpart_is_a_meaning_flag(ko, right, wrong):
    """수출 as "imports", 여당 as "the opposition", 기준금리 as "the exchange rate", 징역 as "fined", 전세 as "monthly
    rents", 대기업 as "SMEs", 탄도미사일 as "cruise missiles": every figure agrees, and what it is of does not."""
    assert types(ko, right) == []
    assert types(ko, wrong) == ["meaning"]


@pytest.mark.parametrize(("ko", "en"), [
    ("국경을 넘으려면 여권에 도장을 받아야 했다.", "You had to get your passport stamped, the opposition said."),  # a passport
    ("영국 여성 2명이 전세비행기에서 난동을 부렸다.", "Two British women went on a rampage on a charter plane."),
    ("결혼 초에 쓸 수 있는 수입도 줄어든다.", "It reduces the income available, exporters say."),  # income
    ("여야는 수출입 지원 법안에 합의했다.", "The ruling and opposition parties agreed on a bill to back exports."),
])
def test_a_word_of_another_sense_or_both_terms_is_no_swap(ko, en):
    """여권 as a passport, 전세비행기 a charter plane, 수입 as income; 여야 names both parties, and 수출입 both flows."""
    assert "meaning" not in types(ko, en)
