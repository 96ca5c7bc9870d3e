"""Cleaning HTML pages: a site profile's selectors first, a generic extractor where there is no profile.

Where the generic tools fall short on Korean news, this module covers it (`newsbitext eval --baseline` measures
trafilatura alone on the sample pages): trafilatura drops subtitles and `<figure>` captions (we read them from
the markup, or from the page read as lines), keeps reporter and copyright lines in Korean bodies (we label and
drop them), and on table layouts returns menus along with bodies of bare text split by `<br>` (we read the
densest text container line by line). Decoding happens before this module sees the page, so the declared
charset is honoured.

Room: part of the clean stage. May import `dates` and the rest of `clean/`; no I/O.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from lxml.cssselect import CSSSelector

from ..dates import parse_published
from .lines import Fields, Label, extract_fields, label_line, strip_title_prefix, unquote
from .profile import HtmlSelectors, SiteProfile

_BLOCK_TAGS = frozenset([
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
])
_NEVER_TEXT = frozenset(["script", "style", "noscript", "template", "svg"])
_SKIP_TAGS = _NEVER_TEXT | {"head"}
# The densest text container replaces trafilatura's body when it holds this much more body text: on a table layout
# with a body of bare text split by <br>, trafilatura returns the body run together with menu and table cells
# (corpora/other-sites/seoul-biz-br-html), while on ordinary pages the two agree and trafilatura's body stands.
RESCUE_SHARE = 1.3
_BULLET = re.compile(r"^[-*•·]\s+")  # trafilatura renders <li> as "- item"
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|-|–|—|·|»)\s+")


class UnparsableHtml(ValueError):
    """HTML that lxml cannot build a document from (nothing but markup debris)."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(text: str) -> lxml.html.HtmlElement:
    """An lxml tree that never fetches or expands external entities and never reaches the network."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                                  collect_ids=False, default_doctype=False)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    text = _CONTROL.sub(" ", text)  # and control characters, which no page shows
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnparsableHtml(str(exc) or "no document") from exc


def _select(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    try:
        return CSSSelector(selector)(root)
    except Exception:  # a selector cssselect cannot translate matches nothing
        return []


def render_lines(el: lxml.html.HtmlElement) -> list[str]:
    """Text of an element as a browser lays it out: block elements and `<br>` start new lines, `<br><br>` and
    block boundaries leave a blank line between paragraphs."""
    out: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK_TAGS:
            out.append("\n\n")
        if node.text and tag not in ("br",):
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCK_TAGS:
            out.append("\n\n")

    walk(el)
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in "".join(out).split("\n")]
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    while collapsed and not collapsed[-1]:
        collapsed.pop()
    return collapsed


def _text(el: lxml.html.HtmlElement) -> str:
    if el.tag == "meta":
        return " ".join((el.get("content") or "").split())
    if el.tag == "time" and el.get("datetime"):
        return el.get("datetime", "")
    return " ".join(" ".join(render_lines(el)).split())


def _drop(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for el in _select(root, selector):
            if el.getparent() is not None:
                el.drop_tree()  # keeps the element's tail text, which belongs to its parent


def _first_text(root: lxml.html.HtmlElement, selectors: tuple[str, ...]) -> tuple[str, str | None]:
    for selector in selectors:
        for el in _select(root, selector):
            text = _text(el)
            if text:
                return text, selector
    return "", None


def _subtitles(root: lxml.html.HtmlElement, selectors: tuple[str, ...], title: str) -> list[str]:
    for selector in selectors:
        found: list[str] = []
        for el in _select(root, selector):
            children = [c for c in el if isinstance(c.tag, str)]
            bare = not (el.text or "").strip() and not any((c.tail or "").strip() for c in children)
            if len(children) >= 2 and bare:  # <div class="subtit"><strong>A</strong><strong>B</strong></div>
                found += [t for c in children if (t := _text(c))]
            elif any(c.tag in ("p", "br", "li", "div") for c in el.iter()) and el.tag not in ("p", "li"):
                found += [line for line in render_lines(el) if line]
            elif text := _text(el):
                found.append(text)
        found = [s for s in dict.fromkeys(found) if s != title and len(s) <= 200]
        if found and len(found) <= 6:
            return found
    return []


def _captions(root: lxml.html.HtmlElement, sel: HtmlSelectors, headlines: list[str]) -> list[str]:
    seen: set[int] = set()
    captions: list[str] = []
    for selector in sel.captions:
        for el in _select(root, selector):
            if any(id(a) in seen for a in el.iterancestors()) or id(el) in seen:
                continue
            seen.add(id(el))
            for drop in sel.caption_drop:
                for child in _select(el, drop):
                    if child.getparent() is not None:
                        child.drop_tree()
            text = strip_title_prefix(_text(el), headlines)
            if text and len(text) <= 400 and text not in captions:
                captions.append(text)
    return captions


def _densest_container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element holding the most text directly (its own text and the tails of its `<br>`/inline children):
    where a body is bare text split by `<br>`, that element is the body."""
    best, best_len = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        direct = len((el.text or "").strip()) + sum(
            len((c.tail or "").strip()) for c in el if isinstance(c.tag, str) and c.tag not in _BLOCK_TAGS)
        direct += sum(len(_text(c)) for c in el if c.tag == "p")
        if direct > best_len:
            best, best_len = el, direct
    return best


