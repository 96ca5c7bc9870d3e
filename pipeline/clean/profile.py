"""Site profiles: what a site prints around its articles, as data in `configs/sites/*.yaml`.

A profile names the site's chrome lines, footer and list headings, caption credits, datelines and bylines for
text dumps, and CSS selectors for each article field in its HTML. `extends:` layers a profile over another
(every site over `generic`), the site's own rules first.

Room: part of the clean stage (its settings): reads the packaged YAML through `config.packaged`. May import
`config`, `errors`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import yaml

from ..config import FAST_LOADER, ConfigError, packaged

_TEXT_KEYS = ("chrome_lines", "chrome_patterns", "footer_patterns", "list_headers", "caption_patterns",
              "dateline_patterns", "byline_patterns", "nav_words", "block_markers")
_HTML_KEYS = ("drop", "title", "subtitles", "captions", "caption_drop", "body", "body_drop", "published", "byline")
SITES = ("generic", "asiae")


def normalize_line(line: str) -> str:
    """Case-folded, whitespace-collapsed form used to match chrome lines."""
    return " ".join(line.split()).casefold()


@dataclass(frozen=True)
class TextRules:
    chrome_lines: frozenset[str]
    chrome_patterns: tuple[re.Pattern[str], ...]
    footer_patterns: tuple[re.Pattern[str], ...]
    list_headers: frozenset[str]
    caption_patterns: tuple[re.Pattern[str], ...]
    dateline_patterns: tuple[re.Pattern[str], ...]
    byline_patterns: tuple[re.Pattern[str], ...]
    nav_words: frozenset[str] = frozenset()
    block_markers: tuple[re.Pattern[str], ...] = ()

    def __hash__(self) -> int:
        """Hashed once: `label_line` is cached per line and rules, and hashing every pattern again for each line
        of a page took 2% of a run."""
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}  # string hashes are the process's own


@dataclass(frozen=True)
class HtmlSelectors:
    drop: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    caption_drop: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    body_drop: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteProfile:
    name: str
    text: TextRules
    html: HtmlSelectors
    hosts: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    timezone: str | None = None
    lineage: tuple[str, ...] = field(default=())  # this profile and the ones it extends, most specific first
    gazetteer: tuple[dict, ...] = ()  # names this site writes, added to configs/gazetteer.yaml for the entity check
    version: str = ""  # `name@hash` of the profile's YAML and everything it extends: which rules cleaned a page

    def matches(self, url: str | None, text: str) -> bool:
        """Whether a page belongs to this site, by its URL host or, without one, a signature in its text."""
        if url:
            host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
            if any(host == h or host.endswith("." + h) for h in self.hosts):
                return True
        return any(sig in text for sig in self.signatures)


def _compile(patterns: list[str], origin: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise ConfigError(f"{origin}: bad pattern {p!r}: {exc}") from exc
    return tuple(out)


def _raw_profile(name: str) -> dict[str, Any]:
    if name not in SITES:
        raise ConfigError(f"unknown site profile {name!r}; known: {', '.join(SITES)}")
    origin = f"configs/sites/{name}.yaml"
    try:
        data = yaml.load(packaged(f"sites/{name}.yaml"), Loader=FAST_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    allowed = {"name", "extends", "hosts", "timezone", "signatures", "text", "html", "gazetteer"}
    unknown = (set(data) - allowed) | (set(data.get("text", {})) - set(_TEXT_KEYS)) | (
        set(data.get("html", {})) - set(_HTML_KEYS))
    if unknown:
        raise ConfigError(f"{origin}: unknown key(s) {sorted(unknown)}")
    return data


def load_profile(name: str) -> SiteProfile:
    """A packaged site profile with everything it extends merged in (its own rules first)."""
    chain: list[dict[str, Any]] = []
    current: str | None = name
    while current:
        raw = _raw_profile(current)
        chain.append(raw)
        current = raw.get("extends")
        if current in [c["name"] for c in chain]:
            raise ConfigError(f"configs/sites/{name}.yaml: profile extends itself")
    origin = f"configs/sites/{name}.yaml"
    text: dict[str, list[str]] = {k: [] for k in _TEXT_KEYS}
    html: dict[str, list[str]] = {k: [] for k in _HTML_KEYS}
    for raw in chain:
        for k in _TEXT_KEYS:
            text[k] += raw.get("text", {}).get(k) or []
        for k in _HTML_KEYS:
            html[k] += raw.get("html", {}).get(k) or []
    rules = TextRules(
        chrome_lines=frozenset(normalize_line(x) for x in text["chrome_lines"]),
        chrome_patterns=_compile(text["chrome_patterns"], origin),
        footer_patterns=_compile(text["footer_patterns"], origin),
        list_headers=frozenset(normalize_line(x) for x in text["list_headers"]),
        caption_patterns=_compile(text["caption_patterns"], origin),
        dateline_patterns=_compile(text["dateline_patterns"], origin),
        byline_patterns=_compile(text["byline_patterns"], origin),
        nav_words=frozenset(normalize_line(x) for x in text["nav_words"]),
        block_markers=_compile(text["block_markers"], origin),
    )
    own = chain[0]
    return SiteProfile(
        name=own["name"],
        text=rules,
        html=HtmlSelectors(**{k: tuple(dict.fromkeys(v)) for k, v in html.items()}),
        hosts=tuple(own.get("hosts") or ()),
        signatures=tuple(own.get("signatures") or ()),
        timezone=next((c.get("timezone") for c in chain if c.get("timezone")), None),
        lineage=tuple(c["name"] for c in chain),
        gazetteer=tuple(entry for c in chain for entry in (c.get("gazetteer") or ())),
        version=own["name"] + "@" + hashlib.sha256(json.dumps(chain, sort_keys=True, ensure_ascii=False).encode())
        .hexdigest()[:10],
    )
