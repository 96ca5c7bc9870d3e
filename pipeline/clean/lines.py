"""Cleaning a page given as lines of text: a scraped text dump, or an HTML page rendered to lines.

Each line gets a label from what it looks like (prose, heading, caption, dateline, byline, chrome, footer, list
heading), and the article is read off the sequence: the title and the subtitles head the page, the body runs from
the first to the last prose line before the footer, captions and bylines are picked out wherever they stand. The
labels come from the profile's vocabulary; the structure rules know nothing about any one site.

Room: part of the clean stage. May import `dates`, `lang` and the rest of `clean/`; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ..dates import parse_published
from ..lang import has_hangul
from .profile import SiteProfile, TextRules, normalize_line


class Label(Enum):
    BLANK = "blank"
    CHROME = "chrome"
    FOOTER = "footer"
    LIST_HEADER = "list_header"
    DATELINE = "dateline"
    BYLINE = "byline"
    CAPTION = "caption"
    PROSE = "prose"
    HEADING = "heading"
    SHORT = "short"


@dataclass(frozen=True, slots=True)
class Fields:
    """The article fields read off a page, before they become an `Article`."""

    title: str
    subtitles: tuple[str, ...]
    captions: tuple[str, ...]
    paragraphs: tuple[str, ...]
    byline: str | None
    published: str | None
    visible: str = ""  # the page's visible text (an HTML page's), to tell its language by when no body is found
    script_only: bool = False  # the page is an application shell whose article only scripts would render


QUOTES = "\"'“”‘’「」『』"
_TERMINAL = re.compile(r"[.!?。…](?:[\"'”’)\]」』]*)$")
_FULL_DATE = re.compile(r"\d{4}\s*[.\-/년]|\b(?:19|20)\d{2}\b")
_MAX_SUBTITLES = 6  # more headline-like lines under a title are a link list, not subtitles
_SEPARATORS = re.compile(r"\s[|>›»·/]\s")  # menu rows and breadcrumbs, never running text
_KOREAN_REPORT_END = re.compile(r"다[\"'”’]?$")  # Korean sentences that lost their final period still end in 다
_PREFIX_END = re.compile(r"[\"”'’]\s+(?=\S)")
# "임정우 기자", "구현모 기자", "김철수 특파원": a reporter's name and role in a Korean byline.
REPORTER = re.compile(r"(?<![가-힣])([가-힣]{2,4})\s*"
                       r"(기자|특파원|선임기자|객원기자|수습기자|인턴기자|대기자|논설위원|전문위원|칼럼니스트)(?![가-힣])")
MORE_WRITERS = re.compile(r"외\s*\d+\s*명")
# Words a reporter card puts right before 기자 that are not names: a beat ("인구·복지 담당"), a kind of reporter
# ("사진 기자"), a button ("기자 구독" after a line that ends in one of them).
NOT_NAMES = frozenset(["담당", "취재", "사진", "영상", "편집", "전문", "해당", "현장", "출입", "인턴", "수습", "객원",
                        "선임", "기획", "정치부", "경제부", "사회부", "산업부", "국제부", "문화부", "체육부", "디지털"])


def _words(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A line of running text: it ends like a sentence and is long enough to be one, or it is too long and too
    lower-case to be a headline (a body paragraph cut off mid-sentence still belongs to the body)."""
    words = line.split()
    if has_hangul(line):
        if _TERMINAL.search(line):
            return len(words) >= 3 and len(line) >= 15
        return len(words) >= 10 and len(line) >= 50 and not _SEPARATORS.search(line)
    if _TERMINAL.search(line):
        return len(words) >= 5 and len(line) >= 30
    lower = sum(w[0].islower() for w in words)
    return len(words) >= 12 and lower >= 0.5 * len(words)


def is_short(line: str) -> bool:
    """Menu items, buttons and labels: a word or two with no sentence ending."""
    if _TERMINAL.search(line):
        return False
    return (_words(line) <= 2 and len(line) <= 24) or len(line) <= 3


def unquote(line: str) -> str:
    """A headline without the quotation marks that wrap it whole: `"Title"` -> `Title`, and
    `"BOK Holds... "Prices Unstable""` -> `BOK Holds... "Prices Unstable"` (quotes inside stay, when they pair up)."""
    if len(line) >= 2 and line[0] in QUOTES and line[-1] in QUOTES:
        inner = line[1:-1]
        if inner.count('"') % 2 == 0 and inner.count("“") == inner.count("”"):
            return inner.strip()
    return line


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", unquote(text)).casefold()


