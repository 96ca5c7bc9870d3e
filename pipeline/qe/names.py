"""Names on both sides of a segment: companies, institutions and places through a bilingual gazetteer
(`configs/gazetteer.yaml`, extended by the site profile), people through their Korean name and title romanized
with fuzzy matching (정의선 -> Chung Eui-sun, Jung Eui-seon), and Latin-script tokens (HBM4, KOSPI, H200).

Revised Romanization is what a machine writes; newspapers write the family's own spelling (Lee, Park, Chung,
Choi), so family names map to their usual spellings and given names compare after folding the spelling
variants (eo/u, k/g, ch/j, ...) that both systems and their mixtures produce.

Room: part of the QE stage: reads the packaged gazetteer through `config.packaged`. May import `config`,
`errors`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from itertools import pairwise

import yaml

from ..config import FAST_LOADER, ConfigError, packaged

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")

# Family names and the spellings English-language papers use for them (RR first).
SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("Kim", "Gim"), "이": ("Lee", "Yi", "Rhee", "Rhie", "I", "Rhi"), "박": ("Park", "Pak", "Bak"),
    "최": ("Choi", "Choe", "Chey"), "정": ("Jeong", "Chung", "Jung", "Chong"), "강": ("Kang", "Gang"),
    "조": ("Cho", "Jo", "Joh"), "윤": ("Yoon", "Yun"), "장": ("Jang", "Chang"), "임": ("Lim", "Im", "Rim"),
    "한": ("Han",), "오": ("Oh", "O"), "서": ("Seo", "Suh", "Su"), "신": ("Shin", "Sin"), "권": ("Kwon", "Gwon"),
    "황": ("Hwang",), "안": ("Ahn", "An"), "송": ("Song",), "류": ("Ryu", "Yoo", "Yu", "Lyu", "Ryoo"),
    "유": ("Yoo", "Yu", "You", "Ryu", "Lyu"), "홍": ("Hong",), "전": ("Jeon", "Chun", "Jun"), "고": ("Ko", "Go", "Koh"),
    "문": ("Moon", "Mun"), "양": ("Yang",), "손": ("Son", "Sohn"), "배": ("Bae", "Pae"), "백": ("Baek", "Paik", "Paek"),
    "허": ("Heo", "Huh", "Hur"), "남": ("Nam",), "노": ("Noh", "Roh", "No"), "하": ("Ha",), "곽": ("Kwak", "Gwak"),
    "성": ("Sung", "Seong"), "차": ("Cha",), "주": ("Joo", "Ju", "Chu"), "우": ("Woo", "U"), "구": ("Koo", "Gu", "Ku"),
    "민": ("Min",), "진": ("Jin", "Chin"), "나": ("Na", "Ra"), "지": ("Ji", "Chi", "Jee"), "엄": ("Eom", "Um", "Uhm"),
    "채": ("Chae",), "원": ("Won",), "천": ("Cheon", "Chun"), "방": ("Bang",), "공": ("Kong", "Gong"),
    "현": ("Hyun", "Hyeon"), "함": ("Ham",), "변": ("Byun", "Byeon"), "염": ("Yeom", "Yum"),
    "여": ("Yeo", "Yeoh", "Yuh"),
    "추": ("Choo", "Chu"), "도": ("Do", "Doh"), "석": ("Seok", "Suk"), "선": ("Sun", "Seon"), "설": ("Seol", "Sul"),
    "마": ("Ma",), "길": ("Gil", "Kil"), "연": ("Yeon", "Yun", "Youn"), "표": ("Pyo",), "명": ("Myung", "Myeong"),
    "기": ("Ki", "Gi"), "반": ("Ban", "Pan"), "왕": ("Wang",), "금": ("Geum", "Keum"), "옥": ("Ok",), "인": ("In",),
    "맹": ("Maeng",), "제": ("Je", "Jae"), "탁": ("Tak",), "국": ("Kook", "Guk"), "육": ("Yuk", "Yook"),
    "경": ("Kyung", "Gyeong"), "봉": ("Bong",), "편": ("Pyun", "Pyeon"), "용": ("Yong",), "예": ("Ye",),
    "소": ("So",), "목": ("Mok",), "피": ("Pi", "Pee"), "태": ("Tae",), "모": ("Mo",), "시": ("Si", "Shi"),
    "위": ("Wi", "Wee"), "어": ("Eo", "Uh"), "은": ("Eun",), "심": ("Shim", "Sim"),
}
_TITLES = ("부회장", "회장", "대표이사", "대표", "부사장", "사장", "장관", "차관", "부총재", "총재", "원내대표", "의원",
           "위원장", "대통령", "총리", "교수", "연구위원", "연구원", "애널리스트", "이사장", "이사", "본부장", "센터장",
           "팀장", "청장", "실장", "국장", "시장", "지사", "위원", "대변인", "단장", "원장", "처장", "전무", "상무",
           "행장", "감독", "선수", "대사", "부장", "수석", "비서관", "후보", "씨(?!앗)", "CEO", "CFO", "의장", "당선인",
           "경제부총리", "사회부총리")
# A Korean name before a title: three syllables (정의선 회장), or a family name alone and a space (최 원내대표).
# The title may follow an organisation (정의선 현대차그룹 회장), or be glued to a body's short name (국방위원장,
# 비대위원장, 국회의장). A title's own syllables are no name (경제부총리: 경제부 is no one).
_PERSON = re.compile(r"(?<![가-힣])(?!(?:경제|사회)부총리)([가-힣]{3}|[가-힣](?=\s))\s?(?=(?:[가-힣A-Za-z()·]+\s){0,2}"
                     r"(?:선임|수석|책임|부|전|"
                     r"초대|신임|공동)?(?:[가-힣]{1,3}위원장|국회의장|" + "|".join(_TITLES) + r"))")
# ...or a family name with 씨 on it, as papers name a private person (김씨, 김모씨, 김모(45)씨; not 성씨, a surname,
# or 씨앗)
_PERSON_SSI = re.compile(r"(?<![가-힣])(?!성씨)([가-힣])(?=(?:모\s?)?(?:\(\d{1,3}\)\s?)?씨(?!앗))")
# Three syllables before a title that are a body, not a person: 시정부 대변인 (the city government's spokesperson)
_BODY_ENDINGS = {"정부", "당국", "의회", "시청", "구청", "도청", "본부", "공사", "은행", "재단", "법원", "검찰", "경찰",
                 "국회", "학교", "대학", "병원", "회사", "기업", "그룹", "협회", "연맹", "노조", "정당", "내각", "군청"}
_EN_SURNAME_SET = {s.lower() for v in SURNAMES.values() for s in v if len(s) > 1}
_EN_SURNAMES = "|".join(sorted({s for v in SURNAMES.values() for s in v if len(s) > 1}, key=len, reverse=True))
_EN_TITLES = (r"(?:Mr\.|Ms\.|Mrs\.|Dr\.|Rep\.|Sen\.|Gov\.|President|Chairman|Chairwoman|Chair|CEO|Minister|Governor|"
              r"[Ll]eader|Vice|Deputy|Professor|Prof\.|[Cc]ommissioner|[Dd]irector|[Ss]pokesperson|[Ss]pokesman|"
              r"[Ss]pokeswoman|[Cc]hief|[Hh]ead|[Aa]nalyst|[Rr]esearcher|[Cc]andidate|[Mm]ayor|[Aa]mbassador|"
              r"[Pp]resident|[Cc]hairman|[Mm]inister|[Ll]awmaker|[Ee]xecutive|[Mm]anager|[Oo]fficial)")
# An English Korean name: family name and a given name (Chung Eui-sun, Lee Jae-yong), or a family name after a title.
# The given name: hyphenated (Min-jun, Min-Jun), in one word (Minjun) or two (Min Jun).
_EN_GIVEN = r"[A-Z][a-z]+-[A-Za-z][a-z]+(?![\w-])|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?![\w-])"
_EN_PERSON = re.compile(rf"\b(?:({_EN_SURNAMES})\s({_EN_GIVEN})"
                        rf"|{_EN_TITLES}\s({_EN_SURNAMES})\b(?:\s({_EN_GIVEN}))?)")
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&\-]*[A-Za-z0-9](?![A-Za-z0-9])")
_FOLDS = (("eo", "u"), ("eu", "u"), ("oo", "u"), ("ee", "i"), ("ae", "e"), ("wo", "o"), ("ui", "i"), ("yeo", "yo"),
          ("sh", "s"), ("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("l", "r"), ("-", ""), (" ", ""))
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z]?[a-z]+)?\b")

# How English-language papers spell each jamo of a given name, on top of Revised Romanization: the consonants
# either voiced or not at a syllable's start (k/g, t/d, p/b, ch/j), ㄹ as r, l or nothing, the vowels as
# McCune-Reischauer and the families' own spellings write them (eo as u or o, eu as u, u as oo, yeo as yu or yo, ae
# as ai, ui as ee or i).
_INITIAL_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("g", "k"), ("kk", "gg", "k", "g"), ("n",), ("d", "t"), ("tt", "dd", "t", "d"), ("r", "l", "n", ""), ("m",),
    ("b", "p"), ("pp", "bb", "p", "b"), ("s", "sh"), ("ss", "s", "sh"), ("",), ("j", "ch"), ("jj", "tch", "j", "ch"),
    ("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("h",))
_MEDIAL_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("a", "ah"), ("ae", "ai", "ay"), ("ya",), ("yae", "yai"), ("eo", "u", "o", "uh"), ("e", "ae"),
    ("yeo", "yu", "yo", "you", "yuo"), ("ye",), ("o", "oh"), ("wa", "wah"), ("wae",), ("oe", "oi", "we", "oy", "wi"),
    ("yo",), ("u", "oo", "ou"), ("wo", "weo", "wu"), ("we",), ("wi", "wee", "ui"), ("yu", "yoo", "you"), ("eu", "u"),
    ("ui", "eui", "i", "ee", "ei"), ("i", "ee"))
# ...with no consonant before them: 우 as woo, 이 as yi, 어 as uh
_BARE_MEDIAL_SPELLINGS = {13: ("woo", "wu"), 20: ("yi",), 18: ("euh",)}
# Single syllables some well-known names spell their own way (Chung Sye-kyun, Park Yong-maan, Kim Min-june).
_SYLLABLE_EXTRAS = {"준": ("june",), "세": ("sye",), "만": ("maan",), "회": ("hwoi", "hwe"), "희": ("heui", "hie")}
_FINAL_SPELLINGS = {"": ("",), "k": ("k", "g", "ck", "kk"), "n": ("n",), "t": ("t", "d", "s"), "l": ("l", "r", "ll"),
                    "m": ("m",), "p": ("p", "b"), "ng": ("ng",)}
# A final consonant assimilating to the next syllable's first one (학문 hangmun, 신라 Silla, 십만 simman).
_ASSIMILATED = {("k", "n"): "ng", ("k", "m"): "ng", ("k", "r"): "ng", ("t", "n"): "n", ("t", "m"): "n",
                ("p", "n"): "m", ("p", "m"): "m", ("p", "r"): "m", ("n", "r"): "l"}


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    """A Hangul syllable's initial, medial and final jamo indexes (Unicode's arithmetic); None for any other
    character."""
    code = ord(syllable) - 0xAC00
    return (code // 588, (code % 588) // 28, code % 28) if 0 <= code < 11172 else None


@cache
def syllable_spellings(syllable: str, following: str = "") -> frozenset[str]:
    """Every spelling of one Hangul syllable that a reader takes for it in a romanized name, given the syllable that
    follows it (its first consonant may assimilate this one's last): 준 -> jun, joon, chun, choon, ...; 영 ->
    yeong, young, yung, yong."""
    jamo = _jamo(syllable)
    if jamo is None:
        return frozenset({syllable.lower()})
    initial, medial, final = jamo
    medials = _MEDIAL_SPELLINGS[medial] + (_BARE_MEDIAL_SPELLINGS.get(medial, ()) if initial == 11 else ())
    tail = _FINALS[final]
    finals = _FINAL_SPELLINGS[tail]
    after = _jamo(following) if following else None
    if after is not None and (tail, _INITIALS[after[0]][:1]) in _ASSIMILATED:
        finals = (*finals, _ASSIMILATED[tail, _INITIALS[after[0]][:1]])
    return frozenset({i + m + f for i in _INITIAL_SPELLINGS[initial] for m in medials for f in finals}
                     | set(_SYLLABLE_EXTRAS.get(syllable, ())))


def _spells(syllables: str, latin: str) -> bool:
    """Whether `latin` (lower case, no separators) is one spelling of each syllable in turn."""
    reach = {0}
    for i, syllable in enumerate(syllables):
        spellings = syllable_spellings(syllable, syllables[i + 1] if i + 1 < len(syllables) else "")
        reach = {at + len(s) for at in reach for s in spellings if latin.startswith(s, at)}
        if not reach:
            return False
    return len(latin) in reach


def given_name_mismatch(given: str, latin: str) -> tuple[str, str] | None:
    """None if `latin` ("Min-jun", "Minjoon", "Min Jun") spells the Korean given name `given` (민준) syllable by
    syllable, allowing each the variants papers write; otherwise the syllable no variant explains and what stands
    for it (("준", "jae") for "Min-jae"), or the whole name where no single syllable is to blame."""
    plain = unicodedata.normalize("NFKD", latin)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower().replace("'", "").replace("’", "")
    parts = [p for p in re.split(r"[-\s]+", plain) if p]
    joined = "".join(parts)
    if not given or not joined.isalpha() or _spells(given, joined):
        return None
    nexts = [given[i + 1] if i + 1 < len(given) else "" for i in range(len(given))]
    if len(parts) == len(given):  # one part a syllable, as papers hyphenate: the parts that spell nothing
        wrong = [i for i, p in enumerate(parts) if p not in syllable_spellings(given[i], nexts[i])]
        if len(wrong) == 1:
            return given[wrong[0]], parts[wrong[0]]
        return given, latin
    for i in range(len(given)):  # the one syllable whose spelling, between the others', is no variant of it
        for a in range(len(joined) + 1):
            if not _spells(given[:i], joined[:a]):
                continue
            for b in range(a + 1, len(joined) + 1):
                if _spells(given[i + 1:], joined[b:]):
                    return given[i], joined[a:b]
    return given, latin


def romanize(hangul: str) -> str:
    """Revised Romanization, syllable by syllable (no sound changes across syllables): 의선 -> uiseon."""
    out = []
    for ch in hangul:
        jamo = _jamo(ch)
        out.append(ch if jamo is None else _INITIALS[jamo[0]] + _MEDIALS[jamo[1]] + _FINALS[jamo[2]])
    return "".join(out)


def fold(latin: str) -> str:
    """A spelling key on which Revised Romanization, McCune-Reischauer and papers' own spellings meet."""
    key = latin.lower()
    for a, b in _FOLDS:
        key = key.replace(a, b)
    return key


def _skeleton(latin: str) -> str:
    return re.sub(r"[aeiouwy]", "", fold(latin))


def similar(a: str, b: str) -> float:
    """How alike two romanizations are: their folded spellings, or their consonants where the vowels are
    spelled too differently to compare (재우: jaeu, Jae-woo)."""
    ratio = SequenceMatcher(None, fold(a), fold(b)).ratio()
    ka, kb = _skeleton(a), _skeleton(b)
    if ka and ka == kb:
        return 1.0
    if len(ka) >= 2 and len(kb) >= 2:
        ratio = max(ratio, SequenceMatcher(None, ka, kb).ratio())
    return ratio


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    kind: str  # company, institution, place, product, index
    korean: tuple[str, ...]
    english: tuple[str, ...]
    implicit: bool = False  # English adds it freely ("South Korea's"): its presence alone proves nothing
    exclude: tuple[str, ...] = ()  # longer words that contain a Korean form without being the name (하이브리드)
    stands_for: tuple[str, ...] = ()  # Korean names the English form may stand for (Seoul for 한국 "Seoul's stance")


def _spaced(form: str) -> list[str]:
    """A Korean name of two words and more as papers also space it: 유럽연합 as 유럽 연합, 국제통화기금 as 국제 통화
    기금 (every split into parts of two syllables or more; spacing in Korean compounds is a matter of house style)."""
    if len(form) < 4 or not all("가" <= c <= "힣" for c in form):
        return []
    out = []
    for cuts in range(1, 1 << (len(form) - 1)):
        at = [i for i in range(1, len(form)) if cuts >> (i - 1) & 1]
        bounds = [0, *at, len(form)]
        if all(b - a >= 2 for a, b in pairwise(bounds)):
            out.append(" ".join(form[a:b] for a, b in pairwise(bounds)))
    return out


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The entries, and their forms compiled once (the QE checks look names up in every segment)."""

    entries: tuple[GazetteerEntry, ...]
    korean: _Matcher = field(init=False, repr=False, compare=False)
    english: _Matcher = field(init=False, repr=False, compare=False)
    excluded: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ko: dict[str, set[int]] = {}
        en: dict[str, set[int]] = {}
        for i, entry in enumerate(self.entries):
            for k in entry.korean:
                for form in (k, *_spaced(k)):
                    ko.setdefault(form, set()).add(i)
            for e in entry.english:
                en.setdefault(e, set()).add(i)
        object.__setattr__(self, "korean", _matcher(ko, latin=False))
        object.__setattr__(self, "english", _matcher(en, latin=True))
        words = {w for e in self.entries for w in e.exclude}
        object.__setattr__(self, "excluded", tuple(sorted(words, key=lambda w: (-len(w), w))))  # longest first

    @classmethod
    def load(cls, extra: tuple[dict, ...] = (), origin: str = "site profile") -> Gazetteer:
        data = yaml.load(packaged("gazetteer.yaml"), Loader=FAST_LOADER) or {}
        return cls(tuple(_entry(item, "configs/gazetteer.yaml") for item in data.get("entries", []))
                   + tuple(_entry(item, origin) for item in extra))

    def signature(self) -> str:
        """The entries' count and a digest of what they hold: an entry edited changes what the check can find."""
        digest = hashlib.sha256(repr(self.entries).encode()).hexdigest()[:8]
        return f"gaz{len(self.entries)}:{digest}"


def _entry(item: dict, origin: str) -> GazetteerEntry:
    try:
        return GazetteerEntry(str(item["kind"]), tuple(item["ko"]), tuple(item["en"]), bool(item.get("implicit")),
                              tuple(item.get("exclude", ())), tuple(item.get("stands_for", ())))
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: a gazetteer entry needs kind, ko and en lists: {item!r}") from exc


@dataclass(frozen=True, slots=True)
class NameMention:
    key: str  # the name as written (a person's Korean name, a Latin token upper-cased)
    kind: str  # company, institution, place, product, index, person, latin
    span: tuple[int, int]
    entries: frozenset[int]  # the gazetteer entries it can stand for (empty for people and Latin tokens)


_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True, slots=True)
class _Matcher:
    """All forms of one side of the gazetteer, looked up by their first two characters where a name can start: one
    pattern of some five hundred alternatives cost a tenth of a second to compile and was tried whole at every
    character. The matches are a regular expression's (`find`): leftmost, at each place the longest form that fits,
    then on past it."""

    starts: re.Pattern[str]  # where a form can start: one of their first characters, not inside a word
    by_two: dict[str, tuple[tuple[str, str, bool, bool], ...]]  # first two characters -> (form, key, exact, end)
    by_one: dict[str, tuple[tuple[str, str, bool, bool], ...]]  # a one-character form's character -> the same
    entries: dict[str, frozenset[int]]
    ignore_case: bool

    def find(self, text: str) -> list[tuple[int, int, frozenset[int]]]:
        out: list[tuple[int, int, frozenset[int]]] = []
        fold = str.lower if self.ignore_case else str
        free = 0  # where the last match ended: matches do not overlap
        for m in self.starts.finditer(text):
            at = m.start()
            if at < free:
                continue
            for form, key, exact, end in self.by_two.get(fold(text[at:at + 2])) or self.by_one.get(fold(text[at]), ()):
                stop = at + len(form)
                written = text[at:stop]
                if (written == form if exact else fold(written) == key) and not (
                        end and stop < len(text) and text[stop] in _ASCII_WORD):
                    out.append((at, stop, self.entries[key]))
                    free = stop
                    break
        return out


