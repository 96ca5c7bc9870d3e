"""Sentence alignment: coverage in every case, the beads of real sample articles, the CLI and the run output."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbitext.models.encoders import CachedEncoder, USEEncoder
from newsbitext.pipeline.align import DocSide, SentenceAligner, align_sides, bead_types
from newsbitext.pipeline.config import AlignConfig, load_config
from newsbitext.pipeline.evaluation.bench import gale_church
from newsbitext.pipeline.evaluation.evaluate import AlignCounts, align_counts

from .conftest import CORPUS, newsbitext, read_jsonl

CFG = load_config().align


@pytest.fixture(scope="module")
def aligner() -> SentenceAligner:
    return SentenceAligner(CFG, CachedEncoder(USEEncoder()))


def covers(beads, n: int, m: int) -> bool:
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    return src == list(range(n)) and tgt == list(range(m)) and all(b.src or b.tgt for b in beads)


def random_side(rng: np.random.Generator, n: int, run: int = 3, dim: int = 16) -> DocSide:
    base = rng.normal(size=(n, dim))
    runs, lengths, anchors = {}, {}, {}
    for k in range(1, run + 1):
        count = max(n - k + 1, 0)
        vecs = np.array([base[i:i + k].sum(axis=0) for i in range(count)]).reshape(count, dim)
        runs[k] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        lengths[k] = rng.integers(10, 80, size=count).astype(float)
        anchors[k] = [frozenset()] * count
    return DocSide(n=n, runs=runs, lengths=lengths, anchors=anchors)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 40), m=st.integers(0, 40), seed=st.integers(0, 10_000), banded=st.booleans())
def test_beads_cover_every_sentence_once_in_order(n, m, seed, banded):
    rng = np.random.default_rng(seed)
    cfg = replace(CFG, full_dp_cells=0 if banded else CFG.full_dp_cells, band=2)
    beads, _ = align_sides(random_side(rng, n), random_side(rng, m), cfg)
    assert covers(beads, n, m)
    assert all((len(b.src), len(b.tgt)) in bead_types(cfg.max_bead) for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_bead_types_are_data():
    assert bead_types(4) == [(1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1), (1, 0), (0, 1)]


def test_empty_side_and_single_sentence(aligner):
    assert [(b.src, b.tgt) for b in aligner.align(["코스피가 올랐다.", "환율은 내렸다."], [])] == [((0,), ()), ((1,), ())]
    assert aligner.align([], []) == []
    [bead] = aligner.align(["코스피가 사상 최고치를 기록했다."], ["The KOSPI hit a record high."])
    assert (bead.src, bead.tgt) == ((0,), (0,)) and bead.score > 0.3


def test_identical_repeated_sentences_align_one_to_one(aligner):
    src = ["시장은 혼조세를 보였다."] * 6
    tgt = ["The market was mixed."] * 6
    assert [(b.src, b.tgt) for b in aligner.align(src, tgt)] == [((i,), (i,)) for i in range(6)]


def test_sample_articles_align_with_every_bead_type(aligner, gold_pairs):
    """On the real sample articles: strict F1 near gold, and 1-1, 2-1, 1-2, 1-0 and 0-1 beads all predicted."""
    shapes, total = set(), AlignCounts()
    for pair in gold_pairs.values():
        if pair.folder.parent != CORPUS:
            continue
        beads = aligner.align(list(pair.ko.sentences), list(pair.en.sentences))
        assert covers(beads, len(pair.ko.sentences), len(pair.en.sentences))
        shapes |= {(len(b.src), len(b.tgt)) for b in beads}
        total.add(align_counts([(b.ko, b.en) for b in pair.alignment], [(b.src, b.tgt) for b in beads]))
    assert {(1, 1), (2, 1), (1, 2), (1, 0), (0, 1)} <= shapes
    assert total.scores()["strict_f1"] >= 0.97


def test_shuffled_paragraph_stays_monotone_and_covered(aligner, gold_pairs):
    pair = gold_pairs["won-dollar-exchange"]
    src, tgt = list(pair.ko.sentences), list(pair.en.sentences)
    tgt[4], tgt[12] = tgt[12], tgt[4]  # two sentences far apart trade places
    beads = aligner.align(src, tgt)
    assert covers(beads, len(src), len(tgt))
    gold = {(b.ko, b.en) for b in pair.alignment if 4 not in b.en and 12 not in b.en}
    predicted = {(b.src, b.tgt) for b in beads}
    assert len(gold & predicted) >= 0.8 * len(gold)


def test_figures_and_names_pull_the_right_pair(aligner):
    """Anchors: 20만개 meets 200,000, H200 meets H200, in a pair the lengths alone would get wrong."""
    src = ["알리바바는 H200을 20만개 주문했다.", "바이트댄스도 비슷한 규모의 주문을 검토하고 있다고 알려졌다."]
    tgt = ["Alibaba ordered 200,000 H200 units.", "ByteDance is reportedly considering an order of similar size."]
    assert [(b.src, b.tgt) for b in aligner.align(src, tgt)] == [((0,), (0,)), ((1,), (1,))]


def test_roles_align_within_themselves(aligner, processor):
    from newsbitext.pipeline.io.readers import describe, read_file

    ko = processor(read_file(describe(CORPUS / "nvidia-h200-china" / "ko.txt"), 10**7)).article
    en = processor(read_file(describe(CORPUS / "nvidia-h200-china" / "en.txt"), 10**7)).article
    segments = aligner.segments(ko, en)
    for role, sentences in ko.roles().items():
        mine = [s for s in segments if s.role == role]
        assert [i for s in mine for i in s.ko] == list(range(len(sentences)))
    assert [(s.ko, s.en) for s in segments if s.role == "title"] == [((0,), (0,))]
    assert [(s.ko, s.en) for s in segments if s.role == "subtitle"] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_gale_church_covers(gold_pairs):
    pair = gold_pairs["bok-rate-decision"]
    beads = gale_church(list(pair.ko.sentences), list(pair.en.sentences))
    assert covers(beads, len(pair.ko.sentences), len(pair.en.sentences))


def test_cli_align_formats(tmp_path, gold_pairs):
    pair = gold_pairs["kospi-record-high"]
    src, tgt = tmp_path / "ko.txt", tmp_path / "en.txt"
    src.write_text("\n".join(pair.ko.sentences) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(pair.en.sentences) + "\n", encoding="utf-8")
    done = newsbitext("align", "--src", str(src), "--tgt", str(tgt), "--presplit")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(re.fullmatch(r"\[[\d, ]*\]:\[[\d, ]*\]:\d(?:\.\d+)?", line) for line in lines)
    assert lines[0].startswith("[0]:[0]:")
    done = newsbitext("align", "--src", str(src), "--tgt", str(tgt), "--presplit", "--format", "jsonl")
    first = json.loads(done.stdout.splitlines()[0])
    assert first["src"] == [0] and first["src_text"] == pair.ko.sentences[0]
    # unsplit text is split first: one line holding two sentences gives two source indexes
    src.write_text(" ".join(pair.ko.sentences[:2]) + "\n", encoding="utf-8")
    tgt.write_text(" ".join(pair.en.sentences[:2]) + "\n", encoding="utf-8")
    done = newsbitext("align", "--src", str(src), "--tgt", str(tgt))
    assert done.stdout.splitlines()[-1].split(":")[0].endswith("1]")


def test_run_writes_role_alignment(tmp_path):
    out = tmp_path / "out"
    done = newsbitext("run", str(CORPUS / "nvidia-h200-china"), "-o", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    [article] = read_jsonl(out / "articles.jsonl")
    body = [s for s in article["alignment"] if s["role"] == "body"]
    n_ko = sum(len(p) for p in article["ko"]["paragraphs"])
    assert [i for s in body for i in s["ko"]] == list(range(n_ko))
    assert all(0.0 <= s["score"] <= 1.0 and 0.0 <= s["similarity"] <= 1.0 for s in article["alignment"])
    assert {"role", "ko", "en", "score", "similarity", "label", "flags"} == set(article["alignment"][0])
    assert "enc:use-m3@" in article["provenance"]["signature"]
    assert "checks:untranslated@1+" in article["provenance"]["signature"]


def test_align_config_signature_changes_with_settings():
    assert AlignConfig().signature() != AlignConfig(neighbour_weight=0.9).signature()


def test_banded_dp_matches_the_full_dp_on_a_long_document(aligner, gold_pairs):
    """All 14 asiae articles as one 600-sentence document: the coarse-to-fine band loses (almost) nothing."""
    src, tgt, gold = [], [], []
    for pair in gold_pairs.values():
        if pair.folder.parent != CORPUS:
            continue
        gold += [(tuple(i + len(src) for i in b.ko), tuple(j + len(tgt) for j in b.en)) for b in pair.alignment]
        src += pair.ko.sentences
        tgt += pair.en.sentences
    full = SentenceAligner(replace(CFG, full_dp_cells=10**6), aligner.encoder).align(src, tgt)
    banded = SentenceAligner(replace(CFG, full_dp_cells=0), aligner.encoder).align(src, tgt)
    assert covers(banded, len(src), len(tgt))
    f_full = align_counts(gold, [(b.src, b.tgt) for b in full]).scores()["strict_f1"]
    f_banded = align_counts(gold, [(b.src, b.tgt) for b in banded]).scores()["strict_f1"]
    assert f_banded >= f_full - 0.005 and f_banded >= 0.97


def test_pair_similarity_tells_translations_from_unrelated_pages(aligner, gold_pairs):
    from newsbitext.pipeline.align import pair_similarity
    from newsbitext.pipeline.records import AlignedSegment

    pairs = [p for p in gold_pairs.values() if p.folder.parent == CORPUS]

    def similarity(ko, en) -> float:
        beads = aligner.align(list(ko.sentences), list(en.sentences))
        return pair_similarity(tuple(AlignedSegment("body", b.src, b.tgt, b.score) for b in beads))

    floor = CFG.min_pair_similarity
    assert all(similarity(p.ko, p.en) >= floor for p in pairs)
    assert all(similarity(p.ko, pairs[(k + 5) % len(pairs)].en) < floor for k, p in enumerate(pairs))


def test_encoder_cache_answers_calls_larger_than_itself(gold_pairs):
    """The cache evicts only after answering: a call with more new texts than it holds still gets every vector,
    the same as without a cache."""
    from newsbitext.models.encoders import CachedEncoder, USEEncoder

    sentences = list(gold_pairs["kospi-record-high"].en.sentences[:6])
    small = CachedEncoder(USEEncoder(), max_items=3)
    assert np.allclose(small.encode(sentences), USEEncoder().encode(sentences), atol=1e-6)
    assert len(small._cache) == 3
    small.clear()
    assert small.encode(sentences[:2]).shape == (2, 512) and small.misses == 8


HOUSING_KO = ["국토교통부가 25일 새 주거 대책을 발표했다.",
              "정부는 내년부터 청년 주택 공급을 두 배로 늘리고, 전세 대출 금리를 1%포인트 낮추며, 신혼부부 특별공급 비율을 "
              "30%로 높이고, 공공임대 입주 자격을 완화하는 한편, 수도권 광역교통망 확충에 12조원을 투입하기로 했다.",
              "시장에서는 집값 안정에 도움이 될 것이라는 기대가 나온다.",
              "다만 재원 마련 방안은 아직 구체적으로 제시되지 않았다."]
HOUSING_EN = ["The Ministry of Land, Infrastructure and Transport announced a new housing plan on the 25th.",
              "The government will double the supply of housing for young people from next year.",
              "It will cut interest rates on jeonse loans by 1 percentage point.",
              "The share of special supply for newlyweds will rise to 30%.",
              "Eligibility for public rental housing will be eased.",
              "It will also spend 12 trillion won on expanding the metropolitan transport network.",
              "The market expects the measures to help stabilize house prices.",
              "However, no concrete plan for funding has been presented yet."]


def test_one_sentence_rendered_as_five_is_one_bead(aligner):
    """A long Korean sentence the English splits into five: one 1-5 bead, not a shorter merge and skips."""
    beads = [(b.src, b.tgt) for b in aligner.align(HOUSING_KO, HOUSING_EN)]
    assert beads == [((0,), (0,)), ((1,), (1, 2, 3, 4, 5)), ((2,), (6,)), ((3,), (7,))]


def test_two_unrelated_sentences_dropped_from_both_sides_are_skipped_not_paired(aligner):
    ko = [HOUSING_KO[0], HOUSING_KO[2], "한편 이날 서울의 낮 최고기온은 영하 3도를 기록했다.", HOUSING_KO[3]]
    en = [HOUSING_EN[0], HOUSING_EN[6], "Shares of the film studio rose after its new movie topped the box office.",
          HOUSING_EN[7]]
    beads = [(b.src, b.tgt) for b in aligner.align(ko, en)]
    assert ((2,), ()) in beads and ((), (2,)) in beads
    assert [b for b in beads if b[0] and b[1]] == [((0,), (0,)), ((1,), (1,)), ((3,), (3,))]


def test_bench_align_reports_exact_beads_by_type(tmp_path):
    done = newsbitext("bench", "align", str(CORPUS / "other-sites"))
    assert done.returncode == 0, done.stderr
    ours = re.search(r"\| newsbitext \(use-m3\) \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|", done.stdout)
    assert ours and float(ours.group(1)) >= 0.98
    assert "Exact beads by type" in done.stdout
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (\d-\d) \| (\d+) \|", done.stdout, re.M)}
    assert rows["1-1"] == "164" and rows["2-1"] == "21" and rows["0-1"] == "3"
