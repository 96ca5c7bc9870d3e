"""The segment stage: body paragraphs into sentences (Korean with kiwipiepy, English with pysbd).

Both splitters are good and both slip on news text; the repairs here are the cases the sample corpus showed:
pysbd splits after "a.m." before a capitalised word, tears ellipses ("4,512.35... Analysts"), and misses a
sentence that opens with a quotation or follows "U.S."; kiwipiepy misses one that opens with a quotation; either
may cut inside quotes or parentheses. A cut is undone when the text before it leaves a quote or a parenthesis
open, when the piece after it starts in lower case or is a bare fragment, or when it is punctuation alone.

Room: a stage (records to records, no I/O). May import `config`, `records`, `lang`, `models`.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import pairwise

from ..models import Reloadable
from .config import SegmentConfig
from .lang import has_hangul
from .morph import ANALYZER, analyzer
from .records import Article, SegmentedArticle

_OPENERS = {"(": ")", "[": "]", "“": "”", "‘": "’", "「": "」", "『": "』"}
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
# pysbd keeps a closed quotation and the next one together: `..." "Korean companies will ...," he added.`
_QUOTE_RUN = re.compile(r"""(?<=[.!?]["”'’])\s+(?=["“'‘][A-Z])""")
# kiwipiepy keeps a sentence opening with a quotation on the one before: `...51%였다. '현 정부 ...'는 응답은 36%였다.`
_KO_QUOTE_START = re.compile(r"""(?<=다\.)\s+(?=["“'‘])""")
# "U.S." and its kind end a sentence when a word that cannot continue a name follows: "... in the U.S. Last year".
_ABBREV_END = re.compile(r"\b(?:[A-Z]\.){2,}\s+(?=(?:The|A|An|In|On|At|Last|This|That|These|Those|It|Its|He|His|She|"
                         r"Her|They|Their|We|Our|But|However|Meanwhile|According|As|If|When|While|After|Before|Since|"
                         r"For|With|Earlier|Later|Some|Many|Most|Such|There|Still|Yet|Also)\b)")
_CAMEL = re.compile(r"^[a-z]+[A-Z]")  # iPhone, eBay: lower case that starts a sentence
# A longer "sentence" (a paragraph with no sentence end, a quotation left open to the end) is cut at spaces: what
# the encoder and the checks do with a sentence grows with it, and no news sentence comes near (the sample
# corpus's longest is 366 characters).
MAX_SENTENCE_CHARS = 2000
# A longer paragraph (a page's text with no paragraph breaks) goes to the splitters a piece at a time, each cut
# after the last sentence end in its second half (else at a space): what they do grows faster than the text (pysbd
# rescans the text for each abbreviation it meets, a repair rereads the sentence it extends), and no news paragraph
# comes near (the sample corpora's longest is 676 characters).
MAX_PARAGRAPH_CHARS = 10_000
_SENTENCE_END = re.compile(r"(?<=[.!?…\"”’'])\s")


def _balanced(text: str) -> bool:
    """No quotation left open, single or double (a cut inside quoted speech would break it)."""
    return not _open_marks(text) and text.count("'") % 2 == 0


def _open_marks(text: str) -> bool:
    """Whether `text` leaves a quotation or parenthesis open."""
    if text.count('"') % 2:
        return True
    return any(text.count(o) > text.count(c) for o, c in _OPENERS.items())


def _capped(text: str, spans: list[tuple[int, int]], limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Spans longer than `limit` characters cut into pieces, each at the last space that keeps it within."""
    out = []
    for start, end in spans:
        while end - start > limit:
            cut = text.rfind(" ", start + 1, start + limit)
            cut = cut if cut > start else start + limit
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _pieces(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """`text` in pieces of at most `limit` characters, each ending after the last sentence end in its second half,
    else at its last space."""
    pieces, start = [], 0
    while len(text) - start > limit:
        stop = start + limit
        ends = [m.end() for m in _SENTENCE_END.finditer(text, start + limit // 2, stop)]
        cut = ends[-1] if ends else (text.rfind(" ", start + 1, stop) + 1 or stop)
        pieces.append(text[start:cut].strip())
        start = cut
    return [*pieces, text[start:].strip()]


def _cut(text: str, spans: list[tuple[int, int]], pattern: re.Pattern[str],
         balanced_only: bool = False) -> list[tuple[int, int]]:
    """Spans cut further where `pattern` matches inside them (with `balanced_only`, only where no quotation is
    open before the cut)."""
    out = []
    for start, end in spans:
        inner = text[start:end]
        cuts = [start + m.end() for m in pattern.finditer(inner) if not balanced_only or _balanced(inner[:m.start()])]
        out += list(pairwise([start, *cuts, end]))
    return out


class SentenceSplitter(Reloadable):
    """`SentenceSplitter(cfg).split(paragraph) -> list[str]`; picks the language from the script of the text."""

    settings = ("cfg",)  # the splitters are built again in each worker, not pickled
    name = "segment"

    def __init__(self, cfg: SegmentConfig | None = None) -> None:
        self.cfg = cfg or SegmentConfig()

    def signature(self) -> str:
        from kiwipiepy import __version__ as kiwi
        from pysbd import __version__ as pysbd

        return (f"segment:kiwipiepy@{kiwi}({ANALYZER})+pysbd@{pysbd},min_words={self.cfg.min_sentence_words},"
                f"max={MAX_SENTENCE_CHARS},paragraph={MAX_PARAGRAPH_CHARS}")

    @property
    def _kiwi(self):
        return analyzer()  # the process's one analyzer (one thread: a worker process is a core)

    @cached_property
    def _pysbd(self):
        import pysbd

        return pysbd.Segmenter(language="en", clean=False, char_span=True)

    def _raw_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        """Sentence spans as the splitter cuts them, plus the cuts it misses before an opening quotation."""
        if lang == "ko":  # (the sentences inside quotations, which kiwipiepy lists in Python token by token, unread)
            spans = [(sent.start, sent.end) for sent in self._kiwi.split_into_sents(text, return_sub_sents=False)]
            return _cut(text, spans, _KO_QUOTE_START, balanced_only=True)
        return _cut(text, self._english_spans(text), _QUOTE_RUN)

    def _english_spans(self, text: str) -> list[tuple[int, int]]:
        """pysbd's sentences located in the text in order (each with the spaces after it, as pysbd gives them).
        pysbd's own `char_span` escapes each sentence into a regular expression and searches the paragraph from
        its start for it: a third of its time, and a fresh compiled pattern per sentence."""
        spans, at = [], 0
        for sentence in self._pysbd.processor(text).process():
            start = text.find(sentence, at)
            if start < 0:  # pysbd changed the text it returned: let it locate its sentences itself
                return [(piece.start, piece.end) for piece in self._pysbd.segment(text)]
            at = start + len(sentence)
            while at < len(text) and text[at].isspace():
                at += 1
            spans.append((start, at))
        return spans

    def _repair(self, text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for start, end in spans:
            piece = text[start:end].strip()
            if not piece:
                continue
            if out and (
                _PUNCT_ONLY.match(piece)
                or _open_marks(text[out[-1][0]:out[-1][1]])
                or (piece[0].islower() and not _CAMEL.match(piece))
                or (lang != "ko" and len(piece.split()) < self.cfg.min_sentence_words)
            ):
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out if lang == "ko" else _cut(text, out, _ABBREV_END)

    def split(self, paragraph: str, lang: str | None = None) -> list[str]:
        """Sentences of one paragraph, exactly as they stand in it; `lang` picks the splitter (by default,
        Hangul in the text means Korean)."""
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            return []
        lang = lang or ("ko" if has_hangul(paragraph) else "en")
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            return [s for piece in _pieces(paragraph) for s in self.split(piece, lang)]
        spans = _capped(paragraph, self._repair(paragraph, self._raw_spans(paragraph, lang), lang))
        return [s for start, end in spans if (s := paragraph[start:end].strip())]

    def __call__(self, article: Article) -> SegmentedArticle:
        lang = "ko" if article.lang == "ko" else "en"
        return SegmentedArticle(article=article,
                                sentences=tuple(tuple(self.split(p, lang)) for p in article.paragraphs))
