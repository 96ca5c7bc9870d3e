"""Typed records that flow between the stages, from the reader's bytes to the writers' `ArticlePair`.

Room: the records. Every stage takes and returns these frozen dataclasses; a stage that cannot handle its input
returns a `Rejected` naming the input and the reason instead of raising, and the runner writes it to errors.jsonl.
Imports nothing of the package: every other module may import it.
"""

from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ko", "en"]
PageKind = Literal["html", "text"]
Role = Literal["title", "subtitle", "caption", "body"]
ROLES: tuple[Role, ...] = ("title", "subtitle", "caption", "body")


@dataclass(frozen=True, slots=True)
class RawPage:
    """Bytes of one scraped page, as a reader found them."""

    source: str  # file path, or `path#record` for a page inside a JSONL or WARC file
    data: bytes
    url: str | None = None
    declared_charset: str | None = None  # from an HTTP header (WARC) or the reader
    declared_lang: str | None = None  # from a file name (`x.ko.html`) or a JSONL `lang` field
    kind: PageKind | None = None  # None: sniff the bytes


@dataclass(frozen=True, slots=True)
class Page:
    """A decoded page: text plus what was learned while decoding it."""

    source: str
    text: str
    kind: PageKind
    encoding: str
    sha256: str
    url: str | None = None
    warnings: tuple[str, ...] = ()  # recovered problems (a wrong declared charset, repaired mojibake)
    declared_lang: str | None = None  # what the input says the page's language is (its name, its pair, a field)


@dataclass(frozen=True, slots=True)
class Article:
    """A page reduced to its article: every field kept, all page chrome gone."""

    source: str
    lang: str
    title: str
    subtitles: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    byline: str | None = None
    published: str | None = None  # ISO 8601
    url: str | None = None
    extractor: str = ""  # which path of the cleaning cascade produced it, e.g. "asiae/text"
    site: str = ""  # the site profile that cleaned it ("asiae", "generic"; its gazetteer extends the QE checks')
    sha256: str | None = None  # of the page's bytes, and the encoding they were read in: its provenance
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentedArticle:
    """An article whose body paragraphs are split into sentences."""

    article: Article
    sentences: tuple[tuple[str, ...], ...] = field(default=())  # one tuple of sentences per paragraph

    def roles(self) -> dict[Role, tuple[str, ...]]:
        """Each role's flattened sentence list: what alignment indexes point into (the title counts as one
        sentence, and as none when empty; each subtitle and caption as one)."""
        a = self.article
        return {"title": (a.title,) if a.title else (), "subtitle": a.subtitles, "caption": a.captions,
                "body": tuple(s for para in self.sentences for s in para)}


@dataclass(frozen=True, slots=True)
class PagePair:
    """A Korean page and the English page that translates it, as the pairing step matched them."""

    id: str
    ko: str  # source of the Korean page
    en: str  # source of the English page


