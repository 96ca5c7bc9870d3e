"""Builds data/qe-train/ (the real pairs `newsbitext train-qe` learns from) from public copies of the sources.

    python benchmarks/qe_train_data.py ALIGN_DEV KPC_CHECKOUT data/qe-train

ALIGN_DEV is the align-dev folder (park-news-dev/ in the Vecalign layout); KPC_CHECKOUT a checkout of
github.com/jungyeul/korean-parallel-corpora. Written: `park-dev-tune.tsv`, the 1-1 gold beads of park-news-dev
documents 001-025 (the half of the Park dev split that qe-real-dev's tuning half comes from; documents 026-050 are
held apart and never read here), and `jhe.tsv`, the JHE dev and eval pairs. One pair a line: document, ko, en.
The park **test** split is never read.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

TUNE_DOCS = range(1, 26)
JHE_DOC_LINES = 20  # JHE is a list of lone sentences; runs of this many make the "documents" hard negatives come from


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def park_pairs(folder: Path) -> list[tuple[str, str, str]]:
    out = []
    for number in TUNE_DOCS:
        doc = f"{number:03d}"
        src = (folder / "src" / doc).read_text(encoding="utf-8").split("\n")
        tgt = (folder / "tgt" / doc).read_text(encoding="utf-8").split("\n")
        for line in (folder / "gold" / doc).read_text(encoding="utf-8").splitlines():
            ko, en = (ast.literal_eval(side) for side in line.split(":"))
            if len(ko) == 1 and len(en) == 1:
                out.append((f"park-{doc}", _one_line(src[ko[0]]), _one_line(tgt[en[0]])))
    return out


def jhe_pairs(checkout: Path) -> list[tuple[str, str, str]]:
    out = []
    for split in ("dev", "eval"):
        base = checkout / "korean-english-jhe" / f"jhe-koen-{split}"
        ko = base.with_suffix(".ko").read_text(encoding="utf-8").splitlines()
        en = base.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        for i, (k, e) in enumerate(zip(ko, en, strict=True)):
            if k.strip() and e.strip():
                out.append((f"jhe-{split}-{i // JHE_DOC_LINES:03d}", _one_line(k), _one_line(e)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("align_dev", type=Path)
    ap.add_argument("checkout", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("park-dev-tune.tsv", park_pairs(args.align_dev / "park-news-dev")),
                       ("jhe.tsv", jhe_pairs(args.checkout))):
        (args.out / name).write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
        print(f"{name}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
