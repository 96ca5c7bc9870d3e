"""The `newsbitext` command: parses flags, loads the config, calls one library function per subcommand.

Room: the top. Flags become a config; the stages and their models come from `Pipeline`, never built here. Library
errors are typed (`errors.py`) and become exit codes here, in one place.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .config import load_config
from .errors import ConfigError, InputError, UsageError, configure_logging, log, output_error, tell
from .evaluation.evaluate import evaluate, format_report
from .io.articles import article_json
from .io.compression import open_binary
from .io.readers import describe, read_file
from .io.spool import STDIN
from .io.writers import AtomicFile
from .lang import detect_lang
from .pipeline import Pipeline
from .records import RawPage, Rejected
from .run.executors import DEFAULT_SHARD_SIZE, LocalExecutor, RayExecutor
from .run.qe_corpus import qe_tsv
from .run.runner import run, write_report
from .stats import Stats

EXIT_NOTHING = 1  # nothing came out: no input could be used
EXIT_USAGE = 2  # a bad flag, setting or output folder: the command was not run as given


def _add_config_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="YAML merged over the packaged configs/default.yaml")
    p.add_argument("--site", help="site profile: auto (by URL or page signature, the default), none (generic "
                                  "path only), or a profile name such as asiae")


def _add_model_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("models (need `pip install newsbitext[hf]`)")
    g.add_argument("--mt", metavar="MODEL", help="machine-translate the Korean with this Hugging Face seq2seq model "
                   "(local path or hub id, e.g. Helsinki-NLP/opus-mt-ko-en) for the mt_disagreement check and as "
                   "evidence for the number, date and entity checks")
    g.add_argument("--mt-cache", metavar="PATH", help="translation cache file (default "
                   "~/.cache/newsbitext/translations.sqlite; `none` for none)")
    g.add_argument("--mt-batch-size", type=int, metavar="N", help="sentences per generate() call (qe.mt.batch_size)")
    g.add_argument("--qe-model", metavar="MODEL", help="a Hugging Face sequence-classification QE model reading "
                   "(ko, en) pairs, for the qe_model check")
    g.add_argument("--device", help="where the models run: cpu, cuda, cuda:1 (default: CUDA when there is one)")


def _model_overrides(args: argparse.Namespace) -> dict:
    mt = {k: v for k, v in (("model", args.mt), ("cache", args.mt_cache), ("batch_size", args.mt_batch_size),
                            ("device", args.device)) if v is not None}
    model = {k: v for k, v in (("model", args.qe_model), ("device", args.device)) if v is not None}
    return {k: v for k, v in (("mt", mt), ("model", model)) if v}


def _config(args: argparse.Namespace, **sections: dict):
    """The config with --config merged in, then --site and any other flag-given `sections` over it."""
    overrides = {**({"clean": {"site": args.site}} if args.site else {}), **{k: v for k, v in sections.items() if v}}
    return load_config(args.config, overrides or None)


def cmd_run(args: argparse.Namespace) -> int:
    emit = {k: v for k, v in (("min_score", args.min_score), ("keep_flagged", args.keep_flagged or None),
                              ("dedup", False if args.no_dedup else None)) if v is not None}
    cfg = _config(args, emit=emit, qe=_model_overrides(args))
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.executor == "ray":
        executor = RayExecutor(args.workers, args.ray_address)
    elif args.ray_address:
        raise UsageError("--ray-address needs --executor ray")
    else:
        executor = LocalExecutor(args.workers)
    summary = run(args.inputs, args.output, cfg, pairs_manifest=args.pairs, progress=not args.quiet,
                  executor=executor, resume=args.resume, shard_size=args.shard_size, overwrite=args.overwrite,
                  compress=args.compress)
    problems = sum(v for k, v in summary.stats.counts.items() if k.startswith(("error", "rejected")))
    log.info(f"{summary.articles} of {summary.pairs} article pairs written to {args.output / 'articles.jsonl'}; "
             f"{problems} problem(s) in {args.output / 'errors.jsonl'}")
    return 0 if summary.articles else EXIT_NOTHING  # a run that produced nothing fails, so scripts notice


def _stdin_page(limit: int) -> RawPage | Rejected:
    """The page on standard input (decompressed when its bytes are compressed), its kind sniffed from its bytes."""
    try:
        data = open_binary(sys.stdin.buffer).read(limit + 1)
    except (EOFError, ValueError, OSError) as exc:
        return Rejected(STDIN, "read", f"cannot read standard input: {exc}")
    if len(data) > limit:
        return Rejected(STDIN, "ingest", f"page larger than {limit / 1e6:.1f} MB (ingest.max_page_bytes)")
    if not data.strip():
        return Rejected(STDIN, "read", "standard input is empty: pipe a page in, or name a page file")
    return RawPage(source=STDIN, data=data)


def cmd_clean(args: argparse.Namespace) -> int:
    cfg = _config(args)
    if str(args.page) == "-":
        raw = _stdin_page(cfg.ingest.max_page_bytes)
    else:
        f = describe(args.page)
        if not args.page.exists():
            raise UsageError(f"{args.page}: no such file")
        if args.page.is_dir():
            raise UsageError(f"{args.page}: a folder: `clean` reads one page file (`run` reads folders)")
        if f is None or f.is_container:
            raise UsageError(f"{args.page}: not a page file: expected .txt, .html, .htm or .xhtml (compressed too); "
                             "JSONL and WARC containers are read by `run`")
        raw = read_file(f, cfg.ingest.max_page_bytes)
    if not isinstance(raw, Rejected) and (args.url or args.lang):
        raw = replace(raw, url=args.url or raw.url, declared_lang=args.lang or raw.declared_lang)
    result = Pipeline.through(cfg, "segment").page(raw, Stats()) if not isinstance(raw, Rejected) else None
    for p in [raw] if isinstance(raw, Rejected) else result.problems:
        tell(p)
    if result is None or result.article is None:
        return EXIT_NOTHING
    record = {"lang": result.article.article.lang, **article_json(result.article)}
    if args.format == "json":
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print(record["title"])
        for s in record["subtitles"]:
            print(f"  {s}")
        print()
        for c in record["captions"]:
            print(f"[caption] {c}")
        for para in record["paragraphs"]:
            print()
            print("\n".join(para))
        print()
        print(f"[byline] {record['byline'] or '-'}   [published] {record['published'] or '-'}")
    return 0


def _read_sentences(path: Path, presplit: bool, splitter) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read as UTF-8 text: {exc}") from exc
    lines = [" ".join(line.split()) for line in text.splitlines()]
    if presplit:
        return [line for line in lines if line]
    lang = "ko" if detect_lang(text) == "ko" else "en"
    return [s for line in lines if line for s in splitter.split(line, lang)]


def cmd_align(args: argparse.Namespace) -> int:
    cfg = _config(args)
    if args.encoder:
        cfg = replace(cfg, align=replace(cfg.align, encoder=args.encoder))
    pipeline = Pipeline.through(cfg, "align")
    src = _read_sentences(args.src, args.presplit, pipeline.splitter)
    tgt = _read_sentences(args.tgt, args.presplit, pipeline.splitter)
    for bead in pipeline.aligner.align(src, tgt):
        if args.format == "vecalign":
            print(f"{list(bead.src)}:{list(bead.tgt)}:{bead.score}")
        else:
            print(json.dumps({"src": list(bead.src), "tgt": list(bead.tgt), "score": bead.score,
                              "src_text": " ".join(src[i] for i in bead.src),
                              "tgt_text": " ".join(tgt[j] for j in bead.tgt)}, ensure_ascii=False))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .evaluation.bench import bench_align, report_load

    missing = next((path for path in args.sets if not path.exists()), None)
    if missing is not None:
        raise UsageError(f"{missing}: no such file or folder")
    if args.what == "mt":
        return _bench_mt(args)
    if args.what in ("run", "robustness", "pairing"):
        return _bench_scale(args)
    if args.what == "sizes":
        return _bench_sizes(args)
    if args.what == "qe":
        return _bench_qe(args)
    if args.what == "report":
        for out in args.sets:
            if not (out / "articles.jsonl").is_file():
                raise UsageError(f"{out}: not a `newsbitext run` output folder (no articles.jsonl)")
            result = report_load(out, args.segments, args.screenshots)
            print(f"{out}: report of {result['segments']:,} segments in {result['articles']:,} articles, "
                  f"{result['megabytes']} MB, rendered by headless Chromium in {result['seconds']} s")
        return 0
    cfg = _config(args)
    if args.encoder:
        cfg = replace(cfg, align=replace(cfg.align, encoder=args.encoder))
    for block in bench_align(args.sets, cfg, args.peer, args.scaling):
        print(block)
    return 0


def _bench_mt(args: argparse.Namespace) -> int:
    from .evaluation.bench import mt_device, mt_throughput
    from .evaluation.gold import load_gold_dir
    from .pipeline import build_translator

    if not args.mt:
        raise UsageError("bench mt: name the model with --mt MODEL (local path or hub id)")
    cfg = _config(args, qe=_model_overrides(args)).qe.mt
    sentences = [s for folder in args.sets for pair in load_gold_dir(folder)[0] for s in pair.ko.sentences]
    if not sentences:
        raise InputError(f"{' '.join(map(str, args.sets))}: no gold pairs to take Korean sentences from")
    sentences = (sentences * (args.sentences // len(sentences) + 1))[:args.sentences]
    translator = build_translator(cfg, cached=False)
    sizes = [int(x) for x in args.batch_sizes.split(",")]
    print(f"{translator.signature()} on {mt_device(translator)}; {len(sentences)} Korean sentences of "
          f"{' '.join(map(str, args.sets))}, no cache\n")
    print("| batch | sentences/s | words out/s | seconds | peak memory (MB) |\n|---|---|---|---|---|")
    for row in mt_throughput(translator, sentences, sizes):
        print(f"| {row['batch']} | {row['sentences_per_s']} | {row['words_per_s']} | {row['seconds']} | "
              f"{row['peak_mb']} |")
    return 0


def _bench_qe(args: argparse.Namespace) -> int:
    import tempfile

    from .evaluation.bench import bench_qe, machine

    flags = ("--config", str(args.config)) if args.config else ()
    print(f"`newsbitext qe` beside the embedded encoder alone, each a process on one core's threads of {machine()}, "
          "start-up included\n")
    with tempfile.TemporaryDirectory(prefix="newsbitext-bench-") as tmp:
        for line in bench_qe(args.sets, Path(tmp), flags, args.repeat):
            print(line, flush=True)
    return 0


def _bench_sizes(args: argparse.Namespace) -> int:
    import tempfile

    from .evaluation.bench import bench_input_sizes

    flags = ("--config", str(args.config)) if args.config else ()
    with tempfile.TemporaryDirectory(prefix="newsbitext-bench-") as tmp:
        result = bench_input_sizes(args.sets, Path(tmp), tuple(int(x) for x in args.page_sizes.split(",") if x),
                                   tuple(int(x) for x in args.line_sizes.split(",") if x), args.timeout, flags)
    print(f"inputs built from {' '.join(map(str, args.sets))}; each command alone on one core of {result['machine']}"
          f"{' with ' + ' '.join(flags) if flags else ''}\n")
    print(result["table"])
    return 0


def _bench_scale(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from .evaluation.bench import bench_pairing, bench_robustness, bench_run, machine

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="newsbitext-bench-") as tmp:
        if args.what == "pairing":
            if not args.pool:
                raise UsageError("bench pairing: give --pool DIR (gold folders to cut distractor pages from)")
            result = bench_pairing(args.sets, args.pool, args.pairs, Path(tmp), args.workers or cores)
            print(json.dumps({"machine": machine(), **result}, indent=1, ensure_ascii=False))
            return 0
        if args.what == "robustness":
            result = bench_robustness(args.sets, args.pairs, Path(tmp), args.workers or cores)
            print(json.dumps({"machine": machine(), **result}, indent=1))
            clean = not (result["traceback"] or result["internal_errors"] or result["unnamed_by_kind"])
            return 0 if result["exit_code"] == 0 and clean else 1
        counts = [args.workers or cores] if args.no_single else sorted({1, args.workers or cores})
        configs = [(f"local, {n} worker{'s' * (n > 1)}", ["--workers", str(n)], n) for n in counts]
        if args.ray:
            configs.append((f"ray, {cores} actors", ["--executor", "ray", "--workers", str(cores)], cores))
        rows = bench_run(args.sets, args.pairs, configs, Path(tmp))  # first: nothing printed over no pairs
        print(f"{args.pairs} synthetic pairs from {' '.join(map(str, args.sets))} on {machine()}\n")
        print("| executor | pairs | wall s | pairs/s | body sentences/s | stage seconds (summed over workers) | "
              "peak RSS MB after each stage |\n|---|---|---|---|---|---|---|")
        for row in rows:
            stages = ", ".join(f"{k} {v:.1f}" for k, v in row["stage_seconds"].items())
            peaks = ", ".join(f"{k} {v}" for k, v in row["peak_rss_mb"].items())
            print(f"| {row['config']} | {row['pairs']} | {row['wall_s']} | {row['pairs_per_s']} | "
                  f"{row['sentences_per_s']} | {stages} | {peaks} |")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    path = write_report(args.output)
    log.info(f"{path}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .run.review import apply_review

    summary = apply_review(args.output, args.review)
    log.info(summary.line(args.review, args.output))
    return 0


def cmd_qe(args: argparse.Namespace) -> int:
    cfg = _config(args, qe=_model_overrides(args))
    if args.encoder:
        cfg = replace(cfg, align=replace(cfg.align, encoder=args.encoder))
    if not args.signature:
        if args.corpus is None:
            raise UsageError("qe: give a ko<TAB>en file (or - for standard input)")
        if str(args.corpus) != "-" and not args.corpus.is_file():
            raise UsageError(f"{args.corpus}: no such file")
    pipeline = _loaded(Pipeline.through(cfg, "qe"), progress=not args.quiet and not args.signature)
    estimator = pipeline.estimator
    if args.signature:
        print(estimator.signature())
        return 0
    source = open_binary(sys.stdin.buffer if str(args.corpus) == "-" else args.corpus)  # gzip, bz2, xz, zstd read
    target = None if args.output is None else AtomicFile(args.output)  # renamed into place once every line is in
    try:
        summary = qe_tsv(source, sys.stdout if target is None else target.handle, estimator, args.min_score,
                         args.drop_flagged, where=str(args.corpus), progress=not args.quiet)
    except BaseException:
        if target is not None:
            target.abort()
        raise
    finally:
        if str(args.corpus) != "-":
            source.close()
    if target is not None:
        target.commit()
    log.info(f"{summary.lines} line(s), {summary.flagged} flagged, {summary.written} written, "
             f"{summary.malformed} malformed")
    for key, value in pipeline.model_counts().items():
        log.info(f"{key}: {value} sentence(s)")
    return 0 if summary.lines > summary.malformed else EXIT_NOTHING


def _loaded(pipeline: Pipeline, progress: bool) -> Pipeline:
    """`pipeline` with its models loaded, a progress bar showing the load."""
    with tqdm(total=len(pipeline.built), desc="loading models", unit="stage", disable=not progress, leave=False,
              file=sys.stderr) as bar:
        pipeline.load_models(lambda name: (bar.set_postfix_str(name), bar.update()))
    return pipeline


def cmd_train_qe(args: argparse.Namespace) -> int:
    from .evaluation.train_qe import model_files, model_paths, read_labelled, read_pairs, train

    cfg = _config(args)
    cfg = replace(cfg, qe=replace(cfg.qe, score_model="none"))
    if not args.data.is_dir():
        raise UsageError(f"{args.data}: no such folder")
    docs = None
    if args.calibrate_docs:
        first, _, last = args.calibrate_docs.partition("-")
        if not (first.isdigit() and (last or first).isdigit()):
            raise UsageError(f"--calibrate-docs {args.calibrate_docs}: expected A-B, e.g. 1-25")
        docs = range(int(first), int(last or first) + 1)
    try:
        pairs = read_pairs(args.data)
        calibration = read_labelled(args.calibrate, docs) if args.calibrate else ()
    except (OSError, ValueError) as exc:
        raise InputError(str(exc)) from exc
    # the model's files (its bank encoded, then its JSON) are opened first, so that a folder they cannot be written
    # to is said before the training's minutes, not after
    targets: dict[Path, AtomicFile] = {}
    try:
        for path in model_paths(args.output):
            targets[path] = AtomicFile(path, binary=True)
        pipeline = _loaded(Pipeline.through(cfg, "qe"), progress=not args.quiet)
        trained = train(pairs, pipeline.estimator, seed=args.seed, c=args.c, calibration=calibration)
        files = dict(model_files(trained.model, args.output))
        for path, target in targets.items():
            if path in files:
                target.handle.write(files[path])
                target.commit()
            else:
                target.abort()
    except BaseException:
        for target in targets.values():  # (a file already committed has no temporary file left to remove)
            target.abort()
        raise
    counts = trained.model.meta["trained_on"]
    print(f"{args.output}: {counts['faithful']} faithful pairs, {counts['corrupted']} corrupted; held apart "
          f"({trained.held_pairs} pairs): AUC {trained.held_auc:.3f}, accuracy {trained.held_accuracy:.3f}")
    for kind, share in trained.by_kind.items():
        what = "scored >= 0.5" if kind == "faithful" else "scored < 0.5"
        print(f"  {kind:<12} {share:.3f} {what}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    cfg = _config(args, qe=_model_overrides(args))
    for folder in args.gold_dirs:
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder")
    report = evaluate(args.gold_dirs, cfg, baseline=args.baseline, perturbed=args.perturb, seed=args.seed)
    if not report.pages and not report.single_pages and not report.invalid_gold:
        raise InputError(f"{' '.join(map(str, args.gold_dirs))}: no NAME/gold.json annotations nor "
                         "gold/ + pages/ of single pages found")
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbitext", description=(
        "Clean scraped Korean news pages and their English translations into parallel articles."))
    parser.add_argument("--version", action="version", version=f"newsbitext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    log_flags = argparse.ArgumentParser(add_help=False)
    group = log_flags.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="count", default=0,
                       help="tell more: what the run is doing, and the traceback of an internal error")
    group.add_argument("-q", "--quiet", action="store_true", help="tell only errors: no progress bar, no summary")
    command = partial(sub.add_parser, parents=[log_flags])

    p = command("run", help="the whole pipeline: pages in; articles, flagged segments, the parallel corpus "
                            "(TSV, TMX, Moses, dataset), report.html and manifest.json out",
                description="Ingest, pair, clean and segment Korean pages and their English translations.")
    p.add_argument("inputs", nargs="+", help="page files (.txt, .html), JSONL or WARC files (each also compressed: "
                                             ".gz, .bz2, .xz, .zst), folders of them, or - for a JSONL or WARC "
                                             "stream on standard input")
    p.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    p.add_argument("--pairs", type=Path, help="TSV/CSV manifest with `ko` and `en` columns (paths or URLs)")
    p.add_argument("--min-score", type=float, help="leave pairs scoring below this out of the corpus (emit.min_score)")
    p.add_argument("--keep-flagged", action="store_true", help="put flagged pairs into the corpus too")
    p.add_argument("--no-dedup", action="store_true", help="keep duplicate pairs")
    p.add_argument("--compress", choices=("gzip", "zstd"), help="write the corpus files compressed "
                                                               "(parallel.tsv.gz, ... or .zst)")
    g = p.add_argument_group("scale")
    g.add_argument("--executor", choices=("local", "ray"), default="local",
                   help="local: worker processes on this machine (default); ray: Ray Data on a Ray cluster "
                        "(`pip install newsbitext[ray]`)")
    g.add_argument("--workers", type=int, help="worker processes (local) or actors (ray); default: all cores")
    g.add_argument("--ray-address", help="an existing Ray cluster (`auto`, or ray://HOST:10001); default: a local "
                                         "one started for the run")
    g.add_argument("--resume", action="store_true",
                   help="keep the shards an interrupted run into the same OUT finished, and do only the rest")
    p.add_argument("--overwrite", action="store_true",
                   help="run into an OUT that holds an earlier run's outputs, removing them first (without it, "
                        "such an OUT is refused)")
    g.add_argument("--shard-size", type=int,
                   help=f"article pairs per shard, the unit of work and of resuming (default: 1/64 of the pairs, "
                        f"at most {DEFAULT_SHARD_SIZE})")
    _add_model_flags(p)
    _add_config_flags(p)
    p.set_defaults(func=cmd_run)

    p = command("clean", help="one page in, the structured article out",
                description="Clean one page: title, subtitles, captions, body sentences, byline, date.")
    p.add_argument("page", type=Path, help="a page file (.txt, .html, .htm, .xhtml, also compressed), or - for "
                                           "standard input")
    p.add_argument("--url", help="the page's URL (picks the site profile, as a WARC or JSONL record's URL does)")
    p.add_argument("--lang", choices=("ko", "en"), help="the page's language, when its name does not say it")
    p.add_argument("--format", choices=("json", "text"), default="json")
    _add_config_flags(p)
    p.set_defaults(func=cmd_clean)

    p = command("align", help="align the sentences of two texts (Vecalign/Bertalign bead format)",
                description="Align two texts sentence by sentence. Without --presplit the texts are split "
                            "into sentences (Korean with kiwipiepy, other languages with English rules).")
    p.add_argument("--src", type=Path, required=True, help="source text (UTF-8)")
    p.add_argument("--tgt", type=Path, required=True, help="target text (UTF-8)")
    p.add_argument("--presplit", action="store_true", help="each line is one sentence")
    p.add_argument("--format", choices=("vecalign", "jsonl"), default="vecalign",
                   help="vecalign: one bead a line, [1, 2]:[1]:0.874; jsonl: beads with their texts")
    p.add_argument("--encoder", help="use-m3 (default, embedded) or a Hugging Face encoder by local path or hub id")
    _add_config_flags(p)
    p.set_defaults(func=cmd_align)

    p = command("bench", help="benchmarks: `bench align` compares aligners on sets with gold beads, "
                              "`bench report` times the QA report in headless Chromium, `bench qe` the QE "
                              "command beside the bare encoder, `bench mt` the "
                              "translator's throughput by batch size, `bench run` end-to-end throughput and "
                              "memory on synthetic pairs, `bench robustness` generated bad inputs, `bench "
                              "pairing` content pairing among distractor pages",
                description="Aligners side by side on sets with gold beads (Vecalign layout src/ tgt/ gold/, "
                            "or a gold corpus folder), with strict and lax F1 and time per document.")
    p.add_argument("what", choices=("align", "report", "mt", "run", "robustness", "pairing", "sizes", "qe"))
    p.add_argument("sets", nargs="+", type=Path, help="align: Vecalign-layout folders or gold corpus folders; "
                                                      "report: `newsbitext run` output folders; mt, run, "
                                                      "robustness: gold corpus folders to build from; qe: "
                                                      "ko<TAB>en files or folders whose 1-1 gold beads are used")
    p.add_argument("--batch-sizes", default="16,32,64,128,256", help="mt: comma-separated batch sizes to time")
    p.add_argument("--sentences", type=int, default=512, help="mt: sentences translated per batch size")
    p.add_argument("--pairs", type=int, default=1000,
                   help="run: synthetic page pairs; robustness: bad inputs; pairing: distractor pages")
    p.add_argument("--pool", type=Path, action="append", default=[],
                   help="pairing: gold folders whose pages, cut, become the distractors (repeatable)")
    p.add_argument("--workers", type=int,
                   help="worker processes (default all cores); run: the configuration beside one worker")
    p.add_argument("--ray", action="store_true", help="run: also time the Ray executor on a local cluster")
    p.add_argument("--no-single", action="store_true",
                   help="run: leave out the one-worker run (a long run for memory at many pairs)")
    p.add_argument("--segments", type=int, default=100_000, help="report: segments in the timed report")
    p.add_argument("--screenshots", type=Path, help="report: save the run's report as PNGs in this folder")
    p.add_argument("--peer", action="append", default=[], metavar="NAME=DIR",
                   help="run a peer's own code from a checkout outside this repository: vecalign=DIR, "
                        "bertalign=DIR (its requirements installed: faiss-cpu, numba, scipy, torch)")
    p.add_argument("--scaling", action="store_true",
                   help="also time the DP on 40, 400, 4,000 and 40,000 sentences a side (peers up to 4,000)")
    p.add_argument("--page-sizes", default="100000,1000000,5000000",
                   help="sizes: bytes of each page of the page pairs timed through `run` (comma-separated)")
    p.add_argument("--line-sizes", default="100000,1000000",
                   help="sizes: bytes of the ko<TAB>en lines timed through `qe` (comma-separated)")
    p.add_argument("--timeout", type=float, default=600.0, help="sizes: seconds after which a command is stopped")
    p.add_argument("--repeat", type=int, default=3,
                   help="qe: runs of each command, in turn; the medians are compared (default 3)")
    p.add_argument("--encoder", help="use-m3 (default, embedded) or a Hugging Face encoder by local path or hub id")
    _add_model_flags(p)
    _add_config_flags(p)
    p.set_defaults(func=cmd_bench)

    p = command("report", help="(re)build OUT/report.html, the QA report, from a run's output",
                description="Build the self-contained HTML QA report from OUT/articles.jsonl.")
    p.add_argument("output", type=Path, metavar="OUT", help="a `newsbitext run` output folder")
    p.set_defaults(func=cmd_report)

    p = command("review", help="apply an editor's decisions on the flags (the report's Export review.jsonl) "
                               "to OUT's corpus, without running the pipeline again",
                description="Rebuild OUT's parallel corpus (TSV, Moses, TMX, dataset) with an editor's "
                            "decisions from the QA report: a dismissed flag counts as absent (a segment whose "
                            "every flag is dismissed enters the corpus, whatever its score), an accepted one "
                            "keeps its segment out even with --keep-flagged. Decisions that match no flag of "
                            "the run, or whose texts differ, are told on stderr and not applied. Each review "
                            "replaces the earlier one (an empty file restores the run's own corpus); the file "
                            "is kept as OUT/review.jsonl and named in manifest.json.")
    p.add_argument("output", type=Path, metavar="OUT", help="a finished `newsbitext run` output folder")
    p.add_argument("review", type=Path, metavar="REVIEW_JSONL", help="the decisions, one JSON line per flag")
    p.set_defaults(func=cmd_review)

    p = command("qe", help="score an existing ko<TAB>en corpus, appending score, label and flags",
                description="Translation QA of a parallel corpus, one `ko<TAB>en` pair a line (extra columns "
                            "are kept): each kept line is written back with score, label (ok|review|bad) and "
                            "the flags as JSON appended. Streams; usable as a filter like bicleaner.")
    p.add_argument("corpus", type=Path, nargs="?", help="TSV file, or - for standard input")
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    p.add_argument("--min-score", type=float, help="drop lines scoring below this")
    p.add_argument("--drop-flagged", action="store_true", help="drop lines with any flag")
    p.add_argument("--encoder", help="use-m3 (default, embedded) or a Hugging Face encoder by local path or hub id")
    p.add_argument("--signature", action="store_true", help="print the QE signature (checks, thresholds) and exit")
    _add_model_flags(p)
    _add_config_flags(p)
    p.set_defaults(func=cmd_qe)

    p = command("train-qe", help="train the learned faithfulness score on real pairs and synthetic negatives",
                description="Fit the QE score (a logistic regression over the checks' and the encoder's signals) "
                            "on the faithful pairs of DATA (*.tsv: document<TAB>ko<TAB>en) and synthetic "
                            "negatives of each (no translation, a clause dropped or added, or cut short; and where "
                            "one applies a figure, date, entity or polarity changed or a Korean word left), "
                            "measured on documents held apart, then refitted "
                            "on all. The model is a small JSON file; use it with --config (qe: {score_model: "
                            "PATH}). The shipped one: newsbitext train-qe data/qe-train -o "
                            "models/faithfulness.json --calibrate ../shared/qe-real-dev/pairs.jsonl "
                            "--calibrate-docs 1-25.")
    p.add_argument("data", type=Path, metavar="DATA", help="folder of *.tsv training pairs")
    p.add_argument("-o", "--output", type=Path, required=True, help="the model file to write (JSON)")
    p.add_argument("--calibrate", type=Path, metavar="PAIRS_JSONL",
                   help="real pairs labelled faithful/minor/error (qe-real-dev's pairs.jsonl) to rescale the value on")
    p.add_argument("--calibrate-docs", metavar="A-B", help="only these documents of --calibrate (e.g. 1-25)")
    p.add_argument("--seed", type=int, default=0, help="seed of the negatives, the bank and the held-apart split")
    p.add_argument("--C", type=float, default=1.0, dest="c", help="inverse regularisation strength")
    _add_config_flags(p)
    p.set_defaults(func=cmd_train_qe)

    p = command("eval", help="score cleaning, segmentation, alignment and QE against gold annotations",
                description="Score against folders of NAME/{ko,en}.{txt,html} + gold.json (GOLD-FORMAT), "
                            "and folders of single pages: gold/PAGE.json + pages/PAGE (the real-pages "
                            "layout, scored by its README's rule).")
    p.add_argument("gold_dirs", type=Path, nargs="+", metavar="gold_dir")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--baseline", action="store_true",
                   help="also score the baselines: trafilatura alone on the HTML pages (given the bytes, as a "
                        "scraper would), and for QE a USE-cosine threshold and OpusFilter's filters")
    p.add_argument("--perturb", action="store_true",
                   help="also score QE on a challenge set: errors of every type planted in the faithful segments")
    p.add_argument("--seed", type=int, default=0, help="seed of the --perturb challenge set")
    _add_model_flags(p)
    _add_config_flags(p)
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command; its exit code: 0 done, 1 nothing came out (no input could be used), 2 a usage, settings or
    output error (a bad flag, a bad config, an output folder that cannot be used)."""
    args = build_parser().parse_args(argv)
    configure_logging(-1 if args.quiet else args.verbose)
    try:
        return args.func(args)
    except ConfigError as exc:
        log.error(f"config error: {exc}")
        return EXIT_USAGE
    except UsageError as exc:
        log.error(f"{exc}")
        return EXIT_USAGE
    except InputError as exc:
        log.error(f"{exc}")
        return EXIT_NOTHING
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as a Unix tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_NOTHING
    except OSError as exc:  # a write the command could not make: one line, never a traceback
        log.error(f"{output_error(Path(getattr(args, 'output', None) or '.'), exc)}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