def _matcher(forms: dict[str, set[int]], latin: bool) -> _Matcher:
    """English forms match as whole words (any case, but an acronym only in capitals: "us" is no US); Korean ones
    not inside a longer Hangul word on the left (국내 in 전국내 is not 국내), with particles after them."""
    fold = str.lower if latin else str
    by_two: dict[str, list[tuple[str, str, bool, bool]]] = {}
    by_one: dict[str, list[tuple[str, str, bool, bool]]] = {}
    for form in sorted(forms, key=len, reverse=True):  # longest first, as the alternatives of a pattern were tried
        item = (form, fold(form), latin and len(form) > 1 and form.isupper(), latin or form[-1].isascii())
        (by_two.setdefault(fold(form[:2]), []) if len(form) > 1 else by_one.setdefault(fold(form), [])).append(item)
    for key, items in by_two.items():  # a one-character form is tried after the longer ones that start with it
        items += by_one.get(key[0], [])
    first = {form[0] for form in forms}
    if latin:  # either case
        first |= {c.swapcase() for c in first}
    before = r"(?<![A-Za-z0-9])" if latin else r"(?<![가-힣A-Za-z0-9])"
    starts = re.compile(before + "[" + "".join(re.escape(c) for c in sorted(first)) + "]" if first else r"(?!)")
    entries: dict[str, set[int]] = {}
    for form, ids in forms.items():
        entries.setdefault(fold(form), set()).update(ids)
    return _Matcher(starts, {k: tuple(v) for k, v in by_two.items()}, {k: tuple(v) for k, v in by_one.items()},
                    {k: frozenset(v) for k, v in entries.items()}, latin)


