"""Articles that a page carries only as script data: Next.js (`__NEXT_DATA__`, React Server Component payloads in
`self.__next_f.push(...)`) and JSON-LD `articleBody`.

Script-rendered news pages ship a `<body>` with a loading spinner and the article inside the data the scripts
render it from. That data is a tree of JSON objects; the article is the object holding a long HTML or text body
under a body-like key, with its title, deck and writer beside it. The RSC payload is a stream of rows
(`ID:JSON` or `ID:T<hex length>,<text>`) whose text rows hold HTML that objects refer to as `"$ID"`.

Room: part of the clean stage. May import the rest of `clean/`; no I/O.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass

import lxml.html

_NEXT_PUSH = re.compile(r"self\.__next_f\.push\(\s*(\[.*?\])\s*\)\s*;?\s*$", re.DOTALL)
_ROW = re.compile(rb"([0-9a-fA-F]{1,8}):")
_TEXT_ROW = re.compile(rb"T([0-9a-fA-F]{1,8}),")
_BODY_KEYS = ("contenthtml", "articlebody", "bodyhtml", "body", "content", "html", "articlehtml", "text")
_TITLE_KEYS = ("title", "headline")
_DECK_KEYS = ("subtitle", "sub_title", "subheadline", "deck", "dek", "standfirst")
_WRITER_KEYS = ("writerdisplay", "byline", "writer", "reporter", "author", "authorname", "writername")
# Publication-date keys of news CMSs' article objects: datePublished, publishedAt, pubDate, regDate, deployDt,
# createdAt; not the dates of later edits. The value is parsed by the caller; a value that is no date parses to
# nothing.
_DATE_KEY = re.compile(r"publish|pubdate|deploy|regdate|regdt|created")
_EDIT_KEY = re.compile(r"modif|update|redeploy|revis|edit")
_MIN_BODY = 200
_MAX_DEPTH = 64


@dataclass(frozen=True)
class ScriptArticle:
    """The article as the page's script data holds it; `body_html` is HTML (or plain text) to clean like a page."""

    body_html: str
    title: str = ""
    subtitle_html: str = ""
    byline: str = ""
    source: str = ""  # where it was found: "rsc", "next-data", "json-ld"
    dates: tuple[str, ...] = ()  # values under date-like keys of the article object, in its key order


def _rsc_rows(stream: str) -> tuple[dict[str, str], list[object]]:
    """The text rows (by id) and the JSON values of a React Server Component stream."""
    texts: dict[str, str] = {}
    values: list[object] = []
    data = stream.encode("utf-8", "surrogatepass")
    pos = 0
    while pos < len(data):
        head = _ROW.match(data[pos:pos + 10])
        if head is None:
            nl = data.find(b"\n", pos)
            pos = len(data) if nl < 0 else nl + 1
            continue
        row_id = head.group(1).decode()
        pos += head.end()
        text = _TEXT_ROW.match(data[pos:pos + 12])
        if text is not None:
            size = int(text.group(1), 16)
            start = pos + text.end()
            texts[row_id] = data[start:start + size].decode("utf-8", "replace")
            pos = start + size
            continue
        nl = data.find(b"\n", pos)
        line = data[pos:len(data) if nl < 0 else nl].decode("utf-8", "replace")
        pos = len(data) if nl < 0 else nl + 1
        line = re.sub(r"^[A-Z]{1,2}(?=[\[{\"])", "", line)  # import and hint rows: I[...], HL[...]
        try:
            values.append(json.loads(line))
        except (ValueError, RecursionError):
            continue
    return texts, values


def _next_streams(root: lxml.html.HtmlElement) -> tuple[str, list[object]]:
    """The concatenated RSC stream of a page's `self.__next_f.push` calls, and its `__NEXT_DATA__` JSON."""
    chunks: list[str] = []
    data: list[object] = []
    for script in root.iter("script"):
        code = (script.text or "").strip()
        if script.get("id") == "__NEXT_DATA__":
            with contextlib.suppress(ValueError, RecursionError):
                data.append(json.loads(code))
            continue
        m = _NEXT_PUSH.match(code)
        if not m:
            continue
        try:
            item = json.loads(m.group(1))
        except (ValueError, RecursionError):
            continue
        if isinstance(item, list) and len(item) >= 2 and item[0] == 1 and isinstance(item[1], str):
            chunks.append(item[1])
    return "".join(chunks), data


def _key(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def _text_value(value: object, refs: dict[str, str]) -> str:
    if isinstance(value, str):
        if re.fullmatch(r"\$[0-9a-fA-F]{1,8}", value):
            return refs.get(value[1:], "")
        return value
    return ""


def _articles(value: object, refs: dict[str, str], source: str, depth: int = 0) -> list[ScriptArticle]:
    """Every object in a JSON tree that holds a long body under a body-like key."""
    found: list[ScriptArticle] = []
    if depth > _MAX_DEPTH:
        return found
    if isinstance(value, dict):
        keys = {_key(k): v for k, v in value.items() if isinstance(k, str)}
        body = next((t for k in _BODY_KEYS if len(t := _text_value(keys.get(k), refs)) >= _MIN_BODY), "")
        if body:
            title = next((t for k in _TITLE_KEYS if (t := _text_value(keys.get(k), refs))), "")
            deck = next((t for k in _DECK_KEYS if (t := _text_value(keys.get(k), refs))), "")
            writer = next((t for k in _WRITER_KEYS if (t := _text_value(keys.get(k), refs))), "")
            dates = tuple(v for k, v in keys.items() if isinstance(v, str) and _DATE_KEY.search(k) and len(v) <= 40
                          and not _EDIT_KEY.search(k))
            found.append(ScriptArticle(body, title.strip(), deck, writer.strip(), source, dates))
        for v in value.values():
            found += _articles(v, refs, source, depth + 1)
    elif isinstance(value, list):
        for v in value:
            found += _articles(v, refs, source, depth + 1)
    return found


def script_article(root: lxml.html.HtmlElement, json_ld_body: str = "") -> ScriptArticle | None:
    """The article in the page's script data, the one with the longest body (with a title preferred), or None."""
    stream, next_data = _next_streams(root)
    found: list[ScriptArticle] = []
    if stream:
        refs, values = _rsc_rows(stream)
        for value in values:
            found += _articles(value, refs, "rsc")
    for value in next_data:
        found += _articles(value, {}, "next-data")
    if not found and len(json_ld_body) >= _MIN_BODY:
        found.append(ScriptArticle(json_ld_body, source="json-ld"))
    if not found:
        return None
    return max(found, key=lambda a: (bool(a.title), len(a.body_html)))


def renders_by_script(root: lxml.html.HtmlElement) -> bool:
    """Whether the page is an application shell: script data or a framework's mount point, and scripts."""
    for script in root.iter("script"):
        code = script.text or ""
        if script.get("id") == "__NEXT_DATA__" or "self.__next_f" in code or "__NUXT__" in code:
            return True
    return any(root.get_element_by_id(i, None) is not None for i in ("__next", "__nuxt", "root", "app"))
