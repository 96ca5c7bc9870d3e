"""What a task of a run is: an article pair's id and where its two pages are.

Room: running. Tasks carry locators, never bytes, so neither the run nor its queue holds pages in memory. May
import `io.readers`, `records`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..io.readers import InputFile, read_file, read_record
from ..records import PagePair, RawPage, Rejected


@dataclass(frozen=True, slots=True)
class PageLocator:
    """Where one page's bytes are: a page file, or the record of a JSONL or WARC container at a byte offset. Tasks
    carry these, never bytes, so neither the run nor its queue holds pages in memory."""

    source: str
    path: str
    suffix: str
    offset: int | None = None
    name_lang: str | None = None

    def read(self, limit: int) -> RawPage | Rejected:
        if self.offset is None:
            return read_file(InputFile(Path(self.path), self.suffix, None, self.name_lang), limit)
        return read_record(Path(self.path), self.suffix, self.offset, self.source, limit)


@dataclass(frozen=True, slots=True)
class PairTask:
    """One article pair to process: its id and where its two pages are."""

    pair: PagePair
    ko: PageLocator
    en: PageLocator
