"""The spool: containers that cannot be read at a byte offset, decompressed once into the run's output folder.

Room: I/O. A run reads each container twice: once to plan (which pages, which offsets) and again, in the workers,
one record at a time at its offset. A compressed JSONL or WARC stream (`.jsonl.gz`, `.warc.zst`, ...) and
standard input have no offsets to go back to, so they are decompressed, streaming and in bounded memory, into
`OUT/.spool/` under the SHA-256 of their content, and read from there under their own names
(`corpus.jsonl.gz:12`, `<stdin>:3`). A content-addressed file that is already there is kept as it is, so a
resumed run finds the same files; the runner removes the spool when the run is done. May import `records`,
`io.compression`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..records import Rejected
from .compression import decompressing, open_binary

SPOOL = ".spool"
STDIN = "<stdin>"
_BLOCK = 1 << 20


def spool_stream(stream: BinaryIO, folder: Path, suffix: str) -> Path:
    """`stream`'s bytes in `folder`, named by their SHA-256 (`<digest>.jsonl`), written a block at a time."""
    folder.mkdir(exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".spooling.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as sink:
            for block in iter(lambda: stream.read(_BLOCK), b""):
                digest.update(block)
                sink.write(block)
        target = folder / f"{digest.hexdigest()[:32]}{suffix}"
        if target.exists():
            os.unlink(tmp)  # the same content spooled before (a resumed run): keep that file as it was
        else:
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def spool_compressed(path: Path, compression: str, folder: Path, suffix: str) -> Path | Rejected:
    """A compressed container decompressed into the spool, or why it cannot be (a damaged stream)."""
    try:
        with path.open("rb") as raw, decompressing(raw, compression) as stream:
            return spool_stream(stream, folder, suffix)
    except (EOFError, ValueError, ImportError) as exc:
        return Rejected(str(path), "read", f"cannot decompress ({compression}): {exc}")
    except OSError as exc:
        if exc.filename is None or Path(exc.filename) == path:  # the input's fault, not the spool's
            return Rejected(str(path), "read", f"cannot decompress ({compression}): {exc.strerror or exc}")
        raise


def spool_stdin(stdin: BinaryIO, folder: Path) -> tuple[Path, str] | Rejected:
    """Standard input (decompressed when its bytes are compressed) in the spool with the suffix its content
    calls for: a JSONL stream (its first character `{`) or a WARC file (`WARC/`). A page is refused: pages come
    in pairs, and two cannot share one stream."""
    try:
        source = open_binary(stdin)
        start = source.peek(64)[:64].lstrip()  # (every stream open_binary gives can peek)
        if start.startswith(b"WARC/"):
            suffix = ".warc"
        elif start.startswith(b"{") or not start:
            suffix = ".jsonl"
        else:
            return Rejected(STDIN, "read", "standard input holds neither JSONL (one JSON object a line) nor WARC: "
                                           "`run -` reads one of these; give page files by their names")
        return spool_stream(source, folder, suffix), suffix
    except (EOFError, ValueError) as exc:
        return Rejected(STDIN, "read", f"cannot decompress standard input: {exc}")


def remove_spool(out: Path) -> None:
    shutil.rmtree(out / SPOOL, ignore_errors=True)
