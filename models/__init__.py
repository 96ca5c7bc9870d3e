"""Model back-ends (sentence encoders, translators, QE models) behind small interfaces.

The stages of `newsbitext.pipeline` take these as arguments; none of them is loaded unless a stage asks.

Room: the model back-ends, below the stages: they know nothing of the pipeline and import nothing of it.
"""

from __future__ import annotations


class Reloadable:
    """Pickles as the arguments it was made with, not as what it has loaded (weights, tokenizers, caches): a stage
    holding one goes to a worker process or a Ray actor cheaply and loads there on first use."""

    settings: tuple[str, ...] = ()  # the attributes that hold `__init__`'s arguments, in its order

    def __getstate__(self) -> dict:
        return {name: getattr(self, name) for name in self.settings}

    def __setstate__(self, state: dict) -> None:
        self.__init__(*(state[name] for name in self.settings))  # type: ignore[misc]
