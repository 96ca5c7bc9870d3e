"""The learned faithfulness score: a logistic regression over the QE checks' signals and the encoder's (cosine, its
margin over a reference bank, length, flags by type), trained by `newsbitext train-qe` with scikit-learn and
stored as plain JSON (weights, the standardisation, the bank's sentences): a few kilobytes that ship in the wheel,
load without pickles and read the same under any scikit-learn version. Its value is the probability that a segment
is a translation a newsroom would let stand.

Room: a model back-end. Imports nothing of the pipeline; the QE stage computes the signals and asks for the value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np

BUILTIN = "builtin"  # the model that ships in the wheel (models/faithfulness.json)


@dataclass(frozen=True)
class FaithfulnessModel:
    """Weights over named signals. `bank_ko` and `bank_en` are sentences of real news the margin is measured against
    (cosine less the mean of its best matches there: a pair that matches anything well is no evidence)."""

    signals: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    encoder: str  # the encoder the signals were computed with: a cosine of another encoder means something else
    bank_ko: tuple[str, ...]
    bank_en: tuple[str, ...]
    fingerprint: str
    meta: dict

    @classmethod
    def load(cls, spec: str = BUILTIN) -> FaithfulnessModel:
        """The shipped model (`builtin`) or one `train-qe` wrote, by path."""
        if spec == BUILTIN:
            raw = files("newsbitext.models").joinpath("faithfulness.json").read_bytes()
            where = "the built-in faithfulness model"
        else:
            path = Path(spec)
            if not path.is_file():
                raise ValueError(f"{spec}: no such faithfulness model (a JSON file `newsbitext train-qe` writes)")
            raw, where = path.read_bytes(), spec
        try:
            data = json.loads(raw)
            signals = tuple(data["signals"])
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            if any(a.shape != (len(signals),) for a in arrays):
                raise ValueError("mean, scale and coef must each have one value per signal")
            return cls(signals, *arrays, float(data["intercept"]), str(data["encoder"]), tuple(data["bank"]["ko"]),
                       tuple(data["bank"]["en"]), hashlib.sha256(raw).hexdigest()[:12], data.get("meta", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: not a faithfulness model ({exc})") from exc

    def probability(self, signals: np.ndarray) -> np.ndarray:
        """P(faithful) for each row of `signals` (columns in `self.signals` order)."""
        z = ((np.asarray(signals, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def signature(self) -> str:
        return f"faithfulness:{self.fingerprint}"

    def to_json(self) -> str:
        return json.dumps({"signals": list(self.signals), "mean": self.mean.round(6).tolist(),
                           "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                           "intercept": round(self.intercept, 6), "encoder": self.encoder,
                           "bank": {"ko": list(self.bank_ko), "en": list(self.bank_en)}, "meta": self.meta},
                          ensure_ascii=False, indent=1) + "\n"
