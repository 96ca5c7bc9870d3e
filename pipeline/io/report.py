"""The editors' QA report: one self-contained HTML file (no network, works from disk) built from a run's
article records.

The data goes in once, as compact JSON inside a `<script type="application/json">` block with every `<`, `>` and
`&` escaped, so no string from a page can close the block; the page's script renders everything with
`textContent` and DOM nodes, never `innerHTML` on page text, so `<script>` or `onerror=` in an article is shown,
not run. Lists are paged, so 100,000 segments load without freezing the browser.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from importlib import resources
from typing import TextIO

from .emit import segment_texts

PAGE_SIZE = 50


def _segment_rows(record: dict) -> list[list]:
    rows = []
    for seg in record.get("alignment", []):
        ko, en = segment_texts(record, seg)
        flags = [[f["type"], f["message"], *(f.get("ko_span") or (-1, -1)), *(f.get("en_span") or (-1, -1))]
                 for f in seg.get("flags", [])]
        rows.append([seg["role"], ko, en, round(float(seg.get("score", 0.0)), 4), seg.get("label", ""), flags])
    return rows


def _article_row(record: dict, rows: list[list]) -> dict:
    scores = [r[3] for r in rows]
    return {"id": record["id"], "ko": record["ko"]["title"], "en": record["en"]["title"], "segments": len(rows),
            "flagged": sum(1 for r in rows if r[5]), "min": min(scores) if scores else None}


def report_data(articles: Iterable[dict], signature: str = "") -> dict:
    """What the report shows, in compact rows: per article its titles and QE summary, per segment
    [role, ko, en, score, label, [[type, message, ko_start, ko_end, en_start, en_end], ...]]."""
    records = list(articles)
    segments = [_segment_rows(record) for record in records]
    return {"articles": [_article_row(r, rows) for r, rows in zip(records, segments, strict=True)],
            "segments": segments, "signature": signature, "page": PAGE_SIZE}


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_report_html(articles: Callable[[], Iterable[dict]], sink: TextIO, signature: str = "") -> None:
    """report.html into `sink`, streamed: `articles()` gives the records afresh for each of two passes (the
    articles' summaries, then their segments), so a report of a whole corpus never sits in memory; the data is
    `report_data`'s, written piece by piece."""
    template = resources.files("newsbitext.pipeline").joinpath("report_template.html").read_text(encoding="utf-8")
    head, tail = template.split("/*DATA*/")
    sink.write(head + '{"articles":[')
    for n, record in enumerate(articles()):
        sink.write(("," if n else "") + _script_json(_article_row(record, _segment_rows(record))))
    sink.write('],"segments":[')
    for n, record in enumerate(articles()):
        sink.write(("," if n else "") + _script_json(_segment_rows(record)))
    sink.write(f'],"signature":{_script_json(signature)},"page":{PAGE_SIZE}}}' + tail)


def build_report(articles: list[dict], signature: str = "") -> str:
    """The whole report.html as a string; `signature` (what produced the run) shows in its header."""
    sink = io.StringIO()
    write_report_html(lambda: articles, sink, signature)
    return sink.getvalue()
