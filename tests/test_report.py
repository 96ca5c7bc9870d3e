"""The QA report in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium): the seed
sentence's flag with both spans marked, the flag-type filter, sorting, and a page whose text carries `<script>` and
`onerror=` running nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsbitext.pipeline.io.articles import read_articles
from newsbitext.pipeline.io.report import build_report, report_data

from .conftest import CORPUS, newsbitext

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
PAYLOAD = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """A run on two sample pairs and a copy of the seed pair whose English and Korean text carry markup."""
    root = tmp_path_factory.mktemp("report")
    hostile = root / "hostile-page"
    shutil.copytree(CORPUS / "nvidia-h200-china", hostile)
    for name in ("en.txt", "ko.txt"):
        lines = (hostile / name).read_text("utf-8").splitlines()
        body = max(range(len(lines)), key=lambda i: len(lines[i]))  # the longest line is a body paragraph
        lines[body] = lines[body] + " " + PAYLOAD
        (hostile / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (hostile / "en.html").unlink(missing_ok=True)
    (hostile / "ko.html").unlink(missing_ok=True)
    out = root / "out"
    done = newsbitext("run", str(CORPUS / "nvidia-h200-china"), str(CORPUS / "boj-rate-hike"), str(hostile), "-o",
                      str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out / "report.html"


def test_data_is_embedded_without_a_way_out_of_its_script_block(report):
    html = report.read_text("utf-8")
    block = html.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "onerror" in block  # the payload is there, escaped
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html


def test_report_data_is_compact_rows(report):
    articles = list(read_articles(report.parent / "articles.jsonl"))
    data = report_data(articles)
    assert [a["id"] for a in data["articles"]] == [a.id for a in articles]
    assert sum(len(rows) for rows in data["segments"]) == sum(len(a.segments) for a in articles)
    assert build_report(articles).count("<script") == 2


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium and chromium-driver (.ci/run installs them)")
        pytest.skip("no chromium/chromedriver here: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def load(browser, report: Path):
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(report.as_uri())
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.body.dataset.ready") == "1")


def choose(browser, select_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", select_id)).select_by_value(value)


def test_seed_flag_is_shown_with_both_spans_marked(browser, report):
    load(browser, report)
    choose(browser, "type-filter", "number")
    rows = [r for r in browser.find_elements("css selector", "#segment-rows tr") if "20 H200" in r.text]
    assert rows
    ko, en = rows[0].find_element("css selector", "td.ko"), rows[0].find_element("css selector", "td.en")
    assert [m.text for m in ko.find_elements("tag name", "mark")] == ["20만개"]
    assert [m.text for m in en.find_elements("tag name", "mark")] == ["20"]
    assert "number:" in en.find_element("css selector", ".msg").text


def test_type_filter_shows_only_that_type(browser, report):
    load(browser, report)
    total = len(browser.find_elements("css selector", "#segment-rows tr"))
    choose(browser, "type-filter", "untranslated")
    rows = browser.find_elements("css selector", "#segment-rows tr")
    assert 0 < len(rows) < total
    assert all(any(m.text.startswith("untranslated:") for m in r.find_elements("css selector", ".msg")) for r in rows)
    choose(browser, "type-filter", "")
    choose(browser, "label-filter", "bad")
    assert all("bad" in r.find_element("css selector", ".label").text
               for r in browser.find_elements("css selector", "#segment-rows tr"))


def test_article_list_sorts_by_worst_score(browser, report):
    load(browser, report)
    worst = [float(r.find_elements("tag name", "td")[3].text)
             for r in browser.find_elements("css selector", "#article-rows tr")]
    assert worst == sorted(worst) and len(worst) == 4


def test_markup_in_a_page_runs_nothing(browser, report):
    load(browser, report)
    browser.find_element("id", "search").send_keys("window.__xss")
    rows = browser.find_elements("css selector", "#segment-rows tr")
    assert rows and any("<script>window.__xss = 1</script>" in r.text for r in rows)
    assert browser.execute_script("return window.__xss === undefined")
    assert not browser.find_elements("css selector", "#segment-rows img")
