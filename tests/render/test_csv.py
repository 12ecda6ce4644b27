"""``--format csv`` from a fixed report: exact bytes, Swedish Excel, formulas defused."""

from __future__ import annotations

from report_fixtures import COLUMNS, grant_report

from statsbidrag_cli.render.csv import CsvRenderer
from statsbidrag_cli.render.registry import RenderOptions
from statsbidrag_cli.reports.report import Column, Report


def test_keys_then_rows_with_plain_integers_and_no_totals_row() -> None:
    data = CsvRenderer().render(grant_report(), RenderOptions())
    assert data == (
        b"code,region,amount,share\n"
        b"01,Region Stockholm,1234567,0.25\n"
        b"03,Region Uppsala,3703701,0.75\n"
    )


def test_for_swedish_excel_semicolons_a_bom_crlf_and_decimal_commas() -> None:
    data = CsvRenderer().render(grant_report(), RenderOptions(excel=True))
    assert data == (
        "\ufeffcode;region;amount;share\r\n"
        "01;Region Stockholm;1234567;0,25\r\n"
        "03;Region Uppsala;3703701;0,75\r\n"
    ).encode("utf-8")


def test_the_table_the_extras_name_replaces_the_rows() -> None:
    other = Report("Other", [Column("unit", "Unit")], [{"unit": "x"}])
    data = CsvRenderer().render(grant_report(csv=other), RenderOptions())
    assert data == b"unit\nx\n"


def test_cells_a_spreadsheet_would_run_are_neutralised() -> None:
    report = Report(
        title="t",
        columns=COLUMNS[:3],
        rows=[
            {"code": '=HYPERLINK("x")', "region": "+1", "amount": -5},
            {"code": "@SUM(A1)", "region": "\tTab", "amount": 0},
            {"code": "-2", "region": "Region Skåne", "amount": 2},
        ],
    )
    lines = CsvRenderer().render(report, RenderOptions()).decode("utf-8").splitlines()
    assert lines[1:] == [
        '"\'=HYPERLINK(""x"")",\'+1,-5',  # quoted, as CSV quotes a cell with quotes
        "'@SUM(A1),'\tTab,0",
        "'-2,Region Skåne,2",
    ]
