"""The Hugging Face MT and QE-model path on tiny models the tests build themselves: sentencepiece models trained on
the sample corpus, Marian and M2M100 configs with random weights, sequence-classification QE models; saved, then
loaded through the public path (`--mt`, `--qe-model`). Nothing is downloaded. The random models translate into
noise, so what is asserted is the plumbing: batching, language codes, the cache, the check, the signatures, the
outputs. How MT evidence changes the number, date and entity checks is asserted on real sample sentences with the
MT output given, and one optional test runs the real opus-mt-ko-en when NEWSBITEXT_MT_MODEL points at it."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from newsbitext.models.encoders import CachedEncoder, load_encoder
from newsbitext.pipeline.config import ConfigError, load_config
from newsbitext.pipeline.qe.checks import MTDisagreement, mt_agreement
from newsbitext.pipeline.qe.estimator import QualityEstimator
from newsbitext.pipeline.records import SegmentPair

from .conftest import CORPUS, newsbitext, read_jsonl

transformers = pytest.importorskip("transformers", reason="the HF path needs `pip install newsbitext[hf]`")
torch = pytest.importorskip("torch", reason="the HF path needs `pip install newsbitext[hf]`")
pytest.importorskip("sentencepiece", reason="the HF path needs `pip install newsbitext[hf]`")

from newsbitext.models.quality import load_quality_model  # noqa: E402
from newsbitext.models.translator import CachedTranslator, HFTranslator, load_translator  # noqa: E402

from .tiny_models import build_m2m100, build_marian, build_qe_model  # noqa: E402

SMALL = {"beam_size": 1, "max_length": 12, "batch_size": 8}  # random weights: short outputs keep the tests fast
PAIRS = ("nvidia-h200-china", "bok-rate-decision", "boj-rate-hike")


@pytest.fixture(scope="module")
def corpus_text(gold_pairs):
    ko = [s for p in gold_pairs.values() for s in (p.ko.title, *p.ko.sentences)]
    en = [s for p in gold_pairs.values() for s in (p.en.title, *p.en.sentences)]
    return ko, en


@pytest.fixture(scope="module")
def marian(tmp_path_factory, corpus_text) -> Path:
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), *corpus_text)


@pytest.fixture(scope="module")
def m2m100(tmp_path_factory, corpus_text) -> Path:
    return build_m2m100(tmp_path_factory.mktemp("tiny-m2m100"), *corpus_text)


@pytest.fixture(scope="module")
def qe_regressor(tmp_path_factory, corpus_text) -> Path:
    return build_qe_model(tmp_path_factory.mktemp("tiny-qe-regressor"), *corpus_text, None)


@pytest.fixture(scope="module")
def qe_classifier(tmp_path_factory, corpus_text) -> Path:
    return build_qe_model(tmp_path_factory.mktemp("tiny-qe-classifier"), *corpus_text, {0: "bad", 1: "good"})


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in PAIRS:
        shutil.copytree(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def small_config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("config") / "small-mt.yaml"
    path.write_text("qe:\n  mt:\n    beam_size: 1\n    max_length: 12\n", encoding="utf-8")
    return path


# --- the translator -------------------------------------------------------------------------------------------


def test_marian_translates_in_length_batches_like_one_by_one(marian, gold_pairs):
    sentences = list(gold_pairs["kospi-record-high"].ko.sentences[:10])
    translator = HFTranslator(str(marian), **SMALL)
    batched = translator.translate(sentences)
    assert len(batched) == len(sentences) and all(isinstance(t, str) and t for t in batched)
    assert [translator.translate([s])[0] for s in sentences[:4]] == batched[:4]
    assert translator.translate([]) == []
    sig = translator.signature()
    assert sig.startswith(f"hf-mt:{marian.name}@") and "beam=1,len=12,float32" in sig
    assert translator._loaded[5:7] == ("", "")  # Marian needs no language codes


def test_m2m100_gets_its_language_codes(m2m100, gold_pairs):
    translator = HFTranslator(str(m2m100), **SMALL)
    out = translator.translate(list(gold_pairs["bok-rate-decision"].ko.sentences[:3]))
    assert translator._loaded[5:7] == ("ko", "en")
    assert translator._loaded[7] == translator._loaded[1].lang_code_to_id["en"]  # decoding starts with __en__
    assert not any(t.startswith("__en__") for t in out)
    assert "ko>en" in translator.signature()


def test_fingerprint_follows_the_weights(marian, tmp_path):
    copy = tmp_path / marian.name
    shutil.copytree(marian, copy)
    assert HFTranslator(str(copy), **SMALL).signature() == HFTranslator(str(marian), **SMALL).signature()
    torch.manual_seed(1)
    transformers.MarianMTModel(transformers.AutoConfig.from_pretrained(copy)).save_pretrained(copy)
    assert HFTranslator(str(copy), **SMALL).signature() != HFTranslator(str(marian), **SMALL).signature()
    assert HFTranslator(str(marian), beam_size=2).signature() != HFTranslator(str(marian), beam_size=1).signature()


def test_cache_on_disk_serves_a_second_process_and_keys_by_model(marian, gold_pairs, tmp_path):
    sentences = list(gold_pairs["minimum-wage-2027"].ko.sentences[:8])
    cache = tmp_path / "mt.sqlite"
    first = load_translator(str(marian), cache=cache, **SMALL)
    out = first.translate(sentences + sentences[:2])
    assert (first.stats.translated, first.stats.cached) == (8, 2)
    again = load_translator(str(marian), cache=cache, **SMALL)  # a new process: nothing in memory
    assert again.translate(sentences) == out[:8]
    assert (again.stats.translated, again.stats.cached) == (0, 8)
    other = load_translator(str(marian), cache=cache, beam_size=2, max_length=12)
    other.translate(sentences[:3])
    assert other.stats.translated == 3  # another beam size is another model for the cache
    import pickle

    clone = pickle.loads(pickle.dumps(again))
    assert isinstance(clone, CachedTranslator) and clone.translate(sentences[:2]) == out[:2]


# --- the checks -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def estimator() -> QualityEstimator:
    return QualityEstimator(load_config().qe, CachedEncoder(load_encoder("use-m3")))


def _bead(gold_pairs, pair_id: str, ko_index: int) -> SegmentPair:
    pair = gold_pairs[pair_id]
    bead = next(b for b in pair.alignment if b.ko == (ko_index,))
    ko = pair.ko.sentences[ko_index]
    en = " ".join(pair.en.sentences[j] for j in bead.en)
    return SegmentPair("body", ko, en, 0.6, "2026-01-09", "asiae", (ko,), (en,))


def test_mt_disagreement_flags_far_english_and_records_chrf():
    check = MTDisagreement(load_config().qe)
    en = "The Bank of Korea kept its base rate at 2.50% on Thursday."
    pair = SegmentPair("body", "한국은행이 기준금리를 연 2.50%로 동결했다.", en, 0.6)
    assert check(replace(pair, mt="The Bank of Korea froze the base rate at 2.50% per year.")) == []
    (flag,) = check(replace(pair, mt="Samsung Electronics will supply HBM4 chips to Nvidia next year."))
    assert flag.type == "mt_disagreement" and "chrF" in flag.message and 0.3 <= flag.severity <= 0.8
    assert check(pair) == []  # no MT, no opinion
    chrf, bleu = mt_agreement("The Bank of Korea froze the base rate.", en)
    assert 0 < bleu < chrf < 100


def test_mt_confirms_or_halves_a_number_flag(estimator, gold_pairs):
    """The seed sentence: 20만개 as "more than 20 H200 units". An MT that gives 200,000 confirms the flag; one that
    reads the Korean as the human did halves it (then our reading of the Korean is the likelier mistake)."""
    pair = _bead(gold_pairs, "nvidia-h200-china", 10)
    (plain,) = estimator.flags(pair)
    (confirmed,) = estimator.flags(replace(pair, mt="Alibaba and ByteDance each intend to order more than 200,000 "
                                                     "H200s from Nvidia, according to a source."))
    (halved,) = estimator.flags(replace(pair, mt="Alibaba and ByteDance each intend to order more than 20 H200s "
                                                  "from Nvidia, according to a source."))
    assert plain.type == confirmed.type == halved.type == "number"
    assert confirmed.severity == 1.0 and "the MT agrees with the Korean" in confirmed.message
    assert halved.severity == plain.severity / 2 and "the MT reads the Korean as the English does" in halved.message


def test_mt_catches_a_figure_the_korean_reading_misses(estimator):
    """열두 명 (twelve, spelled out) is no figure to the Korean reader, so the English 20 reads as an addition; the
    MT's 12 shows it is a figure rendered wrong."""
    pair = SegmentPair("body", "이 회사는 올해 직원 열두 명을 새로 채용했다.",
                       "The company hired 20 new employees this year.", 0.7)
    assert [f.type for f in estimator.flags(pair)] == ["addition"]
    (flag,) = estimator.flags(replace(pair, mt="The company hired 12 new employees this year."))
    assert flag.type == "number" and flag.severity == 0.7 and flag.en_span is not None
    assert pair.en[flag.en_span[0]:flag.en_span[1]] == "20"
    assert [f.type for f in estimator.flags(replace(pair, mt="The company hired 20 new employees this year."))] == \
        ["addition"]


