"""`articles.jsonl` and `flagged.jsonl`: article pairs as JSON lines, and back.

Room: I/O, the JSON edge of the typed records. An `ArticlePair` becomes one `articles.jsonl` line here (and its
flagged segments `flagged.jsonl` lines), and a line becomes an `ArticlePair` again for the writers, the report
and `newsbitext report`: nothing else in the package reads or writes these dicts. May import `records`, `errors`,
`emit` (the pages' sources as the corpus names them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..emit import page_sources
from ..errors import InputError
from ..records import Article, ArticlePair, Flag, Provenance, Segment, SegmentedArticle


def article_json(seg: SegmentedArticle) -> dict:
    """One side of a pair (and `newsbitext clean`'s output): the article's fields, its body as sentences."""
    a = seg.article
    return {
        "url": a.url, "source": a.source, "title": a.title, "subtitles": list(a.subtitles),
        "captions": list(a.captions), "paragraphs": [list(p) for p in seg.sentences], "byline": a.byline,
        "published": a.published, "extractor": a.extractor, "sha256": a.sha256,
    }


def segment_json(seg: Segment) -> dict:
    """A scored segment as `articles.jsonl` has it; before QE ran, its indexes and the aligner's score alone."""
    if seg.score is None:
        return {"role": seg.role, "ko": list(seg.ko), "en": list(seg.en), "score": seg.similarity}
    return {"role": seg.role, "ko": list(seg.ko), "en": list(seg.en), "similarity": seg.similarity,
            "score": seg.score, "label": seg.label, "flags": [f.as_dict() for f in seg.flags], **(seg.evidence or {})}


def pair_json(pair: ArticlePair) -> dict:
    """One `articles.jsonl` line: both articles, the alignment and the QA summary when they ran, provenance."""
    record: dict = {"id": pair.id, "ko": article_json(pair.ko), "en": article_json(pair.en)}
    if pair.segments is not None:
        record["alignment"] = [segment_json(s) for s in pair.segments]
        if pair.scored:
            record["qe"] = pair.qe_summary()
    p = pair.provenance
    record["provenance"] = {
        "newsbitext": p.version, "config": p.config, "signature": p.signature,
        "inputs": {lang: {"source": a.source, "sha256": a.sha256, "encoding": a.encoding}
                   for lang, a in (("ko", pair.ko.article), ("en", pair.en.article))},
        "site_profiles": dict(p.site_profiles),
    }
    return record


def flagged_json(pair: ArticlePair) -> list[dict]:
    """One review line per flagged segment: both sides' text, the flags, their spans, and both pages' URL, path and
    SHA-256."""
    sources = page_sources(pair)
    return [{"id": pair.id, "role": s.role, "ko": list(s.ko), "en": list(s.en), "ko_text": s.ko_text,
             "en_text": s.en_text, "score": s.score, "label": s.label, "flags": [f.as_dict() for f in s.flags],
             **sources} for s in pair.flagged()]


def _flag(d: dict) -> Flag:
    return Flag(d["type"], d["check"], d["message"], tuple(d["ko_span"]) if d.get("ko_span") else None,
                tuple(d["en_span"]) if d.get("en_span") else None, d.get("severity", 1.0))


def pair_from_json(record: dict) -> ArticlePair:
    """An `articles.jsonl` line as the record it was written from."""
    p = record["provenance"]
    inputs = p["inputs"]
    profiles = dict(p.get("site_profiles") or {})

    def side(lang: str) -> SegmentedArticle:
        d = record[lang]
        site = (profiles.get(lang) or d.get("extractor", "")).split("@")[0].split("/")[0]
        article = Article(d["source"], lang, d["title"], tuple(d["subtitles"]), tuple(d["captions"]),
                          tuple(" ".join(para) for para in d["paragraphs"]), d.get("byline"), d.get("published"),
                          d.get("url"), d.get("extractor", ""), site, d.get("sha256"),
                          inputs.get(lang, {}).get("encoding"))
        return SegmentedArticle(article, tuple(tuple(para) for para in d["paragraphs"]))

    ko, en = side("ko"), side("en")
    segments = None
    if "alignment" in record:
        ko_roles, en_roles = ko.roles(), en.roles()
        segments = tuple(_segment(s, ko_roles, en_roles) for s in record["alignment"])
    provenance = Provenance(p["newsbitext"], p["config"], p["signature"], profiles)
    return ArticlePair(record["id"], ko, en, provenance, segments)


def _segment(d: dict, ko_roles: dict, en_roles: dict) -> Segment:
    ko, en = tuple(d["ko"]), tuple(d["en"])
    if "label" not in d:
        return Segment.of(d["role"], ko, en, ko_roles, en_roles, d["score"])
    evidence = {k: d[k] for k in ("mt", "qe_model", "debris") if k in d} or None
    return Segment.of(d["role"], ko, en, ko_roles, en_roles, d["similarity"], score=d["score"], label=d["label"],
                      flags=tuple(_flag(f) for f in d["flags"]), evidence=evidence)


def read_articles(path: Path) -> Iterator[ArticlePair]:
    """The article pairs of an `articles.jsonl`, one at a time."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                pair = pair_from_json(json.loads(line.decode("utf-8")))
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                raise InputError(f"{path}:{number}: not an article record as `newsbitext run` writes them "
                                 f"({type(exc).__name__}: {str(exc)[:120]}); run again to rebuild it") from exc
            yield pair


def to_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)
