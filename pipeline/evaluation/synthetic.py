"""Synthetic inputs made from the sample corpus: page pairs of realistic, varied sizes for `newsbitext bench run`,
and bad inputs of every kind a scrape produces for `newsbitext bench robustness` and the tests.

A synthetic pair is a gold pair's two text dumps (page chrome and all) with the article cut after a paragraph
boundary that no gold bead crosses, so the pair stays a translation; sizes run from two paragraphs to the whole
article. Bad inputs are named `<id>.ko.<ext>` / `<id>.en.<ext>` so that pairing sees them; each kind says what a
run must report.

Room: evaluation: inputs written for the benches and tests. May import the rest of `evaluation/`.
"""

from __future__ import annotations

import io
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .gold import GoldPair, load_gold_dir


def _paragraph_cuts(pair: GoldPair) -> list[tuple[int, int]]:
    """(Korean paragraphs, English paragraphs) prefixes that hold whole beads: cutting there keeps a translation."""
    def ends(paragraphs) -> dict[int, int]:
        out, n = {}, 0
        for i, para in enumerate(paragraphs):
            n += len(para)
            out[n] = i + 1
        return out

    ko_ends, en_ends = ends(pair.ko.body), ends(pair.en.body)
    cuts = []
    for k_end, k_paras in ko_ends.items():
        inside = [b for b in pair.alignment if any(i < k_end for i in b.ko) or (not b.ko and b.en)]
        crossing = any(any(i < k_end for i in b.ko) and any(i >= k_end for i in b.ko) for b in pair.alignment)
        en_used = [j for b in pair.alignment if b.ko and max(b.ko) < k_end for j in b.en]
        en_end = max(en_used) + 1 if en_used else 0
        later = any(j < en_end for b in pair.alignment if b.ko and min(b.ko) >= k_end for j in b.en)
        if inside and not crossing and not later and en_end in en_ends:
            cuts.append((k_paras, en_ends[en_end]))
    return cuts


def _drop_paragraphs(page: str, paragraphs: list[tuple[str, ...]]) -> str | None:
    """The page without the lines that hold these paragraphs; None when one is not found as a line."""
    lines = page.split("\n")
    wanted = [" ".join(" ".join(p).split()) for p in paragraphs]
    keep = []
    found = 0
    for line in lines:
        if wanted and " ".join(line.split()) in wanted:
            found += 1
            continue
        keep.append(line)
    return "\n".join(keep) if found == len(set(wanted)) else None


@dataclass(frozen=True, slots=True)
class SourcePair:
    pair: GoldPair
    ko: str
    en: str
    cuts: tuple[tuple[int, int], ...]


def source_pairs(folders: list[Path]) -> list[SourcePair]:
    """The gold pairs that have both text dumps, with their paragraph cuts."""
    out = []
    for folder in folders:
        for pair in load_gold_dir(folder)[0]:
            ko, en = pair.pages("ko").get("txt"), pair.pages("en").get("txt")
            if ko is None or en is None:
                continue
            out.append(SourcePair(pair, ko.read_text("utf-8"), en.read_text("utf-8"), tuple(_paragraph_cuts(pair))))
    return out


def synthetic_pairs(sources: list[SourcePair], n: int, seed: int = 0) -> Iterator[tuple[str, str, str]]:
    """`n` pairs (id, Korean dump, English dump): gold pairs cut at random aligned paragraph boundaries."""
    rng = random.Random(seed)
    for i in range(n):
        src = sources[rng.randrange(len(sources))]
        ko, en = src.ko, src.en
        cuts = [c for c in src.cuts if c[0] >= 2]
        if cuts and rng.random() < 0.7:
            k, e = rng.choice(cuts)
            ko_cut = _drop_paragraphs(ko, list(src.pair.ko.body[k:]))
            en_cut = _drop_paragraphs(en, list(src.pair.en.body[e:]))
            if ko_cut is not None and en_cut is not None:
                ko, en = ko_cut, en_cut
        yield f"syn-{i:06d}-{src.pair.id}", ko, en


