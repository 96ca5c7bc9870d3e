"""Readers for every input format (page files, JSONL, WARC) and pairing by names and by manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.io.readers import describe, discover, read_container, read_record
from newsbitext.pipeline.pairing import ManifestRow, PageRef, pair_by_manifest, pair_by_name
from newsbitext.pipeline.records import PagePair, RawPage, Rejected

from .conftest import CORPUS, newsbitext, read_jsonl

KOSPI = CORPUS / "kospi-record-high"


def test_names_give_pair_id_and_language(tmp_path):
    assert describe(Path("x/abc.ko.html")).name_id == "abc"
    assert describe(Path("x/abc.en.txt")).name_lang == "en"
    folder = describe(KOSPI / "ko.html")
    assert (folder.name_id, folder.name_lang) == ("kospi-record-high", "ko")
    assert describe(Path("notes.md")) is None


def test_corpus_pairs_by_folder_names():
    files, rejected = discover([CORPUS])
    refs = [PageRef(str(f.path), None, f.name_id, f.name_lang, f.suffix) for f in files]
    pairs, unpaired = pair_by_name(refs)
    assert not rejected and not unpaired
    ids = {p.id for p in pairs}
    assert {"kospi-record-high.html", "kospi-record-high.txt", "nvidia-h200-china"} <= ids
    kospi_html = next(p for p in pairs if p.id == "kospi-record-high.html")
    assert kospi_html.ko.endswith("ko.html") and kospi_html.en.endswith("en.html")


def test_lone_page_is_reported_not_dropped():
    pairs, rejected = pair_by_name([PageRef("a/x.ko.txt", None, "x", "ko", ".txt"),
                                    PageRef("a/y.html", None, None, None, ".html")])
    assert pairs == []
    reasons = {r.source: r.reason for r in rejected}
    assert "no English page" in reasons["a/x.ko.txt"]
    assert "--pairs" in reasons["a/y.html"]


def test_manifest_pairs_paths_and_urls(tmp_path):
    refs = [PageRef(str(KOSPI / "ko.txt")), PageRef("feed.jsonl:3", url="https://www.asiae.co.kr/article/1"),
            PageRef("feed.jsonl:4", url="https://cm.asiae.co.kr/en/article/9"), PageRef("stray.html")]
    manifest = tmp_path / "pairs.tsv"
    rows = [ManifestRow(2, str(KOSPI / "ko.txt"), "https://cm.asiae.co.kr/en/article/9", "k1"),
            ManifestRow(3, "https://www.asiae.co.kr/article/1", "missing.en.html")]
    pairs, rejected = pair_by_manifest(rows, refs, manifest)
    assert pairs == [PagePair("k1", str(KOSPI / "ko.txt"), "feed.jsonl:4")]
    reasons = [r.reason for r in rejected]
    assert "English page 'missing.en.html' not among the inputs" in reasons
    assert any(r.source == "stray.html" and "not in the pairs manifest" in r.reason for r in rejected)


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    html = (KOSPI / "en.html").read_text("utf-8")
    path.write_text("\n".join([
        json.dumps({"url": "https://cm.asiae.co.kr/en/article/9", "html": html, "lang": "en"}),
        "{not json",
        json.dumps({"url": "u", "text": "plain text page"}),
        json.dumps({"url": "u2"}),
    ]), encoding="utf-8")
    items = [item for item, _ in read_container(describe(path), 5_000_000)]
    assert isinstance(items[0], RawPage) and items[0].kind == "html" and items[0].declared_lang == "en"
    assert isinstance(items[1], Rejected) and items[1].source.endswith("feed.jsonl:2")
    assert isinstance(items[2], RawPage) and items[2].kind == "text"
    assert isinstance(items[3], Rejected) and "no `html` or `text`" in items[3].reason


@pytest.mark.parametrize("name", ["feed.jsonl", "crawl.warc", "crawl.warc.gz"])
def test_a_container_page_is_read_again_from_its_offset(tmp_path, name):
    """Workers get offsets, not bytes: the page read again at its offset is the page the scan saw."""
    path = tmp_path / name
    pages = [("https://www.asiae.co.kr/article/1", (KOSPI / "ko.html").read_bytes(), "text/html; charset=EUC-KR"),
             ("https://cm.asiae.co.kr/en/article/9", (KOSPI / "en.html").read_bytes(), "text/html; charset=utf-8")]
    if name.endswith(".jsonl"):
        path.write_text("\n".join(json.dumps({"url": u, "html": b.decode("euc-kr" if "EUC" in c else "utf-8")})
                                   for u, b, c in pages) + "\n", encoding="utf-8")
    else:
        write_warc(path, pages)
    scanned = list(read_container(describe(path), 5_000_000))
    assert len(scanned) == 2
    for page, offset in reversed(scanned):
        again = read_record(path, describe(path).suffix, offset, page.source, 5_000_000)
        assert again == page


def write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for url, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=_stream(body),
                                                          http_headers=headers))


def _stream(data: bytes):
    import io

    return io.BytesIO(data)


def test_warc_records_carry_url_and_http_charset(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://www.asiae.co.kr/article/1", (KOSPI / "ko.html").read_bytes(), "text/html; charset=EUC-KR"),
        ("https://www.asiae.co.kr/logo.png", b"\x89PNG....", "image/png"),
        ("https://cm.asiae.co.kr/en/article/9", (KOSPI / "en.html").read_bytes(), "text/html; charset=utf-8"),
    ])
    items = [item for item, _ in read_container(describe(path), 5_000_000)]
    assert [i.url for i in items] == ["https://www.asiae.co.kr/article/1", "https://cm.asiae.co.kr/en/article/9"]
    assert items[0].declared_charset == "EUC-KR" and items[0].kind == "html"


def test_broken_warc_reports_where_it_broke(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://www.asiae.co.kr/article/1", (KOSPI / "ko.html").read_bytes(), "text/html")] * 2)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])
    items = [item for item, _ in read_container(describe(path), 5_000_000)]
    assert isinstance(items[0], RawPage)
    assert isinstance(items[-1], Rejected)


def test_pairing_by_content_among_distractors(tmp_path):
    """The sample corpus's text dumps under names that say nothing, among 300 pages that translate nothing there:
    the run pairs them by content, writes pairs.tsv (a manifest `--pairs` reads back) and reports every page left
    unpaired; no distractor is paired."""
    from newsbitext.pipeline.evaluation.synthetic import write_pairing_set

    pages = tmp_path / "pages"
    truth = write_pairing_set([CORPUS], [CORPUS / "other-sites", CORPUS / "tuning", CORPUS / "qe-heldout"], 300,
                              pages, seed=3)
    out = tmp_path / "out"
    done = newsbitext("run", str(pages), "-o", str(out), "--quiet", "--workers", "2")
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in (out / "pairs.tsv").read_text("utf-8").splitlines()]
    assert rows[0] == ["id", "ko", "en", "score", "confidence"]
    made = [(Path(ko).name, Path(en).name) for _, ko, en, _, _ in rows[1:]]
    right = [m for m in made if truth[m[0]] and truth[m[0]] == truth[m[1]]]
    gold = len({v for v in truth.values() if v})
    assert len(right) / len(made) >= 0.99 and len(right) >= 0.9 * gold
    assert all(0 <= float(c) <= 1 for *_, c in rows[1:])
    unpaired = {Path(e["input"]).name for e in read_jsonl(out / "errors.jsonl") if e["stage"] == "pair"}
    assert {name for name, pair_id in truth.items() if not pair_id} <= unpaired
    again = newsbitext("run", str(pages), "-o", str(tmp_path / "again"), "--quiet", "--pairs", str(out / "pairs.tsv"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "articles.jsonl").read_bytes() == (out / "articles.jsonl").read_bytes()


def test_pages_paired_by_content_are_read_by_several_processes_alike(tmp_path):
    """A crawl's pages are cleaned for content pairing by worker processes: the same pairs, in the same order, and
    the same unreadable pages as one process reading them all."""
    from newsbitext.pipeline.evaluation.synthetic import write_pairing_set
    from newsbitext.pipeline.run.executors import LocalExecutor
    from newsbitext.pipeline.run.plan import FEATURE_CHUNK, plan_run

    pages = tmp_path / "pages"
    write_pairing_set([CORPUS / "other-sites"], [CORPUS / "tuning", CORPUS / "qe-heldout"], 4 * FEATURE_CHUNK, pages,
                      seed=5)
    (pages / "broken.html").write_bytes(b"\x00\x01binary")
    one, two = (plan_run([pages], load_config(), executor=LocalExecutor(n)) for n in (1, 2))
    assert len(list(pages.iterdir())) >= 4 * FEATURE_CHUNK
    assert [t.pair for t in two.tasks] == [t.pair for t in one.tasks] and len(one.tasks) >= 9
    assert two.by_content == one.by_content
    assert [(p.source, p.reason) for p in two.problems] == [(p.source, p.reason) for p in one.problems]
    assert any(p.source.endswith("broken.html") for p in one.problems)
