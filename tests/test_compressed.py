"""Compressed inputs, known by their bytes: pages as .gz and .zst give the outputs of the plain pages, and so do
JSONL and WARC containers compressed in any of the four ways and a stream on standard input; a corpus TSV is read
decompressed by `qe`; the corpus files can be written compressed; what cannot be read is refused with the reason,
never scored as text."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import shutil
import subprocess

import zstandard

from .conftest import CLI, CORPUS, newsbitext, read_jsonl
from .test_readers_pairing import write_warc

PAIRS = ("nvidia-h200-china", "won-dollar-exchange")
COMPRESS = {".gz": gzip.compress, ".zst": lambda data: zstandard.ZstdCompressor().compress(data)}


def _pages(root, ending: str = ""):
    for name in PAIRS:
        for lang in ("ko", "en"):
            page = CORPUS / name / f"{lang}.txt"
            target = root / name / f"{lang}.txt{ending}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(COMPRESS[ending](page.read_bytes()) if ending else page.read_bytes())


def _content(record: dict) -> dict:
    """An article record without the names of its files (which carry the compression's ending)."""
    record = json.loads(json.dumps(record))
    for lang in ("ko", "en"):
        record[lang].pop("source")
        record["provenance"]["inputs"][lang].pop("source")
    return record


def test_compressed_pages_give_the_outputs_of_the_plain_ones(tmp_path):
    runs = {}
    for ending in ("", ".gz", ".zst"):
        _pages(tmp_path / f"in{ending}", ending)
        out = tmp_path / f"out{ending}"
        done = newsbitext("run", str(tmp_path / f"in{ending}"), "-o", str(out), "--quiet", "--workers", "1")
        assert done.returncode == 0, done.stderr
        runs[ending] = out
    plain = runs[""]
    assert len(read_jsonl(plain / "articles.jsonl")) == len(PAIRS)
    for ending in (".gz", ".zst"):
        out = runs[ending]
        assert (out / "parallel.tsv").read_bytes() == (plain / "parallel.tsv").read_bytes()
        assert [_content(r) for r in read_jsonl(out / "articles.jsonl")] == \
            [_content(r) for r in read_jsonl(plain / "articles.jsonl")]
        assert (out / "errors.jsonl").read_text() == ""


def test_a_page_that_inflates_past_the_limit_is_refused(tmp_path):
    (tmp_path / "bomb.ko.html.gz").write_bytes(gzip.compress(b"<html>" + b" " * 6_000_000))
    shutil.copy(CORPUS / "boj-rate-hike" / "en.html", tmp_path / "bomb.en.html")
    (tmp_path / "records.jsonl.gz").write_bytes(gzip.compress(b'{"url": "u", "text": "x"}\n'))
    done = newsbitext("run", str(tmp_path), "-o", str(tmp_path / "out"), "--quiet", "--workers", "1")
    assert done.returncode == 1
    errors = {e["input"]: e["reason"] for e in read_jsonl(tmp_path / "out" / "errors.jsonl")}
    assert "decompresses to more than 5.0 MB" in errors[str(tmp_path / "bomb.ko.html.gz")]
    assert errors[f"{tmp_path / 'records.jsonl.gz'}:1"].startswith("the page is in")  # read, its one record judged


def test_qe_reads_a_compressed_corpus_and_skips_what_is_not_text(tmp_path):
    lines = []
    for name in PAIRS:
        pair = json.loads((CORPUS / name / "gold.json").read_text("utf-8"))
        ko = [s for para in pair["ko"]["body"] for s in para]
        en = [s for para in pair["en"]["body"] for s in para]
        lines += [f"{k}\t{e}\n" for k, e in zip(ko[:4], en[:4], strict=False)]
    text = "".join(lines).encode()
    (tmp_path / "c.tsv").write_bytes(text)
    (tmp_path / "c.tsv.gz").write_bytes(gzip.compress(text))
    (tmp_path / "c.tsv.zst").write_bytes(COMPRESS[".zst"](text))
    plain = newsbitext("qe", str(tmp_path / "c.tsv"))
    assert plain.returncode == 0 and len(plain.stdout.splitlines()) == len(lines)
    for name in ("c.tsv.gz", "c.tsv.zst"):
        assert newsbitext("qe", str(tmp_path / name)).stdout == plain.stdout
    (tmp_path / "bad.tsv").write_bytes(text + "깨진\t줄\n".encode("euc-kr") + text[:200].split(b"\n")[0] + b"\n")
    done = newsbitext("qe", str(tmp_path / "bad.tsv"))
    assert f"bad.tsv:{len(lines) + 1}: not UTF-8 text" in done.stderr
    assert len(done.stdout.splitlines()) == len(lines) + 1 and "1 malformed" in done.stderr


HTML_PAIRS = ("boj-rate-hike", "kospi-record-high")
STREAMS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress,
           "zst": lambda data: zstandard.ZstdCompressor().compress(data)}


