"""Reading the first sheet of an .xlsx workbook, bounded in time and memory.

A workbook is a zip of XML files, so a small file can inflate to gigabytes (a zip bomb, a huge
shared string) or carry XML that expands (entities). Before anything is parsed, the zip's
member list and the *uncompressed* sizes it declares are checked against the limits below;
XML is parsed through ``defusedxml`` (openpyxl uses it when it is installed, and refuses
entities and DTDs with it); rows are read with a row and column budget. Every problem, found
before or while reading, is one :class:`~statsbidrag_cli.errors.StatsbidragError` naming the
file, never a traceback or a library warning.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from ...errors import StatsbidragError
from ...i18n import _

MAX_MEMBERS = 500
"""Files inside the zip (a workbook written by Excel or LibreOffice has a few dozen)."""
MAX_MEMBER_BYTES = 16 * 1024 * 1024
"""Uncompressed size of any one member (a sheet, the shared strings)."""
MAX_TOTAL_BYTES = 48 * 1024 * 1024
"""Uncompressed size of all members together."""
MAX_ROWS = 20_000
"""Rows read from the sheet (a usage file has one per recipient: at most 290 kommuner)."""
MAX_COLUMNS = 64
"""Columns read from each row; cells to the right of these are not looked at."""
REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")


def first_sheet_rows(path: Path) -> list[list[object]]:
    """The values of the workbook's first sheet, row by row (None for an empty cell), every
    row as wide as the widest one that holds something (at most :data:`MAX_COLUMNS`)."""
    _check_archive(path)
    try:
        from openpyxl import load_workbook
        from openpyxl.xml import DEFUSEDXML
    except ImportError as error:  # pragma: no cover - openpyxl is a dependency
        raise StatsbidragError(
            _("{path}: cannot read workbooks ({error})").format(path=path, error=error)
        ) from None
    if not DEFUSEDXML:
        raise StatsbidragError(
            _(
                "{path}: workbooks are read only with defusedxml installed (it guards the XML "
                "inside); install it, or save the sheet as CSV"
            ).format(path=path)
        )
    with warnings.catch_warnings():  # openpyxl warns with its package paths: not for people
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ValueError(_("it has no worksheet"))
                return _rows(path, workbook.worksheets[0])
            finally:
                workbook.close()
        except StatsbidragError:
            raise
        except Exception as error:  # any fault of the file, found while reading it
            raise StatsbidragError(
                _("{path}: not a readable .xlsx workbook ({error})").format(
                    path=path, error=_reason(error)
                )
            ) from None


def _rows(path: Path, sheet: object) -> list[list[object]]:
    """The sheet's rows up to its last one that holds something: the blank rows Excel leaves
    formatted below a table (often to row 100 000 or more) are not rows of it. The bound of
    :data:`MAX_ROWS` holds for the rest; the sheet's size is bounded before (its XML)."""
    rows: list[list[object]] = []
    blank = 0
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):  # type: ignore[attr-defined]
        values = list(row)
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            blank += 1  # kept only if a row with something follows
            continue
        if len(rows) + blank >= MAX_ROWS:
            raise StatsbidragError(
                _("{path}: more than {count} rows; a usage file has one per recipient").format(
                    path=path, count=MAX_ROWS
                )
            )
        rows += [[] for _ in range(blank)]
        blank = 0
        rows.append(values)
    width = max((_used_width(row) for row in rows), default=0)
    return [[*row[:width], *[None] * (width - len(row))] for row in rows]


def _used_width(row: list[object]) -> int:
    """The row's width up to its last cell that holds something."""
    for index in range(len(row), 0, -1):
        if row[index - 1] is not None:
            return index
    return 0


def _check_archive(path: Path) -> None:
    """Refuse, before any XML is parsed, a file that is no zip or that would inflate past
    the limits (the sizes are the ones the zip declares, which the reader also enforces)."""
    from .text import require_regular_file

    require_regular_file(path, MAX_TOTAL_BYTES)  # a pipe would hang the zip reader
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except FileNotFoundError:
        raise StatsbidragError(_("{path}: no such file").format(path=path)) from None
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as error:
        raise StatsbidragError(
            _("{path}: not a readable .xlsx workbook ({error})").format(
                path=path, error=_reason(error)
            )
        ) from None
    problem = _archive_problem(members)
    if problem is not None:
        raise StatsbidragError(
            _("{path}: not a workbook this tool reads: {problem}").format(
                path=path, problem=problem
            )
        )


def _archive_problem(members: list[zipfile.ZipInfo]) -> str | None:
    names = {member.filename for member in members}
    if len(members) > MAX_MEMBERS:
        return _("{count} files inside (at most {limit})").format(
            count=len(members), limit=MAX_MEMBERS
        )
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        return _("{value} missing inside").format(value=", ".join(missing))
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES:
            return _("{name} inflates to {size} bytes (at most {limit})").format(
                name=member.filename[:80], size=member.file_size, limit=MAX_MEMBER_BYTES
            )
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        return _("its files inflate to {size} bytes (at most {limit})").format(
            size=total, limit=MAX_TOTAL_BYTES
        )
    return None


def _reason(error: BaseException) -> str:
    """A library's reason in a few words: its first line, at most 200 characters."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
