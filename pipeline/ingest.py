"""The ingest stage: bytes of a scraped page in, decoded text out, or a clear reason why not.

Decoding tries the declared charset (HTTP header, then `<meta charset>`), then UTF-8, then charset-normalizer's
guesses (EUC-KR pages decode as CP949, its superset), and repairs mojibake with ftfy. It records its choice and
any recovery in the `Page`, and never raises on bytes: binary, empty, huge, truncated or undecodable input becomes
a `Rejected` naming the reason.

Room: a stage (records to records, no I/O). May import `config`, `records`.
"""

from __future__ import annotations

import codecs
import hashlib
import re

from .config import IngestConfig
from .records import Page, PageKind, RawPage, Rejected

_MAGIC = {
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "gzip-compressed data", b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file", b"\x00\x00\x01\x00": "an icon",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>]",
                         re.IGNORECASE)
_SINGLE_BYTE = frozenset(["latin_1", "iso8859_1", "cp1252", "ascii", "iso8859_15"])
# Encodings a declaration may name that decode more than they say: EUC-KR pages routinely use CP949 syllables.
_SUPERSETS = {"euc_kr": "cp949", "ks_c_5601_1987": "cp949", "gb2312": "gb18030", "gbk": "gb18030",
              "iso8859_1": "cp1252", "latin_1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None


def oversize(source: str, size: int, limit: int) -> Rejected:
    """The one message for a page over `ingest.max_page_bytes`, whether a reader or the decoder finds it."""
    return Rejected(source, "ingest", f"page is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB "
                                      f"(ingest.max_page_bytes)")


def _kind(raw: RawPage) -> PageKind:
    if raw.kind:
        return raw.kind
    return "html" if _HTML_SNIFF.search(raw.data[:4096]) else "text"


def _declared(raw: RawPage, kind: PageKind) -> tuple[str | None, str | None]:
    """The declared charset (its codec name) and where it was declared."""
    if raw.declared_charset:
        return _codec(raw.declared_charset), f"HTTP header charset={raw.declared_charset}"
    if kind == "html":
        head = raw.data[:4096]
        m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if m:
            label = m.group(1).decode("ascii", "replace")
            return _codec(label), f"<meta> charset={label}"
    return None, None


def _binary_reason(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return f"binary content ({what}), not a text or HTML page"
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head) * 0.05:
        return "binary content (control bytes in the first 8 KB), not a text or HTML page"
    return None


def _try(data: bytes, codec: str) -> str | None:
    for name in dict.fromkeys((_SUPERSETS.get(codec, codec), codec)):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _has_non_ascii_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b > 127 for b in data)


# C0 controls other than tab and line breaks, DEL, C1 controls, lone surrogates and the non-characters U+FFFE/FFFF
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def decode(raw: RawPage, cfg: IngestConfig) -> Page | Rejected:
    """Decode one page, or say why it cannot be."""
    import ftfy  # here: the commands that read no page (qe, align) start without them
    from charset_normalizer import from_bytes

    data = raw.data
    size = len(data)
    if size > cfg.max_page_bytes:
        return oversize(raw.source, size, cfg.max_page_bytes)
    if not data.strip():
        return Rejected(raw.source, "ingest", "empty page: no bytes" if not size else "empty page: only whitespace")
    if reason := _binary_reason(data):
        return Rejected(raw.source, "ingest", reason)
    kind = _kind(raw)
    warnings: list[str] = []
    text, encoding = None, None

    declared, where = _declared(raw, kind)
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", "replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", "replace"), "utf-16"
    elif declared:
        decoded = _try(data, declared)
        if declared in _SINGLE_BYTE and _has_non_ascii_utf8(data):
            warnings.append(f"{where} but the bytes are UTF-8; decoded as UTF-8")
        elif decoded is not None:
            text, encoding = decoded, declared
        else:
            warnings.append(f"{where} does not decode the bytes; detected the encoding instead")
    elif where is None and raw.declared_charset:
        warnings.append(f"unknown charset {raw.declared_charset!r} declared; detected the encoding instead")

    if text is None:
        if (decoded := _try(data, "utf_8")) is not None:
            text, encoding = decoded, "utf-8"
        else:
            for guess in from_bytes(data[:200_000]):
                codec = _codec(guess.encoding)
                if codec and (decoded := _try(data, codec)) is not None:
                    text, encoding = decoded, codec.replace("_", "-")
                    break
    if text is None:
        text, encoding = data.decode("utf-8", "replace"), "utf-8 (with replacement characters)"
        bad = text.count("\ufffd") / max(len(text), 1)
        if bad > cfg.max_replacement_share:
            return Rejected(raw.source, "ingest", f"cannot decode: the bytes are not UTF-8, EUC-KR/CP949 or any "
                                                  f"encoding charset-normalizer recognises ({bad:.1%} undecodable)")
        warnings.append(f"{bad:.2%} of the bytes could not be decoded and were replaced")
    if encoding and encoding.replace("-", "_") != (declared or "").replace("-", "_") and declared:
        encoding = f"{encoding} (declared {declared.replace('_', '-')})"

    repaired, explanation = ftfy.fix_encoding_and_explain(text)
    if explanation and repaired != text:
        warnings.append("repaired mojibake (text decoded twice with the wrong encoding)")
        text = repaired
    if kind == "html" and re.search(r"<(?:html|body)[\s>]", text[:20000], re.IGNORECASE) and not re.search(
            r"</(?:body|html)\s*>", text[-20000:], re.IGNORECASE):
        return Rejected(raw.source, "ingest", "truncated HTML: the page ends before </body> and </html>, so its "
                                              "article may be cut off")
    controls = len(_CONTROL.findall(text))
    if controls:  # no article holds them, and XML (TMX) cannot: a damaged page or a stray byte
        text = _CONTROL.sub(" ", text)
        warnings.append(f"{controls} control character(s) replaced by spaces")
    return Page(source=raw.source, text=text, kind=kind, encoding=encoding or "utf-8",
                sha256=hashlib.sha256(data).hexdigest(), url=raw.url, warnings=tuple(warnings),
                declared_lang=raw.declared_lang)


class PageDecoder:
    """The ingest stage: `PageDecoder(cfg)(raw) -> Page | Rejected`."""

    name = "ingest"

    def __init__(self, cfg: IngestConfig) -> None:
        self.cfg = cfg

    def __call__(self, raw: RawPage) -> Page | Rejected:
        return decode(raw, self.cfg)

    def signature(self) -> str:
        return f"ingest:max={self.cfg.max_page_bytes},repl={self.cfg.max_replacement_share:g}"
