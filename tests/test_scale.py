"""Runs at corpus scale: results that do not depend on the number of workers, a run killed with SIGKILL and
resumed to the same bytes, a resume that refuses other inputs, and the Ray executor on a real local Ray cluster
giving the same articles.jsonl as the local executor."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import CLI, CORPUS, newsbitext, read_jsonl

# Ten pairs (four also as HTML: fourteen article pairs) in shards of two or three: many shards, quick runs.
SUBSET = ("nvidia-h200-china", "bok-rate-decision", "boj-rate-hike", "kospi-record-high", "samsung-hbm4-supply",
          "won-dollar-exchange", "minimum-wage-2027", "household-debt-surge", "us-tariff-korea-deal",
          "hyundai-ev-georgia")
OUTPUTS = ("articles.jsonl", "flagged.jsonl", "errors.jsonl", "parallel.tsv", "parallel.ko", "parallel.en",
           "parallel.tmx", "report.html")


@pytest.fixture(scope="module")
def subset(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("subset")
    for name in SUBSET:
        shutil.copytree(CORPUS / name, folder / name)
    (folder / "stray.en.txt").write_text("An English page with no Korean partner.", encoding="utf-8")
    return folder


def tree(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, manifest.json without its times (the one place they are kept)."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    for key in ("created", "seconds", "stage_seconds", "stage_peak_rss_mb"):
        manifest.pop(key)
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


@pytest.fixture(scope="module")
def clean_run(subset, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    done = newsbitext("run", str(subset), "-o", str(out), "--quiet", "--workers", "1", "--shard-size", "2")
    assert done.returncode == 0, done.stderr
    return out


def test_outputs_do_not_depend_on_workers_or_shards(subset, clean_run, tmp_path):
    out = tmp_path / "two-workers"
    done = newsbitext("run", str(subset), "-o", str(out), "--quiet", "--workers", "2", "--shard-size", "3")
    assert done.returncode == 0, done.stderr
    assert tree(out) == tree(clean_run)
    assert not (out / ".work").exists()
    records = read_jsonl(out / "articles.jsonl")
    assert len(records) == sum(len(list((subset / name).glob("ko.*"))) for name in SUBSET) == 14
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)  # input order
    errors = read_jsonl(out / "errors.jsonl")
    assert [e["input"] for e in errors] == [str(subset / "stray.en.txt")]


def test_sigkill_mid_run_then_resume_gives_the_same_bytes(subset, clean_run, tmp_path):
    out = tmp_path / "killed"
    cmd = [*CLI, "run", str(subset), "-o", str(out), "--quiet", "--workers", "2", "--shard-size", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / ".work").glob("shard-*"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, as an OOM killer or `kill -9` of a job would
    proc.wait()
    finished = len(list((out / ".work").glob("shard-*")))
    assert 2 <= finished < 7 and not (out / "articles.jsonl").exists()
    done = newsbitext("run", str(subset), "-o", str(out), "--quiet", "--workers", "2", "--shard-size", "2",
                      "--resume")
    assert done.returncode == 0, done.stderr
    assert tree(out) == tree(clean_run)


def test_resume_refuses_a_run_with_other_settings(subset, tmp_path):
    out = tmp_path / "out"
    work = out / ".work"
    work.mkdir(parents=True)
    (work / "run.json").write_text(json.dumps({"newsbitext": "0", "config": "x", "pairs": 1, "inputs": "y",
                                               "shard_size": 2}))
    done = newsbitext("run", str(subset), "-o", str(out), "--quiet", "--resume", "--shard-size", "2")
    assert done.returncode == 2
    assert "cannot resume" in done.stderr and "config" in done.stderr and "with --overwrite instead of --resume" in done.stderr


def test_ray_executor_matches_the_local_one(corpus_run, tmp_path):
    pytest.importorskip("ray", reason="the Ray executor needs `pip install newsbitext[ray]`")
    import ray

    from newsbitext.pipeline.config import load_config
    from newsbitext.pipeline.evaluation.synthetic import write_pairing_set
    from newsbitext.pipeline.run.executors import LocalExecutor, RayExecutor
    from newsbitext.pipeline.run.plan import FEATURE_CHUNK, plan_run
    from newsbitext.pipeline.run.runner import run

    crawl = tmp_path / "crawl"  # unnamed pages: content pairing reads them through the executor, on Ray here
    write_pairing_set([CORPUS / "other-sites"], [CORPUS / "tuning"], FEATURE_CHUNK, crawl, seed=3)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        out = tmp_path / "ray"
        summary = run([CORPUS], out, load_config(), progress=False, executor=RayExecutor(workers=2))
        on_ray = plan_run([crawl], load_config(), executor=RayExecutor(workers=2))
    finally:
        ray.shutdown()
    assert summary.articles == len(read_jsonl(corpus_run / "articles.jsonl"))
    for name in ("articles.jsonl", "flagged.jsonl", "errors.jsonl", "parallel.tsv"):
        assert (out / name).read_bytes() == (corpus_run / name).read_bytes(), name
    local = plan_run([crawl], load_config(), executor=LocalExecutor(1))
    assert on_ray.by_content  # pairs were made by content, and the same ones
    assert [(c.pair, c.score) for c in on_ray.by_content] == [(c.pair, c.score) for c in local.by_content]
    assert on_ray.problems == local.problems
