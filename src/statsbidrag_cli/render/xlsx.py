"""A real Excel workbook (``--format xlsx``, or ``-o FILE.xlsx``), written with XlsxWriter.

What a CSV loses in Excel, a workbook keeps: codes (``01``, ``0114``) and the anslag ``1:6``
are text cells, never numbers or times; kronor and persons are number cells with a thousands
format; decimals are numbers. The header row is frozen, columns are as wide as their content,
and a report's further tables and its notes get sheets of their own. XlsxWriter is imported
only here, only when a workbook is written. The workbook's date is fixed, so the same data
gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from ..i18n import _
from ..reports.report import Cell, Column, Report
from .registry import RenderOptions

_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
FIXED_DATE = dt.datetime(2026, 1, 1)
"""The workbook's creation date: fixed, for byte-identical output."""


class XlsxRenderer:
    """One sheet per table of the report (its sections too), and a sheet of notes."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        workbook.set_properties({"title": report.title.splitlines()[0], "created": FIXED_DATE})
        formats = {
            "heading": workbook.add_format({"bold": True, "bottom": 1}),
            "kronor": workbook.add_format({"num_format": "#,##0"}),
            "plain": workbook.add_format({"num_format": "0"}),
            "decimal": workbook.add_format({"num_format": "0.00####"}),
            "text": workbook.add_format({"num_format": "@"}),
        }
        used: set[str] = set()
        for number, table in enumerate([report, *report.sections, *report.extras.sheets]):
            name = _sheet_name(table.title if number else _("Data"), used)
            _write_table(workbook.add_worksheet(name), table, formats)
        notes = [line for table in (report, *report.sections) for line in table.notes]
        if notes or report.title:
            sheet = workbook.add_worksheet(_sheet_name(_("Notes"), used))
            sheet.set_column(0, 0, 120)
            for row, line in enumerate([*report.title.splitlines(), "", *notes]):
                sheet.write_string(row, 0, line)
        workbook.close()
        return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME.sub(" ", title.splitlines()[0] if title else "Sheet").strip()[:28] or "Sheet"
    name, counter = base, 2
    while name.lower() in used:
        name, counter = f"{base[:26]} {counter}", counter + 1
    used.add(name.lower())
    return name


def _write_table(sheet: Any, table: Report, formats: dict[str, Any]) -> None:
    columns: Sequence[Column] = table.columns
    widths = [len(column.heading) for column in columns]
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.heading, formats["heading"])
    for row_number, row in enumerate(table.rows, start=1):
        for index, column in enumerate(columns):
            value: Cell = row.get(column.key)
            widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
            _write_cell(sheet, row_number, index, value, column, formats)
    for index, size in enumerate(widths):
        sheet.set_column(index, index, min(max(size + 2, 6), 60))
    sheet.freeze_panes(1, 0)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), max(len(columns) - 1, 0))


def _write_cell(
    sheet: Any, row: int, index: int, value: Cell, column: Column, formats: dict[str, Any]
) -> None:
    if value is None:
        return
    if isinstance(value, int):
        style = formats["kronor"] if column.kronor else formats["plain"]
        sheet.write_number(row, index, value, style)
    elif value in ("true", "false"):  # a flag: a logical cell (Swedish Excel shows SANT/FALSKT)
        sheet.write_boolean(row, index, value == "true")
    elif _DECIMAL.fullmatch(value):
        sheet.write_number(row, index, float(value), formats["decimal"])
    else:
        sheet.write_string(row, index, value, formats["text"])
