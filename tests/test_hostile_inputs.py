"""Inputs a careless or hostile user brings that once stopped a run, vanished without a word or were scored as text:
an unreadable folder, a manifest row of the wrong width, page names holding tabs, newlines and `#`, and `qe` lines
of NUL bytes, replacement characters, invalid UTF-8 or a CR inside a field."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from newsbitext.pipeline.io.readers import discover
from newsbitext.pipeline.run.plan import read_manifest

from .conftest import CLI, CORPUS, newsbitext, read_jsonl

KOSPI = CORPUS / "kospi-record-high"


def test_an_unreadable_folder_is_reported_not_skipped():
    """Permission bits bind only a user without root's powers: where the tests run as root, the folder is read as
    `nobody` (this process's effective uid, set back at once)."""
    base = Path(tempfile.mkdtemp(prefix="newsbitext-"))
    try:
        base.chmod(0o755)
        shutil.copytree(KOSPI, base / "readable")
        shutil.copytree(KOSPI, base / "locked")
        (base / "locked").chmod(0)
        as_root = os.geteuid() == 0
        if as_root:
            os.seteuid(65534)
        try:
            files, problems = discover([base])
        finally:
            if as_root:
                os.seteuid(0)
        assert {f.path.parent.name for f in files} == {"readable"}
        assert [(p.source, p.reason) for p in problems] == [
            (str(base / "locked"), "cannot read the folder: Permission denied; its files are not read")]
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def test_manifest_rows_of_the_wrong_width_are_reported(tmp_path):
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text("id\tko\ten\n"
                        "good\ta.ko.html\ta.en.html\n"
                        "short\tb.ko.html\n"
                        "long\tc.ko.html\tc.en.html\textra\n"
                        "\t\td.en.html\n", encoding="utf-8")
    rows, problems = read_manifest(manifest)
    assert [(r.id, r.ko, r.en, r.line) for r in rows] == [("good", "a.ko.html", "a.en.html", 2)]
    assert [(p.source, p.reason) for p in problems] == [
        (f"{manifest}:3", "the row has 2 column(s), the header 3 (id, ko, en): not read"),
        (f"{manifest}:4", "the row has 4 column(s), the header 3 (id, ko, en): not read"),
        (f"{manifest}:5", "the row names no ko page: not read")]


def test_page_names_with_tabs_newlines_and_hashes_survive_pairs_tsv(tmp_path):
    """Pages paired by content under names that hold a tab, a newline, a quote mark and `#`: pairs.tsv quotes
    them (csv's excel-tab dialect), pandas-style csv readers and `--pairs` read them back exactly, and the pair id
    keeps what follows the `#`."""
    pages = tmp_path / "pages"
    pages.mkdir()
    ko_name, en_name = 'kospi\t"record"#1.html', "kospi\nrecord#1 (en).html"
    shutil.copy(KOSPI / "ko.html", pages / ko_name)
    shutil.copy(KOSPI / "en.html", pages / en_name)
    out = tmp_path / "out"
    done = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--workers", "1")
    assert done.returncode == 0, done.stderr
    with (out / "pairs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, dialect="excel-tab"))
    assert [(r["id"], r["ko"], r["en"]) for r in rows] == [
        ('kospi\t"record"#1', str(pages / ko_name), str(pages / en_name))]
    assert [a["id"] for a in read_jsonl(out / "articles.jsonl")] == ['kospi\t"record"#1']
    again = newsbitext("run", str(pages), "-o", str(tmp_path / "again"), "--quiet", "--pairs", str(out / "pairs.tsv"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "articles.jsonl").read_bytes() == (out / "articles.jsonl").read_bytes()


GOOD_LINE = "한국은행이 기준금리를 0.25%포인트 올렸다.\tThe Bank of Korea raised its base rate by 0.25 percentage point."


def test_qe_refuses_garbage_lines_instead_of_scoring_them(tmp_path):
    corpus = tmp_path / "corpus.tsv"
    corpus.write_bytes(b"\x00\x00\x00\x00\t\x00\x00\x00\n"
                       + "\ufffd\ufffd\ufffd\t\ufffd\ufffd\n".encode()
                       + b"12,345\t---\n"
                       + b"\xff\xfe\xfa bad\tline\n"
                       + f"{GOOD_LINE}\n".encode())
    done = newsbitext("qe", str(corpus))
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == [GOOD_LINE.split("\t")[0]]
    assert f"{corpus}:1: the Korean side holds a control character (U+0000 at character 0), skipped" in done.stderr
    assert f"{corpus}:2: the Korean side holds replacement characters (U+FFFD)" in done.stderr
    assert f"{corpus}:3: the Korean side has no letters, skipped" in done.stderr
    assert f"{corpus}:4: not UTF-8 text" in done.stderr
    assert "5 line(s), " in done.stderr and "1 written, 4 malformed" in done.stderr


def test_qe_reads_invalid_utf8_on_stdin_by_line_and_keeps_a_cr_as_data():
    data = (b"\xc3\x28 broken\tline\n" + "한국은행이\r기준금리를 올렸다.\tThe Bank of Korea\rraised its rate.\n".encode()
            + f"{GOOD_LINE}\n".encode())
    done = subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "qe", "-"], input=data,
                          capture_output=True, timeout=300)
    stderr = done.stderr.decode()
    assert done.returncode == 0 and "Traceback" not in stderr
    assert "-:1: not UTF-8 text" in stderr and "3 line(s), " in stderr and "2 written, 1 malformed" in stderr
    records = done.stdout.split(b"\n")
    assert records[0].startswith("한국은행이\r기준금리를 올렸다.\tThe Bank of Korea\rraised its rate.\t".encode())
    assert len([r for r in records if r]) == 2


def test_an_input_that_sets_off_a_bug_costs_that_input_alone(tmp_path):
    """The guards of last resort, per page, per pair and per container record: a page, a pair and a JSONL record
    made to raise (`NEWSBITEXT_FAIL_AT`, the stand-in for a bug one input sets off) are each reported with the
    exception's type, their tracebacks go to debug.log, and everything else comes out."""
    pages = tmp_path / "pages"
    for name in ("kospi-record-high", "boj-rate-hike", "bok-rate-decision"):
        shutil.copytree(CORPUS / name, pages / name)
    feed = pages / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"url": f"https://example.com/{lang}", "lang": lang, "text": "x" * 200})
                              for lang in ("ko", "en")) + "\n", encoding="utf-8")
    ko_page = str(pages / "kospi-record-high" / "ko.html")
    for target, source in ((f"page {ko_page}", ko_page), ("pair bok-rate-decision", None),
                           (f"record {feed}:2", f"{feed}:2")):
        out = tmp_path / f"out-{target.split()[0]}"
        done = subprocess.run([*CLI, "run", str(pages), "-o", str(out), "--quiet", "--workers", "1"],
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NEWSBITEXT_FAIL_AT": target})
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        errors = read_jsonl(out / "errors.jsonl")
        failed = [e for e in errors if "internal error (InjectedFault: injected at" in e["reason"]]
        assert len(failed) == 1 and (source is None or failed[0]["input"] == source), errors
        assert "debug.log" in failed[0]["reason"]
        assert f"InjectedFault: injected at {target}" in (out / "debug.log").read_text("utf-8")
        ids = [a["id"] for a in read_jsonl(out / "articles.jsonl")]
        assert len(ids) == (5 if target.startswith("record") else 4)  # five pairs; the JSONL's pages pair with none
        assert "kospi-record-high.txt" in ids and "boj-rate-hike.html" in ids
