"""The runner: plan -> shards -> executor -> merge -> write. It runs; it decides nothing about a page or a pair.

Room: running, the top of it. `run` plans the pairs (`run.plan`), cuts them into shards in input order, has the
executor's workers (`run.worker.PairWorker`) run the pipeline's stages over them into the shard store, merges the
stored shards in order into `articles.jsonl`, `flagged.jsonl` and `errors.jsonl`, and then has the emit stage
decide the corpus and the writers write it, the report and `manifest.json`. May import `run.*`, `io`,
`pipeline`, `records`, `stats`, `errors`, `faults`, `config`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from tqdm import tqdm

from .. import __version__
from ..config import Config, EmitConfig
from ..emit import CorpusFilter, ParallelRow, segment_rows
from ..errors import InputError, UsageError, lines_above, log, output_error, tell
from ..faults import moment
from ..io.articles import read_articles
from ..io.dataset import write_dataset
from ..io.report import write_report_html
from ..io.spool import SPOOL, remove_spool
from ..io.writers import (
    COMPRESSIONS,
    CORPUS_FORMATS,
    AtomicFile,
    atomic_files,
    corpus_names,
    error_json,
    file_digest,
    rewrite_manifest,
    sha256_of,
    write_corpus,
    write_manifest,
    write_pairs_tsv,
)
from ..pipeline import Pipeline, check_models, corpus_filter
from ..records import Rejected
from ..stats import Stats, peak_rss_mb
from .executors import DEFAULT_SHARD_SIZE, Executor, LocalExecutor
from .plan import plan_run
from .store import ShardStore, debug_entry
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
        shard_size: int | None = None, overwrite: bool = False, compress: str | None = None) -> RunSummary:
    """The whole pipeline over `inputs` into `out`. With `resume`, the shards an interrupted run finished are
    kept; the outputs are the same either way, and do not depend on the executor or its number of workers. An
    `out` holding an earlier run's outputs is refused unless `resume` (that run was interrupted) or `overwrite`
    (they are removed first). `compress` ("gzip" or "zstd") writes the corpus files compressed
    (`parallel.tsv.gz`, ...).

    A run is a transaction on `out`: it holds `out/.lock` (a second run into the same folder is refused with the
    holder's pid), removes what killed runs left behind, and writes `manifest.json` last, naming every output with
    its size and SHA-256, so a folder without a manifest holds no finished run and readers trust only what the
    manifest names. A write that fails (a full disk, a read-only file system) ends the run with one line naming
    the path, and the finished shards stay for `--resume`."""
    check_models(cfg.qe)
    check_out(out)
    try:
        with OutLock(out):
            finished = prepare_out(out, resume, overwrite)
            return _run_locked(inputs, out, cfg, pairs_manifest, progress, executor, resume, shard_size, finished,
                               compress)
    except OSError as exc:
        raise output_error(out, exc) from exc


def _run_locked(inputs: Iterable[str | Path], out: Path, cfg: Config, pairs_manifest: Path | None, progress: bool,
                executor: Executor | None, resume: bool, shard_size: int | None, finished: bool,
                compress: str | None = None) -> RunSummary:
    executor = executor or LocalExecutor()
    plan = plan_run(inputs, cfg, pairs_manifest, executor, exclude=out, spool=out / SPOOL)
    tasks, problems = plan.tasks, plan.problems
    shard_size = shard_size or auto_shard_size(len(tasks))
    shards = [tasks[i:i + shard_size] for i in range(0, len(tasks), shard_size)]
    key = run_key(cfg, tasks, shard_size, compress)
    if finished:
        return finished_already(out, key)
    store = ShardStore(out)
    store.open(key, resume)
    moment("run planned")
    if plan.by_content:
        write_pairs_tsv(out / "pairs.tsv", plan.by_content)
    started = time.perf_counter()
    for problem in problems:
        tell(problem)
    todo = [(i, shard) for i, shard in enumerate(shards) if i not in store.done()]
    log.debug(f"planned {len(tasks)} article pair(s) in {len(shards)} shard(s) of up to {shard_size}, "
              f"{len(problems)} input problem(s); {len(todo)} shard(s) to run on {executor.workers} worker(s)")
    bar = tqdm(total=len(tasks), initial=len(tasks) - sum(len(s) for _, s in todo), desc="article pairs",
               unit="pair", disable=not progress, file=sys.stderr)
    if todo:  # until the first shard is in, the workers are loading their models: say so, not a bar stuck at 0
        bar.set_postfix_str(f"starting {min(executor.workers, len(todo))} worker(s), loading models")

    def done(index: int, pairs: int) -> None:
        for problem in store.problems(index):
            tell(problem)
        bar.set_postfix_str("")
        bar.update(pairs)
        log.debug(f"shard {index} done ({pairs} pair(s))")

    with bar, lines_above(bar):
        executor.run(partial(PairWorker, cfg), todo, store, done)
    summary, signature = merge_shards(store, len(shards), out, problems)
    summary.pairs = len(tasks)
    signature = signature or Pipeline(cfg, upto="align").signature  # no article came out: no models to name
    corpus = corpus_filter(cfg)
    if corpus is not None:
        emitted = time.perf_counter()
        counts = emit_corpus(out, corpus, signature, compress)
        summary.stats.counts.update({f"corpus/{k}": v for k, v in counts.items()})
        summary.stats.seconds["emit"] += time.perf_counter() - emitted
        summary.stats.peak_rss["emit (main process)"] = peak_rss_mb()
    if REPORT_NEEDS in cfg.stages:
        reported = time.perf_counter()
        write_report(out, signature)
        summary.stats.seconds["report"] += time.perf_counter() - reported
        summary.stats.peak_rss["report (main process)"] = peak_rss_mb()
    summary.seconds = time.perf_counter() - started
    log.debug("stage seconds (summed over workers): " + ", ".join(f"{k} {v:.1f}" for k, v in
                                                                  summary.stats.seconds.items()))
    moment("outputs written")
    write_manifest(out, {
        "newsbitext": __version__, "signature": signature, "config": cfg.signature(), "run": finished_key(key),
        "pairs": summary.pairs,
        "articles": summary.articles, "seconds": round(summary.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in summary.stats.seconds.items()},
        "stage_peak_rss_mb": {k: round(v) for k, v in summary.stats.peak_rss.items()},
        "counts": dict(sorted(summary.stats.counts.items())),
        **({"corpus": corpus_manifest(compress, corpus.cfg)} if corpus is not None else {})})
    store.close()
    remove_spool(out)
    return summary


OUTPUTS = frozenset({"articles.jsonl", "flagged.jsonl", "errors.jsonl", "debug.log", "dataset", "report.html",
                     "manifest.json", "pairs.tsv", "review.jsonl", ".work",
                     *(name for compress in (None, *COMPRESSIONS) for name in corpus_names(compress))})
MANIFEST = "manifest.json"  # written last: the mark of a finished run


class OutLock:
    """`OUT/.lock`, held (an exclusive `flock`) while a command writes into OUT. The kernel releases it when the
    process ends however it ends, so a killed command never leaves a live lock; the file holds the writer's pid for
    the refusal to name, and goes when the command ends (a lock taken on a file already unlinked is taken again)."""

    def __init__(self, out: Path) -> None:
        self.path = out / ".lock"
        self.fd: int | None = None

    def __enter__(self) -> OutLock:
        while self.fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise UsageError(f"{self.path.parent}: another newsbitext command (pid {holder}) is writing into "
                                 "this folder; wait for it to end, or give another folder") from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # its holder removed the file as we opened it: take the new one
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self.fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = None


def check_out(out: Path) -> None:
    """The output folder, made if need be and writable: a file given as `-o`, or a folder that cannot be made or
    written to, is refused before anything runs."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: is a file; -o names the folder the outputs go to")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(out, exc) from exc
    try:  # a file made and removed: a read-only file system, permissions and quotas as the writes will meet them
        fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise output_error(out, OSError(exc.errno, exc.strerror)) from exc


