"""Bad inputs of every kind a scrape produces, made by the generator the robustness bench uses, through a real run:
no crash, each bad input reported in errors.jsonl with a reason, every good pair still out; entity bombs and
external entities in XHTML and WARC never expanded; and hypothesis-fuzzed pages and sentences through the stages."""

from __future__ import annotations

import random
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbitext.models.encoders import CachedEncoder, load_encoder
from newsbitext.pipeline.align import SentenceAligner
from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.evaluation.synthetic import BOMB, KINDS, source_pairs, write_bad_inputs
from newsbitext.pipeline.records import RawPage

from .conftest import CORPUS, newsbitext, read_jsonl
from .test_readers_pairing import write_warc

GOOD = ("kospi-record-high", "bok-rate-decision")
# Kinds that can never yield an article pair; the others (a cut page, a mislabelled charset, mutated bytes, a
# duplicate) may be recovered, and then their pair comes out like any other.
ALWAYS_REPORTED = ("binary", "empty", "huge", "no_article", "unrelated_pair", "third_language", "hostile_jsonl",
                   "empty_warc", "garbage_warc", "nested_200k", "late_entities", "dangling_link", "link_loop", "fifo",
                   "folder_like_page")
# What each of the kinds that once stopped a run, dropped inputs in silence or gave a misleading reason is told.
REASONS = {"hostile_jsonl": ("holds a lone surrogate escape (\\ud800", "arrays or objects nested more than"),
           "empty_warc": ("no page read: the WARC file is empty",),
           "garbage_warc": ("not a WARC file",),
           "nested_200k": ("its elements nest more than 255 deep",),
           "late_entities": ("entity-expansion",),
           "dangling_link": ("a symbolic link to", "which does not exist"),
           "link_loop": ("a symbolic link loop",),
           "fifo": ("a FIFO, not a regular file",),
           "folder_like_page": ("a folder named like a page file",)}


@pytest.fixture(scope="module")
def aligner() -> SentenceAligner:
    return SentenceAligner(load_config().align, CachedEncoder(load_encoder("use-m3")))


def test_generated_bad_inputs_never_crash_a_run(tmp_path):
    inputs = tmp_path / "in"
    made = write_bad_inputs([CORPUS], 2 * len(KINDS), inputs, seed=1)
    assert set(made) == set(KINDS)
    for name in GOOD:
        shutil.copytree(CORPUS / name, inputs / name)
    out = tmp_path / "out"
    done = newsbitext("run", str(inputs), "-o", str(out), "--quiet", "--workers", "2", "--shard-size", "4")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    ids = {r["id"] for r in read_jsonl(out / "articles.jsonl")}
    assert {"kospi-record-high.html", "kospi-record-high.txt", "bok-rate-decision"} <= ids  # the good pairs
    errors = read_jsonl(out / "errors.jsonl")
    assert not [e for e in errors if e["stage"] == "internal" or "internal error" in e["reason"]], \
        "an input raised an unexpected error"
    assert all(e["reason"] and e["input"] for e in errors)
    reported = " ".join(e["input"] for e in errors)
    for kind in ALWAYS_REPORTED:
        assert f"-{kind}." in reported, f"no errors.jsonl line for the {kind} inputs"
    assert not any(f"-{kind}" in i for i in ids for kind in ALWAYS_REPORTED)
    for kind, phrases in REASONS.items():
        reasons = " | ".join(e["reason"] for e in errors if f"-{kind}." in e["input"])
        assert all(phrase in reasons for phrase in phrases), (kind, reasons)
    assert {i for i in ids if "name_with_hash" in i} == {"bad-000023-name_with_hash#1", "bad-000047-name_with_hash#1"}
    huge = next(e for e in errors if "-huge." in e["input"])
    assert "MB" in huge["reason"] or "bytes" in huge["reason"]