def _jsonl() -> bytes:
    return b"".join(json.dumps({"url": f"https://example.com/{name}/{lang}", "lang": lang,
                                "text": (CORPUS / name / f"{lang}.txt").read_text("utf-8")},
                               ensure_ascii=False).encode() + b"\n"
                    for name in HTML_PAIRS for lang in ("ko", "en"))


def _corpus_rows(out) -> list[list[str]]:
    with (out / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, dialect="excel-tab"))


def _records(out) -> list[dict]:
    """The article records without the names their pages were read under (`x.jsonl.gz:3`, `<stdin>:3`)."""
    records = []
    for record in read_jsonl(out / "articles.jsonl"):
        record = _content(record)
        record.pop("id")
        records.append(record)
    return records


def test_compressed_containers_and_standard_input_give_the_outputs_of_the_plain_container(tmp_path):
    """A JSONL crawl as .gz, a `.jsonl` holding Zstandard bytes, a WARC as .zst, and the gzip stream on standard
    input (`run -`): each read decompressed, the same articles and corpus as the plain JSONL, their pages named
    after the input as given. (bzip2 and xz go through the same spool: checked without a run below.)"""
    data = _jsonl()
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "crawl.jsonl").write_bytes(data)
    inputs = {"plain": tmp_path / "plain" / "crawl.jsonl", "gz": tmp_path / "crawl.jsonl.gz"}
    inputs["gz"].write_bytes(STREAMS["gz"](data))
    inputs["by-content"] = tmp_path / "zstd-inside.jsonl"
    inputs["by-content"].write_bytes(STREAMS["zst"](data))
    pages = [(f"https://example.com/{name}/{lang}", (CORPUS / name / f"{lang}.html").read_bytes(),
              "text/html") for name in HTML_PAIRS for lang in ("ko", "en")]
    write_warc(tmp_path / "crawl.warc", pages)
    inputs["warc-zst"] = tmp_path / "crawl.warc.zst"
    inputs["warc-zst"].write_bytes(STREAMS["zst"]((tmp_path / "crawl.warc").read_bytes()))
    outs = {}
    for kind, path in inputs.items():
        outs[kind] = tmp_path / f"out-{kind}"
        done = newsbitext("run", str(path), "-o", str(outs[kind]), "--quiet", "--workers", "1")
        assert done.returncode == 0, (kind, done.stderr)
    outs["stdin"] = tmp_path / "out-stdin"
    done = subprocess.run([*CLI, "run", "-", "-o", str(outs["stdin"]), "--quiet", "--workers", "1"],
                          input=gzip.compress(data), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    plain = outs.pop("plain")
    assert len(read_jsonl(plain / "articles.jsonl")) == len(HTML_PAIRS)
    for kind, out in outs.items():
        if kind == "warc-zst":  # the HTML pages of the same articles: read, paired and aligned
            assert len(read_jsonl(out / "articles.jsonl")) == len(HTML_PAIRS)
        else:
            assert _corpus_rows(out) == _corpus_rows(plain), kind
            assert _records(out) == _records(plain), kind
        assert (out / "errors.jsonl").read_text() == "", kind
        assert not (out / ".spool").exists(), kind  # the decompressed copies go when the run is done
    sources = {r["ko"]["source"].rsplit(":", 1)[0] for r in read_jsonl(outs["gz"] / "articles.jsonl")}
    assert sources == {str(inputs["gz"])}
    assert {r["ko"]["source"].rsplit(":", 1)[0] for r in read_jsonl(outs["stdin"] / "articles.jsonl")} == {"<stdin>"}


def test_every_compression_spools_to_the_plain_bytes(tmp_path):
    """gzip, bzip2, xz and Zstandard streams decompressed into the spool: the plain bytes, under a name of their
    content (the same stream twice, the same file, left as it was)."""
    from newsbitext.pipeline.io.spool import spool_compressed

    data = _jsonl()
    names = set()
    for ending, compress in STREAMS.items():
        path = tmp_path / f"crawl.jsonl.{ending}"
        path.write_bytes(compress(data))
        compression = {"gz": "gzip", "bz2": "bzip2", "xz": "xz", "zst": "zstd"}[ending]
        copy = spool_compressed(path, compression, tmp_path / ".spool", ".jsonl")
        assert copy.read_bytes() == data
        names.add(copy)
    assert len(names) == 1 and [p.name for p in (tmp_path / ".spool").iterdir()] == [names.pop().name]


def test_a_damaged_stream_and_a_page_on_standard_input_are_refused_with_the_reason(tmp_path):
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(_jsonl())[:-200])
    done = newsbitext("run", str(tmp_path / "cut.jsonl.gz"), "-o", str(tmp_path / "out"), "--quiet")
    assert done.returncode == 1
    errors = {e["input"]: e["reason"] for e in read_jsonl(tmp_path / "out" / "errors.jsonl")}
    assert "cannot decompress (gzip)" in errors[str(tmp_path / "cut.jsonl.gz")]
    page = (CORPUS / HTML_PAIRS[0] / "ko.html").read_bytes()
    done = subprocess.run([*CLI, "run", "-", "-o", str(tmp_path / "out2"), "--quiet"], input=page,
                          capture_output=True, timeout=300)
    assert done.returncode == 1
    assert b"<stdin>: standard input holds neither JSONL" in done.stderr


