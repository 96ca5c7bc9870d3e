"""Pairing: which English page translates which Korean page.

By a manifest (rows of `ko` and `en` paths or URLs, an optional `id`), else by names: `<id>.ko.<ext>` beside
`<id>.en.<ext>`, or `<id>/ko.<ext>` beside `<id>/en.<ext>` as in the gold layout, and pages that neither names nor
a manifest pair are paired by content (`pair_by_content`). A page left without a partner is reported, never
dropped silently.

Room: a stage (page references and features in, `PagePair`s or why not out; no I/O). May import `records`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .records import PagePair, Rejected


@dataclass(frozen=True, slots=True)
class PageRef:
    """What pairing needs to know of a page without reading it."""

    source: str
    url: str | None = None
    name_id: str | None = None
    name_lang: str | None = None
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class ManifestRow:
    line: int
    ko: str
    en: str
    id: str | None = None


_RECORD = re.compile(r"(?P<file>.+\.(?:jsonl|warc|warc\.gz))(?:#|:)\d+", re.IGNORECASE)


def page_file(source: str) -> str:
    """The file a page's source names: the container of a JSONL (`file:LINE`) or WARC (`file#N`) record, else the
    source itself, whatever `#` or `:` its name holds."""
    m = _RECORD.fullmatch(source)
    return m.group("file") if m else source


def name_of(source: str) -> str:
    """A pair id from a page's source: its file's name without the extension and the `.ko` tag."""
    return Path(page_file(source)).stem.removesuffix(".ko") or source


def _lookup(refs: list[PageRef], base: Path | None) -> dict[str, str]:
    """Every name a page can be referred to by (URL, path as given, resolved path) -> its source."""
    index: dict[str, str] = {}
    for ref in refs:
        if ref.url:
            index.setdefault(ref.url, ref.source)
        index.setdefault(ref.source, ref.source)
        if page_file(ref.source) == ref.source:
            index.setdefault(str(Path(ref.source).resolve()), ref.source)
    return index


def pair_by_manifest(rows: list[ManifestRow], refs: list[PageRef],
                     manifest: Path) -> tuple[list[PagePair], list[Rejected]]:
    index = _lookup(refs, manifest.parent)
    pairs, rejected, used = [], [], set()

    def find(cell: str) -> str | None:
        if cell in index:
            return index[cell]
        for base in (manifest.parent, Path.cwd()):
            resolved = str((base / cell).resolve())
            if resolved in index:
                return index[resolved]
        return None

    for row in rows:
        ko, en = find(row.ko), find(row.en)
        missing = [f"{side} page {cell!r}" for side, cell, got in (("Korean", row.ko, ko), ("English", row.en, en))
                   if got is None]
        if missing:
            rejected.append(Rejected(f"{manifest}:{row.line}", "pair",
                                     f"{' and '.join(missing)} not among the inputs"))
            continue
        pair_id = row.id or name_of(ko)
        pairs.append(PagePair(id=pair_id, ko=ko, en=en))
        used.update((ko, en))
    for ref in refs:
        if ref.source not in used:
            rejected.append(Rejected(ref.source, "pair", f"not in the pairs manifest {manifest}"))
    return unique_ids(pairs), rejected


def pair_by_name(refs: list[PageRef]) -> tuple[list[PagePair], list[Rejected]]:
    groups: dict[str, dict[str, list[PageRef]]] = defaultdict(lambda: {"ko": [], "en": []})
    rejected = []
    for ref in refs:
        if ref.name_id and ref.name_lang in ("ko", "en"):
            folder = str(Path(ref.source).parent)
            groups[f"{folder}\0{ref.name_id}"][ref.name_lang].append(ref)
        else:
            rejected.append(Rejected(ref.source, "pair", "cannot pair this page: name it <id>.ko.<ext> / "
                                                         "<id>.en.<ext>, or list it in a --pairs manifest"))
    pairs = []
    for key in sorted(groups):
        name_id = key.split("\0")[1]
        side = groups[key]
        common = sorted({r.suffix for r in side["ko"]} & {r.suffix for r in side["en"]})
        if len(side["ko"]) == 1 and len(side["en"]) == 1:
            matches = [(side["ko"][0], side["en"][0])]
        else:
            matches = [(next(r for r in side["ko"] if r.suffix == s), next(r for r in side["en"] if r.suffix == s))
                       for s in common]
        for ko, en in matches:
            suffix = f".{ko.suffix.lstrip('.')}" if len(matches) > 1 else ""
            pairs.append(PagePair(id=f"{name_id}{suffix}", ko=ko.source, en=en.source))
        paired = {r.source for m in matches for r in m}
        for lang, other in (("ko", "English"), ("en", "Korean")):
            for ref in side[lang]:
                if ref.source not in paired:
                    rejected.append(Rejected(ref.source, "pair", f"no {other} page named like it "
                                                                 f"({name_id}.{'en' if lang == 'ko' else 'ko'}.*)"))
    return unique_ids(pairs), rejected


def unique_ids(pairs: list[PagePair]) -> list[PagePair]:
    """Ids made unique (`x`, `x~2`) where different folders hold pairs of the same name."""
    seen: dict[str, int] = {}
    out = []
    for p in pairs:
        n = seen.get(p.id, 0) + 1
        seen[p.id] = n
        out.append(p if n == 1 else PagePair(id=f"{p.id}~{n}", ko=p.ko, en=p.en))
    return out


@dataclass(frozen=True, slots=True)
class PageFeatures:
    """What content pairing reads of one cleaned page: its language, title, lead, the anchors of its whole text
    (figures by value, acronyms, model names) and its publication date."""

    source: str
    lang: str
    title: str
    lead: str
    anchors: frozenset[str]
    published: str | None = None


@dataclass(frozen=True, slots=True)
class ContentPair:
    pair: PagePair
    score: float  # title and lead similarity plus shared anchors
    confidence: float  # how far the pair stands above each page's next best candidate, 0..1


def _idf(pages: list[PageFeatures]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for page in pages:
        for token in page.anchors:
            df[token] += 1
    n = len(pages)
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def _date_gap(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def content_scores(ko: list[PageFeatures], en: list[PageFeatures], embed, candidates: int = 8) \
        -> list[list[tuple[int, float]]]:
    """For each Korean page, its best English candidates (index, score): cosine of the titles and of the leads
    (the encoder reads both languages), plus the IDF-weighted share of anchors they have in common, less a
    penalty when they were published more than two days apart. Encoder scores come in blocks, so the matrix is
    never held whole."""
    idf = _idf([*ko, *en])

    def vectors(pages: list[PageFeatures], field: str) -> np.ndarray:
        v = np.asarray(embed([getattr(p, field) or p.title for p in pages]), dtype=np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    ko_t, ko_l, en_t, en_l = vectors(ko, "title"), vectors(ko, "lead"), vectors(en, "title"), vectors(en, "lead")
    weight = {id(p): sum(idf.get(t, 0.0) for t in p.anchors) for p in [*ko, *en]}
    out = []
    for start in range(0, len(ko), 512):
        sim = 0.4 * (ko_t[start:start + 512] @ en_t.T) + 0.6 * (ko_l[start:start + 512] @ en_l.T)
        keep = min(candidates * 4, sim.shape[1])
        for row, i in enumerate(range(start, min(start + 512, len(ko)))):
            best = np.argpartition(-sim[row], keep - 1)[:keep] if keep < sim.shape[1] else np.arange(sim.shape[1])
            scored = []
            for j in best:
                k, e = ko[i], en[int(j)]
                shared = sum(idf.get(t, 0.0) for t in k.anchors & e.anchors)
                overlap = shared / max(min(weight[id(k)], weight[id(e)]), 1e-9) if shared else 0.0
                gap = _date_gap(k.published, e.published)
                penalty = 0.3 if gap is not None and gap > 2 else 0.0
                scored.append((int(j), float(sim[row, j]) + 0.5 * overlap - penalty))
            # best first; candidates level to a millionth by their place, so float noise (another BLAS kernel,
            # another process) never decides between them
            out.append(sorted(scored, key=lambda x: (-round(x[1], 6), x[0]))[:candidates])
    return out


def pair_by_content(ko: list[PageFeatures], en: list[PageFeatures], embed, min_score: float = 0.6,
                    min_margin: float = 0.08) -> tuple[list[ContentPair], list[Rejected]]:
    """A one-to-one assignment of Korean to English pages by content, surest first: a pair is made when its score
    clears `min_score` and beats every other candidate of either page by `min_margin`. Every page left over is
    reported with its best candidate, so a user can pair it by hand in the manifest."""
    scores = content_scores(ko, en, embed) if ko and en else [[] for _ in ko]
    best_for_en: dict[int, list[float]] = defaultdict(list)
    for row in scores:
        for j, s in row:
            best_for_en[j].append(s)
    for j in best_for_en:
        best_for_en[j].sort(reverse=True)
    proposals = []
    for i, row in enumerate(scores):
        if not row:
            continue
        j, s = row[0]
        second_row = row[1][1] if len(row) > 1 else min_score - min_margin
        column = best_for_en[j]  # this English page's scores with every Korean page, best first
        others = column[1:] if column[0] == s else column
        second_col = others[0] if others else min_score - min_margin
        margin = s - max(second_row, second_col)
        proposals.append((s, margin, i, j))
    pairs, used_en, paired_ko = [], set(), set()
    for s, margin, i, j in sorted(proposals, key=lambda p: (-p[1], -p[0])):
        if s < min_score or margin < min_margin or j in used_en:
            continue
        used_en.add(j)
        paired_ko.add(i)
        name = name_of(ko[i].source)
        pairs.append(ContentPair(PagePair(name, ko[i].source, en[j].source), round(s, 4),
                                 round(min(1.0, margin / (4 * min_margin)), 3)))
    rejected = []
    for i, page in enumerate(ko):
        if i not in paired_ko:
            best = scores[i][0] if scores[i] else None
            why = (f"its best English candidate {en[best[0]].source} scores {best[1]:.2f}, too close to another "
                   f"candidate or below {min_score:g}" if best else "there is no English page to pair it with")
            rejected.append(Rejected(page.source, "pair", f"no English page pairs with it by content: {why}"))
    for j, page in enumerate(en):
        if j not in used_en:
            rejected.append(Rejected(page.source, "pair", "no Korean page pairs with it by content"))
    order = {p.source: n for n, p in enumerate(ko)}
    pairs.sort(key=lambda c: order[c.pair.ko])
    return pairs, rejected
