"""The runner: reads inputs, pairs pages, runs the stages over each pair and writes OUT atomically.

All I/O lives here (and in `readers`); the stages it chains are the same functions a test calls on a record.
"""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TextIO

from lxml import etree
from tqdm import tqdm

from ..models.encoders import CachedEncoder, load_encoder
from ..models.quality import check_sequence_classifier, load_quality_model
from ..models.translator import check_seq2seq, load_translator
from . import __version__
from .align import SentenceAligner, pair_similarity, role_sentences
from .anchors import anchor_tokens
from .clean import ArticleCleaner
from .clean.profile import SITES, load_profile
from .config import Config, ConfigError, EmitConfig, QEConfig
from .emit import CorpusFilter, ParallelRow, segment_rows, segment_texts
from .executors import DEFAULT_SHARD_SIZE, Executor, LocalExecutor, ShardResult, ShardStore, peak_rss_mb
from .ingest import decode
from .lang import LANG_NAMES
from .pairing import (
    ContentPair,
    ManifestRow,
    PageFeatures,
    PageRef,
    pair_by_content,
    pair_by_manifest,
    pair_by_name,
    unique_ids,
)
from .qe.estimator import QualityEstimator, article_summary
from .readers import InputFile, discover, read_container, read_file, read_record
from .records import Article, PagePair, RawPage, Rejected, SegmentedArticle, SegmentPair
from .report import write_report_html
from .segment import SentenceSplitter


class InputError(ValueError):
    """A command-line input that cannot be used at all (a missing manifest, a bad config)."""


@dataclass
class PageResult:
    """What the stages made of one page: the article (or why not) and any recovered problem."""

    source: str
    article: SegmentedArticle | None
    sha256: str | None = None
    encoding: str | None = None
    problems: list[Rejected] = field(default_factory=list)


