"""The public API: a page cleaned, two lists of sentences aligned, a pair checked, a corpus run, in a line each.

Room: the top, beside the CLI. Each call gets its stages from `Pipeline` (built once per config and reused), so
a call here runs what `newsbitext run` runs. Returns the typed records; raises `PageRejected` (with the reason a
stage gave) where a page cannot be used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .align import Bead
from .config import Config, load_config
from .errors import InputError, PageRejected
from .io.readers import LONE_SURROGATE, describe, read_file
from .pipeline import Pipeline
from .records import Flag, RawPage, Rejected, SegmentedArticle
from .run.executors import LocalExecutor
from .run.runner import RunSummary
from .run.runner import run as run_pipeline
from .stats import Stats


def _texts(name: str, values: Sequence[str], one: bool = False) -> list[str]:
    """`values` as the stages take them, or an `InputError` naming the one that is not Unicode text: a value that is
    no string, or one holding a lone surrogate (what a JSON escape like \\ud800 or bytes decoded with
    surrogateescape leave), which no tokenizer can read."""
    for i, value in enumerate(values):
        where = name if one else f"{name}[{i}]"
        if not isinstance(value, str):
            raise InputError(f"{where}: expected a string, got {type(value).__name__}")
        surrogate = LONE_SURROGATE.search(value)
        if surrogate is not None:
            raise InputError(f"{where}: holds a lone surrogate (\\u{ord(surrogate.group()):04x} at character "
                             f"{surrogate.start()}), which is not Unicode text")
    return list(values)


@lru_cache(maxsize=8)
def _through(cfg: Config, stage: str) -> Pipeline:
    return Pipeline.through(cfg, stage)


@lru_cache(maxsize=1)
def _default() -> Config:
    return load_config()  # read from the packaged YAML once, not per call


def clean(page: str | Path | bytes, lang: str | None = None, config: Config | None = None) -> SegmentedArticle:
    """One page (a path, or its bytes) cleaned and split into sentences: title, subtitles, captions, body,
    byline, date. `lang` ("ko", "en") is what the page should be in; a path named `x.ko.html` says it itself."""
    cfg = config or _default()
    if isinstance(page, bytes):
        raw: RawPage | Rejected = RawPage("<bytes>", page, declared_lang=lang)
    else:
        path = Path(page)
        found = describe(path)
        if not path.is_file() or found is None or found.is_container:
            raise InputError(f"{path}: no such page file (.txt, .html, .htm, .xhtml)")
        raw = read_file(found, cfg.ingest.max_page_bytes)
        if lang and not isinstance(raw, Rejected):
            raw = RawPage(raw.source, raw.data, raw.url, raw.declared_charset, lang, raw.kind)
    if isinstance(raw, Rejected):
        raise PageRejected(raw)
    result = _through(cfg, "segment").page(raw, Stats())
    if result.article is None:
        raise PageRejected(next(p for p in result.problems if p.level == "error"))
    return result.article


def align(ko: Sequence[str], en: Sequence[str], config: Config | None = None) -> list[Bead]:
    """Two lists of sentences aligned: beads of Korean and English indexes with their similarity (skips have
    one side empty), as `newsbitext align` prints them."""
    if isinstance(ko, str) or isinstance(en, str):
        raise InputError("align takes two lists of sentences, not strings")
    return _through(config or _default(), "align").aligner.align(_texts("ko", ko), _texts("en", en))


@dataclass(frozen=True, slots=True)
class Check:
    """What QE says of one Korean text and its English: a score in 0..1, a label, and the flags with their
    spans."""

    score: float
    label: str
    flags: tuple[Flag, ...]


def check(ko: str, en: str, config: Config | None = None) -> Check:
    """One Korean text and its English translation checked, as `newsbitext qe` checks a corpus line."""
    (score, label, flags), = _through(config or _default(), "qe").estimator.score_texts(_texts("ko", [ko], True),
                                                                                        _texts("en", [en], True))
    return Check(score, label, flags)


def run(inputs: Iterable[str | Path], out: str | Path, config: Config | None = None, workers: int | None = None,
        resume: bool = False, overwrite: bool = False, compress: str | None = None) -> RunSummary:
    """The whole pipeline over pages, JSONL or WARC files or folders into `out`, as `newsbitext run` does
    (`compress`: "gzip" or "zstd" for the corpus files)."""
    return run_pipeline(list(inputs), Path(out), config or _default(), progress=False,
                        executor=LocalExecutor(workers), resume=resume, overwrite=overwrite, compress=compress)
