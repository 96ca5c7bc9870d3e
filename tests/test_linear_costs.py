"""Costs linear in the input (issue 17): what one segment, one `qe` line or one page costs grows with its length,
never with its square, and what is over a limit is checked on a window or refused with the setting named.

No test here times anything: work is counted (tokens through the encoder's network) and memory traced, on the
real components. BENCHMARKS.md has the times (`bench_input_sizes`)."""

from __future__ import annotations

import json
import random
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbitext.models.encoders import CachedEncoder, load_encoder
from newsbitext.models.use import SEEN
from newsbitext.pipeline.align import _best_matches, _SharedAnchors, make_sides
from newsbitext.pipeline.clean import ArticleCleaner
from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.evaluation.gold import load_gold_dir
from newsbitext.pipeline.qe.checks import _EN_CLAUSE_END, _clauses, remainders
from newsbitext.pipeline.qe.estimator import WINDOW_CHECK, QualityEstimator
from newsbitext.pipeline.qe.figures import Figure, pair_figures, same_value, units_agree
from newsbitext.pipeline.records import Page, Rejected, SegmentPair
from newsbitext.pipeline.segment import MAX_SENTENCE_CHARS, SentenceSplitter

from .conftest import CORPUS, newsbitext


@pytest.fixture(scope="module")
def sentences() -> tuple[list[str], list[str]]:
    """The sample corpus's Korean and English body sentences, in order."""
    pairs, _ = load_gold_dir(CORPUS)
    return [s for p in pairs for s in p.ko.sentences], [s for p in pairs for s in p.en.sentences]


@pytest.fixture(scope="module")
def estimator() -> QualityEstimator:
    return QualityEstimator(load_config().qe, CachedEncoder(load_encoder("use-m3")))


def network_tokens(estimator: QualityEstimator, monkeypatch) -> list[int]:
    """The number of tokens of each pass of the USE network (the encoder's work), counted by wrapping the
    model's own feature pass for the test."""
    model = estimator.encoder.encoder._model
    counted: list[int] = []
    features = model._sentence_features

    def counting(texts):
        counted.append(sum(map(len, texts)))
        return features(texts)

    monkeypatch.setattr(model, "_sentence_features", counting)
    return counted


def test_a_side_over_the_limit_is_checked_on_its_head_and_flagged(estimator, sentences):
    ko, en = sentences
    limit = estimator.max_check_chars
    long_ko, long_en = " ".join(ko * 3), " ".join(en * 3)
    assert len(long_en) > limit
    pair = SegmentPair("body", long_ko, long_en, 0.6, ko_sentences=tuple(ko * 3), en_sentences=tuple(en * 3))
    flags = estimator.flags(pair)
    notes = [f for f in flags if f.check == WINDOW_CHECK]
    assert len(notes) == 1 and notes[0].type == "length" and "qe.max_check_chars" in notes[0].message
    assert f"{len(long_en):,} characters" in notes[0].message
    for flag in flags:  # every span lies in what the checks read, and indexes the whole side as it is
        for span in (flag.ko_span, flag.en_span):
            assert span is None or span[1] <= limit
    assert estimator.score(0.6, flags)[1] == "bad"
    short = SegmentPair("body", ko[0], en[0], 0.6)
    assert not [f for f in estimator.flags(short) if f.check == WINDOW_CHECK]


def test_a_qe_line_over_the_limit_is_scored_on_a_window(tmp_path, sentences):
    ko, en = sentences
    tsv = tmp_path / "long.tsv"
    tsv.write_text(f"{' '.join(ko * 4)}\t{''.join(''.join(en * 4).split())}\n", encoding="utf-8")
    done = newsbitext("qe", str(tsv))
    assert done.returncode == 0, done.stderr
    flags = json.loads(done.stdout.rstrip("\n").split("\t")[-1])
    assert any(f["type"] == "length" and "qe.max_check_chars" in f["message"] for f in flags)


