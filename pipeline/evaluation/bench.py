"""`newsbitext bench`: aligners side by side on sets with gold beads and the DP's time as documents grow
(`align`), the report in a browser (`report`), the translator (`mt`), end-to-end throughput (`run`) and bad inputs
(`robustness`).

Sets: the sample corpus (gold sentences and beads from `gold.json`) and any folder in the Vecalign layout
(`src/NAME`, `tgt/NAME`, `gold/NAME`, one sentence or bead a line). Aligners: ours, a Gale-Church length-only
baseline (our implementation of the 1993 model), and peers' own code where the user points to a checkout.
Embeddings are computed once per set and shared, so times are of the alignment alone.

Room: evaluation. Gets its stages from `pipeline.Pipeline`; runs whole runs through the CLI in a subprocess, as a
user would. May import anything below the CLI.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ...models.encoders import encode_runs
from ..align import Bead, SentenceAligner, align_sides, make_sides, pair_similarity
from ..config import Config
from ..errors import InputError
from ..pipeline import Pipeline, build_encoder
from ..records import AlignedSegment
from .evaluate import AlignCounts, align_counts
from .gold import load_gold_dir

# Gale-Church on characters (spaces excluded), fitted on the 269 gold 1-1 beads of corpora/: English characters per
# Korean character, and the variance of the difference per Korean character. Bead priors are Gale and Church's.
GC_RATIO = 2.58
GC_VARIANCE = 10.6
GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


@dataclass
class Doc:
    name: str
    src: list[str]
    tgt: list[str]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]


def read_beads(text: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads in the Vecalign format, `[0, 1]:[2]` or `[0]:[1]:0.93`, one a line."""
    beads = []
    for line in text.splitlines():
        if line.strip():
            src, tgt = line.split(":")[:2]
            beads.append((tuple(ast.literal_eval(src)), tuple(ast.literal_eval(tgt))))
    return beads


def read_set(path: Path) -> list[Doc]:
    """Documents of a Vecalign-layout folder, or of a gold corpus (`NAME/gold.json`)."""
    if (path / "src").is_dir() and (path / "gold").is_dir():
        return [Doc(f.name, f.read_text("utf-8").splitlines(), (path / "tgt" / f.name).read_text("utf-8").splitlines(),
                    read_beads((path / "gold" / f.name).read_text("utf-8")))
                for f in sorted((path / "src").iterdir()) if (path / "gold" / f.name).is_file()]
    pairs, _ = load_gold_dir(path)
    return [Doc(p.id, list(p.ko.sentences), list(p.en.sentences), [(b.ko, b.en) for b in p.alignment])
            for p in pairs]


def gale_church(src: list[str], tgt: list[str]) -> list[Bead]:
    """Length-only alignment: the cost of a bead is -log(prior * P(|delta|)) of its character lengths, around the
    document's own ratio of lengths."""
    ls = [len("".join(s.split())) for s in src]
    lt = [len("".join(t.split())) for t in tgt]
    n, m = len(ls), len(lt)
    # the document's own ratio where it has text (Korean-English's 2.58 would wreck German-French), the variance
    # scaled with it
    ratio = sum(lt) / sum(ls) if sum(ls) and sum(lt) else GC_RATIO
    variance = GC_VARIANCE * ratio / GC_RATIO
    cost = np.full((n + 1, m + 1), np.inf)
    back: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for (a, b), prior in GC_PRIORS.items():
                if i < a or j < b or not np.isfinite(cost[i - a, j - b]):
                    continue
                l1, l2 = sum(ls[i - a:i]), sum(lt[j - b:j])
                delta = (l2 - l1 * ratio) / math.sqrt(max(l1, 1) * variance) if a and b else 0.0
                p = 2 * (1 - 0.5 * (1 + math.erf(abs(delta) / math.sqrt(2)))) if a and b else 1.0
                c = cost[i - a, j - b] - math.log(prior) - math.log(max(p, 1e-12))
                if c < cost[i, j]:
                    cost[i, j] = c
                    back[i, j] = (a, b)
    beads, i, j = [], n, m
    while i or j:
        a, b = back[i, j]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), 0.0))
        i, j = i - a, j - b
    return beads[::-1]


