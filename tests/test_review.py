"""The editor's review loop: in a real headless Chromium the report filters to flagged segments, sorts them by
score, keeps an editor's Accept / Dismiss decisions and notes across a reload and exports them as review.jsonl;
`newsbitext review OUT review.jsonl` then rebuilds the corpus with them. Without a browser: decisions that match no
flag are told and counted, a malformed line stops with file:line, the same review twice gives the same bytes, a
new review replaces the earlier one, and an accepted flag keeps its segment out of a --keep-flagged run."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from newsbitext.pipeline.config import EmitConfig
from newsbitext.pipeline.emit import CorpusFilter, ParallelRow, flag_key
from newsbitext.pipeline.io.report import _page_link
from newsbitext.pipeline.records import Article, Flag
from newsbitext.pipeline.run.runner import finished_run

from .conftest import CORPUS, newsbitext, read_jsonl

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def corpus_pairs(out: Path) -> set[tuple[str, str]]:
    """parallel.tsv's (ko, en) pairs, read with `csv` as the manifest says it is written (a header line first)."""
    with (out / "parallel.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-tab"))
    return {(row[0], row[1]) for row in rows[1 if rows and rows[0] == ["ko", "en", "score"] else 0:]}


def one_line(text: str) -> str:
    return " ".join(text.split())


def in_corpus(out: Path, line: dict) -> bool:
    return (one_line(line["ko_text"]), one_line(line["en_text"])) in corpus_pairs(out)


def decision(line: dict, kind: str, note: str = "", flag: int = 0) -> dict:
    """A review line for one flag of a flagged.jsonl line, as the report's export writes it."""
    f = line["flags"][flag]
    return {"article": line["id"], "ko": line["ko"], "en": line["en"], "role": line["role"], "type": f["type"],
            "check": f["check"], "decision": kind, "note": note, "ko_text": line["ko_text"],
            "en_text": line["en_text"], "decided": "2026-01-02T03:04:05.000Z"}


