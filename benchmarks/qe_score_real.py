"""How well the QE score means what it says on real translations, per half of qe-real-dev.

    python benchmarks/qe_score_real.py ../shared/qe-real-dev

Runs `newsbitext qe` over the set's input.tsv twice, with the learned score (`score_model: builtin`) and with the
rule score (`none`), and reports per half (documents 001-025, where the score was calibrated; 026-050, held apart)
and whole: AUC of faithful against error pairs and of every pair a newsroom lets stand (faithful or minor) against
error pairs, the Brier score and the expected calibration error (5 bins) of the score read as P(not an error), and
the mean score of each verdict, and of the held-apart half's pairs crossed (each Korean beside another pair's
English: no translation at all).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score

TUNE_DOCS = range(1, 26)


def scores(tsv: Path, model: str, tmp: Path) -> np.ndarray:
    config = tmp / f"{model}.yaml"
    config.write_text(f"qe:\n  score_model: {model}\n", encoding="utf-8")
    out = tmp / f"{model}.tsv"
    done = subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "qe", str(tsv), "-o", str(out), "-q",
                           "--config", str(config)], capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    return np.array([float(line.split("\t")[-3]) for line in out.read_text("utf-8").splitlines()])


def ece(p: np.ndarray, y: np.ndarray, bins: int = 5) -> float:
    at = np.clip((p * bins).astype(int), 0, bins - 1)
    return float(sum(abs(p[at == b].mean() - y[at == b].mean()) * (at == b).sum() for b in range(bins)
                     if (at == b).any()) / len(p))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    args = ap.parse_args()
    pairs = [json.loads(line) for line in (args.folder / "pairs.jsonl").read_text("utf-8").splitlines() if line]
    verdict = np.array([p["verdict"] for p in pairs])
    tune = np.array([int(p["id"].split("/")[0]) in TUNE_DOCS for p in pairs])
    held = [p for p, t in zip(pairs, tune, strict=True) if not t]
    english = [p["en"] for p in held]
    random.Random(0).shuffle(english)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        crossed = tmp / "crossed.tsv"
        crossed.write_text("".join(f"{p['ko']}\t{e}\n" for p, e in zip(held, english, strict=True)
                                   if e != p["en"]), encoding="utf-8")
        for model in ("builtin", "none"):
            s = scores(args.folder / "input.tsv", model, tmp)
            x = scores(crossed, model, tmp)
            print(f"== score_model: {model}")
            for name, mask in (("tune (001-025)", tune), ("held apart (026-050)", ~tune), ("whole", tune | ~tune)):
                ok = (verdict[mask] != "error").astype(int)
                sel = mask & (verdict != "minor")
                means = " / ".join(f"{s[mask & (verdict == v)].mean():.3f}" for v in ("faithful", "minor", "error"))
                print(f"{name:<22} AUC faithful-error {roc_auc_score(verdict[sel] == 'faithful', s[sel]):.3f}  "
                      f"AUC ok-error {roc_auc_score(ok, s[mask]):.3f}  Brier {brier_score_loss(ok, s[mask]):.3f}  "
                      f"ECE {ece(s[mask], ok):.3f}  mean faithful/minor/error {means}")
            print(f"{'held apart, crossed':<22} mean {x.mean():.3f}  median {np.median(x):.3f}  max {x.max():.3f}")


if __name__ == "__main__":
    main()
