"""The files a run writes, each atomically: the parallel corpus (TSV, Moses, TMX), pairs.tsv and manifest.json.

Room: I/O. Every file is written under a temporary name in its folder and renamed into place when complete, so a
killed run never leaves a half-written output. Writers read typed rows (`emit.ParallelRow`) and records, never
rebuild them. May import `records`, `emit`, `pairing` (the records they write), `stats` and `faults`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import tempfile
import time
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from pathlib import Path

from lxml import etree

from .. import __version__
from ..emit import ParallelRow
from ..faults import moment
from ..pairing import ContentPair
from ..records import Rejected

_UMASK = os.umask(0)
os.umask(_UMASK)


class AtomicFile:
    """A file written under a temporary name and renamed into place by `commit`, or removed by `abort`. With
    `compress` ("gzip" or "zstd") what is written to `handle` is compressed on the way, reproducibly (no time or
    name in the gzip header), so the same rows give the same bytes."""

    def __init__(self, path: Path, binary: bool = False, compress: str | None = None) -> None:
        self.path = path
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:  # said of the file asked for, not of its temporary name
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        self.tmp = Path(tmp)
        self.raw = os.fdopen(fd, "wb")
        self.stream = self.raw if compress is None else _compressor(self.raw, compress)
        self.handle = self.stream if binary else io.TextIOWrapper(self.stream, encoding="utf-8", newline="")

    def commit(self) -> None:
        if isinstance(self.handle, io.TextIOWrapper):
            self.handle.flush()
            self.handle.detach()  # the text layer off, the stream under it left open
        if self.stream is not self.raw:
            self.stream.close()  # ends the compressed stream; the file itself stays open
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.chmod(self.tmp, 0o666 & ~_UMASK)  # as an ordinary file would be, not mkstemp's 0600
        moment(f"written {self.path.name}")
        os.replace(self.tmp, self.path)
        moment(f"committed {self.path.name}")

    def abort(self) -> None:
        """Remove the temporary file, whatever state the failure left it in (a full disk fails the close too)."""
        with suppress(OSError, ValueError):
            self.raw.close()
        with suppress(OSError):
            self.tmp.unlink(missing_ok=True)


COMPRESSIONS = {"gzip": ".gz", "zstd": ".zst"}  # `--compress`: what the corpus files can be written as


class _Unclosing(io.RawIOBase):
    """`raw` as a stream whose close leaves `raw` open (the compressor's close must not close the file)."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return self.raw.write(data)


def _compressor(raw, compress: str):
    if compress == "gzip":
        return gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)  # closing it leaves `raw` open
    if compress == "zstd":
        import zstandard

        return zstandard.ZstdCompressor(level=10).stream_writer(_Unclosing(raw), closefd=False)
    raise ValueError(f"unknown compression {compress!r}: expected one of {', '.join(COMPRESSIONS)}")


@contextmanager
def atomic_files(out: Path, names: Iterable[str], binary: Iterable[str] = (), compress: str | None = None):
    """Several files written together: all renamed into place when the block ends, none when it raises. With
    `compress`, each is written compressed under its name plus the compression's suffix, and keyed by its name."""
    binary = set(binary)
    suffix = COMPRESSIONS[compress] if compress else ""
    files = {name: AtomicFile(out / (name + suffix), binary=name in binary, compress=compress) for name in names}
    try:
        yield files
        for f in files.values():
            f.commit()
    except BaseException:
        for f in files.values():
            f.abort()
        raise


def error_json(problem: Rejected) -> dict:
    """One errors.jsonl line."""
    return {"input": problem.source, "stage": problem.stage, "level": problem.level, "reason": problem.reason}


TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
CORPUS_FILES = ("parallel.tsv", "parallel.ko", "parallel.en", "parallel.tmx")
TSV_HEADER = ("ko", "en", "score")
# How the corpus files are written, as the manifest and the README state it.
CORPUS_FORMATS = {
    "parallel.tsv": "UTF-8; a header line (ko, en, score), then one pair a line, tab-separated; a field holding a "
                    "quote mark is enclosed in quote marks with its quote marks doubled (RFC 4180, Python's "
                    "excel-tab dialect; pandas.read_csv(sep='\\t') and csv.reader(delimiter='\\t') read it back "
                    "exactly); tabs and line breaks inside a sentence are written as spaces",
    "parallel.ko": "UTF-8, one Korean segment a line, no quoting (Moses), line N beside line N of parallel.en",
    "parallel.en": "UTF-8, one English segment a line, no quoting (Moses)",
    "parallel.tmx": "TMX 1.4, one <tu> per pair; <prop>s: article, role, sentence indexes, score, label, flags, "
                    "duplicates, and each page's URL, path and SHA-256 (x-ko-url, x-ko-path, x-ko-sha256, x-en-...)",
}


def corpus_names(compress: str | None = None) -> tuple[str, ...]:
    """The corpus files' names as written: `parallel.tsv`, or `parallel.tsv.gz` with `--compress gzip`."""
    return tuple(name + (COMPRESSIONS[compress] if compress else "") for name in CORPUS_FILES)


