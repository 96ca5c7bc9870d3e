"""What a run counts and times, in a form that adds up across pairs, shards and workers.

Room: shared by the runner, the executors and the stages' driver (`pipeline.py`). Imports nothing of the package.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)


@dataclass
class Stats:
    """Counts (`rejected/align`, `flagged/segments`, ...), seconds per stage summed over whatever ran it, and the
    peak memory a process had reached after each stage. `+=` adds another's in: shards into a run."""

    counts: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)
    peak_rss: dict[str, float] = field(default_factory=dict)  # stage -> MB

    def timed(self, stage: str, started: float) -> None:
        """A stage ran from `started` until now: its time, and the peak memory the process has reached by now."""
        self.seconds[stage] += time.perf_counter() - started
        self.peak_rss[stage] = peak_rss_mb()

    def __iadd__(self, other: Stats) -> Stats:
        self.counts.update(other.counts)
        self.seconds.update(other.seconds)
        for stage, mb in other.peak_rss.items():
            self.peak_rss[stage] = max(mb, self.peak_rss.get(stage, 0))
        return self

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "stage_seconds": {k: round(v, 6) for k, v in self.seconds.items()},
                "peak_rss_mb": {k: round(v, 1) for k, v in self.peak_rss.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> Stats:
        return cls(Counter(data["counts"]), Counter(data["stage_seconds"]), dict(data["peak_rss_mb"]))
