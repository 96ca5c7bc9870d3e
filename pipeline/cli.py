"""The `newsbitext` command: parses flags, loads the config, calls one library function per subcommand.

Library errors are typed (`ConfigError`, `InputError`) and become exit codes here, in one place.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .config import ConfigError, load_config
from .evaluate import evaluate, format_report
from .readers import describe, read_file
from .records import Rejected
from .runner import InputError, PageProcessor, article_json, run

EXIT_INPUT = 1
EXIT_CONFIG = 2


def _add_config_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="YAML merged over the packaged configs/default.yaml")
    p.add_argument("--site", help="site profile: auto (by URL or page signature, the default), none (generic "
                                  "path only), or a profile name such as asiae")


def _config(args: argparse.Namespace):
    overrides = {"clean": {"site": args.site}} if args.site else None
    return load_config(args.config, overrides)


def cmd_run(args: argparse.Namespace) -> int:
    cfg = _config(args)
    summary = run(args.inputs, args.output, cfg, pairs_manifest=args.pairs, progress=not args.quiet)
    problems = sum(v for k, v in summary.counts.items() if k.startswith(("error", "rejected")))
    print(f"newsbitext: {summary.articles} of {summary.pairs} article pairs written to "
          f"{args.output / 'articles.jsonl'}; {problems} problem(s) in {args.output / 'errors.jsonl'}",
          file=sys.stderr)
    return 0 if summary.articles else EXIT_INPUT  # a run that produced nothing fails, so scripts notice


def cmd_clean(args: argparse.Namespace) -> int:
    cfg = _config(args)
    f = describe(args.page)
    if not args.page.is_file() or f is None or f.is_container:
        raise InputError(f"{args.page}: expected a page file (.txt, .html, .htm, .xhtml)")
    raw = read_file(f, cfg.ingest.max_page_bytes)
    result = PageProcessor(cfg)(raw) if not isinstance(raw, Rejected) else None
    problems = [raw] if isinstance(raw, Rejected) else result.problems
    for p in problems:
        print(f"newsbitext: {p.level}: {p.source}: {p.reason}", file=sys.stderr)
    if result is None or result.article is None:
        return EXIT_INPUT
    record = {"lang": result.article.article.lang, **article_json(result.article, result.sha256)}
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


def cmd_eval(args: argparse.Namespace) -> int:
    cfg = _config(args)
    if not args.gold_dir.is_dir():
        raise InputError(f"{args.gold_dir}: no such folder")
    report = evaluate(args.gold_dir, cfg, baseline=args.baseline)
    if not report.pages and not report.invalid_gold:
        raise InputError(f"{args.gold_dir}: no NAME/gold.json annotations found")
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbitext", description=(
        "Clean scraped Korean news pages and their English translations into parallel articles."))
    parser.add_argument("--version", action="version", version=f"newsbitext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="the whole pipeline: pages in, articles.jsonl and errors.jsonl out",
                       description="Ingest, pair, clean and segment Korean pages and their English translations.")
    p.add_argument("inputs", nargs="+", help="page files (.txt, .html), JSONL or WARC files, or folders of them")
    p.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    p.add_argument("--pairs", type=Path, help="TSV/CSV manifest with `ko` and `en` columns (paths or URLs)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _add_config_flags(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("clean", help="one page in, the structured article out",
                       description="Clean one page: title, subtitles, captions, body sentences, byline, date.")
    p.add_argument("page", type=Path)
    p.add_argument("--format", choices=("json", "text"), default="json")
    _add_config_flags(p)
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("eval", help="score cleaning and segmentation against gold annotations",
                       description="Score against a folder of NAME/{ko,en}.{txt,html} + gold.json (GOLD-FORMAT).")
    p.add_argument("gold_dir", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--baseline", action="store_true",
                   help="also score trafilatura alone on the HTML pages (given the bytes, as a scraper would)")
    _add_config_flags(p)
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"newsbitext: config error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except InputError as exc:
        print(f"newsbitext: {exc}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