def test_run_resumes_from_standard_input(tmp_path):
    """`--resume` with the same stream on standard input finds the same run (the spool is named by content), and
    refuses another stream."""
    data = gzip.compress(_jsonl())
    out = tmp_path / "out"
    first = subprocess.run([*CLI, "run", "-", "-o", str(out), "--quiet", "--workers", "1"], input=data,
                           capture_output=True, timeout=300)
    assert first.returncode == 0, first.stderr.decode()
    again = subprocess.run([*CLI, "run", "-", "-o", str(out), "--resume"], input=data,
                           capture_output=True, timeout=300)
    assert again.returncode == 0 and b"the run there had finished; nothing to resume" in again.stderr
    other = subprocess.run([*CLI, "run", "-", "-o", str(out), "--resume"], input=gzip.compress(_jsonl()[:-10]),
                           capture_output=True, timeout=300)
    assert other.returncode == 2 and b"with other" in other.stderr


def test_the_corpus_files_written_compressed_hold_the_plain_ones(tmp_path):
    _pages(tmp_path / "in")
    outs = {}
    for compress in (None, "gzip", "zstd"):
        outs[compress] = tmp_path / f"out-{compress}"
        flags = ["--compress", compress] if compress else []
        done = newsbitext("run", str(tmp_path / "in"), "-o", str(outs[compress]), "--quiet", "--workers", "1", *flags)
        assert done.returncode == 0, done.stderr
    plain = outs[None]
    for compress, ending, read in (("gzip", ".gz", gzip.decompress),
                                   ("zstd", ".zst", lambda b: zstandard.ZstdDecompressor().stream_reader(
                                       io.BytesIO(b)).read())):
        out = outs[compress]
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        assert manifest["corpus"]["compression"] == compress
        for name in ("parallel.tsv", "parallel.ko", "parallel.en", "parallel.tmx"):
            assert not (out / name).exists()
            assert read((out / (name + ending)).read_bytes()) == (plain / name).read_bytes(), name
            assert name + ending in manifest["outputs"]
    from newsbitext.pipeline.emit import ParallelRow
    from newsbitext.pipeline.io.writers import write_corpus

    rows = [ParallelRow("a", "body", (0,), (0,), "문장", "a sentence", 0.9, "ok")]
    for compress in ("gzip", "zstd"):  # the same rows, the same bytes: no time or name in the stream
        written = []
        for n in (1, 2):
            (tmp_path / f"w{compress}{n}").mkdir()
            write_corpus(iter(rows), tmp_path / f"w{compress}{n}", "sig", compress)
            written.append([(p.name, p.read_bytes()) for p in sorted((tmp_path / f"w{compress}{n}").iterdir())])
        assert written[0] == written[1]
