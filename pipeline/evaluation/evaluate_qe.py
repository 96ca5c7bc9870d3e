"""QE against gold: every gold segment (the annotated beads of title, subtitles, captions and body) is checked,
and the flags are compared with the planted errors per type: recall (the erroneous segment is flagged), type
right (its headline flag has the gold type), precision (a segment flagged with a type holds an error), and the
share of faithful segments flagged, which is what a reviewer pays for every catch.

Room: evaluation. The QE inputs come from the estimator's own `segment_pairs`, the run's path. May import
`qe`, `records` and the rest of `evaluation/`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..qe.estimator import QualityEstimator, headline
from ..qe.names import Gazetteer
from ..records import Flag, SegmentPair
from .gold import ERROR_TYPES, GoldPair
from .perturb import perturb


@dataclass(frozen=True, slots=True)
class GoldSegment:
    pair: str
    pair_obj: SegmentPair
    error: str | None  # the planted error's type, None for a faithful segment
    note: str = ""


def gold_segments(pair: GoldPair, published: str | None, site: str, estimator: QualityEstimator) \
        -> list[GoldSegment]:
    """The gold beads of one annotated pair as QE inputs, each with its planted error type (or None): the gold
    pair's segments, their similarity measured by the estimator's encoder, through the estimator's own
    `segment_pairs`, as a run's segments go."""
    gold = pair.article_pair(published, site)
    both = [i for i, s in enumerate(gold.segments) if s.ko and s.en]
    sims = estimator.similarities([gold.segments[i].ko_text for i in both], [gold.segments[i].en_text for i in both])
    measured = dict(zip(both, sims, strict=True))
    gold = replace(gold, segments=tuple(replace(s, similarity=measured.get(i, 0.0))
                                        for i, s in enumerate(gold.segments)))
    errors = {(e.role, e.ko, e.en): e for e in pair.errors}
    out = []
    for seg, checked in zip(gold.segments, estimator.segment_pairs(gold), strict=True):
        error = errors.get((seg.role, seg.ko, seg.en))
        out.append(GoldSegment(pair.id, checked, error.type if error else None, error.note if error else ""))
    return out


@dataclass
class QECounts:
    """Detection per error type and false flags on faithful segments."""

    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    caught: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    typed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # headline type counts
    predicted_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # ...on an erroneous segment
    faithful: int = 0
    faithful_flagged: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    def add(self, seg: GoldSegment, flags: Sequence[Flag]) -> None:
        top = headline(flags)
        if top is not None:
            self.predicted[top.type] += 1
            self.predicted_right[top.type] += seg.error is not None
        if seg.error is None:
            self.faithful += 1
            if flags:
                self.faithful_flagged += 1
                self.false_flags.append(f"{seg.pair} {seg.pair_obj.role}: [{top.type}] {top.message}"  # type: ignore[union-attr]
                                        f" || {seg.pair_obj.ko[:60]} || {seg.pair_obj.en[:60]}")
            return
        self.gold[seg.error] += 1
        if flags:
            self.caught[seg.error] += 1
            self.typed[seg.error] += top.type == seg.error  # type: ignore[union-attr]
        if not flags or top.type != seg.error:  # type: ignore[union-attr]
            got = f"[{top.type}] {top.message}" if top else "unflagged"
            self.misses.append(f"{seg.pair} {seg.pair_obj.role} {seg.error}: {got} || {seg.note}")

    def table(self) -> dict:
        types = [t for t in ERROR_TYPES if self.gold.get(t)]
        def precision(t: str) -> float | None:
            return round(self.predicted_right[t] / self.predicted[t], 4) if self.predicted[t] else None

        per_type = {t: {"errors": self.gold[t], "recall": round(self.caught[t] / self.gold[t], 4),
                        "type_right": round(self.typed[t] / self.gold[t], 4), "precision": precision(t)}
                    for t in types}
        total = sum(self.gold.values())
        return {
            "per_type": per_type,
            "errors": total,
            "recall": round(sum(self.caught.values()) / total, 4) if total else None,
            "type_right": round(sum(self.typed.values()) / sum(self.caught.values()), 4)
            if sum(self.caught.values()) else None,
            "faithful": self.faithful,
            "faithful_flagged": round(self.faithful_flagged / self.faithful, 4) if self.faithful else None,
        }


def score_qe(segments: Iterable[GoldSegment], estimator: QualityEstimator) -> QECounts:
    """The flags a run gives each segment (`score_pairs`: the checks' and the score model's `misaligned`), tallied."""
    segments = list(segments)
    counts = QECounts()
    for seg, (_, _, flags) in zip(segments, estimator.score_pairs([s.pair_obj for s in segments]), strict=True):
        counts.add(seg, flags)
    return counts


def format_qe(title: str, table: dict) -> list[str]:
    lines = [title, f"  {'type':<13} {'errors':>6} {'recall':>7} {'type ok':>7} {'precision':>9}"]
    for t, row in table["per_type"].items():
        p = f"{row['precision']:.3f}" if row["precision"] is not None else "-"
        ok = f"{row['type_right']:.3f}" if row["type_right"] is not None else "-"
        lines.append(f"  {t:<13} {row['errors']:>6} {row['recall']:>7.3f} {ok:>7} {p:>9}")
    lines.append(f"  all: {table['errors']} errors, recall {table['recall']}, type right {table['type_right']} "
                 f"(of those caught); faithful segments flagged {table['faithful_flagged']} of {table['faithful']}")
    return lines


