"""``--format html``: one self-contained page, the report an analyst attaches or publishes.

No network, no JavaScript, the stylesheet inline; ``lang`` is the run's language. The title
(diarienummer, date, ministry and agency for a decision), each table with a caption, headings
marked as column headers and the totals row in the footer, a subheading per group where a
report is grouped, the notes as a numbered list, and a workbook's extra tables (every
figure's source sentence) as lists. Printable: A4 landscape, the headings repeated on every
page, no row split across pages. Safe: every text from a decision or data file is escaped, so
a title of ``<script>`` shows as text. The same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..i18n import _, language
from ..reports.report import Cell, Column, Report
from .cells import group_tables, people_text, table_columns
from .registry import RenderOptions

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
  background: #fff; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.4rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-top: 1.25rem; }
table { border-collapse: collapse; margin: .75rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { border-bottom: 1px solid #bbb; padding: .3rem .6rem; vertical-align: top; }
thead th { background: #e9e9e9; text-align: left; border-bottom: 2px solid #444; }
td.number, th.number { text-align: right; white-space: nowrap; }
tfoot td, tfoot th { font-weight: 700; border-top: 2px solid #444; border-bottom: none; }
ol.notes, ul.sources { padding-left: 1.4rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


class HtmlRenderer:
    """The report as a static HTML page."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        first, *rest = report.title.splitlines() or [""]
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{language()}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(first)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{escape(first)}</h1>",
            *(f"<p>{escape(line)}</p>" for line in rest),
            *_tables(report, caption=first),
        ]
        notes = [note for table in (report, *report.sections) for note in table.notes]
        for section in report.sections:
            title = section.title.splitlines()[0] if section.title else ""
            parts += [f"<h2>{escape(title)}</h2>", *_tables(section, caption=title)]
        if notes:
            parts += [f"<h2>{escape(_('Notes'))}</h2>", '<ol class="notes">']
            parts += [f"<li>{escape(note)}</li>" for note in notes]
            parts.append("</ol>")
        for sheet in report.extras.sheets:
            parts += [f"<h2>{escape(sheet.title.splitlines()[0])}</h2>", *_listed(sheet)]
        parts += ["</main>", "</body>", "</html>"]
        return ("\n".join(parts) + "\n").encode("utf-8")


def _tables(report: Report, caption: str) -> list[str]:
    columns = table_columns(report)
    if report.extras.group_by is None:
        return _table(columns, report.rows, report.totals, caption)
    parts: list[str] = []
    for group, inner, rows in group_tables(report):
        parts += [f"<h3>{escape(group)}</h3>", *_table(inner, rows, None, group)]
    return parts


def _table(
    columns: Sequence[Column],
    rows: Sequence[dict[str, Cell]],
    totals: dict[str, Cell] | None,
    caption: str,
) -> list[str]:
    def cls(column: Column) -> str:
        return ' class="number"' if column.numeric else ""

    head = "".join(f'<th scope="col"{cls(c)}>{escape(c.heading)}</th>' for c in columns)
    parts = ["<table>", f"<caption>{escape(caption)}</caption>", f"<thead><tr>{head}</tr></thead>"]
    parts.append("<tbody>")
    for row in rows:
        cells = "".join(f"<td{cls(c)}>{_cell(row.get(c.key), c)}</td>" for c in columns)
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody>")
    if totals:
        cells = "".join(f"<td{cls(c)}>{_cell(totals.get(c.key), c)}</td>" for c in columns)
        parts.append(f"<tfoot><tr>{cells}</tr></tfoot>")
    parts.append("</table>")
    return parts


def _cell(value: Cell, column: Column) -> str:
    return escape(people_text(value, column))


def _listed(report: Report) -> list[str]:
    """A table of sentences (the sources behind the figures) as a list."""
    columns = table_columns(report)
    parts = ['<ul class="sources">']
    for row in report.rows:
        cells = [_cell(row.get(column.key), column) for column in columns]
        parts.append("<li>" + " — ".join(cell for cell in cells if cell) + "</li>")
    parts.append("</ul>")
    return parts
