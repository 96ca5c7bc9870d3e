"""The editors' QA report: one self-contained HTML file (no network, works from disk) built from a run's
article records.

The data goes in once, as compact JSON inside a `<script type="application/json">` block with every `<`, `>` and
`&` escaped, so no string from a page can close the block; the page's script renders everything with
`textContent` and DOM nodes, never `innerHTML` on page text, so `<script>` or `onerror=` in an article is shown,
not run. Lists are paged, so 100,000 segments load without freezing the browser.

Room: I/O. Reads typed article pairs (`records.ArticlePair`), writes to a text stream it is given. May import
`records`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from importlib import resources
from typing import TextIO

from ..records import ArticlePair

PAGE_SIZE = 50


def _segment_rows(pair: ArticlePair) -> list[list]:
    rows = []
    for seg in pair.segments or ():
        flags = [[f.type, f.message, *(f.ko_span or (-1, -1)), *(f.en_span or (-1, -1))] for f in seg.flags]
        rows.append([seg.role, seg.ko_text, seg.en_text, round(float(seg.score or 0.0), 4), seg.label or "", flags])
    return rows


def _article_row(pair: ArticlePair, rows: list[list]) -> dict:
    scores = [r[3] for r in rows]
    return {"id": pair.id, "ko": pair.ko.article.title, "en": pair.en.article.title, "segments": len(rows),
            "flagged": sum(1 for r in rows if r[5]), "min": min(scores) if scores else None}


def report_data(articles: Iterable[ArticlePair], signature: str = "") -> dict:
    """What the report shows, in compact rows: per article its titles and QE summary, per segment
    [role, ko, en, score, label, [[type, message, ko_start, ko_end, en_start, en_end], ...]]."""
    records = list(articles)
    segments = [_segment_rows(record) for record in records]
    return {"articles": [_article_row(r, rows) for r, rows in zip(records, segments, strict=True)],
            "segments": segments, "signature": signature, "page": PAGE_SIZE}


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_report_html(articles: Callable[[], Iterable[ArticlePair]], sink: TextIO, signature: str = "") -> None:
    """report.html into `sink`, streamed: `articles()` gives the records afresh for each of two passes (the
    articles' summaries, then their segments), so a report of a whole corpus never sits in memory; the data is
    `report_data`'s, written piece by piece."""
    template = resources.files("newsbitext.pipeline.io").joinpath("report_template.html").read_text(encoding="utf-8")
    head, tail = template.split("/*DATA*/")
    sink.write(head + '{"articles":[')
    for n, record in enumerate(articles()):
        sink.write(("," if n else "") + _script_json(_article_row(record, _segment_rows(record))))
    sink.write('],"segments":[')
    for n, record in enumerate(articles()):
        sink.write(("," if n else "") + _script_json(_segment_rows(record)))
    sink.write(f'],"signature":{_script_json(signature)},"page":{PAGE_SIZE}}}' + tail)


def build_report(articles: list[ArticlePair], signature: str = "") -> str:
    """The whole report.html as a string; `signature` (what produced the run) shows in its header."""
    sink = io.StringIO()
    write_report_html(lambda: articles, sink, signature)
    return sink.getvalue()
