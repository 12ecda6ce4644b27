"""Reading a workbook is bounded: bombs, hostile XML and broken files are clear errors.

Every hostile workbook is built here from a small valid one, member by member.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from helpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local import workbook
from statsbidrag_cli.files.local.workbook import first_sheet_rows

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"


def _valid(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows or [["code", "used"], ["01", 5]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(base: bytes, replace: dict[str, bytes | None]) -> bytes:
    """``base`` with members replaced (or removed, for None); new names are added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in replace:
                data = replace[info.filename]
                if data is not None:
                    target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
            else:
                target.writestr(info, source.read(info.filename))
        names = {info.filename for info in source.infolist()}
        for name, data in replace.items():
            if name not in names and data is not None:
                target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet_xml(body: str, prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' + prolog
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()  # fmt: skip


def _refused(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "used.xlsx"
    path.write_bytes(data)
    start = time.monotonic()
    with pytest.raises(StatsbidragError) as caught:
        first_sheet_rows(path)
    assert time.monotonic() - start < 10
    assert str(path) in str(caught.value) and words in str(caught.value), str(caught.value)


def test_a_valid_workbook_is_read() -> None:
    assert _valid()  # and through the reader:


def test_a_valid_workbook_gives_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ok.xlsx"
    path.write_bytes(_valid())
    assert first_sheet_rows(path) == [["code", "used"], ["01", 5]]


def test_a_sheet_that_inflates_past_the_limit_is_refused_unparsed(tmp_path: Path) -> None:
    bomb = b"<row/>" * (workbook.MAX_MEMBER_BYTES // 6 + 1)  # compresses to a few kB
    data = _rewritten(_valid(), {SHEET: _sheet_xml("") + bomb})
    assert len(data) < 200_000
    _refused(tmp_path, data, "inflates to")


def test_a_huge_shared_string_is_refused_unparsed(tmp_path: Path) -> None:
    huge = b"<sst><si><t>" + b"A" * (workbook.MAX_MEMBER_BYTES + 1) + b"</t></si></sst>"
    _refused(tmp_path, _rewritten(_valid(), {SHARED: huge}), "sharedStrings.xml inflates")


def test_members_that_together_inflate_past_the_limit_are_refused(tmp_path: Path) -> None:
    part = b" " * (workbook.MAX_MEMBER_BYTES - 1)
    extra = {f"xl/media/padding{n}.bin": part for n in range(4)}
    _refused(tmp_path, _rewritten(_valid(), dict(extra)), "its files inflate to")


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    extra: dict[str, bytes | None] = {f"x/{n}": b"" for n in range(workbook.MAX_MEMBERS)}
    _refused(tmp_path, _rewritten(_valid(), extra), "files inside")


@pytest.mark.parametrize(
    ("sheet", "words"),
    [
        (
            _sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&undefined;</t></is></c></row>'),
            "workbook",
        ),
        (
            _sheet_xml(
                '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                '<!DOCTYPE lolz [<!ENTITY lol "lol">'
                + "".join(
                    f'<!ENTITY lol{n} "{"&lol" + str(n - 1) + ";" if n > 1 else "&lol;"}' * 10
                    + '">'
                    for n in range(1, 10)
                )
                + "]>",
            ),
            "workbook",
        ),
        (b"<worksheet><sheetData><row>", "workbook"),
    ],
    ids=["undefined-entity", "billion-laughs", "malformed-sheet"],
)
def test_hostile_or_broken_sheet_xml_is_a_clear_error(
    tmp_path: Path, sheet: bytes, words: str
) -> None:
    _refused(tmp_path, _rewritten(_valid(), {SHEET: sheet}), words)


def test_a_missing_sheet_member_is_a_clear_error(tmp_path: Path) -> None:
    _refused(tmp_path, _rewritten(_valid(), {SHEET: None}), "workbook")


def test_broken_styles_are_a_clear_error(tmp_path: Path) -> None:
    _refused(tmp_path, _rewritten(_valid(), {"xl/styles.xml": b"<styleSheet><<"}), "workbook")


def test_a_workbook_without_worksheets_is_a_clear_error(tmp_path: Path) -> None:
    empty = (
        b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheets/></workbook>'
    )
    _refused(tmp_path, _rewritten(_valid(), {"xl/workbook.xml": empty}), "workbook")


def test_a_file_that_is_no_zip_or_lacks_the_workbook_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, b"code,used\n01,5\n", "not a readable .xlsx workbook")
    _refused(tmp_path, _rewritten(_valid(), {"xl/workbook.xml": None}), "missing inside")


def test_more_rows_than_the_budget_is_refused(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, workbook.MAX_ROWS + 2)
    )
    _refused(tmp_path, _rewritten(_valid(), {SHEET: _sheet_xml(rows)}), "more than")


def test_repay_reads_its_own_swedish_workbook_back(tmp_path: Path, swedish: None) -> None:
    written = tmp_path / "aterbetalning.xlsx"
    assert run("repay", "S2026/00953", "--used", "tests/golden/inputs/used.csv", "-o",
               str(written)).exit_code == 0  # fmt: skip
    again = run("repay", "S2026/00953", "--used", str(written), "-f", "csv")
    assert again.exit_code == 0, again.stderr
    assert (
        again.stdout
        == run("repay", "S2026/00953", "--used", "tests/golden/inputs/used.csv", "-f", "csv").stdout
    )


def test_a_hostile_workbook_through_the_cli_is_one_message_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "used.xlsx"
    path.write_bytes(_rewritten(_valid(), {"xl/styles.xml": b"<styleSheet><<"}))
    result = run("repay", "S2026/00953", "--used", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "openpyxl" not in result.stderr and "Traceback" not in result.stderr


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    member=st.sampled_from(
        [SHEET, SHARED, "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
    ),
    data=st.binary(max_size=400)
    | st.text(alphabet="<>/=\"' &;!abcdefrstvwx0123456789", max_size=400).map(str.encode),
)
def test_any_member_any_bytes_gives_rows_or_a_clear_error(
    tmp_path: Path, member: str, data: bytes
) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(_rewritten(_valid(), {member: data}))
    start = time.monotonic()
    try:
        rows = first_sheet_rows(path)
    except StatsbidragError as error:
        assert str(path) in str(error)
    else:
        assert isinstance(rows, list)
    assert time.monotonic() - start < 5


def test_blank_formatted_rows_below_the_table_are_not_rows(tmp_path: Path) -> None:
    """Excel leaves formatting far below a table (here to row 100 000): the rows that hold
    nothing after the last that does are not counted against the bound, nor returned."""
    book = Workbook()
    sheet = book.active
    sheet.append(["kod", "belopp"])
    sheet.append(["01", 1000])
    sheet.append([None, None])  # a blank row inside the table is kept
    sheet.append(["03", 500])
    for row in range(5, 100_001):
        sheet.cell(row=row, column=1).number_format = "0"  # formatted, empty
    path = tmp_path / "formatted.xlsx"
    book.save(path)
    assert first_sheet_rows(path) == [["kod", "belopp"], ["01", 1000], [None, None], ["03", 500]]
