"""`newsbitext eval`: cleaning and segmentation scored against gold annotations.

For each annotated page (each side, each format) the page is cleaned and segmented as `run` would, twice: with
the site profiles on and with the generic path alone. Scores: title / subtitle / caption exact match, body
sentence precision/recall/F1 (exact strings, as a multiset), chrome leaks (any extracted string that is in no gold
field: page furniture that got through), and the segmenter's sentence-boundary F1 on the gold paragraphs alone.

Room: evaluation. Gets its stages from `pipeline.Pipeline`, the constructor a run uses. May import the
pipeline, the stages, `io.readers`, `records` and the rest of `evaluation/`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..config import Config
from ..io.readers import describe, read_file
from ..pipeline import Pipeline
from ..qe.estimator import QualityEstimator
from ..records import RawPage, Rejected
from ..segment import SentenceSplitter
from ..stats import Stats
from .evaluate_qe import (
    baseline_flags,
    baseline_table,
    challenge_set,
    format_mt_sweep,
    format_qe,
    gold_segments,
    mt_sweep,
    score_qe,
)
from .gold import GoldPair, GoldSide, load_gold_dir
from .single_pages import (
    SinglePageScore,
    extract_with,
    extract_with_trafilatura,
    is_page_set,
    load_page_golds,
    score_extraction,
    summarize,
)

PATHS = {"profile": "auto", "generic": "none"}


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def match(pred: list[str], gold: list[str]) -> Counts:
    norm = lambda xs: Counter(" ".join(x.split()) for x in xs)  # noqa: E731
    return Counts(sum((norm(pred) & norm(gold)).values()), len(pred), len(gold))


@dataclass
class AlignCounts:
    """Strict and lax counts as Vecalign's scorer defines them: precision over the predicted beads (skips
    included), recall over the gold beads that align something on both sides; strict needs the exact bead, lax a
    predicted bead that shares a source and a target sentence with one gold bead."""

    p_strict: Counts = field(default_factory=Counts)
    r_strict: Counts = field(default_factory=Counts)
    p_lax: Counts = field(default_factory=Counts)
    r_lax: Counts = field(default_factory=Counts)

    def add(self, other: AlignCounts) -> None:
        for name in ("p_strict", "r_strict", "p_lax", "r_lax"):
            getattr(self, name).add(getattr(other, name))

    def scores(self) -> dict[str, float]:
        out = {}
        for kind in ("strict", "lax"):
            p, r = getattr(self, f"p_{kind}").precision, getattr(self, f"r_{kind}").recall
            out.update({f"{kind}_p": round(p, 4), f"{kind}_r": round(r, 4),
                        f"{kind}_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0})
        return out


Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


def _hits(reference: Beads, predicted: Beads) -> tuple[Counts, Counts]:
    """How many predicted beads match the reference, strictly and laxly."""
    ref = {b for b in reference if b[0] or b[1]}
    linked: dict[int, set[int]] = {}
    for src, tgt in ref:
        for s in src:
            linked.setdefault(s, set()).update(tgt)
    strict, lax = Counts(), Counts()
    for src, tgt in {b for b in predicted if b[0] or b[1]}:
        strict.pred += 1
        lax.pred += 1
        if (src, tgt) in ref:
            strict.tp += 1
            lax.tp += 1
        elif set(tgt) & set().union(*(linked.get(s, set()) for s in src)):
            lax.tp += 1
    return strict, lax


def align_counts(gold: Beads, predicted: Beads) -> AlignCounts:
    p_strict, p_lax = _hits(gold, predicted)
    both = lambda beads: [b for b in beads if b[0] and b[1]]  # noqa: E731
    r_strict, r_lax = _hits(both(predicted), both(gold))
    # recall counts are precision counts with the roles swapped: the gold beads are the ones "predicted"
    r_strict = Counts(r_strict.tp, 0, r_strict.pred)
    r_lax = Counts(r_lax.tp, 0, r_lax.pred)
    return AlignCounts(p_strict, r_strict, p_lax, r_lax)


@dataclass
class PairAlignment:
    pair: str
    body: AlignCounts
    roles_exact: dict[str, bool]


def score_alignment(pair: GoldPair, aligner) -> PairAlignment:
    """The aligner on the gold sentences of a pair (so that cleaning and splitting errors do not count here)."""
    predicted = aligner.align_roles(pair.ko.article("", "ko").roles(), pair.en.article("", "en").roles())
    body = align_counts([(b.ko, b.en) for b in pair.alignment], [(b.src, b.tgt) for b in predicted["body"]])
    exact = {"title": [(b.src, b.tgt) for b in predicted["title"]] == [((0,), (0,))]}
    for role, key in (("subtitle", "subtitles"), ("caption", "captions")):
        exact[role] = [(b.src, b.tgt) for b in predicted[role]] == pair.role_alignment(key)
    return PairAlignment(pair.id, body, exact)


@dataclass
class PageScore:
    pair: str
    lang: str
    format: str
    path: str
    extractor: str = ""
    title_ok: bool = False
    subtitles: Counts = field(default_factory=Counts)
    captions: Counts = field(default_factory=Counts)
    body: Counts = field(default_factory=Counts)
    leaks: list[str] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k not in ("subtitles", "captions", "body")}
        return {**d, "subtitles": self.subtitles.as_dict(), "captions": self.captions.as_dict(),
                "body": self.body.as_dict()}


def _leaks(extracted: list[str], gold: GoldSide) -> list[str]:
    content = [" ".join(s.split()) for s in (gold.title, *gold.subtitles, *gold.captions, *gold.sentences)]
    return [x for x in extracted if not any(" ".join(x.split()) in c for c in content)]


def score_page(pair: GoldPair, lang: str, fmt: str, path: Path, pipeline: Pipeline, path_name: str) -> PageScore:
    result = PageScore(pair.id, lang, fmt, path_name)
    gold = pair.side(lang)
    f = describe(path)
    raw = read_file(f, pipeline.cfg.ingest.max_page_bytes) if f else Rejected(str(path), "read", "unsupported")
    out = pipeline.page(raw, Stats()) if not isinstance(raw, Rejected) else None
    if out is None or out.article is None:
        problems = [raw] if isinstance(raw, Rejected) else (out.problems if out else [])
        result.error = "; ".join(p.reason for p in problems if p.level == "error") or "no article"
        result.body = Counts(0, 0, len(gold.sentences))
        return result
    art = out.article.article
    sentences = [s for para in out.article.sentences for s in para]
    result.extractor = art.extractor
    result.title_ok = " ".join(art.title.split()) == " ".join(gold.title.split())
    result.subtitles = match(list(art.subtitles), list(gold.subtitles))
    result.captions = match(list(art.captions), list(gold.captions))
    result.body = match(sentences, list(gold.sentences))
    result.leaks = _leaks([art.title, *art.subtitles, *art.captions, *sentences], gold)
    return result


def score_trafilatura(pair: GoldPair, lang: str, path: Path, splitter: SentenceSplitter) -> PageScore:
    """The baseline: trafilatura alone, given the page's bytes as a scraper would, with its own title."""
    import trafilatura

    result = PageScore(pair.id, lang, "html", "trafilatura", extractor="trafilatura")
    gold = pair.side(lang)
    doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True, include_comments=False)
    if doc is None:
        result.error = "trafilatura extracted nothing"
        result.body = Counts(0, 0, len(gold.sentences))
        return result
    title = doc.title or ""
    sentences = [s for line in (doc.text or "").splitlines() for s in splitter.split(line, lang)]
    result.title_ok = " ".join(title.split()) == " ".join(gold.title.split())
    result.subtitles = match([], list(gold.subtitles))
    result.captions = match([], list(gold.captions))
    result.body = match(sentences, list(gold.sentences))
    result.leaks = _leaks([title, *sentences], gold)
    return result


