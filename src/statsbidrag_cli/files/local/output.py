"""Writing data: to stdout, or to files that are written all together or not at all.

Data goes to stdout and messages to stderr, so a pipe never mixes them. Files are first
checked (not there unless ``--force``, not a folder, in a folder that exists and is
writable), then written to temporary names beside their targets, and only when every one of
them is complete renamed into place. A failure at any step removes the temporary files and
leaves every existing file as it was: a command that fails writes nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ...errors import StatsbidragError
from ...i18n import _


def write_data(data: bytes, output: Path | None, force: bool = False) -> None:
    """Write ``data`` to ``output`` (atomically), or to stdout when ``output`` is None."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_files([(output, data)], force)


def check_targets(paths: Sequence[Path], force: bool) -> None:
    """Refuse, before anything is written, targets that cannot or must not be written."""
    from .text import not_a_file

    seen: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved in seen:
            raise StatsbidragError(
                _("{path} is named twice as an output; give each its own file").format(path=path)
            )
        seen.add(resolved)
        if path.is_dir():
            raise StatsbidragError(_("{path} is a folder; give a file name").format(path=path))
        special = not_a_file(path)  # a folder was refused above
        if special is not None:  # --force or not: a device, pipe or socket is never replaced
            raise StatsbidragError(
                _("{path} is not a regular file ({kind}); give the name of a file").format(
                    path=path, kind=special
                )
            )
        if path.exists() and not force:
            raise StatsbidragError(_("{path} exists; use --force to replace it").format(path=path))
        folder = _folder(path)
        if not folder.is_dir():
            raise StatsbidragError(
                _("cannot write {path}: folder {folder} does not exist").format(
                    path=path, folder=folder
                )
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StatsbidragError(
                _("cannot write {path}: folder {folder} is not writable").format(
                    path=path, folder=folder
                )
            )


def write_files(items: Sequence[tuple[Path, bytes]], force: bool) -> None:
    """Write every ``(path, data)`` or none: all are checked, then written to temporary files,
    then renamed into place."""
    check_targets([path for path, _ in items], force)
    import tempfile  # only when writing a file: it pulls in random and hashlib

    staged: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".tmp", dir=_folder(path)
            )
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        for temporary, _path in staged:
            Path(temporary).unlink(missing_ok=True)
        target = staged[-1][1] if staged else items[0][0]
        reason = error.strerror or str(error)
        raise StatsbidragError(
            _("cannot write {target}: {reason}").format(target=target, reason=reason)
        ) from None


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _umask() -> int:
    """The process umask (read by setting and restoring it), so new files get usual modes."""
    current = os.umask(0)
    os.umask(current)
    return current
