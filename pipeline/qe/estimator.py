"""The QE stage: every aligned segment gets the checks' flags, one score in 0..1 and a label from the thresholds
in `configs/qe.yaml`. Checks emit flags with a severity; the score is computed from them and the similarity, and
the label from the score, so re-labelling with other thresholds runs nothing again. `segment_pairs` is the one
place an article pair's segments become what the checks read (`SegmentPair`): the run, `qe` on a TSV and eval on
gold segments all go through it.

Room: a stage (records to records, no I/O). May import `config`, `records`, `clean.profile` (a site's
gazetteer) and the rest of `qe/`; its models are given to it, never loaded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..clean.profile import SITES, load_profile
from ..config import ConfigError, QEConfig
from ..records import Article, ArticlePair, Flag, Provenance, Segment, SegmentedArticle, SegmentPair
from .checks import CHECKS, UNSPECIFIC, Check, anchored_by_figures, length_z, metric_signatures, mt_agreement
from .debris import read_through
from .names import Gazetteer
from .signals import SIGNALS, margins, signal_row

Label = str  # "ok" | "review" | "bad"
WINDOW_CHECK = "window@1"  # the check name of the flag that says a segment was checked on its first characters
MISALIGNED_CHECK = "misaligned@4"  # ...and of the flag of a pair whose sides are no translations of each other
LONE_REACH = 500  # sentences either side of its place that a lone sentence of a long article is compared with
NORM_PAIRS = 5  # body pairs with a length lean an article (or a `qe` batch) needs to say how long its English runs
# When a segment has several flags, the first of these types is its headline (what a reviewer sees first).
PRIORITY = ("misaligned", "untranslated", "truncation", "number", "date", "entity", "negation", "modality", "meaning",
            "omission", "addition", "mt_disagreement", "qe_model", "length", "low_similarity")


def evidence(pair: SegmentPair) -> dict | None:
    """The MT output with its chrF and BLEU against the human English, the QE model's value, and the debris the
    checks read through (entities, a dateline), for the record."""
    out: dict = {}
    notes = [*read_through(pair.ko, False).notes, *read_through(pair.en, True).notes]
    if notes:
        out["debris"] = notes
    if pair.mt is not None:
        chrf, bleu = mt_agreement(pair.mt, pair.en) if pair.en else (0.0, 0.0)
        out["mt"] = {"text": pair.mt, "chrF": round(chrf, 2), "BLEU": round(bleu, 2)}
    if pair.model_score is not None:
        out["qe_model"] = round(pair.model_score, 4)
    return out or None


def headline(flags: Sequence[Flag]) -> Flag | None:
    """The flag a reviewer should see first: the surest, then the most specific type."""
    if not flags:
        return None
    return min(flags, key=lambda f: (-f.severity, PRIORITY.index(f.type) if f.type in PRIORITY else len(PRIORITY)))


def _head(text: str, limit: int) -> str:
    """The first `limit` characters of `text`, ending at a space in the last tenth of them if there is one."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit - limit // 10, limit + 1)
    return text[:space if space > 0 else limit].rstrip()


