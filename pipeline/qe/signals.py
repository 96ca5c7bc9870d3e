"""What the learned score reads of a segment: the encoder's cosine and its margin, how far the length leans, how many
figures each side states, and the checks' flags by type (their severity). One row per segment, in `SIGNALS` order,
the same for training (`train-qe`) and for scoring, so the model sees at run time what it learned from.

Room: part of the QE stage. May import `config`, `records` and the rest of `qe/`; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..config import QEConfig
from ..records import Flag, SegmentPair
from .checks import length_z
from .figures import english_figures, korean_figures

FLAG_TYPES = ("untranslated", "truncation", "number", "date", "entity", "negation", "modality", "omission",
              "addition", "length", "low_similarity")
SIGNALS = ("cosine", "margin", "length_z", "length_z_abs", "short", "log_chars", "figures_ko", "figures_en",
           "figures_gap", *(f"flag_{t}" for t in FLAG_TYPES))
_Z_CAP = 6.0  # a length ratio this many deviations off says all it can; beyond, it only stretches the scale
MARGIN_K = 4  # best matches in the bank a side's margin is measured against


def margins(ko: np.ndarray, en: np.ndarray, bank_ko: np.ndarray, bank_en: np.ndarray) -> np.ndarray:
    """Each pair's cosine less the mean of its sides' best `MARGIN_K` matches in the opposite bank (unit vectors):
    Artetxe and Schwenk's margin, with a fixed bank of real news in place of the corpus, so that a pair's value does
    not depend on what else is in the batch."""
    cos = np.einsum("ij,ij->i", ko, en)
    k = min(MARGIN_K, len(bank_en), len(bank_ko))
    if not k:
        return np.zeros(len(cos))
    near_en = -np.sort(-(ko @ bank_en.T), axis=1)[:, :k].mean(axis=1)
    near_ko = -np.sort(-(en @ bank_ko.T), axis=1)[:, :k].mean(axis=1)
    return cos - (near_en + near_ko) / 2


def signal_row(pair: SegmentPair, flags: Sequence[Flag], cosine: float, margin: float, cfg: QEConfig) -> np.ndarray:
    """The signals of one segment with both sides."""
    z = length_z(pair, cfg)
    chars = len(pair.ko.replace(" ", "")) + len(pair.en.replace(" ", ""))
    n_ko, n_en = len(korean_figures(pair.ko)), len(english_figures(pair.en))
    severity = dict.fromkeys(FLAG_TYPES, 0.0)
    for flag in flags:
        if flag.type in severity:
            severity[flag.type] = max(severity[flag.type], flag.severity)
    zc = 0.0 if z is None else max(-_Z_CAP, min(_Z_CAP, z))
    return np.array([cosine, margin, zc, abs(zc), float(z is None), math.log1p(chars), n_ko, n_en,
                     abs(n_ko - n_en) / max(1, n_ko + n_en), *severity.values()], dtype=np.float64)