# What a killed command leaves in OUT: AtomicFile's `.NAME.XXXX.tmp`, write_dataset's `.dataset.XXXX/`, a finished
# run's shard store on its way out (`.work-done-PID/`), the spool of decompressed streams (`.spool/`, made afresh by
# each run: its files are named by their content, so a resumed run finds the same names).
_LEFTOVERS = (".*.tmp", ".dataset.*", ".work-done-*", SPOOL)


def clear_leftovers(out: Path) -> list[str]:
    """Remove the temporary files and folders killed commands left in OUT (only under the lock: no live command
    owns them then); their names."""
    removed = []
    for pattern in _LEFTOVERS:
        for path in out.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def prepare_out(out: Path, resume: bool, overwrite: bool) -> bool:
    """OUT holding no other run's outputs: a stale `pairs.tsv` or `parallel.tsv` beside new ones would be read as
    this run's. Called under the lock; the manifest goes first whenever outputs are about to be rewritten, so a
    kill at any later moment leaves a folder marked unfinished. True when `resume` finds a finished run (killed,
    if at all, while clearing up): whether it is this run is known once the run is planned."""
    clear_leftovers(out)
    earlier = sorted(p.name for p in out.iterdir() if p.name in OUTPUTS)
    if resume and MANIFEST in earlier and not (out / ".work" / "run.json").is_file():
        return True
    if resume:
        if earlier == [".work"] and not (out / ".work" / "run.json").is_file():
            shutil.rmtree(out / ".work")  # killed before its plan was stored: nothing to keep, start afresh
            return
        if earlier and not (out / ".work" / "run.json").is_file():
            raise UsageError(f"{out}: nothing to resume: no interrupted run is there (no .work/); give --overwrite to "
                             "run again into it")
        (out / MANIFEST).unlink(missing_ok=True)
        return False
    if earlier and not overwrite:
        raise UsageError(f"{out}: holds an earlier run's outputs ({', '.join(earlier)}); give --resume to finish "
                         "an interrupted run, --overwrite to replace it, or another folder")
    for name in sorted(earlier, key=lambda n: n != MANIFEST):
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        moment("earlier outputs removing")
    return False


