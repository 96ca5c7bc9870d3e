"""Compressed inputs, known by their first bytes rather than their names: gzip, bzip2, xz and Zstandard.

Room: I/O. Users keep large corpora compressed; a page file (`x.ko.html.gz`, or an `.html` that holds gzip
bytes) is read decompressed, never past the size limit (so a small file that inflates to gigabytes is refused
after `limit` bytes), and a corpus TSV is opened as a decompressed text stream. Imports nothing of the package.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from typing import BinaryIO

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"))


def compression_of(head: bytes) -> str | None:
    """The compression the first bytes of a file announce, or None."""
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def decompressing(handle: BinaryIO, compression: str) -> BinaryIO:
    """A binary stream of `handle`'s decompressed bytes."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=handle)
    if compression == "bzip2":
        return bz2.BZ2File(handle)
    if compression == "xz":
        return lzma.LZMAFile(handle)
    import zstandard

    return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(handle))  # type: ignore[arg-type]


def open_binary(path_or_stream, peek: int = 8) -> BinaryIO:
    """A file (a path, or a binary stream such as stdin) as its decompressed bytes when its first bytes say it is
    compressed, else as it is."""
    handle = open(path_or_stream, "rb") if not hasattr(path_or_stream, "read") else path_or_stream  # noqa: SIM115
    buffered = handle if hasattr(handle, "peek") else io.BufferedReader(handle)  # type: ignore[arg-type]
    compression = compression_of(buffered.peek(peek)[:peek])
    return decompressing(buffered, compression) if compression else buffered


def file_compression(path) -> str | None:
    """The compression a file's first bytes announce, or None."""
    with open(path, "rb") as raw:
        return compression_of(raw.read(8))


def inflate(path, compression: str, limit: int) -> bytes:
    """A compressed file's decompressed bytes, at most `limit` + 1 of them (more means over the limit)."""
    with open(path, "rb") as raw, decompressing(raw, compression) as stream:
        return stream.read(limit + 1)
