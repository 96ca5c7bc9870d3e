"""Which language a text is in, from its scripts: Korean and English apart, and any third language named.

Room: a helper of the stages. Imports nothing of the package; no I/O.
"""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_WORD = re.compile(r"[A-Za-z]+")
# The most frequent English function words: their share tells English from other Latin-script languages.
_EN_FUNCTION_WORDS = frozenset([
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "at", "from", "was",
    "it", "be", "are", "has", "have", "said", "its", "an", "this", "will", "which", "or", "were", "not", "but",
    "also", "had", "been", "would", "their", "more", "than", "after",
])

LANG_NAMES = {"ko": "Korean", "en": "English", "ja": "Japanese", "zh": "Chinese", "ru": "Russian",
              "ar": "Arabic", "th": "Thai", "und-Latn": "a Latin-script language other than English",
              "und": "no recognisable language"}


def detect_lang(text: str, hangul_share_korean: float = 0.3) -> str:
    """`ko`, `en`, `ja`, `zh`, `ru`, `ar`, `th`, `und-Latn` or `und`.

    Korean news text carries Latin tokens (H200, KOSPI, AI) and English pages of Korean sites carry a few Hangul
    menu items, so Korean is decided by the share of Hangul among letters, not by its mere presence.
    """
    counts = {
        "ko": len(_HANGUL.findall(text)),
        "ja": len(_KANA.findall(text)),
        "zh": len(_HAN.findall(text)),
        "latin": len(_LATIN.findall(text)),
        "ru": len(_CYRILLIC.findall(text)),
        "ar": len(_ARABIC.findall(text)),
        "th": len(_THAI.findall(text)),
    }
    letters = sum(counts.values())
    if letters == 0:
        return "und"
    if counts["ko"] / letters >= hangul_share_korean:
        return "ko"
    if counts["ja"] / letters >= 0.1:
        return "ja"
    script = max(counts, key=counts.__getitem__)
    if script == "latin":
        words = [w.lower() for w in _WORD.findall(text)]
        share = sum(w in _EN_FUNCTION_WORDS for w in words) / max(len(words), 1)
        return "en" if share >= 0.12 else "und-Latn"
    return script


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None
