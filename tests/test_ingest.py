"""Decoding real sample pages (UTF-8, EUC-KR) and refusing bad bytes with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbitext.pipeline.config import IngestConfig
from newsbitext.pipeline.ingest import decode
from newsbitext.pipeline.records import Page, RawPage, Rejected

from .conftest import CORPUS

CFG = IngestConfig()
KOSPI_KO_HTML = CORPUS / "kospi-record-high" / "ko.html"  # EUC-KR, declared with http-equiv
SAMSUNG_KO_HTML = CORPUS / "samsung-hbm4-supply" / "ko.html"  # EUC-KR, declared with <meta charset>


def raw(data: bytes, kind=None, **kw) -> RawPage:
    return RawPage(source="page", data=data, kind=kind, **kw)


@pytest.mark.parametrize("path", [KOSPI_KO_HTML, SAMSUNG_KO_HTML])
def test_euc_kr_pages_decode_by_their_declaration(path, gold_pairs):
    page = decode(raw(path.read_bytes()), CFG)
    assert isinstance(page, Page)
    assert page.encoding == "euc_kr" and page.kind == "html" and not page.warnings
    assert gold_pairs[path.parent.name].ko.title in page.text


def test_euc_kr_declared_as_utf8_is_detected_and_reported(gold_pairs):
    data = KOSPI_KO_HTML.read_bytes().replace(b"charset=euc-kr", b"charset=utf-8")
    page = decode(raw(data), CFG)
    assert isinstance(page, Page)
    assert "does not decode" in page.warnings[0]
    assert gold_pairs["kospi-record-high"].ko.title in page.text


def test_undeclared_euc_kr_text_is_detected(gold_pairs):
    text = (CORPUS / "bok-rate-decision" / "ko.txt").read_text("utf-8")
    page = decode(raw(text.encode("euc-kr"), kind="text"), CFG)
    assert isinstance(page, Page) and page.text == text
    assert page.encoding.replace("-", "_") in ("euc_kr", "cp949")


def test_utf8_bytes_declared_latin1_decode_as_utf8():
    data = '<html><head><meta charset="iso-8859-1"></head><body><p>코스피 4500선 돌파</p></body></html>'.encode()
    page = decode(raw(data), CFG)
    assert isinstance(page, Page) and "코스피 4500선" in page.text
    assert "bytes are UTF-8" in page.warnings[0]


def test_mojibake_is_repaired():
    text = "Samsung’s café — demand for “HBM4 chips’ supply"
    double = text.encode("utf-8").decode("cp1252").encode("utf-8")
    page = decode(raw(double, kind="text"), CFG)
    assert isinstance(page, Page) and page.text == text
    assert any("mojibake" in w for w in page.warnings)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty page: no bytes"),
    (b"  \n\t\n", "empty page: only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    (b"%PDF-1.7\n" + bytes(50), "PDF document"),
    (b"abc\x00\x00\x01\x02" * 50, "control bytes"),
])
def test_bad_bytes_are_rejected_with_a_reason(data, reason):
    result = decode(raw(data), CFG)
    assert isinstance(result, Rejected) and result.stage == "ingest"
    assert reason in result.reason


def test_huge_page_is_rejected_before_decoding():
    result = decode(raw(b"<p>" + b"a" * 10_000_000 + b"</p>"), CFG)
    assert isinstance(result, Rejected) and "10.0 MB, over the limit of 5.0 MB" in result.reason


def test_truncated_html_is_rejected():
    data = (CORPUS / "boj-rate-hike" / "en.html").read_bytes()
    result = decode(raw(data[: len(data) // 2]), CFG)
    assert isinstance(result, Rejected) and "truncated HTML" in result.reason


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_never_raises_on_arbitrary_bytes(data):
    assert isinstance(decode(raw(data), CFG), (Page, Rejected))