class PageProcessor:
    """ingest -> clean -> segment for one page, as the config's `stages` say."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.cleaner = ArticleCleaner(cfg.clean, cfg.ingest.hangul_share_korean)
        self.splitter = SentenceSplitter(cfg.segment)

    def __call__(self, raw: RawPage) -> PageResult:
        page = decode(raw, self.cfg.ingest)
        if isinstance(page, Rejected):
            return PageResult(raw.source, None, problems=[page])
        result = PageResult(raw.source, None, sha256=page.sha256, encoding=page.encoding,
                            problems=[Rejected(raw.source, "ingest", w, level="warning") for w in page.warnings])
        article = self.cleaner(page)
        if isinstance(article, Rejected):
            result.problems.append(article)
            return result
        if raw.declared_lang and article.lang != raw.declared_lang:
            result.problems.append(Rejected(raw.source, "clean", (
                f"given as {LANG_NAMES[raw.declared_lang]} but its article text is "
                f"{LANG_NAMES.get(article.lang, article.lang)}")))
            return result
        result.article = self.splitter(article) if "segment" in self.cfg.stages else SegmentedArticle(article)
        return result


def read_manifest(path: Path) -> list[ManifestRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the pairs manifest: {exc}") from exc
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    if not reader.fieldnames or not {"ko", "en"} <= set(reader.fieldnames):
        raise InputError(f"{path}: the pairs manifest needs a header with `ko` and `en` columns")
    return [ManifestRow(line=i, ko=row["ko"].strip(), en=row["en"].strip(), id=(row.get("id") or "").strip() or None)
            for i, row in enumerate(reader, start=2) if row.get("ko") and row.get("en")]


def article_json(seg: SegmentedArticle, sha256: str | None) -> dict:
    a: Article = seg.article
    return {
        "url": a.url, "source": a.source, "title": a.title, "subtitles": list(a.subtitles),
        "captions": list(a.captions), "paragraphs": [list(p) for p in seg.sentences], "byline": a.byline,
        "published": a.published, "extractor": a.extractor, "sha256": sha256,
    }


_UMASK = os.umask(0)
os.umask(_UMASK)


class AtomicFile:
    """A file written under a temporary name and renamed into place by `commit`, or removed by `abort`, so a killed
    run never leaves a half-written output."""

    def __init__(self, path: Path, binary: bool = False) -> None:
        self.path = path
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"}))

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, 0o666 & ~_UMASK)  # as an ordinary file would be, not mkstemp's 0600
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)


class AtomicJsonl(AtomicFile):
    """A JSONL file written atomically, one record a line."""

    def write(self, record: dict) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _report(problem: Rejected, errors: ShardResult) -> None:
    errors.write({"input": problem.source, "stage": problem.stage, "level": problem.level, "reason": problem.reason})
    print(f"newsbitext: {problem.level}: {problem.source}: {problem.reason}", file=sys.stderr)


@dataclass
class RunSummary:
    pairs: int = 0
    articles: int = 0
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stage_seconds: Counter = field(default_factory=Counter)  # read+clean+segment, align, qe, emit, summed over workers
    stage_peak_rss: dict[str, float] = field(default_factory=dict)  # MB: a worker's peak RSS once through the stage


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


@dataclass
class RunPlan:
    tasks: list[PairTask]
    problems: list[Rejected]
    by_content: list[ContentPair] = field(default_factory=list)  # pairs made by content, for pairs.tsv


def plan_run(inputs: Iterable[str | Path], cfg: Config, pairs_manifest: Path | None = None,
             workers: int = 1) -> RunPlan:
    """The pairs to process, in input order, and the inputs that cannot be used (missing, unpaired, unreadable
    container records). Containers are scanned once for their pages' names, URLs and offsets. Without a manifest,
    pages that names do not pair (`<id>.ko.html`) are paired by their content (read by `workers` processes)."""
    rows = read_manifest(pairs_manifest) if pairs_manifest else None
    files, problems = discover(list(inputs))
    limit = cfg.ingest.max_page_bytes
    locators: dict[str, PageLocator] = {}
    refs: list[PageRef] = []
    for f in files:
        if f.is_container:
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
            features, unreadable = content_features(unnamed, cfg, workers)
            ko = [f for f in features if f.lang == "ko"]
            en = [f for f in features if f.lang == "en"]
            encoder = load_encoder(cfg.align.encoder)
            by_content, unpaired = pair_by_content(ko, en, encoder.encode)
            rejected += unreadable + [Rejected(f.source, "pair", f"cannot pair a page in "
                                               f"{LANG_NAMES.get(f.lang, f.lang)}: only Korean and English pages are "
                                               "paired") for f in features if f.lang not in ("ko", "en")] + unpaired
            pairs = unique_ids([*pairs, *(c.pair for c in by_content)])
    return RunPlan([PairTask(p, locators[p.ko], locators[p.en]) for p in pairs], problems + rejected, by_content)


FEATURE_CHUNK = 64  # pages a process reads at a time when many pages are paired by content


class FeatureReader:
    """Reads pages into what content pairing compares: each page read, decoded and cleaned (one page processor,
    loaded once)."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.processor = PageProcessor(cfg)

    def __call__(self, locators: list[PageLocator]) -> tuple[list[PageFeatures], list[Rejected]]:
        features, rejected = [], []
        for locator in locators:
            raw = locator.read(self.cfg.ingest.max_page_bytes)
            page = decode(raw, self.cfg.ingest) if not isinstance(raw, Rejected) else raw
            article = self.processor.cleaner(page) if not isinstance(page, Rejected) else page
            if isinstance(article, Rejected):
                rejected.append(article)
                continue
            text = " ".join([article.title, *article.subtitles, *article.paragraphs])
            lead = " ".join(article.paragraphs)[:600]
            features.append(PageFeatures(locator.source, article.lang, article.title, lead, anchor_tokens(text),
                                         article.published))
        return features, rejected


_FEATURE_READER: FeatureReader | None = None


def _start_feature_reader(cfg: Config) -> None:
    global _FEATURE_READER
    _FEATURE_READER = FeatureReader(cfg)


