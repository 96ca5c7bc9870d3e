"""QE checks on real sample sentences, both ways: the planted error is flagged with its type, and its faithful
twin (the same sentence translated correctly) is not. Plus the seed page's sentence, the structure every check
keeps, the score and label, and the challenge-set generator."""

from __future__ import annotations

import pytest

from newsbitext.models.encoders import CachedEncoder, load_encoder
from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.evaluation.evaluate_qe import gold_segments
from newsbitext.pipeline.evaluation.perturb import PLANTERS, perturb
from newsbitext.pipeline.qe.checks import CHECKS
from newsbitext.pipeline.qe.estimator import QualityEstimator, headline
from newsbitext.pipeline.qe.names import Gazetteer, person_renders, romanize
from newsbitext.pipeline.records import RawPage, SegmentPair


@pytest.fixture(scope="module")
def estimator() -> QualityEstimator:
    return QualityEstimator(load_config().qe, CachedEncoder(load_encoder("use-m3")))


@pytest.fixture(scope="module")
def segments(gold_pairs, processor, estimator):
    """Every gold segment of the sample corpus, with the published date and site its Korean page gives."""
    out = {}
    for pair in gold_pairs.values():
        page = next(iter(pair.pages("ko").values()))
        article = processor(RawPage(str(page), page.read_bytes(), declared_lang="ko")).article.article
        out[pair.id] = gold_segments(pair, article.published, article.site, estimator)
    return out


def segment(segments, pair_id: str, role: str, ko_index: int):
    return next(s for s in segments[pair_id] if s.pair_obj.role == role and s.pair_obj.ko
                and s.pair_obj.ko_sentences[0] == _ko(segments, pair_id, role, ko_index))


def _ko(segments, pair_id, role, index):
    seen = [s.pair_obj.ko_sentences for s in segments[pair_id] if s.pair_obj.role == role and s.pair_obj.ko]
    flat = [x for sents in seen for x in sents]
    return flat[index]


def flags_for(estimator, pair: SegmentPair, en: str | None = None):
    if en is not None:
        sim = estimator.similarities([pair.ko], [en])[0]
        pair = SegmentPair(pair.role, pair.ko, en, sim, pair.published, pair.site, pair.ko_sentences, (en,))
    return estimator.flags(pair), pair


# (pair, role, Korean index of the bead, gold type, the faithful twin: (wrong English, right English))
CASES = [
    ("nvidia-h200-china", "body", 10, "number", ("more than 20 H200 units", "more than 200,000 H200 units")),
    ("bok-rate-decision", "body", 0, "number", ("by 0.25%", "by 0.25 percentage point")),
    ("us-tariff-korea-deal", "body", 4, "number", ("$15 billion", "$150 billion")),
    ("us-tariff-korea-deal", "body", 3, "date", ("last June", "last July")),
    ("kospi-record-high", "body", 13, "date", ("second quarter", "first quarter")),
    ("hyundai-ev-georgia", "body", 3, "entity", ("Chung Mong-koo", "Chung Eui-sun")),
    ("us-tariff-korea-deal", "body", 22, "entity", ("Kia", "Hyundai Motor")),
    ("kospi-record-high", "body", 16, "untranslated", ("조선", "shipbuilding")),
    ("samsung-hbm4-supply", "body", 18, "untranslated", ("절반", "half")),
    ("boj-rate-hike", "body", 22, "truncation", ("last year is", "last year is unlikely.")),
    ("minimum-wage-2027", "body", 21, "truncation", ("starting", "starting Jan. 1 next year.")),
    ("boj-rate-hike", "body", 10, "negation", ("strengthened", "weakened")),
    ("bok-rate-decision", "body", 15, "negation", ("accelerated", "slowed")),
    ("household-debt-surge", "body", 9, "omission", ("transactions last month.",
                                                     "transactions last month, up 35% from the previous month.")),
    ("us-tariff-korea-deal", "body", 23, "omission", ("opened at 1,462.5 won.",
                                                      "opened at 1,462.5 won, down 8.3 won from the previous day.")),
    ("minimum-wage-2027", "body", 18, "addition", (',\" adding that about 100,000 jobs could disappear.', '.\"')),
    ("household-debt-surge", "body", 15, "addition", (" and imposing additional capital requirements", "")),
]