def write_review(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def candidates(out: Path) -> list[dict]:
    """Flagged segments with text on both sides, one flag and an English text no other flagged segment has, that
    the run left out of its corpus: dismissing their flag must bring them in."""
    lines = read_jsonl(out / "flagged.jsonl")
    seen = Counter(line["en_text"] for line in lines)
    return [line for line in lines if len(line["flags"]) == 1 and line["ko"] and line["en"]
            and seen[line["en_text"]] == 1 and not in_corpus(out, line)]


@pytest.fixture
def out(tmp_path, corpus_run) -> Path:
    """A copy of the session's run of the sample corpus, for a review to change."""
    return Path(shutil.copytree(corpus_run, tmp_path / "out"))


def files(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def outputs(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]


# --- the browser -----------------------------------------------------------------------------------------------


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and DRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("no chromium/chromedriver here: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def load(browser, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.ready") == "1")


def choose(browser, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", select_id)).select_by_value(value)


def shown_scores(browser) -> list[float]:
    return [float(td.text.split()[-1]) for td in browser.find_elements("css selector", "#segment-rows td.score")]


def find_flag(browser, line: dict):
    """The one flag box of `line`'s segment, found by searching for its English text in the flagged view."""
    search = browser.find_element("id", "search")
    search.clear()
    search.send_keys(line["en_text"])
    rows = browser.find_elements("css selector", "#segment-rows tr")
    assert len(rows) == 1, [r.text for r in rows]
    boxes = rows[0].find_elements("css selector", ".flag")
    assert len(boxes) == 1
    return boxes[0]


def test_editor_reviews_in_the_browser_and_the_corpus_follows(browser, out):
    flagged = read_jsonl(out / "flagged.jsonl")
    flags = {(x["id"], x["role"], tuple(x["ko"]), tuple(x["en"]), f["type"], f["check"])
             for x in flagged for f in x["flags"]}
    load(browser, out / "report.html")
    summary = browser.find_element("id", "review-summary")
    assert summary.text == f"0 accepted, 0 dismissed, {len(flags)} to review"

    browser.find_element("id", "flagged-only").click()
    assert browser.find_element("id", "segments-title").text == f"Segments ({len(flagged)})"
    rows = browser.find_elements("css selector", "#segment-rows tr")
    assert rows and all("flagged" in r.get_attribute("class").split() for r in rows)
    assert shown_scores(browser) == [round(x["score"], 3) for x in flagged[:len(rows)]]  # document order
    choose(browser, "segment-sort", "asc")
    scores = shown_scores(browser)
    assert scores == sorted(scores) and scores[0] == round(min(x["score"] for x in flagged), 3)
    choose(browser, "segment-sort", "desc")
    scores = shown_scores(browser)
    assert scores == sorted(scores, reverse=True) and scores[0] == round(max(x["score"] for x in flagged), 3)
    browser.find_element("id", "score-head").click()  # the score header cycles the same three orders
    assert shown_scores(browser) == [round(x["score"], 3) for x in flagged[:len(rows)]]
    choose(browser, "label-filter", "ok")  # the label filter and flagged-only combine
    assert all(r.find_element("css selector", ".label").text == "ok"
               for r in browser.find_elements("css selector", "#segment-rows tr"))
    choose(browser, "label-filter", "")

    accepted, dismissed = candidates(out)[:2]
    find_flag(browser, accepted).find_element("css selector", "button.accept").click()
    box = find_flag(browser, dismissed)
    box.find_element("css selector", "input.note").send_keys("비교 기준이 다를 뿐 오역이 아님")
    box.find_element("css selector", "button.dismiss").click()
    assert "dismiss" in box.get_attribute("class").split() and "dismissed" in box.find_element(
        "css selector", ".state").text
    assert summary.text == f"1 accepted, 1 dismissed, {len(flags) - 2} to review"

    browser.refresh()  # the decisions are kept in the browser
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    assert browser.find_element("id", "review-summary").text == f"1 accepted, 1 dismissed, {len(flags) - 2} to review"
    box = find_flag(browser, dismissed)
    assert box.find_element("css selector", "input.note").get_attribute("value") == "비교 기준이 다를 뿐 오역이 아님"
    assert box.find_element("css selector", "button.dismiss").get_attribute("aria-pressed") == "true"
    assert find_flag(browser, accepted).find_element("css selector", "button.accept").get_attribute(
        "aria-pressed") == "true"
    browser.find_element("id", "search").clear()
    choose(browser, "decision-filter", "dismiss")
    assert len(browser.find_elements("css selector", "#segment-rows tr")) == 1

    browser.find_element("id", "export-review").click()
    exported = browser.downloads / "review.jsonl"
    deadline = time.monotonic() + 15
    while not exported.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = read_jsonl(exported)
    assert sorted(x["decision"] for x in lines) == ["accept", "dismiss"]
    by_kind = {x["decision"]: x for x in lines}
    for kind, line, note in (("accept", accepted, ""), ("dismiss", dismissed, "비교 기준이 다를 뿐 오역이 아님")):
        expected = decision(line, kind, note)
        got = by_kind[kind]
        assert {k: v for k, v in got.items() if k != "decided"} == {k: v for k, v in expected.items() if k != "decided"}
        assert datetime.fromisoformat(got["decided"]).year >= 2024

    done = newsbitext("review", str(out), str(exported))
    assert done.returncode == 0, done.stderr
    assert "1 accepted, 1 dismissed, 0 not applied" in done.stderr
    assert in_corpus(out, dismissed) and not in_corpus(out, accepted)
    manifest = finished_run(out, *outputs(out))  # every file as the rewritten manifest names it
    assert manifest["review"]["file"] == "review.jsonl" and "review.jsonl" in manifest["files"]
    assert manifest["review"]["sha256"] == hashlib.sha256(exported.read_bytes()).hexdigest()
    assert (out / "review.jsonl").read_bytes() == exported.read_bytes()
    assert manifest["review"]["segments_added"] == 1 and manifest["counts"]["corpus/kept"] == len(corpus_pairs(out))
    finished_run(out, "parallel.tsv")

    browser.execute_script("localStorage.clear()")  # another editor's browser: import the kept review
    load(browser, out / "report.html")
    assert browser.find_element("id", "review-summary").text.startswith("0 accepted, 0 dismissed")
    browser.find_element("id", "import-review").send_keys(str(out / "review.jsonl"))
    WebDriverWait(browser, 10).until(lambda d: d.find_element("id", "review-summary").text.startswith("1 accepted, 1"))


# --- the command -------------------------------------------------------------------------------------------------


def test_a_decision_for_no_flag_of_the_run_is_told_and_counted(out, tmp_path):
    line = candidates(out)[0]
    ghost = {**decision(line, "dismiss"), "article": "no-such-article"}
    other_text = {**decision(candidates(out)[1], "dismiss"), "en_text": "Not what the run has."}
    review = write_review(tmp_path / "review.jsonl", [decision(line, "dismiss"), ghost, other_text])
    done = newsbitext("review", str(out), str(review))
    assert done.returncode == 0, done.stderr
    assert f"{review}:2: not applied" in done.stderr and "no such flag" in done.stderr
    assert f"{review}:3: not applied" in done.stderr and "differs" in done.stderr
    assert "0 accepted, 1 dismissed, 2 not applied" in done.stderr
    assert json.loads((out / "manifest.json").read_text("utf-8"))["review"]["not_applied"] == 2
    assert in_corpus(out, line)


def test_a_review_that_matches_nothing_changes_nothing(out, tmp_path):
    before = (out / "manifest.json").read_bytes()
    review = write_review(tmp_path / "review.jsonl", [{**decision(candidates(out)[0], "dismiss"), "article": "x"}])
    done = newsbitext("review", str(out), str(review))
    assert done.returncode == 2 and "none of its 1 decision(s)" in done.stderr
    assert (out / "manifest.json").read_bytes() == before and not (out / "review.jsonl").exists()


@pytest.mark.parametrize(("line", "why"), [
    ("{not json", "not JSON"),
    ('["a list"]', "not a JSON object"),
    ('{"article": "a"}', "no role"),
    ("DECISION_MAYBE", "not \"accept\" or \"dismiss\""),
    ("KO_NOT_INDEXES", '"ko" is not a list of sentence indexes'),
])
def test_a_malformed_line_stops_with_file_and_line(out, tmp_path, line, why):
    good = decision(candidates(out)[0], "dismiss")
    if line == "DECISION_MAYBE":
        line = json.dumps({**good, "decision": "maybe"})
    elif line == "KO_NOT_INDEXES":
        line = json.dumps({**good, "ko": "3"})
    review = tmp_path / "review.jsonl"
    review.write_text(json.dumps(good) + "\n\n" + line + "\n", encoding="utf-8")
    before = (out / "manifest.json").read_bytes()
    done = newsbitext("review", str(out), str(review))
    assert done.returncode == 2 and f"{review}:3: " in done.stderr and why in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and (out / "manifest.json").read_bytes() == before


def test_the_same_review_twice_gives_the_same_bytes_and_a_new_one_replaces_it(out, tmp_path, corpus_run):
    first, second = candidates(out)[:2]
    review = write_review(tmp_path / "review.jsonl", [decision(first, "accept"), decision(second, "dismiss", "ok"),
                                                     decision(first, "dismiss")])  # the last line for a flag wins
    assert newsbitext("review", str(out), str(review)).returncode == 0
    once = files(out)
    done = newsbitext("review", str(out), str(review))
    assert done.returncode == 0 and "1 line(s) superseded" in done.stderr
    assert files(out) == once
    assert in_corpus(out, first) and in_corpus(out, second)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["review"]["dismissed"] == 2 and manifest["review"]["segments_added"] == 2
    assert "|review:" in (out / "parallel.tmx").read_text("utf-8")  # the corpus names the review it carries

    empty = write_review(tmp_path / "empty.jsonl", [])  # replaces the earlier review: the run's own corpus again
    assert newsbitext("review", str(out), str(empty)).returncode == 0
    own, now = outputs(corpus_run), outputs(out)
    assert {k: v for k, v in now.items() if k != "review.jsonl"} == own
    assert json.loads((out / "manifest.json").read_text("utf-8"))["review"]["dismissed"] == 0


def test_an_accepted_flag_keeps_its_segment_out_of_a_keep_flagged_run(tmp_path):
    out = tmp_path / "out"
    done = newsbitext("run", str(CORPUS / "bok-rate-decision"), "-o", str(out), "-q", "--keep-flagged",
                      "--min-score", "0")
    assert done.returncode == 0, done.stderr
    flagged = [x for x in read_jsonl(out / "flagged.jsonl") if x["ko"] and x["en"]]
    assert len(flagged) >= 2 and all(in_corpus(out, x) for x in flagged)
    accepted, dismissed = flagged[:2]
    review = write_review(tmp_path / "review.jsonl", [decision(accepted, "accept"), decision(dismissed, "dismiss")])
    done = newsbitext("review", str(out), str(review))
    assert done.returncode == 0, done.stderr
    assert not in_corpus(out, accepted) and in_corpus(out, dismissed)
    manifest = finished_run(out, "parallel.tsv", "parallel.tmx")
    assert manifest["review"]["segments_removed"] == 1 and manifest["counts"]["corpus/left out/accepted flag"] == 1
    tmx = etree.parse(str(out / "parallel.tmx"), etree.XMLParser(resolve_entities=False, no_network=True))
    props = {tu.find("tuv[2]/seg").text: {p.get("type"): p.text for p in tu.iter("prop")} for tu in tmx.iter("tu")}
    assert props[one_line(dismissed["en_text"])]["x-flags"] in ("", None)  # what the editor dismissed is no flag


def test_corpus_filter_reads_the_decisions():
    """The emit stage alone: a dismissed flag counts as absent, also against min_score; an accepted one wins over
    keep_flagged; a segment with another flag standing stays flagged."""
    number, entity = Flag("number", "number@1", "m"), Flag("entity", "entity@1", "m")

    def row(n: int, *flags: Flag, score: float = 0.2) -> ParallelRow:
        return ParallelRow("a", "body", (n,), (n,), f"문장 {n}", f"sentence {n}", score, "bad", flags)

    review = {flag_key("a", "body", (1,), (1,), number): "dismiss", flag_key("a", "body", (2,), (2,), number): "dismiss",
              flag_key("a", "body", (3,), (3,), number): "accept"}
    rows = [row(1, number), row(2, number, entity), row(3, number, score=0.9), row(4, score=0.2)]
    dropping = CorpusFilter(EmitConfig(), review)
    assert [dropping.add(r) for r in rows] == [True, False, False, False]
    keeping = CorpusFilter(EmitConfig(keep_flagged=True, min_score=0.0), review)
    assert [keeping.add(r) for r in rows] == [True, True, False, True]
    kept = list(keeping.kept_rows([row(1, number), row(2, number, entity), row(3, number), row(4)]))
    assert [r.flags for r in kept] == [(), (entity,), ()]  # the dismissed flags leave the TMX's and dataset's flags


def test_charts_are_labelled_pages_are_linked_and_nothing_scrolls_sideways(browser, corpus_run):
    load(browser, corpus_run / "report.html")
    histogram = {t.text for t in browser.find_elements("css selector", "#histogram text")}
    assert {"QE score", "segments", "flagged", "not flagged", "0.0", "1.0"} <= histogram
    per_article = {t.text for t in browser.find_elements("css selector", "#per-article text")}
    assert {"article", "flagged segments"} <= per_article and any(" / " in t for t in per_article)
    assert browser.find_element("id", "per-article-caption").text.startswith("The ")
    row = browser.find_element("css selector", "#article-rows tr")
    record = next(x for x in read_jsonl(corpus_run / "articles.jsonl") if x["id"] == row.get_attribute("data-article"))
    hrefs = [a.get_attribute("href") for a in row.find_elements("css selector", ".links a")]
    assert hrefs == [Path(record[lang]["source"]).resolve().as_uri() for lang in ("ko", "en")]
    font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", system-ui')
    assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_only_web_and_file_links_reach_the_report(tmp_path):
    page = tmp_path / "ko.html"
    page.write_text("<p>x</p>", encoding="utf-8")

    def link(url, source):
        return _page_link(Article(source, "ko", "t", url=url, sha256="ab"))

    assert link("https://www.asiae.co.kr/article/1", str(page)) == ["https://www.asiae.co.kr/article/1",
                                                                    f"https://www.asiae.co.kr/article/1\n{page}\nsha256 ab"]
    assert link("javascript:alert(1)", str(page))[0] == page.as_uri()  # not a web URL: the local file instead
    assert link(None, f"{tmp_path / 'pages.jsonl'}#3")[0] == (tmp_path / "pages.jsonl").as_uri()
    assert link("javascript:alert(1)", "no/such/relative/page.html") is None
