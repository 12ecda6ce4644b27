"""Reading a usage file for ``repay --used``: what each recipient used (and misused).

The file is CSV with at least the columns ``code`` and ``used`` (``misused`` optional; other
columns, such as those of ``repay --excel`` output, are ignored; the headings ``repay`` writes
in a workbook, ``Kod``/``Code`` and so on, are understood too), separated by commas or
semicolons, UTF-8 with or without a byte-order mark, any line ends: what a spreadsheet saves.
Every recipient needs a row; nobody may use more than it was paid. Every bad row is
reported at once, with the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.repay import Usage
from ..errors import StatsbidragError
from ..i18n import N_, _, in_every_language, kr, problem_count
from ..models.numbers import whole_number_problem
from .text import read_spreadsheet_text

_CODE = re.compile(r"[0-9]{2}([0-9]{2})?")
_SHORTENED = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class UsageFile:
    """The usage per recipient, and notes on what was read generously (shortened codes)."""

    usage: dict[str, Usage]
    notes: list[str]


def read_usage(path: Path, paid: Mapping[str, int]) -> UsageFile:
    """Read a usage file (CSV, or an .xlsx workbook's first sheet) for recipients paid
    ``paid``; list every bad row at once."""
    read_notes: list[str] = []
    rows = _workbook_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path, read_notes)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise StatsbidragError(
            _("{path}: the file is empty; expected a header code,used[,misused]").format(path=path)
        )
    start = _header_index(rows)
    header = [_column_key(cell) for cell in rows[start]]
    if "code" not in header or "used" not in header:
        raise StatsbidragError(
            _(
                "{path}:1: header must name the columns code and used (and optionally "
                "misused), found {value}"
            ).format(path=path, value=",".join(rows[0]))
        )
    usage: dict[str, Usage] = {}
    problems: list[str] = []
    notes: list[str] = read_notes
    totals = {word.lower() for word in in_every_language("Total")}
    attempted: set[str] = set()
    for line, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        if (
            len(row) == len(header)
            and not row[header.index("code")].strip()
            and any(cell.strip().lower() in totals for cell in row)
        ):
            continue  # the Summa row of a workbook repay wrote
        where = f"{path}:{line}"
        if len(row) != len(header):
            problems.append(
                _("{where}: expected {count} fields, found {count2}").format(
                    where=where, count=len(header), count2=len(row)
                )
            )
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=True))
        code = _full_code(cells["code"], paid)
        if code is not None and code != cells["code"]:
            notes.append(_(
                "{where}: code {value!r} read as {code} (a spreadsheet drops leading "
                "zeros; keep codes as text)"
            ).format(where=where, value=cells['code'], code=code))  # fmt: skip
        if code is not None:
            attempted.add(code)
        amounts, problem = _amounts(cells)
        problem = problem or _row_problem(cells["code"], code, amounts, paid, usage)
        if problem:
            problems.append(_("{where}: {problem}").format(where=where, problem=problem))
        else:
            assert code is not None
            usage[code] = Usage(*amounts)
    missing = sorted(set(paid) - set(usage) - attempted)  # a refused row is not also missing
    if missing:
        problems.append(
            _(
                "{path}: no row for {value}; give every recipient a row (used 0 if it used nothing)"
            ).format(path=path, value=", ".join(missing))
        )
    if problems:
        raise StatsbidragError(problem_count(path, len(problems)), problems)
    return UsageFile(usage, notes)


def _header_index(rows: list[list[str]]) -> int:
    """The row of the headings: the first of the first few rows that names both code and used
    (a workbook `repay --format xlsx` wrote has its title above them), else the first row."""
    for index, row in enumerate(rows[:5]):
        keys = {_column_key(cell) for cell in row}
        if {"code", "used"} <= keys:
            return index
    return 0


COLUMN_HEADINGS = {"code": N_("Code"), "used": N_("Used"), "misused": N_("Misused")}
"""The columns read, and the headings ``repay`` gives them in a table or workbook."""


def _column_key(cell: str) -> str:
    """A header cell as a column key: ``code``, ``used`` and ``misused`` as written, or the
    heading ``repay`` writes for them in any language (``Kod``, ``Använt``, ``Felaktigt
    använt``; also ``Felanvänt``, as earlier versions wrote it)."""
    text = cell.strip().lower()
    if text == "felanvänt":
        return "misused"
    for key, heading in COLUMN_HEADINGS.items():
        if text in {heading.lower() for heading in in_every_language(heading)}:
            return key
    return text


def _csv_rows(path: Path, notes: list[str]) -> list[list[str]]:
    text = _usage_text(path, notes)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise StatsbidragError(
            _("{path}: not a CSV file ({error})").format(path=path, error=error)
        ) from None


def _usage_text(path: Path, notes: list[str]) -> str:
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
    """The first sheet of a workbook (e.g. the one `repay --format xlsx` wrote, filled in),
    as text cells: whole numbers without decimals, text as it is (read within the bounds of
    :mod:`.workbook`)."""
    from .workbook import first_sheet_rows

    return [[_cell_text(value) for value in row] for row in first_sheet_rows(path)]


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (1234.0 -> "1234"; 1.5 stays "1.5")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _full_code(code: str, paid: Mapping[str, int]) -> str | None:
    """The recipient code as written, or with the leading zeros a spreadsheet dropped."""
    if _CODE.fullmatch(code):
        return code
    if _SHORTENED.fullmatch(code):
        candidates = [full for full in (code.zfill(2), code.zfill(4)) if full in paid]
        if len(candidates) == 1:
            return candidates[0]
    return None


_KRONOR = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+|[0-9]+)(?:[,.](?P<ore>[0-9]{1,2}))?"
)
"""Kronor as a spreadsheet writes them: ``10229000``, ``10 229 000`` (with a space, a no-break
or a thin space), and with öre ``11724687,00``."""


def _amounts(cells: Mapping[str, str]) -> tuple[tuple[int, int], str | None]:
    """(used, misused) in whole kronor, or the problem with one of them."""
    values = []
    for name in ("used", "misused"):
        text = cells.get(name) or ("0" if name == "misused" else "")
        found = _KRONOR.fullmatch(text)
        if found and found.group("ore") and int(found.group("ore")):
            return (0, 0), _("{name} {value!r} has öre; give whole kronor").format(
                name=name, value=text
            )
        digits = re.sub(r"\D", "", found.group("whole")) if found else text
        digits = digits.lstrip("0") or ("0" if found else digits)
        problem = whole_number_problem(digits)
        if problem:
            return (0, 0), _("{name} {value!r} {problem} of kronor").format(
                name=name, value=text, problem=problem
            )
        values.append(int(digits))
    return (values[0], values[1]), None


def _row_problem(
    raw_code: str,
    code: str | None,
    amounts: tuple[int, int],
    paid: Mapping[str, int],
    usage: Mapping[str, Usage],
) -> str | None:
    if code is None:
        return _("code {code!r} is not a region (2 digits) or kommun (4) code").format(
            code=raw_code
        )
    if code not in paid:
        return _("{code} received nothing under this decision").format(code=code)
    if code in usage:
        return _("{code} is listed twice").format(code=code)
    used, misused = amounts
    if misused > used:
        return _("misused ({misused}) is more than used ({used})").format(
            misused=kr(misused), used=kr(used)
        )
    if used > paid[code]:
        return _("{code} used {used} kr but was paid {paid} kr; used cannot exceed paid").format(
            code=code, used=kr(used), paid=kr(paid[code])
        )
    return None