def boundary_counts(splitter: SentenceSplitter, gold: GoldSide, lang: str) -> Counts:
    """Sentence-boundary hits of the segmenter on gold paragraphs (paragraph ends are given, so not counted)."""
    total = Counts()
    for para in gold.body:
        text = " ".join(para)
        gold_ends = _ends(text, list(para))
        pred_ends = _ends(text, splitter.split(text, lang))
        total.add(Counts(len(gold_ends & pred_ends), len(pred_ends), len(gold_ends)))
    return total


def _ends(text: str, sentences: list[str]) -> set[int]:
    ends, pos = set(), 0
    for s in sentences[:-1]:
        start = text.find(s, pos)
        pos = (start if start >= 0 else pos) + len(s)
        ends.add(pos)
    return ends


@dataclass
class EvalReport:
    pages: list[PageScore]
    segmentation: dict[str, Counts]
    invalid_gold: list[Rejected]
    alignment: list[PairAlignment] = field(default_factory=list)
    qe: dict = field(default_factory=dict)  # name -> table: gold, perturbed, and the baselines on each
    qe_mt: dict = field(default_factory=dict)  # name -> chrF percentiles and floor sweep, when --mt ran
    qe_misses: list[str] = field(default_factory=list)
    qe_false_flags: list[str] = field(default_factory=list)
    single_pages: dict[str, list[SinglePageScore]] = field(default_factory=dict)  # "SET [path]" -> per page

    def single_page_summary(self) -> dict[str, dict]:
        return {name: summarize(scores) for name, scores in self.single_pages.items()}

    def alignment_summary(self) -> dict:
        total = AlignCounts()
        for a in self.alignment:
            total.add(a.body)
        roles = {role: sum(a.roles_exact[role] for a in self.alignment)
                 for role in ("title", "subtitle", "caption")}
        return {"pairs": len(self.alignment), "body": total.scores(),
                "exact": {role: f"{n}/{len(self.alignment)}" for role, n in roles.items()}}

    def summary(self) -> dict[str, dict]:
        groups: dict[str, dict] = {}
        for page in self.pages:
            for key in (f"{page.path}/{page.format}", f"{page.path}/all"):
                g = groups.setdefault(key, {"pages": 0, "failed": 0, "title": 0, "subtitles": Counts(),
                                            "captions": Counts(), "body": Counts(), "leaks": 0})
                g["pages"] += 1
                g["failed"] += page.error is not None
                g["title"] += page.title_ok
                for k in ("subtitles", "captions", "body"):
                    g[k].add(getattr(page, k))
                g["leaks"] += len(page.leaks)
        return {k: {**g, "title": round(g["title"] / g["pages"], 4),
                    **{c: g[c].as_dict() for c in ("subtitles", "captions", "body")}}
                for k, g in sorted(groups.items())}

    def as_dict(self) -> dict:
        return {"summary": self.summary(), "segmentation": {k: v.as_dict() for k, v in self.segmentation.items()},
                "alignment": {**self.alignment_summary(),
                              "per_pair": {a.pair: {**a.body.scores(), "exact": a.roles_exact}
                                           for a in self.alignment}},
                "qe": self.qe,
                **({"qe_mt": self.qe_mt} if self.qe_mt else {}),
                "pages": [p.as_dict() for p in self.pages],
                "single_pages": {name: {"summary": summarize(scores), "pages": [s.as_dict() for s in scores]}
                                 for name, scores in self.single_pages.items()},
                "invalid_gold": [{"input": r.source, "reason": r.reason} for r in self.invalid_gold]}


