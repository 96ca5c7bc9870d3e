"""`newsbitext qe`: translation QA of an existing `ko<TAB>en` corpus, streamed in batches.

Room: running. Reads lines, has the QE stage score each pair (through the same `segment_pairs` path a run's
segments take), writes each kept line back with score, label and flags (JSON) appended, as bicleaner does. May
import `qe`, `pipeline`, `errors`.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from tqdm import tqdm

from ..errors import lines_above, log
from ..qe.estimator import QualityEstimator


@dataclass
class QESummary:
    lines: int = 0
    written: int = 0
    flagged: int = 0
    malformed: int = 0


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def not_text(text: str) -> str | None:
    """Why one side of a line is not text to score, or None: no letters at all, replacement characters (bytes that
    were not valid in their encoding), or control characters (binary debris); scoring such a line would rate
    garbage against garbage."""
    if (m := _CONTROL.search(text)) is not None:
        return f"holds a control character (U+{ord(m.group()):04X} at character {m.start()})"
    if "\ufffd" in text:
        return "holds replacement characters (U+FFFD): it was decoded from bytes that were not valid text"
    if not any(unicodedata.category(c).startswith("L") for c in text):
        return "has no letters"
    return None


HEADER = ("ko", "en")  # a first line starting with these names: the file is `parallel.tsv` as a run writes it


def qe_tsv(source: Iterable[str | bytes], sink: TextIO, estimator: QualityEstimator, min_score: float | None = None,
           drop_flagged: bool = False, batch: int = 256, where: str = "-", warn=None,
           progress: bool = False) -> QESummary:
    """Score a `ko<TAB>en` corpus line by line, in batches. Lines given as bytes (a file opened with
    `io.compression.open_binary`, decompressed) must be UTF-8. A line that is not, or has not two columns, is
    reported through `warn` (a warning in the log by default) with its line number, and skipped: never scored as
    text. A file whose first line is a `ko<TAB>en...` header is read as a run's `parallel.tsv` is written (quoted
    fields, excel-tab) and written back the same way, its header extended with `qe_score`, `qe_label`,
    `qe_flags`; other files are plain lines, written back as they came with the three columns appended."""
    summary = QESummary()
    warn = warn or log.warning
    writer = csv.writer(sink, dialect="excel-tab", lineterminator="\n")
    bar = tqdm(desc="pairs scored", unit="pair", disable=not progress, file=sys.stderr)

    previous: tuple[str, str] | None = None  # the last line scored: the next batch's first pair is read beside it

    def flush(rows: list[tuple[str | list[str], str, str]], after: tuple[str, str] | None) -> None:
        nonlocal previous
        scored = estimator.score_texts([ko for _, ko, _ in rows], [en for _, _, en in rows], previous, after)
        previous = rows[-1][1:]
        for (line, _, _), (score, label, flags) in zip(rows, scored, strict=True):
            summary.flagged += bool(flags)
            if (min_score is not None and score < min_score) or (drop_flagged and flags):
                continue
            cells = json.dumps([{k: v for k, v in f.as_dict().items() if k != "check"} for f in flags],
                               ensure_ascii=False)
            if isinstance(line, list):
                writer.writerow([*line, f"{score:.4f}", label, cells])
            else:
                sink.write(f"{line}\t{score:.4f}\t{label}\t{cells}\n")
            summary.written += 1
        bar.update(len(rows))

    rows: list[tuple[str | list[str], str, str]] = []
    with bar, lines_above(bar):
        for item in _scorable_lines(source, summary, warn, where):
            if isinstance(item, _Header):
                writer.writerow([*item.columns, "qe_score", "qe_label", "qe_flags"])
                continue
            rows.append(item)
            if len(rows) > batch:  # one line read ahead: the batch's last pair is read beside the line after it
                flush(rows[:batch], rows[batch][1:])
                rows = rows[batch:]
        if rows:
            flush(rows, None)
    return summary


@dataclass
class _Header:
    columns: list[str]


def _scorable_lines(source, summary: QESummary, warn, where: str):
    """The lines of `source` that can be scored, as (line or its quoted cells, ko, en), and the header when the
    file has one; each line that cannot be scored is counted and told with its number."""
    quoted = False
    for number, raw in enumerate(source, 1):
        summary.lines += 1
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                summary.malformed += 1
                warn(f"warning: {where}:{number}: not UTF-8 text ({exc.reason} at byte {exc.start}), "
                     "skipped")
                continue
        line = raw.removesuffix("\n").removesuffix("\r")  # a CR inside a field is data, not a line break
        if number == 1 and tuple(c.strip().lower() for c in line.split("\t")[:2]) == HEADER:
            quoted = True
            summary.lines -= 1
            yield _Header(next(csv.reader([line], dialect="excel-tab")))
            continue
        cols = next(csv.reader([line], dialect="excel-tab")) if quoted else line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            summary.malformed += 1
            warn(f"warning: {where}:{number}: expected `ko<TAB>en`, skipped")
            continue
        garbage = next((f"the {side} side {why}" for side, text in (("Korean", cols[0]), ("English", cols[1]))
                        if (why := not_text(text)) is not None), None)
        if garbage is not None:
            summary.malformed += 1
            warn(f"warning: {where}:{number}: {garbage}, skipped (not scored)")
            continue
        yield cols if quoted else line, cols[0].strip(), cols[1].strip()
