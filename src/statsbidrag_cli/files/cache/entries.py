"""The cache's entries on disk: where they live, how they are written and read safely.

Like mypy's or ruff's caches: entries are keyed by the *content* of what they depend on and
by the running code (:mod:`.code`), so an edited file, another population folder, a new
release or an edited checkout simply misses; an entry whose inputs are only known once it is
computed keeps the record of what it read (:mod:`.reads`) and is used only while that
record still holds. The cache lives in the user's cache folder
(``$STATSBIDRAG_CACHE_DIR``, else ``$XDG_CACHE_HOME/statsbidrag``, else
``~/.cache/statsbidrag``); deleting it is always safe. A corrupt or unreadable entry is
ignored (and removed); a cache that cannot be written is simply not used. ``--no-cache`` (or
``STATSBIDRAG_NO_CACHE=1``) turns it off.

Entries are **data, never code**: JSON with the entry format, the running code's fingerprint,
the kind and the key, and a value that the kind's own ``decode`` rebuilds and validates (a
hostile or foreign entry can at worst miss). An entry's file name is its key hashed with a
secret of the user's own, kept outside the cache folder (:func:`state_folder`), so an entry
nobody but the user could have written is never even looked for: a cache restored from an
untrusted CI run cannot plant a "passed" that will be read. The folder is created private
(0700); one owned by another user or writable by others is refused with a note, and the command
runs uncached. Entries are created exclusively under random names without following links, then
renamed into place, so a link planted in the cache can never redirect a write.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import queue
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ...i18n import _, language
from .code import code_fingerprint

T = TypeVar("T")

FORMAT = 4
"""Bumped when the shape of entries changes, so old entries are never read."""


def cache_folder() -> Path:
    """Where entries are kept (see the module docstring)."""
    return _user_folder("STATSBIDRAG_CACHE_DIR", "XDG_CACHE_HOME", ".cache")


def _user_folder(explicit: str, xdg: str, under_home: str) -> Path:
    """``$explicit``, else ``$xdg/statsbidrag``, else ``~/under_home/statsbidrag``."""
    environ = os.environ
    return _folder(environ.get(explicit), environ.get(xdg), under_home, environ.get("HOME"))


@lru_cache(maxsize=8)
def _folder(explicit: str | None, xdg: str | None, under_home: str, _home: str | None) -> Path:
    """A folder of :func:`_user_folder` for these settings (worked out once: every entry read
    or written asks; ``HOME`` is part of the key because :meth:`Path.home` reads it)."""
    if explicit:
        return Path(explicit)
    return Path(xdg or str(Path.home() / under_home)) / "statsbidrag"


_ENABLED = os.environ.get("STATSBIDRAG_NO_CACHE", "") in ("", "0")
"""Read once at import, for library users; the CLI sets it on every run with :func:`use`."""


def use(enabled: bool) -> None:
    """Turn the cache on or off for this process (``--no-cache``, or
    ``STATSBIDRAG_NO_CACHE=1``, which the CLI reads into that option, turn it off)."""
    global _ENABLED
    flush()  # the writer uses the folders' descriptors closed below
    _ENABLED = enabled
    _SECRETS.clear()
    for handle in _OPEN.values():  # a new run finds the folders afresh
        with suppress(OSError):
            os.close(handle)
    _OPEN.clear()


def enabled() -> bool:
    """Whether entries are read and written (see :func:`use`)."""
    return _ENABLED


def fingerprint(*parts: bytes | str) -> str:
    """A key from the content of every input (and the running code, the entry format and the
    run's language, since cached check reports hold sentences)."""
    return _fingerprint(parts)


def _fingerprint(parts: Iterable[bytes | str]) -> str:
    """:func:`fingerprint` of parts given one at a time (a folder's files are read and hashed
    in turn, never all held at once)."""
    digest = hashlib.blake2b(f"{code_fingerprint()}/{FORMAT}/{language()}".encode(), digest_size=20)
    for part in parts:
        # surrogatepass: a path or variable that is not UTF-8 (a folder named b"bad\xff")
        # is text with lone surrogates, a part like any other
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


PRUNED_MARKER = "pruned"
"""The file in the cache folder whose time says when the cache was last pruned (:mod:`.upkeep`)."""
PRUNE_EVERY_SECONDS = 24 * 60 * 60
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""An entry larger than this is not read (none that statsbidrag writes comes near it)."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
"""Opening a named pipe planted at an entry's name returns at once (and is refused as no
regular file) instead of waiting for a writer."""
_PRIVATE = 0o700

Decode = Callable[[Any], T]
Encode = Callable[[T], Any]


def load(kind: str, key: str, decode: Decode[T]) -> T | None:
    """The entry stored under ``key``, rebuilt by ``decode`` from its JSON value; None when
    there is none or it is unusable (wrong format, code, kind, key or shape: ``decode``
    raising anything counts as unusable, and the entry is removed). A used entry's time is
    set to now, so that the least recently used go first when the cache is pruned.

    Entries are data, never code: reading a hostile entry can at worst miss."""
    if not enabled():
        return None
    key = _entry_name(key)
    pending = _PENDING.get((kind, key)) if key else None
    if pending is not None:  # stored by this process, not yet on disk
        try:
            return _decoded(kind, key, pending, decode)
        except Exception:
            return None
    folder = _entry_folder(kind, key, create=False) if key else None
    if folder is None:
        return None
    try:
        handle = os.open(key, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise ValueError("not a file")
            raw = stream.read(MAX_ENTRY_BYTES + 1)
        if len(raw) > MAX_ENTRY_BYTES:
            raise ValueError("too large")
        value = _decoded(kind, key, raw, decode)
        with suppress(OSError, NotImplementedError):
            os.utime(key, dir_fd=folder)
        return value
    except Exception:  # corrupt, foreign or hostile: never trusted, never fatal
        with suppress(OSError):
            os.unlink(key, dir_fd=folder)
        return None


def _decoded(kind: str, key: str, raw: bytes, decode: Decode[T]) -> T:
    """An entry's bytes back as its value; raises on anything that is not an entry of this
    kind, key, format and code, or that ``decode`` refuses."""
    entry = json.loads(raw.decode("utf-8"))
    if not (
        isinstance(entry, dict)
        and entry.get("format") == FORMAT
        and entry.get("code") == code_fingerprint()
        and entry.get("kind") == kind
        and entry.get("key") == key
        and "value" in entry
    ):
        raise ValueError("not an entry of this kind, key and code")
    return decode(entry["value"])


def store(kind: str, key: str, value: T, encode: Encode[T]) -> None:
    """Keep ``encode(value)`` (plain JSON data) under ``key``; any failure to write just leaves
    the cache as it was. The entry is written to a new file of a random name, created
    exclusively and without following links, then renamed over the entry's name (a rename
    replaces a link there, never the file it points to)."""
    if not enabled():
        return
    key = _entry_name(key)
    if not key:
        return
    try:
        data = json.dumps(
            {"format": FORMAT, "code": code_fingerprint(), "kind": kind, "key": key,
             "value": encode(value)},
            ensure_ascii=False, separators=(",", ":"),
        ).encode("utf-8")  # fmt: skip
    except (TypeError, ValueError):
        return
    folder = _entry_folder(kind, key, create=True)
    if folder is None:
        return
    _PENDING[(kind, key)] = data
    _writer().put((folder, kind, key, data))


def _write_entry(folder: int, key: str, data: bytes) -> None:
    """Write one entry (see :func:`store`); a failure leaves the cache as it was."""
    temporary = f".{os.urandom(16).hex()}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        handle = os.open(temporary, flags, 0o600, dir_fd=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, key, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)


_PENDING: dict[tuple[str, str], bytes] = {}
"""Entries stored but not yet written, by kind and entry name: :func:`load` reads them."""
_QUEUE: queue.Queue[tuple[int, str, str, bytes]] | None = None
_QUEUE_BOUND = 64
"""Entries waiting to be written at most; a run that stores faster waits for the disk."""


def _writer() -> queue.Queue[tuple[int, str, str, bytes]]:
    """The queue of the thread that writes entries while the run goes on: creating a file is
    about a millisecond of waiting on the disk, which a ``check`` of a thousand files would
    otherwise spend doing nothing else. Every entry is written by :func:`flush` (called at the
    end of every command, and when the process exits)."""
    global _QUEUE
    if _QUEUE is None:
        _QUEUE = queue.Queue(_QUEUE_BOUND)
        threading.Thread(target=_write_entries, args=(_QUEUE,), daemon=True).start()
        atexit.register(flush)
    return _QUEUE


def _write_entries(entries: queue.Queue[tuple[int, str, str, bytes]]) -> None:
    while True:
        folder, kind, key, data = entries.get()
        try:
            _write_entry(folder, key, data)
        finally:
            if _PENDING.get((kind, key)) is data:
                with suppress(KeyError):
                    del _PENDING[(kind, key)]
            entries.task_done()


def flush() -> None:
    """Wait until every entry stored so far is written."""
    if _QUEUE is not None:
        _QUEUE.join()


def _forked() -> None:
    """In a process forked from this one (a worker of a large ``check``): no writer thread
    was copied, so it starts its own on its first entry, with none pending."""
    global _QUEUE
    _QUEUE = None
    _PENDING.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def _entry_name(key: str) -> str:
    """The file name of the entry of ``key``: the key hashed with this user's secret, so
    that nobody without it (a cache restored from another machine's CI run, another user of
    a shared cache folder) can write an entry that will ever be read; "" without a secret."""
    secret = _secret()
    if secret is None:
        return ""
    return hashlib.blake2b(key.encode("ascii"), key=secret, digest_size=20).hexdigest()


def state_folder() -> Path:
    """Where the secret lives: ``$STATSBIDRAG_STATE_DIR``, else
    ``$XDG_STATE_HOME/statsbidrag``, else ``~/.local/state/statsbidrag`` (never inside the
    cache folder, which CI systems save and restore)."""
    return _user_folder("STATSBIDRAG_STATE_DIR", "XDG_STATE_HOME", ".local/state")


_SECRETS: dict[str, bytes | None] = {}
SECRET_FILE = "cache-key"


def _secret() -> bytes | None:
    """This user's 32-byte cache secret, made on first use in a private folder; None when it
    cannot be read or made safely (the run is then uncached)."""
    folder = state_folder()
    if str(folder) in _SECRETS:
        return _SECRETS[str(folder)]
    if _homeless("STATSBIDRAG_STATE_DIR", "XDG_STATE_HOME"):
        return None  # never a secret in / or the current folder
    secret = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            os.mkdir(folder, _PRIVATE)
        handle = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        try:
            if _private(os.fstat(handle)):
                secret = _read_or_make_secret(handle)
        finally:
            os.close(handle)
    except OSError:
        secret = None
    _SECRETS[str(folder)] = secret
    return secret


def _read_or_make_secret(folder: int) -> bytes | None:
    flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC  # a pipe planted there never waits
    try:
        handle = os.open(SECRET_FILE, flags, dir_fd=folder)
    except FileNotFoundError:
        made = os.urandom(32)
        create = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        with (
            suppress(FileExistsError),  # another run made it first: read that one
            os.fdopen(os.open(SECRET_FILE, create, 0o600, dir_fd=folder), "wb") as out,
        ):
            out.write(made)
        handle = os.open(SECRET_FILE, flags, dir_fd=folder)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner or info.st_mode & 0o077:
            return None
        secret = stream.read(33)
    return secret if len(secret) == 32 else None


def _entry_folder(kind: str, key: str, create: bool) -> int | None:
    """A descriptor of the folder ``KIND/KEY[:2]`` inside the cache folder, each step opened
    without following links (and made private when ``create``); None when the cache folder
    is not usable or not private. Descriptors stay open for the process (a ``check`` of a
    thousand files opens each folder once)."""
    if not _SAFE_NAME.fullmatch(kind) or not _SAFE_NAME.fullmatch(key):
        return None
    folder = str(cache_folder())
    for steps in ((kind,), (kind, key[:2])):
        if (folder, *steps) not in _OPEN:
            parent = _OPEN.get((folder, *steps[:-1])) if len(steps) > 1 else _root(create)
            if parent is None:
                return None
            step = _open_private(parent, steps[-1], create)
            if step is None:
                return None
            _OPEN[(folder, *steps)] = step
    return _OPEN[(folder, kind, key[:2])]


_OPEN: dict[tuple[str, ...], int] = {}
"""Open descriptors of the cache's folders, by cache folder and the names below it."""


def _open_private(parent: int, name: str, create: bool) -> int | None:
    """The folder ``name`` in ``parent``, opened without following a link, if it is private."""
    try:
        if create:
            with suppress(FileExistsError):
                os.mkdir(name, _PRIVATE, dir_fd=parent)
        step = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except OSError:
        return None
    if _private(os.fstat(step)):
        return step
    os.close(step)
    return None


_SAFE_NAME = re.compile(r"[a-z0-9]{2,64}")
_REFUSED: set[str] = set()
"""Cache folders already refused in this process (the note is written once)."""


def _homeless(explicit: str, xdg: str) -> bool:
    """Whether a folder would come from an empty ``HOME`` (``~`` would then be ``/``): no
    cache or secret is made there."""
    environ = os.environ
    if environ.get(explicit) or environ.get(xdg) or environ.get("HOME") != "":
        return False
    _note_once(
        "HOME",
        _(
            "Note: HOME is empty, so there is no cache folder; running without the cache "
            "(set $STATSBIDRAG_CACHE_DIR to use one)"
        ),
    )
    return True


def _note_once(reason: str, note: str) -> None:
    if reason not in _REFUSED:
        _REFUSED.add(reason)
        sys.stderr.write(note + "\n")


def _root(create: bool) -> int | None:
    """A descriptor of the cache folder: created private (0700) when missing, refused with a
    one-line note on standard error when another user owns it or others may write to it."""
    folder = cache_folder()
    if (str(folder),) in _OPEN:
        return _OPEN[(str(folder),)]
    if _homeless("STATSBIDRAG_CACHE_DIR", "XDG_CACHE_HOME"):
        return None
    if create:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            with suppress(FileExistsError):
                os.mkdir(folder, _PRIVATE)
        except OSError:
            return None
    try:
        handle = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError:
        return None
    if _private(os.fstat(handle)):
        _OPEN[(str(folder),)] = handle
        return handle
    os.close(handle)
    _note_once(
        str(folder),
        _(
            "Note: the cache folder {folder} belongs to another user or others may write "
            "to it; running without the cache (make it yours with chmod 700, or set "
            "$STATSBIDRAG_CACHE_DIR)"
        ).format(folder=folder),
    )
    return None


def _private(info: os.stat_result) -> bool:
    """A folder of this user's that no one else may write to."""
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == owner
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