class _Found:
    """Names found in a text so far, and the characters they cover: a later pattern's match counts only where
    it starts outside every name found before it."""

    def __init__(self, text: str) -> None:
        self.mentions: list[NameMention] = []
        self._covered = bytearray(len(text) + 1)

    def add(self, mention: NameMention) -> None:
        self.mentions.append(mention)
        a, b = mention.span
        self._covered[a:b] = b"\x01" * (b - a)

    def taken(self, at: int) -> bool:
        return bool(self._covered[at])

    def sorted(self) -> list[NameMention]:
        return sorted(self.mentions, key=lambda f: f.span)


_PLAIN_TITLES = tuple(t for t in _TITLES if t.isalnum())


def _inside_a_title(text: str, end: int) -> bool:
    """Whether three syllables glued to a title end in the head of a longer title (국무위원장: 위 + 원장 is 위원장,
    so 국무위 is no name)."""
    return end < len(text) and not text[end].isspace() and \
        any(text.startswith(title, end - k) for k in (1, 2) for title in _PLAIN_TITLES if len(title) > k + 1)


def korean_names(text: str, gazetteer: Gazetteer) -> list[NameMention]:
    masked = text
    for word in gazetteer.excluded:
        if word in masked:
            masked = masked.replace(word, " " * len(word))
    found = _Found(text)
    for s, e, ids in gazetteer.korean.find(masked):
        found.add(NameMention(text[s:e], gazetteer.entries[min(ids)].kind, (s, e), ids))
    for m in (*_PERSON.finditer(text), *_PERSON_SSI.finditer(text)):
        name = m.group(1)
        if name[0] in SURNAMES and not found.taken(m.start(1)) and name[1:] not in _BODY_ENDINGS and \
                not _inside_a_title(text, m.end(1)):
            found.add(NameMention(name, "person", m.span(1), frozenset()))
    for m in _LATIN.finditer(text):
        if (m.group().isupper() or any(c.isdigit() for c in m.group())) and not found.taken(m.start()):
            found.add(NameMention(m.group().upper(), "latin", m.span(), frozenset()))
    return found.sorted()


