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

import bisect
import html
import re
import unicodedata
from array import array
from dataclasses import replace

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from ..dates import parse_published
from ..lang import has_hangul
from .lines import (
    MORE_WRITERS,
    Fields,
    Label,
    extract_fields,
    format_reporters,
    label_line,
    reporter_names,
    strip_title_prefix,
    unquote,
)
from .metadata import Candidate, PageMetadata, choose_title, read_metadata, squash
from .profile import HtmlSelectors, SiteProfile
from .script_data import ScriptArticle, renders_by_script, script_article

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
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_TITLE_CLASS = re.compile(r"(?i)title|headline|subject|(?:^|[\s_-])tit(?:$|[\s_-])")
_HIDDEN_CLASS = re.compile(r"(?i)(?:^|\s)(?:is_blind|blind|sr-only|sr_only|screen_out|screen-reader-text|"
                           r"visually-hidden|visuallyhidden|a11y-hidden|hide|hidden)(?:$|\s)")
_BYLINE_CLASS = re.compile(r"(?i)byline|reporter|writer|author|journalist")
_DECK_TAGS = ("div", "p", "h2", "h3", "h4", "ul", "ol", "section", "strong", "span")
_MAX_DECK = 8
_MAX_GAP_LINES = 12  # an intertitle sits within a few lines of the paragraphs around it
_KOREAN_SENTENCE_END = re.compile(r"다[.!?]?[\"'”’]?$")
_LINK_BLOCKS = ("p", "div", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "span", "strong", "section", "aside")
_LINK_SHARE = 0.6
_ADDRESS = re.compile(r"(?i)^(?:https?://|www\.)|^[\w.-]+\.(?:com|net|org|kr|co\.kr|io)(?:/|$)")
_TERMINAL_END = re.compile(r"[.!?。]['\"”’)]*$")
_PLACEHOLDER = re.compile(r"\$\$[A-Z][A-Z0-9_]{2,40}\$\$")  # a template's ad slot ("$$ARTICLEAD$$")
# The visible body stands when it holds at least this share of the text of the article in the script data.
SCRIPT_BODY_SHARE = 0.25
_TAG = re.compile(r"<[^>]*>")


MAX_HTML_DEPTH = 255  # libxml2's limit on nesting without XML_PARSE_HUGE (which lifts its other guards too)


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
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnparsableHtml(str(exc) or "no document") from exc
    if any("Excessive depth" in error.message for error in parser.error_log):
        raise UnparsableHtml(f"its elements nest more than {MAX_HTML_DEPTH} deep, where the HTML parser stops "
                             "reading: the text below that depth would be lost, so the page is not read")
    return root


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
    seen: set[lxml.html.HtmlElement] = set()
    captions: list[str] = []
    for selector in sel.captions:
        for el in _select(root, selector):
            if el in seen or any(a in seen for a in el.iterancestors()):
                continue
            seen.add(el)  # the set holds the elements, so lxml hands out the same proxies for them
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


def _made_of(line: str, pieces: list[str]) -> bool:
    rest = squash(line)
    for piece in pieces:
        rest = rest.replace(piece, "")
    return bool(pieces) and not rest


def _filter_body(lines: list[str], profile: SiteProfile, known: set[str], extracted: bool = False) -> list[str]:
    """Body lines without what a body container still holds: bylines, copyright, captions, link lists.

    Lines a content extractor chose (`extracted`) are trusted further: short lines and lines with a date in them
    stay (a list of prices, the run of a show, a quote's attribution), and a trailing run of non-prose lines
    stays too; chrome, bylines, datelines and captions go all the same.
    """
    keep = {Label.PROSE, Label.HEADING} | ({Label.SHORT} if extracted else set())
    # An extractor may run a deck's lines together ("...상승혼인 건수..."): known text is matched squashed, and
    # a line made only of known pieces is known.
    pieces = sorted({q for k in known if (q := squash(k))}, key=len, reverse=True) if extracted else []
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if not line:
            continue
        label = label_line(line, profile.text)
        if label in (Label.FOOTER, Label.LIST_HEADER):
            break
        if extracted and label is Label.DATELINE and not any(p.search(line) for p in profile.text.dateline_patterns):
            label = Label.HEADING  # only its date made it look like a dateline
        if label in keep and _BULLET.sub("", line) not in known and not _made_of(line, pieces) and \
                line not in seen:
            out.append(line)
            seen.add(line)
    while out and not extracted and label_line(out[-1], profile.text) is not Label.PROSE:
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


