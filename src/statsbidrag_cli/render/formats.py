"""Output formats: a Rich table for people, CSV for spreadsheets, JSON for programs.

Each format is a small class behind :class:`OutputFormat`. A command builds one ``Report``
(:mod:`statsbidrag_cli.reports.report`: title, columns, rows, totals, notes, and a JSON
document) and the chosen format turns it into bytes. CSV and JSON never pass through Rich
(which would wrap lines and read ``[...]`` as markup); Rich is imported only when a table is
drawn.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol

from ..formatting import kr
from ..reports.report import Cell, Column, Report

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Renderer(Protocol):
    """Turns a report into the bytes to write."""

    def render(self, report: Report, width: int | None) -> bytes: ...


class CsvRenderer:
    """UTF-8 CSV: a header row, one row per record, integers without separators.

    ``excel=True`` writes what Swedish Excel opens correctly: semicolons, a UTF-8 byte-order
    mark and CRLF line ends. Text cells that a spreadsheet would run as a formula are
    neutralised with a leading apostrophe.
    """

    def __init__(self, excel: bool = False) -> None:
        self.excel = excel

    def render(self, report: Report, width: int | None) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(
            buffer,
            delimiter=";" if self.excel else ",",
            lineterminator="\r\n" if self.excel else "\n",
        )
        writer.writerow([column.key for column in report.columns])
        for row in report.rows:
            writer.writerow(
                [_csv_cell(row.get(column.key), self.excel) for column in report.columns]
            )
        prefix = "\ufeff" if self.excel else ""
        return (prefix + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Cell, excel: bool = False) -> str:
    """A CSV cell: integers plain, formulas neutralised; for Swedish Excel a decimal is
    written with a decimal comma (7,80), so Excel reads it as the number it is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if excel and _DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    if value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


class JsonRenderer:
    """The report's JSON document: UTF-8, indented, keys in a fixed order, newline at the end."""

    def render(self, report: Report, width: int | None) -> bytes:
        return (json.dumps(report.document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class TableRenderer:
    """A Rich table with a title, a totals row and notes beneath, as plain text bytes.

    Used for ``--output FILE``; on a terminal :func:`print_table` draws the same table with
    colour.
    """

    def render(self, report: Report, width: int | None) -> bytes:
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(file=buffer, width=width or 120, color_system=None, force_terminal=False)
        draw_table(report, console)
        return buffer.getvalue().encode("utf-8")


class OutputFormat(StrEnum):
    """The formats every data command offers with ``--format``."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"

    def renderer(self, excel: bool = False) -> Renderer:
        if self is OutputFormat.csv:
            return CsvRenderer(excel=excel)
        if self is OutputFormat.json:
            return JsonRenderer()
        if self is OutputFormat.xlsx:
            from .xlsx import XlsxRenderer

            return XlsxRenderer()
        return TableRenderer()


FORMAT_OF_SUFFIX = {
    ".csv": OutputFormat.csv,
    ".json": OutputFormat.json,
    ".xlsx": OutputFormat.xlsx,
}
"""``-o FILE.csv`` / ``.json`` / ``.xlsx`` choose the format when ``--format`` is not given."""


def cell_text(value: Cell, grouped: bool = True) -> str:
    """A table cell: kronor with spaces between thousands (63 000 000), text as it is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return kr(value) if grouped else str(value)
    return value


def draw_table(report: Report, console: Any) -> None:
    """Draw ``report`` as a Rich table on ``console``, then its notes and sections."""
    from rich.text import Text

    console.print(Text(report.title, style="bold"))
    shown = [column for column in report.columns if column.in_table]
    if report.group_by is None:
        _draw_rows(shown, report.rows, report.totals, console)
    else:
        key = report.group_by
        columns = [column for column in shown if column.key != key]
        groups = dict.fromkeys(str(row.get(key)) for row in report.rows)
        for group in groups:
            console.print()
            console.print(Text(group, style="bold"))
            rows = [row for row in report.rows if str(row.get(key)) == group]
            _draw_rows(columns, rows, None, console)
    for note in report.notes:
        console.print(Text(note), soft_wrap=False)
    for section in report.sections:
        console.print()
        draw_table(section, console)


def _draw_rows(
    columns: Sequence[Column],
    rows: Sequence[dict[str, Cell]],
    totals: dict[str, Cell] | None,
    console: Any,
) -> None:
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_footer=totals is not None, pad_edge=False)
    cells = [[cell_text(row.get(column.key), column.kronor) for column in columns] for row in rows]
    for index, column in enumerate(columns):
        footer = cell_text(totals.get(column.key), column.kronor) if totals else ""
        widest = max([len(column.heading), len(footer), *(len(row[index]) for row in cells)])
        table.add_column(
            Text(column.heading),
            footer=Text(footer),
            justify="right" if column.numeric else "left",
            no_wrap=column.numeric,
            overflow="fold",
            # A figure is never cut to "…": numbers keep their full width, text wraps instead.
            min_width=widest if column.numeric else min(widest, 12),
        )
    for row_cells in cells:
        table.add_row(*(Text(cell) for cell in row_cells))
    # On a terminal too narrow even for that, let lines run long rather than cut figures.
    needed = Measurement.get(console, console.options.update_width(100_000), table).minimum
    terminal = console.width
    if terminal < needed:
        console.width = needed
    console.print(table)
    console.width = terminal  # notes and titles are prose: they wrap at the terminal's width
