"""Readers: the I/O edge where inputs become `RawPage` records. Stages never open files; readers do.

A file is one page (`.txt`, `.html`, `.htm`, `.xhtml`, each also compressed: `.gz`, `.bz2`, `.xz`, `.zst`, and read
decompressed whenever its bytes are, whatever its name), or a container of pages: JSONL (one object a line with
`url`, `html` or `text`, optional `lang` and `id`) and WARC (`.warc`, `.warc.gz`, response records with an HTML
content type), each also compressed (a compressed stream is read from the run's spool, `io/spool.py`). A
container that breaks half way yields the pages before the break and a `Rejected` for the rest.

Room: I/O, the reading edge: files and containers in, `RawPage`s (or why not) out. May import `records`,
`ingest` (its size limit), `faults`.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..faults import fail_at
from ..ingest import oversize
from ..records import RawPage, Rejected, internal_error
from .compression import COMPRESSED_SUFFIXES, file_compression, inflate

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
CONTAINER_SUFFIXES = (".jsonl", ".warc", ".warc.gz")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # no Unicode text: what a JSON escape or surrogateescape leaves
_LANG_IN_NAME = re.compile(r"^(?:(?P<id>.+)\.)?(?P<lang>ko|en)$")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, with the pair id and language its name gives (`x.ko.html`, `x/ko.txt`), if any."""

    path: Path
    suffix: str
    name_id: str | None = None
    name_lang: str | None = None
    name: str | None = None  # what its pages are named after, where that is not `path` (a spooled stream)

    @property
    def is_container(self) -> bool:
        return self.suffix in CONTAINER_SUFFIXES

    @property
    def label(self) -> str:
        return self.name or str(self.path)


def _suffix(path: Path) -> tuple[str, str] | None:
    """The file's kind by its name (`.html`) and the name's whole ending (`.html.gz`), or None."""
    name = path.name.lower()
    found = next((s for s in CONTAINER_SUFFIXES + PAGE_SUFFIXES if name.endswith(s)), None)
    if found is not None:
        return found, found
    for ending in COMPRESSED_SUFFIXES:
        kind = next((s for s in (".jsonl", ".warc", *PAGE_SUFFIXES) if name.endswith(s + ending)), None)
        if kind is not None:
            return kind, kind + ending
    return None


def describe(path: Path) -> InputFile | None:
    found = _suffix(path)
    if found is None:
        return None
    suffix, ending = found
    stem = path.name[: -len(ending)]
    m = _LANG_IN_NAME.match(stem)
    if m is None:
        return InputFile(path, suffix)
    name_id = m.group("id") or path.parent.name  # `<id>.ko.txt`, or `<id>/ko.txt` as in the gold layout
    return InputFile(path, suffix, name_id=name_id, name_lang=m.group("lang"))


def discover(inputs: list[str | Path], exclude: Path | None = None) -> tuple[list[InputFile], list[Rejected]]:
    """Input files under the given files and folders, in a stable order. Nothing is dropped without a word: a
    missing path, an unreadable folder, a dangling or looping link, a FIFO or device, a folder named like a page,
    and the output folder `exclude` found inside an input folder are each reported."""
    files: dict[Path, InputFile] = {}
    rejected: list[Rejected] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for p in _walk(path, exclude, rejected):
                if (f := describe(p)) is not None:
                    files.setdefault(p, f)
        elif path.is_file():
            f = describe(path)
            if f is None:
                rejected.append(Rejected(str(path), "read", f"unsupported file type: expected one of "
                                                            f"{', '.join(PAGE_SUFFIXES + CONTAINER_SUFFIXES)}"))
            else:
                files.setdefault(path, f)
        else:
            rejected.append(_not_a_file(path) or Rejected(str(path), "read", "no such file or folder"))
    return list(files.values()), rejected