def finished_key(key: dict) -> dict:
    """What of a run's key the manifest keeps: all but the shard size, which changes no output."""
    return {k: v for k, v in key.items() if k != "shard_size"}


def finished_already(out: Path, key: dict) -> RunSummary:
    """`--resume` where the run finished: nothing to do when it is this run (same inputs and settings) and OUT
    holds exactly the files its manifest names; refused otherwise, since resuming would mix two runs."""
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    found, key = manifest.get("run") or {}, finished_key(key)
    if found != key:
        changed = sorted(k for k in key if found.get(k) != key[k])
        raise UsageError(f"{out}: nothing to resume: the run there finished, with other {', '.join(changed)}; give "
                         "--overwrite to run again into it")
    named = {name.split("/", 1)[0] for name in manifest.get("outputs", {})}
    strangers = sorted(p.name for p in out.iterdir() if p.name in OUTPUTS and p.name not in named | {MANIFEST})
    if strangers:
        raise UsageError(f"{out}: nothing to resume: the run there finished, and {', '.join(strangers)} beside it "
                         "are not its own; give --overwrite to run again into it")
    finished_run(out, *manifest.get("outputs", {}))
    log.info(f"{out}: the run there had finished; nothing to resume")
    summary = RunSummary(pairs=manifest.get("pairs", 0), articles=manifest.get("articles", 0))
    summary.stats.counts.update(manifest.get("counts", {}))  # its problems counted as that run counted them
    return summary


