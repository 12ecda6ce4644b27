"""A report's cells as people read them, in the run's language: shared by every format for
people (a table, Markdown)."""

from __future__ import annotations

from collections.abc import Sequence

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


def is_code(value: Cell) -> bool:
    """Whether ``value`` is an SCB code people read (a county ``01``, a kommun ``0114``)."""
    return isinstance(value, str) and len(value) in (2, 4) and value.isdigit()


def shown(value: Cell, column: Column) -> Cell:
    """A cell as a table shows it: a machine value through the column's translated labels;
    in a column of unit keys, only the SCB codes."""
    if column.codes and not is_code(value):
        return None
    if column.labels is not None and isinstance(value, str) and value in column.labels:
        return _(column.labels[value])
    if value is None and column.missing is not None:
        return _(column.missing)
    return value


def people_text(value: Cell, column: Column) -> str:
    """A row's cell as a person reads it: labelled (:func:`shown`), then in the run's
    language (:func:`cell_text`)."""
    return cell_text(shown(value, column), column.kronor)


def table_columns(report: Report, rows: Sequence[dict[str, Cell]] | None = None) -> list[Column]:
    """The columns a table for people shows of ``rows`` (default: the report's): CSV-only
    columns left out, and a column of unit keys where no row holds an SCB code."""
    shown_rows = report.rows if rows is None else rows
    return [
        column
        for column in report.columns
        if column.in_table
        and not (column.codes and not any(is_code(row.get(column.key)) for row in shown_rows))
    ]


def group_tables(report: Report) -> list[tuple[str, list[Column], list[dict[str, Cell]]]]:
    """A grouped report as the formats for people draw it: per group its heading, the columns
    its table shows (without the grouping column, and without a column no row of the group
    fills) and its rows."""
    key = report.extras.group_by
    return [
        (group, [c for c in table_columns(report, rows) if c.key != key and _filled(c, rows)], rows)
        for group, rows in groups(report)
    ]


def _filled(column: Column, rows: Sequence[dict[str, Cell]]) -> bool:
    """Whether a group's table needs ``column``: some row has something in it (a section of
    conditions has no item and no amount, so its prose gets the width)."""
    return column.missing is not None or any(row.get(column.key) not in (None, "") for row in rows)


def groups(report: Report) -> list[tuple[str, list[dict[str, Cell]]]]:
    """The report's rows per value of its ``group_by`` column, in the order they first come
    (for the formats that draw one table per group)."""
    key = report.extras.group_by
    assert key is not None, "groups() is for a report grouped by a column"
    column = next((c for c in report.columns if c.key == key), Column(key, key))
    grouped: dict[str, list[dict[str, Cell]]] = {}
    for row in report.rows:  # a machine value (``kommun``) headed by its label (Kommuner)
        grouped.setdefault(str(shown(row.get(key), column)), []).append(row)
    return list(grouped.items())