def test_entity_bombs_and_external_entities_are_never_expanded(tmp_path):
    """An XHTML page whose DTD nests nine levels of ten entities (a billion `lol`s) and declares an external
    entity on /etc/passwd, as a page file and inside a WARC (paired by a manifest beside a good pair): refused in
    seconds with the reason, its partner reported, nothing expanded, the good pair out."""
    src = random.Random(0).choice(source_pairs([CORPUS]))
    body = "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body)
    page = (BOMB + f'<html lang="ko"><head><title>{src.pair.ko.title}</title></head><body><h1>{src.pair.ko.title}'
            f"</h1><p>&lol9; &xxe;</p>{body}</body></html>").encode("utf-8")
    inputs = tmp_path / "in"
    shutil.copytree(CORPUS / "bok-rate-decision", inputs / "good")
    (inputs / "bomb.ko.xhtml").write_bytes(page)
    (inputs / "bomb.en.txt").write_text(src.en, encoding="utf-8")
    write_warc(inputs / "crawl.warc", [("https://example.com/ko", page, "application/xhtml+xml; charset=utf-8"),
                                        ("https://example.com/en", src.en.encode("utf-8"), "text/plain; charset=utf-8")])
    (tmp_path / "pairs.tsv").write_text("id\tko\ten\ngood\tin/good/ko.txt\tin/good/en.txt\n"
                                        "bomb\tin/bomb.ko.xhtml\tin/bomb.en.txt\n"
                                        "warc\thttps://example.com/ko\thttps://example.com/en\n", encoding="utf-8")
    started = time.monotonic()
    done = newsbitext("run", "in", "-o", "out", "--quiet", "--pairs", "pairs.tsv", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 120
    out = tmp_path / "out"
    assert [r["id"] for r in read_jsonl(out / "articles.jsonl")] == ["good"]
    errors = read_jsonl(out / "errors.jsonl")
    refused = [e for e in errors if "entity-expansion" in e["reason"]]
    assert sorted(e["input"] for e in refused) == ["in/bomb.ko.xhtml", "in/crawl.warc#1"]
    assert sum("its partner" in e["reason"] for e in errors) == 2
    everything = "".join(p.read_text("utf-8", errors="replace") for p in out.iterdir() if p.is_file())
    assert "lollol" not in everything and "root:" not in everything


def test_html_parsing_never_expands_entities(processor):
    """Entity references in a page without a DTD (the guard above does not fire) are never resolved: no file is
    read, no expansion happens, and the article is extracted around them."""
    src = random.Random(0).choice(source_pairs([CORPUS]))
    body = "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body)
    page = (f'<html lang="ko"><head><title>{src.pair.ko.title}</title></head><body><h1>{src.pair.ko.title}</h1>'
            f"<p>&xxe; &lol9;</p>{body}</body></html>").encode()
    result = processor(RawPage("entities.html", page, declared_lang="ko", kind="html"))
    text = " ".join(s for para in result.article.sentences for s in para)
    assert "root:" not in text and "lollol" not in text
    assert result.article.article.title == src.pair.ko.title


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.lists(st.sampled_from(["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<br>",
                              "<!DOCTYPE html>", "<meta charset='euc-kr'>", "<script>", "</script>", "&amp;",
                              "&#xD55C;", "&nbsp;", "한국은행", "기준금리를", "인하했다.", "The Bank of Korea",
                              "cut its rate.", "\x00", "\ufeff", "<![CDATA[", "]]>", "<!--", "-->", "\n"]),
             max_size=400).map(lambda parts: "".join(parts).encode("utf-8")),
), lang=st.sampled_from(["ko", "en", None]), kind=st.sampled_from(["html", "text", None]))
def test_fuzzed_pages_through_ingest_clean_segment(processor, data, lang, kind):
    result = processor(RawPage("fuzz", data, declared_lang=lang, kind=kind))
    assert result.article is not None or result.problems
    assert all(p.reason for p in result.problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ko=st.lists(st.text(min_size=0, max_size=80), max_size=12), en=st.lists(st.text(max_size=80), max_size=12))
def test_fuzzed_sentences_through_the_aligner(aligner, ko, en):
    beads = aligner.align(ko, en)
    covered_ko = sorted(i for b in beads for i in b.src)
    covered_en = sorted(j for b in beads for j in b.tgt)
    assert covered_ko == list(range(len(ko))) and covered_en == list(range(len(en)))
