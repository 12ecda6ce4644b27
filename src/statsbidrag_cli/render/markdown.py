"""``--format markdown``: the table an agency publishes, for a memo, a wiki or a README.

A GitHub/pandoc pipe table per table of the report: headings and cells as people read them in
the run's language (kronor grouped, ``7,80``), amounts right-aligned, the totals row in bold;
a report grouped by a column becomes a subheading per group; the notes are footnotes; a
workbook's extra tables (the sources behind the figures) are lists. Every text from a decision
or data file is escaped, so ``|``, ``*``, ``<script>`` or ``[link](x)`` show as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..i18n import _
from ..reports.report import Cell, Column, Report
from .cells import group_tables, people_text, table_columns
from .registry import RenderOptions

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!$^])")
"""Characters Markdown (CommonMark, GitHub's and pandoc's extensions) may read as markup
anywhere in a line: emphasis, code, links, images, raw HTML, entity references (``&amp;``),
tables, strikethrough, footnotes and math; escaped with a backslash."""
_LINE_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")
"""What makes a line a list item, a thematic break or a heading underline at its start."""


def escape(text: str, line_start: bool = True) -> str:
    """``text`` as Markdown shows it literally, on one line. ``line_start``: the text begins
    a line (a heading, a paragraph, a footnote), where ``- ``, ``+ ``, ``1. `` and ``---``
    mean lists and rules; a table cell is never one. An address or an e-mail address stays
    as written, which GitHub shows as a link."""
    flat = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    if line_start:
        escaped = _LINE_START.sub(_escaped_start, escaped)
    return escaped


def _escaped_start(found: re.Match[str]) -> str:
    start = found.group(1)
    if start.isdigit():  # "1. x", "1) x": the marker is the digits' follower
        return start + "\\"
    return "\\" + start


class MarkdownRenderer:
    """The report as Markdown: title, tables, footnotes, lists."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        notes: list[str] = []
        lines = [*_title(report.title, "#"), ""]
        lines += _tables(report, notes)
        for section in report.sections:
            lines += ["", *_title(section.title, "##"), "", *_tables(section, notes)]
        for sheet in report.extras.sheets:
            lines += ["", *_title(sheet.title, "##"), "", *_listed(sheet)]
        if notes:
            lines.append("")
            lines += [f"[^{number}]: {escape(note)}" for number, note in enumerate(notes, 1)]
        return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _title(title: str, level: str) -> list[str]:
    """The first line as a heading, each further line a paragraph beneath it."""
    first, *rest = title.splitlines() or [""]
    lines = [f"{level} {escape(first)}"]
    for line in rest:
        lines += ["", escape(line)]
    return lines


def _tables(report: Report, notes: list[str]) -> list[str]:
    """The report's table (one per group when grouped), with its notes as footnotes."""
    columns = table_columns(report)
    lines: list[str] = []
    if report.extras.group_by is None:
        lines += _table(columns, report.rows, report.totals)
    else:
        for group, inner, rows in group_tables(report):
            lines += ["", f"### {escape(group)}", "", *_table(inner, rows, None)]
    if report.notes:
        first = len(notes) + 1
        notes.extend(report.notes)
        marks = " ".join(f"[^{number}]" for number in range(first, len(notes) + 1))
        lines += ["", f"{_('Notes')}: {marks}"]
    return lines


def _table(
    columns: Sequence[Column], rows: Sequence[dict[str, Cell]], totals: dict[str, Cell] | None
) -> list[str]:
    header = "| " + " | ".join(escape(column.heading) for column in columns) + " |"
    rule = "| " + " | ".join("---:" if column.numeric else ":---" for column in columns) + " |"
    lines = [header, rule]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c.key), c) for c in columns) + " |")
    if totals:
        cells = [_cell(totals.get(column.key), column) for column in columns]
        lines.append("| " + " | ".join(f"**{cell}**" if cell else "" for cell in cells) + " |")
    return lines


def _cell(value: Cell, column: Column) -> str:
    return escape(people_text(value, column), line_start=False)


def _listed(report: Report) -> list[str]:
    """A table as a list: one item per row, its cells joined (for the sources behind the
    figures, whose cells are sentences)."""
    columns = table_columns(report)
    items = []
    for row in report.rows:
        texts = [people_text(row.get(column.key), column) for column in columns]
        shown = [text for text in texts if text]
        cells = [escape(text, line_start=index == 0) for index, text in enumerate(shown)]
        items.append("- " + " — ".join(cells))
    return items