def evaluate(gold_dirs: Path | list[Path], cfg: Config, baseline: bool = False, perturbed: bool = False,
             seed: int = 0) -> EvalReport:
    """Scores of every annotated page on both cleaning paths (with `baseline`, of trafilatura alone too), of the
    aligner on every pair when the config's stages include `align`, and of QE on the gold segments when they
    include `qe` (with `perturbed`, on the challenge set planted from the faithful ones too; with `baseline`,
    the filters corpus builders use beside it). The stages are the run's: `Pipeline(cfg)`."""
    pairs, invalid, page_sets = [], [], {}
    for gold_dir in [gold_dirs] if isinstance(gold_dirs, Path) else gold_dirs:
        if is_page_set(gold_dir):
            page_sets[gold_dir.name], bad = load_page_golds(gold_dir)
        else:
            found, bad = load_gold_dir(gold_dir)
            pairs += found
        invalid += bad
    full = Pipeline(cfg)
    pipelines = {name: Pipeline(replace(cfg, clean=replace(cfg.clean, site=site)), upto="segment")
                 for name, site in PATHS.items()}
    if cfg.clean.site not in PATHS.values():  # a named profile is evaluated as the profile path
        pipelines["profile"] = full
    pages = [score_page(pair, lang, fmt, path, pipeline, name)
             for pair in pairs for lang in ("ko", "en") for fmt, path in pair.pages(lang).items()
             for name, pipeline in pipelines.items()]
    splitter = full.splitter
    if baseline:
        pages += [score_trafilatura(pair, lang, path, splitter) for pair in pairs for lang in ("ko", "en")
                  for fmt, path in pair.pages(lang).items() if fmt == "html"]
    seg = {lang: Counts() for lang in ("ko", "en")}
    for pair in pairs:
        for lang in ("ko", "en"):
            seg[lang].add(boundary_counts(splitter, pair.side(lang), lang))
    alignment = [score_alignment(pair, full.aligner) for pair in pairs] if full.aligner is not None else []
    report = EvalReport(pages, seg, invalid, alignment)
    for set_name, golds in page_sets.items():
        for name, pipeline in pipelines.items():
            report.single_pages[f"{set_name} [{name}]"] = [
                score_extraction(g, extract_with(pipeline, g), name) for g in golds]
        if baseline:
            report.single_pages[f"{set_name} [trafilatura]"] = [
                score_extraction(g, extract_with_trafilatura(g), "trafilatura") for g in golds]
    if full.estimator is not None and pairs:
        _evaluate_qe(report, pairs, full.estimator, full, baseline, perturbed, seed)
    return report


