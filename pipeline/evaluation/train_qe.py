"""Training of the learned faithfulness score (`newsbitext train-qe`), the way bicleaner-ai trains its classifier:
real parallel pairs are the faithful class, and synthetic negatives made from them the other one. The negatives
are what goes wrong in real corpora: a pair that is no translation (the next sentence's English, or any other),
a clause dropped from the English or one added from another sentence, a sentence cut short, and the challenge set's
typed errors (a figure, date or entity changed, the predicate negated, a Korean word left in). The features are the
QE stage's own signals (`qe.signals`), computed by the same estimator that scores, so the model reads at run time
exactly what it learned from. A scikit-learn logistic regression, fitted on a share of the documents and measured
on the rest (held apart by document), then refitted on all of them.

Never train on the park **test** split or on qe-real-dev's held-apart documents (026-050): they measure.

Room: evaluation (I/O: it reads the training pairs). May import the stages, `records`, `config` and `models`.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import numpy as np

from ...models.faithfulness import FaithfulnessModel, bank_file
from ..qe.estimator import QualityEstimator
from ..qe.names import Gazetteer
from ..qe.signals import SIGNALS
from ..records import SegmentPair
from .perturb import PLANTERS

BANK_SIZE = 64  # pairs set aside as the margin's reference bank (never trained on)
# Pairs that are no translation (a calibration pair's Korean beside another's English), as a share of the labelled
# pairs, added to them for the rescaling: real corpora hold some, the hand-labelled sets few, and without them the
# rescaling, fitted on subtle real errors, lifts a non-translation to 0.1-0.4. Of 0.1, 0.25 and 0.4 (qe-real-dev's
# tuning half), 0.25 is the least that puts that half's pairs shuffled under 0.05 at the median (0.043; calibration
# error 0.032 against 0.017 at 0.1).
MISALIGNED_SHARE = 0.25
HELD_SHARE = 0.2  # documents held apart to measure the model before it is refitted on everything
_CLAUSE_CUT = re.compile(r",\s|;\s|\s(?=(?:and|but|while|which|who|after|because|although|as|when)\s)")


@dataclass(frozen=True, slots=True)
class TrainingPair:
    doc: str
    ko: str
    en: str
    kind: str  # "faithful" or the corruption that made it


def read_pairs(folder: Path) -> list[TrainingPair]:
    """Every `*.tsv` of `folder`: document, Korean, English, one pair a line (lines without three columns are
    refused with their place)."""
    out = []
    files = sorted(folder.glob("*.tsv"))
    if not files:
        raise ValueError(f"{folder}: no *.tsv of training pairs (document<TAB>ko<TAB>en)")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            cols = line.split("\t")
            if len(cols) != 3 or not cols[1].strip() or not cols[2].strip():
                raise ValueError(f"{path}:{number}: expected document, ko and en separated by tabs")
            out.append(TrainingPair(f"{path.stem}/{cols[0]}", cols[1].strip(), cols[2].strip(), "faithful"))
    return out


def _clauses(en: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in _CLAUSE_CUT.finditer(en)), len(en.rstrip(".!?\"' "))]
    return [(a, b) for a, b in pairwise(cuts) if b - a > 10]


def _misaligned(pair: TrainingPair, pool: Sequence[TrainingPair], neighbours: Sequence[TrainingPair],
                rng: random.Random) -> str | None:
    choices = [p.en for p in neighbours if p.en != pair.en] if rng.random() < 0.5 else []
    return rng.choice(choices) if choices else rng.choice(pool).en


def _dropped(pair: TrainingPair, rng: random.Random) -> str | None:
    clauses = _clauses(pair.en)
    if len(clauses) < 2:
        return None
    a, b = rng.choice(clauses[1:])
    words = len(pair.en.split())
    if len(pair.en[a:b].split()) < max(3, 0.2 * words):
        return None
    return (pair.en[:a].rstrip(" ,;") + " " + pair.en[b:].lstrip(" ,;")).strip()


def _added(pair: TrainingPair, pool: Sequence[TrainingPair], rng: random.Random) -> str | None:
    donor = rng.choice(pool).en
    clauses = [donor[a:b].strip(" ,;") for a, b in _clauses(donor)]
    clauses = [c for c in clauses if len(c.split()) >= 4] or [donor.rstrip(".!? ")]
    extra = rng.choice(clauses)
    en = pair.en.rstrip()
    end = len(en.rstrip(".!?\"'"))
    joint = rng.choice((", and ", ", while ", ", ", "; "))
    return en[:end] + joint + extra[0].lower() + extra[1:] + en[end:]


def corrupt(pairs: Sequence[TrainingPair], gazetteer: Gazetteer, seed: int = 0) -> list[TrainingPair]:
    """Synthetic negatives of the faithful pairs, a pure function of the pairs and the seed. Each pair gives one of
    the kinds that break a pair as a whole: no translation at all (40%), a clause dropped (25%) or added (20%), cut
    short (15%), a kind that cannot apply giving way to the next; and, where one applies, one typed error of the
    challenge set: a figure, a date or an entity changed (whichever the pair has, in random order), else the
    predicate negated or a Korean word left in. The typed ones are what the checks see and the encoder does not:
    without one for every pair that allows it, a figure changed would be too rare to weigh."""
    rng = random.Random(seed)
    by_doc: dict[str, list[TrainingPair]] = {}
    for p in pairs:
        by_doc.setdefault(p.doc, []).append(p)
    out = []
    for p in pairs:
        doc = by_doc[p.doc]
        at = doc.index(p)
        roll = rng.random()
        whole = ["misaligned"] if roll < 0.4 else ["omission"] if roll < 0.65 else ["addition"] if roll < 0.85 \
            else ["truncation"]
        typed = [*rng.sample(("number", "date", "entity"), 3), *rng.sample(("negation", "untranslated"), 2)]
        for order in ([*whole, "addition", "misaligned"], typed):
            for kind in order:
                en = _corrupted(kind, p, pairs, doc[max(0, at - 2):at + 3], gazetteer, rng)
                if en and en != p.en:
                    out.append(replace(p, en=en, kind=kind))
                    break
    return out


def _corrupted(kind: str, p: TrainingPair, pool: Sequence[TrainingPair], neighbours: Sequence[TrainingPair],
               gazetteer: Gazetteer, rng: random.Random) -> str | None:
    if kind == "misaligned":
        return _misaligned(p, pool, neighbours, rng)
    if kind == "omission":
        return _dropped(p, rng)
    if kind == "addition":
        return _added(p, pool, rng)
    seg = SegmentPair("body", p.ko, p.en)
    planter = PLANTERS[kind]
    planted = planter(seg, rng, gazetteer) if kind in ("entity", "untranslated") else planter(seg, rng)
    return None if planted is None else planted.pair.en


@dataclass
class Trained:
    model: FaithfulnessModel
    held_auc: float  # faithful against corrupted, on the documents held apart
    held_accuracy: float
    held_pairs: int
    by_kind: dict[str, float]  # share of each corruption's held-apart negatives scored below 0.5


def _sides(pairs: Sequence[TrainingPair]) -> list[SegmentPair]:
    return [SegmentPair("body", p.ko, p.en) for p in pairs]


def bank_vectors(estimator: QualityEstimator, bank: Sequence[TrainingPair]) -> tuple[np.ndarray, np.ndarray]:
    """The bank's Korean and English sentences encoded, as the estimator encodes them when it scores."""
    return estimator.embed([p.ko for p in bank]), estimator.embed([p.en for p in bank])


