"""Executors: who runs the stages over the shards of a run, and where finished shards are kept.

The same `PairWorker.shard` does the work everywhere: in this process (`--workers 1`), in a pool of local
processes that each load the models once (`LocalExecutor`), or on a Ray cluster through Ray Data
(`RayExecutor`). Every finished shard is stored under `OUT/.work/` by renaming a complete folder into place, so a
run killed at any moment (SIGKILL included) loses at most the shards in flight; `--resume` skips the stored ones.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from threadpoolctl import threadpool_limits

if TYPE_CHECKING:
    from .config import Config
    from .runner import PairTask

Shard = tuple[int, list["PairTask"]]
SHARD_FILES = ("articles.jsonl", "flagged.jsonl", "errors.jsonl")
DEFAULT_SHARD_SIZE = 50


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)


class ResumeError(ValueError):
    """`--resume` on an output folder whose interrupted run had other inputs or settings."""


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its shard."""


@dataclass
class ShardResult:
    """What one shard produced: its lines of the three JSONL outputs, its counts and its stage times."""

    lines: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in SHARD_FILES})
    articles: int = 0
    counts: Counter = field(default_factory=Counter)
    stage_seconds: Counter = field(default_factory=Counter)
    peak_rss: dict[str, float] = field(default_factory=dict)  # stage -> this process's peak RSS (MB) after it
    signature: str = ""

    def timed(self, stage: str, started: float) -> None:
        """A stage ran from `started` until now: its time, and the peak memory the process has reached by now."""
        self.stage_seconds[stage] += time.perf_counter() - started
        self.peak_rss[stage] = peak_rss_mb()

    def write(self, error: dict) -> None:
        """One errors.jsonl line (the interface of the runner's error sink)."""
        self.lines["errors.jsonl"].append(json.dumps(error, ensure_ascii=False))

    def add_article(self, record: dict, flagged: list[dict]) -> None:
        self.lines["articles.jsonl"].append(json.dumps(record, ensure_ascii=False))
        self.lines["flagged.jsonl"] += [json.dumps(line, ensure_ascii=False) for line in flagged]
        self.counts["flagged/segments"] += len(flagged)
        self.articles += 1
        self.signature = self.signature or record["provenance"]["signature"]

    def summary(self) -> dict:
        return {"articles": self.articles, "counts": dict(self.counts), "signature": self.signature,
                "stage_seconds": {k: round(v, 6) for k, v in self.stage_seconds.items()},
                "peak_rss_mb": {k: round(v, 1) for k, v in self.peak_rss.items()}}


class ShardStore:
    """`OUT/.work/`: `run.json` (what the run is, for `--resume` to check) and one `shard-NNNNNN/` folder per
    finished shard holding its three JSONL files and `summary.json`, each folder renamed into place whole."""

    def __init__(self, out: Path) -> None:
        self.root = out / ".work"

    def open(self, key: dict, resume: bool) -> None:
        marker = self.root / "run.json"
        if resume and marker.is_file():
            found = json.loads(marker.read_text("utf-8"))
            if found != key:
                changed = sorted(k for k in key if found.get(k) != key[k])
                raise ResumeError(f"{self.root.parent}: cannot resume: the interrupted run had other "
                                  f"{', '.join(changed)}; run again without --resume to start over")
            return
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        tmp = self.root / ".run.json.tmp"
        tmp.write_text(json.dumps(key, indent=1), encoding="utf-8")
        os.replace(tmp, marker)

    def done(self) -> set[int]:
        return {int(p.name.split("-")[1]) for p in self.root.glob("shard-*") if p.is_dir()}

    def _folder(self, index: int) -> Path:
        return self.root / f"shard-{index:06d}"

    def write(self, index: int, result: ShardResult) -> None:
        tmp = Path(tempfile.mkdtemp(prefix=f".shard-{index:06d}.", dir=self.root))
        for name, lines in result.lines.items():
            _write_synced(tmp / name, "".join(line + "\n" for line in lines))
        _write_synced(tmp / "summary.json", json.dumps(result.summary(), ensure_ascii=False))
        os.replace(tmp, self._folder(index))
        _sync_dir(self.root)

    def copy(self, index: int, name: str, sink: TextIO) -> None:
        with (self._folder(index) / name).open(encoding="utf-8") as handle:
            shutil.copyfileobj(handle, sink)

    def summary(self, index: int) -> dict:
        return json.loads((self._folder(index) / "summary.json").read_text("utf-8"))

    def close(self) -> None:
        """The run is complete: its shards are merged into the outputs."""
        shutil.rmtree(self.root, ignore_errors=True)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Executor(Protocol):
    workers: int

    def run(self, cfg: Config, shards: list[Shard], store: ShardStore, done: Callable[[int], None]) -> None: ...


