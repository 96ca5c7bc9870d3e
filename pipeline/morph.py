"""Korean morphology, shared by the stages that read Korean: one kiwipiepy analyzer per process.

Room: shared by the stages (no I/O). kiwipiepy's model ships on PyPI (`kiwipiepy-model`); the analyzer is built on
first use, with one thread (a worker process is a core), and a text's morphemes are kept for the texts read again
(a segment's checks, its windows). Imports nothing of the package.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import NamedTuple


class Morpheme(NamedTuple):
    form: str
    tag: str  # Sejong tags as kiwipiepy gives them: NNG, VV, VX, ETM, EC, EF, ...
    start: int
    end: int


ANALYZER = "cong,no-dicts"  # what `analyzer` loads, for the signatures


@cache
def analyzer():
    """The process's kiwipiepy analyzer: the `cong` model without the typo, multi-word and default user
    dictionaries, which with its first analysis costs 0.75 CPU-seconds against 2.5 for the default (`cong-global`
    with all three), and reads a sentence in 0.7 ms against 2.0. Without the default dictionary (proper nouns,
    compounds: 연방준비제도 comes as 연방 준비 제도) 1 of 2,958 paragraphs of corpora/ and real-pages/ splits
    otherwise, and `eval` of both and every QE flag on qe-real-dev and the 1,760 training pairs are unchanged."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=1, model_type="cong", load_typo_dict=False, load_multi_dict=False,
                load_default_dict=False)


@lru_cache(maxsize=4096)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """`text`'s morphemes with their tags and character spans."""
    return tuple(Morpheme(t.form, t.tag, t.start, t.start + t.len) for t in analyzer().tokenize(text))