@pytest.mark.parametrize("pair_id, role, index, kind, twin", CASES, ids=[f"{c[3]}-{c[0]}" for c in CASES])
def test_error_flagged_and_faithful_twin_not(estimator, segments, pair_id, role, index, kind, twin):
    seg = segment(segments, pair_id, role, index)
    assert seg.error == kind, "the case must point at the planted error of the gold"
    flags, _ = flags_for(estimator, seg.pair_obj)
    assert flags and headline(flags).type == kind, flags
    wrong, right = twin
    assert wrong in seg.pair_obj.en
    fixed, _ = flags_for(estimator, seg.pair_obj, seg.pair_obj.en.replace(wrong, right))
    assert fixed == (), fixed


def test_seed_sentence_gets_exactly_one_number_flag(estimator, segments):
    """The acceptance case: 20만개 rendered as "more than 20 H200 units"; with 200,000 nothing is flagged."""
    seg = segment(segments, "nvidia-h200-china", "body", 10)
    pair = seg.pair_obj
    assert "order more than 20 H200 units" in pair.en
    flags, _ = flags_for(estimator, pair)
    assert [f.type for f in flags] == ["number"]
    (flag,) = flags
    assert pair.ko[flag.ko_span[0]:flag.ko_span[1]] == "20만개"
    assert pair.en[flag.en_span[0]:flag.en_span[1]] == "20"
    assert "10,000" in flag.message
    fixed, _ = flags_for(estimator, pair, pair.en.replace("more than 20 H200", "more than 200,000 H200"))
    assert fixed == ()


def test_every_check_keeps_its_contract(estimator, segments):
    """Every registered check has a name and version, and every flag it raises on the corpus has a known type
    and spans inside the segment's text."""
    assert set(CHECKS) >= {"number", "date", "entity", "untranslated", "truncation", "negation", "omission",
                           "addition", "length", "low_similarity"}
    checks = estimator.checks("asiae")
    assert all(c.name and c.version >= 1 and c.tag == f"{c.name}@{c.version}" for c in checks)
    for segs in segments.values():
        for seg in segs:
            pair = seg.pair_obj
            for check in checks:
                for flag in check(pair):
                    assert flag.check == check.tag and flag.message
                    assert 0 < flag.severity <= 1
                    for span, text in ((flag.ko_span, pair.ko), (flag.en_span, pair.en)):
                        assert span is None or 0 <= span[0] < span[1] <= len(text), (flag, text)


def test_faithful_segments_rarely_flagged(estimator, segments):
    faithful = [s for segs in segments.values() for s in segs if s.error is None]
    flagged = [s for s in faithful if estimator.flags(s.pair_obj)]
    assert len(faithful) > 700
    assert len(flagged) / len(faithful) <= 0.02, [s.pair_obj.en for s in flagged]


def test_score_and_label(estimator, segments):
    seg = segment(segments, "nvidia-h200-china", "body", 10)
    score, label, flags = estimator.score_pair(seg.pair_obj)
    assert flags and label == "bad" and 0 <= score < estimator.cfg.bad_threshold
    fixed = seg.pair_obj.en.replace("more than 20 H200", "more than 200,000 H200")
    _, pair = flags_for(estimator, seg.pair_obj, fixed)
    score, label, flags = estimator.score_pair(pair)
    assert not flags and label == "ok" and score >= estimator.cfg.ok_threshold


