"""Executors: who runs the workers, and where. The one place the package starts processes or Ray actors.

Room: running. An executor is given a worker factory (a picklable callable, `functools.partial(PairWorker, cfg)`)
and never knows what the worker does: `run` has workers process the shards of a run into the shard store,
`map` has them turn chunks of work into results in order (content pairing's pages). Three places a worker can
be: this process (one worker), a pool of local processes that each build their worker once (`LocalExecutor`), or
Ray actors through Ray Data (`RayExecutor`). Every worker has one BLAS thread: N workers on N cores. May import
`errors`, `run.store`.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from threadpoolctl import threadpool_limits

from ..errors import WorkerDied
from .store import ShardResult, ShardStore

Shard = tuple[int, list]  # (index, tasks)
Done = Callable[[int, int], None]  # (shard index, tasks in it): called as each shard is stored
DEFAULT_SHARD_SIZE = 50


class Executor(Protocol):
    workers: int

    def run(self, factory: Callable[[], Any], shards: list[Shard], store: ShardStore, done: Done) -> None: ...

    def map(self, factory: Callable[[], Any], chunks: Sequence[Any]) -> list[Any]: ...


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


_WORKER: Any = None


def _start_worker(factory: Callable[[], Any]) -> None:
    global _WORKER
    _WORKER = factory()


def _run_shard(index: int, tasks: list, root: str) -> tuple[int, int]:
    ShardStore(Path(root).parent).write(index, _WORKER.shard(tasks))
    return index, len(tasks)


def _map_one(chunk: Any) -> Any:
    return _WORKER(chunk)


class LocalExecutor:
    """Work over `workers` local processes (spawned, so no model or lock is inherited half-initialised), each
    building its worker once; a worker writes each finished shard to the store itself. One worker runs in this
    process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    @contextmanager
    def _pool(self, factory: Callable[[], Any], jobs: int) -> Iterator[ProcessPoolExecutor]:
        workers = min(self.workers, jobs)
        context = multiprocessing.get_context("spawn")
        with _one_thread_per_worker(workers), ProcessPoolExecutor(workers, mp_context=context,
                                                                  initializer=_start_worker,
                                                                  initargs=(factory,)) as pool:
            try:
                yield pool
            except BrokenProcessPool as exc:
                raise WorkerDied("a worker process died (killed, or out of memory: see the messages above); the "
                                 "shards finished so far are kept: run the same command with --resume") from exc

    def run(self, factory: Callable[[], Any], shards: list[Shard], store: ShardStore, done: Done) -> None:
        if not shards:
            return
        if min(self.workers, len(shards)) == 1:
            worker = factory()
            with threadpool_limits(limits=1, user_api="blas"):  # one worker, one core, as in worker processes
                for index, tasks in shards:
                    store.write(index, worker.shard(tasks))
                    done(index, len(tasks))
            return
        with self._pool(factory, len(shards)) as pool:
            futures = [pool.submit(_run_shard, index, tasks, str(store.root)) for index, tasks in shards]
            for future in as_completed(futures):
                done(*future.result())

    def map(self, factory: Callable[[], Any], chunks: Sequence[Any]) -> list[Any]:
        if min(self.workers, len(chunks)) <= 1 or len(chunks) < 4:  # starting processes costs more than a few chunks
            worker = factory()
            with threadpool_limits(limits=1, user_api="blas"):
                return [worker(chunk) for chunk in chunks]
        with self._pool(factory, len(chunks)) as pool:
            return list(pool.map(_map_one, chunks))


class RayWorker:
    """A Ray Data actor: the worker built once per actor; a batch row is one shard or one chunk, pickled."""

    def __init__(self, factory: Callable[[], Any], shards: bool) -> None:
        self.worker = factory()
        self.shards = shards

    def __call__(self, batch: dict) -> dict:
        results = []
        with threadpool_limits(limits=1, user_api="blas"):
            for blob in batch["work"]:
                work = pickle.loads(blob)
                results.append(pickle.dumps(self.worker.shard(work) if self.shards else self.worker(work)))
        return {"index": batch["index"], "result": results}


class RayExecutor:
    """The work as a Ray Dataset: read by `from_items`, processed by `map_batches` on `RayWorker` actors (one CPU
    each), written by Ray's Parquet writer under `OUT/.work/ray/`; the results are then stored as shards like any
    executor's, so merging, the corpus files and the report are the same code for both."""

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.address = address

    def _dataset(self, factory: Callable[[], Any], items: list[tuple[int, Any]], shards: bool):
        try:
            import ray
        except ImportError as exc:
            raise ImportError("--executor ray needs `pip install newsbitext[ray]`") from exc
        if not ray.is_initialized():
            ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        rows = [{"index": index, "work": pickle.dumps(work)} for index, work in items]
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows))
        return dataset.map_batches(RayWorker, fn_constructor_kwargs={"factory": factory, "shards": shards},
                                   batch_size=1, concurrency=min(self.workers, len(rows)), num_cpus=1)

    def run(self, factory: Callable[[], Any], shards: list[Shard], store: ShardStore, done: Done) -> None:
        if not shards:
            return
        import pyarrow.parquet as pq

        written = store.root / "ray"
        shutil.rmtree(written, ignore_errors=True)
        self._dataset(factory, shards, shards=True).write_parquet(str(written))
        sizes = {index: len(tasks) for index, tasks in shards}
        for path in sorted(written.glob("*.parquet")):
            for row in pq.read_table(path).to_pylist():
                result: ShardResult = pickle.loads(row["result"])
                store.write(row["index"], result)
                done(row["index"], sizes[row["index"]])
        shutil.rmtree(written, ignore_errors=True)

    def map(self, factory: Callable[[], Any], chunks: Sequence[Any]) -> list[Any]:
        if not chunks:
            return []
        rows = self._dataset(factory, list(enumerate(chunks)), shards=False).take_all()
        return [pickle.loads(row["result"]) for row in sorted(rows, key=lambda row: row["index"])]