def _body_lines(container: lxml.html.HtmlElement, drop: tuple[str, ...]) -> list[str]:
    body = lxml.html.fromstring(lxml.html.tostring(container, encoding="unicode"))
    _drop(body, drop)
    return render_lines(body)


def _filter_body(lines: list[str], profile: SiteProfile, known: set[str]) -> list[str]:
    """Body lines without what a body container still holds: bylines, copyright, captions, link lists."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        label = label_line(line, profile.text)
        if label in (Label.FOOTER, Label.LIST_HEADER):
            break
        if label in (Label.PROSE, Label.HEADING) and _BULLET.sub("", line) not in known and line not in out:
            out.append(line)
    while out and label_line(out[-1], profile.text) is not Label.PROSE:
        out.pop()
    return out


def _published(root: lxml.html.HtmlElement, selectors: tuple[str, ...], profile: SiteProfile) -> str | None:
    for selector in selectors:
        for el in _select(root, selector):
            if stamp := parse_published(_text(el), profile.timezone):
                return stamp
    return None


def _byline(root: lxml.html.HtmlElement, selectors: tuple[str, ...], profile: SiteProfile) -> str | None:
    candidates = [_text(el) for s in selectors for el in _select(root, s)]
    for text in candidates:
        if text and label_line(text, profile.text) is Label.BYLINE:
            return text
    return next((t for t in candidates if t and len(t) <= 80), None)


def _without_site_name(title: str) -> str:
    """`Site :: Headline`, `Headline | Site`: the longest part of a `<title>` split at its separators."""
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    return max(parts, key=len) if parts else title


def extract_html(text: str, profile: SiteProfile, use_profile_selectors: bool) -> Fields:
    """Article fields of an HTML page.

    Title, subtitles and captions come from the markup (the profile's selectors, site rules first), and where
    the markup has none, from the page read as lines the way a text dump is (`lines.extract_fields`), with the
    headline and `<title>` as hints. The body comes from the profile's body selector with
    `use_profile_selectors`; otherwise from trafilatura, with the densest-container reading as a rescue when
    trafilatura returns less (bodies of bare text split by `<br>`).
    """
    root = parse_html(text)
    sel = profile.html
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag in _NEVER_TEXT and el.getparent() is not None:
            el.drop_tree()
    page_title = _first_text(root, ("title",))[0]
    title, chosen = _first_text(root, sel.title)
    from_head = chosen is None or chosen == "title" or chosen.startswith("meta")  # may carry the site's name
    if from_head:
        title = _without_site_name(title)
    title = unquote(title)
    as_lines = extract_fields(render_lines(root), profile, title_hint=title, page_title=page_title)
    if from_head and as_lines.title:
        title = as_lines.title
    subtitles = _subtitles(root, sel.subtitles, title) or list(as_lines.subtitles)
    captions = _captions(root, sel, [title, *subtitles]) or list(as_lines.captions)
    known = {title, *subtitles, *captions}
    byline = _byline(root, sel.byline, profile) or as_lines.byline
    published = _published(root, sel.published, profile) or as_lines.published

    containers = [el for s in sel.body for el in _select(root, s)]
    if use_profile_selectors and containers:
        body = _filter_body(_body_lines(containers[0], sel.body_drop), profile, known)
    else:
        _drop(root, sel.drop)
        extracted = trafilatura.extract(
            lxml.html.tostring(root, encoding="unicode"), output_format="txt", include_comments=False,
            include_tables=False, include_images=False, favor_precision=True, deduplicate=False) or ""
        body = _filter_body([" ".join(x.split()) for x in extracted.splitlines()], profile, known)
        dense = _densest_container(root)
        rescue = _filter_body(_body_lines(dense, sel.body_drop), profile, known) if dense is not None else []
        if sum(map(len, rescue)) > RESCUE_SHARE * sum(map(len, body)):
            body = rescue
    return Fields(title=title, subtitles=tuple(subtitles), captions=tuple(captions), paragraphs=tuple(body),
                  byline=byline, published=published)


def xml_declares_entities(text: str) -> bool:
    """Whether a page defines its own entities in a DOCTYPE (the shape of an entity-expansion bomb)."""
    head = text[:20000]
    return bool(re.search(r"<!DOCTYPE[^>\[]*\[", head, re.IGNORECASE)) and "<!ENTITY" in head.upper()

