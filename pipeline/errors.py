"""The errors a caller can act on, and the one way a problem is told to a person.

Room: shared by every layer. A stage never raises for bad input: it returns a `Rejected` (records.py). These
exceptions are for what stops a command before or while it runs: a bad config or model, an input that cannot be
used at all, a resume that does not match, a worker that died. The CLI turns them into exit codes. Imports only
`records`.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .records import Rejected


class ConfigError(ValueError):
    """A configuration file, site profile or model that cannot be used."""


class InputError(ValueError):
    """A command-line input that cannot be used at all (a missing manifest, a bad flag, an unreadable folder)."""


class UsageError(InputError):
    """A command that cannot be carried out as given (an output folder holding another run's files, `-o` naming a
    file): exit code 2, like a bad flag."""


class ResumeError(UsageError):
    """`--resume` on an output folder whose interrupted run had other inputs or settings."""


class WorkerDied(InputError):
    """A worker process ended without finishing its shard."""


class PageRejected(ValueError):
    """A page the API was given that a stage could not use; `problem` says which stage and why."""

    def __init__(self, problem: Rejected) -> None:
        super().__init__(f"{problem.source}: {problem.reason}")
        self.problem = problem


def tell(problem: Rejected, stream: TextIO | None = None) -> None:
    """One problem on stderr, as errors.jsonl has it: `newsbitext: error: SOURCE: REASON`."""
    print(f"newsbitext: {problem.level}: {problem.source}: {problem.reason}", file=stream or sys.stderr)