def auto_shard_size(pairs: int) -> int:
    """About 64 shards for a small run (so every worker gets some), up to DEFAULT_SHARD_SIZE pairs a shard for a
    large one; a function of the number of pairs alone, so a resumed run cuts the same shards."""
    return max(1, min(DEFAULT_SHARD_SIZE, -(-pairs // 64)))


def run_key(cfg: Config, tasks: list[PairTask], shard_size: int, compress: str | None = None) -> dict:
    """What a resumed run must share with the interrupted one: settings, version, the pairs and their files."""
    digest = hashlib.sha256()
    for task in tasks:
        for part in (task.pair.id, task.ko.source, task.en.source):
            digest.update(part.encode() + b"\0")
    files = sorted({loc.path for t in tasks for loc in (t.ko, t.en)})
    for name in files:
        if Path(name).parent.name == SPOOL:  # named by its content: the name says it all
            digest.update(Path(name).name.encode())
            continue
        try:
            stat = os.stat(name)
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"{name}:missing".encode())
    return {"newsbitext": __version__, "config": cfg.signature(), "pairs": len(tasks), "inputs": digest.hexdigest(),
            "shard_size": shard_size, **({"compress": compress} if compress else {})}


def merge_shards(store: ShardStore, n_shards: int, out: Path, problems: list[Rejected]) -> tuple[RunSummary, str]:
    """articles.jsonl, flagged.jsonl and errors.jsonl from the stored shards, in input order, atomically, and
    debug.log with the tracebacks of internal errors when there were any; the shards' counts and stage times
    summed, and the run's signature as the workers had it."""
    summary, signature = RunSummary(), ""
    with atomic_files(out, ("articles.jsonl", "flagged.jsonl", "errors.jsonl", "debug.log")) as files:
        for problem in problems:
            files["errors.jsonl"].handle.write(json.dumps(error_json(problem), ensure_ascii=False) + "\n")
            if problem.debug:
                files["debug.log"].handle.write(debug_entry(problem) + "\n")
        summary.stats.counts["rejected/read+pair"] += len(problems)
        for index in range(n_shards):
            for name, target in files.items():
                store.copy(index, name, target.handle)
            moment("merging shards")
            shard = store.summary(index)
            summary.articles += shard.articles
            summary.stats += shard.stats
            signature = signature or shard.signature
        if not files["debug.log"].handle.tell():
            files.pop("debug.log").abort()
            (out / "debug.log").unlink(missing_ok=True)
    return summary, signature


def emit_corpus(out: Path, corpus: CorpusFilter, signature: str, compress: str | None = None) -> dict[str, int]:
    """The parallel corpus from articles.jsonl in two streaming passes (the emit stage decides, then the writers
    write), so memory does not grow with the corpus: parallel.tsv, .ko, .en, .tmx (compressed with `compress`
    when given) and dataset/."""
    source = out / "articles.jsonl"
    for pair in read_articles(source):
        for row in segment_rows(pair):
            corpus.add(row)

    def kept() -> Iterator[ParallelRow]:
        return corpus.kept_rows(row for pair in read_articles(source) for row in segment_rows(pair))

    write_corpus(kept(), out, signature, compress)
    digest = sha256_of(out / corpus_names(compress)[0], hashlib.sha256(signature.encode()))
    write_dataset(kept, out, signature, fingerprint=digest.hexdigest()[:16])
    return corpus.counts


def corpus_manifest(compress: str | None, emit: EmitConfig) -> dict:
    """What the manifest says of the corpus: its files' names, compression and formats, and the emit settings that
    chose its pairs (what `newsbitext review` rebuilds it with)."""
    return {"files": list(corpus_names(compress)), "compression": compress or "none", "emit": asdict(emit),
            "formats": {name + (COMPRESSIONS[compress] if compress else ""): text
                        for name, text in CORPUS_FORMATS.items()}}


def finished_run(out: Path, *names: str) -> dict:
    """OUT's manifest, once the files `names` are checked against it: readers trust only a finished run's files
    (no manifest: the run there was interrupted; a file that does not match: another command wrote it)."""
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        resume = " (finish it with `newsbitext run ... --resume`)" if (out / ".work" / "run.json").is_file() else ""
        raise InputError(f"{out}: holds no finished run: there is no {MANIFEST}{resume}")
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
        outputs = manifest["outputs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{manifest_path}: not a manifest newsbitext wrote ({type(exc).__name__}); run again with "
                         "--overwrite") from exc
    for name in names:
        path = out / name
        if name not in outputs or not path.is_file() or file_digest(path) != outputs[name]:
            raise InputError(f"{path}: does not match {manifest_path} (changed or written by another command "
                             "since the run); run again with --overwrite")
    return manifest


def write_report(out: Path, signature: str | None = None) -> Path:
    """report.html from OUT/articles.jsonl, atomically; the run's signature in its header. Without `signature`
    (`newsbitext report OUT`), OUT must hold a finished run whose articles.jsonl matches its manifest, and the
    command holds OUT's lock while it writes."""
    source = out / "articles.jsonl"
    if signature is None:
        if not out.is_dir():
            raise InputError(f"{out}: no such folder")
        with OutLock(out):
            manifest = finished_run(out, "articles.jsonl")
            path = _write_report_html(out, source, manifest.get("signature") or "")
            manifest["outputs"]["report.html"] = file_digest(path)
            if "report.html" not in manifest["files"]:
                manifest["files"] = sorted([*manifest["files"], "report.html"])
            rewrite_manifest(out, manifest)
            return path
    return _write_report_html(out, source, signature)


def _write_report_html(out: Path, source: Path, signature: str) -> Path:
    target = AtomicFile(out / "report.html")
    try:
        write_report_html(lambda: read_articles(source), target.handle, signature)
    except BaseException:
        target.abort()
        raise
    target.commit()
    return target.path
