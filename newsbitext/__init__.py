"""newsbitext: Korean news pages and their English translations into clean parallel articles with translation QA.

The public API (the README shows it at work): `clean` a page, `align` two lists of sentences, `check` a pair,
`run` the whole pipeline over a corpus; `load_config` for settings. The records they return are in
`newsbitext.pipeline.records`.
"""

from .pipeline import __version__
from .pipeline.api import Check, align, check, clean, run
from .pipeline.config import Config, load_config
from .pipeline.errors import ConfigError, InputError, PageRejected

__all__ = ["Check", "Config", "ConfigError", "InputError", "PageRejected", "__version__", "align", "check", "clean",
           "load_config", "run"]
