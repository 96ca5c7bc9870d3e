"""The plan of a run: which page pairs to process, where their pages are, and the inputs that cannot be used.

Room: running. Inputs are discovered and containers scanned once for their pages' names, URLs and offsets (tasks
carry locators, never bytes); pages pair by a manifest, by their names, or by their content (a crawl's pages read
through the executor, `FEATURE_CHUNK` at a time, by `run.worker.FeatureReader`). May import `io.readers`,
`pairing`, `pipeline`, `records`, `errors`, `lang`, `run.executors`, `run.tasks`, `run.worker`.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..config import Config
from ..errors import InputError
from ..io.compression import file_compression
from ..io.readers import InputFile, discover, read_container
from ..io.spool import STDIN, spool_compressed, spool_stdin
from ..lang import LANG_NAMES
from ..pairing import ContentPair, ManifestRow, PageRef, pair_by_content, pair_by_manifest, pair_by_name, unique_ids
from ..pipeline import build_encoder
from ..records import Rejected
from .executors import Executor, LocalExecutor
from .tasks import PageLocator, PairTask
from .worker import FeatureReader

FEATURE_CHUNK = 64  # pages a worker reads at a time when many pages are paired by content


def read_manifest(path: Path) -> tuple[list[ManifestRow], list[Rejected]]:
    """The rows of a pairs manifest (CSV, or TSV as `pairs.tsv` is written: quoted where a cell holds a tab, a
    newline or a quote mark), and each row that cannot be used, with its line and why."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the pairs manifest: {exc}") from exc
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"{path}: cannot read the pairs manifest: {exc}") from exc
    if not header or not {"ko", "en"} <= set(header):
        raise InputError(f"{path}: the pairs manifest needs a header with `ko` and `en` columns")
    rows, problems = [], []
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"  # (the row's last line: its only one but where a cell spans lines)
            cells = len(header) + len(row.get(None) or ()) - sum(row[k] is None for k in header)  # type: ignore
            if cells != len(header):
                problems.append(Rejected(where, "pair", f"the row has {cells} column(s), the header {len(header)} "
                                                        f"({', '.join(header)}): not read"))
                continue
            missing = [side for side in ("ko", "en") if not row[side].strip()]
            if missing:
                problems.append(Rejected(where, "pair", f"the row names no {' and no '.join(missing)} page: not read"))
                continue
            rows.append(ManifestRow(line=reader.line_num, ko=row["ko"].strip(), en=row["en"].strip(),
                                    id=(row.get("id") or "").strip() or None))
    except csv.Error as exc:
        problems.append(Rejected(f"{path}:{reader.line_num}", "pair", f"the manifest breaks here ({exc}): the rows "
                                                                      "from here on are not read"))
    return rows, problems


@dataclass
class RunPlan:
    tasks: list[PairTask]
    problems: list[Rejected]
    by_content: list[ContentPair] = field(default_factory=list)  # pairs made by content, for pairs.tsv