def _read_features(locators: list[PageLocator]) -> tuple[list[PageFeatures], list[Rejected]]:
    return _FEATURE_READER(locators)  # type: ignore[misc]


def content_features(locators: list[PageLocator], cfg: Config, workers: int = 1) \
        -> tuple[list[PageFeatures], list[Rejected]]:
    """What content pairing compares, for each page; the pages of a crawl are read by `workers` processes,
    FEATURE_CHUNK at a time, the results in input order."""
    chunks = [locators[i:i + FEATURE_CHUNK] for i in range(0, len(locators), FEATURE_CHUNK)]
    if workers <= 1 or len(chunks) < 4:  # starting processes costs more than a few chunks
        return FeatureReader(cfg)(locators)
    with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_feature_reader, initargs=(cfg,)) as pool:
        parts = list(pool.map(_read_features, chunks))
    return [f for found, _ in parts for f in found], [r for _, bad in parts for r in bad]


def run(inputs: Iterable[str | Path], out: Path, cfg: Config, pairs_manifest: Path | None = None,
        progress: bool = True, executor: Executor | None = None, resume: bool = False,
        shard_size: int | None = None) -> RunSummary:
    """The whole pipeline over `inputs` into `out`: pairs are cut into shards in input order, the executor runs
    the stages on them (each finished shard stored under `out/.work/`), and the shards are merged in order into
    `articles.jsonl`, `flagged.jsonl` and `errors.jsonl`, then the corpus, the report and `manifest.json`. With
    `resume`, the shards an interrupted run finished are kept; the outputs are the same either way."""
    check_models(cfg.qe)
    out.mkdir(parents=True, exist_ok=True)
    executor = executor or LocalExecutor()
    plan = plan_run(inputs, cfg, pairs_manifest, min(executor.workers, os.cpu_count() or 1))
    tasks, problems = plan.tasks, plan.problems
    if plan.by_content:
        write_pairs_tsv(out / "pairs.tsv", plan.by_content)
    shard_size = shard_size or auto_shard_size(len(tasks))
    shards = [tasks[i:i + shard_size] for i in range(0, len(tasks), shard_size)]
    store = ShardStore(out)
    store.open(run_key(cfg, tasks, shard_size), resume)
    started = time.perf_counter()
    for problem in problems:
        print(f"newsbitext: {problem.level}: {problem.source}: {problem.reason}", file=sys.stderr)
    finished = store.done()
    todo = [(i, shard) for i, shard in enumerate(shards) if i not in finished]
    bar = tqdm(total=len(tasks), initial=len(tasks) - sum(len(s) for _, s in todo), desc="article pairs",
               unit="pair", disable=not progress, file=sys.stderr)
    with bar:
        executor.run(cfg, todo, store, bar.update)
    summary, signature = merge_shards(store, len(shards), out, problems)
    summary.pairs = len(tasks)
    signature = signature or run_signature(cfg, make_aligner(cfg))  # no article came out: no models to name
    if "emit" in cfg.stages and "qe" in cfg.stages and "align" in cfg.stages:
        emitted = time.perf_counter()
        summary.counts.update({f"corpus/{k}": v for k, v in emit_corpus(out, cfg.emit, signature).items()})
        summary.stage_seconds["emit"] += time.perf_counter() - emitted
        summary.stage_peak_rss["emit (main process)"] = peak_rss_mb()
    if "qe" in cfg.stages and "align" in cfg.stages:
        reported = time.perf_counter()
        write_report(out, signature)
        summary.stage_seconds["report"] += time.perf_counter() - reported
        summary.stage_peak_rss["report (main process)"] = peak_rss_mb()
    summary.seconds = time.perf_counter() - started
    write_manifest(out, cfg, summary, signature)
    store.close()
    return summary