def _drop_invisible(root: lxml.html.HtmlElement) -> None:
    """Scripts, styles and text no reader sees: `hidden` elements, `display:none`, and the screen-reader-only
    labels Korean sites put on buttons and icons (`is_blind`, `sr-only`, `screen_out`). For every page."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if el.tag in _NEVER_TEXT or el.get("hidden") is not None or "display:none" in style or (
                _HIDDEN_CLASS.search(el.get("class") or "")):
            el.drop_tree()


def _drop_pull_quotes(root: lxml.html.HtmlElement) -> None:
    """A `<blockquote>` in a box of its own with its speaker (the box holds the quote and a short attribution,
    nothing else) is a pull quote: a design element teasing the article, not a paragraph of it. For every page
    on the generic path; quotations among the paragraphs, each followed by its source, stay."""
    for quote in list(root.iter("blockquote")):
        parent = quote.getparent()
        if parent is None:
            continue
        others = [el for el in parent if isinstance(el.tag, str) and el is not quote and _text(el)]
        credits = [el for el in others if el.tag in ("p", "span", "cite", "footer", "div", "strong")
                   and len(_text(el)) <= 60 and not _TERMINAL_END.search(_text(el))]
        if credits and len(credits) == len(others) <= 2 and not (parent.text or "").strip():
            for el in [quote, *credits]:
                if el.getparent() is not None:
                    el.drop_tree()


def _headings(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str]]:
    """Visible elements that may hold the headline, in page order: `h1`-`h6` and elements named like titles,
    outside links (a linked headline is another article's)."""
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "html", "body", "head", "title", "meta"):
            continue
        if el.tag not in _HEADING_TAGS and not _TITLE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if any(a.tag == "a" for a in el.iterancestors()):
            continue
        text = _text(el)
        if 4 <= len(text) <= 300:
            out.append((el, text))
    return out


def _page_order(root: lxml.html.HtmlElement) -> dict[lxml.html.HtmlElement, int]:
    """Each element's position in page order. Keyed by the elements themselves: lxml makes a new proxy object
    for an element no Python reference holds, so `id()` of a proxy is not the element's identity."""
    return {el: i for i, el in enumerate(root.iter())}


def _headline_like(line: str, profile: SiteProfile) -> bool:
    """A deck line: headline-shaped (no sentence ending a body paragraph has, not too long), and not a label."""
    label = label_line(line, profile.text)
    if label is Label.HEADING:
        return len(line) <= 120
    return label is Label.PROSE and len(line) <= 90 and not _KOREAN_SENTENCE_END.search(line)


def _standfirst_like(line: str, profile: SiteProfile) -> bool:
    """A line of a block the page itself marks as a deck (named like one, or a secondary heading): English
    standfirsts are whole sentences, so only labels (chrome, bylines, captions) and Korean sentences, which a
    Korean deck never is (an AI summary's lines are), are ruled out."""
    label = label_line(line, profile.text)
    return label in (Label.PROSE, Label.HEADING) and len(line) <= 300 and not _KOREAN_SENTENCE_END.search(line)


def _deck_shaped(el: lxml.html.HtmlElement, lines: list[str], marked: set[lxml.html.HtmlElement],
                 profile: SiteProfile) -> bool:
    """Whether a block's lines can be a deck: standfirst-like in a block marked as a deck (`marked`) or a
    secondary heading, headline-like anywhere else."""
    if el in marked or el.tag in ("h2", "h3", "h4"):
        return all(_standfirst_like(x, profile) for x in lines)
    return all(_headline_like(x, profile) for x in lines)


