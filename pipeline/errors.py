"""The errors a caller can act on, and the one way a problem is told to a person.

Room: shared by every layer. A stage never raises for bad input: it returns a `Rejected` (records.py). These
exceptions are for what stops a command before or while it runs: a bad config or model, an input that cannot be
used at all, a resume that does not match, a worker that died. The CLI turns them into exit codes. Imports only
`records`.
"""

from __future__ import annotations

import errno
import logging
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .records import Rejected

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from tqdm import tqdm

log = logging.getLogger("newsbitext")  # every line a command tells a person goes through it: -q and -v set its level


class ConfigError(ValueError):
    """A configuration file, site profile or model that cannot be used."""


class InputError(ValueError):
    """A command-line input that cannot be used at all (a missing manifest, a bad flag, an unreadable folder)."""


class UsageError(InputError):
    """A command that cannot be carried out as given (an output folder holding another run's files, `-o` naming a
    file): exit code 2, like a bad flag."""


class ResumeError(UsageError):
    """`--resume` on an output folder whose interrupted run had other inputs or settings."""


class OutputError(UsageError):
    """An output that cannot be written (disk full, read-only file system, no permission, a file where a folder
    should be): one line naming the path and what to do, exit code 2; the run stays resumable."""


# What to do about each kind of write error, by errno.
_WRITE_ADVICE = {
    errno.ENOSPC: "no space left on the device: free some space, then run the same command with --resume",
    errno.EDQUOT: "over the disk quota: free some space, then run the same command with --resume",
    errno.EFBIG: "the file is larger than this file system or process may write: write to another folder",
    errno.EROFS: "the file system is read-only: give -o a folder on a writable one",
    errno.EACCES: "permission denied: give -o a folder you can write to",
    errno.EPERM: "operation not permitted: give -o a folder you can write to",
    errno.ENOTDIR: "a part of the path is a file, not a folder: give -o a folder",
    errno.ENOENT: "its folder does not exist: create it, or give -o a path in one that does",
    errno.EISDIR: "a folder stands where an output file goes: remove it or give -o another folder",
}


def output_error(path: Path, exc: OSError) -> OutputError:
    """`exc`, raised while writing under `path`, as the one line a person reads: the path and what to do."""
    where = exc.filename or path
    advice = _WRITE_ADVICE.get(exc.errno or 0, f"{exc.strerror or exc}: check the folder and run again with --resume")
    return OutputError(f"{where}: cannot write: {advice}")


class WorkerDied(InputError):
    """A worker process ended without finishing its shard."""


class PageRejected(ValueError):
    """A page the API was given that a stage could not use; `problem` says which stage and why."""

    def __init__(self, problem: Rejected) -> None:
        super().__init__(f"{problem.source}: {problem.reason}")
        self.problem = problem


def tell(problem: Rejected, stream: TextIO | None = None) -> None:
    """One problem as errors.jsonl has it, `newsbitext: error: SOURCE: REASON`: into the log (stderr; warnings are
    hidden by -q, and -v adds the traceback of an internal error), or onto `stream` when given."""
    line = f"{problem.level}: {problem.source}: {problem.reason}"
    if stream is not None:
        print(f"newsbitext: {line}", file=stream)
        return
    log.log(logging.ERROR if problem.level == "error" else logging.WARNING, line)
    if problem.debug:
        log.debug("%s", problem.debug.rstrip())


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever `sys.stderr` is when a line is told (tests and callers replace it)."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def lines_above(bar: tqdm) -> AbstractContextManager:
    """The logged lines printed above a progress bar, not through it; nothing to do for a bar not shown (`--quiet`),
    whose tqdm.contrib import (asyncio with it) then stays out of the start-up."""
    if bar.disable:
        return nullcontext()
    from tqdm.contrib.logging import logging_redirect_tqdm

    return logging_redirect_tqdm(loggers=[log])


def configure_logging(verbosity: int = 0) -> None:
    """The command's log on stderr, `newsbitext: MESSAGE`: -q (verbosity -1) tells only errors, the default adds
    warnings and each command's summary, -v (1) adds what the run is doing and the tracebacks of internal errors."""
    level = logging.ERROR if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    if not any(isinstance(h, _Stderr) for h in log.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("newsbitext: %(message)s"))
        log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
