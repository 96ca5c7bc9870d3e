"""What a news page says about its own article: JSON-LD, Open Graph and `article:*` meta tags, `<title>`.

News sites publish the headline, the authors, the date and a description in machine-readable form for search
engines and social networks, and unlike the page layout that form is the same on every site. The clean stage
reads these first and checks them against the page's visible headings (`choose_title`): a logo or a section name
never agrees with the metadata, the article's own headline does. Candidates are kept with their source, so the
choice can be explained and weighed.

Room: part of the clean stage. May import the rest of `clean/`; no I/O.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import lxml.html

# schema.org types whose `headline` is an article's (NewsArticle and its subtypes, blog posts, reports).
_ARTICLE_TYPES = re.compile(r"(?i)(?:article|posting|report|newsarticle|review)$")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
# What sits between a headline and the site's name in a `<title>` or `og:title`: "Headline - Site",
# "Headline | Site", "Headline-정치ㅣ한국일보" (a section too), "Site :: Headline".
_SEPARATOR_CHARS = "-|:ㅣ·–—»/<>"
_MAX_SUFFIX = 40
_LEVELS = ("h1", "h2", "h3", "h4", "h5", "h6", "")


def squash(text: str) -> str:
    """The form two renderings of one string share: NFKC, no whitespace at all (pages differ in spacing around
    quotes and ellipses between their `<title>` and their visible headline)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\u200b", "").split())


@dataclass(frozen=True)
class Candidate:
    """One value the page gives for a field, and where it gives it (`json-ld`, `og:title`, `<title>` ...)."""

    text: str
    source: str


@dataclass
class PageMetadata:
    """The article's fields as its metadata gives them; every list in the order the page gives them."""

    headlines: list[Candidate] = field(default_factory=list)
    authors: list[Candidate] = field(default_factory=list)
    published: list[Candidate] = field(default_factory=list)
    descriptions: list[Candidate] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    article_body: str = ""  # JSON-LD `articleBody`, where the page gives one

    def is_site_name(self, text: str) -> bool:
        s = squash(text).casefold()
        return any(s == squash(n).casefold() for n in self.site_names)


def _json_ld_objects(root: lxml.html.HtmlElement) -> list[dict]:
    out: list[dict] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            out.append(value)
            for key in ("@graph", "mainEntity", "itemListElement"):
                walk(value.get(key))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            walk(json.loads(script.text or "", strict=False))
        except (ValueError, RecursionError):
            continue  # a broken JSON-LD block says nothing; the meta tags and the layout still do
    return out


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _names(value: object) -> list[tuple[str, bool]]:
    """Author names of a JSON-LD `author` value, each with whether it is an organisation."""
    out: list[tuple[str, bool]] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            out.append((item, False))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            out.append((item["name"], "Organization" in " ".join(_types(item))))
    return out


def read_metadata(root: lxml.html.HtmlElement) -> PageMetadata:
    """The metadata of a parsed page (scripts still in it: JSON-LD lives in `<script>`)."""
    meta = PageMetadata()
    for obj in _json_ld_objects(root):
        types = _types(obj)
        if any(t in ("WebSite", "Organization", "NewsMediaOrganization") for t in types) and isinstance(
                obj.get("name"), str):
            meta.site_names.append(_clean(obj["name"]))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            meta.site_names.append(_clean(publisher["name"]))
        if not any(_ARTICLE_TYPES.search(t) for t in types):
            continue
        for key in ("headline", "name"):
            if isinstance(obj.get(key), str) and _clean(obj[key]):
                meta.headlines.append(Candidate(_clean(obj[key]), f"json-ld {key}"))
                break
        for name, is_org in _names(obj.get("author")):
            if not is_org and _clean(name):
                meta.authors.append(Candidate(_clean(name), "json-ld author"))
        if isinstance(obj.get("datePublished"), str):
            meta.published.append(Candidate(obj["datePublished"].strip(), "json-ld datePublished"))
        if isinstance(obj.get("description"), str) and _clean(obj["description"]):
            meta.descriptions.append(Candidate(_clean(obj["description"]), "json-ld description"))
        if isinstance(obj.get("articleBody"), str) and len(obj["articleBody"]) > len(meta.article_body):
            meta.article_body = obj["articleBody"]
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = _clean(el.get("content"))
        if not key or not value:
            continue
        if key in ("og:title", "twitter:title", "title", "headline") or key.endswith(":title"):
            meta.headlines.append(Candidate(value, key))
        elif key in ("author", "article:author", "byline", "dable:author", "og:article:author"):
            meta.authors.append(Candidate(value, key))
        elif key in ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
                     "date", "publish-date", "article:published"):
            meta.published.append(Candidate(value, key))
        elif key in ("description", "og:description", "twitter:description"):
            meta.descriptions.append(Candidate(value, key))
        elif key in ("og:site_name", "application-name", "twitter:site"):
            meta.site_names.append(value.lstrip("@"))
    head_title = root.find(".//title")
    if head_title is not None and _clean(head_title.text_content()):
        meta.headlines.append(Candidate(_clean(head_title.text_content()), "<title>"))
    meta.authors = [a for a in meta.authors if not _URL.search(a.text) and not meta.is_site_name(a.text)]
    meta.site_names = list(dict.fromkeys(n for n in meta.site_names if n))
    return meta