def featurize(estimator: QualityEstimator, pairs: Sequence[TrainingPair], bank: Sequence[TrainingPair]) -> np.ndarray:
    """The signals of `pairs`, as the estimator computes them when it scores, with `bank`'s pairs for the margin."""
    sides = _sides(pairs)
    return estimator.signals(sides, [estimator.flags(p) for p in sides], bank_vectors(estimator, bank))


def model_paths(path: Path) -> tuple[Path, Path]:
    """Where `train-qe` writes a model saved as `path`: its bank's vectors beside it (`.bank.npz`), then its JSON."""
    return path.with_name(bank_file(path.name)), path


def model_files(model: FaithfulnessModel, path: Path) -> list[tuple[Path, bytes]]:
    """What `train-qe` writes for a model saved as `path` (`model_paths`): the bank's vectors where the bank was
    encoded, then the model's JSON."""
    bank, json_path = model_paths(path)
    files = [(bank, model.vectors.to_bytes())] if model.vectors is not None else []
    return [*files, (json_path, model.to_json().encode("utf-8"))]


def read_labelled(path: Path, docs: range | None = None) -> list[tuple[str, str, bool]]:
    """(ko, en, whether a newsroom would let it stand) of a qe-real-dev style `pairs.jsonl` (id `DOC/..`, verdict
    faithful | minor | error), of the documents `docs` only when given."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc = int(str(row["id"]).split("/")[0])
            verdict = row["verdict"]
            ko, en = row["ko"], row["en"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: expected a JSON object with id, ko, en and verdict ({exc})") from exc
        if verdict not in ("faithful", "minor", "error"):
            raise ValueError(f"{path}:{number}: verdict {verdict!r} is none of faithful, minor, error")
        if docs is None or doc in docs:
            out.append((ko, en, verdict != "error"))
    return out


def train(pairs: Sequence[TrainingPair], estimator: QualityEstimator, seed: int = 0, c: float = 1.0,
          calibration: Sequence[tuple[str, str, bool]] = ()) -> Trained:
    """Fit the model on `pairs` (all faithful) and their corruptions; measure it on documents held apart first.
    With `calibration` (real pairs labelled by hand), the fitted value is then rescaled on them (Platt scaling: a
    slope and an offset on its log-odds), so that it reads as a probability on real text, whose errors are subtler
    and rarer than the synthetic ones."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    rng = random.Random(seed)
    order = list(pairs)
    rng.shuffle(order)
    bank, rest = order[:BANK_SIZE], order[BANK_SIZE:]
    encoder = getattr(estimator.encoder, "name", "")
    gazetteer = estimator.checks()[0].gazetteer or Gazetteer.load()
    kept = set(rest)
    rest = [p for p in pairs if p in kept]  # document order again, for the neighbours
    negatives = corrupt(rest, gazetteer, seed)
    everything = [*rest, *negatives]
    x = featurize(estimator, everything, bank)
    y = np.array([p.kind == "faithful" for p in everything], dtype=int)
    docs = sorted({p.doc for p in rest})
    held_docs = set(random.Random(seed + 1).sample(docs, max(1, round(HELD_SHARE * len(docs)))))
    held = np.array([p.doc in held_docs for p in everything])

    def fit(mask: np.ndarray):
        scaler = StandardScaler().fit(x[mask])
        scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
        reg = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        reg.fit((x[mask] - scaler.mean_) / scale, y[mask])
        return scaler.mean_, scale, reg.coef_[0], float(reg.intercept_[0])

    mean, scale, coef, intercept = fit(~held)
    probe = FaithfulnessModel(SIGNALS, mean, scale, coef, intercept, encoder, (), (), "", {})
    p_held = probe.probability(x[held])
    kinds = np.array([p.kind for p in everything])[held]
    by_kind = {k: float((p_held[kinds == k] < 0.5).mean()) for k in sorted(set(kinds)) if k != "faithful"}
    by_kind["faithful"] = float((p_held[kinds == "faithful"] >= 0.5).mean())
    mean, scale, coef, intercept = fit(np.ones(len(y), dtype=bool))
    calibrated = None
    if calibration:
        shuffled = [en for _, en, _ in calibration]
        random.Random(seed + 2).shuffle(shuffled)
        crossed = [(ko, en, False) for (ko, own, _), en in zip(calibration, shuffled, strict=True) if en != own]
        crossed = crossed[:round(MISALIGNED_SHARE * len(calibration))]
        labelled = [*calibration, *crossed]
        real = [TrainingPair("", ko, en, "") for ko, en, _ in labelled]
        odds = ((featurize(estimator, real, bank) - mean) / scale) @ coef + intercept
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(odds[:, None], [ok for _, _, ok in labelled])
        slope, offset = float(platt.coef_[0][0]), float(platt.intercept_[0])
        coef, intercept = coef * slope, intercept * slope + offset
        calibrated = {"pairs": len(calibration), "faithful_or_minor": sum(ok for _, _, ok in calibration),
                      "slope": round(slope, 4), "offset": round(offset, 4)}
    meta = {"trained_on": {"faithful": int(y.sum()), "corrupted": int(len(y) - y.sum()),
                           "documents": len(docs), "files": sorted({p.doc.split("/")[0] for p in pairs})},
            "held_apart": {"documents": len(held_docs), "pairs": int(held.sum()),
                           "auc": round(float(roc_auc_score(y[held], p_held)), 4)},
            "calibrated_on": calibrated, "seed": seed, "C": c}
    model = FaithfulnessModel(SIGNALS, mean, scale, coef, intercept, encoder, tuple(p.ko for p in bank),
                              tuple(p.en for p in bank), "", meta)
    model = model.with_vectors(estimator.encoder.signature(), *bank_vectors(estimator, bank))
    return Trained(model, meta["held_apart"]["auc"], float(((p_held >= 0.5) == y[held]).mean()), int(held.sum()),
                   by_kind)
