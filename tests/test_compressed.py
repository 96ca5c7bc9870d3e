"""Compressed inputs, known by their bytes: pages as .gz and .zst give the outputs of the plain pages; a corpus
TSV is read decompressed by `qe`; what cannot be read is refused with the reason, never scored as text."""

from __future__ import annotations

import gzip
import json
import shutil

import zstandard

from .conftest import CORPUS, newsbitext, read_jsonl

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
    assert "compressed JSONL is not read: decompress it first" in errors[str(tmp_path / "records.jsonl.gz")]


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