def _same_headline(a: str, b: str) -> bool:
    return _squash(a) == _squash(b)


def strip_title_prefix(caption: str, headlines: list[str]) -> str:
    """A caption without the quoted headline that English pages put in front of it (see the seed page). The
    headline may hold quotes and apostrophes itself, so every closing quote followed by a space is tried."""
    if not caption or caption[0] not in QUOTES:
        return caption
    for m in _PREFIX_END.finditer(caption, 1):
        if any(_same_headline(caption[1:m.start()], h) for h in headlines if h):
            return caption[m.end():].strip()
    return caption


@lru_cache(maxsize=65536)
def label_line(line: str, rules: TextRules) -> Label:
    """What a line of page text is. Kept per line and rules (the cleaner empties the cache after each page): the
    passes over a page (each candidate body, the body filter, the fields) label its lines again, and a profile's
    patterns cost up to a millisecond on a long line."""
    if not line:
        return Label.BLANK
    norm = normalize_line(line)
    if norm in rules.list_headers:
        return Label.LIST_HEADER
    if len(line) <= 150 and not _KOREAN_REPORT_END.search(line.rstrip(".")) and any(
            p.search(line) for p in rules.footer_patterns):
        return Label.FOOTER
    if norm in rules.chrome_lines or any(p.search(line) for p in rules.chrome_patterns):
        return Label.CHROME
    if _is_menu_row(norm, rules):
        return Label.CHROME
    if any(p.search(line) for p in rules.dateline_patterns):
        return Label.DATELINE
    if any(p.search(line) for p in rules.byline_patterns):
        return Label.BYLINE
    if len(line) <= 600 and any(p.search(line) for p in rules.caption_patterns):
        return Label.CAPTION
    if is_prose(line):
        return Label.PROSE
    if is_short(line):
        return Label.SHORT
    if len(line) <= 100 and _FULL_DATE.search(line) and parse_published(line):
        return Label.DATELINE  # "이코노와이어 정수민 기자 2026.06.01 06:30", "Wednesday, June 3, 2026 Busan 24°C"
    return Label.HEADING


def _is_menu_row(norm: str, rules: TextRules) -> bool:
    """A navigation or share row: three or more words, most of them from the profile's `nav_words`."""
    words = norm.split()
    return len(words) >= 3 and sum(w in rules.nav_words for w in words) >= 0.6 * len(words)


def _mark_boxes(lines: list[str], labels: list[Label], rules: TextRules) -> list[Label]:
    """An advertising or sign-up box ("Sponsored", "Sign up for ..."): its marker line and the lines after it,
    up to the next blank line, are chrome."""
    out, in_box = list(labels), False
    for i, line in enumerate(lines):
        if not line:
            in_box = False
        elif in_box or any(p.search(line) for p in rules.block_markers):
            out[i], in_box = Label.CHROME, True
    return out


def _is_headline(line: str, label: Label) -> bool:
    if label is not Label.HEADING:
        return False
    return _words(line) >= 2 and len(line) >= 8 if has_hangul(line) else _words(line) >= 3


def _find_title(lines: list[str], labels: list[Label], stop: int, hint: str | None,
                page_title: str | None) -> int | None:
    header = [i for i in range(stop) if labels[i] not in (Label.BLANK,)]
    if hint:
        for i in header:
            if _same_headline(lines[i], hint):
                return i
    # The displayed headline is usually all of the <title>, or the part of it beside the site's name.
    if page_title:
        whole = _squash(page_title)
        inside = [i for i in header if len(_squash(lines[i])) >= 8 and _squash(lines[i]) in whole
                  and labels[i] in (Label.HEADING, Label.PROSE)]
        if inside:
            return max(inside, key=lambda i: len(lines[i]))
    # Evidence from the page itself: a caption that starts with a quoted header line names the title.
    for line in lines:
        if line and line[0] in QUOTES:
            for i in header:
                if lines[i] != line and strip_title_prefix(line, [lines[i]]) != line:
                    return i
    # Otherwise the title heads the last run of headline lines above the body (title and subtitles); runs
    # further up are the site's name or teasers, cut off from it by menus, datelines or bylines.
    runs: list[list[int]] = []
    previous = None
    for i in header:
        if _is_headline(lines[i], labels[i]):
            if runs and runs[-1][-1] == previous:
                runs[-1].append(i)
            else:
                runs.append([i])
        previous = i
    runs = [r for r in runs if len(r) <= _MAX_SUBTITLES + 1] or runs
    return runs[-1][0] if runs else None


