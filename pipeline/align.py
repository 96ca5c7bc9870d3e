"""Sentence alignment: a dynamic programme over beads, in the family of Vecalign and Bertalign.

The DP never sees an encoder. It takes, for each side, the embeddings of every run of 1..k consecutive sentences
(the overlaps), the sentences' character lengths and their anchor tokens (figures, acronyms, quotations), and
scores a bead by:

- cosine distance of the two runs' embeddings, divided by each run's mean distance to random sentences of the
  other side (which tames "hub" sentences that are close to everything);
- a length term: how far the character-length ratio is from the ratio of the corpus moved toward the document's
  own (a Gaussian on the log ratio, as Gale-Church does with lengths alone);
- a bonus for anchor tokens the two runs share (H200, 20만 = 200,000, CES 2026, quotations);
- for a merge (1-2, 2-1, 2-2, ...): a price per extra sentence, a price when the merge is less similar than its
  best single pair (the extra sentence adds nothing), and the whole cost counted once per sentence pairing.

Skipping a sentence (1-0, 0-1) costs a percentile of the costs of pairs far from the diagonal, a knob that carries
across encoders where a raw similarity threshold does not, lowered for a sentence that matches nothing opposite.
Documents up to `full_dp_cells` get a full DP, one vector operation per row and bead type; longer ones are aligned
coarse to fine: a full DP over blocks of sentences finds the path, and the sentence-level DP runs in a band around
it, so time grows linearly.

Room: a stage (records to records, no I/O). May import `config`, `records`, `anchors`, `models` (the encoder
is given to it, never loaded here).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from ..models.encoders import encode_runs
from .anchors import anchor_tokens
from .config import AlignConfig
from .records import ROLES, AlignedSegment, ArticlePair, Rejected, Segment, SegmentedArticle


@dataclass(frozen=True, slots=True)
class Bead:
    """Indexes of the source and target sentences aligned together, and a score in 0..1 (0 for a skip)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


# The base skip cost of a document too short to estimate its own: the median over the 64 documents of corpora/ and
# park-news-dev with USE (their 10th-90th percentiles: 0.88-1.03).
SKIP_FALLBACK = 0.97


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    types = [(a, b) for a in range(1, max_bead) for b in range(1, max_bead) if a + b <= max_bead]
    return [*sorted(types, key=lambda t: (t[0] + t[1], t)), (1, 0), (0, 1)]


@dataclass
class DocSide:
    """One side of a document as the DP needs it: overlap embeddings, lengths and anchors of each run."""

    n: int
    runs: dict[int, np.ndarray]  # k -> (n - k + 1, dim) embeddings of runs of k sentences
    lengths: dict[int, np.ndarray]  # k -> characters (spaces excluded) of each run
    anchors: dict[int, list[frozenset[str]]]


def make_sides(documents: list[list[str]], encoder, max_run: int) -> list[DocSide]:
    """For each document, the embeddings (through `encode_runs`, which spares the USE encoder most of the work and
    takes all the documents in one pass), lengths and anchors of every run of 1..max_run sentences."""
    sides = []
    for sentences, vectors in zip(documents, encode_runs(encoder, documents, max_run), strict=True):
        single_anchor = [anchor_tokens(s) for s in sentences]
        single_len = np.array([len("".join(s.split())) for s in sentences], dtype=np.float64)
        runs, lengths, anchors = {}, {}, {}
        for k in range(1, max_run + 1):
            count = max(0, len(sentences) - k + 1)
            runs[k] = vectors[k - 1]
            lengths[k] = np.array([single_len[i:i + k].sum() for i in range(count)])
            anchors[k] = [frozenset().union(*single_anchor[i:i + k]) for i in range(count)]
        sides.append(DocSide(n=len(sentences), runs=runs, lengths=lengths, anchors=anchors))
    return sides


