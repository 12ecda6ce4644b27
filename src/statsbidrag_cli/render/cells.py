"""A report's cells as people read them, in the run's language: shared by every format for
people (a table, Markdown)."""

from __future__ import annotations

from ..i18n import _, decimal_for_people, kr
from ..reports.report import Cell, Column, Report


def cell_text(value: Cell, grouped: bool = True) -> str:
    """A table cell in the run's language: kronor grouped in thousands (sv ``63 000 000``),
    decimals with its decimal sign (sv ``7,80``), flags as yes or no, other text as it is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return kr(value) if grouped else str(value)
    if value in ("true", "false"):  # a flag, which CSV keeps as true/false
        return _("yes") if value == "true" else _("no")
    return decimal_for_people(value)


def shown(value: Cell, column: Column) -> Cell:
    """A cell as a table shows it: a machine value through the column's translated labels."""
    if column.labels is not None and isinstance(value, str) and value in column.labels:
        return _(column.labels[value])
    if value is None and column.missing is not None:
        return _(column.missing)
    return value


def people_text(value: Cell, column: Column) -> str:
    """A row's cell as a person reads it: labelled (:func:`shown`), then in the run's
    language (:func:`cell_text`)."""
    return cell_text(shown(value, column), column.kronor)


def table_columns(report: Report) -> list[Column]:
    """The columns a table for people shows (CSV-only columns left out)."""
    return [column for column in report.columns if column.in_table]


def groups(report: Report) -> list[tuple[str, list[dict[str, Cell]]]]:
    """The report's rows per value of its ``group_by`` column, in the order they first come
    (for the formats that draw one table per group)."""
    key = report.extras.group_by
    assert key is not None, "groups() is for a report grouped by a column"
    grouped: dict[str, list[dict[str, Cell]]] = {}
    for row in report.rows:
        grouped.setdefault(str(row.get(key)), []).append(row)
    return list(grouped.items())
