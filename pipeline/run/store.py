"""`OUT/.work/`: the shard store that makes a run resumable.

Room: running. Each finished shard's result (its article pairs, its problems, its counts and times) is written
as a folder renamed into place whole, so a run killed at any moment (SIGKILL included) loses at most the shards in
flight; `--resume` keeps the stored ones. The files are the outputs' own JSON lines (`io/articles.py`), so merging
is copying. May import `records`, `stats`, `errors`, `faults` and `io`.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..errors import ResumeError
from ..faults import moment
from ..io.articles import flagged_json, pair_json, to_line
from ..io.writers import error_json
from ..records import ArticlePair, Rejected
from ..stats import Stats

SHARD_FILES = ("articles.jsonl", "flagged.jsonl", "errors.jsonl")


@dataclass
class ShardResult:
    """What one shard produced: its article pairs and its problems in input order, its counts and stage times,
    and the run's signature as its worker had it."""

    articles: list[ArticlePair] = field(default_factory=list)
    problems: list[Rejected] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    signature: str = ""

    def lines(self) -> dict[str, list[str]]:
        return {"articles.jsonl": [to_line(pair_json(a)) for a in self.articles],
                "flagged.jsonl": [to_line(line) for a in self.articles for line in flagged_json(a)],
                "errors.jsonl": [to_line(error_json(p)) for p in self.problems],
                "debug.log": [debug_entry(p) for p in self.problems if p.debug]}

    def summary(self) -> dict:
        return {"articles": len(self.articles), **self.stats.as_dict(), "signature": self.signature}


def debug_entry(problem: Rejected) -> str:
    """A problem's traceback as debug.log keeps it, under the input it belongs to."""
    return f"== {problem.source} ({problem.stage})\n{problem.debug.rstrip()}"


@dataclass
class StoredShard:
    """A finished shard as the store has it: its counts, times and signature (its lines stay on disk)."""

    articles: int
    stats: Stats
    signature: str


class ShardStore:
    """`OUT/.work/`: `run.json` (what the run is, for `--resume` to check) and one `shard-NNNNNN/` folder per
    finished shard holding its three JSONL files and `summary.json`."""

    def __init__(self, out: Path) -> None:
        self.root = out / ".work"

    def open(self, key: dict, resume: bool) -> None:
        marker = self.root / "run.json"
        if resume and marker.is_file():
            found = json.loads(marker.read_text("utf-8"))
            if found != key:
                changed = sorted(k for k in key if found.get(k) != key[k])
                raise ResumeError(f"{self.root.parent}: cannot resume: the interrupted run had other "
                                  f"{', '.join(changed)}; run again with --overwrite instead of --resume to start over")
            for partial in self.root.glob(".shard-*"):  # a shard a killed worker was writing
                shutil.rmtree(partial, ignore_errors=True)
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
        for name, lines in result.lines().items():
            _write_synced(tmp / name, "".join(line + "\n" for line in lines))
        _write_synced(tmp / "summary.json", json.dumps(result.summary(), ensure_ascii=False))
        moment("shard written")
        try:
            os.replace(tmp, self._folder(index))
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or not self._folder(index).is_dir():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # stored already, by a worker of a killed run: the same lines
        _sync_dir(self.root)
        moment("shard stored")

    def copy(self, index: int, name: str, sink: TextIO) -> None:
        path = self._folder(index) / name
        if name == "debug.log" and not path.is_file():
            return
        with path.open(encoding="utf-8") as handle:
            shutil.copyfileobj(handle, sink)

    def problems(self, index: int) -> Iterator[Rejected]:
        """A stored shard's problems, for telling them as the shard finishes, each with its traceback where it has
        one (debug.log's entry under its input)."""
        tracebacks = self._tracebacks(index)
        with (self._folder(index) / "errors.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                d = json.loads(line)
                yield Rejected(d["input"], d["stage"], d["reason"], d["level"],
                               debug=tracebacks.get((d["input"], d["stage"])))

    def _tracebacks(self, index: int) -> dict[tuple[str, str], str]:
        path = self._folder(index) / "debug.log"
        if not path.is_file():
            return {}
        found = {}
        for entry in path.read_text("utf-8").split("\n== "):
            head, _, body = entry.removeprefix("== ").partition("\n")
            source, _, stage = head.rpartition(" (")
            found[(source, stage.removesuffix(")"))] = body
        return found

    def summary(self, index: int) -> StoredShard:
        data = json.loads((self._folder(index) / "summary.json").read_text("utf-8"))
        return StoredShard(data["articles"], Stats.from_dict(data), data["signature"])

    def close(self) -> None:
        """The run is complete: its shards are merged into the outputs. The store is renamed away before it is
        removed, so a kill during the removal leaves a finished run (clear of it at the next command), never a
        half-removed store that `--resume` would read."""
        trash = self.root.with_name(f".work-done-{os.getpid()}")
        os.replace(self.root, trash)
        moment("shard store set aside")
        for path in sorted(trash.iterdir()):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            moment("shard store emptying")
        shutil.rmtree(trash, ignore_errors=True)


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