def _sentences_within(sentences: tuple[str, ...], head: str) -> tuple[str, ...]:
    """The sentences of a side that its head holds, the one it cuts cut as it is (the sentences joined by one
    space make the side's text)."""
    out, at = [], 0
    for sentence in sentences:
        if at >= len(head):
            break
        out.append(head[at:at + len(sentence)])
        at += len(sentence) + 1
    return tuple(out)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _same_place(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Two flags' spans on one side are of one place: both absent, or overlapping."""
    return a == b or (a is not None and b is not None and a[0] < b[1] and b[0] < a[1])


class QualityEstimator:
    """Runs the configured checks on segments and scores them. `encoder` (anything with `encode(list[str])`)
    serves similarity for the TSV path, the clause-level omission and addition checks, and lone sentences. A
    `translator` (`models.translator`) and a `quality_model` (`models.quality`), when given, fill each pair's MT
    and model value in `enrich` before the checks read them. A `faithfulness` model (`models.faithfulness`), when
    given, makes the score of every segment with both sides: the probability, learned from real pairs, that it is a
    translation a newsroom would let stand."""

    name = "qe"

    def __init__(self, cfg: QEConfig, encoder, translator=None, quality_model=None, faithfulness=None) -> None:
        self.max_check_chars = cfg.max_check_chars
        unknown = [c for c in cfg.active_checks if c not in CHECKS]
        if unknown:
            raise ConfigError(f"qe.checks: unknown check(s) {unknown}; known: {sorted(CHECKS)}")
        for check, model, flag in (("mt_disagreement", translator, "--mt"), ("qe_model", quality_model, "--qe-model")):
            if check in cfg.active_checks and model is None:
                raise ConfigError(f"qe.checks: {check} needs a model ({flag} MODEL)")
        self.cfg = cfg
        self.encoder = encoder
        self.translator = translator
        self.quality_model = quality_model
        self.faithfulness = faithfulness
        self._checks: dict[str, list[Check]] = {}
        self._bank: tuple[np.ndarray, np.ndarray] | None = None

    def embed(self, texts: list[str]) -> np.ndarray:
        return _unit(np.asarray(self.encoder.encode(texts), dtype=np.float32))

    def embed_without(self, text: str, cuts: list[tuple[int, int]]) -> np.ndarray | None:
        """`text` with each span left out in turn, from the encoder's `encode_without` (the embedded USE: time
        that grows with the text alone); None where the encoder has none, for the check to encode each
        remainder."""
        encode_without = getattr(self.encoder, "encode_without", None)
        vectors = encode_without(text, cuts) if encode_without is not None else None
        return None if vectors is None else _unit(np.asarray(vectors, dtype=np.float32))

    def checks(self, site: str = "") -> list[Check]:
        """The configured checks, with the gazetteer that the site's profile extends."""
        if site not in self._checks:
            extra = load_profile(site).gazetteer if site in SITES else ()
            gazetteer = Gazetteer.load(extra, f"configs/sites/{site}.yaml")
            self._checks[site] = [CHECKS[name](self.cfg, gazetteer, self.embed, self.embed_without)
                                  for name in self.cfg.active_checks]
        return self._checks[site]

    def signature(self) -> str:
        """`checks:number@1+date@1...|qe:<thresholds>|gaz<entries>`, then the MT model with sacrebleu's chrF and
        BLEU signatures and the QE model when they ran: what decided every flag and score."""
        checks = self.checks()
        names = "+".join(c.tag for c in checks)
        gazetteer = checks[0].gazetteer.signature() if checks and checks[0].gazetteer else "gaz0"
        parts = [f"checks:{names}", f"qe:{self.cfg.signature()},max={self.max_check_chars}", gazetteer]
        if self.translator is not None:
            metrics = metric_signatures()
            parts += [f"mt:{self.translator.signature()}", f"chrF:{metrics['chrF']}", f"BLEU:{metrics['BLEU']}"]
        if self.quality_model is not None:
            parts.append(f"qe-model:{self.quality_model.signature()}")
        parts.append(self.faithfulness.signature() if self.faithfulness is not None else "score:rules")
        return "|".join(parts)

    def enrich(self, pairs: Sequence[SegmentPair]) -> list[SegmentPair]:
        """The pairs with their MT and QE-model value filled in, in one batched call per model. Each Korean
        sentence is translated on its own (a sentence seen in another bead comes from the cache)."""
        both = [i for i, p in enumerate(pairs) if p.ko and p.en]
        out = list(pairs)
        if self.translator is not None and both:
            pieces = [pairs[i].ko_sentences or (pairs[i].ko,) for i in both]
            flat = self.translator.translate([s for piece in pieces for s in piece])
            at = 0
            for i, piece in zip(both, pieces, strict=True):
                out[i] = replace(out[i], mt=" ".join(flat[at:at + len(piece)]))
                at += len(piece)
        if self.quality_model is not None and both:
            values = self.quality_model.score([pairs[i].ko for i in both], [pairs[i].en for i in both])
            for i, value in zip(both, values, strict=True):
                out[i] = replace(out[i], model_score=value)
        return out

    def flags(self, pair: SegmentPair) -> tuple[Flag, ...]:
        """The checks' flags, the specific ones if any; a side longer than `qe.max_check_chars` is checked on its
        first characters (what the checks do grows with the text, and no sentence pair comes near), and a `length`
        flag says so. The checks read through corpus debris (`debris.read_through`: HTML entities, CP949 punctuation,
        a dateline)."""
        checked = self.window(pair)
        ko, en = read_through(checked.ko, False), read_through(checked.en, True)
        read = checked
        if ko.notes or en.notes or en.text != checked.en:  # debris read as what it is (and typographic apostrophes
            # as the patterns spell them); the flags' spans mapped back to the text as it stands
            read = replace(checked, ko=ko.text, en=en.text, credit=en.credit,
                           ko_sentences=tuple(read_through(t, False).text for t in checked.ko_sentences),
                           en_sentences=tuple(read_through(t, True).text for t in checked.en_sentences))
        found = [replace(f, ko_span=ko.span(f.ko_span), en_span=en.span(f.en_span)) if read is not checked else f
                 for check in self.checks(pair.site) for f in check(read)]
        specific = [f for f in found if f.type not in UNSPECIFIC]
        said: list[Flag] = []  # one flag for one finding, where two checks make it (a negated clause the Korean
        # lacks; 사흘 전 as "three days later", a relative date moved and a duration related otherwise)
        for f in specific or found:
            if not any(f.type == g.type and _same_place(f.ko_span, g.ko_span) and _same_place(f.en_span, g.en_span)
                       and (f.message == g.message or (f.ko_span and f.en_span)) for g in said):
                said.append(f)
        return (*said, *self._window_flags(pair, checked))

    def window(self, pair: SegmentPair) -> SegmentPair:
        """The pair as the checks read it: each side (and the MT) cut to `qe.max_check_chars` characters, at a
        space where one is near. The flags' spans index the text from its start, so they hold for the whole."""
        limit = self.max_check_chars
        if len(pair.ko) <= limit and len(pair.en) <= limit:
            return pair
        ko, en = _head(pair.ko, limit), _head(pair.en, limit)
        return replace(pair, ko=ko, en=en, ko_sentences=_sentences_within(pair.ko_sentences, ko),
                       en_sentences=_sentences_within(pair.en_sentences, en),
                       mt=None if pair.mt is None else _head(pair.mt, limit))

    def _window_flags(self, pair: SegmentPair, checked: SegmentPair) -> tuple[Flag, ...]:
        sides = [(name, len(whole)) for name, whole, read in (("Korean", pair.ko, checked.ko),
                                                              ("English", pair.en, checked.en)) if read != whole]
        if not sides:
            return ()
        what = " and ".join(f"the {name} side has {n:,} characters" for name, n in sides)
        limit = self.max_check_chars
        return (Flag("length", WINDOW_CHECK, f"{what}, more than qe.max_check_chars ({limit:,}): the checks read "
                     f"the first {limit:,} characters of a side", None, None, 1.0),)

    def score(self, similarity: float | None, flags: Sequence[Flag]) -> tuple[float, Label]:
        cfg = self.cfg
        if similarity is None:
            sim = 1.0
        else:
            sim = float(np.clip((similarity - cfg.similarity_floor) / (cfg.similarity_ceiling - cfg.similarity_floor),
                                0.0, 1.0))
        value = cfg.similarity_weight * sim + (1 - cfg.similarity_weight)
        for flag in flags:
            value *= 1 - 0.7 * flag.severity
        value = round(value, 4)
        label = "ok" if value >= cfg.ok_threshold else "bad" if value < cfg.bad_threshold else "review"
        return value, label

    def score_pair(self, pair: SegmentPair) -> tuple[float, Label, tuple[Flag, ...]]:
        return self.score_pairs([pair])[0]

    def score_pairs(self, pairs: Sequence[SegmentPair]) -> list[tuple[float, Label, tuple[Flag, ...]]]:
        """Score, label and flags of each pair. With a faithfulness model, a pair with both sides scores its
        probability of being faithful (one batch for all); a lone sentence, or every pair without the model, scores
        by the rule of `score`. The label is the score's, or worse where the flags say so: a flagged segment is at
        least for review (what an editor is shown, they review), and one with a flag of severity 1 (a check sure of
        an error: 20만 as 20) is bad."""
        flags = [self.flags(p) for p in pairs]
        learned, margin, cosine = self.faithful_probability(pairs, flags)
        out = []
        for pair, found, value, m, c in zip(pairs, flags, learned, margin, cosine, strict=True):
            if self._off_by_one(pair):  # (where its neighbour is its translation, that says more than the margin)
                found = (self._shifted(pair, found), *found)
            elif m is not None and m < self.cfg.misaligned_margin and not anchored_by_figures(pair.ko, pair.en):
                found = (self._misaligned(m, pair, found), *found)
            elif c is not None and c < self.cfg.misaligned_long_cosine and \
                    len(self._read(pair).ko) >= self.cfg.misaligned_long_chars and \
                    not anchored_by_figures(pair.ko, pair.en):  # two figures in common: one fact, tersely put
                found = (self._unlike(c, pair, found), *found)
            score, label = self.score(pair.similarity, found) if value is None else self.label(value)
            if any(f.severity >= 1 for f in found):
                label = "bad"
            elif found and label == "ok":
                label = "review"
            out.append((score, label, found))
        return out

    def _misaligned(self, margin: float, pair: SegmentPair, found: Sequence[Flag]) -> Flag:
        """The flag of a pair whose sides are no translations of each other, first of its flags; the checks' flags
        stay."""
        return Flag("misaligned", MISALIGNED_CHECK, f"the two sides are not translations of each other: no closer than "
                    f"unrelated news sentences are (margin {margin:.2f} over the nearest reference pairs, below "
                    f"{self.cfg.misaligned_margin:g})", None, None, self._misaligned_severity(pair, found))

    def _unlike(self, cosine: float, pair: SegmentPair, found: Sequence[Flag]) -> Flag:
        """The flag of a long pair whose sides are no translations of each other by their cosine alone: the longer
        the sentence, the less its translation's cosine strays, while unrelated long news sentences on one topic
        stay close to the reference pairs (a margin that passes)."""
        cfg = self.cfg
        return Flag("misaligned", MISALIGNED_CHECK, f"the two sides are not translations of each other: cosine "
                    f"{cosine:.2f}, below {cfg.misaligned_long_cosine:g} for a Korean sentence of "
                    f"{cfg.misaligned_long_chars} characters or more", None, None,
                    self._misaligned_severity(pair, found))

    def _misaligned_severity(self, pair: SegmentPair, found: Sequence[Flag]) -> float:
        """Where the English is cut short or lacks content (a truncation or omission flag, or far shorter than the
        Korean), what is left of it is unlike the Korean for that reason: a misaligned flag then gives way to the
        checks' (a lower severity)."""
        z = length_z(self._read(pair), self.cfg)
        cut = any(f.type in ("truncation", "omission") for f in found) or (z is not None and z <= -self.cfg.omission_z)
        return 0.5 if cut else 1.0

    def _off_by_one(self, pair: SegmentPair) -> bool:
        cfg = self.cfg
        return pair.neighbour is not None and pair.similarity is not None and \
            pair.neighbour >= cfg.neighbour_floor and pair.neighbour - pair.similarity >= cfg.neighbour_gap

    def _shifted(self, pair: SegmentPair, found: Sequence[Flag]) -> Flag:
        """The flag of a pair of a corpus in order that is paired off by one: a side matches the other side of the
        line beside it better than its own. It gives way where a truncation or omission flag says the English is cut
        short; a short English alone does not, since the neighbour's better match already explains it."""
        cut = any(f.type in ("truncation", "omission") for f in found)
        side = "Korean" if pair.neighbour_of.endswith("English") else "English"
        return Flag("misaligned", MISALIGNED_CHECK, f"paired off by one: the {side} is more like {pair.neighbour_of} "
                    f"(cosine {pair.neighbour:.2f}) than like its own line's (cosine {pair.similarity:.2f})", None,
                    None, 0.5 if cut else 1.0)

    def label(self, value: float) -> tuple[float, Label]:
        value = round(float(value), 4)
        cfg = self.cfg
        return value, "ok" if value >= cfg.ok_threshold else "bad" if value < cfg.bad_threshold else "review"

    def signals(self, pairs: Sequence[SegmentPair], flags: Sequence[Sequence[Flag]],
                bank: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """The learned score's signals (`signals.SIGNALS`) of pairs with both sides, one row each, their margins
        measured against `bank` (the Korean and English reference sentences, encoded): what the model reads when
        scoring and what `train-qe` fits it on."""
        limit = self.max_check_chars
        ko = self.embed([_head(p.ko, limit) for p in pairs])
        en = self.embed([_head(p.en, limit) for p in pairs])
        margin = margins(ko, en, *bank)
        cosine = np.einsum("ij,ij->i", ko, en)
        return np.array([signal_row(self._read(p), f, float(c), float(m), self.cfg)
                         for p, f, c, m in zip(pairs, flags, cosine, margin, strict=True)]).reshape(len(pairs), -1)

    def _read(self, pair: SegmentPair) -> SegmentPair:
        """The pair's window with its debris read through, as the checks read it: `&#8212;` is no figure here
        either."""
        checked = self.window(pair)
        return replace(checked, ko=read_through(checked.ko, False).text, en=read_through(checked.en, True).text)

    def bank(self) -> tuple[np.ndarray, np.ndarray]:
        """The faithfulness model's reference sentences, encoded once (or as they came with the model, by this
        encoder)."""
        if self._bank is None:
            model = self.faithfulness
            self._bank = model.bank_vectors(self.encoder.signature()) or (self.embed(list(model.bank_ko)),
                                                                         self.embed(list(model.bank_en)))
        return self._bank

    def faithful_probability(self, pairs: Sequence[SegmentPair], flags: Sequence[Sequence[Flag]]) \
            -> tuple[list[float | None], list[float | None], list[float | None]]:
        """The faithfulness model's value and the margin and cosine it read for each pair with both sides; None for
        the rest or without a model."""
        both = [i for i, p in enumerate(pairs) if p.ko and p.en]
        out: list[float | None] = [None] * len(pairs)
        margin: list[float | None] = [None] * len(pairs)
        cosine: list[float | None] = [None] * len(pairs)
        if self.faithfulness is None or not both:
            return out, margin, cosine
        rows = self.signals([pairs[i] for i in both], [flags[i] for i in both], self.bank())
        values = self.faithfulness.probability(rows)
        for i, value, m, c in zip(both, values, rows[:, SIGNALS.index("margin")], rows[:, SIGNALS.index("cosine")],
                                  strict=True):
            out[i], margin[i], cosine[i] = float(value), float(m), float(c)
        return out, margin, cosine

    def similarities(self, ko: list[str], en: list[str]) -> list[float]:
        """Cosine of each Korean text with the English text beside it (the TSV path, where no aligner ran)."""
        if not ko:
            return []
        a, b = self.embed(ko), self.embed(en)
        return [float(x) for x in np.einsum("ij,ij->i", a, b)]

    def segment_pairs(self, pair: ArticlePair) -> list[SegmentPair]:
        """An article pair's segments as the checks read them: both sides' text, the similarity, the Korean
        article's date and site, and for a 1-0 or 0-1 segment the other side's whole article and how well the
        lone sentence matches its best sentence there."""
        ko_roles, en_roles = pair.ko.roles(), pair.en.roles()
        ko_all = [t for role in ("title", "subtitle", "body") for t in ko_roles[role]]
        en_all = [t for role in ("title", "subtitle", "body") for t in en_roles[role]]
        segments = pair.segments or ()
        lone = self._best_opposite(segments, ko_all, en_all)
        ko_article, en_article = " ".join(ko_all), " ".join(en_all)  # joined once: every lone segment reads one
        article = pair.ko.article
        out = []
        for i, seg in enumerate(segments):
            alone = bool(seg.ko) != bool(seg.en)
            out.append(SegmentPair(seg.role, seg.ko_text, seg.en_text, seg.similarity if seg.ko and seg.en else None,
                                   article.published, article.site, tuple(ko_roles[seg.role][k] for k in seg.ko),
                                   tuple(en_roles[seg.role][k] for k in seg.en), lone.get(i),
                                   (en_article if seg.ko else ko_article) if alone else ""))
        return self.with_length_norm(out)

    def with_length_norm(self, pairs: list[SegmentPair]) -> list[SegmentPair]:
        """The pairs, each with the median length lean of the content of the body pairs among them
        (`SegmentPair.length_norm`), where NORM_PAIRS or more have one."""
        body = [p for p in pairs if p.role == "body" and p.ko and p.en]
        if len(body) < NORM_PAIRS:  # (a lone sentence's segment: no lean to read)
            return pairs
        leans = [z for p in body if (z := length_z(self._read(p), self.cfg, content=True)) is not None]
        if len(leans) < NORM_PAIRS:
            return pairs
        norm = float(np.median(leans))
        return [replace(p, length_norm=norm) for p in pairs]

    def __call__(self, pair: ArticlePair) -> ArticlePair:
        """The QE stage: each of the pair's segments with its score, label, flags and the models' evidence."""
        pairs = self.enrich(self.segment_pairs(pair))
        scored = []
        for seg, checked, (score, label, flags) in zip(pair.segments or (), pairs, self.score_pairs(pairs),
                                                       strict=True):
            scored.append(replace(seg, score=score, label=label, flags=flags, evidence=evidence(checked)))
        return replace(pair, segments=tuple(scored))

    def score_texts(self, ko: Sequence[str], en: Sequence[str], before: tuple[str, str] | None = None,
                    after: tuple[str, str] | None = None) -> list[tuple[float, Label, tuple[Flag, ...]]]:
        """Score, label and flags of each Korean text with the English text beside it, as lone sentence pairs of no
        article (the `qe` command on a corpus): the same path as a run's segments, one batch per model. The
        similarity of a text longer than `qe.max_check_chars` is that of the part the checks read. The lines are
        read as a corpus in order: each pair is also measured against the lines beside it, `before` and `after`
        the batch included (a pairing off by one)."""
        if not ko:
            return []
        limit = self.max_check_chars
        context = [*([before] if before else []), *zip(ko, en, strict=True), *([after] if after else [])]
        a = self.embed([_head(k, limit) for k, _ in context])
        b = self.embed([_head(e, limit) for _, e in context])
        sims = np.einsum("ij,ij->i", a, b)
        first = 1 if before else 0
        pairs = []
        for i, (k, e) in enumerate(zip(ko, en, strict=True)):
            at = first + i
            pair = self.segment_pairs(_sentence_pair(k, e, float(sims[at])))[0]
            near = [(float(x @ y), what) for step, where in ((-1, "previous"), (1, "next"))
                    if 0 <= at + step < len(context)
                    for x, y, what in ((a[at], b[at + step], f"the {where} line's English"),
                                       (b[at], a[at + step], f"the {where} line's Korean"))]
            if near:
                value, what = max(near)
                pair = replace(pair, neighbour=value, neighbour_of=what)
            pairs.append(pair)
        return self.score_pairs(self.enrich(self.with_length_norm(pairs)))

    def _best_opposite(self, segments: Sequence[Segment], ko_all: list[str], en_all: list[str]) -> dict[int, float]:
        """For each 1-0 or 0-1 segment (by its place), how well its sentence matches the best sentence of the
        other side's whole article: a sentence said elsewhere (a redundant one dropped, an explanation added)
        scores high. In an article of more than 2 * LONE_REACH sentences, the best of those about its place
        (every lone sentence against every sentence would grow with the square of the article)."""
        lone = [(i, s) for i, s in enumerate(segments) if bool(s.ko) != bool(s.en)]
        if not lone or not ko_all or not en_all:
            return {}
        ko_vecs, en_vecs = self.embed(ko_all), self.embed(en_all)
        out = {}
        for i, seg in lone:
            other = en_vecs if seg.ko else ko_vecs
            if len(other) > 2 * LONE_REACH:
                at = round(i / len(segments) * len(other))
                other = other[max(0, at - LONE_REACH):at + LONE_REACH]
            out[i] = float((other @ self.embed([seg.ko_text or seg.en_text]).T).max())
        return out


_NO_SOURCE = Provenance("", "", "", {})


def _sentence_pair(ko: str, en: str, similarity: float) -> ArticlePair:
    """A lone pair of texts as an article pair of one body segment, so it takes the run's path to the checks."""
    def side(text: str, lang: str) -> SegmentedArticle:
        return SegmentedArticle(Article("", lang, ""), ((text,),))

    return ArticlePair("", side(ko, "ko"), side(en, "en"), _NO_SOURCE,
                       (Segment("body", (0,), (0,), ko, en, similarity),))