def test_an_article_over_the_limit_is_refused_naming_the_setting(sentences):
    ko, _ = sentences
    html = "<html><body><h1>기준금리 동결</h1><article>" + "".join(f"<p>{s}</p>" for s in ko[:40]) + \
        "</article></body></html>"
    page = Page("long.ko.html", html, "html", "utf-8", "0", declared_lang="ko")
    text = sum(map(len, ko[:40]))
    cleaner = ArticleCleaner(load_config(overrides={"clean": {"max_article_chars": text // 2}}).clean)
    out = cleaner(page)
    assert isinstance(out, Rejected) and out.stage == "clean"
    assert "clean.max_article_chars" in out.reason and f"{text // 2:,}" in out.reason
    assert not isinstance(ArticleCleaner(load_config().clean)(page), Rejected)  # the default leaves it alone


def test_the_window_is_a_setting(estimator, sentences):
    ko, en = sentences
    narrow = QualityEstimator(load_config(overrides={"qe": {"max_check_chars": 100}}).qe, estimator.encoder)
    pair = SegmentPair("body", " ".join(ko[:3]), " ".join(en[:3]), 0.6)
    assert [f for f in narrow.flags(pair) if f.check == WINDOW_CHECK and "qe.max_check_chars (100)" in f.message]
    assert not [f for f in estimator.flags(pair) if f.check == WINDOW_CHECK]


def test_leave_one_out_work_grows_with_the_text_not_its_square(estimator, sentences, monkeypatch):
    """Leaving each clause out in turn encodes the text once and a few tokens about each cut: doubling the
    clauses doubles the work (encoding each remainder whole would quadruple it)."""
    _, en = sentences
    addition = next(c for c in estimator.checks() if c.name == "addition")
    counted = network_tokens(estimator, monkeypatch)
    work = []
    for copies in (1, 2, 4):
        full = " ".join(en[:40] * copies)
        clauses = _clauses(full, _EN_CLAUSE_END, 20)
        counted.clear()
        estimator.encoder.clear()
        assert addition._leave_one_out(full, "기준금리를 동결했다.", clauses) is not None
        work.append(sum(counted))
        whole = len(estimator.encoder.encoder._model.tokenize(full))
        assert sum(counted) < 4 * whole + 40 * len(clauses)  # the text, its prefix sums, a seam per cut
    assert work[1] < 2.3 * work[0] and work[2] < 2.3 * work[1]


def test_remainders_composed_are_the_remainders_encoded(estimator, sentences):
    _, en = sentences
    full = " ".join(en[:12])
    cuts = [*_clauses(full, _EN_CLAUSE_END, 20), (0, 5), (3, 9), (len(full) - 7, len(full)), (0, len(full))]
    composed = estimator.embed_without(full, cuts)
    encoded = estimator.embed(remainders(full, cuts))
    assert composed is not None and np.abs(composed - encoded).max() < 1e-5


def test_a_megabyte_without_spaces_tokenizes_in_bounded_memory(estimator, sentences):
    ko, en = sentences
    run = "".join("".join((k + e).split()) for k, e in zip(ko, en, strict=False))
    text = (run * (1_000_000 // len(run.encode()) + 1)).encode()[:1_000_000].decode(errors="ignore")
    model = estimator.encoder.encoder._model
    model.tokenize("warm")
    tracemalloc.start()
    try:
        ids = model.tokenize(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(ids) > 100_000
    assert peak < 48 * 2**20, f"{peak / 2**20:.0f} MB"  # the ids themselves, and a lattice of 256 characters


def test_a_text_longer_than_a_pass_encodes_a_pass_at_a_time(estimator, sentences, monkeypatch):
    """A text of many passes' tokens is encoded a pass at a time (memory of one pass), to the vector of its
    features computed in one."""
    _, en = sentences
    model = estimator.encoder.encoder._model
    text = " ".join(en[:200])
    whole = model.tokenize(text)
    assert len(whole) > 3 * model.token_budget
    feats = model._sentence_features([whole])[0]
    in_one = model._head(feats.sum(axis=0, dtype=np.float64)[None], np.float32([len(whole)]))[0]
    counted = network_tokens(estimator, monkeypatch)
    in_passes = model.encode([text])[0]
    assert max(counted) <= model.token_budget + 2 * SEEN
    assert np.abs(in_passes - in_one).max() < 1e-5


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0, 1, 3, 1000, 200000, 1.004, 1.006, 0.995]),
                          st.sampled_from(["", "pct", "pp", "krw", "usd", "times", "level", "years", "ordinal"]),
                          st.booleans()), max_size=8),
       st.lists(st.tuples(st.sampled_from([0, 1, 3, 1000, 200000, 1.004, 1.006, 0.995, 200900]),
                          st.sampled_from(["", "pct", "pp", "krw", "usd", "times", "level", "years", "ordinal"]),
                          st.booleans()), max_size=10))
def test_figures_pair_as_the_reading_order_greedy_does(ko, en):
    """The indexed pairing gives the pairs of the plain one: each Korean figure in turn takes the first free English
    figure of its value and a compatible unit, strong English figures before weak ones."""
    ko_figures = [Figure(v, u, (0, 1), weak=w) for v, u, w in ko]
    en_figures = [Figure(v, u, (0, 1), weak=w) for v, u, w in en]
    expected, used = [], set()
    for weak_pass in (False, True):
        for i, k in enumerate(ko_figures):
            if any(i == p for p, _ in expected):
                continue
            for j, e in enumerate(en_figures):
                if j not in used and e.weak == weak_pass and same_value(k.value, e.value) and \
                        units_agree(k.unit, e.unit):
                    expected.append((i, j))
                    used.add(j)
                    break
    assert pair_figures(ko_figures, en_figures) == tuple(sorted(expected))


def test_a_paragraph_without_breaks_is_split_a_piece_at_a_time(sentences):
    ko, en = sentences
    splitter = SentenceSplitter()
    for text, lang in ((" ".join(en * 3).replace(".", ","), "en"), (" ".join(ko * 3), "ko")):
        assert len(text) > 20_000
        out = splitter.split(text, lang)
        assert len(out) > 5 and max(map(len, out)) <= MAX_SENTENCE_CHARS
        assert "".join("".join(out).split()) == "".join(text.split())


def test_anchor_blocks_and_banded_best_matches_count_as_the_whole_document_does(estimator, sentences):
    ko, en = sentences
    src, tgt = make_sides([ko[:80], en[:80]], estimator.encoder, 3)
    anchors = _SharedAnchors(src, tgt)
    rng = random.Random(0)
    for a, b in ((1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)):
        runs = range(src.n - a + 1), range(tgt.n - b + 1)
        whole = anchors.blocks(*runs)(a, b, *runs)
        assert whole.sum() > 0
        i = np.array([rng.randrange(src.n - a + 1) for _ in range(200)])
        j = np.array([rng.randrange(tgt.n - b + 1) for _ in range(200)])
        assert np.array_equal(whole[i, j], anchors.shared(a, b, i, j))
        part = anchors.blocks(range(10, 30), range(5, 40))(a, b, range(10, 30), range(5, 40))
        assert np.array_equal(part, whole[10:30, 5:40])
    everything = (np.zeros(src.n + 1, dtype=np.int64), np.full(src.n + 1, tgt.n + 1, dtype=np.int64))
    banded, whole = _best_matches(src.runs[1], tgt.runs[1], everything), _best_matches(src.runs[1], tgt.runs[1], None)
    sim = src.runs[1] @ tgt.runs[1].T
    assert np.allclose(banded[0], sim.max(axis=1)) and np.allclose(banded[2], sim.max(axis=0))
    assert all(np.array_equal(x, y) for x, y in zip(banded[1::2], whole[1::2], strict=True))


def test_corpus_pages_are_far_below_the_limits(sentences):
    """The limits leave every sample page and segment alone (their outputs keep their bytes)."""
    ko, en = sentences
    cfg = load_config()
    assert max(map(len, ko + en)) * 4 < QualityEstimator(cfg.qe, None).max_check_chars
    pairs, _ = load_gold_dir(CORPUS)
    longest = max(sum(map(len, s)) for p in pairs for s in (p.ko.sentences, p.en.sentences))
    assert longest * 10 < ArticleCleaner(cfg.clean).max_article_chars
