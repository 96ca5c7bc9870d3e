"""The clean stage on ../shared/real-pages, scored as that folder's README defines it (normalisation, sentence
split, body R/P/F1, title, subtitles, captions, byline, leaks, refused pages), on the default path (site auto).

Run from the repository root: `python benchmarks/real_pages.py [../shared/real-pages]`. Results go to
BENCHMARKS.md. It only reads the pages and their gold; nothing here is tuned on them.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import newsbitext

_SPLIT = re.compile(r"(?<=[.?!。])[”’\"')\]]*(?=\s)|\n")
_NAME = re.compile(r"([가-힣]{2,4})\s*(?:기자|칼럼니스트|특파원)|칼럼니스트\s*([가-힣]{2,4})")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u200b", "").split())


def sentences(paragraphs: list[str]) -> list[str]:
    out = []
    for para in paragraphs:
        text = norm(para)
        ends = [m.end() for m in _SPLIT.finditer(text)]
        out += [p for p in (norm(text[a:b]) for a, b in zip([0, *ends], [*ends, len(text)], strict=True)) if p]
    return out


def name_tokens(byline: str) -> list[str]:
    found = [a or b for a, b in _NAME.findall(byline)]
    return found or [w for w in re.findall(r"[A-Za-z]+", byline) if w.lower() not in ("by", "and")]


def score(root: Path) -> dict:
    total = Counter()
    for gold_path in sorted((root / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        lang = gold["page"].split(".")[1]
        try:
            seg = newsbitext.clean(root / "pages" / gold["page"], lang=lang)
            art = seg.article
            title, subs, caps = art.title, list(art.subtitles), list(art.captions)
            body = [" ".join(p) for p in seg.sentences]
            byline = art.byline or ""
        except newsbitext.PageRejected:
            total["refused"] += 1
            title, subs, caps, body, byline = "", [], [], [], ""
        gold_body, got_body = sentences(gold["body"]), sentences(body)
        matched = sum((Counter(gold_body) & Counter(got_body)).values())
        total.update({"gold": len(gold_body), "got": len(got_body), "matched": matched,
                      "title": norm(title) == norm(gold["title"]), "pages": 1})
        total["subtitles gold"] += len(gold["subtitles"])
        total["subtitles found"] += sum(norm(s) in {norm(x) for x in subs} for s in gold["subtitles"])
        gold_caps = list(dict.fromkeys(norm(c) for c in gold["captions"]))
        total["captions gold"] += len(gold_caps)
        total["captions as captions"] += sum(c in {norm(x) for x in caps} for c in gold_caps)
        tokens = name_tokens(gold["byline"] or "")
        total["byline"] += bool(tokens) and all(t.lower() in byline.lower() for t in tokens)
        fields = [norm(x) for x in [gold["title"], *gold["subtitles"], *gold["captions"], *gold["body"],
                                    gold["byline"] or "", gold["published"] or "", *gold["optional"]]]
        extracted = [norm(x) for x in subs + caps] + got_body
        total["leaks"] += sum(not any(x in f for f in fields) for x in extracted)
    p = total["matched"] / total["got"] if total["got"] else 0.0
    r = total["matched"] / total["gold"] if total["gold"] else 0.0
    return {**total, "body P": round(p, 3), "body R": round(r, 3),
            "body F1": round(2 * total["matched"] / (total["gold"] + total["got"]), 3)}


if __name__ == "__main__":
    print(json.dumps(score(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/real-pages")), indent=1))
