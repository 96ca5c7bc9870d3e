"""Issue 14's acceptance on real translations: `newsbitext qe` on qe-real-dev's 220 hand-labelled Korean–English
news pairs, scored by the set's own `score.py` (tests/data/qe-real-dev, a copy of the shared set with its source and
license). A regression in any check shows here as a figure falling under its target."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import newsbitext

SET = Path(__file__).parent / "data" / "qe-real-dev"


def test_qe_on_real_translations_meets_the_issues_targets(tmp_path):
    out = tmp_path / "scored.tsv"
    done = newsbitext("qe", str(SET / "input.tsv"), "-o", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    scored = subprocess.run([sys.executable, str(SET / "score.py"), str(out), "--json"], capture_output=True,
                            text=True, check=True)
    m = json.loads(scored.stdout)
    assert m["pairs"] == 220
    assert m["precision"] >= 0.85 and m["recall"] >= 0.65, m
    assert m["typed_recall"] >= 0.50 and m["faithful_flag_rate"] <= 0.05, m
    missed = [t for t, d in m["per_gold_type"].items() if not d["recall"]]
    assert not missed, f"error types never detected: {missed}"