def sources_of(folders: list[Path]) -> list[SourcePair]:
    """`source_pairs`, or an `InputError` where the folders hold none to build from."""
    sources = source_pairs(folders)
    if not sources:
        raise InputError(f"{', '.join(map(str, folders))}: no gold pairs with ko.txt and en.txt to build from")
    return sources


def write_synthetic(folders: list[Path], n: int, out: Path, seed: int = 0) -> int:
    """Write `n` synthetic pairs as `<id>.ko.txt` / `<id>.en.txt` into `out`; the number of sentences they hold
    (as the gold counts them, for the whole article) is returned for sentences/s."""
    sources = sources_of(folders)
    out.mkdir(parents=True, exist_ok=True)
    for name, ko, en in synthetic_pairs(sources, n, seed):
        (out / f"{name}.ko.txt").write_text(ko, encoding="utf-8")
        (out / f"{name}.en.txt").write_text(en, encoding="utf-8")
    return n


# --- bad inputs -------------------------------------------------------------------------------------------------

_JAPANESE = ("日本銀行は23日、金融政策決定会合で政策金利を0.75%に引き上げることを決めた。物価上昇が続く中、"
             "賃金の伸びも確認されたとして、追加の利上げに踏み切った。市場では年内にもう一段の引き上げがあるとの見方が"
             "広がっている。植田総裁は記者会見で、経済と物価の見通しが実現すれば引き続き金利を上げていく考えを示した。")
_GERMAN = ("Die Europäische Zentralbank hat den Leitzins am Donnerstag unverändert gelassen. Die Inflation im Euroraum "
           "lag im Januar bei 2,1 Prozent und damit nahe am Ziel der Notenbank. Präsidentin Christine Lagarde sagte, "
           "man werde die Daten von Sitzung zu Sitzung prüfen. Ökonomen erwarten die nächste Senkung im Juni.")
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
        + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n')

KINDS = ("binary", "empty", "truncated_html", "wrong_charset", "euckr_as_utf8", "huge", "no_article",
         "unrelated_pair", "third_language", "duplicate", "deep_nesting", "entity_bomb_xhtml", "entity_bomb_warc",
         "mutated", "hostile_jsonl", "empty_warc", "garbage_warc", "nested_200k", "late_entities", "dangling_link",
         "link_loop", "fifo", "folder_like_page", "name_with_hash")


LARGE_KINDS = ("huge", "nested_200k")  # 10.5 MB and 2.2 MB pages


@dataclass(frozen=True, slots=True)
class BadInput:
    kind: str
    files: dict[str, bytes]  # file name -> bytes
    links: dict[str, str] = field(default_factory=dict)  # link name -> target (dangling, or a loop)
    fifos: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()  # empty folders


def _html(title: str, body: str, lang: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title></head>'
            f"<body><h1>{title}</h1><div class=\"article\">{body}</div></body></html>")