def plan_run(inputs: Iterable[str | Path], cfg: Config, pairs_manifest: Path | None = None,
             executor: Executor | None = None, exclude: Path | None = None, spool: Path | None = None) -> RunPlan:
    """The pairs to process, in input order, and the inputs that cannot be used (missing, unpaired, unreadable
    container records). Without a manifest, pages that names do not pair (`<id>.ko.html`) are paired by their
    content, read by the executor's workers. `exclude` (the run's output folder) is never read as input. `-`
    (standard input: a JSONL or WARC stream) and compressed containers are decompressed into `spool` first."""
    rows, problems = read_manifest(pairs_manifest) if pairs_manifest else (None, [])
    inputs = [str(i) for i in inputs]
    stdin_at = inputs.index("-") if "-" in inputs else len(inputs)
    before, found_problems = discover(inputs[:stdin_at], exclude)  # standard input keeps its place among the rest
    after, more_problems = discover([i for i in inputs[stdin_at:] if i != "-"], exclude)
    problems += found_problems + more_problems
    seen = {f.path for f in before}
    files: list[InputFile | Rejected] = [*before, *([_stdin_file(spool)] if "-" in inputs else []),
                                         *(f for f in after if f.path not in seen)]
    files, unspooled = _spooled(files, spool)
    problems += unspooled
    limit = cfg.ingest.max_page_bytes
    locators: dict[str, PageLocator] = {}
    refs: list[PageRef] = []
    for f in files:
        if isinstance(f, Rejected):
            problems.append(f)
        elif f.is_container:
            for item, offset in read_container(f, limit):
                if isinstance(item, Rejected):
                    problems.append(item)
                else:
                    locators[item.source] = PageLocator(item.source, str(f.path), f.suffix, offset, item.declared_lang)
                    refs.append(PageRef(item.source, item.url, None, item.declared_lang, f.suffix))
        else:
            locators[str(f.path)] = PageLocator(str(f.path), str(f.path), f.suffix, None, f.name_lang)
            refs.append(PageRef(str(f.path), None, f.name_id, f.name_lang, f.suffix))
    by_content: list[ContentPair] = []
    if rows is not None:
        pairs, rejected = pair_by_manifest(rows, refs, pairs_manifest)
    else:
        named = [r for r in refs if r.name_id and r.name_lang in ("ko", "en")]
        pairs, rejected = pair_by_name(named)
        named_sources = {r.source for r in named}  # a set: a list here is quadratic in a crawl's pages
        unnamed = [locators[r.source] for r in refs if r.source not in named_sources]
        if unnamed:
            by_content, unpaired = _pair_by_content(unnamed, cfg, executor or LocalExecutor(1))
            rejected += unpaired
            pairs = unique_ids([*pairs, *(c.pair for c in by_content)])
    return RunPlan([PairTask(p, locators[p.ko], locators[p.en]) for p in pairs], problems + rejected, by_content)


def _stdin_file(spool: Path | None) -> InputFile | Rejected:
    if spool is None:
        return Rejected(STDIN, "read", "standard input is read by `newsbitext run`, which spools it into OUT")
    spooled = spool_stdin(sys.stdin.buffer, spool)
    if isinstance(spooled, Rejected):
        return spooled
    path, suffix = spooled
    return InputFile(path, suffix, name=STDIN)


def _spooled(files: list[InputFile | Rejected], spool: Path | None) -> tuple[list[InputFile], list[Rejected]]:
    """The containers as they can be read at an offset: a compressed one (by its bytes, whatever its name; gzip
    WARC excepted, which warcio reads record by record) as its decompressed copy in `spool`, under its own name."""
    found, problems = [], []
    for f in files:
        if isinstance(f, Rejected) or not f.is_container or f.name is not None:
            found.append(f)
            continue
        try:
            compression = file_compression(f.path)
        except OSError as exc:
            problems.append(Rejected(str(f.path), "read", f"cannot read: {exc.strerror or exc}"))
            continue
        if compression is None or (f.suffix != ".jsonl" and compression == "gzip"):
            found.append(f)
        elif spool is None:
            problems.append(Rejected(str(f.path), "read", f"a {compression} stream is read by `newsbitext run`, "
                                                          "which decompresses it into OUT first"))
        else:
            copy = spool_compressed(f.path, compression, spool, f.suffix)
            found.append(copy if isinstance(copy, Rejected)
                         else InputFile(copy, f.suffix, f.name_id, f.name_lang, name=str(f.path)))
    return found, problems


def _pair_by_content(locators: list[PageLocator], cfg: Config, executor: Executor) \
        -> tuple[list[ContentPair], list[Rejected]]:
    chunks = [locators[i:i + FEATURE_CHUNK] for i in range(0, len(locators), FEATURE_CHUNK)]
    parts = executor.map(partial(FeatureReader, cfg), chunks)
    features = [f for found, _ in parts for f in found]
    unreadable = [r for _, bad in parts for r in bad]
    ko = [f for f in features if f.lang == "ko"]
    en = [f for f in features if f.lang == "en"]
    by_content, unpaired = pair_by_content(ko, en, build_encoder(cfg, cached=False).encode)
    other = [Rejected(f.source, "pair", f"cannot pair a page in {LANG_NAMES.get(f.lang, f.lang)}: only Korean and "
                                        "English pages are paired") for f in features if f.lang not in ("ko", "en")]
    return by_content, unreadable + other + unpaired
