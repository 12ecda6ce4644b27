"""Reading a usage file for ``repay --used``: what each recipient used (and misused).

The file is CSV with at least the columns ``code`` and ``used`` (``misused`` optional; other
columns, such as those of ``repay --excel`` output, are ignored; the headings ``repay`` writes
in a workbook, ``Kod``/``Code`` and so on, are understood too), separated by commas or
semicolons, UTF-8 with or without a byte-order mark, any line ends: what a spreadsheet saves.
Every recipient needs a row; nobody may use more than it was paid. Every bad row is
reported at once, with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ...core.repay import Usage
from ...errors import StatsbidragError
from ...i18n import N_, _, in_every_language, kr, problem_count
from .sheet import sheet_rows, whole_kronor

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
    rows = sheet_rows(path, read_notes)
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


def _full_code(code: str, paid: Mapping[str, int]) -> str | None:
    """The recipient code as written, or with the leading zeros a spreadsheet dropped."""
    if _CODE.fullmatch(code):
        return code
    if _SHORTENED.fullmatch(code):
        candidates = [full for full in (code.zfill(2), code.zfill(4)) if full in paid]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _amounts(cells: Mapping[str, str]) -> tuple[tuple[int, int], str | None]:
    """(used, misused) in whole kronor, or the problem with one of them."""
    values = []
    for name in ("used", "misused"):
        text = cells.get(name) or ("0" if name == "misused" else "")
        value = whole_kronor(text)
        if isinstance(value, str):
            return (0, 0), _("{name} {value!r} {problem}").format(
                name=name, value=text, problem=value
            )
        values.append(value)
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
