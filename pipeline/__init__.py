"""newsbitext: Korean news pages and their English translations into clean parallel articles.

Room: the package's version. The stages are in their modules, their assembly in `pipeline.py`, running in
`run/`, I/O in `io/`, evaluation in `evaluation/`, the command in `cli.py`.
"""

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it (importlib.metadata cost every start)