def _evaluate_qe(report: EvalReport, pairs: list[GoldPair], estimator: QualityEstimator, pipeline: Pipeline,
                 baseline: bool, perturbed: bool, seed: int) -> None:
    segments = []
    for pair in pairs:
        page = next(iter(pair.pages("ko").values()))
        result = pipeline.page(RawPage(str(page), page.read_bytes(), declared_lang="ko"), Stats())
        article = result.article.article if result.article else None
        segments += gold_segments(pair, article.published if article else None, article.site if article else "",
                                  estimator)
    sets = {"gold": segments}
    if perturbed:
        sets["perturbed"] = challenge_set(segments, estimator, seed)
    for name, segs in sets.items():
        if estimator.translator is not None or estimator.quality_model is not None:
            segs = [replace(s, pair_obj=p) for s, p in zip(segs, estimator.enrich([s.pair_obj for s in segs]),
                                                            strict=True)]
            if estimator.translator is not None:
                report.qe_mt[name] = mt_sweep(segs)
        counts = score_qe(segs, estimator)
        report.qe[name] = counts.table()
        if name == "gold":
            report.qe_misses, report.qe_false_flags = counts.misses, counts.false_flags
        if baseline:
            for filt, flagged in baseline_flags(segs).items():
                report.qe[f"{name} / {filt}"] = baseline_table(segs, flagged)


def _format_single_pages(report: EvalReport) -> list[str]:
    if not report.single_pages:
        return []
    lines = ["", "Single pages against their gold (the real-pages scoring rule):", ""] if report.pages else \
        ["Single pages against their gold (the real-pages scoring rule):", ""]
    head = f"{'set [extractor]':<28} {'title':>6} {'subt':>7} {'capt':>7} {'byline':>6} {'date':>5} " \
           f"{'body P':>7} {'body R':>7} {'body F1':>7} {'leaks':>5} {'altered':>7} {'refused':>7}"
    lines += [head, "-" * len(head)]
    for name, g in report.single_page_summary().items():
        lines.append(f"{name:<28} {g['title']:>3}/{g['pages']:<2} {g['subtitles']:>7} "
                     f"{g['captions_as_captions']:>3}/{g['captions_gold']:<3} {g['bylines']:>3}/{g['pages']:<2} "
                     f"{g['dates']:>2}/{g['pages']:<2} {g['body_precision']:>7.4f} {g['body_recall']:>7.4f} "
                     f"{g['body_f1']:>7.4f} {g['leaks']:>5} {g['altered']:>7} {g['refused']:>7}")
    for name, scores in report.single_pages.items():
        lines += ["", f"{name}, per page:"]
        for s in scores:
            f1 = 2 * s.matched / (s.gold + s.extracted) if s.gold + s.extracted else 0.0
            lines.append(f"  {s.page:<22} title {'ok' if s.title_ok else 'MISS':<4} subt {s.subtitles_found}/"
                         f"{s.subtitles_gold} capt {s.captions_as_captions}/{s.captions_gold} byline "
                         f"{'ok' if s.byline_ok else 'MISS':<4} date {'ok' if s.date_ok else 'MISS':<4} "
                         f"body F1 {f1:.3f} leaks {len(s.leaks)}"
                         + (f" refused: {s.refused}" if s.refused else ""))
            lines += [f"      leak: {x[:100]!r}" for x in s.leaks[:3]]
    return lines


