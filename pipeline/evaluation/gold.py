"""Gold annotations of article pairs, in the layout of GOLD-FORMAT.md: `DIR/NAME/{ko,en}.{txt,html}` + `gold.json`.

Loading checks what the evaluation relies on (every bead index in range and each sentence covered once, error
types known, error beads present in the alignment), so a broken annotation is reported, never scored.

Room: evaluation (reads annotation files). May import `records`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..records import Article, ArticlePair, Provenance, Rejected, Segment, SegmentedArticle

ERROR_TYPES = ("number", "date", "entity", "omission", "addition", "untranslated", "negation", "truncation")
ROLES = ("title", "subtitle", "caption", "body")


@dataclass(frozen=True, slots=True)
class GoldSide:
    title: str
    subtitles: tuple[str, ...]
    captions: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]  # paragraphs of sentences

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for para in self.body for s in para)

    def article(self, source: str, lang: str, published: str | None = None, site: str = "") -> SegmentedArticle:
        """The gold side as the records the stages read, so the aligner and QE run on it as on a cleaned page."""
        return SegmentedArticle(Article(source, lang, self.title, self.subtitles, self.captions,
                                        tuple(" ".join(p) for p in self.body), published=published, site=site),
                                self.body)


@dataclass(frozen=True, slots=True)
class Bead:
    ko: tuple[int, ...]
    en: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class GoldError:
    role: str
    ko: tuple[int, ...]
    en: tuple[int, ...]
    type: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class GoldPair:
    id: str
    folder: Path
    ko: GoldSide
    en: GoldSide
    alignment: tuple[Bead, ...]
    errors: tuple[GoldError, ...]
    role_beads: tuple[tuple[str, tuple[Bead, ...]], ...] = ()  # alignment_subtitles / alignment_captions if given

    def role_alignment(self, key: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """Gold beads of `subtitles` or `captions`: as annotated, else one to one in order."""
        given = dict(self.role_beads).get(key)
        if given is not None:
            return [(b.ko, b.en) for b in given]
        return [((i,), (i,)) for i in range(len(getattr(self.ko, key)))]

    def side(self, lang: str) -> GoldSide:
        return self.ko if lang == "ko" else self.en

    def beads(self) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
        """Every gold bead of every role, in role order: (role, Korean indexes, English indexes)."""
        return [("title", (0,), (0,)),
                *(("subtitle", k, e) for k, e in self.role_alignment("subtitles")),
                *(("caption", k, e) for k, e in self.role_alignment("captions")),
                *(("body", b.ko, b.en) for b in self.alignment)]

    def article_pair(self, published: str | None = None, site: str = "") -> ArticlePair:
        """The pair with its gold beads as segments (similarity 0 until someone measures it): the input QE reads
        in eval. The Korean page's date and site are what cleaning its page found."""
        ko = self.ko.article(str(self.folder / "ko"), "ko", published, site)
        en = self.en.article(str(self.folder / "en"), "en", None, site)
        ko_roles, en_roles = ko.roles(), en.roles()
        segments = tuple(Segment.of(role, tuple(k), tuple(e), ko_roles, en_roles, 0.0)
                         for role, k, e in self.beads() if k or e)
        return ArticlePair(self.id, ko, en, Provenance("", "", "gold", {}), segments)

    def pages(self, lang: str) -> dict[str, Path]:
        """The annotated page files of one side, by format (`txt`, `html`)."""
        return {p.suffix[1:]: p for p in sorted(self.folder.glob(f"{lang}.*")) if p.suffix in (".txt", ".html")}


class InvalidGold(ValueError):
    pass


def _side(data: dict, where: str) -> GoldSide:
    try:
        body = tuple(tuple(str(s) for s in para) for para in data["body"])
        return GoldSide(title=str(data["title"]), subtitles=tuple(data.get("subtitles", [])),
                        captions=tuple(data.get("captions", [])), body=body)
    except (KeyError, TypeError) as exc:
        raise InvalidGold(f"{where}: missing or malformed field {exc}") from exc


def _beads(items: list, where: str) -> tuple[Bead, ...]:
    try:
        return tuple(Bead(tuple(b["ko"]), tuple(b["en"])) for b in items)
    except (KeyError, TypeError) as exc:
        raise InvalidGold(f"{where}: malformed bead {exc}") from exc


def _check_cover(beads: tuple[Bead, ...], n_ko: int, n_en: int, where: str) -> None:
    ko = [i for b in beads for i in b.ko]
    en = [i for b in beads for i in b.en]
    if ko != list(range(n_ko)) or en != list(range(n_en)):
        raise InvalidGold(f"{where}: beads must cover Korean 0..{n_ko - 1} and English 0..{n_en - 1} once, in order")
    if any(not b.ko and not b.en for b in beads):
        raise InvalidGold(f"{where}: a bead with no sentence on either side")


def load_pair(folder: Path) -> GoldPair:
    where = str(folder / "gold.json")
    try:
        data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidGold(f"{where}: cannot read: {exc}") from exc
    ko, en = _side(data.get("ko", {}), f"{where} ko"), _side(data.get("en", {}), f"{where} en")
    alignment = _beads(data.get("alignment", []), where)
    _check_cover(alignment, len(ko.sentences), len(en.sentences), f"{where} alignment")
    role_beads = []
    for role in ("subtitles", "captions"):
        n_ko, n_en = len(getattr(ko, role)), len(getattr(en, role))
        if f"alignment_{role}" in data:
            beads = _beads(data[f"alignment_{role}"], where)
            _check_cover(beads, n_ko, n_en, f"{where} alignment_{role}")
            role_beads.append((role, beads))
        elif n_ko != n_en:
            raise InvalidGold(f"{where}: {n_ko} Korean and {n_en} English {role} need alignment_{role}")
    errors = []
    for e in data.get("errors", []):
        err = GoldError(role=e.get("role", ""), ko=tuple(e.get("ko", ())), en=tuple(e.get("en", ())),
                        type=e.get("type", ""), note=e.get("note", ""))
        if err.type not in ERROR_TYPES or err.role not in ROLES:
            raise InvalidGold(f"{where}: error {e} has an unknown type or role")
        if err.role == "body" and Bead(err.ko, err.en) not in alignment:
            raise InvalidGold(f"{where}: error {e} does not name a bead of the alignment")
        errors.append(err)
    if not any(folder.glob("ko.*")) or not any(folder.glob("en.*")):
        raise InvalidGold(f"{folder}: needs a ko.txt or ko.html and an en.txt or en.html beside gold.json")
    return GoldPair(id=str(data.get("id") or folder.name), folder=folder, ko=ko, en=en, alignment=alignment,
                    errors=tuple(errors), role_beads=tuple(role_beads))


def load_gold_dir(root: Path) -> tuple[list[GoldPair], list[Rejected]]:
    """Every annotated pair under `root` (or `root` itself when it holds a gold.json)."""
    folders = [root] if (root / "gold.json").exists() else sorted(p.parent for p in root.glob("*/gold.json"))
    pairs, rejected = [], []
    for folder in folders:
        try:
            pairs.append(load_pair(folder))
        except InvalidGold as exc:
            rejected.append(Rejected(str(folder), "gold", str(exc)))
    return pairs, rejected
