"""What a run read, as it read it: the record a cache entry is checked against.

A key worked out before the files are read can be out of date by the time they are: a file
edited while a ``check`` runs was once kept under its old content's key with the new
content's verdict, and the next run said GODKÄND for a failing file. So an entry that
depends on files does not guess its inputs in advance. While its result is computed,
:func:`recording` collects :class:`Reads`:

* every file's digest *of the bytes the run actually read* (:func:`note_file`, called by the
  one function that reads input files, :func:`statsbidrag_cli.files.local.text.read_text`);
* every folder the run looked into, fell back from or listed, by the names and kinds of its
  entries (:func:`note_folder`): a dataset added to ``population/`` shadows the built-in
  one, a new decision file joins ``check``'s set.

The entry keeps that record, and :func:`still_true` checks it when the entry is read: every
file is hashed again and every folder listed again, and only when all are as recorded is
the entry used. Within one run each file and folder is looked at once (the outermost record
is the run's memory): a ``check`` of a thousand decisions lists ``population/`` once.

A record in which one file was read twice with different content (edited during the run)
is not :attr:`Reads.consistent`, and nothing is kept from it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

MAX_VERIFIED_BYTES = 64 * 1024 * 1024
"""A file larger than this is not hashed again to check an entry (it could not have been read
as an input: every reader bounds its files far below this); the entry misses."""
MISSING = "-"
"""The digest of a file that is not there, not a regular file or cannot be read."""


def digest_of(data: bytes) -> str:
    """The digest a record keeps of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Reads:
    """The files (path → digest of the bytes read) and folders (path → digest of their
    listing) that one computation looked at."""

    files: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)
    consistent: bool = True
    """False once one file or folder was seen with two contents: then nothing is kept."""

    def add(self, table: dict[str, str], path: str, digest: str) -> None:
        if table.setdefault(path, digest) != digest:
            self.consistent = False

    def merge(self, other: Reads) -> None:
        """Add what ``other`` saw (a cache entry used, a worker process's files)."""
        for path, digest in other.files.items():
            self.add(self.files, path, digest)
        for path, digest in other.folders.items():
            self.add(self.folders, path, digest)
        self.consistent = self.consistent and other.consistent

    def encode(self) -> dict[str, Any]:
        """As plain JSON data, for a cache entry."""
        return {"files": self.files, "folders": self.folders}

    @classmethod
    def decode(cls, value: Any) -> Reads:
        """A record back from an entry; anything of another shape raises (a miss)."""
        if not isinstance(value, dict) or set(value) != {"files", "folders"}:
            raise ValueError("not a record of reads")
        tables = value["files"], value["folders"]
        for table in tables:
            if not isinstance(table, dict) or not all(
                isinstance(path, str) and isinstance(digest, str) for path, digest in table.items()
            ):
                raise ValueError("not a record of reads")
        return cls(dict(tables[0]), dict(tables[1]))


_ACTIVE: list[Reads] = []
"""The records being collected, outermost first (a run's, then an entry's inside it)."""


@contextmanager
def recording() -> Iterator[Reads]:
    """Collect what is read inside the ``with`` block (and pass it on to the records around
    it, so a run's record has what its entries read)."""
    record = Reads()
    _ACTIVE.append(record)
    try:
        yield record
    finally:  # by identity: two records may hold the same
        del _ACTIVE[next(i for i, active in enumerate(_ACTIVE) if active is record)]


def recording_now() -> bool:
    return bool(_ACTIVE)


def repeat(record: Reads) -> None:
    """What ``record`` saw, seen again by the active records."""
    for active in _ACTIVE:
        active.merge(record)


K = TypeVar("K")
V = TypeVar("V")


def remembered(memory: dict[K, tuple[V, Reads]], key: K, compute: Callable[[], V]) -> V:
    """``compute()``'s value for ``key``, worked out once into ``memory`` with the record of
    what it read. A run keeps such a value and hands it out again (a dataset read once for
    every decision of a ``check``); each later use counts as reading again what the first
    read (:func:`repeat`), so every entry that rests on it rests on those files."""
    if key in memory:
        value, record = memory[key]
        repeat(record)
        return value
    with recording() as record:
        value = compute()
    memory[key] = (value, record)
    return value


def _key(path: str | Path) -> str:
    return os.path.abspath(path)


def note_file(path: str | Path, data: bytes) -> None:
    """``data`` was read from ``path`` as an input: every active record keeps its digest."""
    if _ACTIVE:
        key, digest = _key(path), digest_of(data)
        for record in _ACTIVE:
            record.add(record.files, key, digest)


def note_folder(folder: str | Path) -> None:
    """The run looked into ``folder`` (for a file it may or may not hold): every active record
    keeps the digest of its listing."""
    if _ACTIVE:
        key = _key(folder)
        digest = _ACTIVE[0].folders.get(key) or listing_digest(key)
        for record in _ACTIVE:
            record.add(record.folders, key, digest)


def listing_digest(folder: str) -> str:
    """The names of a folder's entries with their kinds (file, folder, other), as a digest;
    :data:`MISSING` for a folder that is not there or cannot be read."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(f"{item.name}/{_kind(item)}" for item in listing)
    except OSError:
        return MISSING
    return digest_of("\x00".join(entries).encode("utf-8", "surrogatepass"))


def _kind(item: os.DirEntry[str]) -> str:
    try:
        return "f" if item.is_file() else "d" if item.is_dir() else "o"
    except OSError:
        return "o"


def file_digest(path: str) -> str:
    """The digest of a file's bytes now (:data:`MISSING` for no readable regular file)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return MISSING
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_VERIFIED_BYTES:
            return MISSING
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return digest_of(stream.read(MAX_VERIFIED_BYTES + 1))
    except OSError:
        return MISSING
    finally:
        os.close(handle)


def still_true(record: Reads) -> bool:
    """Whether every file and folder of ``record`` is as it was recorded. When it is, the
    active records take it over (what the entry's answer rests on is what this run rests
    on); each file and folder is looked at once per run."""
    memory = _ACTIVE[0] if _ACTIVE else Reads()
    kinds = (("files", record.files, file_digest), ("folders", record.folders, listing_digest))
    for kind, table, now in kinds:
        seen: dict[str, str] = getattr(memory, kind)
        for path, digest in table.items():
            current = seen.get(path)
            if current is None:
                current = now(path)
                for active in _ACTIVE:  # a true observation, kept whatever the outcome
                    active.add(getattr(active, kind), path, current)
            if current != digest:
                return False
    for active in _ACTIVE:
        active.merge(record)
    return True
