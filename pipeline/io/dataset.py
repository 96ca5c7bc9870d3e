"""`dataset/`: the parallel corpus as a Hugging Face dataset, with the same rows as Parquet shards.

Room: I/O. Reads typed rows (`emit.ParallelRow`), streams them into Arrow files on disk, swaps the folder in whole.
May import `emit` and `faults`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..emit import PAGE_SOURCE_FIELDS, ParallelRow
from ..faults import moment

PARQUET_SHARD_ROWS = 100_000


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError (a full disk, say) that `datasets` wrapped in its own error, so the run tells it as a write
    error with what to do rather than as a traceback."""
    while exc is not None and not isinstance(exc, OSError):
        exc = exc.__cause__ or exc.__context__
    return exc


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
        "duplicates": datasets.Value("int32"), **{name: datasets.Value("string") for name in PAGE_SOURCE_FIELDS},
    })
    def examples() -> Iterator[dict]:
        for row in rows():
            yield {"ko": row.ko, "en": row.en, "score": row.score, "label": row.label,
                   "flags": [f.type for f in row.flags], "article": row.article, "role": row.role,
                   "ko_index": list(row.ko_index), "en_index": list(row.en_index), "duplicates": row.duplicates,
                   **{name: row.sources.get(name, "") for name in PAGE_SOURCE_FIELDS}}

    info = datasets.DatasetInfo(description=f"newsbitext parallel corpus, ko-en. {signature}", features=features)
    tmp = Path(tempfile.mkdtemp(prefix=".dataset.", dir=out))
    try:
        dataset = datasets.Dataset.from_dict({name: [] for name in features}, features=features, info=info)
        if next(iter(rows()), None) is not None:
            try:
                dataset = datasets.Dataset.from_generator(examples, features=features, cache_dir=str(tmp / "cache"),
                                                          fingerprint=fingerprint)
            except datasets.exceptions.DatasetGenerationError as exc:
                raise _os_error(exc) or exc from exc
            dataset.info.description = info.description
        dataset.save_to_disk(str(tmp / "dataset"))
        shards = max(1, -(-len(dataset) // PARQUET_SHARD_ROWS))
        (tmp / "dataset" / "parquet").mkdir()
        for i in range(shards):
            shard = dataset.shard(num_shards=shards, index=i, contiguous=True)
            shard.to_parquet(str(tmp / "dataset" / "parquet" / f"train-{i:05d}-of-{shards:05d}.parquet"))
        target = out / "dataset"
        moment("dataset built")
        if target.exists():
            shutil.rmtree(target)
            moment("old dataset removed")
        os.replace(tmp / "dataset", target)
        moment("dataset in place")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
