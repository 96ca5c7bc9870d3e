"""How a sentence relates one clause to another: as its cause (때문에, 탓에, 덕분에, 로 인해; "because of", "due to",
"thanks to") or as a concession, what happened in spite of it (에도 불구하고, 는데도, 음에도; "despite", "although").

A translation that keeps every clause can still turn a concession into a cause: 금리 인상에도 불구하고 집값이 올랐다
(home prices rose despite the rate hike) as "home prices rose because of the rate hike" says the opposite of why.
The `Connective` check compares the kinds each side reads. Only the unambiguous words are read: "but", "yet",
"while", "as" and "after" also join clauses that stand in neither relation.

Room: part of the QE stage. Imports `finance`'s term reader alone; no I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .finance import Term, TermReader

_KO_CONNECTIVES = (
    ("concession", re.compile(r"(?:에도\s?)?불구(?:하고|,)|(?:는|은|인|던)데도(?![가-힣])|음에도(?![가-힣])|"
                              r"그럼에도|그런데도")),
    ("cause", re.compile(r"때문에|때문이|탓에|탓이|덕분에|덕분이|덕택에|(?:로|으로)\s?(?:인해|인한)|"
                         r"여파로|영향으로")),
)
_EN_CONNECTIVES = (
    ("concession", re.compile(r"\b(?:despite|in\s+spite\s+of|notwithstanding|even\s+though|although)\b", re.I)),
    ("cause", re.compile(r"\b(?:because(?:\s+of)?|due\s+to|thanks\s+to|owing\s+to|on\s+account\s+of|"
                         r"as\s+a\s+result\s+of|on\s+the\s+back\s+of|in\s+the\s+wake\s+of|(?:driven|fuel+ed|caused|triggered)\s+by|"
                         r"attributed\s+to|blamed\s+on)\b", re.I)),
)
CONNECTIVE_WORDS = {"concession": "a concession", "cause": "a cause"}
_READERS = (TermReader(_KO_CONNECTIVES, ("불구", "데도", "음에도", "럼에도", "때문", "탓", "덕분", "덕택", "인해",
                                         "인한", "여파", "영향"), False),
            TermReader(_EN_CONNECTIVES, ("despite", "spite", "notwithstanding", "though", "because", "due", "thanks",
                                         "owing", "account", "result", "back of", "wake", " by", "attributed",
                                         "blamed"), True))


@lru_cache(maxsize=4096)
def connectives(text: str, english: bool) -> tuple[Term, ...]:
    """The relations a text states between its clauses: 에도 불구하고 and "despite" are `concession`, 때문에 and
    "due to" `cause`."""
    return _READERS[english].read(text)
