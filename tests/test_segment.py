"""Sentence splitting: the hard cases of Korean and English news, and boundary F1 on the sample gold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbitext.pipeline.evaluation.evaluate import Counts, boundary_counts
from newsbitext.pipeline.segment import SentenceSplitter

SPLITTER = SentenceSplitter()


@pytest.mark.parametrize("paragraph, sentences", [
    # quoted speech that ends a Korean sentence stays one sentence, even with sentences inside the quote
    ('그는 "수요가 매우 높다. 공급이 부족하다"고 말했다. 코스피는 2.3% 오른 4512.35에 마감했다.',
     ['그는 "수요가 매우 높다. 공급이 부족하다"고 말했다.', "코스피는 2.3% 오른 4512.35에 마감했다."]),
    ('정 회장은 "미국 시장은 중요하다…앞으로 투자를 늘리겠다"라고 강조했다. 삼성전자(005930)는 "검토 중"이라고 밝혔다.',
     ['정 회장은 "미국 시장은 중요하다…앞으로 투자를 늘리겠다"라고 강조했다.', '삼성전자(005930)는 "검토 중"이라고 밝혔다.']),
    ("응답이 51%였다. '야당 후보가 많이 당선돼야 한다'는 응답은 36%였다. 그는 \"오른다. 내린다\"고 했다.",
     ["응답이 51%였다.", "'야당 후보가 많이 당선돼야 한다'는 응답은 36%였다.", "그는 \"오른다. 내린다\"고 했다."]),
    ("한은은 기준금리를 연 2.50%로 동결했다(8일 기준. 잠정치). 이는 시장 예상과 같다.",
     ["한은은 기준금리를 연 2.50%로 동결했다(8일 기준. 잠정치).", "이는 시장 예상과 같다."]),
])
def test_korean_hard_cases(paragraph, sentences):
    assert SPLITTER.split(paragraph, "ko") == sentences


@pytest.mark.parametrize("paragraph, sentences", [
    ("The U.S. Commerce Department said on Jan. 8 that Nvidia Corp. and Apple Inc. would comply. It ranked No. 1 "
     "in the survey.",
     ["The U.S. Commerce Department said on Jan. 8 that Nvidia Corp. and Apple Inc. would comply.",
      "It ranked No. 1 in the survey."]),
    ('"Demand is high. Supply is short," he said. The KOSPI rose 2.3% to 4,512.35... Analysts were cautious.',
     ['"Demand is high. Supply is short," he said.', "The KOSPI rose 2.3% to 4,512.35...",
      "Analysts were cautious."]),
    ("Mr. Kim and Dr. Lee met at 10 a.m. Monday. Shares fell 1.5% (to $3.5 billion.) at 3 p.m. local time.",
     ["Mr. Kim and Dr. Lee met at 10 a.m. Monday.", "Shares fell 1.5% (to $3.5 billion.) at 3 p.m. local time."]),
    ('Trump wrote, "South Korea is a great partner. This deal will create jobs." "Korean companies will build '
     'ships in the U.S.," he added.',
     ['Trump wrote, "South Korea is a great partner. This deal will create jobs."',
      '"Korean companies will build ships in the U.S.," he added.']),
    ("Sales rose in the U.S. Last year, combined sales hit a record. U.S. President Donald Trump welcomed it.",
     ["Sales rose in the U.S.", "Last year, combined sales hit a record.", "U.S. President Donald Trump welcomed it."]),
    ("These investors are nicknamed 'Seohak ants.' 'Seohak' means 'Western learning.'",
     ["These investors are nicknamed 'Seohak ants.'", "'Seohak' means 'Western learning.'"]),
    # an English page that leaves a Korean word untranslated is still split as English
    ("Besides chips, the 조선 and defense sectors also rose. Analysts expect more gains.",
     ["Besides chips, the 조선 and defense sectors also rose.", "Analysts expect more gains."]),
])
def test_english_hard_cases(paragraph, sentences):
    assert SPLITTER.split(paragraph, "en") == sentences


def test_boundary_f1_on_the_sample_gold(gold_pairs):
    for lang in ("ko", "en"):
        total = Counts()
        for pair in gold_pairs.values():
            total.add(boundary_counts(SPLITTER, pair.side(lang), lang))
        assert total.gold > 150
        assert total.f1 >= 0.99, (lang, total)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("가나다라 ABC abc.!?\"'()…0123456789,%")), max_size=300),
       st.sampled_from(["ko", "en"]))
def test_splitting_loses_no_text(text, lang):
    sentences = SPLITTER.split(text, lang)
    assert "".join("".join(sentences).split()) == "".join(text.split())
    assert all(s == s.strip() and s for s in sentences)


@pytest.mark.parametrize("lang, word", [("ko", "반도체 수출이 늘었고"), ("en", "exports rose and")])
def test_a_paragraph_with_no_sentence_end_is_cut_at_spaces(lang, word):
    """A paragraph of 40,000 characters with no sentence end (a scraped table, a list run together) comes out in
    pieces of at most MAX_SENTENCE_CHARS, cut at spaces, with no text lost."""
    from newsbitext.pipeline.segment import MAX_SENTENCE_CHARS

    paragraph = " ".join([word] * (40_000 // len(word)))
    sentences = SPLITTER.split(paragraph, lang)
    assert len(sentences) >= 40_000 // MAX_SENTENCE_CHARS
    assert all(0 < len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert " ".join(sentences) == paragraph
