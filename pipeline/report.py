"""The editors' QA report: one self-contained HTML file (no network, works from disk) built from a run's
article records.

The data goes in once, as compact JSON inside a `<script type="application/json">` block with every `<`, `>` and
`&` escaped, so no string from a page can close the block; the page's script renders everything with
`textContent` and DOM nodes, never `innerHTML` on page text, so `<script>` or `onerror=` in an article is shown,
not run. Lists are paged, so 100,000 segments load without freezing the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

from .emit import segment_texts

PAGE_SIZE = 50


def report_data(articles: Iterable[dict], signature: str = "") -> dict:
    """What the report shows, in compact rows: per article its titles and QE summary, per segment
    [role, ko, en, score, label, [[type, message, ko_start, ko_end, en_start, en_end], ...]]."""
    out_articles, segments = [], []
    for record in articles:
        rows = []
        for seg in record.get("alignment", []):
            ko, en = segment_texts(record, seg)
            flags = [[f["type"], f["message"], *(f.get("ko_span") or (-1, -1)), *(f.get("en_span") or (-1, -1))]
                     for f in seg.get("flags", [])]
            rows.append([seg["role"], ko, en, round(float(seg.get("score", 0.0)), 4), seg.get("label", ""), flags])
        scores = [r[3] for r in rows]
        out_articles.append({"id": record["id"], "ko": record["ko"]["title"], "en": record["en"]["title"],
                             "segments": len(rows), "flagged": sum(1 for r in rows if r[5]),
                             "min": min(scores) if scores else None})
        segments.append(rows)
    return {"articles": out_articles, "segments": segments, "signature": signature, "page": PAGE_SIZE}


def _script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def build_report(articles: Iterable[dict], signature: str = "") -> str:
    """The whole report.html as a string; `signature` (what produced the run) shows in its header."""
    template = resources.files("newsbitext.pipeline").joinpath("report_template.html").read_text(encoding="utf-8")
    return template.replace("/*DATA*/", _script_json(report_data(articles, signature)))
