"""`newsbitext run` end to end through the installed command: good pairs out, every bad input reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newsbitext.pipeline.evaluation.gold import load_gold_dir

from .conftest import CORPUS, QE_HELDOUT, newsbitext, read_jsonl
from .test_readers_pairing import write_warc

KOSPI = CORPUS / "kospi-record-high"


def test_corpus_run_writes_every_pair(corpus_run, gold_pairs):
    articles = {a["id"]: a for a in read_jsonl(corpus_run / "articles.jsonl")}
    heldout, _ = load_gold_dir(QE_HELDOUT)
    assert len(articles) == sum(len(p.pages("ko")) for p in [*gold_pairs.values(), *heldout])
    assert (corpus_run / "errors.jsonl").read_text() == ""
    seed = articles["nvidia-h200-china"]
    gold = gold_pairs["nvidia-h200-china"]
    assert seed["en"]["title"] == gold.en.title and seed["ko"]["title"] == gold.ko.title
    assert [tuple(p) for p in seed["ko"]["paragraphs"]] == list(gold.ko.body)
    assert seed["ko"]["published"] == "2026-01-09T08:47:00+09:00"
    assert seed["provenance"]["inputs"]["en"]["sha256"] == seed["en"]["sha256"]
    assert len(seed["provenance"]["config"]) == 12
    assert not list(corpus_run.glob("*.tmp")) and not list(corpus_run.glob(".*"))


def test_bad_inputs_are_reported_and_the_rest_comes_out(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("nvidia-h200-china", "kospi-record-high"):
        shutil.copytree(CORPUS / name, inp / name)
    ko_html, en_html = (KOSPI / "ko.html").read_bytes(), (KOSPI / "en.html").read_bytes()
    bad = {
        "binary.ko.txt": b"\x89PNG\r\n\x1a\n" + bytes(500), "binary.en.txt": (KOSPI / "en.txt").read_bytes(),
        "empty.ko.html": b"", "empty.en.html": b"",
        "truncated.ko.html": ko_html[: len(ko_html) // 2], "truncated.en.html": en_html,
        "charset.ko.html": ko_html.replace(b"charset=euc-kr", b"charset=utf-8"), "charset.en.html": en_html,
        "huge.ko.html": b"<html><body><p>" + b"x" * 10_000_000 + b"</p></body></html>", "huge.en.html": en_html,
        "swapped.ko.txt": (KOSPI / "en.txt").read_bytes(), "swapped.en.txt": (KOSPI / "en.txt").read_bytes(),
        "unrelated.ko.txt": (KOSPI / "ko.txt").read_bytes(),
        "unrelated.en.txt": (CORPUS / "boj-rate-hike" / "en.txt").read_bytes(),
        "japanese.ko.txt": ("日銀の利上げ\n\n" + "日本銀行は19日、政策金利を0.75%に引き上げた。" * 12).encode(),
        "japanese.en.txt": (KOSPI / "en.txt").read_bytes(),
    }
    for name, data in bad.items():
        (inp / name).write_bytes(data)
    out = tmp_path / "out"
    done = newsbitext("run", str(inp), "-o", str(out))  # (not -q: the warnings on stderr are checked)
    assert done.returncode == 0, done.stderr

    ids = [a["id"] for a in read_jsonl(out / "articles.jsonl")]
    assert ids == ["charset", "kospi-record-high.html", "kospi-record-high.txt", "nvidia-h200-china"]
    errors = read_jsonl(out / "errors.jsonl")
    by_input = {}
    for e in errors:
        by_input.setdefault(Path(e["input"]).name, []).append(e)
    expected = {
        "binary.ko.txt": "binary content (a PNG image)",
        "empty.ko.html": "empty page: no bytes",
        "empty.en.html": "empty page: no bytes",
        "truncated.ko.html": "truncated HTML",
        "charset.ko.html": "does not decode the bytes",
        "huge.ko.html": "10.0 MB, over the limit",
        "swapped.ko.txt": "given as Korean but its article text is English",
        "japanese.ko.txt": "the page is in Japanese, not Korean or English",
    }
    for name, reason in expected.items():
        assert any(reason in e["reason"] for e in by_input[name]), (name, by_input.get(name))
        assert name in done.stderr
    assert by_input["charset.ko.html"][0]["level"] == "warning"
    [unrelated] = [e for e in errors if "unrelated.ko.txt" in e["input"]]
    assert unrelated["stage"] == "align" and "does not read as a translation" in unrelated["reason"]
    assert any("could not be processed" in e["reason"] for e in by_input["binary.en.txt"])
    assert all(set(e) == {"input", "stage", "level", "reason"} for e in errors)


def test_manifest_pairs_pages_inside_jsonl_and_warc(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://cm.asiae.co.kr/en/article/9",
                                "html": (KOSPI / "en.html").read_text("utf-8")}) + "\n", encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", [
        ("https://www.asiae.co.kr/article/1", (KOSPI / "ko.html").read_bytes(), "text/html; charset=euc-kr")])
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("id,ko,en\nkospi,https://www.asiae.co.kr/article/1,https://cm.asiae.co.kr/en/article/9\n")
    out = tmp_path / "out"
    done = newsbitext("run", str(feed), str(tmp_path / "crawl.warc.gz"), "-o", str(out), "--pairs", str(manifest),
                      "--quiet")
    assert done.returncode == 0, done.stderr
    [article] = read_jsonl(out / "articles.jsonl")
    assert article["id"] == "kospi"
    assert article["ko"]["url"] == "https://www.asiae.co.kr/article/1"
    assert article["provenance"]["inputs"]["ko"]["encoding"] == "euc_kr"
    assert article["ko"]["extractor"] == "asiae/html"


def test_missing_manifest_columns_is_an_input_error(tmp_path):
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("korean\tenglish\na\tb\n")
    done = newsbitext("run", str(CORPUS), "-o", str(tmp_path / "out"), "--pairs", str(manifest))
    assert done.returncode == 1
    assert "needs a header with `ko` and `en` columns" in done.stderr


def test_run_that_produces_nothing_fails(tmp_path):
    (tmp_path / "x.ko.txt").write_bytes(b"")
    (tmp_path / "x.en.txt").write_bytes(b"")
    done = newsbitext("run", str(tmp_path), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "0 of 1 article pairs written" in done.stderr
    problems = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert [p["input"] for p in problems if p["level"] == "error"] == [str(tmp_path / "x.ko.txt"),
                                                                       str(tmp_path / "x.en.txt")]
    # OUT is inside the input folder: said once, and its files are never read as inputs (a rerun reads the same)
    assert [p["reason"] for p in problems if p["level"] == "warning"] == [
        "the output folder is inside this input folder: its files are not read as inputs"]
    again = newsbitext("run", str(tmp_path), "-o", str(tmp_path / "out"), "--quiet", "--overwrite")
    assert again.returncode == 1 and read_jsonl(tmp_path / "out" / "errors.jsonl") == problems


def test_run_without_mt_has_no_trace_of_it(corpus_run):
    records = read_jsonl(corpus_run / "articles.jsonl")
    assert not any("mt" in s or "qe_model" in s for r in records for s in r["alignment"])
    assert "mt:" not in records[0]["provenance"]["signature"]
    counts = json.loads((corpus_run / "manifest.json").read_text())["counts"]
    assert not any(k.startswith("mt/") for k in counts)


def test_the_config_stages_are_the_chain(tmp_path):
    """A config that stops at `align` runs the stages it names and no more: articles with their alignment and the
    aligner's score, no QA, no corpus, no report; one that stops at `segment` writes the cleaned articles alone.
    The signature names what ran."""
    pages = tmp_path / "pages"
    shutil.copytree(KOSPI, pages / "kospi-record-high")
    for stages, last in (("[ingest, clean, segment, align]", "align"), ("[ingest, clean, segment]", "segment")):
        config = tmp_path / f"{last}.yaml"
        config.write_text(f"stages: {stages}\n")
        out = tmp_path / last
        done = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--config", str(config))
        assert done.returncode == 0, done.stderr
        records = read_jsonl(out / "articles.jsonl")
        assert len(records) == 2 and all("qe" not in r for r in records)
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        assert set(manifest["files"]) == {"articles.jsonl", "errors.jsonl", "flagged.jsonl"}
        assert ("align:" in manifest["signature"]) == (last == "align") and "checks:" not in manifest["signature"]
        if last == "align":
            segments = [s for r in records for s in r["alignment"]]
            assert segments and all(set(s) == {"role", "ko", "en", "score"} for s in segments)
        else:
            assert all("alignment" not in r and r["ko"]["paragraphs"] for r in records)


def test_output_folders_are_never_mixed_with_an_earlier_run(tmp_path):
    """An OUT holding a run's outputs is refused (exit 2, naming what is there and what to do); --overwrite
    replaces it, stale files included; --resume on a finished run is refused; -o naming a file is refused."""
    pages = tmp_path / "pages"
    shutil.copytree(KOSPI, pages / "kospi-record-high")
    out = tmp_path / "out"
    assert newsbitext("run", str(pages), "-o", str(out), "--quiet", "--workers", "1").returncode == 0
    first = (out / "articles.jsonl").read_bytes()
    (out / "pairs.tsv").write_text("id\tko\ten\nstale\ta\tb\n")  # as an earlier content-paired run left it
    again = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--workers", "1")
    assert again.returncode == 2
    assert f"{out}: holds an earlier run's outputs (articles.jsonl" in again.stderr and "--overwrite" in again.stderr
    assert (out / "articles.jsonl").read_bytes() == first
    resumed = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--resume")
    assert resumed.returncode == 2 and "nothing to resume: the run there finished" in resumed.stderr
    replaced = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--workers", "1", "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert (out / "articles.jsonl").read_bytes() == first and not (out / "pairs.tsv").exists()
    assert "pairs.tsv" not in json.loads((out / "manifest.json").read_text("utf-8"))["files"]
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    refused = newsbitext("run", str(pages), "-o", str(a_file), "--quiet")
    assert refused.returncode == 2 and f"{a_file}: is a file; -o names the folder" in refused.stderr
    assert "Traceback" not in refused.stderr + again.stderr + resumed.stderr
