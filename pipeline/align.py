"""Sentence alignment: a dynamic programme over beads, in the family of Vecalign and Bertalign.

The DP never sees an encoder. It takes, for each side, the embeddings of every run of 1..k consecutive sentences
(the overlaps), the sentences' character lengths and their anchor tokens (figures, acronyms, quotations), and
gives a bead of a source and b target sentences a quality:

- the cosine of the two runs' embeddings,
- less how much each run resembles the sentences just outside the other (Bertalign's neighbour margin: a 1-1 bead
  whose neighbour also matches should have taken it in, so a true merge outscores its own parts),
- less a length term: a Gaussian on the log of the character ratio, its centre and spread fitted to the
  document's mutual best pairs (translators and languages differ; a document shows its own),
- plus a bonus for anchor tokens the two runs share (H200, 20만 = 200,000, CES 2026, quotations).

A bead earns its quality above a floor, a high percentile of the quality of pairs far off the diagonal (no
translation reaches it, whatever the encoder's scale), ((a + b) / 2) ** merge_exponent times (near 1 for any
size): a merge wins where it explains its sentences better than its parts would, and one whose extra sentence
adds nothing loses to a bead and a skip. Leaving a sentence out costs `skip`, less for a
sentence that matches nothing opposite, so two unrelated sentences are skipped rather than paired. Every bead type
up to `max_bead` sentences (1-5, 5-1, 2-3, 3-3 at the default 6).

Documents up to `full_dp_cells` get a full DP; longer ones are aligned coarse to fine: a DP over blocks of
sentences finds the path, and the sentence-level DP runs in a band around it. Either way the DP's rows are stored
end to end, bead costs come a chunk of rows at a time from one matrix product per pair of run lengths, and each
row takes all bead types in one gather: time per sentence is flat with the document's length.

Room: a stage (records to records, no I/O). May import `config`, `records`, `anchors`, `models` (the encoder
is given to it, never loaded here).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import numpy as np
from threadpoolctl import ThreadpoolController

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
    """Bead costs for one document pair, as a full matrix per bead type (short documents) or for a row of the DP
    and a range of columns (long ones).

    A bead's quality is its cosine less how much its runs resemble the sentences just outside it (Bertalign's
    neighbour margin: a 1-1 bead whose neighbour also matches should have taken it in), less a length term, plus
    shared anchors. It earns its quality above a floor ((a + b) / 2) ** merge_exponent times: near 1 for any size,
    so a merge wins where it explains its sentences better than its parts would, and one whose extra sentence adds
    nothing loses to a bead and a skip. The floor is a high percentile of the quality of pairs far off the diagonal,
    which no translation reaches: pairing two sentences that share nothing costs more than skipping both."""

    def __init__(self, src: DocSide, tgt: DocSide, cfg: AlignConfig, rng: np.random.Generator,
                 floor: float | None = None, band: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """`band`: the DP's band, for a long document (None: the full DP, every pair of sentences)."""
        self.src, self.tgt, self.cfg = src, tgt, cfg
        self.anchors = _SharedAnchors(src, tgt)
        best = _best_matches(src.runs[1], tgt.runs[1], band)
        self.ratio, self.sigma = self._fit_lengths(best[1], best[3])
        self.floor = floor if floor is not None else self._floor(rng)
        self.src_skip, self.tgt_skip = self._sentence_skips(best[0], best[2])

    def _sentence_skips(self, src_best: np.ndarray, tgt_best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The skip cost of each sentence: a sentence that resembles nothing on the other side (an explanation
        the translator added, a line left out) is cheaper to skip than one with a close counterpart. In a long
        document, its best counterpart within the DP's band (every pair would cost the square of its length, and
        a counterpart outside the band cannot be aligned with it anyway)."""
        n, m, w, skip = self.src.n, self.tgt.n, self.cfg.skip_adapt, self.cfg.skip
        if not w or n < 3 or m < 3:
            return np.full(n, skip), np.full(m, skip)

        def scaled(best: np.ndarray) -> np.ndarray:
            spread = max(float(np.percentile(best, 75) - np.percentile(best, 25)), 0.05)
            z = np.clip((best - np.median(best)) / spread, -1.0, 0.0)  # only a poor match makes skipping cheaper
            return skip * (1.0 + w * z)

        return scaled(src_best), scaled(tgt_best)

    def _fit_lengths(self, src_arg: np.ndarray, tgt_arg: np.ndarray) -> tuple[float, float]:
        """The length ratio and the spread of its log over the document's mutual best pairs (each the other's
        closest sentence), moved from the configured ones as far as their number allows: translators and
        languages differ, and a document shows which ratio its sentences keep and how loosely."""
        cfg = self.cfg
        ratio, sigma = self._length_ratio(), cfg.length_sigma
        if not cfg.adaptive_length:
            return ratio, sigma
        i = np.flatnonzero((src_arg >= 0) & (tgt_arg[np.maximum(src_arg, 0)] == np.arange(len(src_arg))))
        if len(i) < 3:
            return ratio, sigma
        logs = np.log((self.tgt.lengths[1][src_arg[i]] + 1.0) / (self.src.lengths[1][i] + 1.0))
        center = float(np.median(logs))
        spread = 1.4826 * float(np.median(np.abs(logs - center)))
        k, prior = len(i), cfg.prior_weight
        return (math.exp((k * center + prior * math.log(cfg.length_ratio)) / (k + prior)),
                max((k * spread + prior * cfg.length_sigma) / (k + prior), 0.05))

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

    def _floor(self, rng: np.random.Generator) -> float:
        """A percentile of the quality of pairs far from the diagonal (in a monotone document, not translations
        of each other). Too short a document has none: it gets `align.floor_fallback`."""
        n, m = self.src.n, self.tgt.n
        i = rng.integers(0, n, size=600)
        j = rng.integers(0, m, size=600)
        far = np.abs(i / n - j / m) > 0.25
        if far.sum() < 20:
            return self.cfg.floor_fallback
        return float(np.percentile(self.quality(1, 1, i[far], j[far]), self.cfg.floor_percentile))

    def quality(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The quality of the beads (a source sentences from i[k], b target sentences from j[k]) for every k."""
        src, tgt = self.src, self.tgt
        run_s, run_t = src.runs[a][i], tgt.runs[b][j]
        n, m = src.n, tgt.n
        dot = lambda x, y: np.einsum("kd,kd->k", x, y)  # noqa: E731
        left, right = j >= 1, j + b < m
        up, down = i >= 1, i + a < n
        nbr_t = _mean2(dot(run_s, tgt.runs[1][np.where(left, j - 1, 0)]), left,
                       dot(run_s, tgt.runs[1][np.where(right, j + b, 0)]), right)
        nbr_s = _mean2(dot(run_t, src.runs[1][np.where(up, i - 1, 0)]), up,
                       dot(run_t, src.runs[1][np.where(down, i + a, 0)]), down)
        shared = self.anchors.shared(a, b, i, j)
        union = self.anchors.src_size[a][i] + self.anchors.tgt_size[b][j] - shared
        return self._combine(dot(run_s, run_t), (nbr_t + nbr_s) / 2, src.lengths[a][i], tgt.lengths[b][j],
                             shared, union)

    def band_costs(self, types: list[tuple[int, int]], lo: np.ndarray, hi: np.ndarray, i0: int, i1: int
                   ) -> np.ndarray:
        """Costs of the beads of each type that end in the DP cells (i, lo[i]..hi[i]) of rows i0..i1: an array
        (types, rows, widest row), inf where a bead does not fit. Similarities come from one matrix product per
        pair of run lengths over the block of runs these rows reach, so the work follows the band."""
        src, tgt = self.src, self.tgt
        n, m = src.n, tgt.n
        width = int((hi[i0:i1] - lo[i0:i1]).max(initial=0))
        out = np.full((len(types), i1 - i0, width), np.inf)
        if width == 0:
            return out
        reach = max(max(a, b) for a, b in types) + 1
        rows = range(max(0, i0 - reach), min(n, i1 + 1))
        cols = range(max(0, int(lo[i0]) - reach), min(m, int(hi[i1 - 1]) + 1))
        i = np.arange(i0, i1)[:, None]
        j = lo[i0:i1, None] + np.arange(width)[None, :]
        inside = j < hi[i0:i1, None]
        blocks: dict[tuple[int, int], np.ndarray] = {}
        anchors = self.anchors.blocks(rows, cols) if self.cfg.anchor_weight else None

        def look(a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
            """block[r, c] of the runs' similarities, clipped into the block: callers mask what is out of reach."""
            if (a, b) not in blocks:
                blocks[a, b] = (src.runs[a][rows.start:min(rows.stop, n - a + 1)]
                                @ tgt.runs[b][cols.start:min(cols.stop, m - b + 1)].T)
            block = blocks[a, b]
            if block.size == 0:
                return np.zeros(r.shape)
            r = np.minimum(np.maximum(r - rows.start, 0), block.shape[0] - 1)
            c = np.minimum(np.maximum(c - cols.start, 0), block.shape[1] - 1)
            return block[r, c]

        for t, (a, b) in enumerate(types):
            if b == 0:
                out[t] = np.where(inside & (i >= a), self.src_skip[np.maximum(i - 1, 0)], np.inf)
                continue
            r, c = i - a, j - b
            ok = inside & (r >= 0) & (c >= 0) & (c <= m - b)
            if not ok.any():
                continue
            left, right, up, down = ok & (c >= 1), ok & (c + b < m), ok & (r >= 1), ok & (r + a < n)
            nbr_t = _mean2(look(a, 1, r, c - 1), left, look(a, 1, r, c + b), right)
            nbr_s = _mean2(look(1, b, r - 1, c), up, look(1, b, r + a, c), down)
            rc, cc = np.where(ok, r, 0), np.where(ok, c, 0)
            src_runs = range(rows.start, min(rows.stop, n - a + 1))
            tgt_runs = range(cols.start, min(cols.stop, m - b + 1))
            shared = anchors(a, b, src_runs, tgt_runs) if anchors else np.zeros((0, 0))
            shared = (shared[np.clip(rc - src_runs.start, 0, len(src_runs) - 1),
                             np.clip(cc - tgt_runs.start, 0, len(tgt_runs) - 1)] if shared.size else np.zeros(ok.shape))
            union = self.anchors.src_size[a][rc] + self.anchors.tgt_size[b][cc] - shared
            quality = self._combine(look(a, b, r, c), (nbr_t + nbr_s) / 2, src.lengths[a][rc],
                                    tgt.lengths[b][cc], shared, union)
            out[t] = np.where(ok, self.cost(a, b, quality), np.inf)
        return out

    def _combine(self, sim, neighbours, src_len, tgt_len, shared, union) -> np.ndarray:
        cfg = self.cfg
        z = np.log((tgt_len + 1.0) / ((src_len + 1.0) * self.ratio)) / self.sigma
        quality = sim - cfg.neighbour_weight * neighbours - cfg.length_weight * np.minimum(z * z, cfg.length_cap) / 2
        return quality + cfg.anchor_weight * np.divide(shared, union, out=np.zeros_like(sim), where=union > 0)

    def cost(self, a: int, b: int, quality: np.ndarray) -> np.ndarray:
        """What a bead costs the DP: how far its quality falls short of the floor (negative: how far it clears it),
        weighted by its size, and a price per sentence beyond 1-1."""
        size = ((a + b) / 2) ** self.cfg.merge_exponent
        return size * (self.floor - quality) + self.cfg.merge_penalty * (a + b - 2)

    def similarity(self, a: int, b: int, i: int, j: int) -> float:
        return float(np.clip(self.src.runs[a][i] @ self.tgt.runs[b][j], 0.0, 1.0))


def _mean2(x: np.ndarray, x_ok: np.ndarray, y: np.ndarray, y_ok: np.ndarray) -> np.ndarray:
    """The mean of x and y where both are defined, the one defined where only one is, 0 where neither."""
    count = x_ok.astype(np.float64) + y_ok
    return np.divide(x * x_ok + y * y_ok, count, out=np.zeros(np.broadcast_shapes(x.shape, count.shape)),
                     where=count > 0)


class _SharedAnchors:
    """How many anchor tokens two runs share, and how many each holds. Each run length keeps its (run, token) pairs
    over the tokens both documents contain, sorted by run; a block of runs is counted by one product of 0/1 rows
    over the tokens that block holds, so the work follows the block, never the document's vocabulary."""

    def __init__(self, src: DocSide, tgt: DocSide) -> None:
        common = sorted(frozenset().union(*src.anchors[1]) & frozenset().union(*tgt.anchors[1]))
        column = {tok: c for c, tok in enumerate(common)}
        self.src_size = {k: np.array([len(t) for t in sets], dtype=np.float64) for k, sets in src.anchors.items()}
        self.tgt_size = {k: np.array([len(t) for t in sets], dtype=np.float64) for k, sets in tgt.anchors.items()}
        self.src_pairs = {k: self._pairs(sets, column) for k, sets in src.anchors.items()}
        self.tgt_pairs = {k: self._pairs(sets, column) for k, sets in tgt.anchors.items()}
        self.src_sets, self.tgt_sets = src.anchors, tgt.anchors

    @staticmethod
    def _pairs(sets: list[frozenset[str]], column: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(r, column[t]) for r, tokens in enumerate(sets) for t in tokens if t in column]
        runs = np.array([r for r, _ in pairs], dtype=np.int64)
        return runs, np.array([c for _, c in pairs], dtype=np.int64)

    def shared(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Shared tokens of the runs (a sentences from i[k], b sentences from j[k]) for every k."""
        src, tgt = self.src_sets[a], self.tgt_sets[b]
        return np.array([len(src[x] & tgt[y]) for x, y in zip(i.tolist(), j.tolist(), strict=True)], dtype=np.float64)

    def blocks(self, rows: range, cols: range):
        """A counter for blocks of runs that start within `rows` and `cols`: each run length's 0/1 rows over the
        tokens the block holds on both sides are built once and shared by every pair of run lengths."""
        (src_runs, src_tokens), (tgt_runs, tgt_tokens) = self.src_pairs[1], self.tgt_pairs[1]
        s0, s1 = np.searchsorted(src_runs, [rows.start, rows.stop + max(self.src_pairs)])
        t0, t1 = np.searchsorted(tgt_runs, [cols.start, cols.stop + max(self.tgt_pairs)])
        tokens = np.intersect1d(src_tokens[s0:s1], tgt_tokens[t0:t1])
        made: dict[tuple[str, int, int, int], np.ndarray] = {}

        def rows_of(side: str, k: int, span: range) -> np.ndarray:
            key = (side, k, span.start, span.stop)
            if key not in made:
                runs, toks = (self.src_pairs if side == "src" else self.tgt_pairs)[k]
                start, end = np.searchsorted(runs, [span.start, span.stop])
                at = np.searchsorted(tokens, toks[start:end])
                held = (at < len(tokens)) & (tokens[np.minimum(at, len(tokens) - 1)] == toks[start:end])
                matrix = np.zeros((len(span), len(tokens)))
                matrix[runs[start:end][held] - span.start, at[held]] = 1.0
                made[key] = matrix
            return made[key]

        def shared(a: int, b: int, src_span: range, tgt_span: range) -> np.ndarray:
            if not len(tokens) or not len(src_span) or not len(tgt_span):
                return np.zeros((len(src_span), len(tgt_span)))
            return rows_of("src", a, src_span) @ rows_of("tgt", b, tgt_span).T

        return shared


def _best_matches(src: np.ndarray, tgt: np.ndarray, band: tuple[np.ndarray, np.ndarray] | None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each source and each target sentence's best cosine with a sentence of the other side, and which sentence
    that is (-1: none): over the whole document, or within the band (source sentence i meets the columns of DP
    rows i and i + 1), so a long document costs its length."""
    n, m = len(src), len(tgt)
    if band is None:
        sim = src @ tgt.T if n and m else np.full((n, m), -1.0)
        src_arg = sim.argmax(axis=1) if m else np.full(n, -1)
        tgt_arg = sim.argmax(axis=0) if n else np.full(m, -1)
        return (sim.max(axis=1, initial=-1.0), src_arg, sim.max(axis=0, initial=-1.0), tgt_arg)
    lo, hi = band
    src_best, tgt_best = np.full(n, -1.0, dtype=np.float32), np.full(m, -1.0, dtype=np.float32)
    src_arg, tgt_arg = np.full(n, -1, dtype=np.int64), np.full(m, -1, dtype=np.int64)
    for i in range(n):
        start, stop = max(0, int(lo[i])), min(m, int(hi[i + 1]))
        if start < stop:
            row = tgt[start:stop] @ src[i]
            src_arg[i] = start + int(row.argmax())
            src_best[i] = row.max()
            better = start + np.flatnonzero(row > tgt_best[start:stop])
            tgt_best[better] = row[better - start]
            tgt_arg[better] = i
    return src_best, src_arg, tgt_best, tgt_arg


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


def _dp(costs: _Costs, types: list[tuple[int, int]], lo: np.ndarray, hi: np.ndarray,
        chunk: int = 128) -> list[tuple[int, int, int, int]]:
    """The cheapest path of beads from (0, 0) to (n, m) through the cells [lo[i], hi[i]) of each row i; returns
    (i, a, j, b) beads. The rows are stored end to end, so a row of any width costs its width; bead costs come a
    chunk of rows at a time (`_Costs.band_costs`), and each row takes every bead type in one gather and one
    minimum, then its 0-1 beads in one running minimum."""
    n = costs.src.n
    width = (hi - lo).astype(np.int64)
    base = np.concatenate([[0], np.cumsum(width)])
    total = np.full(int(base[-1]), np.inf)
    back = np.full(int(base[-1]), -1, dtype=np.int8)
    stacked = [t for t in types if t != (0, 1)]
    codes = np.array([types.index(t) for t in stacked], dtype=np.int8)
    along = np.array([a for a, _ in stacked])[:, None]
    across = np.array([b for _, b in stacked])[:, None]
    skip_code = types.index((0, 1))
    steps_all = np.concatenate([[0.0], np.cumsum(costs.tgt_skip)])
    for i0 in range(0, n + 1, chunk):
        i1 = min(n + 1, i0 + chunk)
        bead_costs = costs.band_costs(stacked, lo, hi, i0, i1)
        for i in range(i0, i1):
            w, start = int(width[i]), int(lo[i])
            if i == 0:
                row = np.full(w, np.inf)
                row_back = np.full(w, -1, dtype=np.int8)
                if start == 0 and w:
                    row[0] = 0.0
            else:
                prev = np.maximum(i - along, 0)
                pos = np.arange(start, start + w)[None, :] - across - lo[prev]
                ok = (i >= along) & (pos >= 0) & (pos < width[prev])
                cand = np.where(ok, total[np.where(ok, base[prev] + pos, 0)], np.inf) + bead_costs[:, i - i0, :w]
                pick = cand.argmin(axis=0)
                row = cand[pick, np.arange(w)]
                row_back = np.where(np.isfinite(row), codes[pick], -1).astype(np.int8)
            row, moved = _skip_along(row, steps_all[start:start + w])
            row_back[moved] = skip_code
            total[base[i]:base[i] + w] = row
            back[base[i]:base[i] + w] = row_back

    def step(i: int, j: int) -> int:
        at = j - int(lo[i])
        return int(back[base[i] + at]) if 0 <= at < width[i] else -1

    return _traceback(step, types, n, costs.tgt.n)


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


def _coarse_path(src: DocSide, tgt: DocSide, cfg: AlignConfig) -> list[tuple[int, int]]:
    """A path through blocks of sentences (a full DP over at most ~200 blocks a side), in sentence coordinates."""
    n, m = src.n, tgt.n
    k = max(1, math.ceil(max(n, m) / 200))
    src_blocks = _blocks(src, k)
    tgt_blocks = _blocks(tgt, k)
    coarse_cfg = replace(cfg, max_bead=3, band=0, full_dp_cells=10**12, length_sigma=cfg.length_sigma * 2,
                         anchor_weight=0.0, skip_adapt=0.0)
    rng = np.random.default_rng(cfg.seed)
    costs = _Costs(src_blocks, tgt_blocks, coarse_cfg, rng)
    types = [t for t in bead_types(3) if t[0] <= src_blocks.n and t[1] <= tgt_blocks.n]
    path = [(0, 0)]
    for i, a, j, b in _dp(costs, types, np.zeros(src_blocks.n + 1, dtype=np.int64),
                          np.full(src_blocks.n + 1, tgt_blocks.n + 1, dtype=np.int64)):
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


@cache
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, found once: finding them reads every loaded library (about a millisecond), and
    `align_sides` runs for each role of each pair."""
    return ThreadpoolController()


def align_sides(src: DocSide, tgt: DocSide, cfg: AlignConfig, floor: float | None = None) -> tuple[list[Bead], float]:
    """Beads covering every sentence of both sides exactly once, in order, and the quality floor used (which a
    caller can hand on to short lists of the same pages: a few subtitles say too little to estimate it)."""
    n, m = src.n, tgt.n
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)], floor or 0.0
    # sides embedded for shorter runs than max_bead asks get the beads their runs allow
    longest_src, longest_tgt = min(n, max(src.runs)), min(m, max(tgt.runs))
    types = [t for t in bead_types(cfg.max_bead) if t[0] <= longest_src and t[1] <= longest_tgt]
    rng = np.random.default_rng(cfg.seed)
    # One BLAS thread: the DP's products are small, and threads that wait for a busy machine's other cores make it
    # many times slower (a run's workers are pinned already; this covers `align`, `bench` and the API).
    with _blas().limit(limits=1, user_api="blas"):
        if (n + 1) * (m + 1) <= cfg.full_dp_cells:
            costs = _Costs(src, tgt, cfg, rng, floor)
            path = _dp(costs, types, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))
        else:
            coarse, width, path = _coarse_path(src, tgt, cfg), cfg.band, None
            costs = _Costs(src, tgt, cfg, rng, floor, band=_band_from_path(coarse, n, m, width))
            while path is None:  # a band too narrow to connect the ends is widened, never an error
                try:
                    path = _dp(costs, types, *_band_from_path(coarse, n, m, width))
                except _BandBroken:
                    width *= 2
    beads = []
    for i, a, j, b in path:
        score = costs.similarity(a, b, i, j) if a and b else 0.0
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 3)))
    return beads, costs.floor


def pair_similarity(segments: Sequence[AlignedSegment]) -> float | None:
    """The score of the body beads weighted by the sentences they hold, a sentence left unaligned counting 0: what
    tells a translation from an unrelated page. The DP pairs some sentences of any two pages (their best matches
    clear a floor drawn from the pages themselves), so a mean over aligned beads alone would rise with how little
    aligns; counting what was left out keeps unrelated pages low and loose translations, which align almost every
    sentence at modest scores, above them (None when the body is empty)."""
    body = [s for s in segments if s.role == "body"]
    held = sum(len(s.ko) + len(s.en) for s in body)
    if not held or not any(s.ko and s.en for s in body):
        return None
    return sum(s.score * (len(s.ko) + len(s.en)) for s in body if s.ko and s.en) / held


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

    def align(self, src: Sequence[str], tgt: Sequence[str], floor: float | None = None) -> list[Bead]:
        src_side, tgt_side = make_sides([list(src), list(tgt)], self.encoder, self.cfg.max_bead - 1)
        return align_sides(src_side, tgt_side, self.cfg, floor)[0]

    def align_roles(self, ko: Mapping[str, Sequence[str]], en: Mapping[str, Sequence[str]]) -> dict[str, list[Bead]]:
        """Each role aligned within itself; the body goes first and lends its quality floor to the short roles. Every
        role of both sides is encoded in one call."""
        roles = ("body", "subtitle", "caption", "title")
        sides = dict(zip([(lang, role) for lang in ("ko", "en") for role in roles],
                         make_sides([list(ko[r]) for r in roles] + [list(en[r]) for r in roles], self.encoder,
                                    self.cfg.max_bead - 1), strict=True))
        body, floor = align_sides(sides["ko", "body"], sides["en", "body"], self.cfg)
        out = {"body": body}
        for role in ("title", "subtitle", "caption"):
            src, tgt = sides["ko", role], sides["en", role]
            if role == "title" and src.n and tgt.n:
                score = float(np.clip(src.runs[1][0] @ tgt.runs[1][0], 0, 1))
                out[role] = [Bead((0,), (0,), round(score, 3))]
            else:
                out[role] = align_sides(src, tgt, self.cfg, floor)[0]
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
