"""The evaluation gate: `newsbitext eval` on the sample corpus may not fall below the floors it has reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.evaluate import evaluate

from .conftest import CORPUS

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text())


@pytest.fixture(scope="module")
def report():
    return evaluate(CORPUS, load_config())


@pytest.mark.parametrize("group", sorted(BASELINE["floors"]))
def test_cleaning_floors(report, group):
    floor, eps = BASELINE["floors"][group], BASELINE["epsilon"]
    got = report.summary()[group]
    assert got["failed"] == 0
    assert got["body"]["f1"] >= floor["body_f1"] - eps
    assert got["title"] >= floor["title"] - eps
    assert got["subtitles"]["f1"] >= floor["subtitles_f1"] - eps
    assert got["captions"]["f1"] >= floor["captions_f1"] - eps
    assert got["leaks"] <= floor["max_leaks"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_segmentation_floor(report, lang):
    assert report.segmentation[lang].f1 >= BASELINE["segmentation_f1"][lang] - BASELINE["epsilon"]
