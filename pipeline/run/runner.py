"""The runner: plan -> shards -> executor -> merge -> write. It runs; it decides nothing about a page or a pair.

Room: running, the top of it. `run` plans the pairs (`run.plan`), cuts them into shards in input order, has the
executor's workers (`run.worker.PairWorker`) run the pipeline's stages over them into the shard store, merges the
stored shards in order into `articles.jsonl`, `flagged.jsonl` and `errors.jsonl`, and then has the emit stage
decide the corpus and the writers write it, the report and `manifest.json`. May import `run.*`, `io`,
`pipeline`, `records`, `stats`, `errors`, `config`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from .. import __version__
from ..config import Config
from ..emit import CorpusFilter, ParallelRow, segment_rows
from ..errors import InputError, UsageError, tell
from ..io.articles import read_articles
from ..io.dataset import write_dataset
from ..io.report import write_report_html
from ..io.writers import AtomicFile, atomic_files, error_json, write_corpus, write_manifest, write_pairs_tsv
from ..pipeline import Pipeline, check_models, corpus_filter
from ..records import Rejected
from ..stats import Stats, peak_rss_mb
from .executors import DEFAULT_SHARD_SIZE, Executor, LocalExecutor
from .plan import plan_run
from .store import ShardStore
from .tasks import PairTask
from .worker import PairWorker

REPORT_NEEDS = "qe"  # the report shows QE's scores and flags


@dataclass
class RunSummary:
    pairs: int = 0
    articles: int = 0
    stats: Stats = field(default_factory=Stats)  # stage seconds summed over workers; peaks per process
    seconds: float = 0.0


def run(inputs: Iterable[str | Path], out: Path, cfg: Config, pairs_manifest: Path | None = None,
        progress: bool = True, executor: Executor | None = None, resume: bool = False,
        shard_size: int | None = None, overwrite: bool = False) -> RunSummary:
    """The whole pipeline over `inputs` into `out`. With `resume`, the shards an interrupted run finished are
    kept; the outputs are the same either way, and do not depend on the executor or its number of workers. An
    `out` holding an earlier run's outputs is refused unless `resume` (that run was interrupted) or `overwrite`
    (they are removed first)."""
    check_models(cfg.qe)
    prepare_out(out, resume, overwrite)
    executor = executor or LocalExecutor()
    plan = plan_run(inputs, cfg, pairs_manifest, executor)
    tasks, problems = plan.tasks, plan.problems
    if plan.by_content:
        write_pairs_tsv(out / "pairs.tsv", plan.by_content)
    shard_size = shard_size or auto_shard_size(len(tasks))
    shards = [tasks[i:i + shard_size] for i in range(0, len(tasks), shard_size)]
    store = ShardStore(out)
    store.open(run_key(cfg, tasks, shard_size), resume)
    started = time.perf_counter()
    for problem in problems:
        tell(problem)
    todo = [(i, shard) for i, shard in enumerate(shards) if i not in store.done()]
    bar = tqdm(total=len(tasks), initial=len(tasks) - sum(len(s) for _, s in todo), desc="article pairs",
               unit="pair", disable=not progress, file=sys.stderr)

    def done(index: int, pairs: int) -> None:
        for problem in store.problems(index):
            tell(problem)
        bar.update(pairs)

    with bar:
        executor.run(partial(PairWorker, cfg), todo, store, done)
    summary, signature = merge_shards(store, len(shards), out, problems)
    summary.pairs = len(tasks)
    signature = signature or Pipeline(cfg, upto="align").signature  # no article came out: no models to name
    corpus = corpus_filter(cfg)
    if corpus is not None:
        emitted = time.perf_counter()
        summary.stats.counts.update({f"corpus/{k}": v for k, v in emit_corpus(out, corpus, signature).items()})
        summary.stats.seconds["emit"] += time.perf_counter() - emitted
        summary.stats.peak_rss["emit (main process)"] = peak_rss_mb()
    if REPORT_NEEDS in cfg.stages:
        reported = time.perf_counter()
        write_report(out, signature)
        summary.stats.seconds["report"] += time.perf_counter() - reported
        summary.stats.peak_rss["report (main process)"] = peak_rss_mb()
    summary.seconds = time.perf_counter() - started
    write_manifest(out, {
        "newsbitext": __version__, "signature": signature, "config": cfg.signature(), "pairs": summary.pairs,
        "articles": summary.articles, "seconds": round(summary.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in summary.stats.seconds.items()},
        "stage_peak_rss_mb": {k: round(v) for k, v in summary.stats.peak_rss.items()},
        "counts": dict(sorted(summary.stats.counts.items()))})
    store.close()
    return summary


OUTPUTS = frozenset({"articles.jsonl", "flagged.jsonl", "errors.jsonl", "parallel.tsv", "parallel.ko", "parallel.en",
                     "parallel.tmx", "dataset", "report.html", "manifest.json", "pairs.tsv", ".work"})


def prepare_out(out: Path, resume: bool, overwrite: bool) -> None:
    """The output folder, made if need be, writable, and holding no other run's outputs: a stale `pairs.tsv` or
    `parallel.tsv` beside new ones would be read as this run's."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file; -o names the folder the outputs go to")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"{out}: cannot write into the output folder (permission denied)")
    earlier = sorted(p.name for p in out.iterdir() if p.name in OUTPUTS)
    if resume:
        if earlier and not (out / ".work" / "run.json").is_file():
            raise UsageError(f"{out}: nothing to resume: the run there finished (no .work/ left); give --overwrite "
                             "to run again into it")
        return
    if earlier and not overwrite:
        raise UsageError(f"{out}: holds an earlier run's outputs ({', '.join(earlier)}); give --resume to finish "
                         "an interrupted run, --overwrite to replace it, or another folder")
    for name in earlier:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


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
    shards' counts and stage times summed, and the run's signature as the workers had it."""
    summary, signature = RunSummary(), ""
    with atomic_files(out, ("articles.jsonl", "flagged.jsonl", "errors.jsonl")) as files:
        for problem in problems:
            files["errors.jsonl"].handle.write(json.dumps(error_json(problem), ensure_ascii=False) + "\n")
        summary.stats.counts["rejected/read+pair"] += len(problems)
        for index in range(n_shards):
            for name, target in files.items():
                store.copy(index, name, target.handle)
            shard = store.summary(index)
            summary.articles += shard.articles
            summary.stats += shard.stats
            signature = signature or shard.signature
    return summary, signature


def emit_corpus(out: Path, corpus: CorpusFilter, signature: str) -> dict[str, int]:
    """The parallel corpus from articles.jsonl in two streaming passes (the emit stage decides, then the writers
    write), so memory does not grow with the corpus: parallel.tsv, .ko, .en, .tmx and dataset/."""
    source = out / "articles.jsonl"
    for pair in read_articles(source):
        for row in segment_rows(pair):
            corpus.add(row)

    def kept() -> Iterator[ParallelRow]:
        return corpus.kept_rows(row for pair in read_articles(source) for row in segment_rows(pair))

    write_corpus(kept(), out, signature)
    digest = hashlib.sha256(signature.encode())
    with (out / "parallel.tsv").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    write_dataset(kept, out, signature, fingerprint=digest.hexdigest()[:16])
    return corpus.counts


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
    try:
        write_report_html(lambda: read_articles(source), target.handle, signature or "")
    except BaseException:
        target.abort()
        raise
    target.commit()
    return target.path
