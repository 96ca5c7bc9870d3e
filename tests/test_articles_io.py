"""articles.jsonl is the JSON edge of the typed records: every line of a real run reads back into the
`ArticlePair` it was written from, and that record writes the same line again (the writers and the report read
these records, so a field lost here would be lost in every output)."""

from __future__ import annotations

import json

from newsbitext.pipeline.io.articles import flagged_json, pair_from_json, pair_json, read_articles

from .conftest import read_jsonl


def test_every_article_line_round_trips(corpus_run):
    lines = [line for line in (corpus_run / "articles.jsonl").read_text("utf-8").split("\n") if line]
    assert len(lines) > 50
    for line in lines:
        record = json.loads(line)
        pair = pair_from_json(record)
        assert json.dumps(pair_json(pair), ensure_ascii=False) == line
        assert pair_from_json(pair_json(pair)) == pair
        roles = {lang: pair.side(lang).roles() for lang in ("ko", "en")}
        for seg in pair.segments:  # each segment's text is its sentences joined, the text its spans index
            assert seg.ko_text == " ".join(roles["ko"][seg.role][i] for i in seg.ko)
            assert seg.en_text == " ".join(roles["en"][seg.role][j] for j in seg.en)
        assert pair.ko.article.site == record["provenance"]["site_profiles"]["ko"].split("@")[0]


def test_flagged_lines_come_from_the_records(corpus_run):
    expected = [line for pair in read_articles(corpus_run / "articles.jsonl") for line in flagged_json(pair)]
    assert expected == read_jsonl(corpus_run / "flagged.jsonl")
    assert expected and all(line["flags"] and (line["ko_text"] or line["en_text"]) for line in expected)
