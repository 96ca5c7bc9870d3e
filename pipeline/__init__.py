"""newsbitext: Korean news pages and their English translations into clean parallel articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsbitext")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
