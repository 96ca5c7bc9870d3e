"""The clean stage never changes a character of the article beyond whitespace: every title, subtitle, caption and
body paragraph it extracts is, whitespace-normalised, a substring of the page's own text (its text nodes, for an
HTML page) or of its script data (the strings in its `<script>`s, decoded, as script-rendered pages carry their
article) — over every sample page and every real page.

The page text is read here with lxml and json alone, not with the clean stage's own renderer, so a space the
renderer or an extractor inserted between inline tags ("‘가택침입’ 이나" for "‘가택침입’이나") fails the test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import charset_normalizer
import lxml.html
import pytest

import newsbitext

from .conftest import CORPUS, OTHER_SITES, QE_HELDOUT, ROOT, corpus_pages

REAL_PAGES = ROOT / "benchmarks" / "real-pages" / "pages"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def squash(text: str) -> str:
    return " ".join(text.split())


def _decoded_strings(code: str, depth: int = 0) -> list[str]:
    """The string literals of script code or of a JSON stream, decoded, and those inside them in turn."""
    out = []
    for literal in _JSON_STRING.findall(code):
        try:
            value = json.loads(literal)
        except ValueError:
            continue
        if len(value) < 20:
            continue
        out.append(value)
        if depth < 2 and '"' in value:
            out += _decoded_strings(value, depth + 1)
    return out


def _html_text(fragment: str) -> str:
    try:
        return lxml.html.fromstring(f"<div>{fragment}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        return fragment


def page_texts(path: Path) -> list[str]:
    """The texts an extracted string may come from: the page's text nodes run together, and for an HTML page
    each decoded script string (as HTML text when it is markup), all whitespace-squashed."""
    data = path.read_bytes()
    best = charset_normalizer.from_bytes(data).best()
    text = str(best) if best is not None else data.decode("utf-8", "replace")
    if path.suffix == ".txt":
        return [squash(text)]
    root = lxml.html.document_fromstring(text)
    texts = [squash(root.text_content())]
    for script in root.iter("script"):
        for value in _decoded_strings(script.text or ""):
            texts.append(squash(_html_text(value) if "<" in value else value))
    return texts


def _pages() -> list[Path]:
    sample = [path for root in (CORPUS, OTHER_SITES, QE_HELDOUT) for _, _, path in corpus_pages(root)]
    return sorted(set(sample)) + sorted(REAL_PAGES.glob("*.html"))


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_extracted_string_is_the_pages_text(path):
    lang = next((part for part in path.name.split(".") if part in ("ko", "en")), None)
    art = newsbitext.clean(path, lang=lang).article
    texts = page_texts(path)
    extracted = [art.title, *art.subtitles, *art.captions, *art.paragraphs]
    assert extracted and art.paragraphs
    missing = [x for x in extracted if squash(x) and not any(squash(x) in t for t in texts)]
    assert not missing, missing
