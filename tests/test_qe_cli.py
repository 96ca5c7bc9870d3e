"""QE through the command line: `run` fills score, label and flags and writes flagged.jsonl; `qe` scores a
ko<TAB>en corpus as a filter; `eval` reports QE per type; the QE settings come from configs/qe.yaml."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from newsbitext.pipeline.config import ConfigError, load_config
from newsbitext.pipeline.pipeline import Pipeline
from newsbitext.pipeline.run.qe_corpus import qe_tsv

from .conftest import CORPUS, newsbitext


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    done = newsbitext("run", str(CORPUS / "nvidia-h200-china"), str(CORPUS / "boj-rate-hike"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out


def test_run_scores_and_flags_every_segment(seed_run):
    articles = {a["id"]: a for a in read_jsonl(seed_run / "articles.jsonl")}
    for article in articles.values():
        assert all(s["label"] in ("ok", "review", "bad") and 0 <= s["score"] <= 1 for s in article["alignment"])
        flagged = [s for s in article["alignment"] if s["flags"]]
        assert article["qe"]["flagged"] == len(flagged)
        assert article["qe"]["segments"] == len(article["alignment"])
        assert sum(article["qe"]["labels"].values()) == len(article["alignment"])
    # the seed sentence: one number flag, spans on 20만개 and "20"
    nvidia = articles["nvidia-h200-china"]
    body = [s for para in nvidia["en"]["paragraphs"] for s in para]
    seed = next(s for s in nvidia["alignment"] if s["role"] == "body" and any("20 H200" in body[j] for j in s["en"]))
    assert [f["type"] for f in seed["flags"]] == ["number"] and seed["label"] == "bad"


def test_flagged_jsonl_holds_both_sentences_and_spans(seed_run):
    lines = read_jsonl(seed_run / "flagged.jsonl")
    articles = read_jsonl(seed_run / "articles.jsonl")
    assert len(lines) == sum(a["qe"]["flagged"] for a in articles)
    seed = next(line for line in lines if "20 H200" in line["en_text"])
    (flag,) = seed["flags"]
    assert seed["ko_text"][flag["ko_span"][0]:flag["ko_span"][1]] == "20만개"
    assert seed["en_text"][flag["en_span"][0]:flag["en_span"][1]] == "20"
    types = {f["type"] for line in lines for f in line["flags"]}
    assert {"number", "negation", "entity", "untranslated", "truncation"} <= types  # boj-rate-hike's planted errors


def test_qe_filters_a_tsv_corpus(tmp_path):
    tsv = tmp_path / "corpus.tsv"
    tsv.write_text(
        "한 소식통에 따르면 알리바바는 H200을 20만개 이상 주문하겠다는 의사를 밝혔다.\t"
        "According to one source, Alibaba expressed its intention to order more than 20 H200 units.\n"
        "한 소식통에 따르면 알리바바는 H200을 20만개 이상 주문하겠다는 의사를 밝혔다.\t"
        "According to one source, Alibaba expressed its intention to order more than 200,000 H200 units.\n"
        "no tab on this line\n", encoding="utf-8")
    done = newsbitext("qe", str(tsv))
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert len(rows) == 2 and "corpus.tsv:3" in done.stderr
    wrong, right = rows
    assert wrong[3] == "bad" and json.loads(wrong[4])[0]["type"] == "number"
    assert right[3] == "ok" and json.loads(right[4]) == [] and float(right[2]) > float(wrong[2])
    kept = newsbitext("qe", str(tsv), "--drop-flagged").stdout.splitlines()
    assert len(kept) == 1 and "200,000" in kept[0]
    assert len(newsbitext("qe", str(tsv), "--min-score", "0.5").stdout.splitlines()) == 1
    piped = newsbitext("qe", "-", stdin=tsv.read_text(encoding="utf-8"))
    assert piped.stdout == done.stdout


def test_qe_signature_names_checks_and_thresholds():
    done = newsbitext("qe", "--signature")
    assert done.returncode == 0
    assert done.stdout.startswith("checks:untranslated@1+truncation@6+number@11+date@7+duration@5+base@2+metric@1+title@1+connective@1+contrast@1+entity@7+negation@13+"
                                  "modality@10+omission@6+addition@9+length@4+low_similarity@2|")
    assert ",next>0.25@0.45," in done.stdout and ",len=3.5z>45c," in done.stdout
    assert ",add=0.03@0z<0.25|2z>40c," in done.stdout and ",mis<0.05|0.3@70c," in done.stdout
    assert "ok=0.5,bad=0.3" in done.stdout


def test_qe_settings_come_from_qe_yaml_and_can_be_overridden(tmp_path):
    assert load_config().qe.ok_threshold == 0.5
    user = tmp_path / "user.yaml"
    user.write_text("qe:\n  ok_threshold: 0.8\n  checks: [number, date]\n", encoding="utf-8")
    cfg = load_config(user)
    assert cfg.qe.ok_threshold == 0.8 and cfg.qe.checks == ("number", "date")
    user.write_text("qe:\n  no_such_key: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no_such_key"):
        load_config(user)


def test_eval_reports_qe_per_type_and_the_challenge_set():
    done = newsbitext("eval", str(CORPUS), "--json", "--perturb")
    assert done.returncode == 0, done.stderr
    qe = json.loads(done.stdout)["qe"]
    assert set(qe["gold"]["per_type"]) == {"number", "date", "entity", "omission", "addition", "untranslated",
                                           "negation", "truncation"}
    assert qe["perturbed"]["errors"] >= 2000
    assert qe["perturbed"]["faithful"] == qe["gold"]["faithful"]


def test_bench_qe_times_qe_beside_the_bare_encoder_on_the_same_pairs():
    """`bench qe` builds qe's input from a gold folder's 1-1 beads and times `newsbitext qe` and the encoder alone on
    it, each in its own process: QE encodes at least what the encoder alone does, so it costs more. A first row
    times both on one pair, what each costs to start, and the last column sets it apart."""
    done = newsbitext("bench", "qe", str(CORPUS / "other-sites"), "--repeat", "1")
    assert done.returncode == 0, done.stderr
    start = re.search(r"^\| start-up \(one pair\) \| 1 \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \| .* \| start-up: qe ([+-][\d.]+) "
                      r"CPU s \|$", done.stdout, re.M)
    assert start, done.stdout
    start_qe, start_bare, extra = (float(x) for x in start.groups())
    assert start_qe > start_bare > 0 and abs(start_qe - start_bare - extra) <= 0.11  # both rounded to a tenth
    row = re.search(r"^\| \S+other-sites \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+)x \| "
                    r"([\d.]+)x \| [\d.]+-[\d.]+x of 1 \| (?:([\d.]+)x|too small to tell) \|$", done.stdout, re.M)
    assert row, done.stdout
    pairs, qe_s, _, bare_s, _, ratio, fastest = (float(x) for x in row.groups()[:7])
    assert pairs == 164 and qe_s > bare_s > 0 and ratio > 1 and fastest == ratio  # one round: its runs are the fastest
    # beyond start-up: from the medians of both rows, given where the encoder did 0.05 CPU-s or more past its start
    # and qe more than nothing (on a busy machine the one-pair start-up can take longer than the whole run)
    beyond, work, qe_work = row[8], bare_s - start_bare, qe_s - start_qe
    assert (beyond is None) == (work < 0.05 or qe_work <= 0) or abs(work - 0.05) < 0.11 or abs(qe_work) < 0.11, \
        done.stdout
    if beyond is not None and work > 0.15:  # (qe - start) / (encoder - start), within the rounding of the four
        assert (qe_work - 0.1) / (work + 0.1) <= float(beyond) <= (qe_work + 0.1) / (work - 0.1), done.stdout


# A story in order, one sentence a line, written for this test: one topic, as a corpus's neighbouring lines are, so a
# line paired with its neighbour's English is close in topic and only its neighbour tells it is off by one.
_STORY = [
    ("서울시는 다음 달부터 시내버스 요금을 200원 올린다고 밝혔다.",
     "Seoul City said it will raise city bus fares by 200 won starting next month."),
    ("시는 연료비와 운전기사 인건비가 크게 늘어 요금 인상이 불가피하다고 설명했다.",
     "The city explained that the fare hike was unavoidable as fuel costs and drivers' wages rose sharply."),
    ("시민단체들은 물가가 오르는 상황에서 서민의 부담만 커진다며 인상 철회를 요구했다.",
     "Civic groups demanded the hike be withdrawn, saying it only adds to the burden on ordinary people as prices "
     "climb."),
    ("서울시는 청소년과 노인의 요금은 올리지 않기로 했다.",
     "Seoul decided not to raise fares for teenagers and the elderly."),
    ("버스 요금이 오르는 것은 2015년 이후 8년 만이다.",
     "It is the first bus fare increase in eight years, since 2015."),
]


def _qe_flags(tmp_path, lines: list[tuple[str, str]]) -> list[list[dict]]:
    tsv = tmp_path / "story.tsv"
    tsv.write_text("".join(f"{ko}\t{en}\n" for ko, en in lines), encoding="utf-8")
    done = newsbitext("qe", str(tsv), "-q")
    assert done.returncode == 0, done.stderr
    return [json.loads(line.split("\t")[-1]) for line in done.stdout.splitlines()]


def _shifted() -> list[tuple[str, str]]:
    """The story with its first English line lost: each Korean line paired with the next line's English."""
    return [(ko, _STORY[i + 1][1]) for i, (ko, _) in enumerate(_STORY[:-1])]


def test_qe_on_a_corpus_in_order_finds_a_pairing_off_by_one(tmp_path):
    assert all(not any(f["type"] == "misaligned" for f in flags) for flags in _qe_flags(tmp_path, _STORY))
    flags = _qe_flags(tmp_path, _shifted())
    assert all(line and line[0]["type"] == "misaligned" for line in flags)
    # line 2's sides share their topic (cosine 0.44) and pass for a translation against unrelated news; only the
    # line before it, whose English is its Korean's, tells it is off by one
    assert flags[1][0]["message"].startswith("paired off by one: the Korean is more like the previous line's English")


def test_the_lines_beside_a_batch_are_read_across_its_edges():
    estimator = Pipeline.through(load_config(), "qe").estimator
    lines = [f"{ko}\t{en}\n" for ko, en in _shifted()]
    outputs = []
    for batch in (1, 2, 256):  # one line a batch: every neighbour is in another batch
        sink = io.StringIO()
        qe_tsv(lines, sink, estimator, batch=batch)
        outputs.append(sink.getvalue())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count("paired off by one") >= 1
