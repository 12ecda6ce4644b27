"""The cache of work already done: validated decisions, parsed population files, check
results and whole outputs. It can only answer what a fresh run would write.

* :mod:`.entries`: where entries live and how they are written and read (data, never code;
  private folders; names only this user's secret can make).
* :mod:`.code`: the fingerprint of the running code, in every key.
* :mod:`.reads`: the record of what a computation read, kept with the entries whose inputs
  are only known once computed (a check, an output), and checked before such an entry is
  used (:func:`load_checked`, :func:`store_checked`).
* :mod:`.upkeep`: the cache's size and age bounds, ``cache info`` and ``cache clear``.

Two kinds of entry, one key rule: an entry is either keyed by the content of *all* it
depends on (a decision's text, a dataset's two files), or keyed by the question and checked
against the record of what answering it read.
"""

from __future__ import annotations

from typing import Any

from . import reads
from .entries import (
    MAX_ENTRY_BYTES,
    PRUNE_EVERY_SECONDS,
    PRUNED_MARKER,
    SECRET_FILE,
    Decode,
    Encode,
    T,
    cache_folder,
    enabled,
    fingerprint,
    flush,
    load,
    state_folder,
    store,
    use,
)
from .reads import Reads, recording

__all__ = [
    "MAX_ENTRY_BYTES",
    "PRUNED_MARKER",
    "SECRET_FILE",
    "Reads",
    "cache_folder",
    "enabled",
    "fingerprint",
    "flush",
    "load",
    "load_checked",
    "prune_when_due",
    "recording",
    "state_folder",
    "store",
    "store_checked",
    "use",
]


def prune_when_due() -> None:
    """Prune the cache (:func:`.upkeep.prune_and_mark`) when a day has passed since it was
    last done: one look at a marker's time on most runs, the pruning module only then."""
    import os
    import time

    if not enabled():
        return
    try:
        last = os.stat(cache_folder() / PRUNED_MARKER, follow_symlinks=False).st_mtime
    except FileNotFoundError:
        last = 0.0
    except OSError:
        return
    now = time.time()
    if now - last >= PRUNE_EVERY_SECONDS:
        from .upkeep import prune_and_mark

        prune_and_mark(now)


def load_checked(kind: str, key: str, decode: Decode[T]) -> T | None:
    """The entry stored under ``key`` by :func:`store_checked`, if every file and folder its
    computation read is as it was then (:func:`.reads.still_true`); else None."""
    checked: list[T] = []

    def decode_checked(value: Any) -> None:
        if not isinstance(value, dict) or set(value) != {"reads", "value"}:
            raise ValueError("not a checked entry")
        # the record first: an entry of another time is a miss without rebuilding its value
        if reads.still_true(Reads.decode(value["reads"])):
            checked.append(decode(value["value"]))

    load(kind, key, decode_checked)
    return checked[0] if checked else None


def store_checked(kind: str, key: str, value: T, encode: Encode[T], record: Reads) -> None:
    """Keep ``value`` under ``key`` with the ``record`` of what computing it read; nothing is
    kept from a record that saw one file with two contents (edited during the run)."""
    if record.consistent:
        store(kind, key, value, lambda item: {"reads": record.encode(), "value": encode(item)})
