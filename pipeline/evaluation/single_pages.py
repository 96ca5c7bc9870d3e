"""Single real pages scored against a gold extraction each: the `real-pages` layout (`DIR/gold/<page>.json` naming
`DIR/pages/<page>`, no partner), scored by the rule that set's README defines.

The rule, in brief: strings are compared after NFKC, zero-width-space removal and whitespace squashing; body
paragraphs are cut into sentences after `.?!。` (and any closing quote or bracket) before whitespace, and matched
as a multiset; a subtitle counts when an extracted subtitle equals it, a caption when an extracted caption does;
a byline when every reporter name of the gold occurs in it; a leak is any extracted subtitle, caption or body
sentence that is a substring of no gold field; an altered sentence equals a gold one only when whitespace is
ignored. The scorer is the set's own, so these figures are comparable with any other tool scored by it.

Room: evaluation (reads annotation files and pages). May import the pipeline, `io.readers`, `records`, `stats`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..io.compression import open_binary
from ..io.readers import describe, read_file
from ..pipeline import Pipeline
from ..records import Rejected
from ..stats import Stats

_SPLIT = re.compile(r"(?<=[.?!。])[”’\"')\]]*(?=\s)|\n")
_NAME = re.compile(r"([가-힣]{2,4})\s*(?:기자|칼럼니스트|특파원)|칼럼니스트\s*([가-힣]{2,4})")
_NUMERIC_DATE = re.compile(r"(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:[-./]|월)\s*(\d{1,2})")
_WORD_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                        r"December)\s+(\d{1,2}),\s*(\d{4})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
GOLD_KEYS = ("page", "title", "subtitles", "captions", "body", "byline", "published", "optional")


def norm(text: str) -> str:
    """NFKC, no zero-width spaces, whitespace runs as one space: the set's normalisation of every string."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u200b", "").split())


def sentences(paragraphs: list[str]) -> list[str]:
    """The set's sentence split of body paragraphs (the extractor's own segmentation plays no part)."""
    out = []
    for para in paragraphs:
        text = norm(para)
        ends = [m.end() for m in _SPLIT.finditer(text)]
        out += [p for p in (norm(text[a:b]) for a, b in zip([0, *ends], [*ends, len(text)], strict=True)) if p]
    return out


def name_tokens(byline: str) -> list[str]:
    """The names a byline must carry: Korean reporter names, else its Latin words other than "by" and "and"."""
    found = [a or b for a, b in _NAME.findall(byline)]
    return found or [w for w in re.findall(r"[A-Za-z]+", byline) if w.lower() not in ("by", "and")]


