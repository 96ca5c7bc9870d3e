"""Readers: the I/O edge where inputs become `RawPage` records. Stages never open files; readers do.

A file is one page (`.txt`, `.html`, `.htm`, `.xhtml`), or a container of pages: JSONL (one object a line with
`url`, `html` or `text`, optional `lang` and `id`) and WARC (`.warc`, `.warc.gz`, response records with an HTML
content type). A container that breaks half way yields the pages before the break and a `Rejected` for the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .ingest import oversize
from .records import RawPage, Rejected

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".xhtml")
CONTAINER_SUFFIXES = (".jsonl", ".warc", ".warc.gz")
_LANG_IN_NAME = re.compile(r"^(?:(?P<id>.+)\.)?(?P<lang>ko|en)$")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file, with the pair id and language its name gives (`x.ko.html`, `x/ko.txt`), if any."""

    path: Path
    suffix: str
    name_id: str | None = None
    name_lang: str | None = None

    @property
    def is_container(self) -> bool:
        return self.suffix in CONTAINER_SUFFIXES


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in CONTAINER_SUFFIXES + PAGE_SUFFIXES if name.endswith(s)), None)


def describe(path: Path) -> InputFile | None:
    suffix = _suffix(path)
    if suffix is None:
        return None
    stem = path.name[: -len(suffix)]
    m = _LANG_IN_NAME.match(stem)
    if m is None:
        return InputFile(path, suffix)
    name_id = m.group("id") or path.parent.name  # `<id>.ko.txt`, or `<id>/ko.txt` as in the gold layout
    return InputFile(path, suffix, name_id=name_id, name_lang=m.group("lang"))


def discover(inputs: list[str | Path]) -> tuple[list[InputFile], list[Rejected]]:
    """Input files under the given files and folders, in a stable order; missing paths are rejected."""
    files: dict[Path, InputFile] = {}
    rejected = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for p in candidates:
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
            rejected.append(Rejected(str(path), "read", "no such file or folder"))
    return list(files.values()), rejected


def _read_bytes(path: Path, limit: int) -> bytes | Rejected:
    try:
        size = path.stat().st_size
        if size > limit:
            return oversize(str(path), size, limit)
        return path.read_bytes()
    except OSError as exc:
        return Rejected(str(path), "read", f"cannot read: {exc.strerror or exc}")


def read_file(f: InputFile, max_page_bytes: int) -> RawPage | Rejected:
    """The one page of a page file."""
    data = _read_bytes(f.path, max_page_bytes)
    if isinstance(data, Rejected):
        return data
    kind = "text" if f.suffix == ".txt" else "html"
    return RawPage(source=str(f.path), data=data, declared_lang=f.name_lang, kind=kind)


def read_container(f: InputFile, max_page_bytes: int) -> Iterator[RawPage | Rejected]:
    if f.suffix == ".jsonl":
        yield from _read_jsonl(f.path, max_page_bytes)
    else:
        yield from _read_warc(f.path, max_page_bytes)


def _read_jsonl(path: Path, max_page_bytes: int) -> Iterator[RawPage | Rejected]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for lineno, line in enumerate(handle, start=1):
            source = f"{path}:{lineno}"
            if not line.strip():
                continue
            if len(line) > max_page_bytes * 2:
                yield oversize(source, len(line), max_page_bytes)
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Rejected(source, "read", f"not a JSON object: {exc}")
                continue
            if not isinstance(record, dict):
                yield Rejected(source, "read", "not a JSON object")
                continue
            kind = "html" if record.get("html") is not None else "text"
            body = record.get(kind)
            if not isinstance(body, str):
                yield Rejected(source, "read", "the record has no `html` or `text` string")
                continue
            url = record.get("url") if isinstance(record.get("url"), str) else None
            lang = record.get("lang") if record.get("lang") in ("ko", "en") else None
            yield RawPage(source=source, data=body.encode("utf-8"), url=url, declared_lang=lang, kind=kind,
                          declared_charset="utf-8")


def _read_warc(path: Path, max_page_bytes: int) -> Iterator[RawPage | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        n = 0
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower() and "text/plain" not in ctype.lower():
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{n}"
                data = record.content_stream().read(max_page_bytes + 1)
                if len(data) <= max_page_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                    yield Rejected(source, "read", f"the WARC record for {url} is cut short: the file ends "
                                                   f"{record.raw_stream.limit} bytes before the record does")
                    continue
                if len(data) > max_page_bytes:
                    yield oversize(f"{source} ({url})", max(len(data), record.length or 0), max_page_bytes)
                    continue
                m = re.search(r"charset=([\w.:-]+)", ctype, re.IGNORECASE)
                kind = "html" if "html" in ctype.lower() else "text"
                yield RawPage(source=source, data=data, url=url, declared_charset=m.group(1) if m else None, kind=kind)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield Rejected(f"{path}#{n + 1}", "read", f"the WARC file breaks after {n} page(s): {exc}")
