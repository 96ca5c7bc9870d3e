"""Pairing: which English page translates which Korean page.

By a manifest (rows of `ko` and `en` paths or URLs, an optional `id`), else by names: `<id>.ko.<ext>` beside
`<id>.en.<ext>`, or `<id>/ko.<ext>` beside `<id>/en.<ext>` as in the gold layout. A page left without a partner is
reported, never dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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


def _lookup(refs: list[PageRef], base: Path | None) -> dict[str, str]:
    """Every name a page can be referred to by (URL, path as given, resolved path) -> its source."""
    index: dict[str, str] = {}
    for ref in refs:
        if ref.url:
            index.setdefault(ref.url, ref.source)
        index.setdefault(ref.source, ref.source)
        path = Path(ref.source.split("#")[0])
        if "#" not in ref.source and ":" not in ref.source[2:]:
            index.setdefault(str(path.resolve()), ref.source)
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
        pair_id = row.id or Path(ko.split("#")[0]).stem.removesuffix(".ko") or ko
        pairs.append(PagePair(id=pair_id, ko=ko, en=en))
        used.update((ko, en))
    for ref in refs:
        if ref.source not in used:
            rejected.append(Rejected(ref.source, "pair", f"not in the pairs manifest {manifest}"))
    return _unique_ids(pairs), rejected


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
    return _unique_ids(pairs), rejected


def _unique_ids(pairs: list[PagePair]) -> list[PagePair]:
    """Ids made unique (`x`, `x~2`) where different folders hold pairs of the same name."""
    seen: dict[str, int] = {}
    out = []
    for p in pairs:
        n = seen.get(p.id, 0) + 1
        seen[p.id] = n
        out.append(p if n == 1 else PagePair(id=f"{p.id}~{n}", ko=p.ko, en=p.en))
    return out