def _not_a_file(path: Path) -> Rejected | None:
    """Why `path` (which is not a readable regular file or folder) cannot be read, or None if it does not exist."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return Rejected(str(path), "read", "a symbolic link loop: not read")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return Rejected(str(path), "read", "a symbolic link loop: not read")
            return Rejected(str(path), "read", f"a symbolic link to {os.readlink(path)}, which does not exist: "
                                               "not read")
        return _not_a_file(path.resolve())
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else None)
    return Rejected(str(path), "read", f"{kind}, not a regular file: not read") if kind else None


def _walk(root: Path, exclude: Path | None, rejected: list[Rejected]) -> list[Path]:
    """The files under `root` in a stable order (hidden names skipped, links to folders followed once), with
    whatever cannot be read reported into `rejected`."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    excluded = exclude.resolve() if exclude is not None and exclude.exists() else None
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            rejected.append(Rejected(str(folder), "read", f"cannot read the folder: {exc.strerror or exc}; its "
                                                          "files are not read"))
            continue
        if (info.st_dev, info.st_ino) in seen:
            rejected.append(Rejected(str(folder), "read", "links back to a folder already read: not read again",
                                     level="warning"))
            continue
        seen.add((info.st_dev, info.st_ino))
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if excluded is not None and path.resolve() == excluded:
                    rejected.append(Rejected(str(path), "read", "the output folder is inside this input folder: "
                                                                "its files are not read as inputs", level="warning"))
                    continue
                if describe(path) is not None:
                    rejected.append(Rejected(str(path), "read", "a folder named like a page file: read as a folder",
                                             level="warning"))
                subfolders.append(path)
            elif is_file:
                found.append(path)
            elif (why := _not_a_file(path)) is not None:
                rejected.append(why)
        stack.extend(reversed(subfolders))
    return sorted(found)


def _read_bytes(path: Path, limit: int) -> bytes | Rejected:
    """A page file's bytes, decompressed when they are compressed, never more than `limit` of them."""
    try:
        size = path.stat().st_size
        compression = file_compression(path)
        if compression is None:
            return oversize(str(path), size, limit) if size > limit else path.read_bytes()
        data = inflate(path, compression, limit)
    except OSError as exc:
        return Rejected(str(path), "read", f"cannot read: {exc.strerror or exc}")
    except (EOFError, ValueError, ImportError) as exc:  # a damaged stream; zstd without `zstandard`
        return Rejected(str(path), "read", f"cannot decompress: {exc}")
    if len(data) > limit:
        return Rejected(str(path), "ingest", f"page decompresses to more than {limit / 1e6:.1f} MB "
                                             "(ingest.max_page_bytes)")
    return data


def read_file(f: InputFile, max_page_bytes: int) -> RawPage | Rejected:
    """The one page of a page file."""
    data = _read_bytes(f.path, max_page_bytes)
    if isinstance(data, Rejected):
        return data
    kind = "text" if f.suffix == ".txt" else "html"
    return RawPage(source=str(f.path), data=data, declared_lang=f.name_lang, kind=kind)


def read_container(f: InputFile, max_page_bytes: int) -> Iterator[tuple[RawPage | Rejected, int | None]]:
    """Every page of a container with the byte offset of its record (None where the container broke), so that a
    worker can read one page again with `read_record` without the run holding any page in memory."""
    if f.suffix == ".jsonl":
        yield from _read_jsonl(f.path, max_page_bytes, f.label)
    else:
        yield from _read_warc(f.path, max_page_bytes, f.label)


