"""A challenge set: faithful gold segments with one error planted in the English, of every type, the way a hurried
translator or an MT system makes them: a figure scaled by 10, 1,000 or 10,000 (20만 -> 20), %p as %, a date
moved, an entity swapped for another of its kind, a clause dropped, an invented claim added, the predicate
negated, the sentence cut short, a Korean word left untranslated.

`perturb` is a pure function of the segments and a seed, so the set is the same on every machine.

Room: evaluation: the challenge set's planted errors. May import `records`, `qe.figures`, `qe.names`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..qe.figures import english_figures, match_figures
from ..qe.names import SURNAMES, Gazetteer, english_names
from ..records import SegmentPair

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ORDINALS = ("first", "second", "third", "fourth")
_ANTONYMS = {
    "rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased", "rise": "fall",
    "fall": "rise", "grew": "shrank", "gained": "lost", "jumped": "plunged", "surged": "plunged",
    "declined": "increased", "dropped": "rose", "higher": "lower", "lower": "higher", "up": "down", "down": "up",
    "expanded": "contracted", "strengthened": "weakened", "weakened": "strengthened", "allowed": "banned",
    "approved": "rejected", "rejected": "approved", "raised": "lowered", "cut": "raised", "improved": "worsened",
    "accelerated": "slowed", "slowed": "accelerated", "increase": "decrease", "decrease": "increase",
    "passed": "failed", "met": "missed", "agreed": "refused",
}
_AUXILIARIES = re.compile(r"\b(will|would|could|can|is|are|was|were|has|have|had|should|must|may)\b(?! not)")
_ADDITIONS = (
    ", the highest level on record",
    ", adding that about 3,000 jobs could be created",
    ", and analysts expect a further 15% gain next year",
    ", a decision that drew sharp criticism from opposition lawmakers",
    ", according to people familiar with the matter who asked not to be named",
    ", the first such move in its history",
    ", while the government plans to review the measure again in March",
    ", and the company is expected to announce a dividend increase",
)
_CUT_WORDS = re.compile(r"\s(?:the|a|an|to|of|that|will|would|could|and|by|for|with|its|their)\s")
_CLAUSE = re.compile(r",\s")


@dataclass(frozen=True, slots=True)
class Planted:
    pair: SegmentPair
    type: str
    note: str


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 and value == int(value) else f"{value:g}"


def _number(pair: SegmentPair, rng: random.Random) -> Planted | None:
    match = match_figures(pair.ko, pair.en)
    strong = [match.en[j] for _, j in match.pairs if not match.en[j].weak and match.en[j].unit != "pp"]
    pp = [match.en[j] for _, j in match.pairs if match.en[j].unit == "pp"]
    if pp and rng.random() < 0.5:
        f = pp[0]
        text = pair.en[f.span[0]:f.span[1]]
        new = re.sub(r"\s?(?:percentage[- ]points?|%p|pp)\b", "%", text)
        if new != text:
            en = pair.en[:f.span[0]] + new + pair.en[f.span[1]:]
            return Planted(replace(pair, en=en), "number", f"{text} -> {new}")
    if not strong:
        return None
    f = rng.choice(strong)
    text = pair.en[f.span[0]:f.span[1]]
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if digits is None:
        return None
    value = float(digits.group().replace(",", ""))
    factor = rng.choice((10, 1000, 10000))
    new_value = value / factor if value / factor >= 1 and rng.random() < 0.5 else value * factor
    new = text[:digits.start()] + _fmt(new_value) + text[digits.end():]
    return Planted(replace(pair, en=pair.en[:f.span[0]] + new + pair.en[f.span[1]:]), "number",
                   f"{text} -> {new} (x{factor})")


def _date(pair: SegmentPair, rng: random.Random) -> Planted | None:
    choices: list[tuple[tuple[int, int], str]] = []
    for m in re.finditer(r"\b(" + "|".join(_MONTHS) + r")\b(\s\d{1,2}\b)?", pair.en):
        if m.group(2) and rng.random() < 0.5:
            day = int(m.group(2))
            choices.append(((m.start(2), m.end(2)), f" {day + 10 if day <= 18 else day - 10}"))
        else:
            month = _MONTHS.index(m.group(1))
            choices.append(((m.start(1), m.end(1)), _MONTHS[(month + rng.choice((1, 2, 11))) % 12]))
    for m in re.finditer(r"\b(first|second|third|fourth)(?=[-\s](?:quarter|half))", pair.en):
        limit = 4 if "quarter" in pair.en[m.end():m.end() + 9] else 2
        options = [o for o in _ORDINALS[:limit] if o != m.group(1)]
        choices.append((m.span(), rng.choice(options)))
    for m in re.finditer(r"\b(last|this|next) (year|month)\b", pair.en):
        choices.append((m.span(1), rng.choice([w for w in ("last", "next") if w != m.group(1)])))
    for m in re.finditer(r"\b(\d{1,2})(\s?(?:a\.m\.|p\.m\.))", pair.en):
        choices.append((m.span(2), " p.m." if "a.m" in m.group(2) else " a.m."))
    if not choices:
        return None
    (a, b), new = rng.choice(choices)
    return Planted(replace(pair, en=pair.en[:a] + new + pair.en[b:]), "date", f"{pair.en[a:b]} -> {new.strip()}")


def _entity(pair: SegmentPair, rng: random.Random, gazetteer: Gazetteer) -> Planted | None:
    names = [n for n in english_names(pair.en, gazetteer)
             if n.entries and not any(gazetteer.entries[i].implicit for i in n.entries)]
    people = [n for n in english_names(pair.en, gazetteer) if n.kind == "person"]
    if names:
        n = rng.choice(names)
        kind = gazetteer.entries[min(n.entries)].kind
        rivals = [e for i, e in enumerate(gazetteer.entries) if e.kind == kind and i not in n.entries
                  and not any(k in pair.ko for k in e.korean) and not e.implicit]
        if rivals:
            new = rng.choice(rivals).english[0]
            return Planted(replace(pair, en=pair.en[:n.span[0]] + new + pair.en[n.span[1]:]), "entity",
                           f"{n.key} -> {new}")
    if people:
        n = rng.choice(people)
        family = n.key.split()[0]
        same = next((v for v in SURNAMES.values() if family in v), (family,))  # Chung and Jung are one name
        new = n.key.replace(family, rng.choice([s for s in ("Kim", "Park", "Choi", "Jung", "Kang", "Yoon")
                                                if s not in same]), 1)
        return Planted(replace(pair, en=pair.en[:n.span[0]] + new + pair.en[n.span[1]:]), "entity", f"{n.key} -> {new}")
    return None


def _omission(pair: SegmentPair, rng: random.Random) -> Planted | None:
    cuts = [m.start() for m in _CLAUSE.finditer(pair.en)]
    spans = list(zip([0, *[c + 2 for c in cuts]], [*cuts, len(pair.en.rstrip(".")) ], strict=True))
    content = [(a, b) for a, b in spans[1:] if english_figures(pair.en[a:b]) and b - a > 12]
    if not content:
        return None
    a, b = rng.choice(content)
    start = a - 2
    new = pair.en[:start] + pair.en[b:]
    return Planted(replace(pair, en=new), "omission", f"dropped {pair.en[a:b]!r}")


def _addition(pair: SegmentPair, rng: random.Random) -> Planted | None:
    en = pair.en.rstrip()
    if not en.endswith(".") or en.endswith('."'):
        return None
    extra = rng.choice(_ADDITIONS)
    return Planted(replace(pair, en=en[:-1] + extra + "."), "addition", f"added {extra[2:]!r}")


def _negation(pair: SegmentPair, rng: random.Random) -> Planted | None:
    words = [m for m in re.finditer(r"\b(" + "|".join(_ANTONYMS) + r")\b", pair.en)]
    if words:
        m = rng.choice(words)
        return Planted(replace(pair, en=pair.en[:m.start()] + _ANTONYMS[m.group(1)] + pair.en[m.end():]), "negation",
                       f"{m.group(1)} -> {_ANTONYMS[m.group(1)]}")
    aux = list(_AUXILIARIES.finditer(pair.en))
    if aux and not re.search(r"\bnot\b|n't", pair.en):
        m = aux[-1]
        return Planted(replace(pair, en=pair.en[:m.end()] + " not" + pair.en[m.end():]), "negation",
                       f"{m.group()} -> {m.group()} not")
    return None


def _truncation(pair: SegmentPair, rng: random.Random) -> Planted | None:
    cuts = [m.end() - 1 for m in _CUT_WORDS.finditer(pair.en) if 0.4 * len(pair.en) < m.end() < 0.85 * len(pair.en)]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return Planted(replace(pair, en=pair.en[:cut].rstrip(" ,")), "truncation", f"cut after {pair.en[:cut][-20:]!r}")


def _untranslated(pair: SegmentPair, rng: random.Random, gazetteer: Gazetteer) -> Planted | None:
    words = [m for m in re.finditer(r"[가-힣]{2,5}", pair.ko) if not m.group().endswith(("다", "했", "고"))]
    en_words = [m for m in re.finditer(r"\b[a-z]{5,}\b", pair.en)]
    if not words or not en_words:
        return None
    ko, en = rng.choice(words), rng.choice(en_words)
    word = re.sub(r"(?:은|는|이|가|을|를|의|에|에서|으로|로|과|와|도)$", "", ko.group()) or ko.group()
    return Planted(replace(pair, en=pair.en[:en.start()] + word + pair.en[en.end():]), "untranslated",
                   f"{en.group()} -> {word}")


PLANTERS: dict[str, Callable[..., Planted | None]] = {
    "number": _number, "date": _date, "entity": _entity, "omission": _omission, "addition": _addition,
    "negation": _negation, "truncation": _truncation, "untranslated": _untranslated,
}


def perturb(pairs: Iterable[SegmentPair], gazetteer: Gazetteer, seed: int = 0, variants: int = 2) -> list[Planted]:
    """Up to `variants` planted errors of every type per faithful segment (body segments with both sides)."""
    rng = random.Random(seed)
    out: list[Planted] = []
    for pair in pairs:
        if pair.role != "body" or not pair.ko or not pair.en:
            continue
        for name, planter in PLANTERS.items():
            seen: set[str] = set()
            for _ in range(variants):
                planted = planter(pair, rng, gazetteer) if name in ("entity", "untranslated") else planter(pair, rng)
                if planted is not None and planted.pair.en not in seen and planted.pair.en != pair.en:
                    seen.add(planted.pair.en)
                    out.append(planted)
    return out
