"""``--format markdown`` from a fixed report: the exact text, and escaping of what files hold."""

from __future__ import annotations

from report_fixtures import grant_report

from statsbidrag_cli.i18n import use_language
from statsbidrag_cli.render.markdown import MarkdownRenderer, escape
from statsbidrag_cli.render.registry import DATA_FORMATS, RenderOptions
from statsbidrag_cli.reports.report import Column, Report


def test_a_pipe_table_with_grouped_figures_a_bold_summa_row_and_footnotes() -> None:
    use_language("sv")
    text = MarkdownRenderer().render(grant_report(), RenderOptions()).decode("utf-8")
    assert text == (
        "# Fixed report\n"
        "\n"
        "Amounts in kronor.\n"
        "\n"
        "| Code | Region | Amount | Share |\n"
        "| :--- | :--- | ---: | :--- |\n"
        "| 01 | Region Stockholm | 1 234 567 | 0,25 |\n"
        "| 03 | Region Uppsala | 3 703 701 | 0,75 |\n"
        "|  | **Total** | **4 938 268** |  |\n"
        "\n"
        "Noter: [^1]\n"
        "\n"
        "[^1]: A note beneath the table.\n"
    )


def test_text_from_files_shows_as_written() -> None:
    use_language("en")
    hostile = "<script>alert(1)</script> | *bold* [link](http://x) _x_ `code` # h"
    report = Report("T", [Column("name", "Name")], [{"name": hostile}])
    text = MarkdownRenderer().render(report, RenderOptions()).decode("utf-8")
    row = text.splitlines()[4]
    assert row == "| " + escape(hostile) + " |"
    assert "<script>" not in text and "\\<script\\>" in text
    assert row.count("|") - row.count("\\|") == 2  # the cell's | does not open a column
    assert escape("a\nb") == "a b"


def test_markdown_is_a_data_format_and_md_files_choose_it() -> None:
    assert "markdown" in DATA_FORMATS.names
    assert DATA_FORMATS.of_suffix(".md") is DATA_FORMATS.get("markdown")
