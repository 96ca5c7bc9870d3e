"""newsbitext: Korean news pages and their English translations into clean parallel articles.

Room: the package's version. The stages are in their modules, their assembly in `pipeline.py`, running in
`run/`, I/O in `io/`, evaluation in `evaluation/`, the command in `cli.py`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsbitext")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
