"""The editors' QA report: one self-contained HTML file (no network, works from disk) built from a run's
article records.

The data goes in once, as compact JSON inside a `<script type="application/json">` block with every `<`, `>` and
`&` escaped, so no string from a page can close the block; the page's script renders everything with
`textContent` and DOM nodes, never `innerHTML` on page text, so `<script>` or `onerror=` in an article is shown,
not run. Lists are paged, so 100,000 segments load without freezing the browser.

It is also where editors review the flags: Accept or Dismiss and a note per flag, kept in the browser
(localStorage, under the run's signature and a digest of the data, so two reports never mix their decisions) and
exported as review.jsonl, which `newsbitext review` (`run/review.py`) applies to the corpus. Each article links to
its two pages (their URLs, else the local files).

Room: I/O. Reads typed article pairs (`records.ArticlePair`), writes to a text stream it is given. May import
`records`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import TextIO

from ..records import Article, ArticlePair

PAGE_SIZE = 50


def _segment_rows(pair: ArticlePair) -> list[list]:
    rows = []
    for seg in pair.segments or ():
        flags = [[f.type, f.message, *(f.ko_span or (-1, -1)), *(f.en_span or (-1, -1)), f.check]
                 for f in seg.flags]
        rows.append([seg.role, seg.ko_text, seg.en_text, round(float(seg.score or 0.0), 4), seg.label or "", flags,
                     list(seg.ko), list(seg.en)])
    return rows


def _page_link(article: Article) -> list[str] | None:
    """[href, tooltip] for one side's page: its URL when it has an http(s) one, else its local file as a file: link
    (a `path:line` or `path#record` source links its JSONL or WARC file; a relative path is resolved from here, and
    linked only when the file is there); None when there is nothing to link to. Only these three schemes ever reach
    an href."""
    tip = "\n".join(x for x in (article.url, article.source, article.sha256 and f"sha256 {article.sha256}") if x)
    for candidate in (article.url, article.source):
        if candidate and candidate.lower().startswith(("http://", "https://")):
            return [candidate, tip]
    container = re.sub(r"(?:#|:)\d+$", "", article.source)  # a record's source: its JSONL (`:12`) or WARC (`#3`)
    names = [article.source, *([container] if container != article.source else [])]
    for name in names:
        if Path(name).is_file():
            return [Path(name).resolve().as_uri(), tip]
    return [Path(names[-1]).as_uri(), tip] if Path(names[-1]).is_absolute() else None  # elsewhere: link it all the same


def _article_row(pair: ArticlePair, rows: list[list]) -> dict:
    scores = [r[3] for r in rows]
    return {"id": pair.id, "ko": pair.ko.article.title, "en": pair.en.article.title, "segments": len(rows),
            "flagged": sum(1 for r in rows if r[5]), "min": min(scores) if scores else None,
            "pages": [_page_link(pair.ko.article), _page_link(pair.en.article)]}


def report_data(articles: Iterable[ArticlePair], signature: str = "") -> dict:
    """What the report shows, in compact rows: per article its titles, QE summary and links to its two pages
    ([href, tooltip] or null), per segment [role, ko, en, score, label, flags, ko indexes, en indexes] with each
    flag as [type, message, ko_start, ko_end, en_start, en_end, check]; `digest` is what the review decisions are
    kept under in the browser (with the signature), so two reports never share them."""
    records = list(articles)
    sink = io.StringIO()
    _write_data(lambda: records, sink, signature)
    return json.loads(sink.getvalue())


def _script_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _write_data(articles: Callable[[], Iterable[ArticlePair]], sink: TextIO, signature: str) -> None:
    """`report_data`'s object, written piece by piece in two passes. The digest covers the article ids and the
    segment rows (what a review decision names), not the links, which depend on where the report was built."""
    digest = hashlib.sha256(signature.encode("utf-8"))
    sink.write('{"articles":[')
    for n, record in enumerate(articles()):
        sink.write(("," if n else "") + _script_json(_article_row(record, _segment_rows(record))))
        digest.update(record.id.encode("utf-8") + b"\0")
    sink.write('],"segments":[')
    for n, record in enumerate(articles()):
        rows = _script_json(_segment_rows(record))
        digest.update(rows.encode("utf-8") + b"\n")
        sink.write(("," if n else "") + rows)
    sink.write(f'],"signature":{_script_json(signature)},"digest":"{digest.hexdigest()[:32]}","page":{PAGE_SIZE}}}')


def write_report_html(articles: Callable[[], Iterable[ArticlePair]], sink: TextIO, signature: str = "") -> None:
    """report.html into `sink`, streamed: `articles()` gives the records afresh for each of two passes (the
    articles' summaries, then their segments), so a report of a whole corpus never sits in memory."""
    template = resources.files("newsbitext.pipeline.io").joinpath("report_template.html").read_text(encoding="utf-8")
    head, tail = template.split("/*DATA*/")
    sink.write(head)
    _write_data(articles, sink, signature)
    sink.write(tail)


def build_report(articles: list[ArticlePair], signature: str = "") -> str:
    """The whole report.html as a string; `signature` (what produced the run) shows in its header."""
    sink = io.StringIO()
    write_report_html(lambda: articles, sink, signature)
    return sink.getvalue()
