"""Reading what a spreadsheet saves: the rows of a CSV or of a workbook's first sheet, and
kronor as people write them.

Shared by the readers of files an analyst fills in or copies from a publication (``repay
--used``, ``audit --table``): CSV separated by commas, semicolons or tabs, UTF-8 with or
without a byte-order mark or the Windows-1252 Swedish Excel saves, any line ends; or an
``.xlsx`` workbook, read within the bounds of :mod:`.workbook`.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ...errors import StatsbidragError
from ...i18n import _
from ...models.numbers import whole_number_problem
from .text import read_spreadsheet_text


def sheet_rows(path: Path, notes: list[str]) -> list[list[str]]:
    """The rows of a CSV file, or of an ``.xlsx`` workbook's first sheet, as text cells; a
    note is added to ``notes`` where the text was read as Windows-1252."""
    if path.suffix.lower() == ".xlsx":
        return _workbook_rows(path)
    return _csv_rows(path, notes)


def _csv_rows(path: Path, notes: list[str]) -> list[list[str]]:
    text = _sheet_text(path, notes)
    delimiter = csv_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise StatsbidragError(
            _("{path}: not a CSV file ({error})").format(path=path, error=error)
        ) from None


_DELIMITERS = (";", "\t", ",")
"""Separators in the order they are preferred: the comma last, since it is also the Swedish
decimal sign (``0,00``) and the English thousands separator."""


def csv_delimiter(text: str) -> str:
    """The separator of a CSV text: the first of :data:`_DELIMITERS` that splits some of the
    first 20 lines into two or more fields (read as CSV, so a quoted ``"Belopp, kr"`` is one
    field), else the comma: ``Län;Belopp, kr`` is two fields by semicolon, whatever its comma.
    The one sniffer for every CSV statsbidrag reads (spreadsheets and PxWeb exports)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    for delimiter in _DELIMITERS[:-1]:
        try:
            if any(len(row) > 1 for row in csv.reader(lines, delimiter=delimiter)):
                return delimiter
        except csv.Error:
            continue
    return ","


def _sheet_text(path: Path, notes: list[str]) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), or the Windows-1252 that
    Swedish Excel saves a CSV in (said in a note)."""
    text, encoding = read_spreadsheet_text(path)
    if encoding == "cp1252":
        notes.append(
            _("{path}: read as Windows-1252 (not UTF-8), as Swedish Excel saves CSV").format(
                path=path
            )
        )
    return text


def _workbook_rows(path: Path) -> list[list[str]]:
    """The first sheet of a workbook as text cells: whole numbers without decimals, text as
    it is (read within the bounds of :mod:`.workbook`)."""
    from .workbook import first_sheet_rows

    return [[_cell_text(value) for value in row] for row in first_sheet_rows(path)]


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (1234.0 -> "1234"; 1.5 stays "1.5")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


KRONOR = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+|[0-9]+)(?:[,.](?P<ore>[0-9]{1,2}))?"
)
"""Kronor as a spreadsheet writes them: ``10229000``, ``10 229 000`` (with a space, a no-break
or a thin space), and with öre ``11724687,00``."""


def whole_kronor(text: str) -> int | str:
    """``text`` as whole kronor (``10 229 000``, ``11724687,00``), or the problem with it
    (a fraction of a krona, not a number) as a phrase to follow the value."""
    found = KRONOR.fullmatch(text)
    if found and found.group("ore") and int(found.group("ore")):
        return _("has öre; give whole kronor")
    digits = re.sub(r"\D", "", found.group("whole")) if found else text
    digits = digits.lstrip("0") or ("0" if found else digits)
    problem = whole_number_problem(digits)
    if problem:
        return _("{problem} of kronor").format(problem=problem)
    return int(digits)