def _warc(url: str, body: bytes, ctype: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def bad_input(kind: str, i: int, sources: list[SourcePair], rng: random.Random) -> BadInput:
    """One bad input of `kind` (with a good partner page where the kind is about one side), named `bad-<i>`."""
    src = sources[rng.randrange(len(sources))]
    other = sources[rng.randrange(len(sources))]
    name = f"bad-{i:06d}-{kind}"
    good_en = src.en.encode("utf-8")
    if kind == "binary":
        return BadInput(kind, {f"{name}.ko.txt": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))),
                               f"{name}.en.txt": good_en})
    if kind == "empty":
        return BadInput(kind, {f"{name}.ko.html": b"", f"{name}.en.html": b" \n" * rng.randrange(3)})
    if kind == "truncated_html":
        page = _html(src.pair.ko.title, "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body), "ko")
        data = page.encode("utf-8")
        return BadInput(kind, {f"{name}.ko.html": data[: rng.randrange(1, max(2, len(data) // 3))],
                               f"{name}.en.txt": good_en})
    if kind == "wrong_charset":  # says EUC-KR, is UTF-8
        page = _html(src.pair.ko.title, "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body), "ko", "euc-kr")
        return BadInput(kind, {f"{name}.ko.html": page.encode("utf-8"), f"{name}.en.txt": good_en})
    if kind == "euckr_as_utf8":  # says UTF-8, is EUC-KR
        page = _html(src.pair.ko.title, "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body), "ko", "utf-8")
        return BadInput(kind, {f"{name}.ko.html": page.encode("euc-kr", errors="replace"),
                               f"{name}.en.txt": good_en})
    if kind == "huge":
        filler = ("<p>" + " ".join(src.pair.ko.sentences) + "</p>") * 1
        page = _html(src.pair.ko.title, filler * (10_500_000 // max(1, len(filler.encode("utf-8")))), "ko")
        return BadInput(kind, {f"{name}.ko.html": page.encode("utf-8"), f"{name}.en.txt": good_en})
    if kind == "no_article":
        menu = "".join(f'<li><a href="/s/{j}">섹션 {j}</a></li>' for j in range(40))
        return BadInput(kind, {f"{name}.ko.html": _html("아시아경제", f"<ul>{menu}</ul>", "ko").encode("utf-8"),
                               f"{name}.en.html": _html("Index", "<ul><li>Home</li></ul>", "en").encode("utf-8")})
    if kind == "unrelated_pair":
        while other is src and len(sources) > 1:
            other = sources[rng.randrange(len(sources))]
        return BadInput(kind, {f"{name}.ko.txt": src.ko.encode("utf-8"), f"{name}.en.txt": other.en.encode("utf-8")})
    if kind == "third_language":
        text = _JAPANESE if rng.random() < 0.5 else _GERMAN
        return BadInput(kind, {f"{name}.ko.html": _html("News", f"<p>{text}</p>" * 3, "xx").encode("utf-8"),
                               f"{name}.en.txt": good_en})
    if kind == "duplicate":
        return BadInput(kind, {f"{name}.ko.txt": src.ko.encode("utf-8"), f"{name}.en.txt": good_en,
                               f"{name}-again.ko.txt": src.ko.encode("utf-8"), f"{name}-again.en.txt": good_en})
    if kind == "deep_nesting":
        depth = rng.randrange(2_000, 20_000)
        body = "<div>" * depth + " ".join(src.pair.ko.sentences) + "</div>" * depth
        return BadInput(kind, {f"{name}.ko.html": _html(src.pair.ko.title, body, "ko").encode("utf-8"),
                               f"{name}.en.txt": good_en})
    if kind == "entity_bomb_xhtml":
        page = BOMB + _html(src.pair.ko.title, "<p>&lol9; &xxe;</p>" + "".join(
            f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body), "ko").split("\n", 1)[1]
        return BadInput(kind, {f"{name}.ko.xhtml": page.encode("utf-8"), f"{name}.en.txt": good_en})
    if kind == "entity_bomb_warc":
        page = BOMB + _html(src.pair.en.title, "<p>&lol9; &xxe;</p>" + "".join(
            f"<p>{' '.join(p)}</p>" for p in src.pair.en.body), "en").split("\n", 1)[1]
        return BadInput(kind, {f"{name}.warc": _warc(f"https://example.com/{name}", page.encode("utf-8"),
                                                     "application/xhtml+xml; charset=utf-8")})
    if kind == "mutated":  # a good pair with bytes flipped, cut or doubled on one side
        data = bytearray(src.ko.encode("utf-8"))
        for _ in range(rng.randrange(1, 50)):
            at = rng.randrange(len(data))
            data[at] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        return BadInput(kind, {f"{name}.ko.txt": bytes(data), f"{name}.en.txt": good_en})
    if kind == "hostile_jsonl":  # lines that once stopped a whole run: a lone surrogate escape, 100,000 nested [
        record = {"url": f"https://example.com/{name}/1", "lang": "ko", "html": f"<p>@surrogate@ {src.ko[:80]}</p>"}
        lines = [json.dumps(record, ensure_ascii=False).replace("@surrogate@", "\\ud800"),
                 "[" * 100_000, '{"url": "https://example.com/x", "lang": "en", "html": 3}', "[1, 2]"]
        return BadInput(kind, {f"{name}.jsonl": "\n".join(lines).encode("utf-8") + b"\n"})
    if kind == "empty_warc":
        return BadInput(kind, {f"{name}.warc": b""})
    if kind == "garbage_warc":
        return BadInput(kind, {f"{name}.warc.gz": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))})
    if kind == "nested_200k":  # a Korean article below the HTML parser's depth limit
        body = "<div>" * 200_000 + "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body) + "</div>" * 200_000
        return BadInput(kind, {f"{name}.ko.html": _html(src.pair.ko.title, body, "ko").encode("utf-8"),
                               f"{name}.en.txt": good_en})
    if kind == "late_entities":  # entity declarations past the first 20 KB of a long internal subset
        page = (BOMB.replace("[\n", "[\n" + "<!-- " + "x" * 30_000 + " -->\n", 1)
                + _html(src.pair.ko.title, "<p>&lol9;</p>" + "".join(f"<p>{' '.join(p)}</p>" for p in src.pair.ko.body),
                        "ko").split("\n", 1)[1])
        return BadInput(kind, {f"{name}.ko.xhtml": page.encode("utf-8"), f"{name}.en.txt": good_en})
    if kind == "dangling_link":
        return BadInput(kind, {f"{name}.en.txt": good_en}, links={f"{name}.ko.html": f"{name}-gone.ko.html"})
    if kind == "link_loop":
        return BadInput(kind, {f"{name}.en.txt": good_en}, links={f"{name}.ko.html": f"{name}.ko.html"})
    if kind == "fifo":
        return BadInput(kind, {f"{name}.en.txt": good_en}, fifos=(f"{name}.ko.html",))
    if kind == "folder_like_page":
        return BadInput(kind, {f"{name}.en.txt": good_en}, folders=(f"{name}.ko.html",))
    if kind == "name_with_hash":  # a good pair whose names hold `#`: read, paired and named whole
        return BadInput(kind, {f"{name}#1.ko.txt": src.ko.encode("utf-8"), f"{name}#1.en.txt": good_en})
    raise ValueError(f"unknown kind of bad input {kind!r}; known: {', '.join(KINDS)}")


def write_bad_inputs(folders: list[Path], n: int, out: Path, seed: int = 0,
                     kinds: tuple[str, ...] = KINDS) -> dict[str, int]:
    """`n` bad inputs, the kinds in turn, into `out`; how many of each kind."""
    sources = sources_of(folders)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    made: dict[str, int] = {}
    large: dict[str, Path] = {}  # one page on disk of each large kind, however many inputs name it
    for i in range(n):
        kind = kinds[i % len(kinds)]
        bad = bad_input(kind, i, sources, rng)
        for name, data in bad.files.items():
            if kind in LARGE_KINDS and name.endswith(".ko.html"):
                if kind in large:
                    os.link(large[kind], out / name)
                    continue
                large[kind] = out / name
            (out / name).write_bytes(data)
        for name, target in bad.links.items():
            os.symlink(target, out / name)
        for name in bad.fifos:
            os.mkfifo(out / name)
        for name in bad.folders:
            (out / name).mkdir()
        made[kind] = made.get(kind, 0) + 1
    (out / "kinds.json").write_text(json.dumps(made, indent=1), encoding="utf-8")
    return made


def write_pairing_set(gold: list[Path], pools: list[Path], distractors: int, out: Path,
                      seed: int = 0) -> dict[str, str]:
    """The text dumps of the gold pairs in `gold`, among `distractors` pages that translate nothing in the set,
    all under random names that say nothing of language or partner; returns file name -> gold pair id (or "")
    for scoring. Distractors are cut versions of the pairs in `pools`: Korean ones from half of those pairs,
    English ones from the other half, so no distractor has a translation among the pages."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, str] = {}
    names = iter(rng.sample(range(10**7), distractors + 4 * 1000))

    def put(text: str, pair_id: str) -> None:
        name = f"page-{next(names):07d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        truth[name] = pair_id

    for src in sources_of(gold):
        put(src.ko, src.pair.id)
        put(src.en, src.pair.id)
    pool = sources_of(pools)
    rng.shuffle(pool)
    half = len(pool) // 2
    ko_pool, en_pool = pool[:half], pool[half:]
    for _, ko, _ in synthetic_pairs(ko_pool, distractors // 2, seed):
        put(ko, "")
    for _, _, en in synthetic_pairs(en_pool, distractors - distractors // 2, seed + 1):
        put(en, "")
    return truth