def english_names(text: str, gazetteer: Gazetteer) -> list[NameMention]:
    found = _Found(text)
    for s, e, ids in gazetteer.english.find(text):
        found.add(NameMention(text[s:e], gazetteer.entries[min(ids)].kind, (s, e), ids))
    for m in _EN_PERSON.finditer(text):
        span = (m.start(3), m.end(4) if m.group(4) else m.end(3)) if m.group(3) else (m.start(1), m.end(2))
        if not found.taken(span[0]):
            found.add(NameMention(text[span[0]:span[1]], "person", span, frozenset()))
    for m in _CAPITALISED.finditer(text):  # any capitalised name, for transliterations
        if m.start() > 0 and not found.taken(m.start()):
            found.add(NameMention(m.group(0), "word", m.span(), frozenset()))
    for m in _LATIN.finditer(text):
        token = m.group()
        model = any(c.isdigit() for c in token) and any(c.isupper() for c in token)  # H200, HBM4
        if len(token) >= 2 and (token.isupper() or model) and not found.taken(m.start()):
            found.add(NameMention(token.upper(), "latin", m.span(), frozenset()))
    return found.sorted()


def person_renders(korean: str, english: str, transliterated: bool = False) -> bool:
    """Whether an English name ("Chung Eui-sun", "Choi") can be the rendering of a Korean one (정의선, 최); with
    `transliterated`, also a foreign name written in Hangul (우에다 as Ueda)."""
    if transliterated:
        return similar(romanize(korean), english) >= 0.75
    return person_mismatch(korean, english) is None