def test_mt_evidence_on_dates_and_names(estimator, gold_pairs):
    date = _bead(gold_pairs, "us-tariff-korea-deal", 3)
    (flag,) = estimator.flags(date)
    assert flag.type == "date" and "last June" in date.en
    mt = date.en.replace("last June", "last July")
    assert "agrees with the Korean" in estimator.flags(replace(date, mt=mt))[0].message
    assert "as the English does" in estimator.flags(replace(date, mt=date.en))[0].message
    name = _bead(gold_pairs, "hyundai-ev-georgia", 3)
    (flag,) = estimator.flags(name)
    assert flag.type == "entity" and "Chung Mong-koo" in name.en
    confirmed = estimator.flags(replace(name, mt=name.en.replace("Chung Mong-koo", "Chung Eui-sun")))[0]
    assert confirmed.severity == 1.0 and "agrees with the Korean" in confirmed.message


def test_checks_that_need_a_model_say_so():
    cfg = load_config(overrides={"qe": {"checks": ["number", "mt_disagreement"]}})
    with pytest.raises(ConfigError, match="--mt MODEL"):
        QualityEstimator(cfg.qe, None)
    assert "mt_disagreement" in load_config(overrides={"qe": {"mt": {"model": "x"}}}).qe.active_checks
    assert "mt_disagreement" not in load_config().qe.active_checks