def _affix_is_site(affix: str, meta: PageMetadata) -> bool:
    """Whether what a metadata title adds to a heading is the site's name (and maybe a section): it is short and
    cut off by a separator, or it is a known site name."""
    rest = affix.strip()
    if not rest:
        return True
    if meta.is_site_name(rest.strip(_SEPARATOR_CHARS + " ")):
        return True
    return len(rest) <= _MAX_SUFFIX and (rest[0] in _SEPARATOR_CHARS or rest[-1] in _SEPARATOR_CHARS)


def agrees(heading: str, candidate: str, meta: PageMetadata) -> bool:
    """Whether a visible heading is the headline a metadata title gives (whole, or with the site's name
    around it)."""
    h, c = squash(heading), squash(candidate)
    if not h or len(h) < 4:
        return False
    if h == c:
        return True
    if c.startswith(h):
        return _affix_is_site(candidate[_index_after(candidate, h):], meta)
    if c.endswith(h):
        return _affix_is_site(candidate[:len(candidate) - _index_after(candidate[::-1], squash(heading[::-1]))],
                              meta)
    return False


def _index_after(text: str, squashed_prefix: str) -> int:
    """The position in `text` right after its first characters whose squashed form is `squashed_prefix`."""
    seen = 0
    for i, ch in enumerate(text):
        seen += len(squash(ch))
        if seen >= len(squashed_prefix):
            return i + 1
    return len(text)


def without_site_name(title: str, meta: PageMetadata) -> str:
    """A metadata title without the site's name: `Headline - Site` -> `Headline`; unchanged when no part of it
    is a known site name or a short tail behind a separator."""
    for name in sorted(meta.site_names, key=len, reverse=True):
        s = squash(name)
        if squash(title).endswith(s) and len(squash(title)) > len(s):
            head = title[:len(title) - _index_after(title[::-1], s[::-1])]
            head = re.sub(rf"[\s{re.escape(_SEPARATOR_CHARS)}]*[^\s{re.escape(_SEPARATOR_CHARS)}]{{0,8}}"
                          rf"[\s{re.escape(_SEPARATOR_CHARS)}]+$", "", head)
            return head.strip(" " + _SEPARATOR_CHARS) or title
        if squash(title).startswith(s) and len(squash(title)) > len(s):
            return title[_index_after(title, s):].strip(" " + _SEPARATOR_CHARS) or title
    parts = re.split(r"\s+[|\-–—:·»]+\s+", title)
    if len(parts) > 1 and len(parts[-1]) <= _MAX_SUFFIX and len(parts[0]) > len(parts[-1]):
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def choose_title(headings: list[tuple[str, str]], meta: PageMetadata) -> tuple[str | None, int | None]:
    """The article's headline: of the visible headings (tag, text), the one that agrees with the most metadata
    titles (JSON-LD counts twice: it is written for the article alone), and its index in `headings`; without
    such a heading, the JSON-LD headline or a metadata title without the site's name (index None); None when
    the page has no metadata title at all."""
    weights = [(c.text, 2 if c.source.startswith("json-ld") else 1) for c in meta.headlines]
    best, best_score = None, (0, 0)
    for i, (tag, heading) in enumerate(headings):
        # Ties go to the higher heading level: a sticky bar or a share box repeats the headline in a <div>.
        score = (sum(w for text, w in weights if agrees(heading, text, meta)), -_LEVELS.index(tag))
        if score[0] and score > best_score:
            best, best_score = i, score
    if best is not None:
        return headings[best][1], best
    ld = [c.text for c in meta.headlines if c.source.startswith("json-ld")]
    if ld:
        return ld[0], None
    if meta.headlines:
        return without_site_name(meta.headlines[0].text, meta), None
    return None, None