def _deck_lines(el: lxml.html.HtmlElement) -> list[str]:
    """The lines of a deck block: one per `<br>`, block child, or inline child when the block holds nothing
    but two or more of them (`<div><strong>A</strong><strong>B</strong></div>`, styled as lines)."""
    children = [c for c in el if isinstance(c.tag, str)]
    bare = not (el.text or "").strip() and not any((c.tail or "").strip() for c in children)
    if len(children) >= 2 and bare and not any(c.tag == "br" for c in children):
        return [t for c in children if (t := _text(c))]
    return [line for line in render_lines(el) if line]


def _deck(root: lxml.html.HtmlElement, sel: HtmlSelectors, title: str, title_el: lxml.html.HtmlElement | None,
          meta: PageMetadata, profile: SiteProfile) -> list[str]:
    """Deck lines (subtitles) of a page on the generic path, from the strongest evidence down.

    1. A block whose lines, joined, are the page's description (news sites publish the deck as the
       description) and are deck-shaped: for any page with a description.
    2. The element right after the headline (or a run of headings of one level), when every line of it is
       headline-shaped (a secondary heading under the headline): for pages whose deck sits beside the headline.
    3. An element named like a deck (the profile's subtitle selectors) after the headline, its lines deck-shaped
       (`_deck_shaped`: an English standfirst is a sentence, a Korean deck never is): buttons and Korean
       AI-summary boxes, whose lines are labels or Korean sentences, never qualify.
    4. The first run of secondary headings (`h2`-`h4`) after the headline and before the first paragraph of
       prose: for pages that keep the headline and the deck in separate boxes (a title bar, then an article
       head). Headings after the body has begun are intertitles, never a deck.
    """
    order = _page_order(root)
    after = order.get(title_el, -1) if title_el is not None else -1
    descriptions = [squash(d.text) for d in meta.descriptions if len(squash(d.text)) >= 8]
    marked = {el for selector in sel.subtitles for el in _select(root, selector)}
    if descriptions:
        for el in root.iter(*_DECK_TAGS):
            if order.get(el, 0) <= after or any(a.tag in ("a", "button") for a in el.iterancestors()):
                continue
            lines = _deck_lines(el)
            if not lines or len(lines) > _MAX_DECK or not _deck_shaped(el, lines, marked, profile):
                continue
            heads = [squash(" ".join(lines[:k])) for k in range(1, len(lines) + 1)]
            # The description is the whole deck, or its first lines (a description of one line), or the deck
            # cut off (descriptions are truncated to a length).
            if any(d in heads or (len(lines) >= 2 and d.startswith(heads[-1])) for d in descriptions):
                return lines
    if title_el is not None:
        lines, tag = [], None
        for el in title_el.itersiblings():
            if not isinstance(el.tag, str) or not _text(el):
                continue
            if el.tag not in ("h2", "h3", "h4", "p", "div", "ul", "ol") or tag not in (None, el.tag):
                break
            more = _deck_lines(el)
            if not more or len(lines) + len(more) > _MAX_DECK or not all(_headline_like(x, profile) for x in more):
                break
            lines, tag = lines + more, el.tag
            if tag not in _HEADING_TAGS:
                break  # a run of decks is a run of headings (<h2>A</h2><h2>B</h2>); a block is a deck alone
        if lines:
            return lines
    for selector in sel.subtitles:
        for el in _select(root, selector):
            if order.get(el, 0) <= after or any(a.tag in ("a", "button") for a in el.iterancestors()):
                continue
            lines = [x for x in dict.fromkeys(_deck_lines(el)) if x != title]
            if lines and len(lines) <= _MAX_DECK and _deck_shaped(el, lines, marked, profile):
                return lines
    return _headings_before_body(root, after, order, title, profile) if title_el is not None else []