def test_model_settings_leave_a_run_without_models_unchanged():
    """The config hash and the QE signature of a run without --mt do not move with the mt settings."""
    base = load_config()
    tuned = load_config(overrides={"qe": {"mt": {"beam_size": 8, "chrf_floor": 30.0}, "model": {"floor": 0.1}}})
    assert base.signature() == tuned.signature() and base.qe.signature() == tuned.qe.signature()
    assert load_config(overrides={"qe": {"mt": {"model": "x"}}}).signature() != base.signature()


# --- QE models ------------------------------------------------------------------------------------------------


def test_qe_models_score_pairs(qe_regressor, qe_classifier, gold_pairs):
    pair = gold_pairs["samsung-hbm4-supply"]
    ko, en = list(pair.ko.sentences[:6]), list(pair.en.sentences[:6])
    regressor = load_quality_model(str(qe_regressor), batch_size=4)
    classifier = load_quality_model(str(qe_classifier), batch_size=4)
    values = regressor.score(ko, en)
    assert len(values) == 6 and regressor.kind == "regression"
    assert regressor.score(ko[:2], en[:2]) == pytest.approx(values[:2], abs=1e-5)  # batching changes nothing
    probs = classifier.score(ko, en)
    assert classifier.kind == "classification" and all(0 <= p <= 1 for p in probs)
    assert classifier._loaded[4] == 1  # the label named "good"
    with pytest.raises(ValueError):
        regressor.score(ko, en[:2])


def test_qe_model_check_through_the_estimator(qe_classifier, gold_pairs):
    pair = _bead(gold_pairs, "samsung-hbm4-supply", 2)
    model = load_quality_model(str(qe_classifier))
    value = model.score([pair.ko], [pair.en])[0]
    for floor, flagged in ((value + 0.01, True), (value - 0.01, False)):
        cfg = load_config(overrides={"qe": {"model": {"model": str(qe_classifier), "floor": floor}}})
        est = QualityEstimator(cfg.qe, CachedEncoder(load_encoder("use-m3")), quality_model=model)
        (enriched,) = est.enrich([pair])
        assert enriched.model_score == pytest.approx(value)
        assert [f.type for f in est.flags(enriched)] == (["qe_model"] if flagged else [])
        assert f"qe-model:hf-qe:{qe_classifier.name}@" in est.signature()


# --- end to end -----------------------------------------------------------------------------------------------


