"""Keeping the cache bounded, and the facts ``cache info`` shows and ``cache clear`` acts on.

Like pip's and ruff's caches, ours must not grow without end: every key holds the running
code's fingerprint, so each upgrade or edit of the code leaves the old entries unused. At the
end of a run, at most once a day (a marker file's time says when it was
last done), the cache is pruned: entries not used for :data:`MAX_AGE_DAYS` days go, then the
least recently used until the cache is under :data:`MAX_BYTES` (a used entry's time is set
to when it was used, :func:`.entries.load`). ``STATSBIDRAG_CACHE_MAX_MB`` sets another bound.

Only files the cache itself writes are touched: entries (names of 40 hexadecimal digits) and
unfinished temporary files, in the cache's own private folder, never following a link.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from .entries import PRUNED_MARKER, _root, cache_folder, enabled

MAX_AGE_DAYS = 30
MAX_BYTES = 256 * 1024 * 1024
_ENTRY = re.compile(r"[0-9a-f]{40}")
_TEMPORARY = re.compile(r"\.[0-9a-f]{32}\.tmp")
_KIND = re.compile(r"[a-z0-9]{2,64}")


@dataclass(frozen=True)
class Entry:
    kind: str
    path: Path
    size: int
    used: float
    """When it was written or last used (seconds since the epoch)."""


@dataclass
class CacheInfo:
    """What ``cache info`` shows: the folder, the entries per kind, and the bounds."""

    folder: Path
    usable: bool
    kinds: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Entries and bytes per kind."""
    oldest: float | None = None
    newest: float | None = None
    max_bytes: int = MAX_BYTES
    max_age_days: int = MAX_AGE_DAYS

    @property
    def entries(self) -> int:
        return sum(count for count, _ in self.kinds.values())

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.kinds.values())


def max_bytes() -> int:
    """The size bound: ``STATSBIDRAG_CACHE_MAX_MB`` megabytes where set, else :data:`MAX_BYTES`."""
    given = os.environ.get("STATSBIDRAG_CACHE_MAX_MB", "").strip()
    if given.isdigit() and len(given) < 8:
        return int(given) * 1024 * 1024
    return MAX_BYTES


def entries(temporary: bool = False) -> Iterator[Entry]:
    """Every entry of the cache (and its unfinished temporary files, with ``temporary``)."""
    if _root(create=False) is None:
        return
    root = cache_folder()
    for kind in _folders(root):
        for shard in _folders(root / kind):
            try:
                listing = list(os.scandir(root / kind / shard))
            except OSError:
                continue
            for item in listing:
                named = _ENTRY.fullmatch(item.name) or (
                    temporary and _TEMPORARY.fullmatch(item.name)
                )
                if not named:
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    yield Entry(kind, Path(item.path), info.st_size, info.st_mtime)


def _folders(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as listing:
            return sorted(
                item.name
                for item in listing
                if _KIND.fullmatch(item.name) and item.is_dir(follow_symlinks=False)
            )
    except OSError:
        return []


def info() -> CacheInfo:
    """The cache as it is now."""
    usable = enabled() and _root(create=False) is not None
    found = CacheInfo(cache_folder(), usable, max_bytes=max_bytes())
    for entry in entries():
        count, size = found.kinds.get(entry.kind, (0, 0))
        found.kinds[entry.kind] = (count + 1, size + entry.size)
        found.oldest = entry.used if found.oldest is None else min(found.oldest, entry.used)
        found.newest = entry.used if found.newest is None else max(found.newest, entry.used)
    return found


def clear() -> tuple[int, int]:
    """Remove every entry (and unfinished temporary file): how many, and their bytes. The
    folders and the user's secret stay."""
    removed = size = 0
    for entry in list(entries(temporary=True)):
        with suppress(OSError):
            entry.path.unlink()
            removed, size = removed + 1, size + entry.size
    return removed, size


def prune(now: float | None = None, limit: int | None = None) -> int:
    """Remove entries unused for :data:`MAX_AGE_DAYS`, then the least recently used until
    the rest is within ``limit`` bytes (:func:`max_bytes`); how many were removed."""
    now = time.time() if now is None else now
    limit = max_bytes() if limit is None else limit
    oldest_kept = now - MAX_AGE_DAYS * 24 * 60 * 60
    kept: list[Entry] = []
    removed = 0
    for entry in entries(temporary=True):
        stale_temporary = entry.path.name.endswith(".tmp") and entry.used < now - 3600
        if entry.used < oldest_kept or stale_temporary:
            with suppress(OSError):
                entry.path.unlink()
                removed += 1
        elif not entry.path.name.endswith(".tmp"):
            kept.append(entry)
    total = sum(entry.size for entry in kept)
    for entry in sorted(kept, key=lambda item: item.used):
        if total <= limit:
            break
        with suppress(OSError):
            entry.path.unlink()
            removed += 1
            total -= entry.size
    return removed


def prune_and_mark(now: float) -> None:
    """Prune (:func:`prune`), then mark the time it was done (whether it is due,
    :func:`statsbidrag_cli.files.cache.prune_when_due` asks)."""
    if not enabled() or _root(create=False) is None:
        return
    marker = cache_folder() / PRUNED_MARKER
    prune(now)
    with suppress(OSError):
        handle = os.open(marker, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(handle)
        os.utime(marker, (now, now), follow_symlinks=False)
