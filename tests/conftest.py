"""Shared fixtures: the sample corpus in corpora/ (written for this project, with gold annotations)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsbitext.pipeline.clean import ArticleCleaner
from newsbitext.pipeline.config import load_config
from newsbitext.pipeline.evaluation.gold import load_gold_dir
from newsbitext.pipeline.pipeline import Pipeline
from newsbitext.pipeline.stats import Stats

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"  # The Asia Business Daily pairs
OTHER_SITES = CORPUS / "other-sites"  # pairs from 19 invented sites, for the generic path
TUNING = CORPUS / "tuning"  # asiae-style pairs rich in merges, omissions and additions, for tuning the aligner
QE_HELDOUT = CORPUS / "qe-heldout"  # pairs with planted errors written after the QE checks, kept out of tests' tuning
SEED = CORPUS / "nvidia-h200-china" / "en.txt"  # byte copy of shared/seed-page-en.txt, a real scraped page


def corpus_pages(root: Path = CORPUS) -> list[tuple[str, str, Path]]:
    pairs, _ = load_gold_dir(root)
    return [(p.id, lang, path) for p in pairs for lang in ("ko", "en") for path in p.pages(lang).values()]


@pytest.fixture(scope="session")
def gold_pairs():
    pairs, rejected = [], []
    for root in (CORPUS, OTHER_SITES, TUNING):
        found, bad = load_gold_dir(root)
        pairs += found
        rejected += bad
    assert not rejected, rejected
    return {p.id: p for p in pairs}


def page_stages(cfg):
    """The page stages of a run (ingest, clean, segment), as `Pipeline.page` runs them on one page."""
    pipeline = Pipeline(cfg, upto="segment")
    return lambda raw: pipeline.page(raw, Stats())


@pytest.fixture(scope="session")
def processor():
    return page_stages(load_config())


@pytest.fixture(scope="session")
def generic_processor():
    return page_stages(load_config(overrides={"clean": {"site": "none"}}))


@pytest.fixture(scope="session")
def cleaner() -> ArticleCleaner:
    return ArticleCleaner(load_config().clean)


CLI = [sys.executable, "-m", "newsbitext.pipeline.cli"]  # the command, from the interpreter running the tests


def newsbitext(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it (`newsbitext ...`), through this interpreter rather than PATH."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=300, input=stdin)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line]


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory) -> Path:
    """`newsbitext run corpora/` with the defaults (local executor, all cores), once for the session."""
    out = tmp_path_factory.mktemp("run") / "out"
    done = newsbitext("run", str(CORPUS), "-o", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    return out