def read_record(path: Path, suffix: str, offset: int, source: str, max_page_bytes: int) -> RawPage | Rejected:
    """The page of the container record at `offset`, named `source` as when the container was scanned."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            if suffix == ".jsonl":
                return _jsonl_page(handle.readline(), source, max_page_bytes)
            from warcio.archiveiterator import ArchiveIterator

            record = next(iter(ArchiveIterator(handle)))
            return _warc_page(record, source, max_page_bytes)
    except (OSError, StopIteration, ValueError, EOFError) as exc:
        return Rejected(source, "read", f"cannot read the record again (was the file changed during the run?): {exc}")


def _jsonl_page(line: bytes, source: str, max_page_bytes: int) -> RawPage | Rejected | None:
    if not line.strip():
        return None
    if len(line) > max_page_bytes * 2:
        return oversize(source, len(line), max_page_bytes)
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Rejected(source, "read", f"not a JSON object: {exc}")
    except RecursionError:
        return Rejected(source, "read", "not a JSON object this reader can read: arrays or objects nested "
                                        f"more than {sys.getrecursionlimit()} deep")
    if not isinstance(record, dict):
        return Rejected(source, "read", "not a JSON object")
    kind = "html" if record.get("html") is not None else "text"
    body = record.get(kind)
    if not isinstance(body, str):
        return Rejected(source, "read", "the record has no `html` or `text` string")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    for field, text in ((kind, body), ("url", url or "")):
        surrogate = LONE_SURROGATE.search(text)
        if surrogate is not None:
            return Rejected(source, "read", f"its `{field}` holds a lone surrogate escape "
                                            f"(\\u{ord(surrogate.group()):04x} at character {surrogate.start()}), "
                                            "which is not Unicode text")
    lang = record.get("lang") if record.get("lang") in ("ko", "en") else None
    return RawPage(source=source, data=body.encode("utf-8"), url=url, declared_lang=lang, kind=kind,
                   declared_charset="utf-8")


def _read_jsonl(path: Path, max_page_bytes: int, label: str) -> Iterator[tuple[RawPage | Rejected, int | None]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(label, "read", f"cannot read: {exc.strerror or exc}"), None
        return
    with handle:
        offset = pages = 0
        try:
            for lineno, line in enumerate(handle, start=1):
                page = _guarded(_jsonl_page, line, f"{label}:{lineno}", max_page_bytes)
                if page is not None:
                    pages += 1
                    yield page, offset
                offset += len(line)
        except OSError as exc:
            yield Rejected(label, "read", f"cannot read past byte {offset}: {exc.strerror or exc}"), None
            return
    if not pages:
        yield Rejected(label, "read", "holds no page: a JSONL container has one JSON object a line"), None


def _guarded(read, record, source: str, max_page_bytes: int) -> RawPage | Rejected | None:
    """One container record read with a last-resort guard: whatever goes wrong costs that record, named with the
    exception's type, and never the container or the run."""
    try:
        fail_at(f"record {source}")
        return read(record, source, max_page_bytes)
    except Exception as exc:
        return internal_error(source, "read", exc)


def _is_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in ctype or "text/plain" in ctype


def _warc_page(record, source: str, max_page_bytes: int) -> RawPage | Rejected:
    url = record.rec_headers.get_header("WARC-Target-URI")
    ctype = record.http_headers.get_header("Content-Type") or ""
    data = record.content_stream().read(max_page_bytes + 1)
    if len(data) <= max_page_bytes and getattr(record.raw_stream, "limit", 0) > 0:
        return Rejected(source, "read", f"the WARC record for {url} is cut short: the file ends "
                                        f"{record.raw_stream.limit} bytes before the record does")
    if len(data) > max_page_bytes:
        return oversize(f"{source} ({url})", max(len(data), record.length or 0), max_page_bytes)
    m = re.search(r"charset=([\w.:-]+)", ctype, re.IGNORECASE)
    kind = "html" if "html" in ctype.lower() else "text"
    return RawPage(source=source, data=data, url=url, declared_charset=m.group(1) if m else None, kind=kind)


def _read_warc(path: Path, max_page_bytes: int, label: str) -> Iterator[tuple[RawPage | Rejected, int | None]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(label, "read", f"cannot read: {exc.strerror or exc}"), None
        return
    with handle:
        n = records_seen = 0
        try:
            records = ArchiveIterator(handle)
            for record in records:
                records_seen += 1
                if not _is_page(record):
                    continue
                n += 1
                page = _guarded(_warc_page, record, f"{label}#{n}", max_page_bytes)
                yield page, records.get_record_offset()  # (asked after the content is read: asking first empties it)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            if records_seen == 0:
                yield Rejected(label, "read", "not a WARC file: warcio cannot read its first record"), None
            else:
                yield Rejected(f"{label}#{n + 1}", "read", f"the WARC file breaks after {n} page(s): "
                                                          f"{ascii(str(exc))[1:120]}"), None
            return
    if n == 0:
        what = "is empty" if records_seen == 0 else f"holds {records_seen} record(s), none an HTML or text response"
        yield Rejected(label, "read", f"no page read: the WARC file {what}"), None