def day_of(text: str | None) -> tuple[int, int, int] | None:
    """The year, month and day a date string gives (numeric with `-./` or 년 월, or "Month D, YYYY")."""
    if not text:
        return None
    if m := _NUMERIC_DATE.search(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _WORD_DATE.search(text):
        return int(m[3]), _MONTHS.index(m[1]) + 1, int(m[2])
    return None


@dataclass(frozen=True, slots=True)
class PageGold:
    name: str
    path: Path
    title: str
    subtitles: tuple[str, ...]
    captions: tuple[str, ...]
    body: tuple[str, ...]  # paragraphs, intertitles among them
    byline: str
    published: str
    optional: tuple[str, ...]


def is_page_set(folder: Path) -> bool:
    return (folder / "gold").is_dir() and (folder / "pages").is_dir()


def load_page_golds(folder: Path) -> tuple[list[PageGold], list[Rejected]]:
    """Every `gold/*.json` of a page set whose page exists; a gold with missing keys or no page is rejected."""
    golds, bad = [], []
    for path in sorted((folder / "gold").glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
            missing = [k for k in GOLD_KEYS if k not in data]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            page = folder / "pages" / data["page"]
            if not page.is_file():
                raise ValueError(f"its page {data['page']} is not in {folder / 'pages'}")
            golds.append(PageGold(path.stem, page, data["title"] or "", tuple(data["subtitles"]),
                                  tuple(data["captions"]), tuple(data["body"]), data["byline"] or "",
                                  data["published"] or "", tuple(data["optional"])))
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            bad.append(Rejected(str(path), "gold", f"invalid page gold: {exc}"))
    return golds, bad


@dataclass
class Extraction:
    """What an extractor gave for one page, in the fields the set scores."""
    title: str = ""
    subtitles: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # paragraphs
    byline: str = ""
    published: str = ""
    refused: str | None = None  # the reason, when the page was refused


@dataclass
class SinglePageScore:
    page: str
    extractor: str
    title_ok: bool = False
    subtitles_found: int = 0
    subtitles_gold: int = 0
    captions_as_captions: int = 0
    captions_anywhere: int = 0
    captions_gold: int = 0
    byline_ok: bool = False
    date_ok: bool = False
    matched: int = 0
    extracted: int = 0
    gold: int = 0
    paragraphs_exact: int = 0
    paragraphs_gold: int = 0
    altered: int = 0
    leaks: list[str] = field(default_factory=list)
    refused: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def score_extraction(gold: PageGold, got: Extraction, extractor: str) -> SinglePageScore:
    """One page's figures by the set's rule."""
    gold_sents, got_sents = sentences(list(gold.body)), sentences(got.body)
    subs, caps = {norm(x) for x in got.subtitles}, {norm(x) for x in got.captions}
    gold_caps = list(dict.fromkeys(norm(c) for c in gold.captions))
    lines = [norm(x) for x in (got.title, *got.subtitles, *got.captions, *got.body)]
    tokens = name_tokens(gold.byline)
    fields = [norm(x) for x in (gold.title, *gold.subtitles, *gold.captions, *gold.body, gold.byline,
                                gold.published, *gold.optional)]
    squashed_gold = {"".join(s.split()) for s in gold_sents}
    exact_gold = set(gold_sents)
    leaks = [x for x in [*map(norm, got.subtitles), *map(norm, got.captions), *got_sents]
             if not any(x in f for f in fields)]
    return SinglePageScore(
        page=gold.name, extractor=extractor, title_ok=norm(got.title) == norm(gold.title),
        subtitles_found=sum(norm(s) in subs for s in gold.subtitles), subtitles_gold=len(gold.subtitles),
        captions_as_captions=sum(c in caps for c in gold_caps),
        captions_anywhere=sum(any(c in line for line in lines) for c in gold_caps), captions_gold=len(gold_caps),
        byline_ok=bool(tokens) and all(t.lower() in got.byline.lower() for t in tokens),
        date_ok=day_of(gold.published) is not None and day_of(gold.published) == day_of(got.published),
        matched=sum((Counter(gold_sents) & Counter(got_sents)).values()), extracted=len(got_sents),
        gold=len(gold_sents),
        paragraphs_exact=sum((Counter(map(norm, gold.body)) & Counter(map(norm, got.body))).values()),
        paragraphs_gold=len(gold.body),
        altered=sum(s not in exact_gold and "".join(s.split()) in squashed_gold for s in got_sents),
        leaks=leaks, refused=got.refused)


def extract_with(pipeline: Pipeline, gold: PageGold) -> Extraction:
    """The page cleaned and segmented as `run` would; its language is what its name says (`x.ko.html`)."""
    f = describe(gold.path)
    raw = read_file(f, pipeline.cfg.ingest.max_page_bytes) if f else Rejected(str(gold.path), "read", "unsupported")
    if isinstance(raw, Rejected):
        return Extraction(refused=raw.reason)
    out = pipeline.page(raw, Stats())
    if out.article is None:
        return Extraction(refused="; ".join(p.reason for p in out.problems if p.level == "error") or "no article")
    art = out.article.article
    return Extraction(art.title, list(art.subtitles), list(art.captions),
                      [" ".join(p) for p in out.article.sentences], art.byline or "", art.published or "")


def extract_with_trafilatura(gold: PageGold) -> Extraction:
    """The baseline: trafilatura alone on the page's bytes with its metadata (title, author, date); it gives no
    decks and, with images off as scrapers run it, no captions."""
    import trafilatura

    with open_binary(gold.path) as page:  # a gzipped page as its HTML, as the clean stage reads it
        doc = trafilatura.bare_extraction(page.read(), with_metadata=True, include_comments=False)
    if doc is None:
        return Extraction(refused="trafilatura extracted nothing")
    return Extraction(doc.title or "", [], [], [x for x in (doc.text or "").splitlines() if x.strip()],
                      doc.author or "", doc.date or "")


def summarize(scores: list[SinglePageScore]) -> dict:
    """A set's figures, micro-averaged over its sentences, in the columns of the set's README."""
    total = Counter()
    for s in scores:
        total.update({k: int(v) for k, v in s.as_dict().items() if isinstance(v, (bool, int))})
        total["leaks"] += len(s.leaks)
        total["refused"] += s.refused is not None
    p = total["matched"] / total["extracted"] if total["extracted"] else 0.0
    r = total["matched"] / total["gold"] if total["gold"] else 0.0
    f1 = 2 * total["matched"] / (total["gold"] + total["extracted"]) if total["gold"] + total["extracted"] else 0.0
    return {"pages": len(scores), "title": total["title_ok"],
            "subtitles": f"{total['subtitles_found']}/{total['subtitles_gold']}",
            "subtitles_found": total["subtitles_found"], "subtitles_gold": total["subtitles_gold"],
            "captions_as_captions": total["captions_as_captions"], "captions_anywhere": total["captions_anywhere"],
            "captions_gold": total["captions_gold"], "bylines": total["byline_ok"], "dates": total["date_ok"],
            "body_precision": round(p, 4), "body_recall": round(r, 4), "body_f1": round(f1, 4),
            "paragraphs_exact": total["paragraphs_exact"], "paragraphs_gold": total["paragraphs_gold"],
            "altered": total["altered"], "leaks": total["leaks"], "refused": total["refused"]}
