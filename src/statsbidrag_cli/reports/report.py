"""The format-neutral report every command builds, whatever format it is written in.

A :class:`Report` is a title, columns, rows of cells, optional totals and notes, and a JSON
document; :mod:`statsbidrag_cli.render` turns it into a table, CSV or JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | None


@dataclass(frozen=True)
class Column:
    """A column: its CSV/JSON key, its table heading, and whether it holds kronor or counts."""

    key: str
    heading: str
    numeric: bool = False
    kronor: bool = True
    """Numeric columns of kronor or persons get thousands separators in tables; years do not."""
    in_table: bool = True
    """False for columns that only CSV carries (the table says it in a heading or a note)."""
    labels: Mapping[str, str] | None = None
    """For a column of machine values (``PASS``): what a table shows for each, as a message to
    translate (CSV and JSON keep the values)."""
    group: str | None = None
    """Columns with the same group belong together (a component's unit, persons and part): a
    table too wide for the terminal keeps them in one block where it can."""
    missing: str | None = None
    """What a table shows in an empty cell, as a message to translate (``unknown``); CSV leaves
    the cell empty and JSON writes null, whatever the language."""


@dataclass(frozen=True)
class Report:
    """What a command shows, independent of format.

    ``rows`` and ``totals`` map column keys to cells; ``totals`` is drawn in the table only
    (CSV has no totals row). ``document`` is the JSON form, which may hold more detail.
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Cell]]
    document: dict[str, Any]
    totals: dict[str, Cell] | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    sections: Sequence[Report] = field(default_factory=tuple)
    """Further tables drawn after this one in table format (CSV and JSON leave them out)."""
    extra_sheets: Sequence[Report] = field(default_factory=tuple)
    """Tables only a workbook carries (e.g. the sources behind the figures)."""
    group_by: str | None = None
    """In table format, draw one table per value of this column (CSV and JSON stay flat)."""


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day calendar event (written as iCalendar by :mod:`statsbidrag_cli.render.ics`)."""

    uid: str
    date: dt.date
    summary: str
    description: str


def chart_series(report: Report, keys: Sequence[str]) -> dict[str, list[int]]:
    """Numeric columns of a report's rows as chart series."""
    return {
        key: [value if isinstance(value := row.get(key), int) else 0 for row in report.rows]
        for key in keys
    }