@dataclass(frozen=True, slots=True)
class AlignedSegment:
    """Korean and English sentences aligned together within one role, by their indexes into that role's
    flattened sentence list (title and subtitles and captions count one sentence per string)."""

    role: Role
    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # similarity of the two sides in 0..1; 0 where one side is empty


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that a stage could not process, with a reason a person understands."""

    source: str
    stage: str
    reason: str
    level: Literal["error", "warning"] = "error"
    debug: str = field(default="", compare=False)  # a traceback, for debug.log: never shown as the reason


def internal_error(source: str, stage: str, exc: BaseException) -> Rejected:
    """What an unexpected exception while handling one input becomes: a `Rejected` naming the input and the
    exception's type (the stage is the one that raised, or `internal` when unknown), its traceback kept for
    debug.log. The guards of last resort use it, so a bug costs one input and never the run."""
    trace = "".join(traceback.format_exception(exc))
    return Rejected(source, stage, f"internal error ({type(exc).__name__}: {str(exc)[:200]}); the input is left out, "
                                   "its traceback is in debug.log", debug=trace)


FlagType = Literal["number", "date", "entity", "omission", "addition", "untranslated", "negation", "modality",
                   "truncation", "meaning", "misaligned", "length", "low_similarity", "mt_disagreement", "qe_model"]


@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One aligned segment as the QE checks read it: both sides' text (the bead's sentences joined by one space,
    which the flags' spans index) and what the aligner and the article know about it."""

    role: Role
    ko: str
    en: str
    similarity: float | None = None  # cosine of the two sides' embeddings; None for a 1-0 or 0-1 segment
    published: str | None = None  # the Korean article's publication date (ISO 8601), for 지난달 and 8일
    site: str = ""  # the site profile that cleaned the article (its gazetteer extends the base one)
    ko_sentences: tuple[str, ...] = ()
    en_sentences: tuple[str, ...] = ()
    best_opposite: float | None = None  # a lone sentence's best similarity to any sentence of the other side
    opposite: str = ""  # for a 1-0 or 0-1 segment: the other side's whole article, to tell a dropped redundant
    # sentence or an added explanation from lost or invented content
    mt: str | None = None  # the Korean side machine-translated (`--mt`), for mt_disagreement and as evidence
    model_score: float | None = None  # a QE model's value for the pair (`--qe-model`)
    credit: str = ""  # the English's dateline, read out of `en` as no content: it may still render a Korean place
    # `qe` on a corpus in order: the best cosine of either side with the other side of the line before or after it,
    # and which that is ("the next line's English"): a pairing off by one matches its neighbour better than itself
    neighbour: float | None = None
    neighbour_of: str = ""
    # the median length lean (`qe.checks.length_z` of the content) of the pairs read beside it, its article's or its
    # batch's in `qe`: how long this corpus's English runs against its Korean (a condensed translation runs short)
    length_norm: float | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a reviewer must look at in one segment: what, why, and where on each side."""

    type: FlagType
    check: str  # the check that raised it, as `name@version`
    message: str
    ko_span: tuple[int, int] | None = None  # character offsets into SegmentPair.ko
    en_span: tuple[int, int] | None = None  # character offsets into SegmentPair.en
    severity: float = 1.0  # how sure the check is, 0..1: the score falls by it

    def as_dict(self) -> dict:
        return {"type": self.type, "check": self.check, "message": self.message,
                "ko_span": list(self.ko_span) if self.ko_span else None,
                "en_span": list(self.en_span) if self.en_span else None, "severity": round(self.severity, 3)}


@dataclass(frozen=True, slots=True)
class Segment:
    """One aligned segment as the outputs carry it: its indexes into the role's sentence list, both sides' text
    (the sentences joined by one space: what the flags' spans index), the aligner's similarity, and, once QE ran,
    its score, label, flags and the models' evidence."""

    role: Role
    ko: tuple[int, ...]
    en: tuple[int, ...]
    ko_text: str
    en_text: str
    similarity: float  # the aligner's cosine in 0..1; 0 where one side is empty
    score: float | None = None  # None: QE did not run
    label: str | None = None  # ok | review | bad
    flags: tuple[Flag, ...] = ()
    evidence: dict | None = None  # what the models said, when they ran: {"mt": {...}, "qe_model": value}

    @classmethod
    def of(cls, role: Role, ko: tuple[int, ...], en: tuple[int, ...], ko_roles: dict, en_roles: dict,
           similarity: float, **scored) -> Segment:
        """A segment with its text taken from both sides' role lists (`SegmentedArticle.roles()`)."""
        return cls(role, ko, en, " ".join(ko_roles[role][i] for i in ko), " ".join(en_roles[role][j] for j in en),
                   similarity, **scored)


@dataclass(frozen=True, slots=True)
class Provenance:
    """What made an article pair beyond its pages (whose source, hash and encoding the articles carry): the
    version, the config's hash, the run's signature, and the version of the site profile that cleaned each
    side."""

    version: str
    config: str
    signature: str
    site_profiles: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class ArticlePair:
    """A Korean article and its English translation, what the stages made of them (segments with text, scores
    and flags; None before alignment ran) and where they came from: what a worker returns, what the shard store
    keeps, and what every writer and the report read."""

    id: str
    ko: SegmentedArticle
    en: SegmentedArticle
    provenance: Provenance
    segments: tuple[Segment, ...] | None = None

    def side(self, lang: str) -> SegmentedArticle:
        return self.ko if lang == "ko" else self.en

    @property
    def scored(self) -> bool:
        """QE ran on the segments."""
        return bool(self.segments) and self.segments[0].score is not None

    def flagged(self) -> list[Segment]:
        return [s for s in self.segments or () if s.flags]

    def qe_summary(self) -> dict:
        """The article's QA in one block: segments, flagged, labels and flag types, mean and lowest score, and the
        models' mean evidence when they ran."""
        segments = self.segments or ()
        labels = Counter(s.label for s in segments)
        types = Counter(f.type for s in segments for f in s.flags)
        scores = [s.score for s in segments if s.score is not None]
        out = {
            "segments": len(segments),
            "flagged": sum(1 for s in segments if s.flags),
            "labels": {k: labels.get(k, 0) for k in ("ok", "review", "bad")},
            "flags": dict(sorted(types.items())),
            "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
            "min_score": min(scores) if scores else None,
        }
        chrf = [s.evidence["mt"]["chrF"] for s in segments if s.evidence and "mt" in s.evidence]
        model = [s.evidence["qe_model"] for s in segments if s.evidence and "qe_model" in s.evidence]
        if chrf:
            out["mean_mt_chrF"] = round(sum(chrf) / len(chrf), 2)
        if model:
            out["mean_qe_model"] = round(sum(model) / len(model), 4)
        return out