@dataclass
class BeadTypes:
    """Exact beads by type (sentences on each side): how many the gold holds and how many of those were predicted
    (recall), how many were predicted and how many of those are gold (precision)."""

    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)

    def add(self, gold: list[tuple[tuple[int, ...], tuple[int, ...]]],
            predicted: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        gold_set, predicted_set = set(gold), set(predicted)
        for bead in gold:
            self.gold[len(bead[0]), len(bead[1])] += 1
            self.found[len(bead[0]), len(bead[1])] += bead in predicted_set
        for bead in predicted:
            self.predicted[len(bead[0]), len(bead[1])] += 1
            self.right[len(bead[0]), len(bead[1])] += bead in gold_set


@dataclass
class Row:
    aligner: str
    counts: AlignCounts
    seconds_per_doc: float
    note: str = ""
    types: BeadTypes = field(default_factory=BeadTypes)


def _tallied(name: str, docs: list[Doc], predictions: list[list[Bead]], seconds: float) -> Row:
    row = Row(name, AlignCounts(), seconds / max(len(docs), 1))
    for doc, beads in zip(docs, predictions, strict=True):
        pairs = [(b.src, b.tgt) for b in beads]
        row.counts.add(align_counts(doc.gold, pairs))
        row.types.add(doc.gold, pairs)
    return row


def bench_set(docs: list[Doc], aligner: SentenceAligner,
              peers: dict[str, Callable[[list[Doc]], tuple[list[list[Bead]], float]]]) -> list[Row]:
    run = aligner.cfg.max_bead - 1
    sides = [make_sides([d.src, d.tgt], aligner.encoder, run) for d in docs]
    rows = []
    for name, align in ((f"newsbitext ({aligner.encoder.name})", lambda k: align_sides(*sides[k], aligner.cfg)[0]),
                        ("Gale-Church (lengths only)", lambda k: gale_church(docs[k].src, docs[k].tgt))):
        predictions, elapsed = [], 0.0
        for k in range(len(docs)):
            start = time.perf_counter()
            predictions.append(align(k))
            elapsed += time.perf_counter() - start
        rows.append(_tallied(name, docs, predictions, elapsed))
    for name, peer in peers.items():
        try:
            results, seconds = peer(docs)
        except Exception as exc:  # a peer's checkout that does not run is reported, not fatal
            rows.append(Row(name, AlignCounts(), 0.0, f"failed: {exc}"))
            continue
        rows.append(_tallied(name, docs, results, seconds))
    return rows


class _TextsOnly:
    """An encoder seen through `encode` alone: the runs' texts are encoded one by one, as aligners of the
    Vecalign family do."""

    def __init__(self, encoder) -> None:
        self.encode = encoder.encode
        self.dim = encoder.dim


def encoding_cost(docs: list[Doc], encoder, max_run: int) -> dict:
    """Seconds to embed every run of 1..max_run sentences of both sides of the documents, through the encoder's
    `encode_runs` (USE: composed from one pass) and by encoding each run's text, and the largest difference."""
    encoder.encode(["warm up"])
    timed = {}
    for name, through in (("composed", encoder), ("texts", _TextsOnly(encoder))):
        started = time.perf_counter()
        timed[name] = [encode_runs(through, [d.src, d.tgt], max_run) for d in docs]
        timed[f"{name}_s"] = time.perf_counter() - started
    diff = max(float(np.abs(a - b).max(initial=0.0)) for x, y in zip(timed["composed"], timed["texts"], strict=True)
               for side_x, side_y in zip(x, y, strict=True) for a, b in zip(side_x, side_y, strict=True))
    return {"composed_s": round(timed["composed_s"], 2), "texts_s": round(timed["texts_s"], 2), "max_diff": diff,
            "sentences": sum(len(d.src) + len(d.tgt) for d in docs)}


def pair_separation(docs: list[Doc], aligner: SentenceAligner) -> tuple[float, float]:
    """The lowest mean bead score of the true pairs and the highest of the same pages mismatched (each source
    document against the target of the document five places on): how well `align.min_pair_similarity` can tell a
    translation from an unrelated page."""
    def score(src: list[str], tgt: list[str]) -> float:
        beads = aligner.align(src, tgt)
        return pair_similarity(tuple(AlignedSegment("body", b.src, b.tgt, b.score) for b in beads)) or 0.0

    true = [score(d.src, d.tgt) for d in docs]
    false = [score(d.src, docs[(k + 5) % len(docs)].tgt) for k, d in enumerate(docs)] if len(docs) > 5 else [0.0]
    return min(true), max(false)


def scaling(aligner: SentenceAligner, sentences: list[tuple[str, str]], sizes: tuple[int, ...],
            peers: dict[str, Callable[[list[Doc]], tuple[list[list[Bead]], float]]] | None = None,
            peer_sizes: tuple[int, ...] = ()) -> list[tuple[int, float, dict[str, float]]]:
    """DP time (encoding excluded) on documents of `sizes` sentences a side, built from real 1-1 sentence pairs
    repeated, and the peers' own DP time on the same documents for the sizes in `peer_sizes`."""
    out = []
    run = aligner.cfg.max_bead - 1
    for size in sizes:
        pairs = [sentences[i % len(sentences)] for i in range(size)]
        src, tgt = make_sides([[p[0] for p in pairs], [p[1] for p in pairs]], aligner.encoder, run)
        times = []
        for _ in range(3 if size <= 4000 else 1):  # the best of three: the least disturbed by the rest of the machine
            start = time.perf_counter()
            align_sides(src, tgt, aligner.cfg)
            times.append(time.perf_counter() - start)
        theirs = {}
        for name, peer in (peers or {}).items():
            if size in peer_sizes:
                doc = Doc(f"{size}", [p[0] for p in pairs], [p[1] for p in pairs], [])
                try:
                    theirs[name] = peer([doc])[1]
                except Exception:  # a peer that fails is left out of the row, as in the tables above
                    continue
        out.append((size, min(times), theirs))
    return out


def bench_align(sets: list[Path], cfg: Config, peer_specs: list[str], with_scaling: bool = False) -> Iterator[str]:
    """`bench align`: per set, ours beside Gale-Church and the peers given as NAME=DIR (fed the same vectors),
    how well pair similarity tells translations from mismatched pages, and the cost of embedding the runs; with
    `with_scaling`, the DP's time on 40, 400 and 4,000 sentences a side. Yields the report's blocks."""
    aligner = Pipeline.through(cfg, "align").aligner
    peers = {}
    for spec in peer_specs:
        name, _, folder = spec.partition("=")
        if name not in PEERS or not Path(folder).is_dir():
            raise InputError(f"--peer {spec}: expected NAME=DIR with NAME one of {', '.join(PEERS)} and DIR a checkout")
        feed = aligner.encoder.encode if name == "vecalign" else cfg.align.encoder
        peers[name] = PEERS[name](Path(folder).resolve(), feed)
    notes = [f"{name}: skipped (no checkout given with --peer {name}=DIR)" for name in PEERS if name not in peers]
    for folder in sets:
        docs = read_set(folder)
        if not docs:
            raise InputError(f"{folder}: no documents (expected src/, tgt/, gold/ or NAME/gold.json)")
        rows = bench_set(docs, aligner, peers)
        yield format_rows(str(folder), docs, rows)
        yield ("\nExact beads by type, recall / precision (predicted count in brackets):\n\n" + format_types(rows))
        lowest, highest = pair_separation(docs, aligner)
        yield (f"\nPair similarity (align.min_pair_similarity = {cfg.align.min_pair_similarity:g}): translations "
               f"{lowest:.3f} and up, the same pages mismatched {highest:.3f} and down\n")
        cost = encoding_cost(docs, build_encoder(cfg, cached=False), cfg.align.max_bead - 1)
        yield (f"Embedding every run of 1-{cfg.align.max_bead - 1} sentences ({cost['sentences']} sentences, no "
               f"cache): {cost['composed_s']} s through the encoder's encode_runs, {cost['texts_s']} s encoding each "
               f"run's text; largest difference {cost['max_diff']:.1e}\n")
    for note in notes:
        yield f"- {note}"
    if with_scaling:
        pairs = [(d.src[b[0][0]], d.tgt[b[1][0]]) for folder in sets for d in read_set(folder)
                 for b in d.gold if len(b[0]) == 1 and len(b[1]) == 1]
        timed = scaling(aligner, pairs, (40, 400, 4000, 40000), peers, (40, 400, 4000))
        names = sorted({name for _, _, theirs in timed for name in theirs})
        lines = ["\n| sentences a side | DP time (encoding excluded) | per sentence | "
                 + " | ".join(f"{name} DP time" for name in names) + " |", "|---|---|---|" + "---|" * len(names)]
        lines += [f"| {size} | {seconds * 1000:.1f} ms | {seconds / size * 1e6:.0f} µs | "
                  + " | ".join(f"{theirs[name] * 1000:.1f} ms" if name in theirs else "–" for name in names) + " |"
                  for size, seconds, theirs in timed]
        yield "\n".join(lines)


def format_rows(name: str, docs: list[Doc], rows: list[Row]) -> str:
    lines = [f"{name}: {len(docs)} documents, {sum(len(d.src) for d in docs)} source and "
             f"{sum(len(d.tgt) for d in docs)} target sentences, {sum(len(d.gold) for d in docs)} gold beads", "",
             "| aligner | strict P | strict R | strict F1 | lax F1 | DP time per document |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        if row.note:
            lines.append(f"| {row.aligner} | – | – | – | – | {row.note} |")
            continue
        sc = row.counts.scores()
        lines.append(f"| {row.aligner} | {sc['strict_p']:.4f} | {sc['strict_r']:.4f} | {sc['strict_f1']:.4f} | "
                     f"{sc['lax_f1']:.4f} | {row.seconds_per_doc * 1000:.1f} ms |")
    return "\n".join(lines)


def format_types(rows: list[Row]) -> str:
    """Recall and precision of exact beads, type by type, for each aligner that ran."""
    ran = [row for row in rows if not row.note]
    kinds = sorted(set().union(*(row.types.gold.keys() | row.types.predicted.keys() for row in ran)),
                   key=lambda k: (k[0] == 0 or k[1] == 0, k[0] + k[1], k))
    gold = ran[0].types.gold if ran else Counter()
    lines = ["| bead | gold | " + " | ".join(f"{row.aligner} R / P" for row in ran) + " |",
             "|---|---|" + "---|" * len(ran)]

    def share(part: int, whole: int) -> str:
        return f"{part / whole:.2f}" if whole else "–"

    for kind in kinds:
        cells = [f"{share(row.types.found[kind], gold[kind])} / "
                 f"{share(row.types.right[kind], row.types.predicted[kind])} ({row.types.predicted[kind]})"
                 for row in ran]
        lines.append(f"| {kind[0]}-{kind[1]} | {gold[kind]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def vecalign_peer(checkout: Path, encode: Callable[[list[str]], np.ndarray], python: str = sys.executable):
    """Vecalign's own code from a checkout (its Cython extension built in place), fed our embeddings through its
    overlap and embedding files. Its time is the wall time of its command, per document."""

    def run(docs: list[Doc]) -> tuple[list[list[Bead]], float]:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            src_files, tgt_files = [], []
            for k, doc in enumerate(docs):
                for side, lines, files in (("src", doc.src, src_files), ("tgt", doc.tgt, tgt_files)):
                    path = work / f"{k:05d}.{side}"
                    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
                    files.append(str(path))
            env = {**os.environ, "PYTHONPATH": str(checkout)}
            for side, files in (("src", src_files), ("tgt", tgt_files)):
                overlaps = work / f"overlaps.{side}"
                subprocess.run([python, "-m", "vecalign.overlap", "-i", *files, "-o", str(overlaps), "-n", "4"],
                               check=True, env=env, capture_output=True)
                lines = overlaps.read_text("utf-8").splitlines()
                encode(lines).astype(np.float32).tofile(work / f"overlaps.{side}.emb")
            start = time.perf_counter()
            done = subprocess.run(
                [python, "-m", "vecalign.vecalign", "-s", *src_files, "-t", *tgt_files,
                 "--src_embed", str(work / "overlaps.src"), str(work / "overlaps.src.emb"),
                 "--tgt_embed", str(work / "overlaps.tgt"), str(work / "overlaps.tgt.emb")],
                check=True, env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - start
        beads = [(tuple(a), tuple(b)) for a, b in read_beads(done.stdout)]
        return _split_by_document(beads, docs), seconds

    return run


def _split_by_document(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], docs: list[Doc]) -> list[list[Bead]]:
    """A peer prints the beads of all documents one after the other; each document ends when it is covered."""
    out, at = [], 0
    for doc in docs:
        mine: list[Bead] = []
        seen_src, seen_tgt = 0, 0
        while (seen_src < len(doc.src) or seen_tgt < len(doc.tgt)) and at < len(beads):
            src, tgt = beads[at]
            at += 1
            seen_src += len(src)
            seen_tgt += len(tgt)
            mine.append(Bead(src, tgt, 0.0))
        out.append(mine)
    return out


def bertalign_peer(checkout: Path, encoder_spec: str, python: str = sys.executable):
    """Bertalign's own code from a checkout, run in a child process where its encoder is handed ours: its
    `sentence_transformers.SentenceTransformer` is replaced by our encoder, and `googletrans` (which it asks for
    the language over the network) by a script check. Its requirements (faiss-cpu, numba, torch) must be
    installed (and scipy, which numba needs for its linear algebra). Its time is that of `align_sents`, its two
    DP passes, as ours is timed, after one untimed warm-up call."""

    def run(docs: list[Doc]) -> tuple[list[list[Bead]], float]:
        with tempfile.TemporaryDirectory() as tmp:
            docs_path, out_path = Path(tmp) / "docs.json", Path(tmp) / "out.json"
            docs_path.write_text(json.dumps([{"src": d.src, "tgt": d.tgt} for d in docs], ensure_ascii=False))
            done = subprocess.run([python, "-m", "newsbitext.pipeline.evaluation.bench", "bertalign", str(checkout),
                                   str(docs_path), str(out_path), encoder_spec], capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError((done.stderr.strip().splitlines() or ["no message"])[-1])
            out = json.loads(out_path.read_text())
        beads = [[Bead(tuple(a), tuple(b), 0.0) for a, b in doc] for doc in out["results"]]
        return beads, out["seconds"]

    return run


def _bertalign_child(checkout: str, docs_path: str, out_path: str, encoder_spec: str) -> None:
    import contextlib
    import io
    import re
    import types

    from ...models.encoders import load_encoder

    encoder = load_encoder(encoder_spec)

    class SentenceTransformer:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def encode(self, texts, *args, **kwargs):
            return encoder.encode(list(texts))

    class Translator:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def detect(self, text):
            return types.SimpleNamespace(lang="ko" if re.search("[가-힣]", text) else "en")

    sys.modules["sentence_transformers"] = types.SimpleNamespace(SentenceTransformer=SentenceTransformer)
    sys.modules["googletrans"] = types.SimpleNamespace(Translator=Translator)
    sys.path.insert(0, checkout)
    from bertalign import Bertalign

    docs = json.loads(Path(docs_path).read_text())
    with contextlib.redirect_stdout(io.StringIO()):  # numba compiles on the first call: keep that out of the time
        Bertalign("\n".join(docs[0]["src"]), "\n".join(docs[0]["tgt"]), is_split=True).align_sents()
    results, seconds = [], 0.0
    for doc in docs:
        with contextlib.redirect_stdout(io.StringIO()):
            aligner = Bertalign("\n".join(doc["src"]), "\n".join(doc["tgt"]), is_split=True)
            start = time.perf_counter()
            aligner.align_sents()
            seconds += time.perf_counter() - start
        results.append([[[int(i) for i in a], [int(j) for j in b]] for a, b in aligner.result])
    Path(out_path).write_text(json.dumps({"results": results, "seconds": seconds}))


PEERS = {"vecalign": vecalign_peer, "bertalign": bertalign_peer}


if __name__ == "__main__" and len(sys.argv) == 6 and sys.argv[1] == "bertalign":
    _bertalign_child(*sys.argv[2:])


def _chrome():
    """Headless Debian chromium through Selenium (the test extra); no browser is downloaded."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        raise RuntimeError("bench report needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


def _ready(driver, timeout: float = 120.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.ready") == "1")


def report_load(out: Path, segments: int, screenshots: Path | None = None) -> dict:
    """Build a report of at least `segments` segments from a run's articles (repeated under new ids) and time
    how long headless Chromium takes from navigation until the page has rendered; optionally save screenshots of
    the run's own report (summary, the segments around its first flagged one, and the flagged-only view with one
    flag accepted and one dismissed)."""
    from ..io.articles import read_articles
    from ..io.report import build_report

    records = list(read_articles(out / "articles.jsonl"))
    per_copy = sum(len(r.segments or ()) for r in records)
    if not per_copy:
        raise ValueError(f"{out}: no aligned segments to build a report from")
    copies = -(-segments // per_copy)
    grown = [replace(r, id=f"{r.id}#{k}") for k in range(copies) for r in records]
    html = build_report(grown)
    driver = _chrome()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "report.html"
            page.write_text(html, encoding="utf-8")
            start = time.perf_counter()
            driver.get(page.as_uri())
            _ready(driver)
            seconds = time.perf_counter() - start
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            driver.get((out / "report.html").as_uri())
            _ready(driver)
            driver.save_screenshot(str(screenshots / "report-summary.png"))
            row = driver.find_element("css selector", "#segment-rows tr.flagged")
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
            driver.save_screenshot(str(screenshots / "report-segments.png"))
            _review_screenshot(driver, screenshots / "report-review.png")
    finally:
        driver.quit()
    return {"segments": copies * per_copy, "articles": len(grown), "megabytes": round(len(html.encode()) / 2**20, 1),
            "seconds": round(seconds, 2)}


def _review_screenshot(driver, path: Path) -> None:
    """The editor's review loop: the flagged segments alone, the first row's flag accepted, the second's dismissed
    with a note (in this throwaway browser profile only)."""
    driver.find_element("id", "flagged-only").click()
    rows = driver.find_elements("css selector", "#segment-rows tr")
    rows[0].find_element("css selector", ".flag button.accept").click()
    if len(rows) > 1:
        box = rows[1].find_element("css selector", ".flag")
        box.find_element("css selector", "input.note").send_keys("checked against the Korean: the English is right")
        box.find_element("css selector", "button.dismiss").click()
    driver.execute_script("document.getElementById('segments').scrollIntoView()")
    driver.save_screenshot(str(path))


def machine() -> str:
    """The CPU model and core count, as BENCHMARKS.md names machines."""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return f"{model}, {os.cpu_count()} cores"


def mt_throughput(translator, sentences: list[str], batch_sizes: list[int]) -> list[dict]:
    """Sentences per second of an `HFTranslator` (no cache) at each batch size, after one warm-up batch, with the
    peak GPU memory (CUDA) or the process's peak RSS (CPU)."""
    import resource

    torch = translator._loaded[0]
    device = translator._loaded[3]
    rows = []
    for size in batch_sizes:
        translator.batch_size = size
        translator.translate(sentences[:size])
        if device.startswith("cuda"):
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        started = time.perf_counter()
        out = translator.translate(sentences)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
            memory = torch.cuda.max_memory_allocated() / 2**20
        else:
            memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        seconds = time.perf_counter() - started
        words = sum(len(t.split()) for t in out)
        rows.append({"batch": size, "sentences": len(sentences), "seconds": round(seconds, 2),
                     "sentences_per_s": round(len(sentences) / seconds, 1), "words_per_s": round(words / seconds),
                     "peak_mb": round(memory)})
    return rows


def mt_device(translator) -> str:
    torch, device, dtype = translator._loaded[0], translator._loaded[3], translator._loaded[4]
    name = torch.cuda.get_device_name(device) if device.startswith("cuda") else machine()
    return f"{name} ({device}, {dtype}, torch {torch.__version__})"


def _pinned(cores: int) -> Callable[[], None] | None:
    """A child-process hook that confines it (and the workers it starts) to its first `cores` CPUs, so a figure
    per core is one: no BLAS or tokenizer thread borrows an idle core."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))[:cores]
    return lambda: os.sched_setaffinity(0, allowed)


def bench_run(folders: list[Path], pairs: int, configs: list[tuple[str, list[str], int]], work: Path,
              seed: int = 0) -> list[dict]:
    """End-to-end throughput on `pairs` synthetic page pairs built from the gold corpus folders: each config
    (a label, `newsbitext run` flags and the cores it may use) runs as its own command pinned to those cores, so
    its memory is its own and a worker has a core to itself. Synthetic pairs reuse
    their sources' sentences, but nothing is reused across pairs (the encoder's cache lives for one pair), so
    this costs what new pages cost. Pairs/s and sentences/s on the wall clock; per stage, the time summed over
    workers and a worker's peak RSS after it."""
    from .synthetic import write_synthetic

    corpus = work / "corpus"
    write_synthetic(folders, pairs, corpus, seed)
    rows = []
    for label, flags, cores in configs:
        out = work / f"out-{len(rows)}"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "run", str(corpus), "-o", str(out),
                               "--quiet", *flags], capture_output=True, text=True, preexec_fn=_pinned(cores))
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"bench run {label}: {done.stderr[-2000:]}")
        manifest = json.loads((out / "manifest.json").read_text("utf-8"))
        sentences = 0
        with (out / "articles.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                sentences += sum(len(p) for lang in ("ko", "en") for p in record[lang]["paragraphs"])
        rows.append({"config": label, "pairs": manifest["articles"], "wall_s": round(wall, 1),
                     "pairs_per_s": round(manifest["articles"] / wall, 2), "sentences_per_s": round(sentences / wall),
                     "stage_seconds": manifest["stage_seconds"], "peak_rss_mb": manifest["stage_peak_rss_mb"]})
        shutil.rmtree(out, ignore_errors=True)
    return rows


def bench_robustness(folders: list[Path], inputs: int, work: Path, workers: int, seed: int = 0) -> dict:
    """`inputs` generated bad inputs (every kind in turn, with good partner pages where a kind is one-sided) through
    one `newsbitext run`: whether it finished, and how errors.jsonl accounts for them."""
    from .synthetic import write_bad_inputs

    corpus = work / "bad"
    made = write_bad_inputs(folders, inputs, corpus, seed)
    out = work / "bad-out"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsbitext.pipeline.cli", "run", str(corpus), "-o", str(out),
                           "--quiet", "--workers", str(workers)], capture_output=True, text=True)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()] \
        if (out / "errors.jsonl").is_file() else []
    articles = sum(1 for _ in (out / "articles.jsonl").open()) if (out / "articles.jsonl").is_file() else 0
    stages = Counter(e["stage"] for e in errors)
    named = {m.group() for e in errors for m in [_BAD_NAME.search(e["input"])] if m}
    unnamed = Counter(kind for i, kind in enumerate(made_kinds(made, inputs))
                      if kind not in PASSING_KINDS and f"bad-{i:06d}-{kind}" not in named)
    return {"inputs": inputs, "kinds": made, "exit_code": done.returncode, "seconds": round(time.perf_counter() -
            started, 1), "traceback": "Traceback" in done.stderr,
            "internal_errors": sum("internal error" in e["reason"] for e in errors), "error_lines": len(errors),
            "by_stage": dict(stages), "unnamed_by_kind": dict(unnamed), "articles_out": articles}


