"""The README's Python API examples, run as doctests from the repository root, as a user pastes them."""

from __future__ import annotations

import doctest
import os
import re

import pytest

import newsbitext

from .conftest import ROOT


def test_readme_api_examples_run():
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", readme, flags=re.S)
    assert blocks and sum(block.count(">>> ") for block in blocks) >= 5
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.failures == 0 and runner.tries == len(test.examples)


def test_a_page_that_cannot_be_used_is_rejected_with_the_stage_reason(tmp_path):
    page = tmp_path / "x.ko.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(newsbitext.PageRejected) as err:
        newsbitext.clean(page)
    assert err.value.problem.stage == "ingest" and "PNG" in str(err.value)
    with pytest.raises(newsbitext.PageRejected, match="given as English but its article text is Korean"):
        newsbitext.clean((ROOT / "corpora" / "nvidia-h200-china" / "ko.txt").read_bytes(), lang="en")
    with pytest.raises(newsbitext.InputError, match="no such page file"):
        newsbitext.clean(tmp_path / "nothere.html")


def test_text_that_is_not_unicode_is_refused_by_name_before_any_stage():
    """A lone surrogate (a JSON escape like \\ud800, or bytes decoded with surrogateescape) reaches no tokenizer:
    the call names the argument and the character; a value that is no string is refused the same way."""
    with pytest.raises(newsbitext.InputError, match=r"ko: holds a lone surrogate \(\\ud800 at character 4\)"):
        newsbitext.check("가격이 \ud800 올랐다.", "Prices rose.")
    with pytest.raises(newsbitext.InputError, match=r"en\[1\]: holds a lone surrogate \(\\udcff at character 0\)"):
        newsbitext.align(["가격이 올랐다.", "금리는 동결됐다."], ["Prices rose.", "\udcff Rates were held."])
    with pytest.raises(newsbitext.InputError, match="en: expected a string, got int"):
        newsbitext.check("가격이 올랐다.", 3)
    with pytest.raises(newsbitext.InputError, match="two lists of sentences, not strings"):
        newsbitext.align("가격이 올랐다.", ["Prices rose."])
    assert newsbitext.check("가격이 올랐다.", "Prices rose.").label == "ok"
