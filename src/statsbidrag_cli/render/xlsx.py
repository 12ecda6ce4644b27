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

_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+…?")
"""A decimal, exact or cut with an ellipsis (an exact share): written as a number."""
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
FIXED_DATE = dt.datetime(2026, 1, 1)
"""The workbook's creation date: fixed, for byte-identical output."""


class XlsxRenderer:
    """One sheet per table of the report (its sections too), and a sheet of notes; every sheet
    ready to print: its title in the first row, the headings repeated on every page, a Summa
    row where the report has totals, landscape A4 one page wide, long text wrapped."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        import xlsxwriter

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        workbook.set_properties({"title": report.title.splitlines()[0], "created": FIXED_DATE})
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 12}),
            "heading": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
            "kronor": workbook.add_format({"num_format": "#,##0"}),
            "plain": workbook.add_format({"num_format": "0"}),
            "decimal": workbook.add_format({"num_format": "0.00####"}),
            "text": workbook.add_format({"num_format": "@"}),
            "wrapped": workbook.add_format({"num_format": "@", "text_wrap": True, "valign": "top"}),
            "total_kronor": workbook.add_format({"num_format": "#,##0", "bold": True, "top": 1}),
            "total_plain": workbook.add_format({"num_format": "0", "bold": True, "top": 1}),
            "total_text": workbook.add_format({"bold": True, "top": 1}),
        }
        used: set[str] = set()
        for number, table in enumerate([report, *report.sections, *report.extras.sheets]):
            name = _sheet_name(table.title if number else _("Data"), used)
            sheet = workbook.add_worksheet(name)
            _write_table(sheet, table, formats)
            _page_setup(sheet, table)
        notes = [line for table in (report, *report.sections) for line in table.notes]
        if notes or report.title:
            sheet = workbook.add_worksheet(_sheet_name(_("Notes"), used))
            sheet.set_column(0, 0, 100, formats["wrapped"])
            for row, line in enumerate([*report.title.splitlines(), "", *notes]):
                sheet.write_string(
                    row, 0, line, formats["title"] if row == 0 else formats["wrapped"]
                )
            _page_setup(sheet, None)
        workbook.close()
        return buffer.getvalue()


HEADER_ROW = 1
"""The row of the headings (0-based): the title stands above them."""


def _page_setup(sheet: Any, table: Report | None) -> None:
    """Landscape A4, one page wide (as many long as needed), the headings on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if table is not None:
        sheet.repeat_rows(HEADER_ROW)


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name within Excel's 31 characters, none of []:*?/\\: the
    title's first line (its part before a colon, where it has one), cut at a word where it is
    longer (never mid-word)."""
    line = title.splitlines()[0] if title else "Sheet"
    if ":" in line and len(line.split(":", 1)[0].strip()) <= 31:  # "Så fördelades kronorna: …"
        line = line.split(":", 1)[0]
    base = _SHEET_NAME.sub(" ", line).strip() or "Sheet"
    if len(base) > 31:
        cut = base[:31]
        base = cut[: cut.rfind(" ")] if " " in cut else cut
        base = base.rstrip(" -\u2013\u2014\u00b7,.;") or cut
    name, counter = base, 2
    while name.lower() in used:
        suffix = f" {counter}"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    used.add(name.lower())
    return name


def _write_table(sheet: Any, table: Report, formats: dict[str, Any]) -> None:
    columns: Sequence[Column] = table.columns
    first = HEADER_ROW + 1
    sheet.write_string(0, 0, table.title.splitlines()[0] if table.title else "", formats["title"])
    widths = [len(column.heading) for column in columns]
    for index, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, index, column.heading, formats["heading"])
    for row_number, row in enumerate(table.rows, start=first):
        for index, column in enumerate(columns):
            value: Cell = row.get(column.key)
            if column.labels is not None and isinstance(value, str) and value in column.labels:
                value = _(column.labels[value])  # a verdict, a method: in words, as tables
            widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
            _write_cell(sheet, row_number, index, value, column, formats)
    if table.totals:
        row_number = first + len(table.rows)
        for index, column in enumerate(columns):
            _write_total(sheet, row_number, index, table.totals.get(column.key), column, formats)
    for index, size in enumerate(widths):
        wrap = size > 60
        sheet.set_column(
            index, index, 60 if wrap else max(size + 2, 6), formats["wrapped"] if wrap else None
        )
    sheet.freeze_panes(first, 0)
    if table.rows:
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(table.rows), max(len(columns) - 1, 0))


def _write_total(
    sheet: Any, row: int, index: int, value: Cell, column: Column, formats: dict[str, Any]
) -> None:
    """A cell of the Summa row: the report's own exact total (a value, never a formula, so the
    sheet shows what the table and CSV show)."""
    if isinstance(value, int):
        sheet.write_number(
            row, index, value, formats["total_kronor" if column.kronor else "total_plain"]
        )
    else:
        sheet.write_string(row, index, "" if value is None else str(value), formats["total_text"])


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
        sheet.write_number(row, index, float(value.rstrip("…")), formats["decimal"])
    elif len(value) > 60:
        sheet.write_string(row, index, value, formats["wrapped"])
    else:
        sheet.write_string(row, index, value, formats["text"])
