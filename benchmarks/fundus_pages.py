#!/usr/bin/env python3
"""Build a set of real English news pages with gold from a snapshot of flairNLP/fundus.

    python benchmarks/fundus_pages.py FUNDUS_GIT_DIR --out benchmarks/fundus-en-dev
    python benchmarks/fundus_pages.py FUNDUS_GIT_DIR --out benchmarks/heldout-pages --skip 12
    python benchmarks/fundus_pages.py FUNDUS_GIT_DIR --list [--skip N]

The argument is a git directory (bare or not) of flairNLP/fundus; everything is read with `git show`, nothing
is checked out.  Writes into OUT: pages/<publisher-lowercase>-1.en.html.gz (fundus's fixture file, byte for
byte; the clean stage and `newsbitext eval` read gzipped pages), gold/<publisher-lowercase>-1.en.json (fundus's
expected parse of that fixture in the real-pages gold format) and SOURCES.md (provenance table).  Standard
library only.

Selection rule (fixed before anything was scored; see README.md):
  1. Every publisher that has a `<Publisher>.json` in tests/resources/parser/test_data/<country>/, except the
     Korean folder `kr/`.
  2. Its fixture is the FIRST `<Publisher>_<YYYY_MM_DD>.html.gz` in sorted file-name order (the oldest crawl);
     its expected parse is the JSON entry of the parser version fundus applies to that fixture's crawl date
     (the first version whose VALID_UNTIL is on or after the crawl date, as fundus's ParserProxy does).
  3. The publisher is English when that expected parse (title and all body text) is English by a word count:
     at least 20 % of its words are among ENGLISH_FUNCTION_WORDS below.  (The page's <html lang> and fundus's
     declared source languages were not used: both are wrong for some publishers, e.g. Zulu pages that say
     lang="en", or the English-language Malay Mail declared as Malay.)
  4. The expected body has at least MIN_PARAGRAPHS paragraphs (summary, headlines and paragraphs together).
  5. Publishers passing 3 and 4 are sorted by name, case-insensitively; the first N_PAGES are taken, after
     skipping the first `--skip` of them (default 0).  `--skip 12` gives the next set: publishers 13-24.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import subprocess
from pathlib import Path

N_PAGES = 12
MIN_PARAGRAPHS = 3
ENGLISH_SHARE = 0.20
ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "a", "in", "is", "that", "for", "on", "with", "as", "was", "by", "it", "at", "from",
     "he", "she", "his", "her", "are", "be", "has", "have", "had", "this", "an", "not", "but", "they", "their",
     "were", "said", "will", "which", "who"])
EXCLUDED_COUNTRIES = {"kr"}
TEST_DATA = "tests/resources/parser/test_data"
PUBLISHERS = "src/fundus/publishers"


def ws(text: str) -> str:
    """Runs of whitespace as one space, stripped (the only change made to fundus's strings)."""
    return " ".join(text.split())


class Repo:
    def __init__(self, git_dir: str, commit: str):
        self.git_dir = git_dir
        self.commit = self._git("rev-parse", f"{commit}^{{commit}}").decode().strip()

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", f"--git-dir={self.git_dir}", *args], check=True, capture_output=True).stdout

    def ls(self, folder: str) -> list[str]:
        out = self._git("ls-tree", "--name-only", f"{self.commit}:{folder}").decode()
        return sorted(line for line in out.splitlines() if line)

    def read(self, path: str) -> bytes:
        return self._git("show", f"{self.commit}:{path}")


def parser_versions(repo: Repo, country: str, publisher: str) -> list[tuple[datetime.date, str]]:
    """(VALID_UNTIL, version class name) of each parser version of a publisher, oldest first."""
    init = repo.read(f"{PUBLISHERS}/{country}/__init__.py").decode()
    block = re.search(rf"\n\s+{re.escape(publisher)}\s*=\s*Publisher\((.*?)(?=\n\s+\w+\s*=\s*Publisher\(|\Z)", init,
                      re.DOTALL)
    if not block:
        raise ValueError(f"no Publisher {publisher} in {country}/__init__.py")
    parser_class = re.search(r"parser\s*=\s*(\w+)", block[1])[1]
    source = None
    for folder in (f"{PUBLISHERS}/{country}", f"{PUBLISHERS}/shared"):
        for name in repo.ls(folder):
            if name.endswith(".py"):
                text = repo.read(f"{folder}/{name}").decode()
                if re.search(rf"^class {parser_class}\(", text, re.MULTILINE):
                    source = text
    if source is None:
        raise ValueError(f"no source of {parser_class}")
    body = re.search(rf"^class {parser_class}\(.*?(?=^\S|\Z)", source, re.MULTILINE | re.DOTALL)[0]
    versions = []
    for m in re.finditer(r"^    class (\w+)\(.*?(?=^    class |\Z)", body, re.MULTILINE | re.DOTALL):
        until = re.search(r"^        VALID_UNTIL\s*=\s*(?:datetime\.)?date(?:time)?\((\d+),\s*(\d+),\s*(\d+)\)",
                          m[0], re.MULTILINE)
        versions.append((datetime.date(*map(int, until.groups())) if until else datetime.date.max, m[1]))
    return sorted(versions)


def english_share(entry: dict) -> float:
    words = re.findall(r"[^\W\d_]+", " ".join([entry.get("title") or "", *body_lines(entry)]).lower())
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def body_lines(entry: dict) -> list[str]:
    body = entry.get("body") or {}
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return [ws(s) for s in lines if ws(s)]


def candidates(repo: Repo) -> list[dict]:
    found = []
    for country in repo.ls(TEST_DATA):
        if country in EXCLUDED_COUNTRIES or "." in country or country.startswith("_"):
            continue
        names = repo.ls(f"{TEST_DATA}/{country}")
        meta = json.loads(repo.read(f"{TEST_DATA}/{country}/meta.info")) if "meta.info" in names else {}
        for json_name in (n for n in names if n.endswith(".json")):
            publisher = json_name[:-len(".json")]
            fixtures = [n for n in names if re.fullmatch(rf"{re.escape(publisher)}_\d{{4}}_\d\d_\d\d\.html\.gz", n)]
            if not fixtures:
                continue
            fixture = fixtures[0]
            info = meta.get(fixture, {})
            crawl = datetime.date.fromisoformat(info["crawl_date"][:10]) if "crawl_date" in info else \
                datetime.date(*map(int, fixture[len(publisher) + 1:-len(".html.gz")].split("_")))
            expected = json.loads(repo.read(f"{TEST_DATA}/{country}/{json_name}"))
            english = min(english_share(e) for e in expected.values())  # the publisher's language, any version
            if english < ENGLISH_SHARE:
                continue  # not English: its parser version is not needed
            if len(expected) == 1 and len(fixtures) == 1:
                version = next(iter(expected))
            else:
                version = next(name for until, name in parser_versions(repo, country, publisher) if until >= crawl)
            if version not in expected:
                raise ValueError(f"{publisher}: no expected parse for {version}")
            entry = expected[version]
            found.append({"country": country, "publisher": publisher, "fixture": fixture, "version": version,
                          "url": info.get("url", ""), "crawl_date": info.get("crawl_date", ""), "entry": entry,
                          "english": round(english, 3), "paragraphs": len(body_lines(entry))})
    return found


def ranked(found: list[dict]) -> list[dict]:
    """Every publisher passing rules 3 and 4, sorted by name, case-insensitively (rule 5's list)."""
    ok = [c for c in found if c["english"] >= ENGLISH_SHARE and c["paragraphs"] >= MIN_PARAGRAPHS]
    return sorted(ok, key=lambda c: c["publisher"].casefold())


def select(found: list[dict], skip: int = 0) -> list[dict]:
    return ranked(found)[skip:skip + N_PAGES]


def gold_of(entry: dict, page: str) -> dict:
    body = entry.get("body") or {}
    lines = []
    for section in body.get("sections") or []:
        lines += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return {
        "page": page,
        "title": ws(entry.get("title") or ""),
        "subtitles": [ws(s) for s in body.get("summary") or [] if ws(s)],
        "captions": [],
        "body": [ws(s) for s in lines if ws(s)],
        "byline": ", ".join(ws(a) for a in entry.get("authors") or [] if ws(a)),
        "published": entry.get("publishing_date") or "",
        "optional": [],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("git_dir", help="git directory of a flairNLP/fundus snapshot")
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--skip", type=int, default=0, metavar="N",
                    help=f"skip the first N publishers of the sorted candidate list, then take {N_PAGES}")
    ap.add_argument("--list", action="store_true", help="only print every candidate and the selection")
    ap.add_argument("--out", type=Path, help="the set's folder (pages/, gold/ and SOURCES.md are written there)")
    args = ap.parse_args()
    if not args.list and args.out is None:
        ap.error("--out is needed unless --list")
    if args.skip < 0:
        ap.error("--skip must be >= 0")
    repo = Repo(args.git_dir, args.commit)
    found = candidates(repo)
    chosen = select(found, args.skip)
    if args.list:
        passing = ranked(found)
        for c in sorted(found, key=lambda c: c["publisher"].casefold()):
            mark = "*" if c in chosen else " "
            rank = f"{passing.index(c) + 1:3}" if c in passing else "  -"
            print(f"{mark} {rank} {c['country']:4} {c['publisher']:20} {c['fixture']:36} {c['version']:6} "
                  f"en={c['english']:.2f} paras={c['paragraphs']}")
        print(f"{len(passing)} publishers pass; chosen (*): {len(chosen)} (--skip {args.skip}, then {N_PAGES})")
        return
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(exist_ok=True)
    rows = []
    for c in chosen:
        stem = f"{c['publisher'].lower()}-1.en"
        path = f"{TEST_DATA}/{c['country']}/{c['fixture']}"
        fixture = repo.read(path)
        (args.out / "pages" / f"{stem}.html.gz").write_bytes(fixture)
        gold = gold_of(c["entry"], f"{stem}.html.gz")
        (args.out / "gold" / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                        "utf-8")
        rows.append(f"| {stem}.html.gz | flairNLP/fundus | {path} | {repo.commit} | {c['url']} | {c['publisher']} "
                    f"({c['country']}) | {c['version']} | {hashlib.sha256(fixture).hexdigest()} |")
    copyright_line = next(line for line in repo.read("LICENSE").decode().splitlines() if "Copyright" in line)
    command = f"benchmarks/fundus_pages.py --out {args.out.name}" + (f" --skip {args.skip}" if args.skip else "")
    (args.out / "SOURCES.md").write_text(SOURCES.format(commit=repo.commit, rows="\n".join(rows), command=command,
                                                    copyright=copyright_line.strip()), "utf-8")
    print(f"{len(chosen)} pages from flairNLP/fundus at {repo.commit}")


SOURCES = """# Where each page comes from

Generated by `{command}` (re-run it to check). Every file in `pages/` is a test fixture of flairNLP/fundus
at commit `{commit}`: a whole HTML page as fundus's crawler stored it, in fundus's own gzipped file, byte for
byte; `sha256` is of the file in `pages/` (check with `sha256sum pages/*`). Nothing in them was edited.
`gold/` is derived from the JSON next to each fixture (`<Publisher>.json`, the entry of the parser version
named in the table), as README.md describes. Page address: the `url` of the fixture in the folder's `meta.info`.

| file | repo | path | commit | page address | publisher (fundus folder) | fundus version | sha256 |
|---|---|---|---|---|---|---|---|
{rows}

## License

- **flairNLP/fundus**: MIT License, "{copyright}"
  (`LICENSE` at the commit above). The fixtures and the expected-parse JSON files are part of that repository.

That license is the repository's. The articles, photos and page designs inside the pages belong to their
publishers (named in the table); they are here only as test material for evaluating HTML cleaning.
"""

if __name__ == "__main__":
    main()