class _Costs:
    """Bead costs for one document pair, computed on demand for a row of the DP and a range of columns."""

    def __init__(self, src: DocSide, tgt: DocSide, cfg: AlignConfig, rng: np.random.Generator,
                 skip: float | None = None, band: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """`band`: the DP's band, for a long document (None: the full DP, every pair of sentences)."""
        self.src, self.tgt, self.cfg = src, tgt, cfg
        self.src_norm = {k: self._hub_norm(v, tgt.runs[1], rng) for k, v in src.runs.items()}
        self.tgt_norm = {k: self._hub_norm(v, src.runs[1], rng) for k, v in tgt.runs.items()}
        self.anchors = _SharedAnchors(src, tgt, every_pair=band is None)
        self.ratio = self._length_ratio()
        self.skip = skip if skip is not None else self._skip_cost(rng)
        self.src_skip, self.tgt_skip = self._sentence_skips(band)

    def _sentence_skips(self, band: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
        """The skip cost of each sentence: a sentence that resembles nothing on the other side (an explanation
        the translator added, a line left out) is cheaper to skip than one with a close counterpart. In a long
        document, its best counterpart within the DP's band (every pair would cost the square of its length, and
        a counterpart outside the band cannot be aligned with it anyway)."""
        n, m, w = self.src.n, self.tgt.n, self.cfg.skip_adapt
        if not w or n < 3 or m < 3:
            return np.full(n, self.skip), np.full(m, self.skip)
        if band is None:
            sim = self.src.runs[1] @ self.tgt.runs[1].T
            src_best, tgt_best = sim.max(axis=1), sim.max(axis=0)
        else:
            src_best, tgt_best = _band_maxima(self.src.runs[1], self.tgt.runs[1], *band)

        def scaled(best: np.ndarray) -> np.ndarray:
            spread = max(float(np.percentile(best, 75) - np.percentile(best, 25)), 0.05)
            z = np.clip((best - np.median(best)) / spread, -1.0, 0.0)  # only a poor match makes skipping cheaper
            return self.skip * (1.0 + w * z)

        return scaled(src_best), scaled(tgt_best)

    def _length_ratio(self) -> float:
        """The corpus ratio, moved toward this document's own ratio as far as its length allows: translators
        (and languages) differ, and a whole document says which ratio its sentences keep."""
        cfg = self.cfg
        total_src, total_tgt = self.src.lengths[1].sum(), self.tgt.lengths[1].sum()
        if not cfg.adaptive_length or total_src == 0 or total_tgt == 0:
            return cfg.length_ratio
        weight = min(self.src.n, self.tgt.n)
        log_ratio = (weight * math.log(total_tgt / total_src) + 5 * math.log(cfg.length_ratio)) / (weight + 5)
        return math.exp(log_ratio)

    @staticmethod
    def _hub_norm(vectors: np.ndarray, other: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if len(vectors) == 0 or len(other) == 0:
            return np.ones(len(vectors))
        sample = other[rng.choice(len(other), size=min(len(other), 24), replace=False)]
        return np.maximum(1.0 - vectors @ sample.T, 1e-3).mean(axis=1)

    def _skip_cost(self, rng: np.random.Generator) -> float:
        """A percentile of the costs of pairs far from the diagonal (in a monotone document, not translations
        of each other). Too short a document has none: it gets `SKIP_FALLBACK`."""
        n, m = self.src.n, self.tgt.n
        i = rng.integers(0, n, size=600)
        j = rng.integers(0, m, size=600)
        far = np.abs(i / n - j / m) > 0.25
        if far.sum() < 20:
            return SKIP_FALLBACK * self.cfg.skip_scale / 2
        costs = self.pair_costs(1, 1, i[far], j[far])
        return float(np.percentile(costs, self.cfg.skip_percentile)) * self.cfg.skip_scale / 2

    def bead(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Costs of beads of a source sentences from i and b target sentences from each j in js."""
        return self.pair_costs(a, b, np.full(len(js), i), js)

    def pair_costs(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Costs of the beads (a source sentences from i[k], b target sentences from j[k]) for every k."""
        shared = self.anchors.shared(a, b, i, j)
        best_single = None
        if a * b > 1:
            s1, t1 = self.src.runs[1], self.tgt.runs[1]
            best_single = np.max([np.einsum("kd,kd->k", s1[i + p], t1[j + q]) for p in range(a) for q in range(b)],
                                 axis=0)
        return self._combine(a, b, np.einsum("kd,kd->k", self.src.runs[a][i], self.tgt.runs[b][j]),
                             self.src_norm[a][i], self.tgt_norm[b][j], self.src.lengths[a][i],
                             self.tgt.lengths[b][j], shared,
                             self.anchors.src_size[a][i] + self.anchors.tgt_size[b][j] - shared, best_single)

    def matrix(self, a: int, b: int) -> np.ndarray:
        """Costs of every bead of a source and b target sentences at once: (n - a + 1, m - b + 1)."""
        shared = self.anchors.matrix(a, b)
        src_size, tgt_size = self.anchors.src_size[a], self.anchors.tgt_size[b]
        best_single = None
        if a * b > 1:
            single = self.src.runs[1] @ self.tgt.runs[1].T
            rows, cols = self.src.n - a + 1, self.tgt.n - b + 1
            best_single = np.max([single[p:p + rows, q:q + cols] for p in range(a) for q in range(b)], axis=0)
        return self._combine(a, b, self.src.runs[a] @ self.tgt.runs[b].T, self.src_norm[a][:, None],
                             self.tgt_norm[b][None, :], self.src.lengths[a][:, None], self.tgt.lengths[b][None, :],
                             shared, src_size[:, None] + tgt_size[None, :] - shared, best_single)

    def _combine(self, a: int, b: int, sim, src_norm, tgt_norm, src_len, tgt_len, shared, union,
                 best_single) -> np.ndarray:
        """The bead cost from its parts (arrays of one shape, or broadcasting to one)."""
        cfg = self.cfg
        cost = (1.0 - sim) / ((src_norm + tgt_norm) / 2)
        z = np.log((tgt_len + 1.0) / ((src_len + 1.0) * self.ratio)) / cfg.length_sigma
        cost = cost + cfg.length_weight * np.minimum(z * z, 16.0) / 2
        cost = cost - cfg.anchor_weight * np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        if best_single is not None:
            # A merge must say more than its best single pair: a sentence that adds nothing is a skip instead.
            cost = cost + cfg.merge_gain_weight * np.maximum(0.0, best_single - sim)
        cost = cost + cfg.merge_penalty * (a + b - 2)
        return cost * (a * b)  # a merge pays for every pairing of its sentences, so it must earn its place

    def similarity(self, a: int, b: int, i: int, j: int) -> float:
        return float(np.clip(self.src.runs[a][i] @ self.tgt.runs[b][j], 0.0, 1.0))


class _SharedAnchors:
    """How many anchor tokens two runs share, and how many each holds. For a short document (the full DP scores
    every pair of runs at once) each run is a 0/1 row over the tokens both documents contain; for a long one,
    rows over tokens that grow with the document would grow with the square of its length, so each token keeps
    the runs that hold it and a pair's count is looked up: the same counts either way."""

    def __init__(self, src: DocSide, tgt: DocSide, every_pair: bool) -> None:
        common = sorted(frozenset().union(*src.anchors[1]) & frozenset().union(*tgt.anchors[1]))
        column = {tok: c for c, tok in enumerate(common)}
        self.width = len(common)
        self.every_pair = every_pair
        self.src_size = {k: np.array([len(t) for t in sets], dtype=np.float64) for k, sets in src.anchors.items()}
        self.tgt_size = {k: np.array([len(t) for t in sets], dtype=np.float64) for k, sets in tgt.anchors.items()}
        self.src_columns = {k: [sorted(column[t] for t in tokens if t in column) for tokens in sets]
                            for k, sets in src.anchors.items()}
        tgt_columns = {k: [sorted(column[t] for t in tokens if t in column) for tokens in sets]
                       for k, sets in tgt.anchors.items()}
        if every_pair:
            self.src_rows = {k: self._rows(cols) for k, cols in self.src_columns.items()}
            self.tgt_rows = {k: self._rows(cols) for k, cols in tgt_columns.items()}
        else:
            self.holders: dict[int, dict[int, np.ndarray]] = {}  # run length -> token column -> target runs
            for k, cols in tgt_columns.items():
                runs: dict[int, list[int]] = {}
                for r, tokens in enumerate(cols):
                    for c in tokens:
                        runs.setdefault(c, []).append(r)
                self.holders[k] = {c: np.asarray(rs, dtype=np.int64) for c, rs in runs.items()}

    def _rows(self, columns: list[list[int]]) -> np.ndarray:
        rows = np.zeros((len(columns), self.width))
        for r, cols in enumerate(columns):
            rows[r, cols] = 1.0
        return rows

    def matrix(self, a: int, b: int) -> np.ndarray:
        """Shared tokens of every run of a source sentences with every run of b target sentences."""
        return self.src_rows[a] @ self.tgt_rows[b].T

    def shared(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Shared tokens of the runs (a sentences from i[k], b sentences from j[k]) for every k."""
        if self.every_pair:
            return np.einsum("kv,kv->k", self.src_rows[a][i], self.tgt_rows[b][j])
        out = np.zeros(len(i))
        holders = self.holders[b]
        for row in np.unique(i):
            at = np.flatnonzero(i == row)
            targets = j[at]
            for c in self.src_columns[a][row]:
                runs = holders.get(c)
                if runs is not None:
                    found = np.minimum(np.searchsorted(runs, targets), len(runs) - 1)
                    out[at] += runs[found] == targets
        return out


def _band_maxima(src: np.ndarray, tgt: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each source and each target sentence's best cosine with a sentence of the other side within the band
    (source sentence i meets the columns of DP rows i and i + 1)."""
    n, m = len(src), len(tgt)
    src_best, tgt_best = np.full(n, -1.0, dtype=np.float32), np.full(m, -1.0, dtype=np.float32)
    for i in range(n):
        start, stop = max(0, int(lo[i])), min(m, int(hi[i + 1]))
        if start < stop:
            row = tgt[start:stop] @ src[i]
            src_best[i] = row.max()
            np.maximum(tgt_best[start:stop], row, out=tgt_best[start:stop])
    return src_best, tgt_best


def _band_from_path(path: list[tuple[int, int]], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Column window [lo, hi) for each source row 0..n: `width` columns either side of the coarse path, drawn as
    straight lines between its points (and whole where it runs along a row), so the band's width does not grow
    with the coarse pass's block size."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in pairwise(path):
        if i0 == i1:
            lo[i0], hi[i0] = min(lo[i0], j0), max(hi[i0], j1 + 1)
            continue
        rows = np.arange(i0, i1 + 1)
        center = j0 + (rows - i0) * (j1 - j0) / (i1 - i0)
        lo[rows] = np.minimum(lo[rows], np.floor(center).astype(np.int64))
        hi[rows] = np.maximum(hi[rows], np.ceil(center).astype(np.int64) + 1)
    lo = np.maximum(0, lo - width)
    hi = np.minimum(m + 1, hi + width)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # monotone: a row never starts left of the row below it
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m + 1
    return lo, hi


class _BandBroken(Exception):
    """The band does not connect (0, 0) with (n, m)."""


def _dp(costs: _Costs, types: list[tuple[int, int]], lo: np.ndarray, hi: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The cheapest path of beads from (0, 0) to (n, m) within the band; returns (i, a, j, b) beads."""
    n, m = costs.src.n, costs.tgt.n
    inf = np.inf
    rows: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    steps_all = np.concatenate([[0.0], np.cumsum(costs.tgt_skip)])
    for i in range(n + 1):
        start, stop = int(lo[i]), int(hi[i])
        cols = np.arange(start, stop)
        best = np.full(len(cols), inf)
        back = np.full(len(cols), -1, dtype=np.int8)
        if i == 0 and start == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i < a:
                continue
            prev_row, prev_start = rows[i - a], int(lo[i - a])
            prev_cols = cols - b
            ok = (prev_cols >= prev_start) & (prev_cols < prev_start + len(prev_row)) & (prev_cols >= 0)
            if b > 0:
                ok &= prev_cols <= m - b
            if not ok.any():
                continue
            where = np.nonzero(ok)[0]
            prev = prev_row[prev_cols[where] - prev_start]
            finite = np.isfinite(prev)
            where, prev = where[finite], prev[finite]
            if len(where) == 0:
                continue
            cand = prev + (costs.src_skip[i - 1] if b == 0 else costs.bead(a, b, i - a, prev_cols[where]))
            better = cand < best[where]
            best[where[better]] = cand[better]
            back[where[better]] = t
        best, moved = _skip_along(best, steps_all[start:stop])
        back[moved] = types.index((0, 1))
        rows.append(best)
        backs.append(back)

    def step(i: int, j: int) -> int:
        at = j - int(lo[i])
        return int(backs[i][at]) if 0 <= at < len(backs[i]) else -1

    return _traceback(step, types, n, m)


def _skip_along(row: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """0-1 beads move along a row: row[j] = min(row[j], row[j-1] + skip[j]), a running minimum over the prefix
    sums `steps` of the skip costs. The new row, and where a skip won."""
    scanned = np.minimum.accumulate(row - steps) + steps
    moved = scanned < row - 1e-9  # not rounding noise of the running minimum
    return np.where(moved, scanned, row), moved


def _traceback(step, types: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The beads (i, a, j, b) from (0, 0) to (n, m), following `step(i, j)`, the bead type that reached each
    cell (negative: no path reached it)."""
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        t = step(i, j)
        if t < 0:
            raise _BandBroken
        a, b = types[t]
        beads.append((i - a, a, j - b, b))
        i, j = i - a, j - b
    return beads[::-1]


def _dp_full(costs: _Costs, types: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """The DP over the whole (n + 1) x (m + 1) grid, one row at a time, each bead type a vector operation."""
    n, m = costs.src.n, costs.tgt.n
    total = np.full((n + 1, m + 1), np.inf)
    back = np.full((n + 1, m + 1), -1, dtype=np.int8)
    matrices = {(a, b): costs.matrix(a, b) for a, b in types if a and b}
    steps = np.concatenate([[0.0], np.cumsum(costs.tgt_skip)])
    skip_row = types.index((0, 1))
    for i in range(n + 1):
        row, row_back = total[i], back[i]
        if i == 0:
            row[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i < a:
                continue
            if b == 0:
                cand = total[i - a] + costs.src_skip[i - 1]
                better = cand < row
            else:
                cand = total[i - a, : m + 1 - b] + matrices[a, b][i - a]
                better = np.zeros(m + 1, dtype=bool)
                better[b:] = cand < row[b:]
                cand = np.concatenate([np.full(b, np.inf), cand])
            row[better] = cand[better]
            row_back[better] = t
        total[i], moved = _skip_along(row, steps)
        row_back[moved] = skip_row
    return _traceback(lambda i, j: int(back[i, j]), types, n, m)


def _coarse_path(src: DocSide, tgt: DocSide, cfg: AlignConfig) -> list[tuple[int, int]]:
    """A path through blocks of sentences (a full DP over at most ~200 blocks a side), in sentence coordinates."""
    n, m = src.n, tgt.n
    k = max(1, math.ceil(max(n, m) / 200))
    src_blocks = _blocks(src, k)
    tgt_blocks = _blocks(tgt, k)
    coarse_cfg = AlignConfig(max_bead=3, band=0, full_dp_cells=10**12, length_weight=cfg.length_weight,
                             length_ratio=cfg.length_ratio, length_sigma=cfg.length_sigma * 2, anchor_weight=0.0,
                             skip_percentile=cfg.skip_percentile, seed=cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    costs = _Costs(src_blocks, tgt_blocks, coarse_cfg, rng)
    types = [t for t in bead_types(3) if t[0] <= src_blocks.n and t[1] <= tgt_blocks.n]
    path = [(0, 0)]
    for i, a, j, b in _dp_full(costs, types):
        path.append((min(n, (i + a) * k), min(m, (j + b) * k)))
    path[-1] = (n, m)
    return path


def _blocks(side: DocSide, k: int) -> DocSide:
    n = math.ceil(side.n / k)
    vecs = np.stack([side.runs[1][i * k:(i + 1) * k].mean(axis=0) for i in range(n)])
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    lengths = np.array([side.lengths[1][i * k:(i + 1) * k].sum() for i in range(n)])
    runs = {1: vecs}
    lens = {1: lengths}
    for r in (2,):
        runs[r] = np.stack([_unit(vecs[i:i + r].mean(axis=0)) for i in range(n - r + 1)]) if n >= r else vecs[:0]
        lens[r] = np.array([lengths[i:i + r].sum() for i in range(n - r + 1)])
    anchors = {r: [frozenset()] * len(runs[r]) for r in runs}
    return DocSide(n=n, runs=runs, lengths=lens, anchors=anchors)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def align_sides(src: DocSide, tgt: DocSide, cfg: AlignConfig, skip: float | None = None) -> tuple[list[Bead], float]:
    """Beads covering every sentence of both sides exactly once, in order, and the skip cost used (which a caller
    can hand on to short lists of the same pages: a few subtitles say too little to estimate it)."""
    n, m = src.n, tgt.n
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)], skip or 0.0
    types = [t for t in bead_types(cfg.max_bead) if t[0] <= n and t[1] <= m]
    rng = np.random.default_rng(cfg.seed)
    if (n + 1) * (m + 1) <= cfg.full_dp_cells:
        costs = _Costs(src, tgt, cfg, rng, skip)
        path = _dp_full(costs, types)
    else:
        coarse, width, path = _coarse_path(src, tgt, cfg), cfg.band, None
        costs = _Costs(src, tgt, cfg, rng, skip, band=_band_from_path(coarse, n, m, width))
        while path is None:  # a band too narrow to connect the ends is widened, never an error
            try:
                path = _dp(costs, types, *_band_from_path(coarse, n, m, width))
            except _BandBroken:
                width *= 2
    beads = []
    for i, a, j, b in path:
        score = costs.similarity(a, b, i, j) if a and b else 0.0
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 3)))
    return beads, costs.skip


def pair_similarity(segments: Sequence[AlignedSegment]) -> float | None:
    """Mean score of the body beads that align sentences on both sides: what tells a translation from an
    unrelated page (None when nothing aligns)."""
    scores = [s.score for s in segments if s.role == "body" and s.ko and s.en]
    return sum(scores) / len(scores) if scores else None


class SentenceAligner:
    """The align stage. `align(src, tgt)` aligns two lists of sentences; `segments(ko, en)` a Korean and an English
    article role by role (title with title, subtitles with subtitles, captions with captions, body with body); a
    call on an `ArticlePair` gives it its segments, with their text, or rejects the pair when its pages do not read
    as translations of each other (`align.min_pair_similarity`). A subtitle the English edition dropped or moved
    into its body stays unaligned in its role rather than being forced onto another subtitle."""

    name = "align"

    def __init__(self, cfg: AlignConfig, encoder) -> None:
        self.cfg = cfg
        self.encoder = encoder

    def signature(self) -> str:
        return f"enc:{self.encoder.signature()}|{self.cfg.signature().split('|', 1)[1]}"

    def align(self, src: Sequence[str], tgt: Sequence[str], skip: float | None = None) -> list[Bead]:
        src_side, tgt_side = make_sides([list(src), list(tgt)], self.encoder, self.cfg.max_bead - 1)
        return align_sides(src_side, tgt_side, self.cfg, skip)[0]

    def align_roles(self, ko: Mapping[str, Sequence[str]], en: Mapping[str, Sequence[str]]) -> dict[str, list[Bead]]:
        """Each role aligned within itself; the body goes first and lends its skip cost to the short roles. Every
        role of both sides is encoded in one call."""
        roles = ("body", "subtitle", "caption", "title")
        sides = dict(zip([(lang, role) for lang in ("ko", "en") for role in roles],
                         make_sides([list(ko[r]) for r in roles] + [list(en[r]) for r in roles], self.encoder,
                                    self.cfg.max_bead - 1), strict=True))
        body, skip = align_sides(sides["ko", "body"], sides["en", "body"], self.cfg)
        out = {"body": body}
        for role in ("title", "subtitle", "caption"):
            src, tgt = sides["ko", role], sides["en", role]
            if role == "title" and src.n and tgt.n:
                score = float(np.clip(src.runs[1][0] @ tgt.runs[1][0], 0, 1))
                out[role] = [Bead((0,), (0,), round(score, 3))]
            else:
                out[role] = align_sides(src, tgt, self.cfg, skip)[0]
        return out

    def segments(self, ko: SegmentedArticle, en: SegmentedArticle) -> tuple[AlignedSegment, ...]:
        return self._segments(ko.roles(), en.roles())

    def _segments(self, ko: Mapping[str, Sequence[str]], en: Mapping[str, Sequence[str]]) -> tuple[AlignedSegment, ...]:
        beads = self.align_roles(ko, en)
        return tuple(AlignedSegment(role, b.src, b.tgt, b.score) for role in ROLES for b in beads[role])

    def __call__(self, pair: ArticlePair) -> ArticlePair | Rejected:
        ko, en = pair.ko.roles(), pair.en.roles()
        aligned = self._segments(ko, en)
        similarity = pair_similarity(aligned)
        floor = self.cfg.min_pair_similarity
        if similarity is None or similarity < floor:
            what = ("no body sentences align" if similarity is None
                    else f"their aligned sentences score {similarity:.2f}")
            return Rejected(f"{pair.ko.article.source} + {pair.en.article.source}", "align", (
                f"the English page does not read as a translation of the Korean one: {what} "
                f"(align.min_pair_similarity is {floor:g})"))
        return replace(pair, segments=tuple(Segment.of(s.role, s.ko, s.en, ko, en, s.score) for s in aligned))
