"""The sample corpus itself: valid gold, every string as it stands in its pages, and the mix the issue asks for."""

from __future__ import annotations

import json
import re
from collections import Counter

import lxml.html
import pytest

from newsbitext.pipeline.evaluation.gold import ERROR_TYPES, load_gold_dir

from .conftest import CORPUS, OTHER_SITES, TUNING, corpus_pages


def page_text(path) -> str:
    data = path.read_bytes()
    if path.suffix == ".txt":
        return data.decode("utf-8")
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', data[:2000])
    text = data.decode(m.group(1).decode() if m else "utf-8")
    doc = lxml.html.fromstring(text)
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return doc.text_content()


@pytest.mark.parametrize("pair_id, lang, path", corpus_pages() + corpus_pages(OTHER_SITES) + corpus_pages(TUNING),
                         ids=lambda x: str(getattr(x, "name", x)))
def test_gold_strings_stand_verbatim_in_the_page(pair_id, lang, path, gold_pairs):
    text = " ".join(page_text(path).split())
    side = gold_pairs[pair_id].side(lang)
    for string in (side.title, *side.subtitles, *side.captions, *(" ".join(p) for p in side.body)):
        assert string in text, string


def test_corpus_has_the_mix_the_foundation_issue_asks_for():
    pairs, _ = load_gold_dir(CORPUS)
    assert len(pairs) >= 12
    assert sum(len(p.ko.sentences) for p in pairs) >= 250 and sum(len(p.en.sentences) for p in pairs) >= 250
    html = [p for p in pairs if "html" in p.pages("ko") and "html" in p.pages("en")]
    assert len(html) >= 4
    assert sum(b"euc-kr" in p.pages("ko")["html"].read_bytes()[:2000].lower() for p in html) >= 2
    types = Counter(e.type for p in pairs for e in p.errors)
    assert sum(types.values()) >= 40 and all(types[t] >= 4 for t in ERROR_TYPES), types
    assert sum(not p.errors for p in pairs) >= 4
    shapes = Counter((len(b.ko), len(b.en)) for p in pairs for b in p.alignment)
    assert shapes[(2, 1)] and shapes[(1, 2)] and shapes[(1, 0)] and shapes[(0, 1)]


def test_invalid_gold_is_reported_not_scored(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    for name in ("ko.txt", "en.txt"):
        (folder / name).write_text((CORPUS / "won-dollar-exchange" / name).read_text("utf-8"), "utf-8")
    gold = json.loads((CORPUS / "won-dollar-exchange" / "gold.json").read_text("utf-8"))
    gold["alignment"] = gold["alignment"][:-1]
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")
    pairs, rejected = load_gold_dir(tmp_path)
    assert pairs == [] and "beads must cover" in rejected[0].reason
