"""The command's edges as a user meets them: exit codes (0 done, 1 nothing came out, 2 usage, settings or output),
how much it tells (-q, the default, -v), and pages and streams on standard input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from .conftest import CLI, CORPUS, ROOT, newsbitext


def test_exit_codes_say_what_happened(tmp_path):
    page = CORPUS / "boj-rate-hike" / "ko.html"
    usage = {
        "run with --workers 0": newsbitext("run", str(page), "-o", str(tmp_path / "a"), "--workers", "0"),
        "run with an out-of-range setting": newsbitext("run", str(page), "-o", str(tmp_path / "b"), "--min-score", "5"),
        "clean of a missing file": newsbitext("clean", str(tmp_path / "nothere.html")),
        "clean of a folder": newsbitext("clean", str(CORPUS)),
        "qe without a corpus": newsbitext("qe"),
        "qe of a missing file": newsbitext("qe", str(tmp_path / "nothere.tsv")),
        "bench of a missing folder": newsbitext("bench", "qe", str(tmp_path / "nothere")),
        "an unknown flag": newsbitext("run", "--no-such-flag"),
        "-v with -q": newsbitext("clean", str(page), "-v", "-q"),
    }
    for case, done in usage.items():
        assert done.returncode == 2, (case, done.stderr)
        assert done.stderr.strip() and "Traceback" not in done.stderr, (case, done.stderr)
    assert "--workers must be at least 1" in usage["run with --workers 0"].stderr
    assert "emit.min_score must be between 0 and 1, got 5" in usage["run with an out-of-range setting"].stderr
    assert f"{CORPUS}: a folder: `clean` reads one page file" in usage["clean of a folder"].stderr
    assert f"{tmp_path / 'nothere'}: no such file or folder" in usage["bench of a missing folder"].stderr
    nothing = {
        "run of a page with no partner": newsbitext("run", str(page), "-o", str(tmp_path / "c"), "--workers", "1"),
        "clean of an empty page": newsbitext("clean", "-", stdin=""),
    }
    (tmp_path / "garbage.tsv").write_text("no tab here\n", encoding="utf-8")
    nothing["qe of lines that are not pairs"] = newsbitext("qe", str(tmp_path / "garbage.tsv"))
    (tmp_path / "no-gold").mkdir()
    nothing["bench run of a folder with no gold pairs"] = newsbitext("bench", "run", str(tmp_path / "no-gold"))
    assert "no gold pairs with ko.txt and en.txt" in nothing["bench run of a folder with no gold pairs"].stderr
    assert not nothing["bench run of a folder with no gold pairs"].stdout  # no table header for nothing
    for what in ("robustness", "pairing"):
        done = newsbitext("bench", what, str(tmp_path / "no-gold"), "--pool", str(tmp_path / "no-gold"))
        assert done.returncode == 1 and "no gold pairs with ko.txt and en.txt" in done.stderr, (what, done.stderr)
        assert "Traceback" not in done.stderr and not done.stdout, (what, done.stderr)
    for case, done in nothing.items():
        assert done.returncode == 1 and "Traceback" not in done.stderr, (case, done.stderr)
    assert newsbitext("clean", str(page)).returncode == 0


def test_an_output_that_cannot_be_written_is_said_before_the_work_and_by_its_own_name(tmp_path):
    """`train-qe` into a folder that does not exist stops before it trains (no result line), naming the model's
    file, not a temporary one, and leaves nothing behind; `qe` says the same of its output."""
    model = tmp_path / "missing" / "model.json"
    done = newsbitext("train-qe", str(ROOT / "data" / "qe-train"), "-o", str(model), "-q")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert f"{model.with_name('model.bank.npz')}: cannot write: its folder does not exist" in done.stderr
    assert "AUC" not in done.stdout and ".tmp" not in done.stderr
    (tmp_path / "pairs.tsv").write_text("가격이 올랐다.\tPrices rose.\n", encoding="utf-8")
    done = newsbitext("qe", str(tmp_path / "pairs.tsv"), "-o", str(tmp_path / "missing" / "scored.tsv"))
    assert done.returncode == 2 and f"{tmp_path / 'missing' / 'scored.tsv'}: cannot write" in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["pairs.tsv"]


def test_quiet_tells_only_errors_and_verbose_tells_the_tracebacks(tmp_path):
    pages = tmp_path / "pages"
    for name in ("boj-rate-hike", "kospi-record-high"):
        shutil.copytree(CORPUS / name, pages / name)
    (pages / "blank.ko.html").write_bytes(b"")  # an error: an empty page (and its missing partner)
    (pages / "odd.html").mkdir()  # a warning: a folder named like a page
    target = f"page {pages / 'boj-rate-hike' / 'ko.html'}"
    env = {**os.environ, "NEWSBITEXT_FAIL_AT": target}  # an internal error in one page, with a traceback

    def run(*flags: str) -> subprocess.CompletedProcess:
        out = tmp_path / f"out{''.join(flags)}"
        return subprocess.run([*CLI, "run", str(pages), "-o", str(out), "--workers", "1", *flags],
                              capture_output=True, text=True, timeout=300, env=env)

    quiet, default, verbose = run("-q"), run(), run("-v")
    for done in (quiet, default, verbose):
        assert done.returncode == 0, done.stderr
        assert "newsbitext: error: " in done.stderr and "InjectedFault" in done.stderr
    assert "article pairs written" not in quiet.stderr and "warning:" not in quiet.stderr
    assert "article pairs:" not in quiet.stderr  # no progress bar
    assert "article pairs written" in default.stderr and "Traceback" not in default.stderr
    assert "warning: " in default.stderr and "a folder named like a page file" in default.stderr
    assert "Traceback (most recent call last)" in verbose.stderr and f"injected at {target}" in verbose.stderr
    assert "planned " in verbose.stderr and "stage seconds" in verbose.stderr


def test_clean_reads_a_page_on_standard_input_as_from_its_file():
    page = CORPUS / "boj-rate-hike" / "ko.html"
    from_file = json.loads(newsbitext("clean", str(page)).stdout)
    piped = subprocess.run([*CLI, "clean", "-", "--lang", "ko"], input=page.read_bytes(), capture_output=True,
                           timeout=300)
    assert piped.returncode == 0, piped.stderr.decode()
    from_stdin = json.loads(piped.stdout)
    assert from_stdin["source"] == "<stdin>"
    for record in (from_file, from_stdin):
        record.pop("source")
    assert from_stdin == from_file


def test_qe_reads_a_runs_parallel_tsv_and_writes_it_back_quoted(tmp_path, corpus_run):
    """A run's parallel.tsv (a header, quoted fields) is scored as the pairs it holds: the header is kept and
    extended, the quote marks are the sentences' own, and csv reads the output back."""
    import csv

    out = tmp_path / "scored.tsv"
    done = newsbitext("qe", str(corpus_run / "parallel.tsv"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    with (corpus_run / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        corpus = list(csv.reader(handle, dialect="excel-tab"))
    with out.open(encoding="utf-8", newline="") as handle:
        scored = list(csv.reader(handle, dialect="excel-tab"))
    assert scored[0] == ["ko", "en", "score", "qe_score", "qe_label", "qe_flags"]
    assert [row[:3] for row in scored[1:]] == corpus[1:]
    assert any('"' in row[1] for row in scored[1:])
    assert all(row[4] in ("ok", "review", "bad") and isinstance(json.loads(row[5]), list) for row in scored[1:])
