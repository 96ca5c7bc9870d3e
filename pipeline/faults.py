"""Named moments of a run at which a test can kill the process, to prove that a run killed anywhere resumes, and
named inputs a test can make fail, to prove that the guards of last resort hold.

Room: shared by running and I/O, like `errors`. A moment costs one check of a module constant unless the process
was started with `NEWSBITEXT_KILL_AT=NAME:N` (SIGKILL itself the N-th time it reaches moment NAME) or
`NEWSBITEXT_MOMENTS=FILE` (append every moment it reaches, as `NAME:N`, to FILE). The fault-injection test lists
a run's moments with the second and kills a run at each with the first. `NEWSBITEXT_FAIL_AT=NAME` makes
`fail_at(NAME)` raise `InjectedFault`, the stand-in for a bug that one input sets off. Imports nothing of the
package.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_KILL_AT = os.environ.get("NEWSBITEXT_KILL_AT", "")
_MOMENTS = os.environ.get("NEWSBITEXT_MOMENTS", "")
_FAIL_AT = os.environ.get("NEWSBITEXT_FAIL_AT", "")
_reached: Counter[str] = Counter()


def moment(name: str) -> None:
    """This process has reached moment `name` (a place where a kill leaves the disk in a state of its own)."""
    if not (_KILL_AT or _MOMENTS):
        return
    _reached[name] += 1
    tag = f"{name}:{_reached[name]}"
    if _MOMENTS:
        with open(_MOMENTS, "a", encoding="utf-8") as handle:
            handle.write(tag + "\n")
    if tag == _KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)


class InjectedFault(RuntimeError):
    """An exception raised on purpose by `fail_at`."""


def fail_at(name: str) -> None:
    """Raise `InjectedFault` when this process was asked to fail at `name` (an input's handling)."""
    if _FAIL_AT and name == _FAIL_AT:
        raise InjectedFault(f"injected at {name}")