@contextmanager
def _one_thread_per_worker(workers: int) -> Iterator[None]:
    """Worker processes inherit one BLAS/OpenMP thread each: N workers on N cores, not N x N threads."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {n: os.environ.get(n) for n in names}
    if workers > 1:
        os.environ.update({n: "1" for n in names})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_WORKER = None


def _start_worker(cfg: Config) -> None:
    global _WORKER
    from .runner import PairWorker

    _WORKER = PairWorker(cfg)


def _run_shard(index: int, tasks: list[PairTask], root: str) -> int:
    store = ShardStore(Path(root).parent)
    store.write(index, _WORKER.shard(tasks))  # type: ignore[union-attr]
    return len(tasks)


class LocalExecutor:
    """Shards over `workers` local processes (spawned, so no model or lock is inherited half-initialised), each
    loading the encoder and models once; a worker writes each finished shard to the store itself. One worker runs
    in this process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def run(self, cfg: Config, shards: list[Shard], store: ShardStore, done: Callable[[int], None]) -> None:
        if not shards:
            return
        workers = min(self.workers, len(shards))
        if workers == 1:
            from .runner import PairWorker

            worker = PairWorker(cfg)
            with threadpool_limits(limits=1, user_api="blas"):  # one worker, one core, as in worker processes
                for index, tasks in shards:
                    store.write(index, worker.shard(tasks))
                    done(len(tasks))
            return
        context = multiprocessing.get_context("spawn")
        with _one_thread_per_worker(workers), ProcessPoolExecutor(workers, mp_context=context,
                                                                  initializer=_start_worker,
                                                                  initargs=(cfg,)) as pool:
            futures = [pool.submit(_run_shard, index, tasks, str(store.root)) for index, tasks in shards]
            try:
                for future in as_completed(futures):
                    done(future.result())
            except BrokenProcessPool as exc:
                raise WorkerDied("a worker process died (killed, or out of memory: see the messages above); the "
                                 "shards finished so far are kept: run the same command with --resume") from exc


class RayShardWorker:
    """A Ray Data actor: the stages loaded once per actor, one shard per batch row."""

    def __init__(self, cfg: Config) -> None:
        from .runner import PairWorker

        self.worker = PairWorker(cfg)

    def __call__(self, batch: dict) -> dict:
        out: dict[str, list] = {"shard": [], "summary": [], **{name: [] for name in SHARD_FILES}}
        for index, blob in zip(batch["shard"], batch["tasks"], strict=True):
            result = self.worker.shard(pickle.loads(blob))
            out["shard"].append(int(index))
            out["summary"].append(json.dumps(result.summary(), ensure_ascii=False))
            for name in SHARD_FILES:
                out[name].append("".join(line + "\n" for line in result.lines[name]))
        return out


class RayExecutor:
    """The shards as a Ray Dataset: read by `from_items`, processed by `map_batches` on `RayShardWorker` actors
    (one CPU each), written by Ray's Parquet writer under `OUT/.work/ray/`; the Parquet rows are then stored as
    shards like any executor's, so merging, the corpus files and the report are the same code for both."""

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.address = address

    def run(self, cfg: Config, shards: list[Shard], store: ShardStore, done: Callable[[int], None]) -> None:
        if not shards:
            return
        try:
            import pyarrow.parquet as pq
            import ray
        except ImportError as exc:
            raise ImportError("--executor ray needs `pip install newsbitext[ray]`") from exc
        if not ray.is_initialized():
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        items = [{"shard": index, "tasks": pickle.dumps(tasks)} for index, tasks in shards]
        dataset = ray.data.from_items(items, override_num_blocks=len(items))
        dataset = dataset.map_batches(RayShardWorker, fn_constructor_kwargs={"cfg": cfg}, batch_size=1,
                                      concurrency=min(self.workers, len(items)), num_cpus=1)
        written = store.root / "ray"
        shutil.rmtree(written, ignore_errors=True)
        dataset.write_parquet(str(written))
        sizes = {index: len(tasks) for index, tasks in shards}
        for path in sorted(written.glob("*.parquet")):
            for row in pq.read_table(path).to_pylist():
                summary = json.loads(row["summary"])
                result = ShardResult(lines={name: row[name].split("\n")[:-1] for name in SHARD_FILES},
                                     articles=summary["articles"], counts=Counter(summary["counts"]),
                                     stage_seconds=Counter(summary["stage_seconds"]),
                                     peak_rss=summary["peak_rss_mb"], signature=summary["signature"])
                store.write(row["shard"], result)
                done(sizes[row["shard"]])
        shutil.rmtree(written, ignore_errors=True)
