"""A cache of work already done: validated decisions, parsed population files, check results.

Like mypy's or ruff's caches: entries are keyed by the *content* of every input they depend
on and by statsbidrag's version, so an edited file, another population folder or a new
release simply misses. The cache lives in the user's cache folder
(``$STATSBIDRAG_CACHE_DIR``, else ``$XDG_CACHE_HOME/statsbidrag``, else
``~/.cache/statsbidrag``); deleting it is always safe. A corrupt or unreadable entry is
ignored (and removed); a cache that cannot be written is simply not used. ``--no-cache`` (or
``STATSBIDRAG_NO_CACHE=1``) turns it off.

Entries are pickles in the user's own cache folder, read only by statsbidrag.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..i18n import language
from ..version import __version__

FORMAT = 2
"""Bumped when the shape of entries changes, so old entries are never read."""


def cache_folder() -> Path:
    """Where entries are kept (see the module docstring)."""
    explicit = os.environ.get("STATSBIDRAG_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "statsbidrag"


_ENABLED = os.environ.get("STATSBIDRAG_NO_CACHE", "") in ("", "0")
"""Read once at import, for library users; the CLI sets it on every run with :func:`use`."""


def use(enabled: bool) -> None:
    """Turn the cache on or off for this process (``--no-cache``, or
    ``STATSBIDRAG_NO_CACHE=1``, which the CLI reads into that option, turn it off)."""
    global _ENABLED
    _ENABLED = enabled


def enabled() -> bool:
    """Whether entries are read and written (see :func:`use`)."""
    return _ENABLED


def fingerprint(*parts: bytes | str) -> str:
    """A key from the content of every input (and the version, the entry format and the run's
    language, since cached check reports hold sentences)."""
    digest = hashlib.blake2b(f"{__version__}/{FORMAT}/{language()}".encode(), digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def folder_fingerprint(folder: Path, names: Iterable[str] | None = None) -> str:
    """A key for the files of a folder (all of them, or ``names``): their names and content."""
    parts: list[bytes | str] = [str(folder.resolve())]
    try:
        paths = sorted(folder.iterdir()) if names is None else [folder / n for n in sorted(names)]
    except OSError:
        return fingerprint(*parts, "unreadable")
    for path in paths:
        if path.is_file():
            try:
                parts += [path.name, path.read_bytes()]
            except OSError:
                parts += [path.name, "unreadable"]
        else:
            parts += [path.name, "missing"]
    return fingerprint(*parts)


def load(kind: str, key: str) -> Any | None:
    """The entry stored under ``key``, or None when there is none (or it is unusable)."""
    if not enabled():
        return None
    path = cache_folder() / kind / key[:2] / key
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except OSError:  # no entry, or no usable cache folder
        return None
    except Exception:  # a corrupt or foreign entry: never trusted, never fatal
        with suppress(OSError):
            path.unlink(missing_ok=True)
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key``; any failure to write just leaves the cache as it was."""
    if not enabled():
        return
    folder = cache_folder() / kind / key[:2]
    temporary = folder / f".{key}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / key)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