_BAD_NAME = re.compile(r"bad-\d{6}-[a-z0-9_]+")
# Kinds whose inputs may come out as articles with no line in errors.jsonl: a duplicate pair, a page with a few
# bytes flipped, a pair whose names hold `#`.
PASSING_KINDS = frozenset({"duplicate", "mutated", "name_with_hash"})


def made_kinds(made: dict[str, int], inputs: int) -> list[str]:
    """The kind of each generated input in order (`write_bad_inputs` takes the kinds in turn)."""
    kinds = list(made)
    return [kinds[i % len(kinds)] for i in range(inputs)]


def bench_pairing(gold: list[Path], pools: list[Path], distractors: int, work: Path, workers: int = 1,
                  seed: int = 0) -> dict:
    """Content pairing on the gold pairs' pages shuffled among distractors: precision (pairs made that are gold
    pairs), recall (gold pairs found), distractors paired, time."""
    from ..config import load_config
    from ..run.executors import LocalExecutor
    from ..run.plan import plan_run
    from .synthetic import write_pairing_set

    pages = work / "pages"
    truth = write_pairing_set(gold, pools, distractors, pages, seed)
    started = time.perf_counter()
    plan = plan_run([pages], load_config(), executor=LocalExecutor(workers))
    seconds = time.perf_counter() - started
    gold_pairs = len({v for v in truth.values() if v})
    made = [(Path(c.pair.ko).name, Path(c.pair.en).name, c.confidence) for c in plan.by_content]
    right = [m for m in made if truth[m[0]] and truth[m[0]] == truth[m[1]]]
    wrong = [m for m in made if m not in right]
    return {"pages": len(truth), "gold_pairs": gold_pairs, "distractors": distractors, "pairs_made": len(made),
            "correct": len(right), "precision": round(len(right) / len(made), 4) if made else None,
            "recall": round(len(right) / gold_pairs, 4) if gold_pairs else None,
            "distractors_paired": sum(1 for m in made for name in m[:2] if not truth[name]),
            "wrong": [(truth[a] or a, truth[b] or b, c) for a, b, c in wrong], "seconds": round(seconds, 1)}


