"""`repay --used` reads what Swedish spreadsheets save, says one thing per real problem, and
`repay --template` writes the file to fill in (round trip: template, filled, repay)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run
from openpyxl import load_workbook

PAID = {"01": 11_724_687, "03": 5_000_000, "05": 7_871_744, "12": 10_110_750,
        "14": 10_229_879, "18": 10_683_306, "24": 7_379_634}  # Socialstyrelsen's table, seed 003  # fmt: skip


def _repay(path: Path) -> object:
    return run("repay", "S2026/00953", "--used", str(path), "-f", "csv")


def _repaid(stdout: str) -> dict[str, int]:
    rows = [line.split(",") for line in stdout.splitlines()[1:]]
    return {row[0]: int(row[5]) for row in rows}


@pytest.mark.parametrize(
    "written",
    [
        "10 229 000",
        "10\u00a0229\u00a0000",
        "10\u2009229\u2009000",
        "10\u202f229\u202f000",
        "10229000,00",
        "10 229 000,00",
        "10229000",
    ],
    ids=["space", "no-break", "thin", "narrow", "öre", "grouped-öre", "plain"],
)
def test_every_form_swedish_excel_writes_is_read(tmp_path: Path, written: str) -> None:
    lines = ["Kod;Använt"] + [f"{code};{written if code == '14' else '0'}" for code in PAID]
    path = tmp_path / "anvant.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _repay(path)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _repaid(result.stdout)["14"] == 10_229_879 - 10_229_000  # type: ignore[attr-defined]


def test_a_windows_1252_file_is_read_and_said_so(tmp_path: Path) -> None:
    lines = ["code;region;used"] + [f"{code};Region Östergötland;0" for code in PAID]
    path = tmp_path / "anvant.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = _repay(path)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "read as Windows-1252" in result.stderr  # type: ignore[attr-defined]


def test_ore_other_than_00_is_refused_once_and_no_false_missing_row(tmp_path: Path) -> None:
    lines = ["code,used"] + [f"{code},{'100,50' if code == '01' else '0'}" for code in PAID]
    path = tmp_path / "anvant.csv"
    path.write_text("\n".join(lines).replace("100,50", '"100,50"') + "\n", encoding="utf-8")
    result = _repay(path)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert "used '100,50' has öre; give whole kronor" in stderr
    assert "no row for" not in stderr  # 01 has a row: it was refused, not missing
    assert "1 problem" in stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_filled_in_and_read_back(tmp_path: Path, suffix: str) -> None:
    template = tmp_path / f"anvant{suffix}"
    assert run("repay", "S2026/00953", "--template", "-o", str(template)).exit_code == 0
    if suffix == ".xlsx":
        book = load_workbook(template)
        sheet = book.worksheets[0]
        header = [cell.value for cell in sheet[2]]
        assert header == ["Code", "Region", "Paid", "Used", "Misused"]
        for row in sheet.iter_rows(min_row=3):
            if row[0].value in PAID:
                assert row[2].value == PAID[row[0].value]
                row[3].value = row[2].value - 1000  # used all but 1 000 kr
        book.save(template)
    else:
        lines = template.read_text("utf-8").splitlines()
        assert lines[0] == "code,region,paid,used,misused"
        filled = [lines[0]] + [
            f"{line[:-1]}{int(line.split(',')[2]) - 1000}," for line in lines[1:]
        ]
        template.write_text("\n".join(filled) + "\n", encoding="utf-8")
    result = _repay(template)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _repaid(result.stdout) == dict.fromkeys(PAID, 1000)  # type: ignore[attr-defined]


def test_used_or_template_one_of_them(tmp_path: Path) -> None:
    neither = run("repay", "S2026/00953")
    assert neither.exit_code == 2 and "--template" in neither.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"code;used\n01;\x81\n", "not valid UTF-8")],
    ids=["missing", "neither-utf8-nor-1252"],
)
def test_a_file_that_cannot_be_read_is_one_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "anvant.csv"
    if content is not None:
        path.write_bytes(content)  # 0x81 is no character in Windows-1252 either
    result = _repay(path)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert message in stderr and "Traceback" not in stderr and stderr.count("\n") == 1
