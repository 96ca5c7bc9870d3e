"""The stages a config names, built and chained: the one place a run, eval, the bench, `qe` and `align` get them.

Room: the assembly. A stage is a small class named for what it does, with a `name`, a `signature()` from its own
settings and a call from one record to the next (or to a `Rejected`, which ends the chain for that record).
`Pipeline(cfg)` builds the stages that `cfg.stages` names, in order, with their models (loaded here and nowhere
else), and chains them with `chain`: page stages from a `RawPage` to a `SegmentedArticle`, pair stages from an
`ArticlePair` to its scored segments. The emit stage decides over the whole corpus, so the runner drives it after
the pairs (`corpus_filter`). May import the stages, `records`, `config`, `errors`, `stats` and `models`;
does no I/O.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Protocol

from ..models.encoders import CachedEncoder, load_encoder
from ..models.faithfulness import BUILTIN, FaithfulnessModel
from ..models.quality import check_sequence_classifier, load_quality_model
from ..models.translator import HFTranslator, check_seq2seq, load_translator
from . import __version__
from .align import SentenceAligner
from .clean import ArticleCleaner
from .config import KNOWN_STAGES, Config, ConfigError, MTConfig, QEConfig
from .emit import CorpusFilter
from .ingest import PageDecoder
from .qe.estimator import QualityEstimator
from .records import ArticlePair, Provenance, RawPage, Rejected, SegmentedArticle
from .segment import SentenceSplitter
from .stats import Stats


class Stage(Protocol):
    """One step of the pipeline: a record in, the next record (or why not) out; no I/O."""

    name: str

    def __call__(self, record: Any) -> Any: ...

    def signature(self) -> str: ...


def chain(stages: Iterable[Stage], record: Any, stats: Stats, problems: list[Rejected]) -> Any:
    """`record` through `stages` in order, each timed into `stats`; the recovered problems a record carries
    (`warnings`) go to `problems` as warnings. Stops at the first `Rejected`, which it returns (and adds to
    `problems`)."""
    for stage in stages:
        started = time.perf_counter()
        record = stage(record)
        stats.timed(stage.name, started)
        if isinstance(record, Rejected):
            problems.append(record)
            return record
        problems += [Rejected(record.source, stage.name, w, level="warning") for w in getattr(record, "warnings", ())]
    return record


@dataclass
class PageResult:
    """What the page stages made of one page: its article (None when it could not be made) and its problems."""

    source: str
    article: SegmentedArticle | None
    problems: list[Rejected] = field(default_factory=list)


def build_encoder(cfg: Config, cached: bool = True):
    """The sentence encoder `align.encoder` names (loaded on first use), behind a cache that lives for one pair
    unless `cached` is False."""
    encoder = load_encoder(cfg.align.encoder)
    return CachedEncoder(encoder) if cached else encoder


def build_translator(mt: MTConfig, cached: bool = True):
    """The MT model `qe.mt` names (`--mt`), behind its translation cache unless `cached` is False; loaded now, so a
    model that cannot load stops before any page."""
    kwargs = {"beam_size": mt.beam_size, "max_length": mt.max_length, "device": mt.device or None, "dtype": mt.dtype,
              "src_lang": mt.src_lang, "tgt_lang": mt.tgt_lang}
    try:
        translator = (load_translator(mt.model, cache=mt.cache or None, batch_size=mt.batch_size, **kwargs) if cached
                      else HFTranslator(mt.model.removeprefix("hf:"), **kwargs))
        translator.signature()
    except (ImportError, OSError, ValueError) as exc:
        raise ConfigError(f"cannot use the model: {exc}") from exc
    return translator


def build_estimator(qe: QEConfig, encoder) -> QualityEstimator:
    """The QE stage with the MT model and QE model its config names (`--mt`, `--qe-model`), if any."""
    translator = build_translator(qe.mt) if qe.mt.model else None
    quality_model = None
    if qe.model.model:
        m = qe.model
        try:
            quality_model = load_quality_model(m.model, batch_size=m.batch_size, max_length=m.max_length,
                                               device=m.device or None, dtype=m.dtype)
            quality_model.signature()
        except (ImportError, OSError, ValueError) as exc:
            raise ConfigError(f"cannot use the model: {exc}") from exc
    return QualityEstimator(qe, encoder, translator, quality_model, build_faithfulness(qe, encoder))


def build_faithfulness(qe: QEConfig, encoder) -> FaithfulnessModel | None:
    """The learned score `qe.score_model` names; None for `none`, and for the built-in model beside an encoder other
    than the one it was trained with (its cosines would mean something else: the rules score then, and the run's
    signature says `score:rules`). A model given by path must match the encoder."""
    if qe.score_model == "none":
        return None
    try:
        model = FaithfulnessModel.load(qe.score_model)
    except ValueError as exc:
        raise ConfigError(f"qe.score_model: {exc}") from exc
    name = getattr(encoder, "name", "")
    if model.encoder != name:
        if qe.score_model == BUILTIN:
            return None
        raise ConfigError(f"qe.score_model: {qe.score_model} was trained with the encoder {model.encoder}, "
                          f"not {name}")
    return model


def check_models(qe: QEConfig) -> None:
    """The models the config names can be loaded (their configs are read, not their weights): a bad path stops a
    run here, before any page and before any worker starts."""
    try:
        if qe.mt.model:
            check_seq2seq(qe.mt.model)
        if qe.model.model:
            check_sequence_classifier(qe.model.model)
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"cannot use the model: {exc}") from exc


# What each stage name of the config builds, given the config and the stages built before it.
BUILDERS: dict[str, Callable[[Config, dict[str, Stage]], Stage]] = {
    "ingest": lambda cfg, _: PageDecoder(cfg.ingest),
    "clean": lambda cfg, _: ArticleCleaner(cfg.clean, cfg.ingest.hangul_share_korean),
    "segment": lambda cfg, _: SentenceSplitter(cfg.segment),
    "align": lambda cfg, _: SentenceAligner(cfg.align, build_encoder(cfg)),
    "qe": lambda cfg, built: build_estimator(cfg.qe, built["align"].encoder),
}
PAGE_STAGES = ("ingest", "clean", "segment")
PAIR_STAGES = ("align", "qe")


class Pipeline:
    """The stages of `cfg.stages` (up to and including `upto`, when given), built once and reused for every page
    and pair: `page(raw)` runs the page stages, `pair(id, ko, en)` the pair stages, `signature` names them all.
    The aligner's encoder is shared with QE, its cache emptied before each pair (a pair's vectors must not depend
    on what the worker saw before)."""

    def __init__(self, cfg: Config, upto: str | None = None) -> None:
        last = KNOWN_STAGES.index(upto) if upto else len(KNOWN_STAGES)
        names = [n for n in cfg.stages if KNOWN_STAGES.index(n) <= last]
        self.cfg = cfg
        self.built: dict[str, Stage] = {}
        for name in names:
            if name in BUILDERS:
                self.built[name] = BUILDERS[name](cfg, self.built)
        self.page_stages = [self.built[n] for n in PAGE_STAGES if n in self.built]
        self.pair_stages = [self.built[n] for n in PAIR_STAGES if n in self.built]

    def load_models(self, done: Callable[[str], None] | None = None) -> None:
        """Load now what the stages would load on first use (the encoder's weights), so a command can show the
        load as it happens rather than stall on the first input; `done(stage)` after each stage."""
        for name in self.built:
            if name == "align":
                self.aligner.encoder.encode(["warm-up"])
                self.aligner.encoder.clear()
            if done is not None:
                done(name)

    @classmethod
    def through(cls, cfg: Config, stage: str) -> Pipeline:
        """Every stage up to `stage`, whatever `cfg.stages` says: for the commands that are one stage (`align`,
        `qe`, `bench align`)."""
        return cls(replace(cfg, stages=KNOWN_STAGES), upto=stage)

    @property
    def cleaner(self) -> ArticleCleaner:
        return self.built["clean"]  # type: ignore[return-value]

    @property
    def splitter(self) -> SentenceSplitter:
        """The configured splitter (also where the segment stage is off: `align` and eval split with it)."""
        return self.built.get("segment") or SentenceSplitter(self.cfg.segment)  # type: ignore[return-value]

    @property
    def aligner(self) -> SentenceAligner | None:
        return self.built.get("align")  # type: ignore[return-value]

    @property
    def estimator(self) -> QualityEstimator | None:
        return self.built.get("qe")  # type: ignore[return-value]

    @cached_property
    def config_hash(self) -> str:
        """`Config.signature()`, the hash of every setting, worked out once (not per pair)."""
        return self.cfg.signature()

    @cached_property
    def signature(self) -> str:
        """What produced the output, in one line: the stages, each stage's settings and models, the version."""
        corpus = corpus_filter(self.cfg)
        parts = [f"stages:{'+'.join(self.cfg.stages)}", *(s.signature() for s in self.built.values()),
                 *([corpus.signature()] if corpus else [])]
        return "|".join([*parts, f"v:{__version__}"])

    def page(self, raw: RawPage, stats: Stats) -> PageResult:
        problems: list[Rejected] = []
        out = chain(self.page_stages, raw, stats, problems)
        for problem in problems:
            stats.counts[f"{problem.level}/{problem.stage}"] += 1
        if isinstance(out, Rejected):
            return PageResult(raw.source, None, problems)
        return PageResult(raw.source, out if isinstance(out, SegmentedArticle) else SegmentedArticle(out), problems)

    def pair(self, pair_id: str, ko: PageResult, en: PageResult, stats: Stats) -> ArticlePair | list[Rejected]:
        """The pair stages on two cleaned pages, or why the pair is left out: a page that could not be processed
        (its partner is reported as left out), or a stage's decision (not a translation)."""
        if ko.article is None or en.article is None:
            stats.counts["rejected/pairs"] += 1
            return [Rejected(side.source, "pair", f"left out: its partner {other.source} could not be processed")
                    for side, other in ((ko, en), (en, ko)) if side.article is not None]
        if self.aligner is not None:
            self.aligner.encoder.clear()
        profiles = {lang: self.cleaner.profile_version(side.article.article.site)
                    for lang, side in (("ko", ko), ("en", en))}
        record = ArticlePair(pair_id, ko.article, en.article,
                             Provenance(__version__, self.config_hash, self.signature, profiles))
        problems: list[Rejected] = []
        out = chain(self.pair_stages, record, stats, problems)
        if isinstance(out, Rejected):
            stats.counts[f"rejected/{out.stage}"] += 1
            return [out]
        stats.counts["flagged/segments"] += len(out.flagged())
        return out

    def model_counts(self) -> dict[str, int]:
        """How many sentences the MT model translated so far and how many came from its cache."""
        if self.estimator is None or self.estimator.translator is None:
            return {}
        stats = self.estimator.translator.stats
        return {"mt/translated": stats.translated, "mt/cached": stats.cached}


def corpus_filter(cfg: Config) -> CorpusFilter | None:
    """The emit stage, when the config names it: it decides over the whole corpus (which scored segments enter it,
    duplicates folded), so the runner feeds it every article pair after the pair stages ran."""
    return CorpusFilter(cfg.emit) if "emit" in cfg.stages else None