def _headings_before_body(root: lxml.html.HtmlElement, after: int, order: dict[lxml.html.HtmlElement, int],
                          title: str, profile: SiteProfile) -> list[str]:
    """The deck as a run of `h2`-`h4` headings after the headline (page position `after`) and before the first
    prose paragraph (`_deck`, 4); a heading in the run that is not headline-shaped (a list's heading) means
    there is no deck."""
    lines: list[str] = []
    linked = {d for a in root.iter("a", "button") for d in a.iter()}
    for el in root.iter("h2", "h3", "h4", "p"):
        if order.get(el, -1) <= after or el in linked:
            continue
        text = _text(el)
        if not text or text == title:
            continue
        if el.tag == "p":
            if lines or (label_line(text, profile.text) is Label.PROSE and not _headline_like(text, profile)):
                break
            continue
        if not _headline_like(text, profile) or len(lines) >= _MAX_DECK:
            return []
        lines.append(text)
    return lines


def _reporters(root: lxml.html.HtmlElement, meta: PageMetadata, profile: SiteProfile) -> str | None:
    """The byline as every reporter it names: "A 기자, B 기자", "A 기자 외 1명"; an English page's author.

    Names come from the visible byline elements (named like bylines or marked as authors) when the metadata
    agrees with them or says nothing, else from the metadata's authors; social links and the outlet's own
    name are never a byline. For every page on the generic path.
    """
    meta_text = " ".join(a.text for a in meta.authors)
    meta_names = reporter_names(meta_text)
    visible: list[tuple[str, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('rel', '')} {el.get('itemprop', '')}"
        if not _BYLINE_CLASS.search(marker):
            continue
        lines = render_lines(el)
        if sum(map(len, lines)) > 300:
            continue
        # Line by line: a name and its role are one run of text, never two blocks ("…담당</p><button>기자 구독").
        found = [f for line in lines for f in reporter_names(line)]
        if meta_names:
            found = [f for f in found if f[0] in {n for n, _ in meta_names}]
        visible += found
    names = list(dict.fromkeys(visible or meta_names))
    if names:
        more = MORE_WRITERS.search(meta_text) or MORE_WRITERS.search(
            " ".join(_text(el) for el in root.iter() if isinstance(el.tag, str) and _BYLINE_CLASS.search(
                f"{el.get('class', '')} {el.get('id', '')}") and len(_text(el)) <= 80))
        return format_reporters(names, more.group(0).strip() if more else None)
    for author in meta.authors:
        if not has_hangul(author.text) and len(author.text) <= 80:
            return author.text
    return None


def _locate(line: str, page_lines: list[str], flat: str, starts: list[int], offsets: list[array],
            cursor: int) -> tuple[str, int] | None:
    """A line of extractor output as the page prints it: the page's own characters (spacing included) of the
    first place at or after `cursor` (in `flat`, the page's squashed lines run together) that reads the same
    when whitespace is ignored, and the page line it is in; None when the page has no such text."""
    s = squash(line)
    if not s:
        return None
    at = flat.find(s, cursor)
    if at < 0:
        at = flat.find(s)
        if at < 0:
            return None
    i = bisect.bisect_right(starts, at) - 1
    begin, end = at - starts[i], at - starts[i] + len(s)
    if end > len(offsets[i]):
        return None  # the text runs across two page lines: the extractor joined them
    orig = offsets[i]
    return page_lines[i][orig[begin]:orig[end - 1] + 1], i


_NON_SPACE = re.compile(r"\S+")


def _squashed_line(line: str) -> tuple[str, array]:
    """A page line without its whitespace, each character NFKC-normalised, and for each character of that the
    place in the line of the character it came from. Offsets in an array and ASCII words taken whole: a page of
    megabytes held as a tuple per character took a hundred bytes per character."""
    joined: list[str] = []  # the characters so far, joined every 65,536 of them
    parts: list[str] = []
    offsets = array("q")
    for word in _NON_SPACE.finditer(line):
        text = word.group()
        if text.isascii():  # NFKC leaves ASCII as it is
            parts.append(text)
            offsets.extend(range(word.start(), word.end()))
            continue
        for at, ch in enumerate(text, word.start()):
            normal = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
            parts.append(normal)
            offsets.extend([at] * len(normal))
            if len(parts) >= 65536:
                joined.append("".join(parts))
                parts.clear()
    return "".join([*joined, *parts]), offsets


def _as_printed(extracted: list[str], page_lines: list[str]) -> list[tuple[str, int]]:
    """Extractor output mapped back onto the page's lines (see `_locate`): the clean stage never changes a
    character of the article beyond whitespace, whatever spacing the extractor inserted between inline tags."""
    squashed, offsets, starts, pos = [], [], [], 0
    for line in page_lines:
        text, offset = _squashed_line(line)
        squashed.append(text)
        offsets.append(offset)
        starts.append(pos)
        pos += len(text) + 1
    flat = "\n".join(squashed)
    out: list[tuple[str, int]] = []
    cursor = 0
    for line in extracted:
        found = _locate(line, page_lines, flat, starts, offsets, cursor)
        if found is not None:
            out.append(found)
            cursor = starts[found[1]]
    return out


def _link_lines(root: lxml.html.HtmlElement) -> set[str]:
    """Squashed texts of the page's blocks that are mostly link text: related-article lines ("관련기사: <a>..."),
    "ALSO READ" boxes, share bars. A link whose text is an address (`www.example.com`, `https://...`) is a
    reference the text gives, not navigation, and does not count. For every page on the generic path."""
    out: set[str] = set()
    for el in root.iter(*_LINK_BLOCKS):
        text = squash(_text(el))
        if not text or len(text) > 300:
            continue
        linked = sum(len(t) for a in el.iter("a") if (t := squash(_text(a))) and not _ADDRESS.match(t))
        if linked >= _LINK_SHARE * len(text):
            out.add(text)
    return out


def _heads_links(j: int, page_lines: list[str], links: set[str]) -> bool:
    """Whether the page line after line `j` is a link line: `j` is then the title of a related-article box."""
    following = next((line for line in page_lines[j + 1:] if line), "")
    return squash(following) in links


_INLINE = frozenset(["b", "strong", "em", "i", "u", "span", "br", "mark", "font"])


def _heading_texts(root: lxml.html.HtmlElement) -> set[str]:
    """Squashed texts of the blocks set apart as headings in the markup: `h2`-`h6`; blocks whose whole text is
    bold (`<p><strong>…</strong></p>`); and a `<div>` of bare text standing among a container's paragraphs
    (`<p>…</p><div class="…">소제목</div><p>…</p>`, a styled intertitle). A video's title or a photo's credit
    sits inside its embed or figure instead. For every page on the generic path."""
    out = {squash(_text(el)) for el in root.iter("h2", "h3", "h4", "h5", "h6")}
    for el in root.iter("p", "div"):
        # Only blocks of inline content are read (each element's text once): nested containers never qualify.
        if not all(c.tag in _INLINE for c in el if isinstance(c.tag, str)):
            continue
        parent = el.getparent()
        bold_children = [b for b in el if b.tag in ("strong", "b")]
        among_paragraphs = el.tag == "div" and parent is not None and sum(c.tag == "p" for c in parent) >= 2
        if not bold_children and not among_paragraphs:
            continue
        text = squash(_text(el))
        if text and (among_paragraphs or "".join(squash(_text(b)) for b in bold_children) == text):
            out.add(text)
    return out


def _with_intertitles(body: list[tuple[str, int]], page_lines: list[str], profile: SiteProfile,
                      known: set[str], links: set[str], headings: set[str]) -> list[str]:
    """Body paragraphs with the in-article headings (intertitles) the extractor dropped put back in reading
    order: a heading-shaped page line between two body paragraphs that the markup sets as a heading (`headings`:
    a video's title or a photo's credit line between paragraphs is heading-shaped too, but not marked up as one)
    and that is not a link line (a related-article line inside the body is heading-shaped too). For every page on
    the generic path."""
    out: list[str] = []
    for k, (text, i) in enumerate(body):
        out.append(text)
        if k + 1 < len(body):
            nxt = body[k + 1][1]
            for j in range(i + 1, min(nxt, i + 1 + _MAX_GAP_LINES)):
                line = page_lines[j]
                marked = squash(line) in headings and squash(line) not in links
                if line and line not in known and len(line) <= 100 and marked and label_line(
                        line, profile.text) is Label.HEADING and not _heads_links(j, page_lines, links):
                    out.append(line)
    return out


def _prose_length(lines: list[str], profile: SiteProfile) -> int:
    return sum(len(line) for line in lines if label_line(line, profile.text) is Label.PROSE)


def _generic_body(root: lxml.html.HtmlElement, sel: HtmlSelectors, profile: SiteProfile,
                  known: set[str]) -> list[str]:
    _drop(root, sel.drop)
    _drop_pull_quotes(root)
    page_lines = render_lines(root)
    import trafilatura  # here: its import (with courlan's and htmldate's) is a tenth of a second no other command needs

    extracted = trafilatura.extract(
        lxml.html.tostring(root, encoding="unicode"), output_format="txt", include_comments=False,
        include_tables=False, include_images=False, favor_precision=True, deduplicate=False) or ""
    located = _as_printed([_BULLET.sub("", x) for x in extracted.splitlines() if x.strip()], page_lines)
    links = _link_lines(root)
    kept = [(text, i) for text, i in located if squash(text) not in links]
    # A line left at the end right before the links that followed it is the heading of that link list.
    while kept and kept[-1] != located[-1] and label_line(kept[-1][0], profile.text) is not Label.PROSE:
        kept.pop()
    located = kept
    restored = _with_intertitles(located, page_lines, profile, known, links, _heading_texts(root))
    body = _filter_body(restored, profile, known, extracted=True)
    dense = _densest_container(root)
    rescue = _filter_body([line for line in _body_lines(dense, sel.body_drop) if squash(line) not in links],
                          profile, known) if dense is not None else []
    # Compared by prose: the extractor's short lines (a price list, an attribution) do not outweigh paragraphs
    # it missed.
    if _prose_length(rescue, profile) > RESCUE_SHARE * _prose_length(body, profile):
        body = rescue
    return body


def _script_fields(data: ScriptArticle, profile: SiteProfile, meta: PageMetadata, title: str) -> Fields:
    """The fields of an article found in the page's script data, its body cleaned like a page of its own."""
    fragment = _PLACEHOLDER.sub("", data.body_html)
    if "<" not in fragment:
        fragment = "".join(f"<p>{html.escape(p)}</p>" for p in fragment.splitlines())
    root = parse_html(f"<html><body><article>{fragment}</article></body></html>")
    _drop_invisible(root)
    title = data.title or title
    deck = [line for line in render_lines(parse_html(f"<html><body><div>{data.subtitle_html}</div></body></html>"))
            if line] if data.subtitle_html else []
    captions = _captions(root, profile.html, [title, *deck])
    known = {title, *deck, *captions}
    byline = _reporters(root, replace(meta, authors=[*meta.authors, Candidate(data.byline, "script data")]),
                        profile) if data.byline else _reporters(root, meta, profile)
    body = _generic_body(root, profile.html, profile, known)
    return Fields(title=title, subtitles=tuple(deck), captions=tuple(captions), paragraphs=tuple(body),
                  byline=byline, published=_meta_published(meta, profile) or next(
                      (p for d in data.dates if (p := parse_published(d, profile.timezone))), None),
                  visible=" ".join(render_lines(root)))


def _meta_published(meta: PageMetadata, profile: SiteProfile) -> str | None:
    return next((p for c in meta.published if (p := parse_published(c.text, profile.timezone))), None)


def extract_html(text: str, profile: SiteProfile, use_profile_selectors: bool) -> Fields:
    """Article fields of an HTML page.

    With `use_profile_selectors` (a site profile matched the page) every field comes from the profile's
    selectors first. Otherwise, metadata first and layout second: the title is the visible heading the page's
    metadata agrees with (`metadata.choose_title`), the deck the block the description names or a deck-named
    element after the headline, the byline every reporter of the byline elements, the date the metadata's; the
    body is trafilatura's, mapped back onto the page's own characters with the intertitles it drops put back,
    or the densest text container where that holds much more (bodies of bare text split by `<br>`). Where the
    markup says nothing, the page read as lines (`lines.extract_fields`) fills in. A page whose body is only in
    its script data (Next.js) is read from there.
    """
    root = parse_html(text)
    sel = profile.html
    meta = read_metadata(root)
    shell = renders_by_script(root)
    data = script_article(root, meta.article_body) if shell or meta.article_body else None
    _drop_invisible(root)
    page_title = _first_text(root, ("title",))[0]
    headings = [] if use_profile_selectors else _headings(root)
    chosen_title, at = choose_title([(el.tag if el.tag in _HEADING_TAGS else "", h) for el, h in headings], meta) \
        if headings or meta.headlines else (None, None)
    title_el = headings[at][0] if at is not None else None
    if use_profile_selectors or chosen_title is None:
        title, chosen = _first_text(root, sel.title)
        from_head = chosen is None or chosen == "title" or chosen.startswith("meta")  # may carry the site's name
        if from_head:
            title = _without_site_name(title)
        title = unquote(title)
    else:
        title, from_head = chosen_title, False
    as_lines = extract_fields(render_lines(root), profile, title_hint=title, page_title=page_title)
    if from_head and as_lines.title:
        title = as_lines.title
    if use_profile_selectors:
        subtitles = _subtitles(root, sel.subtitles, title) or list(as_lines.subtitles)
    else:
        subtitles = _deck(root, sel, title, title_el, meta, profile) or (
            [] if title_el is not None else list(as_lines.subtitles))
    captions = _captions(root, sel, [title, *subtitles]) or list(as_lines.captions)
    known = {title, *subtitles, *captions}
    if use_profile_selectors:
        byline = _byline(root, sel.byline, profile) or as_lines.byline
        published = _published(root, sel.published, profile) or as_lines.published
    else:
        byline = _reporters(root, meta, profile) or _byline(root, sel.byline, profile) or as_lines.byline
        published = _meta_published(meta, profile) or _published(root, sel.published, profile) or \
            as_lines.published
    visible = " ".join(line for line in render_lines(root) if line)

    containers = [el for s in sel.body for el in _select(root, s)]
    if use_profile_selectors and containers:
        body = _filter_body(_body_lines(containers[0], sel.body_drop), profile, known)
    else:
        body = _generic_body(root, sel, profile, known)
    fields = Fields(title=title, subtitles=tuple(subtitles), captions=tuple(captions), paragraphs=tuple(body),
                    byline=byline, published=published, visible=visible)
    if data is not None and sum(map(len, body)) < SCRIPT_BODY_SHARE * len(_TAG.sub("", data.body_html).strip()):
        return _script_fields(data, profile, meta, title if chosen_title else data.title or title)
    if shell and not body:
        return replace(fields, script_only=True)
    return fields


_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_SUBSET_END = re.compile(r"\]\s*>")


def xml_declares_entities(text: str) -> bool:
    """Whether a page defines its own entities in a DOCTYPE's internal subset (the shape of an entity-expansion
    bomb), however long the subset and wherever the DOCTYPE stands; one pass over the text."""
    scanned = 0
    for m in _DOCTYPE_SUBSET.finditer(text):
        if m.start() < scanned:
            continue
        close = _SUBSET_END.search(text, m.end())
        scanned = len(text) if close is None else close.start()
        if _ENTITY_DECLARATION.search(text, m.end(), scanned):
            return True
    return False