def extract_fields(lines: list[str], profile: SiteProfile, title_hint: str | None = None,
                   page_title: str | None = None) -> Fields:
    """Read the article fields off a page's lines (blank lines separate blocks); an HTML page passes its
    headline and `<title>` as hints."""
    lines = [" ".join(line.split()) for line in lines]
    labels = _mark_boxes(lines, [label_line(line, profile.text) for line in lines], profile.text)
    prose = [i for i, lab in enumerate(labels) if lab is Label.PROSE]
    first_prose = prose[0] if prose else len(lines)

    title_at = _find_title(lines, labels, first_prose, title_hint, page_title)
    title = unquote(lines[title_at]) if title_at is not None else (title_hint or "")

    # Subtitles: the headline-like lines right under the title, up to the first line of another kind.
    subtitles: list[int] = []
    if title_at is not None:
        for i in range(title_at + 1, len(lines)):
            if labels[i] is Label.BLANK:
                continue
            if strip_title_prefix(lines[i], [title]) != lines[i]:
                break
            if len(subtitles) < _MAX_SUBTITLES and (labels[i] is Label.HEADING or (
                    labels[i] is Label.PROSE and len(lines[i]) < 90 and i - 1 in subtitles)):
                subtitles.append(i)
                continue
            break
    taken = set(subtitles) | ({title_at} if title_at is not None else set())
    body_prose = [i for i in prose if i not in taken]
    start = body_prose[0] if body_prose else len(lines)

    # The footer: the first copyright notice, list heading or reporter's e-mail line after the body has started.
    end = next((i for i in range(start, len(lines)) if labels[i] in (Label.FOOTER, Label.LIST_HEADER)
                or (labels[i] is Label.BYLINE and "@" in lines[i])), len(lines))
    last = max((i for i in body_prose if i < end), default=start - 1)

    headlines = [title] + [lines[i] for i in subtitles]
    captions = [i for i in range(end) if i not in taken and (
        labels[i] is Label.CAPTION or strip_title_prefix(lines[i], headlines) != lines[i])]
    caption_text = [strip_title_prefix(lines[i], headlines) for i in captions]
    taken.update(captions)

    paragraphs = list(dict.fromkeys(  # a paragraph printed twice (summary box, pull quote) is kept once
        lines[i] for i in range(start, last + 1) if labels[i] in (Label.PROSE, Label.HEADING) and i not in taken))
    byline = next((lines[i] for i in range(len(lines)) if labels[i] is Label.BYLINE), None)
    published = next(
        (p for i in range(len(lines)) if labels[i] is Label.DATELINE
         and (p := parse_published(lines[i], profile.timezone))), None)
    return Fields(
        title=title,
        subtitles=tuple(lines[i] for i in subtitles),
        captions=tuple(caption_text),
        paragraphs=tuple(paragraphs),
        byline=byline,
        published=published,
    )


def reporter_names(text: str) -> list[tuple[str, str]]:
    """The (name, role) pairs of the Korean reporters a text names ("임정우 기자"), words that are not names out."""
    return [found for found in REPORTER.findall(text) if found[0] not in NOT_NAMES]


def format_reporters(names: list[tuple[str, str]], more: str | None = None) -> str:
    """"A 기자, B 특파원", and " 외 1명" after a single name when the page says there are more writers."""
    unique = list(dict.fromkeys(names))
    text = ", ".join(f"{name} {role}" for name, role in unique)
    return f"{text} {more}" if more and len(unique) == 1 else text


def reporter_byline(byline: str | None) -> str | None:
    """A Korean byline as the reporters it names, "A 기자, B 특파원" (+ " 외 N명"): the dateline place before them
    ("도쿄="), their e-mail addresses and whatever else the byline's line carries are not the byline. A byline
    naming no Korean reporter (an English author, "By Kim Tae-ho") is kept as it is. For every page and path."""
    names = reporter_names(byline or "")
    if not names:
        return byline
    more = MORE_WRITERS.search(byline or "")
    return format_reporters(names, more.group(0) if more else None)
