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


@cache
def analyzer():
    """The process's kiwipiepy analyzer: the `cong` model without the typo and multi-word dictionaries, which
    with its first analysis costs 0.9 CPU-seconds against 2.5 for the default (`cong-global` with both), and
    reads a sentence in 0.8 ms against 2.0. The sentences it splits are the same (22,339 paragraphs of corpora/
    and real-pages/), and so are 99% of the morphemes of 2,075 sentences of park news and JHE."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=1, model_type="cong", load_typo_dict=False, load_multi_dict=False)


@lru_cache(maxsize=4096)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """`text`'s morphemes with their tags and character spans."""
    return tuple(Morpheme(t.form, t.tag, t.start, t.start + t.len) for t in analyzer().tokenize(text))
