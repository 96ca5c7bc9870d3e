"""The learned faithfulness score: a logistic regression over the QE checks' signals and the encoder's (cosine, its
margin over a reference bank, length, flags by type), trained by `newsbitext train-qe` with scikit-learn and
stored as plain JSON (weights, the standardisation, the bank's sentences): a few kilobytes that ship in the wheel,
load without pickles and read the same under any scikit-learn version. Its value is the probability that a segment
is a translation a newsroom would let stand.

Beside the JSON, `<name>.bank.npz` keeps the bank's vectors by the encoder that trained it (256 KB for the embedded
encoder), so that a process does not encode the bank's 128 sentences each time it starts (0.2 CPU-seconds, a tenth
of what `qe` adds to the encoder on a few hundred pairs). They are used only for that encoder and those sentences;
any other encoder encodes the bank as before.

Room: a model back-end. Imports nothing of the pipeline; the QE stage computes the signals and asks for the value.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, replace
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
    vectors: BankVectors | None = None  # the bank encoded, where a `.bank.npz` came with the model

    @classmethod
    def load(cls, spec: str = BUILTIN) -> FaithfulnessModel:
        """The shipped model (`builtin`) or one `train-qe` wrote, by path."""
        if spec == BUILTIN:
            here = files("newsbitext.models")
            raw, where = here.joinpath("faithfulness.json").read_bytes(), "the built-in faithfulness model"
            sidecar = here.joinpath(bank_file("faithfulness.json"))
        else:
            path = Path(spec)
            if not path.is_file():
                raise ValueError(f"{spec}: no such faithfulness model (a JSON file `newsbitext train-qe` writes)")
            raw, where, sidecar = path.read_bytes(), spec, path.with_name(bank_file(path.name))
        try:
            data = json.loads(raw)
            signals = tuple(data["signals"])
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            if any(a.shape != (len(signals),) for a in arrays):
                raise ValueError("mean, scale and coef must each have one value per signal")
            model = cls(signals, *arrays, float(data["intercept"]), str(data["encoder"]), tuple(data["bank"]["ko"]),
                        tuple(data["bank"]["en"]), hashlib.sha256(raw).hexdigest()[:12], data.get("meta", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: not a faithfulness model ({exc})") from exc
        return replace(model, vectors=BankVectors.read(sidecar.read_bytes()) if sidecar.is_file() else None)

    def bank_vectors(self, encoder: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The bank's Korean and English vectors by `encoder` (its signature), where they came with the model and
        are of these sentences; None where they must be encoded."""
        v = self.vectors
        if v is None or v.encoder != encoder or v.texts != _texts_key(self.bank_ko, self.bank_en):
            return None
        return v.ko, v.en

    def with_vectors(self, encoder: str, ko: np.ndarray, en: np.ndarray) -> FaithfulnessModel:
        return replace(self, vectors=BankVectors(encoder, _texts_key(self.bank_ko, self.bank_en),
                                                 np.asarray(ko, dtype=np.float32), np.asarray(en, dtype=np.float32)))

    def probability(self, signals: np.ndarray) -> np.ndarray:
        """P(faithful) for each row of `signals` (columns in `self.signals` order)."""
        z = ((np.asarray(signals, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def signature(self) -> str:
        return f"faithfulness:{self.fingerprint}"  # (the vectors are the bank encoded: they decide nothing)

    def to_json(self) -> str:
        return json.dumps({"signals": list(self.signals), "mean": self.mean.round(6).tolist(),
                           "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                           "intercept": round(self.intercept, 6), "encoder": self.encoder,
                           "bank": {"ko": list(self.bank_ko), "en": list(self.bank_en)}, "meta": self.meta},
                          ensure_ascii=False, indent=1) + "\n"


def bank_file(model_name: str) -> str:
    """The name of the bank vectors' file beside a model's JSON: faithfulness.json -> faithfulness.bank.npz."""
    return f"{Path(model_name).stem}.bank.npz"


def _texts_key(ko: tuple[str, ...], en: tuple[str, ...]) -> str:
    return hashlib.sha256(json.dumps([ko, en], ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class BankVectors:
    """A model's bank encoded by one encoder (`encoder`: its signature) from the sentences `texts` names (a hash)."""

    encoder: str
    texts: str
    ko: np.ndarray
    en: np.ndarray

    @classmethod
    def read(cls, raw: bytes) -> BankVectors | None:
        """The vectors of a `.bank.npz`; None for a file that is not one (the bank is then encoded)."""
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as z:
                return cls(str(z["encoder"]), str(z["texts"]), z["ko"].astype(np.float32), z["en"].astype(np.float32))
        except (OSError, KeyError, ValueError):
            return None

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        np.savez(out, encoder=np.array(self.encoder), texts=np.array(self.texts), ko=self.ko, en=self.en)
        return out.getvalue()