def write_pairs_tsv(path: Path, pairs: list[ContentPair]) -> None:
    """The pairs made by content, as a manifest `--pairs` reads (id, ko, en) with each pair's score and
    confidence beside it, for a person to check and a later run to reuse."""
    target = AtomicFile(path)
    target.handle.write("id\tko\ten\tscore\tconfidence\n")
    for c in pairs:
        target.handle.write(f"{c.pair.id}\t{c.pair.ko}\t{c.pair.en}\t{c.score:.4f}\t{c.confidence:.3f}\n")
    target.commit()


def auto_shard_size(pairs: int) -> int:
    """About 64 shards for a small run (so every worker gets some), up to DEFAULT_SHARD_SIZE pairs a shard for a
    large one; a function of the number of pairs alone, so a resumed run cuts the same shards."""
    return max(1, min(DEFAULT_SHARD_SIZE, -(-pairs // 64)))


def run_key(cfg: Config, tasks: list[PairTask], shard_size: int) -> dict:
    """What a resumed run must share with the interrupted one: settings, version, the pairs and their files."""
    digest = hashlib.sha256()
    for task in tasks:
        for part in (task.pair.id, task.ko.source, task.en.source):
            digest.update(part.encode() + b"\0")
    files = sorted({loc.path for t in tasks for loc in (t.ko, t.en)})
    for name in files:
        try:
            stat = os.stat(name)
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"{name}:missing".encode())
    return {"newsbitext": __version__, "config": cfg.signature(), "pairs": len(tasks), "inputs": digest.hexdigest(),
            "shard_size": shard_size}


def merge_shards(store: ShardStore, n_shards: int, out: Path, problems: list[Rejected]) -> tuple[RunSummary, str]:
    """articles.jsonl, flagged.jsonl and errors.jsonl from the stored shards, in input order, atomically; the
    shards' counts and stage times summed, and the run's signature as the workers wrote it."""
    summary, signature = RunSummary(), ""
    files = {name: AtomicJsonl(out / name) for name in ("articles.jsonl", "flagged.jsonl", "errors.jsonl")}
    try:
        for problem in problems:
            files["errors.jsonl"].write({"input": problem.source, "stage": problem.stage, "level": problem.level,
                                         "reason": problem.reason})
        summary.counts["rejected/read+pair"] += len(problems)
        for index in range(n_shards):
            for name, target in files.items():
                store.copy(index, name, target.handle)
            shard = store.summary(index)
            summary.articles += shard["articles"]
            summary.counts.update(shard["counts"])
            summary.stage_seconds.update(shard["stage_seconds"])
            for stage, mb in shard.get("peak_rss_mb", {}).items():
                summary.stage_peak_rss[stage] = max(mb, summary.stage_peak_rss.get(stage, 0))
            signature = signature or shard["signature"]
        for f in files.values():
            f.commit()
    except BaseException:
        for f in files.values():
            f.abort()
        raise
    return summary, signature


def _records(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def emit_corpus(out: Path, cfg: EmitConfig, signature: str) -> Counter:
    """The parallel corpus from articles.jsonl in two streaming passes (decide, then write), so memory does not
    grow with the corpus: parallel.tsv, .ko, .en, .tmx and dataset/."""
    source = out / "articles.jsonl"
    corpus = CorpusFilter(cfg)
    for record in _records(source):
        for row in segment_rows(record):
            corpus.add(row)

    def kept() -> Iterator[ParallelRow]:
        return corpus.kept_rows(row for record in _records(source) for row in segment_rows(record))

    write_corpus(kept(), out, signature)
    digest = hashlib.sha256(signature.encode())
    with (out / "parallel.tsv").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    write_dataset(kept, out, signature, fingerprint=digest.hexdigest()[:16])
    return corpus.counts


class PairWorker:
    """The stages for article pairs as one worker holds them: page processor, aligner and QE with their models,
    loaded once and reused for every pair. `shard` runs a list of tasks and returns what they produced; it never
    raises for one pair's sake: an unexpected error becomes that pair's line in errors.jsonl."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.processor = PageProcessor(cfg)
        self.aligner = make_aligner(cfg)
        self.estimator = make_estimator(cfg, self.aligner)

    @cached_property
    def signature(self) -> str:
        """The run signature every record carries (the same for all: worked out once, not per pair)."""
        return run_signature(self.cfg, self.aligner, self.estimator)

    def shard(self, tasks: list[PairTask]) -> ShardResult:
        result = ShardResult()
        before = model_counts(self.estimator)
        for task in tasks:
            if self.aligner is not None:
                self.aligner.encoder.clear()  # a pair's vectors must not depend on the pairs this worker saw before
            try:
                record = _process_pair(task, self.processor, self.aligner, self.estimator, self.signature, result)
            except Exception as exc:  # a bug must cost one pair, not the run
                _report(Rejected(f"{task.ko.source} + {task.en.source}", "internal",
                                 f"unexpected {type(exc).__name__}: {exc}"), result)
                result.counts["error/internal"] += 1
                continue
            if record is not None:
                result.add_article(record, flagged_lines(record))
        after = model_counts(self.estimator)
        result.counts.update({k: v - before.get(k, 0) for k, v in after.items()})
        return result


def make_aligner(cfg: Config) -> SentenceAligner | None:
    """The aligner with its encoder (loaded on first use; identical texts of a pair encoded once)."""
    if "align" not in cfg.stages:
        return None
    return SentenceAligner(cfg.align, CachedEncoder(load_encoder(cfg.align.encoder)))


def make_estimator(cfg: Config, aligner: SentenceAligner | None) -> QualityEstimator | None:
    """The QE stage, sharing the aligner's encoder (and its cache); it scores aligned segments, so it needs them."""
    if "qe" not in cfg.stages or aligner is None:
        return None
    return estimator_for(cfg.qe, aligner.encoder)


def estimator_for(qe: QEConfig, encoder) -> QualityEstimator:
    """The estimator with the MT model and QE model its config names (`--mt`, `--qe-model`), if any."""
    translator = quality_model = None
    mt, m = qe.mt, qe.model
    try:
        if mt.model:
            translator = load_translator(mt.model, cache=mt.cache or None, beam_size=mt.beam_size,
                                         max_length=mt.max_length, batch_size=mt.batch_size,
                                         device=mt.device or None, dtype=mt.dtype, src_lang=mt.src_lang,
                                         tgt_lang=mt.tgt_lang)
            translator.signature()  # loads it now: a model that cannot load stops the run before any page
        if m.model:
            quality_model = load_quality_model(m.model, batch_size=m.batch_size, max_length=m.max_length,
                                               device=m.device or None, dtype=m.dtype)
            quality_model.signature()
    except (ImportError, OSError, ValueError) as exc:
        raise ConfigError(f"cannot use the model: {exc}") from exc
    return QualityEstimator(qe, encoder, translator, quality_model)


def check_models(qe: QEConfig) -> None:
    """The models the config names can be loaded (their configs are read, not their weights): a bad path stops the
    run here, before any page and before any worker starts."""
    try:
        if qe.mt.model:
            check_seq2seq(qe.mt.model)
        if qe.model.model:
            check_sequence_classifier(qe.model.model)
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"cannot use the model: {exc}") from exc


def model_counts(estimator: QualityEstimator | None) -> dict[str, int]:
    """How many sentences the MT model translated in this run and how many came from its cache."""
    if estimator is None or estimator.translator is None:
        return {}
    stats = estimator.translator.stats
    return {"mt/translated": stats.translated, "mt/cached": stats.cached}


def flagged_lines(record: dict) -> list[dict]:
    """One review line per flagged segment of an article record: both sides' text, the flags, their spans."""
    lines = []
    for seg in record.get("alignment", []):
        if not seg.get("flags"):
            continue
        ko, en = segment_texts(record, seg)
        lines.append({"id": record["id"], "role": seg["role"], "ko": seg["ko"], "en": seg["en"], "ko_text": ko,
                      "en_text": en, "score": seg["score"], "label": seg["label"], "flags": seg["flags"]})
    return lines


def _process_pair(task: PairTask, processor: PageProcessor, aligner: SentenceAligner | None,
                  estimator: QualityEstimator | None, signature: str, result: ShardResult) -> dict | None:
    pair = task.pair
    sides: dict[str, PageResult] = {}
    for lang, locator in (("ko", task.ko), ("en", task.en)):
        raw = locator.read(processor.cfg.ingest.max_page_bytes)
        if isinstance(raw, Rejected):
            sides[lang] = PageResult(locator.source, None, problems=[raw])
        else:
            if raw.declared_lang is None:
                raw = RawPage(raw.source, raw.data, raw.url, raw.declared_charset, lang, raw.kind)
            started = time.perf_counter()
            sides[lang] = processor(raw)
            result.timed("read+clean+segment", started)
        for problem in sides[lang].problems:
            _report(problem, result)
            result.counts[f"{problem.level}/{problem.stage}"] += 1
    if any(side.article is None for side in sides.values()):
        failed = [lang for lang, side in sides.items() if side.article is None]
        other = {"ko": "en", "en": "ko"}
        for lang in failed:
            if sides[other[lang]].article is not None:
                _report(Rejected(sides[other[lang]].source, "pair",
                                 f"left out: its partner {sides[lang].source} could not be processed"), result)
        result.counts["rejected/pairs"] += 1
        return None
    record = {
        "id": pair.id,
        "ko": article_json(sides["ko"].article, sides["ko"].sha256),
        "en": article_json(sides["en"].article, sides["en"].sha256),
    }
    if aligner is not None:
        started = time.perf_counter()
        segments = aligner(sides["ko"].article, sides["en"].article)
        result.timed("align", started)
        similarity = pair_similarity(segments)
        floor = processor.cfg.align.min_pair_similarity
        if similarity is None or similarity < floor:
            what = ("no body sentences align" if similarity is None
                    else f"their aligned sentences score {similarity:.2f}")
            _report(Rejected(f"{pair.ko} + {pair.en}", "align", (
                f"the English page does not read as a translation of the Korean one: {what} "
                f"(align.min_pair_similarity is {floor:g})")), result)
            result.counts["rejected/unrelated"] += 1
            return None
        if estimator is None:
            record["alignment"] = [{"role": s.role, "ko": list(s.ko), "en": list(s.en), "score": s.score}
                                   for s in segments]
        else:
            started = time.perf_counter()
            scored = estimator(sides["ko"].article, sides["en"].article, segments, role_sentences)
            result.timed("qe", started)
            record["alignment"] = [s.as_dict() for s in scored]
            record["qe"] = article_summary(scored)
    return {
        **record,
        "provenance": {
            "newsbitext": __version__,
            "config": processor.cfg.signature(),
            "signature": signature,
            "inputs": {lang: {"source": s.source, "sha256": s.sha256, "encoding": s.encoding}
                       for lang, s in sides.items()},
            "site_profiles": {lang: _profile_version(s.article) for lang, s in sides.items()},
        },
    }


def run_signature(cfg: Config, aligner: SentenceAligner | None, estimator: QualityEstimator | None = None) -> str:
    """What produced the output, in one line: stages, encoder, aligner and QE settings, version."""
    parts = [f"stages:{'+'.join(cfg.stages)}"]
    if aligner is not None:
        parts.append(f"enc:{aligner.encoder.signature()}")
        parts.append(cfg.align.signature().split("|", 1)[1])
    if estimator is not None:
        parts.append(estimator.signature())
    return "|".join([*parts, f"v:{__version__}"])


@dataclass
class QESummary:
    lines: int = 0
    written: int = 0
    flagged: int = 0
    malformed: int = 0


def qe_tsv(source: TextIO, sink: TextIO, estimator: QualityEstimator, min_score: float | None = None,
           drop_flagged: bool = False, batch: int = 256, where: str = "-") -> QESummary:
    """Score a `ko<TAB>en` corpus line by line, in batches, and write each kept line back with score, label and
    flags (JSON) appended, as bicleaner does. A line without two columns is reported on stderr and skipped."""
    summary = QESummary()

    def flush(rows: list[tuple[str, str, str]]) -> None:
        sims = estimator.similarities([ko for _, ko, _ in rows], [en for _, _, en in rows])
        pairs = estimator.enrich([SegmentPair("body", ko, en, sim)
                                  for (_, ko, en), sim in zip(rows, sims, strict=True)])
        for (line, _, _), pair in zip(rows, pairs, strict=True):
            score, label, flags = estimator.score_pair(pair)
            summary.flagged += bool(flags)
            if (min_score is not None and score < min_score) or (drop_flagged and flags):
                continue
            cells = json.dumps([{k: v for k, v in f.as_dict().items() if k != "check"} for f in flags],
                               ensure_ascii=False)
            sink.write(f"{line}\t{score:.4f}\t{label}\t{cells}\n")
            summary.written += 1

    rows: list[tuple[str, str, str]] = []
    for number, raw in enumerate(source, 1):
        line = raw.rstrip("\r\n")
        summary.lines += 1
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
            summary.malformed += 1
            print(f"newsbitext: warning: {where}:{number}: expected `ko<TAB>en`, skipped", file=sys.stderr)
            continue
        rows.append((line, cols[0].strip(), cols[1].strip()))
        if len(rows) >= batch:
            flush(rows)
            rows = []
    if rows:
        flush(rows)
    return summary


TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def write_corpus(rows: Iterable[ParallelRow], out: Path, signature: str) -> None:
    """parallel.tsv (ko, en, score), Moses-style parallel.ko / parallel.en, and parallel.tmx (TMX 1.4, one <tu>
    per pair with its article, role, score, label, flag types and duplicate count as <prop>s), in one streaming
    pass, all atomically."""
    files = {name: AtomicFile(out / name, binary=name.endswith(".tmx"))
             for name in ("parallel.tsv", "parallel.ko", "parallel.en", "parallel.tmx")}
    try:
        tsv, ko, en = files["parallel.tsv"].handle, files["parallel.ko"].handle, files["parallel.en"].handle
        with _tmx_body(files["parallel.tmx"].handle, signature) as tmx:
            for n, row in enumerate(rows, 1):
                ko_text, en_text = _one_line(row.ko), _one_line(row.en)
                tsv.write(f"{ko_text}\t{en_text}\t{row.score:.4f}\n")
                ko.write(ko_text + "\n")
                en.write(en_text + "\n")
                tmx.write(_tu(row, n))
        for f in files.values():
            f.commit()
    except BaseException:
        for f in files.values():
            if not f.handle.closed:
                f.abort()
        raise


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


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
             "x-flags": ",".join(f["type"] for f in row.flags), "x-duplicates": str(row.duplicates)}
    for key, value in props.items():
        prop = etree.SubElement(tu, "prop", type=key)
        prop.text = value
    for lang, text in (("ko", row.ko), ("en", row.en)):
        tuv = etree.SubElement(tu, "tuv")
        tuv.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
        etree.SubElement(tuv, "seg").text = text
    return tu


def write_manifest(out: Path, cfg: Config, summary: RunSummary, signature: str) -> None:
    """manifest.json: what ran, on what settings, how many of everything came out, and how long it took."""
    manifest = {
        "newsbitext": __version__, "signature": signature, "config": cfg.signature(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pairs": summary.pairs, "articles": summary.articles, "seconds": round(summary.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in summary.stage_seconds.items()},
        "stage_peak_rss_mb": {k: round(v) for k, v in summary.stage_peak_rss.items()},
        "counts": dict(sorted(summary.counts.items())),
        "files": sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir() if not p.name.startswith(".")),
    }
    target = AtomicFile(out / "manifest.json")
    target.handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    target.commit()


PARQUET_SHARD_ROWS = 100_000


def write_dataset(rows: Callable[[], Iterable[ParallelRow]], out: Path, signature: str,
                  fingerprint: str | None = None) -> None:
    """`dataset/`: the corpus as a Hugging Face dataset (`datasets.load_from_disk`), typed, with the provenance of
    every pair, and the same rows as Parquet shards in `dataset/parquet/` (`load_dataset("parquet", ...)`,
    pyarrow). `rows` gives the pairs afresh on each call; they stream into Arrow files on disk, never all in
    memory. `fingerprint` (what the rows hash to) keeps the dataset's files the same for the same rows. Built beside
    the old one and swapped in whole."""
    import datasets

    datasets.disable_progress_bars()  # the run has its own
    features = datasets.Features({
        "ko": datasets.Value("string"), "en": datasets.Value("string"), "score": datasets.Value("float32"),
        "label": datasets.Value("string"), "flags": datasets.Sequence(datasets.Value("string")),
        "article": datasets.Value("string"), "role": datasets.Value("string"),
        "ko_index": datasets.Sequence(datasets.Value("int32")), "en_index": datasets.Sequence(datasets.Value("int32")),
        "duplicates": datasets.Value("int32"), "ko_url": datasets.Value("string"), "en_url": datasets.Value("string"),
        "ko_sha256": datasets.Value("string"), "en_sha256": datasets.Value("string"),
    })
    def examples() -> Iterator[dict]:
        for row in rows():
            yield {"ko": row.ko, "en": row.en, "score": row.score, "label": row.label,
                   "flags": [f["type"] for f in row.flags], "article": row.article, "role": row.role,
                   "ko_index": list(row.ko_index), "en_index": list(row.en_index), "duplicates": row.duplicates,
                   **{name: row.sources.get(name, "") for name in ("ko_url", "en_url", "ko_sha256", "en_sha256")}}

    info = datasets.DatasetInfo(description=f"newsbitext parallel corpus, ko-en. {signature}", features=features)
    tmp = Path(tempfile.mkdtemp(prefix=".dataset.", dir=out))
    try:
        dataset = datasets.Dataset.from_dict({name: [] for name in features}, features=features, info=info)
        if next(iter(rows()), None) is not None:
            dataset = datasets.Dataset.from_generator(examples, features=features, cache_dir=str(tmp / "cache"),
                                                      fingerprint=fingerprint)
            dataset.info.description = info.description
        dataset.save_to_disk(str(tmp / "dataset"))
        shards = max(1, -(-len(dataset) // PARQUET_SHARD_ROWS))
        (tmp / "dataset" / "parquet").mkdir()
        for i in range(shards):
            shard = dataset.shard(num_shards=shards, index=i, contiguous=True)
            shard.to_parquet(str(tmp / "dataset" / "parquet" / f"train-{i:05d}-of-{shards:05d}.parquet"))
        target = out / "dataset"
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / "dataset", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_report(out: Path, signature: str | None = None) -> Path:
    """report.html from OUT/articles.jsonl, atomically; the run's signature in its header (read from
    manifest.json when not given)."""
    source = out / "articles.jsonl"
    if not source.is_file():
        raise InputError(f"{out}: no articles.jsonl to build a report from")
    manifest_path = out / "manifest.json"
    if signature is None and manifest_path.is_file():
        signature = json.loads(manifest_path.read_text("utf-8")).get("signature")
    target = AtomicFile(out / "report.html")
    write_report_html(lambda: _records(source), target.handle, signature or "")
    target.commit()
    return target.path


def _profile_version(article: SegmentedArticle | None) -> str | None:
    """The version of the site profile that cleaned a page (`asiae@1f2e3d4c5b`), from its extractor's name."""
    return _site_version(article.article.extractor.split("/")[0]) if article is not None else None


@cache
def _site_version(name: str) -> str | None:
    return load_profile(name).version if name in SITES else None
