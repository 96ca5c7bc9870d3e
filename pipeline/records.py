"""Typed records that flow between the stages.

Every stage takes and returns these frozen dataclasses; a stage that cannot handle its input returns a
`Rejected` naming the input and the reason instead of raising, and the runner writes it to errors.jsonl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ko", "en"]
PageKind = Literal["html", "text"]


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


@dataclass(frozen=True, slots=True)
class SegmentedArticle:
    """An article whose body paragraphs are split into sentences."""

    article: Article
    sentences: tuple[tuple[str, ...], ...] = field(default=())  # one tuple of sentences per paragraph


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

    role: Literal["title", "subtitle", "caption", "body"]
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


FlagType = Literal["number", "date", "entity", "omission", "addition", "untranslated", "negation", "truncation",
                   "length", "low_similarity", "mt_disagreement", "qe_model"]


@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One aligned segment as the QE checks read it: both sides' text (the bead's sentences joined by one space,
    which the flags' spans index) and what the aligner and the article know about it."""

    role: Literal["title", "subtitle", "caption", "body"]
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
