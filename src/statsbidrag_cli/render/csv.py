"""``--format csv``: UTF-8 CSV with stable English keys, for spreadsheets and pipes.

A header row of column keys, then one row per record; integers without separators, so every
program reads kronor as the whole numbers they are. Never passes through Rich.
"""

from __future__ import annotations

import csv
import io

from ..i18n import MACHINE_DECIMAL
from ..reports.report import Cell, Report
from .registry import RenderOptions

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet would run as a formula at the start of a text cell."""


class CsvRenderer:
    """The report's rows (or the table its extras name for CSV) as CSV.

    With ``options.excel`` it writes what Swedish Excel opens correctly: semicolons, a UTF-8
    byte-order mark, CRLF line ends and decimal commas. Text cells that a spreadsheet would
    run as a formula are neutralised with a leading apostrophe.
    """

    def render(self, report: Report, options: RenderOptions) -> bytes:
        table = report.extras.csv or report
        buffer = io.StringIO()
        writer = csv.writer(
            buffer,
            delimiter=";" if options.excel else ",",
            lineterminator="\r\n" if options.excel else "\n",
        )
        writer.writerow([column.key for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [csv_cell(row.get(column.key), options.excel) for column in table.columns]
            )
        prefix = "\ufeff" if options.excel else ""
        return (prefix + buffer.getvalue()).encode("utf-8")


def csv_cell(value: Cell, excel: bool = False) -> str:
    """A CSV cell: integers plain, formulas neutralised; for Swedish Excel a decimal is
    written with a decimal comma (7,80), so Excel reads it as the number it is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if excel and MACHINE_DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    if value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value