def test_run_with_mt_end_to_end_and_the_cache_translates_nothing_twice(marian, small_corpus, small_config,
                                                                         tmp_path):
    cache = tmp_path / "translations.sqlite"
    outs = []
    for name in ("first", "second"):
        out = tmp_path / name
        done = newsbitext("run", str(small_corpus), "-o", str(out), "--quiet", "--mt", str(marian),
                          "--mt-cache", str(cache), "--config", str(small_config))
        assert done.returncode == 0, done.stderr
        outs.append(out)
    records = read_jsonl(outs[0] / "articles.jsonl")
    assert {r["id"].split(".")[0] for r in records} == set(PAIRS)  # (boj-rate-hike has an HTML pair too)
    both = [s for r in records for s in r["alignment"] if s["ko"] and s["en"]]
    assert both and all(set(s["mt"]) == {"text", "chrF", "BLEU"} for s in both)
    assert not any("mt" in s for r in records for s in r["alignment"] if not (s["ko"] and s["en"]))
    types = {f["type"] for s in both for f in s["flags"]}
    assert "mt_disagreement" in types  # random weights translate into noise
    signature = records[0]["provenance"]["signature"]
    assert f"mt:hf-mt:{marian.name}@" in signature
    assert "chrF:nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" in signature
    assert "BLEU:nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:" in signature
    assert all("mean_mt_chrF" in r["qe"] for r in records)
    first, second = (json.loads((o / "manifest.json").read_text())["counts"] for o in outs)
    assert first["mt/translated"] > 0
    assert second["mt/translated"] == 0
    assert second["mt/cached"] == first["mt/translated"] + first["mt/cached"]
    for name in ("articles.jsonl", "flagged.jsonl", "parallel.tsv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_qe_command_with_mt_and_qe_model(marian, qe_regressor, gold_pairs, tmp_path, small_config):
    pair = gold_pairs["won-dollar-exchange"]
    lines = [f"{pair.ko.sentences[b.ko[0]]}\t{pair.en.sentences[b.en[0]]}" for b in pair.alignment
             if len(b.ko) == len(b.en) == 1][:6]
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scored.tsv"
    done = newsbitext("qe", str(tsv), "-o", str(out), "--mt", str(marian), "--mt-cache", "none",
                      "--qe-model", str(qe_regressor), "--config", str(small_config))
    assert done.returncode == 0, done.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(lines)
    assert "mt/translated: 6 sentence(s)" in done.stderr
    flags = [json.loads(r.split("\t")[-1]) for r in rows]
    assert any(f["type"] == "mt_disagreement" for fs in flags for f in fs)
    sig = newsbitext("qe", "--signature", "--mt", str(marian), "--mt-cache", "none", "--qe-model", str(qe_regressor))
    assert "mt_disagreement@1" in sig.stdout and "qe_model@1" in sig.stdout and "chrF:nrefs:1" in sig.stdout


def test_a_model_that_cannot_load_stops_before_any_page(small_corpus, tmp_path):
    missing = tmp_path / "no-such-model"
    done = newsbitext("run", str(small_corpus), "-o", str(tmp_path / "out"), "--quiet", "--mt", str(missing))
    assert done.returncode == 2
    assert str(missing) in done.stderr and "seq2seq" in done.stderr
    assert not (tmp_path / "out" / "articles.jsonl").exists()


def test_a_model_of_the_wrong_kind_is_named(marian, qe_regressor, small_corpus, tmp_path):
    wrong = newsbitext("run", str(small_corpus), "-o", str(tmp_path / "a"), "--quiet", "--qe-model", str(marian))
    assert wrong.returncode == 2 and "sequence-classification" in wrong.stderr
    wrong = newsbitext("run", str(small_corpus), "-o", str(tmp_path / "b"), "--quiet", "--mt", str(qe_regressor))
    assert wrong.returncode == 2 and "is not a seq2seq translation model" in wrong.stderr


@pytest.mark.skipif(not os.environ.get("NEWSBITEXT_MT_MODEL"),
                    reason="set NEWSBITEXT_MT_MODEL to a local Helsinki-NLP/opus-mt-ko-en folder to run the real model")
def test_real_opus_mt_agrees_with_faithful_english(gold_pairs):
    """The real model: faithful sample sentences score above the floor against its output, in English."""
    translator = load_translator(os.environ["NEWSBITEXT_MT_MODEL"], cache="none", beam_size=4)
    pair = gold_pairs["kospi-record-high"]
    beads = [b for b in pair.alignment if len(b.ko) == len(b.en) == 1][:10]
    mt = translator.translate([pair.ko.sentences[b.ko[0]] for b in beads])
    chrf = sorted(mt_agreement(m, pair.en.sentences[b.en[0]])[0] for m, b in zip(mt, beads, strict=True))
    assert chrf[len(chrf) // 2] > load_config().qe.mt.chrf_floor
    letters = [c for t in mt for c in t if c.isalpha()]
    assert sum(c.isascii() for c in letters) > 0.95 * len(letters)
