"""``cache info`` as a report: the entries per kind, their size, and the cache's bounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..i18n import N_, _, kr
from .report import Cell, Column, Report

KIND_NAMES = {
    "checks": N_("check reports"),
    "decisions": N_("validated decisions"),
    "datasets": N_("population datasets"),
    "geography": N_("geography"),
    "outputs": N_("whole outputs"),
}
"""What each kind of entry holds, for people (the CSV keeps the kind's key)."""


def cache_info_report(
    folder: str,
    usable: bool,
    kinds: Mapping[str, tuple[int, int]],
    newest: float | None,
    max_bytes: int,
    max_age_days: int,
) -> Report:
    """One row per kind of entry: how many and how many bytes; the folder and bounds noted."""
    columns = [
        Column("kind", _("Kind"), codes=True),
        Column("name", _("What it holds")),
        Column("entries", _("Entries"), numeric=True),
        Column("bytes", _("Bytes"), numeric=True),
    ]
    rows: list[dict[str, Cell]] = [
        {"kind": kind, "name": _(KIND_NAMES.get(kind, kind)), "entries": count, "bytes": size}
        for kind, (count, size) in sorted(kinds.items())
    ]
    entries = sum(count for count, _size in kinds.values())
    size = sum(size for _count, size in kinds.values())
    notes = [
        _(
            "Kept at most {days} days after last use, and at most {megabytes} MB in all (the "
            "least recently used go first); deleting the folder is always safe."
        ).format(days=max_age_days, megabytes=kr(max_bytes // (1024 * 1024))),
    ]
    if newest is not None:
        last = dt.datetime.fromtimestamp(newest, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        notes.append(_("Last used: {time}.").format(time=last))
    if not usable:
        notes.append(
            _("The cache is not used in this run (--no-cache, or the folder is not usable).")
        )
    title = _("The cache in {folder}: {entries} entries, {size} bytes").format(
        folder=folder, entries=kr(entries), size=kr(size)
    )
    totals: dict[str, Cell] = {"name": _("Total"), "entries": entries, "bytes": size}
    return Report(title, columns, rows, totals=totals, notes=notes, records="kinds")
