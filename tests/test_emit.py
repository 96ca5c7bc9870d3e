"""The parallel corpus from a real run on sample pairs: TSV, Moses and TMX (valid against the TMX 1.4 DTD and
parsing back to the same pairs), thresholds, deduplication, and manifest.json."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
from lxml import etree

from newsbitext.pipeline.config import EmitConfig
from newsbitext.pipeline.emit import CorpusFilter, ParallelRow, segment_rows
from newsbitext.pipeline.io.articles import read_articles
from newsbitext.pipeline.records import Flag

from .conftest import CORPUS, newsbitext

DTD = Path(__file__).parent / "data" / "tmx14.dtd"
# the same article as text dump and HTML: every pair of the second copy is an exact duplicate
PAIRS = ("nvidia-h200-china", "boj-rate-hike", "kospi-record-high")


@pytest.fixture(scope="module")
def run_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("emit")
    done = newsbitext("run", *(str(CORPUS / p) for p in PAIRS), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out


def tsv_rows(out: Path) -> list[list[str]]:
    """parallel.tsv read as the manifest says it is written: a header, then quoted fields (excel-tab)."""
    with (out / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle, dialect="excel-tab")
    assert header == ["ko", "en", "score"]
    return rows


def tsv_pairs(out: Path) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in tsv_rows(out)]


def test_tmx_is_valid_and_holds_the_tsv_pairs(run_out):
    tree = etree.parse(str(run_out / "parallel.tmx"), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    root = tree.getroot()
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "ko"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    pairs = [tuple(tuv.findtext("seg") for tuv in tu.iter("tuv") if tuv.get(lang) in ("ko", "en"))
             for tu in root.iter("tu")]
    assert pairs == tsv_pairs(run_out) and len(pairs) > 50
    props = {p.get("type") for p in root.iter("prop")}
    assert {"x-article", "x-role", "x-score", "x-label", "x-flags", "x-duplicates", "x-ko-path", "x-ko-sha256",
            "x-en-path", "x-en-sha256"} <= props


def test_moses_files_are_line_parallel_to_the_tsv(run_out):
    ko = (run_out / "parallel.ko").read_text("utf-8").splitlines()
    en = (run_out / "parallel.en").read_text("utf-8").splitlines()
    assert list(zip(ko, en, strict=True)) == tsv_pairs(run_out)
    scores = [float(row[2]) for row in tsv_rows(run_out)]
    assert min(scores) >= EmitConfig().min_score


def test_flagged_pairs_stay_out_and_the_seed_error_is_not_in_the_corpus(run_out):
    assert not any("20 H200 units" in en for _, en in tsv_pairs(run_out))
    flagged = [json.loads(line) for line in (run_out / "flagged.jsonl").read_text("utf-8").splitlines()]
    assert any("20 H200 units" in line["en_text"] for line in flagged)


def test_manifest_counts_what_came_out(run_out):
    manifest = json.loads((run_out / "manifest.json").read_text("utf-8"))
    counts = manifest["counts"]
    assert manifest["articles"] == 5 and manifest["signature"].startswith("stages:")
    assert counts["corpus/kept"] == len(tsv_pairs(run_out))
    assert counts["corpus/duplicates/exact"] > 0  # the HTML copies of two articles
    assert counts["corpus/left out/flagged"] == counts["flagged/segments"]
    assert set(manifest["stage_seconds"]) == {"ingest", "clean", "segment", "align", "qe", "emit", "report"}
    # stage times are summed over the workers (all cores by default), so they may add up to more than the wall time
    assert 0 < sum(manifest["stage_seconds"].values()) <= manifest["seconds"] * (os.cpu_count() or 1)
    article = json.loads((run_out / "articles.jsonl").read_text("utf-8").splitlines()[0])
    assert article["provenance"]["site_profiles"]["ko"].startswith("asiae@")
    assert {"parallel.tsv", "parallel.tmx", "parallel.ko", "parallel.en", "articles.jsonl", "dataset/"} <= set(
        manifest["files"])


def test_dataset_loads_with_datasets_and_pyarrow(run_out, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    dataset = datasets.load_from_disk(str(run_out / "dataset"))
    assert list(zip(dataset["ko"], dataset["en"], strict=True)) == tsv_pairs(run_out)
    assert dataset.features["score"].dtype == "float32" and dataset.features["ko_index"].feature.dtype == "int32"
    assert all(len(h) == 64 for h in dataset["ko_sha256"]) and "stages:" in dataset.info.description
    shards = sorted((run_out / "dataset" / "parquet").glob("train-*.parquet"))
    assert shards and sum(pq.read_table(s).num_rows for s in shards) == len(dataset)
    parquet = datasets.load_dataset("parquet", data_files=[str(s) for s in shards], split="train")
    assert parquet["en"] == dataset["en"]


def test_keep_flagged_and_no_dedup(tmp_path, run_out):
    done = newsbitext("run", *(str(CORPUS / p) for p in PAIRS), "-o", str(tmp_path), "-q", "--keep-flagged",
                      "--no-dedup", "--min-score", "0")
    assert done.returncode == 0, done.stderr
    everything = tsv_pairs(tmp_path)
    articles = list(read_articles(tmp_path / "articles.jsonl"))
    assert len(everything) == sum(len(segment_rows(a)) for a in articles) > len(tsv_pairs(run_out))
    assert any("20 H200 units" in en for _, en in everything)


def row(ko: str, en: str, score: float = 0.9, flags: tuple = ()) -> ParallelRow:
    return ParallelRow("a", "body", (0,), (0,), ko, en, score, "ok", flags)


def test_dedup_folds_exact_and_near_duplicates_with_counts(gold_pairs):
    pair = gold_pairs["kospi-record-high"]
    ko, en = pair.ko.sentences[3], pair.en.sentences[3]
    corpus = CorpusFilter(EmitConfig())
    assert corpus.add(row(ko, en))
    assert not corpus.add(row(ko, "  " + en.upper().replace(" ", "  ")))  # case and spacing: exact
    assert not corpus.add(row(ko.replace(".", ""), en.replace(",", "").replace(".", " .")))  # punctuation: near
    assert corpus.add(row(pair.ko.sentences[4], pair.en.sentences[4]))
    assert corpus.duplicates[0] == 2
    assert corpus.counts["duplicates/exact"] == 1 and corpus.counts["duplicates/near"] == 1
    assert not corpus.add(row(ko, en + " Extra", score=0.1))
    assert not corpus.add(row(ko, en + " More", flags=(Flag("number", "number@1", "20만 vs 20"),)))
    assert corpus.counts["left out/below min_score"] == 1 and corpus.counts["left out/flagged"] == 1
    replay = [row(ko, en), row(ko, "x"), row(ko, "y"), row(pair.ko.sentences[4], pair.en.sentences[4]), row(ko, "z"),
              row(ko, "w")]
    kept = list(corpus.kept_rows(replay))  # the second, writing pass over the same candidates
    assert [(r.en, r.duplicates) for r in kept] == [(en, 2), (pair.en.sentences[4], 0)]
    kept_all = CorpusFilter(EmitConfig(dedup=False))
    assert kept_all.add(row(ko, en)) and kept_all.add(row(ko, en))


def test_the_tsv_reads_back_exactly_with_pandas_and_csv_defaults(run_out):
    """Quote marks survive a reader's defaults: 66 of 941 fields lost theirs when the file was written unquoted."""
    import pandas as pd

    ko = (run_out / "parallel.ko").read_text("utf-8").splitlines()
    en = (run_out / "parallel.en").read_text("utf-8").splitlines()
    assert any('"' in line for line in ko + en)  # the test means something only with quote marks in the corpus
    frame = pd.read_csv(run_out / "parallel.tsv", sep="\t")
    assert list(frame.columns) == ["ko", "en", "score"]
    assert list(frame["ko"]) == ko and list(frame["en"]) == en
    with (run_out / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    assert [r[0] for r in rows] == ko and [r[1] for r in rows] == en


def test_the_tsv_round_trips_hostile_text(tmp_path):
    """Whatever a page's sentence holds (quote marks at either end, tabs, line breaks), pandas and csv read the
    field the corpus meant: the sentence on one line, its spacing folded."""
    import pandas as pd

    from newsbitext.pipeline.emit import ParallelRow
    from newsbitext.pipeline.io.writers import write_corpus

    texts = ['"quoted" at the start', 'ends with "a quote"', 'tab\there and\nnewline', '"', '""', "NA", "a,b;c"]
    rows = [ParallelRow("a", "body", (i,), (i,), t, t[::-1], 0.5, "ok") for i, t in enumerate(texts)]
    write_corpus(iter(rows), tmp_path, "sig")
    expected_ko = [" ".join(t.split()) for t in texts]
    frame = pd.read_csv(tmp_path / "parallel.tsv", sep="\t", keep_default_na=False)
    assert list(frame["ko"]) == expected_ko
    with (tmp_path / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        assert [r[0] for r in list(csv.reader(handle, delimiter="\t"))[1:]] == expected_ko
    assert (tmp_path / "parallel.ko").read_text("utf-8").splitlines() == expected_ko