def bench_input_sizes(folders: list[Path], work: Path, page_sizes: tuple[int, ...] = (100_000, 1_000_000, 5_000_000),
                      line_sizes: tuple[int, ...] = (100_000, 1_000_000), timeout: float = 600.0,
                      flags: tuple[str, ...] = ()) -> dict:
    """Time and memory as one input grows: a page pair of each of `page_sizes` bytes a page through `newsbitext
    run` (news text: the gold articles of `folders` one after another, each paragraph numbered so none repeats;
    the same as one paragraph with no sentence end; the Korean page without spaces) and a `ko<TAB>en` line of each
    of `line_sizes` bytes through `newsbitext qe` (news text; no spaces on either side). Each command runs alone,
    pinned to one core, with `flags` (say `--config FILE`); its wall and CPU seconds and its own peak RSS are
    read from the kernel (`wait4`), and seconds per MB are given as a ratio to the smallest input of the kind: a
    cost linear in the input keeps it near 1 or below. A command still running after `timeout` seconds is killed
    and reported so."""
    import html as html_lib

    articles = [([" ".join(s) for s in p.ko.body], [" ".join(s) for s in p.en.body])
                for folder in folders for p in load_gold_dir(folder)[0]]
    if not articles:
        raise InputError(f"{', '.join(map(str, folders))}: no gold pairs to build inputs from")

    def paragraphs(size: int) -> tuple[list[str], list[str]]:
        """Korean and English paragraphs of whole articles, in turn, until a page would pass `size` bytes."""
        ko: list[str] = []
        en: list[str] = []
        used = [0, 0]
        for turn in range(10**6):
            k, e = articles[turn % len(articles)]
            copy = turn // len(articles)
            k, e = ([f"{t} ({copy + 1})" if copy else t for t in side] for side in (k, e))
            grown = [used[0] + sum(len(html_lib.escape(t).encode()) + 8 for t in k),
                     used[1] + sum(len(html_lib.escape(t).encode()) + 8 for t in e)]
            if max(grown) > size - 400:  # room for the page's markup
                break
            ko, en, used = ko + k, en + e, grown
        return ko, en

    def page(title: str, paras: list[str], lang: str) -> str:
        body = "".join(f"<p>{html_lib.escape(t)}</p>\n" for t in paras)
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
                f'<body><h1>{title}</h1><div class="article">{body}</div></body></html>')

    def page_pair(kind: str, size: int) -> Path:
        ko, en = paragraphs(size)
        if kind == "one paragraph, no sentence end":
            ko, en = [" ".join(ko).replace(".", "").replace("다 ", "고 ")], [" ".join(en).replace(".", ",")]
        elif kind == "Korean without spaces":
            ko = ["".join(t.split()) for t in ko]
        folder = work / "pages" / f"{kind.replace(' ', '-').replace(',', '')}-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ko.html").write_text(page("한국은행 기준금리 동결", ko, "ko"), encoding="utf-8")
        (folder / "en.html").write_text(page("Bank of Korea holds its rate", en, "en"), encoding="utf-8")
        return folder

    def line(kind: str, size: int) -> Path:
        ko, en = paragraphs(size // 2)
        ko_text, en_text = " ".join(ko), " ".join(en)
        if kind == "no spaces":
            ko_text, en_text = "".join(ko_text.split()), "".join(en_text.split())
        path = work / "lines" / f"{kind.replace(' ', '-')}-{size}.tsv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{ko_text}\t{en_text}\n", encoding="utf-8")
        return path

    def measure(args: list[str]) -> dict:
        log = work / "stderr.txt"
        with log.open("w") as stderr:
            child = subprocess.Popen([sys.executable, "-m", "newsbitext.pipeline.cli", *args, *flags],
                                     stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=_pinned(1))
        started = time.perf_counter()
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
        return {"wall_s": round(time.perf_counter() - started, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "peak_rss_mb": round(usage.ru_maxrss / 1024), "exit": child.returncode,
                "timed_out": child.returncode == -9, "stderr": log.read_text("utf-8")[-500:]}

    rows = []
    for kind in ("news text", "one paragraph, no sentence end", "Korean without spaces"):
        for size in page_sizes:
            folder, out = page_pair(kind, size), work / "out"
            shutil.rmtree(out, ignore_errors=True)
            row = {"command": "run", "kind": kind, "bytes": max((folder / f"{lang}.html").stat().st_size
                                                                for lang in ("ko", "en")),
                   **measure(["run", str(folder), "-o", str(out), "--workers", "1", "--quiet"])}
            if (out / "manifest.json").is_file():
                manifest = json.loads((out / "manifest.json").read_text("utf-8"))
                row["stage_seconds"] = manifest["stage_seconds"]
                row["articles"] = manifest["articles"]
            errors = (out / "errors.jsonl").read_text("utf-8").splitlines() if (out / "errors.jsonl").is_file() else []
            row["reasons"] = [json.loads(e)["reason"] for e in errors if json.loads(e)["stage"] != "pair"]
            settings = sorted({m for reason in row["reasons"] for m in re.findall(r"\b[a-z]+\.[a-z_]+\b", reason)})
            if row["timed_out"]:
                row["outcome"] = "timed out"
            elif row.get("articles"):
                row["outcome"] = f"{row['articles']} article pair written"
            elif row["reasons"]:
                row["outcome"] = f"{len(row['reasons'])} page(s) refused with the reason ({', '.join(settings)})"
            else:
                row["outcome"] = row["stderr"].strip()[-200:]
            rows.append(row)
    for kind in ("news text", "no spaces"):
        for size in line_sizes:
            path, out = line(kind, size), work / "qe-out.tsv"
            out.unlink(missing_ok=True)
            row = {"command": "qe", "kind": kind, "bytes": path.stat().st_size,
                   **measure(["qe", str(path), "-o", str(out)])}
            scored = out.read_text("utf-8").rstrip("\n").split("\t") if out.is_file() and not row["timed_out"] else []
            if row["timed_out"]:
                row["outcome"] = "timed out"
            elif scored:
                windowed = any("qe.max_check_chars" in f["message"] for f in json.loads(scored[-1]))
                row["outcome"] = f"scored {scored[-3]} ({scored[-2]})" + ("; checked on a window" if windowed else "")
            else:
                row["outcome"] = row["stderr"].strip()[-200:]
            rows.append(row)
    for row in rows:
        first = next(r for r in rows if r["command"] == row["command"] and r["kind"] == row["kind"])
        per_mb = row["wall_s"] / (row["bytes"] / 1e6)
        row["s_per_mb_ratio"] = None if row["timed_out"] or first["timed_out"] else \
            round(per_mb / (first["wall_s"] / (first["bytes"] / 1e6)), 2)
    header = ("| command | input | size | wall s | CPU s | peak RSS MB | s/MB vs smallest | outcome |\n"
              "|---|---|---|---|---|---|---|---|")
    lines = [f"| {r['command']} | {r['kind']} | {r['bytes'] / 1e6:.2f} MB | "
             f"{'> ' if r['timed_out'] else ''}{r['wall_s']} | {r['cpu_s']} | {r['peak_rss_mb']} | "
             f"{'' if r['s_per_mb_ratio'] is None else r['s_per_mb_ratio']} | {r['outcome']} |" for r in rows]
    return {"machine": machine(), "flags": list(flags), "rows": rows, "table": "\n".join([header, *lines])}


_ENCODE_BOTH_SIDES = """
import csv, sys
from newsbitext.models.encoders import USEEncoder
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = [r for r in csv.reader(f, delimiter="\\t", quoting=csv.QUOTE_NONE) if len(r) >= 2]
encoder = USEEncoder()
encoder.encode([r[0] for r in rows])
encoder.encode([r[1] for r in rows])
"""


def qe_pairs(source: Path, tmp: Path) -> Path:
    """A `qe` input (ko<TAB>en a line) from a TSV as it is, or from a Vecalign-layout folder's or gold corpus's
    1-1 gold beads (real sentence pairs)."""
    if source.is_file():
        return source
    lines = [f"{d.src[b[0][0]]}\t{d.tgt[b[1][0]]}" for d in read_set(source) for b in d.gold
             if len(b[0]) == 1 and len(b[1]) == 1]
    if not lines:
        raise InputError(f"{source}: no 1-1 gold beads to build qe pairs from")
    out = tmp / f"{source.name}.tsv"
    out.write_text("".join(line.replace("\r", " ") + "\n" for line in lines), encoding="utf-8")
    return out


def _child_cpu(command: list[str]) -> float:
    """CPU seconds (user + system) of a child process run to its end on one core's worth of threads."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    before = os.times()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    after = os.times()
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:4])}: {(done.stderr.strip().splitlines() or ['failed'])[-1]}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


_ONE_PAIR = ("시는 버스 요금을 올리지 않기로 했다고 밝혔다.", "The city said it had decided not to raise bus fares.")


def _qe_rounds(tsv: Path, tmp: Path, config_flags: tuple[str, ...], repeat: int) -> list[tuple[float, float]]:
    """(qe, encoder alone) CPU seconds on `tsv`, `repeat` times, the two in turn."""
    return [(_child_cpu([sys.executable, "-m", "newsbitext.pipeline.cli", "qe", str(tsv), "-o", str(tmp / "scored.tsv"),
                         "--quiet", *config_flags]),
             _child_cpu([sys.executable, "-c", _ENCODE_BOTH_SIDES, str(tsv)])) for _ in range(max(1, repeat))]


def bench_qe(sources: list[Path], tmp: Path, config_flags: tuple[str, ...] = (), repeat: int = 3) -> Iterator[str]:
    """`bench qe`: pairs per CPU-second of `newsbitext qe` on each input, start-up included, beside the embedded
    encoder alone encoding both sides of the same pairs (also start-up included), in the same run; the ratio is
    what QE costs over the encoding it cannot do without. Each is run `repeat` times, the two in turn, and the
    medians are compared: one run of either swings by a tenth or more on a shared machine. Beside it, the ratio of
    each one's fastest run (the least disturbed, as `timeit` takes it) and the range of the rounds' own ratios.

    The first row is both on one pair, written to hold a negation so that QE reads it with kiwipiepy: what each
    costs to start. The last column sets that apart, (qe - its start-up) / (encoder - its start-up): what QE costs
    per pair over the encoder's work, which is what a large corpus pays; a fixed start-up (kiwipiepy's analyzer)
    weighs on a small input alone. Where the encoder's work beyond its start-up is under 0.05 CPU-s, the noise of
    one run, or QE's is not above nothing (a start-up measured on a busy machine), that ratio is not given."""
    yield ("| input | pairs | qe: CPU s | qe: pairs / CPU s | encoder alone: CPU s | encoder: pairs / CPU s | "
           "qe / encoder | fastest / fastest | rounds | beyond start-up |")
    yield "|---|---|---|---|---|---|---|---|---|---|"
    one = tmp / "one-pair.tsv"
    one.write_text(f"{_ONE_PAIR[0]}\t{_ONE_PAIR[1]}\n", encoding="utf-8")
    start_qe = start_bare = 0.0
    for source, tsv in [(None, one), *((s, qe_pairs(s, tmp)) for s in sources)]:
        pairs = sum(1 for line in tsv.read_text("utf-8").splitlines() if "\t" in line)
        rounds = _qe_rounds(tsv, tmp, config_flags, repeat)
        qe, bare = (float(np.median([r[k] for r in rounds])) for k in (0, 1))
        fastest = min(q for q, _ in rounds) / min(b for _, b in rounds)
        ratios = sorted(q / b for q, b in rounds)
        if source is None:
            start_qe, start_bare = qe, bare
            beyond = f"start-up: qe {qe - bare:+.1f} CPU s"
        else:
            work, qe_work = bare - start_bare, qe - start_qe
            # (on a busy machine the one-pair start-up can take longer than a whole run: no ratio then)
            beyond = f"{qe_work / work:.2f}x" if work > 0.05 and qe_work > 0 else "too small to tell"
        yield (f"| {source if source is not None else 'start-up (one pair)'} | {pairs} | {qe:.1f} | "
               f"{pairs / qe:.1f} | {bare:.1f} | {pairs / bare:.1f} | {qe / bare:.2f}x | {fastest:.2f}x | "
               f"{ratios[0]:.2f}-{ratios[-1]:.2f}x of {len(rounds)} | {beyond} |")