def write_corpus(rows: Iterable[ParallelRow], out: Path, signature: str, compress: str | None = None) -> None:
    """parallel.tsv (a header, then ko, en, score; quoted as `CORPUS_FORMATS` says), Moses-style parallel.ko /
    parallel.en, and parallel.tmx (TMX 1.4, one <tu> per pair with its article, role, score, label, flag types,
    duplicate count and both pages' URL, path and SHA-256 as <prop>s), in one streaming pass; each compressed
    with `compress` ("gzip" or "zstd") when given."""
    with atomic_files(out, CORPUS_FILES, binary=["parallel.tmx"], compress=compress) as files:
        ko, en = files["parallel.ko"].handle, files["parallel.en"].handle
        tsv = csv.writer(files["parallel.tsv"].handle, dialect="excel-tab", lineterminator="\n")
        tsv.writerow(TSV_HEADER)
        with _tmx_body(files["parallel.tmx"].handle, signature) as tmx:
            for n, row in enumerate(rows, 1):
                if n == 2:
                    moment("writing the corpus")
                ko_text, en_text = _one_line(row.ko), _one_line(row.en)
                tsv.writerow((ko_text, en_text, f"{row.score:.4f}"))
                ko.write(ko_text + "\n")
                en.write(en_text + "\n")
                tmx.write(_tu(row, n))


def _one_line(text: str) -> str:
    return " ".join(text.split())


@contextmanager
def _tmx_body(handle, signature: str):
    """A TMX 1.4 document open at its <body>: write <tu> elements to what it yields."""
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype(TMX_DOCTYPE)
        with xf.element("tmx", version="1.4"):
            header = etree.Element("header", creationtool="newsbitext", creationtoolversion=__version__,
                                   segtype="sentence", adminlang="en", srclang="ko", datatype="plaintext")
            header.set("o-tmf", "newsbitext")
            note = etree.SubElement(header, "note")
            note.text = signature
            xf.write(header)
            with xf.element("body"):
                yield xf


def _tu(row: ParallelRow, n: int) -> etree._Element:
    tu = etree.Element("tu", tuid=str(n))
    props = {"x-article": row.article, "x-role": row.role, "x-ko-index": ",".join(map(str, row.ko_index)),
             "x-en-index": ",".join(map(str, row.en_index)), "x-score": f"{row.score:.4f}", "x-label": row.label,
             "x-flags": ",".join(f.type for f in row.flags), "x-duplicates": str(row.duplicates),
             **{f"x-{key.replace('_', '-')}": value for key, value in row.sources.items() if value}}
    for key, value in props.items():
        prop = etree.SubElement(tu, "prop", type=key)
        prop.text = value
    for lang, text in (("ko", row.ko), ("en", row.en)):
        tuv = etree.SubElement(tu, "tuv")
        tuv.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
        etree.SubElement(tuv, "seg").text = text
    return tu


def write_pairs_tsv(path: Path, pairs: list[ContentPair]) -> None:
    """The pairs made by content, as a manifest `--pairs` reads (id, ko, en) with each pair's score and
    confidence beside it, for a person to check and a later run to reuse."""
    target = AtomicFile(path)
    try:
        writer = csv.writer(target.handle, dialect="excel-tab", lineterminator="\n")  # quotes a tab, newline or "
        writer.writerow(("id", "ko", "en", "score", "confidence"))
        for c in pairs:
            writer.writerow((c.pair.id, c.pair.ko, c.pair.en, f"{c.score:.4f}", f"{c.confidence:.3f}"))
    except BaseException:
        target.abort()
        raise
    target.commit()


def sha256_of(path: Path, digest=None):
    """`digest` (a new SHA-256 when not given) updated with a file's bytes, read in blocks: any size in bounded
    memory."""
    digest = digest or hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest


def file_digest(path: Path) -> dict:
    """A file's size and SHA-256, as the manifest names it."""
    return {"bytes": path.stat().st_size, "sha256": sha256_of(path).hexdigest()}


def top_level_names(out: Path) -> list[str]:
    """What OUT holds at its top, folders with a slash, but the hidden ones and the manifest: its "files"."""
    return sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir()
                  if not p.name.startswith(".") and p.name != "manifest.json")


def output_digests(out: Path) -> dict[str, dict]:
    """Every file under OUT but the hidden ones (the lock, the shard store, temporary files) and the manifest, with
    its size and SHA-256: the manifest's "outputs"."""
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*")
                   if p.is_file() and p.name != "manifest.json"
                   and not any(part.startswith(".") for part in p.relative_to(out).parts))
    return {name: file_digest(out / name) for name in names}


def write_manifest(out: Path, manifest: dict) -> None:
    """manifest.json, written last: what ran, on what settings, how many of everything came out, how long it took,
    and every file beside it with its size and SHA-256. It marks the run finished: a folder without it holds an
    interrupted run, and a file that does not match it was not written by that run."""
    manifest = {**manifest, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    order = ("newsbitext", "signature", "config", "created", "pairs", "articles", "seconds", "stage_seconds",
             "stage_peak_rss_mb", "counts")
    manifest = {**{k: manifest[k] for k in order if k in manifest}, **manifest}
    manifest["files"] = top_level_names(out)
    manifest["outputs"] = output_digests(out)
    rewrite_manifest(out, manifest)


def rewrite_manifest(out: Path, manifest: dict) -> None:
    """manifest.json as given, atomically (a command that rewrote one output brings its entry up to date)."""
    target = AtomicFile(out / "manifest.json")
    target.handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    target.commit()
