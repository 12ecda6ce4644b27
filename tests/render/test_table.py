"""``--format table`` from a fixed report, in a file (fixed width, no colour)."""

from __future__ import annotations

from report_fixtures import grant_report

from statsbidrag_cli.i18n import use_language
from statsbidrag_cli.render.registry import RenderOptions
from statsbidrag_cli.render.table import TableRenderer
from statsbidrag_cli.render.wrap import prose
from statsbidrag_cli.reports.report import Column, Report


def _lines(report: Report) -> list[str]:
    text = TableRenderer().render(report, RenderOptions()).decode("utf-8")
    assert "\x1b[" not in text  # a file never gets colour codes
    return [line.rstrip() for line in text.splitlines()]


def test_title_rows_totals_and_notes_in_order_with_grouped_kronor() -> None:
    use_language("sv")
    lines = _lines(grant_report())
    assert lines[:2] == ["Fixed report", "Amounts in kronor."]
    body = [line.split() for line in lines[2:] if line.strip() and set(line.strip()) != {"─"}]
    assert body[0] == ["Code", "Region", "Amount", "Share"]
    assert body[1] == ["01", "Region", "Stockholm", "1", "234", "567", "0,25"]
    assert body[2] == ["03", "Region", "Uppsala", "3", "703", "701", "0,75"]
    assert body[3] == ["Total", "4", "938", "268"]
    assert lines[-1] == "A note beneath the table."


def test_a_table_grouped_by_a_column_draws_one_table_per_value() -> None:
    use_language("en")
    report = Report(
        "Grouped",
        [Column("section", "Section"), Column("item", "Item")],
        [{"section": "One", "item": "a"}, {"section": "Two", "item": "b"}],
    )
    from dataclasses import replace

    from statsbidrag_cli.reports.report import Extras

    lines = _lines(replace(report, extras=Extras(group_by="section")))
    assert "One" in lines and "Two" in lines
    assert lines.index("One") < lines.index("Two")
    assert not any("Section" in line for line in lines)  # the heading is the group


def test_prose_wraps_between_words_and_never_inside_a_grouped_number() -> None:
    assert prose("betala ut 10 250 000 kronor till regionerna", 16) == (
        "betala ut\n10 250 000\nkronor till\nregionerna"
    )
