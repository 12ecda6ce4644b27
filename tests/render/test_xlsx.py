"""`--format xlsx` (or `-o FILE.xlsx`): a real workbook, read back with a real reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run
from openpyxl import Workbook, load_workbook


def test_allocate_writes_a_workbook_with_text_codes_and_number_amounts(tmp_path: Path) -> None:
    target = tmp_path / "pmc.xlsx"
    result = run("allocate", "S2026/00953", "--explain", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "Data" and "Sources" in workbook.sheetnames
    assert workbook.sheetnames[-1] == "Notes"
    data = workbook["Data"]
    assert data.freeze_panes == "A3"  # the title, then the headings, stay in view
    assert data["A1"].value.startswith("S2026/00953") and data["A1"].font.b
    assert [cell.value for cell in data[2]][:3] == ["Code", "Region", "Equal part"]
    code, total = data["A3"], data["G3"]
    assert (code.value, code.data_type) == ("01", "s")  # a code stays text: 01, not 1
    assert (total.value, total.data_type, total.number_format) == (11_724_700, "n", "#,##0")
    explanation = workbook[workbook.sheetnames[1]]
    assert explanation["A2"].value == "Component"
    quotes = [row[2] for row in workbook["Sources"].iter_rows(min_row=3, values_only=True)]
    assert any("betala ut 63 000 000 kronor" in str(quote) for quote in quotes)
    first = target.read_bytes()
    assert run("allocate", "S2026/00953", "--explain", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes() == first  # the same data gives the same file


def test_ledger_keeps_the_anslag_as_text(tmp_path: Path) -> None:
    target = tmp_path / "ledger.xlsx"
    assert run("ledger", "-o", str(target)).exit_code == 0
    sheet = load_workbook(target)["Data"]
    anslag = sheet["C3"]
    assert (anslag.value, anslag.data_type) == ("1:6", "s")  # never the time 01:06


@pytest.mark.parametrize(
    "command",
    [
        ["list"], ["show", "S2026/00953"], ["deadlines"], ["audit", "S2026/00953"], ["check"],
        ["population", "list"], ["split", "28000000", "--by", "samverkansregioner"],
        ["compare", "exempel-femarigt-program"], ["programme", "allocate", "exempel-femarigt-program"],
    ],
)  # fmt: skip
def test_every_tabular_command_writes_a_workbook(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "out.xlsx"
    result = run(*command, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert load_workbook(target)["Data"].max_row >= 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-o", "{}/a.csv"], "code,region,"),
        (["-o", "{}/a.json"], "{"),
    ],
)
def test_the_file_name_chooses_the_format(tmp_path: Path, args: list[str], expected: str) -> None:
    target = args[1].format(tmp_path)
    assert run("allocate", "S2026/00953", "-o", target).exit_code == 0
    assert Path(target).read_text(encoding="utf-8").startswith(expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "csv", "-o", "{}/a.xlsx"], "is a xlsx file, but the format is csv"),
        (["--excel", "-o", "{}/a.xlsx"], "is a xlsx file, but the format is csv"),
        (["-f", "table", "-o", "{}/a.csv"], "--format table writes text"),
        (["-f", "xlsx"], "give -o FILE.xlsx"),
    ],
)
def test_contradictions_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("allocate", "S2026/00953", *[a.format(tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_repay_reads_a_workbook(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "region", "used", "misused"])
    sheet.append([1, "Region Stockholm", 11_723_687, 0])  # a spreadsheet made 01 a number
    for code in ("03", "05", "12", "14", "18", "24"):
        sheet.append([code, "x", 0, 0])
    path = tmp_path / "used.xlsx"
    workbook.save(path)
    result = run("repay", "S2026/00953", "--used", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "01,Region Stockholm,11724687,11723687,0,1000,false"
    assert "code '1' read as 01" in result.stderr


def test_repay_refuses_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "used.xlsx"
    path.write_text("code,used\n", encoding="utf-8")
    result = run("repay", "S2026/00953", "--used", str(path))
    assert result.exit_code == 2 and "not a readable .xlsx workbook" in result.stderr


def test_every_sheet_is_ready_to_print(tmp_path: Path) -> None:
    """Read back with openpyxl: landscape A4 one page wide, headings repeated, a title row, a
    Summa row of the report's own totals, wrapped long text, whole sheet names, decimals as
    numbers."""
    target = tmp_path / "pmc.xlsx"
    assert run("allocate", "S2026/00953", "--explain", "-o", str(target)).exit_code == 0
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Data", "How the kronor were split", "Sources", "Notes"]
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToHeight == 0
        if sheet.title != "Notes":
            assert sheet.print_title_rows == "$2:$2", sheet.title
    data = workbook["Data"]
    last = [cell.value for cell in data[data.max_row]]
    assert last[1] == "Total" and last[2:7] == [35_000_000, "", "", 28_000_000, 63_000_000]
    assert data.cell(data.max_row, 3).font.b
    explanation = workbook["How the kronor were split"]
    share = explanation.cell(3, 5)
    assert share.data_type == "n" and abs(share.value - 1 / 7) < 1e-6  # 1/7, a number
    quote = next(c for c in workbook["Sources"]["C"] if c.value and len(str(c.value)) > 60)
    assert quote.alignment.wrap_text
    notes = workbook["Notes"]
    assert notes.column_dimensions["A"].width >= 90 and notes["A3"].alignment.wrap_text


@pytest.mark.usefixtures("swedish")
def test_an_audit_workbook_gives_verdicts_and_methods_in_words(tmp_path: Path) -> None:
    """The table verdict and the method are Swedish words beside the row verdicts, as in the
    table; CSV keeps the machine values."""
    path = tmp_path / "audit.xlsx"
    assert run("audit", "S2026/00953", "-o", str(path)).exit_code == 0
    sheet = load_workbook(path).worksheets[0]
    headings = [cell.value for cell in sheet[2]]
    rows = [dict(zip(headings, (c.value for c in row), strict=True)) for row in sheet.iter_rows(3)]
    verdicts = {row["Bedömning av tabellen"] for row in rows if row["Bedömning av tabellen"]}
    assert verdicts == {"återskapad", "inom toleransen"}
    assert {row["Metod"] for row in rows if row["Metod"]} == {"största rest"}
    csv = run("audit", "S2026/00953", "--format", "csv").stdout
    assert "reproduced" in csv and "largest_remainder" in csv