def mt_sweep(segments: Sequence[GoldSegment], floors: Sequence[float] = (10, 15, 20, 25, 30, 35, 40, 50)) -> dict:
    """chrF of the human English against the MT on faithful and on erroneous segments (percentiles), and what each
    candidate `qe.mt.chrf_floor` would catch and cost: the figures to set the floor from for a given MT model."""
    from ..qe.checks import mt_agreement

    scored = [(mt_agreement(s.pair_obj.mt, s.pair_obj.en)[0], s.error) for s in segments
              if s.pair_obj.mt and s.pair_obj.ko and s.pair_obj.en]
    if not scored:
        return {}
    faithful = sorted(c for c, e in scored if e is None)
    wrong = sorted(c for c, e in scored if e is not None)

    def percentiles(values: list[float]) -> dict[str, float] | None:
        if not values:
            return None
        at = {q: min(len(values) - 1, int(q / 100 * len(values))) for q in (10, 25, 50, 75, 90)}
        return {f"p{q}": round(values[i], 1) for q, i in at.items()}

    sweep = [{"floor": f, "recall": round(sum(c < f for c in wrong) / len(wrong), 4) if wrong else None,
              "faithful_flagged": round(sum(c < f for c in faithful) / len(faithful), 4) if faithful else None}
             for f in floors]
    return {"faithful": percentiles(faithful), "erroneous": percentiles(wrong), "segments": len(scored),
            "sweep": sweep}


def format_mt_sweep(title: str, table: dict) -> list[str]:
    lines = [title, f"  chrF percentiles, faithful: {table['faithful']}", f"  erroneous: {table['erroneous']}",
             "  chrf_floor  recall  faithful flagged"]
    lines += [f"  {row['floor']:>10g}  {row['recall'] if row['recall'] is not None else '-':>6}  "
              f"{row['faithful_flagged'] if row['faithful_flagged'] is not None else '-'}" for row in table["sweep"]]
    return lines


def challenge_set(segments: Sequence[GoldSegment], estimator: QualityEstimator, seed: int = 0) -> list[GoldSegment]:
    """The faithful gold segments untouched, plus each with errors planted by `qe.perturb` (similarity
    recomputed for the changed English)."""
    faithful = [s for s in segments if s.error is None]
    gazetteer = estimator.checks(faithful[0].pair_obj.site if faithful else "")[0].gazetteer
    planted = perturb([s.pair_obj for s in faithful], gazetteer or Gazetteer.load(), seed)
    sims = estimator.similarities([p.pair.ko for p in planted], [p.pair.en for p in planted])
    return faithful + [GoldSegment("perturbed", replace(p.pair, similarity=sim), p.type, p.note)
                       for p, sim in zip(planted, sims, strict=True)]


def baseline_flags(segments: Sequence[GoldSegment]) -> dict[str, list[bool]]:
    """What the filters corpus builders use would flag on the same segments: a USE-cosine threshold set to flag
    10% of the faithful segments, and OpusFilter's own filters (length ratio, numerals, scripts, terminal
    punctuation) through its API, when `opusfilter` is installed."""
    faithful_sims = sorted(s.pair_obj.similarity for s in segments
                           if s.error is None and s.pair_obj.similarity is not None)
    threshold = faithful_sims[len(faithful_sims) // 10] if faithful_sims else 0.0
    out = {f"use-cosine<{threshold:.3f}": [s.pair_obj.similarity is not None and s.pair_obj.similarity < threshold
                                           for s in segments]}
    try:
        from opusfilter import filters as of
    except ImportError:
        return out
    chosen = {
        "opusfilter:LengthRatio(char,3)": of.LengthRatioFilter(threshold=3, unit="char"),
        "opusfilter:NonZeroNumerals(0.5)": of.NonZeroNumeralsFilter(threshold=0.5),
        "opusfilter:CharacterScore(Hangul,Latin)": of.CharacterScoreFilter(scripts=["Hangul", "Latin"],
                                                                          thresholds=[0.5, 0.9]),
        "opusfilter:TerminalPunctuation": of.TerminalPunctuationFilter(),
    }
    pairs = [(s.pair_obj.ko, s.pair_obj.en) for s in segments]
    rejected_any = [False] * len(segments)
    for name, filt in chosen.items():
        flags = [not filt.accept(score) if ko and en else False
                 for score, (ko, en) in zip(filt.score(pairs), pairs, strict=True)]
        out[name] = flags
        rejected_any = [a or b for a, b in zip(rejected_any, flags, strict=True)]
    out["opusfilter:all four"] = rejected_any
    return out


def baseline_table(segments: Sequence[GoldSegment], flagged: Sequence[bool]) -> dict:
    """Recall per type and the faithful share flagged for a filter that flags without a type."""
    counts = QECounts()
    for seg, hit in zip(segments, flagged, strict=True):
        counts.add(seg, [Flag("low_similarity", "baseline", "")] if hit else [])
    table = counts.table()
    for row in table["per_type"].values():
        row["type_right"] = None
        row["precision"] = None
    table["type_right"] = None
    return table
