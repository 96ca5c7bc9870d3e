"""QA on real translations, split by document: tune on one half, report the other beside it.

    python benchmarks/qe_real_split.py ../shared/qe-real-dev [--show tune]

Scores `newsbitext qe` over the set's input.tsv with the set's own score.py, on the pairs of documents 001-025
(the half any setting or rule may be chosen on, "tune"), of documents 026-050 (held apart: measured, never read to
choose anything) and on the whole. `--show tune` lists every flag fired on a faithful or minor pair of the tune
half, and every error pair of that half left unflagged: what a person reads to improve the checks. Never pass
`--show held`: that half stays unread.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

TUNE_DOCS = range(1, 26)


def _scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("qe_real_score", folder / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="the qe-real-dev folder (input.tsv, pairs.jsonl, score.py)")
    ap.add_argument("--show", choices=("tune",), help="list the tune half's false flags and missed errors")
    ap.add_argument("--config", type=Path, help="a YAML merged over the defaults, as `newsbitext qe --config`")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    scorer = _scorer(args.folder)
    pairs = scorer.read_pairs(args.folder / "pairs.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "qe.tsv"
        done = subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "qe", str(args.folder / "input.tsv"),
                               "-o", str(out), "-q", *(["--config", str(args.config)] if args.config else [])],
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr)
        rows = scorer.read_qe(str(out))
    halves = {"tune (docs 001-025)": [], "held apart (docs 026-050)": []}
    for pair, row in zip(pairs, rows, strict=True):
        tune = int(pair["id"].split("/")[0]) in TUNE_DOCS
        halves["tune (docs 001-025)" if tune else "held apart (docs 026-050)"].append((pair, row))
    results = {name: scorer.score([p for p, _ in items], [r for _, r in items]) for name, items in halves.items()}
    results["whole"] = scorer.score(pairs, rows)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for name, metrics in results.items():
            print(f"== {name}\n{scorer.show(metrics)}\n")
    if args.show == "tune":
        for pair, (_, _, flags) in halves["tune (docs 001-025)"]:
            if pair["verdict"] != "error" and flags:
                for f in flags:
                    print(f"FALSE {pair['verdict']:8} {pair['id']} [{f['type']}] {f['message']}\n   ko: {pair['ko']}\n"
                          f"   en: {pair['en']}")
            elif pair["verdict"] == "error" and not flags:
                gold = ", ".join(f"{e['type']}: {e.get('reason', '')}" for e in pair["errors"])
                print(f"MISSED {pair['id']} {gold}\n   ko: {pair['ko']}\n   en: {pair['en']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