def test_low_similarity_and_length(estimator):
    ko = "금융위원회는 가계대출 관리 강화를 위해 은행별 목표를 점검하기로 했다."
    unrelated = "The national football team won its qualifying match in Tokyo on a rainy evening last week."
    sim = estimator.similarities([ko], [unrelated])[0]
    flags = estimator.flags(SegmentPair("body", ko, unrelated, sim))
    assert flags and sim < estimator.cfg.low_similarity
    assert {f.type for f in flags} & {"low_similarity", "addition", "entity"}


def test_untranslated_span_on_both_sides(estimator):
    ko = "조선과 방산 업종이 강세를 보였다."
    en = "The 조선 and defense sectors were strong."
    (flag,) = estimator.flags(SegmentPair("body", ko, en, estimator.similarities([ko], [en])[0]))
    assert flag.type == "untranslated"
    assert en[flag.en_span[0]:flag.en_span[1]] == "조선" and ko[flag.ko_span[0]:flag.ko_span[1]] == "조선"


@pytest.mark.parametrize("korean, english, same", [
    ("정의선", "Chung Eui-sun", True), ("이창용", "Rhee Chang-yong", True), ("강재우", "Kang Jae-woo", True),
    ("박성호", "Park Sung-ho", True), ("최", "Choi", True), ("정의선", "Chung Mong-koo", False),
    ("이창용", "Kim Chang-yong", False), ("박성호", "Kim Sung-ho", False), ("최", "Han", False),
])
def test_korean_names_against_english_spellings(korean, english, same):
    assert person_renders(korean, english) is same


def test_romanize():
    assert romanize("정의선") == "jeonguiseon"
    assert romanize("평택") == "pyeongtaek"


def test_perturbation_set_is_deterministic_and_covers_every_type(segments):
    faithful = [s.pair_obj for s in segments["kospi-record-high"] + segments["bok-rate-decision"] if s.error is None]
    gazetteer = Gazetteer.load()
    first, again = perturb(faithful, gazetteer, seed=3), perturb(faithful, gazetteer, seed=3)
    assert [(p.type, p.pair.en) for p in first] == [(p.type, p.pair.en) for p in again]
    assert {p.type for p in first} == set(PLANTERS)
    originals = {p.en for p in faithful}
    assert all(p.pair.en not in originals for p in first)


def test_length_and_low_similarity_both_ways(estimator, segments):
    """On a real sentence: its own translation passes both checks; the translation of another article's sentence
    is unlike it, and an English twice as long as it should be is flagged for length."""
    seg = segment(segments, "kospi-record-high", "body", 7)
    other = segment(segments, "hyundai-ev-georgia", "body", 18)
    checks = {c.name: c for c in estimator.checks("asiae")}
    assert checks["low_similarity"](seg.pair_obj) == [] and checks["length"](seg.pair_obj) == []
    sim = estimator.similarities([seg.pair_obj.ko], [other.pair_obj.en])[0]
    unrelated = SegmentPair("body", seg.pair_obj.ko, other.pair_obj.en, sim)
    assert [f.type for f in checks["low_similarity"](unrelated)] == ["low_similarity"]
    doubled = SegmentPair("body", seg.pair_obj.ko, f"{seg.pair_obj.en} {other.pair_obj.en} {other.pair_obj.en}",
                          seg.pair_obj.similarity)
    assert [f.type for f in checks["length"](doubled)] == ["length"]


def test_site_profile_extends_the_gazetteer(estimator):
    base = estimator.checks("")[0].gazetteer
    asiae = estimator.checks("asiae")[0].gazetteer
    assert len(asiae.entries) == len(base.entries) + 2
    entity = next(c for c in estimator.checks("asiae") if c.name == "entity")
    ko = "기획예산처 관계자는 상반기 신속 집행 계획을 밝혔다."
    assert entity(SegmentPair("body", ko, "An official from the Ministry of Planning and Budget outlined the plan.",
                              site="asiae")) == []
    swapped = entity(SegmentPair("body", ko, "An official from the Financial Services Commission outlined the plan.",
                                 site="asiae"))
    assert [f.type for f in swapped] == ["entity"]
