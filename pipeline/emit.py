"""The emit stage: from scored article records to the sentence pairs of the parallel corpus.

Which segments go in is decided here, from the QE score and flags and `emit` settings (and, once an editor reviewed
the flags, their decisions: `newsbitext review`), and duplicates are folded:
exact ones (the same pair once normalised: Unicode NFKC, case, spacing) and near ones (the same pair once
punctuation, quote styles and spacing are ignored too, as when one wire sentence runs in many articles). The first
occurrence is kept with a count of the others. Writing the files is the writers' job (`io/writers.py`).

Room: a stage (records to records, no I/O). May import `config`, `records`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .config import EmitConfig
from .records import ArticlePair, Flag

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)

FlagKey = tuple[str, str, tuple[int, ...], tuple[int, ...], str, str]


def flag_key(article: str, role: str, ko: Iterable[int], en: Iterable[int], flag: Flag) -> FlagKey:
    """A flag's identity across a run's files, its report and an editor's review: its segment (article, role and
    the sentence indexes, which count within a role, so a title and the first body sentence both have [0]) and the
    flag's type and check."""
    return (article, role, tuple(ko), tuple(en), flag.type, flag.check)


@dataclass(slots=True)
class ParallelRow:
    """One sentence pair of the corpus, with where it came from and what QE said of it."""

    article: str
    role: str
    ko_index: tuple[int, ...]
    en_index: tuple[int, ...]
    ko: str
    en: str
    score: float
    label: str
    flags: tuple[Flag, ...] = ()
    duplicates: int = 0  # how many later pairs were folded into this one
    sources: dict[str, str] = field(default_factory=dict)  # each page's url, path and sha256: ko_url, ko_path, ...


def segment_rows(pair: ArticlePair) -> list[ParallelRow]:
    """The aligned segments of one article pair that have text on both sides, in order."""
    sources = page_sources(pair)
    return [ParallelRow(pair.id, s.role, s.ko, s.en, s.ko_text, s.en_text, float(s.score or 0.0), s.label or "",
                        s.flags, sources=sources)
            for s in pair.segments or () if s.ko and s.en]


PAGE_SOURCE_FIELDS = tuple(f"{lang}_{key}" for lang in ("ko", "en") for key in ("url", "path", "sha256"))


def page_sources(pair: ArticlePair) -> dict[str, str]:
    """Where both pages came from, as the corpus files carry it: each page's URL, local path (the input it was
    read from: a file, or a container's file and record) and SHA-256, "" where a page has none (a file has no URL)."""
    sides = {lang: pair.side(lang).article for lang in ("ko", "en")}
    return {f"{lang}_{key}": (getattr(a, "source" if key == "path" else key) or "")
            for lang, a in sides.items() for key in ("url", "path", "sha256")}


def exact_key(ko: str, en: str) -> str:
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return f"{norm(ko)}\t{norm(en)}"


def near_key(ko: str, en: str) -> str:
    def norm(text: str) -> str:
        return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())

    return f"{norm(ko)}\t{norm(en)}"


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


@dataclass
class CorpusFilter:
    """Decides which pairs enter the corpus, once each, and counts why the others were left out. It holds a 16-byte
    digest per kept pair, a duplicate count per kept pair and one byte per candidate, never the pairs, so a corpus
    of millions is decided in little memory: candidates stream past it once to decide (`add`), and again to be
    written (`kept_rows`), with the same decisions."""

    cfg: EmitConfig
    review: Mapping[FlagKey, str] = field(default_factory=dict)  # an editor's decisions: "accept" | "dismiss"
    duplicates: list[int] = field(default_factory=list)  # per kept pair: how many later pairs were folded into it
    counts: Counter = field(default_factory=Counter)
    decisions: bytearray = field(default_factory=bytearray)  # per candidate: 1 kept, 0 left out
    _exact: dict[bytes, int] = field(default_factory=dict)
    _near: dict[bytes, int] = field(default_factory=dict)

    name = "emit"

    def signature(self) -> str:
        return (f"emit:min={self.cfg.min_score:g},{'keep' if self.cfg.keep_flagged else 'drop'}-flagged,"
                f"{'dedup' if self.cfg.dedup else 'all'}")

    def standing(self, row: ParallelRow) -> tuple[tuple[Flag, ...], bool]:
        """The row's flags less those the editor dismissed, and whether the editor accepted any of them."""
        if not self.review or not row.flags:
            return row.flags, False
        verdicts = [self.review.get(flag_key(row.article, row.role, row.ko_index, row.en_index, f)) for f in row.flags]
        return tuple(f for f, v in zip(row.flags, verdicts, strict=True) if v != "dismiss"), "accept" in verdicts

    def add(self, row: ParallelRow) -> bool:
        """Take one candidate pair; True when it enters the corpus."""
        keep = self._decide(row)
        self.decisions.append(keep)
        return keep

    def _decide(self, row: ParallelRow) -> bool:
        self.counts["segments"] += 1
        flags, accepted = self.standing(row)
        if accepted:  # the editor confirmed the error: out, even with keep_flagged
            self.counts["left out/accepted flag"] += 1
            return False
        if flags and not self.cfg.keep_flagged:
            self.counts["left out/flagged"] += 1
            return False
        cleared = bool(row.flags) and not flags  # every flag dismissed: the editor read it and found no error
        if cleared:
            self.counts["review/all flags dismissed"] += 1
        if row.score < self.cfg.min_score and not cleared:  # its score fell by those flags: the editor's reading wins
            self.counts["left out/below min_score"] += 1
            return False
        if self.cfg.dedup:
            keys = (_digest(exact_key(row.ko, row.en)), _digest(near_key(row.ko, row.en)))
            for key, seen, kind in ((keys[0], self._exact, "exact"), (keys[1], self._near, "near")):
                if key in seen:
                    self.duplicates[seen[key]] += 1
                    self.counts[f"duplicates/{kind}"] += 1
                    return False
            self._exact[keys[0]] = self._near[keys[1]] = len(self.duplicates)
        self.duplicates.append(0)
        self.counts["kept"] += 1
        return True

    def kept_rows(self, rows: Iterable[ParallelRow]) -> Iterator[ParallelRow]:
        """The same candidates again, in the same order: the kept ones, each with its duplicate count and, after a
        review, only the flags the editor did not dismiss (what the TMX's x-flags and the dataset's flags list)."""
        kept = 0
        for row, keep in zip(rows, self.decisions, strict=True):
            if keep:
                row.duplicates = self.duplicates[kept]
                row.flags = self.standing(row)[0]
                kept += 1
                yield row