def format_report(report: EvalReport) -> str:
    lines = []
    if report.pages:
        lines += ["Cleaning and segmentation against gold", ""]
        head = f"{'path/format':<16} {'pages':>5} {'fail':>4} {'title':>6} {'subt F1':>7} {'capt F1':>7} " \
               f"{'body P':>7} {'body R':>7} {'body F1':>7} {'leaks':>5}"
        lines += [head, "-" * len(head)]
        for key, g in report.summary().items():
            lines.append(f"{key:<16} {g['pages']:>5} {g['failed']:>4} {g['title']:>6.3f} "
                         f"{g['subtitles']['f1']:>7.3f} {g['captions']['f1']:>7.3f} {g['body']['precision']:>7.4f} "
                         f"{g['body']['recall']:>7.4f} {g['body']['f1']:>7.4f} {g['leaks']:>5}")
        lines += ["", "Segmenter alone, sentence-boundary F1 on gold paragraphs:"]
        for lang, c in report.segmentation.items():
            lines.append(f"  {lang}: P {c.precision:.4f}  R {c.recall:.4f}  F1 {c.f1:.4f}  "
                         f"({c.gold} gold boundaries)")
    if report.alignment:
        a = report.alignment_summary()
        b = a["body"]
        lines += ["", f"Alignment of the gold sentences, {a['pairs']} pairs (Vecalign's strict and lax scores):",
                  f"  body: strict P {b['strict_p']:.4f} R {b['strict_r']:.4f} F1 {b['strict_f1']:.4f}   "
                  f"lax P {b['lax_p']:.4f} R {b['lax_r']:.4f} F1 {b['lax_f1']:.4f}",
                  "  exact: " + ", ".join(f"{role} {v}" for role, v in a["exact"].items())]
        for pa in report.alignment:
            sc = pa.body.scores()
            if sc["strict_f1"] < 1 or not all(pa.roles_exact.values()):
                bad = [r for r, ok in pa.roles_exact.items() if not ok]
                lines.append(f"  {pa.pair}: body strict F1 {sc['strict_f1']:.3f}"
                             + (f"; not exact: {bad}" if bad else ""))
    worst = [p for p in report.pages if p.error or p.leaks or p.body.f1 < 1 or not p.title_ok
             or p.subtitles.f1 < 1 or p.captions.f1 < 1]
    if worst:
        lines += ["", "Pages with misses:"]
        for p in worst:
            what = p.error or (f"title {'ok' if p.title_ok else 'MISS'}, subtitles {p.subtitles.tp}/{p.subtitles.gold}"
                               f" (+{p.subtitles.pred - p.subtitles.tp}), captions {p.captions.tp}/{p.captions.gold}"
                               f" (+{p.captions.pred - p.captions.tp}), body F1 {p.body.f1:.3f}")
            lines.append(f"  {p.pair} {p.lang}.{p.format} [{p.path}]: {what}")
            lines += [f"      leak: {x[:100]!r}" for x in p.leaks[:5]]
    lines += _format_single_pages(report)
    for name, table in report.qe.items():
        title = f"QE on {name} segments" + ("" if "/" in name else " (newsbitext)")
        lines += ["", *format_qe(title, table)]
    for name, table in report.qe_mt.items():
        lines += ["", *format_mt_sweep(f"MT agreement on {name} segments (human English against the MT)", table)]
    if report.qe_misses:
        lines += ["", "QE misses on gold (unflagged, or flagged with another type):"]
        lines += [f"  {m[:220]}" for m in report.qe_misses]
    if report.qe_false_flags:
        lines += ["", "QE flags on faithful gold segments:"]
        lines += [f"  {m[:220]}" for m in report.qe_false_flags]
    for r in report.invalid_gold:
        lines.append(f"  invalid gold {r.source}: {r.reason}")
    return "\n".join(lines)