def _family_and_given(korean: str) -> tuple[str, str]:
    for prefix in ("남궁", "황보", "제갈", "선우", "독고"):
        if korean.startswith(prefix):
            return prefix, korean[2:]
    return korean[:1], korean[1:]


def person_mismatch(korean: str, english: str) -> str | None:
    """None where an English name can render a Korean one (정의선 as "Chung Eui-sun", 최 as "Choi"), else what
    a reader of both sees differ: the family name spelled as another family's, or the syllable of the given name
    no spelling variant explains (민준 as "Min-jae": its syllable 준 is "jae")."""
    surname, given = _family_and_given(korean)
    words = english.split()
    spellings = {s.lower() for s in SURNAMES.get(surname, ())}
    family = [w for w in words if w.lower() in spellings or (not spellings and _spells(surname, w.lower()))]
    if not family:
        others = [w for w in words if w.lower() in _EN_SURNAME_SET]
        rest = " ".join(w for w in words if w not in others[:1])
        if given and others and rest and given_name_mismatch(given, rest) is None:
            return f"the family name {surname} is rendered {others[0]!r}"
        return f"{korean} is rendered {english!r}"
    rest = " ".join(w for w in words if w not in family)
    if not given or not rest:
        return None
    wrong = given_name_mismatch(given, rest)
    if wrong is None:
        return None
    syllable, latin = wrong
    if syllable != given:
        return f"the given name's syllable {syllable} is rendered {latin!r} ({given} as {rest!r})"
    # A whole given name unlike this one: another person's where it is hyphenated as papers write a Korean given
    # name; else a word that follows a family name by chance (Park Avenue, Han River), which proves nothing.
    return f"the given name {given} is rendered {rest!r}" if "-" in rest else None
