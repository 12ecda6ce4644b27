"""The format-neutral report every command builds, whatever format it is written in.

A :class:`Report` is a title, columns, rows of cells, optional totals, notes and further
tables, and what only some formats use in its :class:`Extras`; every format of
:mod:`statsbidrag_cli.render.registry` turns the same report into its bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # check results load only for ``check``; dates only for calendars
    import datetime as dt

    from .ci import CheckRun

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
    wide_only: bool = False
    """Detail a table for people leaves out when it would not fit on one screen otherwise (at
    80 columns: a samverkansregion's name and persons beside the part they explain); a note
    under the table names what was left out and where it is. CSV, JSON, workbooks and wider
    terminals show it."""
    wraps: bool = False
    """Short text that may wrap between words in a narrow table (who must act), as prose
    always may."""
    codes: bool = False
    """A column of unit keys: tables for people show the SCB codes (``01``, ``0114``) and
    leave out machine ids (``lund-malmo``), whose name stands in the next column; a table
    whose rows hold no code leaves the column out. CSV and JSON keep every key."""


@dataclass(frozen=True)
class Extras:
    """What only some formats use, in one typed place, so a report is built once for all.

    Each format reads the fields it knows and ignores the rest."""

    json: Mapping[str, Any] | None = None
    """The JSON document, where it holds more than the rows (the decision, the components,
    the sources); without it, JSON is the rows under :attr:`Report.records`."""
    csv: Report | None = None
    """The table CSV writes instead of this one (``allocate --explain``: only the
    explanation's rows, one kind of record per file)."""
    group_by: str | None = None
    """Tables for people draw one table per value of this column (CSV and JSON stay flat)."""
    sheets: Sequence[Report] = ()
    """Tables only a workbook carries (e.g. the sources behind the figures)."""
    checks: CheckRun | None = None
    """``check``'s results with their places, for its text lines and the CI formats."""


@dataclass(frozen=True)
class Report:
    """What a command shows, independent of format.

    ``rows`` and ``totals`` map column keys to cells; ``totals`` is drawn in tables for people
    only (CSV has no totals row). ``sections`` are further tables after this one, for the
    formats that show several (CSV and JSON leave them out).
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Cell]]
    totals: dict[str, Cell] | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    sections: Sequence[Report] = field(default_factory=tuple)
    records: str = "rows"
    """The JSON key of the rows when the report has no document of its own."""
    extras: Extras = field(default_factory=Extras)


def json_document(report: Report) -> Mapping[str, Any]:
    """The report's JSON document: its own, else its rows under its ``records`` key."""
    document = report.extras.json
    if document is not None:
        return document if isinstance(document, dict) else dict(document)
    return {report.records: [dict(row) for row in report.rows]}


class LazyDocument(Mapping[str, Any]):
    """A JSON document built when a format first reads it (``check``'s lists every check of
    every decision, which only ``--format json`` writes)."""

    def __init__(self, build: Callable[[], Mapping[str, Any]]) -> None:
        self._build = build
        self._document: Mapping[str, Any] | None = None

    def _built(self) -> Mapping[str, Any]:
        if self._document is None:
            self._document = self._build()
        return self._document

    def __getitem__(self, key: str) -> Any:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


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
