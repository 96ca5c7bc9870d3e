"""The segment stage: body paragraphs into sentences (Korean with kiwipiepy, English with pysbd).

Both splitters are good and both slip on news text; the repairs here are the cases the sample corpus showed:
pysbd splits after "a.m." before a capitalised word, and tears ellipses ("4,512.35... Analysts"); either may cut
inside quotes or parentheses. A cut is undone when the text before it leaves a quote or a parenthesis open,
when the piece after it starts in lower case or is a bare fragment, or when it is punctuation alone.
"""

from __future__ import annotations

import re
from functools import cached_property

from .config import SegmentConfig
from .lang import has_hangul
from .records import Article, SegmentedArticle

_OPENERS = {"(": ")", "[": "]", "“": "”", "‘": "’", "「": "」", "『": "』"}
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_CAMEL = re.compile(r"^[a-z]+[A-Z]")  # iPhone, eBay: lower case that starts a sentence


def _open_marks(text: str) -> bool:
    """Whether `text` leaves a quotation or parenthesis open."""
    if text.count('"') % 2:
        return True
    return any(text.count(o) > text.count(c) for o, c in _OPENERS.items())


class SentenceSplitter:
    """`SentenceSplitter(cfg).split(paragraph) -> list[str]`; picks the language from the script of the text."""

    def __init__(self, cfg: SegmentConfig | None = None) -> None:
        self.cfg = cfg or SegmentConfig()

    def __getstate__(self) -> dict:
        return {"cfg": self.cfg}  # the splitters are rebuilt in each worker, not pickled

    def __setstate__(self, state: dict) -> None:
        self.cfg = state["cfg"]

    @cached_property
    def _kiwi(self):
        from kiwipiepy import Kiwi

        return Kiwi()

    @cached_property
    def _pysbd(self):
        import pysbd

        return pysbd.Segmenter(language="en", clean=False, char_span=False)

    def _raw_split(self, text: str) -> list[str]:
        if has_hangul(text):
            return [s.text for s in self._kiwi.split_into_sents(text)]
        return self._pysbd.segment(text)

    def _repair(self, pieces: list[str]) -> list[str]:
        out: list[str] = []
        for piece in (p.strip() for p in pieces):
            if not piece:
                continue
            if out and (
                _PUNCT_ONLY.match(piece)
                or _open_marks(out[-1])
                or (piece[0].islower() and not _CAMEL.match(piece))
                or (not has_hangul(piece) and len(piece.split()) < self.cfg.min_sentence_words)
            ):
                glue = "" if _PUNCT_ONLY.match(piece) and not piece.startswith(("(", "[", "\"", "“")) else " "
                out[-1] = f"{out[-1]}{glue}{piece}"
            else:
                out.append(piece)
        return out

    def split(self, paragraph: str) -> list[str]:
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            return []
        pieces = self._repair(self._raw_split(paragraph))
        return self._restore(paragraph, pieces)

    @staticmethod
    def _restore(paragraph: str, pieces: list[str]) -> list[str]:
        """Sentences exactly as they stand in the paragraph (the splitters may touch spacing)."""
        out, pos = [], 0
        for i, piece in enumerate(pieces):
            head = piece[:12]
            start = paragraph.find(head, pos)
            if start < 0:
                return pieces
            nxt = paragraph.find(pieces[i + 1][:12], start + len(head)) if i + 1 < len(pieces) else len(paragraph)
            if nxt < 0:
                return pieces
            out.append(paragraph[start:nxt].strip())
            pos = nxt
        return out

    def __call__(self, article: Article) -> SegmentedArticle:
        return SegmentedArticle(article=article, sentences=tuple(tuple(self.split(p)) for p in article.paragraphs))
