"""Writing data: to stdout, or atomically to a file that is opened only when data is ready.

Data goes to stdout and messages to stderr, so a pipe never mixes them. A file is written to a
temporary name in the same folder and renamed into place, so a reader never sees half a file
and a failure leaves any existing file untouched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import StatsbidragError


def write_data(data: bytes, output: Path | None, force: bool = False) -> None:
    """Write ``data`` to ``output`` (atomically), or to stdout when ``output`` is None."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if output.exists() and not force:
        raise StatsbidragError(f"{output} exists; use --force to replace it")
    if output.is_dir():
        raise StatsbidragError(f"{output} is a folder; give a file name")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise StatsbidragError(f"cannot write {output}: folder {folder} does not exist")
    import tempfile  # only when writing a file: it pulls in random and hashlib

    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise StatsbidragError(f"cannot write {output}: {error.strerror}") from None


def _umask() -> int:
    """The process umask (read by setting and restoring it), so new files get usual modes."""
    current = os.umask(0)
    os.umask(current)
    return current
