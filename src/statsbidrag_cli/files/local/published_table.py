"""Reading a published distribution table from a file, for ``audit --table``: one amount per
county, kommun or samverkansregion, as an agency or a newspaper printed it.

What is read (CSV as a spreadsheet saves it, or an ``.xlsx`` workbook's first sheet):

* a heading row is optional. Where there is one, the amount is the column headed *belopp*,
  *kronor*, *kr*, *bidrag*, *amount* (or the one ``--column`` names) and the unit is in the
  column headed *kod*/*code* where there is one; without headings, the unit is the first cell
  that names one and the amount the row's last filled cell;
* a unit is named by its SCB code (``01``, ``0114``, or the ``1`` a spreadsheet leaves of
  ``01``), by ``code name`` (``01 Stockholms län``), or by its name (``Stockholms län``,
  ``Region Stockholm``, ``Stockholm``; a kommun's name; a samverkansregion's name or id);
* a row *Totalt*, *Summa*, *Riket* (or code ``00``) is the table's printed total; in a
  kommun table, a county's row is the printed subtotal of its kommuner. Both are kept as
  printed totals, never as units;
* an empty amount, a dash, ``..`` is unknown, never 0; so is a unit the table leaves
  out (said in a note);
* lines that hold no amount (a title, a source line) are passed over; a line with an amount
  whose unit is not known is an error, as are a unit listed twice and an amount with öre.

Every bad line is reported at once, with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...core.geography import Geography
from ...core.keysearch import PrintedTotal, TableRow
from ...errors import StatsbidragError
from ...i18n import _, ngettext, problem_count
from .sheet import sheet_rows, whole_kronor

AMOUNT_HEADINGS = frozenset(
    {"belopp", "kronor", "kr", "bidrag", "amount", "published", "fördelning", "tilldelning"}
)
"""First words of a heading that names the amount column (``Belopp, kr``, ``Kronor``)."""
CODE_HEADINGS = frozenset({"kod", "code", "lanskod", "länskod", "kommunkod", "regionkod"})
TOTAL_WORDS = frozenset({"totalt", "summa", "total", "riket", "hela riket", "sverige", "samtliga"})
UNKNOWN_CELLS = frozenset({"", "\u2013", "\u2014", "-", "..", "\u2026", "uppgift saknas"})
"""Cells that say an amount is not given: empty, a dash (en, em, hyphen), dots."""
_CODE_AND_NAME = re.compile(r"([0-9]{1,4})(?:\s+(.*))?")
_SEARCH_ROWS = 10
"""How many lines from the top a heading row may be found in."""


@dataclass(frozen=True)
class TableFile:
    """A published table as read: every unit of its level (published None: not given), its
    printed totals, and notes on what was read generously."""

    rows: tuple[TableRow, ...]
    totals: tuple[PrintedTotal, ...]
    grand_total: int | None
    """The printed total of the whole table, where it has one."""
    notes: tuple[str, ...]


def read_published_table(
    path: Path, level: str, geography: Geography, column: str | None = None
) -> TableFile:
    """Read ``path`` as a table of ``level`` (``regions``, ``kommuner`` or
    ``samverkansregioner``) units of ``geography``; see the module docstring."""
    notes: list[str] = []
    lines = sheet_rows(path, notes)
    if not any(any(cell.strip() for cell in row) for row in lines):
        raise StatsbidragError(_("{path}: the file is empty").format(path=path))
    names = _unit_names(level, geography)
    start, amount_column, code_column = _headings(path, lines, column)
    amounts: dict[str, int | None] = {}
    subtotals: dict[str, int] = {}
    grand_total: int | None = None
    problems: list[str] = []
    for number, cells in enumerate(lines[start:], start=start + 1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        where = f"{path}:{number}"
        text = _amount_cell(cells, amount_column)
        value = None if text.lower() in UNKNOWN_CELLS else whole_kronor(text)
        unit = _unit(cells, code_column, amount_column, names)
        if isinstance(value, str):
            if unit is None:
                continue  # a title or a source line: no unit, no amount
            problems.append(
                _("{where}: amount {value!r} {problem}").format(
                    where=where, value=text, problem=value
                )
            )
            continue
        if unit is None:
            if value is not None:
                problems.append(
                    _("{where}: no {units} is named in {cells}").format(
                        where=where,
                        units=_unit_word(level),
                        cells=" | ".join(c for c in cells if c),
                    )
                )
            continue
        kind, code = unit
        if kind == "total":
            if grand_total is not None:
                problems.append(_("{where}: a second total row").format(where=where))
            elif value is not None:
                grand_total = value
        elif kind == "subtotal":
            if value is not None:
                subtotals[code] = value
        elif code in amounts:
            problems.append(_("{where}: {code} is listed twice").format(where=where, code=code))
        else:
            amounts[code] = value
    if problems:
        raise StatsbidragError(problem_count(path, len(problems)), problems)
    if not amounts:
        raise StatsbidragError(
            _("{path}: no row names a {unit} with an amount; is --level right?").format(
                path=path, unit=_unit_word(level)
            )
        )
    rows = tuple(
        TableRow(code, name, amounts.get(code)) for code, name in _all_units(level, geography)
    )
    missing = [row.code for row in rows if row.code not in amounts]
    if missing:
        notes.append(
            ngettext(
                "{path}: {count} unit is not in the table ({codes}): unknown, not 0",
                "{path}: {count} units are not in the table ({codes}): unknown, not 0",
                len(missing),
            ).format(path=path, count=len(missing), codes=", ".join(missing))
        )
    return TableFile(
        rows=rows,
        totals=_printed_totals(rows, subtotals, grand_total, geography),
        grand_total=grand_total,
        notes=tuple(notes),
    )


def _headings(
    path: Path, lines: list[list[str]], column: str | None
) -> tuple[int, int | None, int | None]:
    """(first data line, amount column, code column) from a heading row near the top, or
    (0, None, None) for a table without headings. ``column`` must be found where given."""
    wanted = _heading(column) if column else None
    for index, cells in enumerate(lines[:_SEARCH_ROWS]):
        headings = [_heading(cell) for cell in cells]
        if sum(1 for heading in headings if heading) < 2:
            continue  # a title line ("Fördelning per region, kronor"), not headings
        if wanted is not None:
            amount = headings.index(wanted) if wanted in headings else None
        else:
            amount = next(
                (i for i, h in enumerate(headings) if h.split(" ")[0] in AMOUNT_HEADINGS), None
            )
        if amount is not None:
            code = next((i for i, h in enumerate(headings) if h in CODE_HEADINGS), None)
            return index + 1, amount, code
    if column:
        raise StatsbidragError(
            _("{path}: no column headed {column!r} in the first {count} lines").format(
                path=path, column=column, count=_SEARCH_ROWS
            )
        )
    return 0, None, None


def _heading(cell: str) -> str:
    """A heading cell in a comparable form: ``Belopp, kr`` -> ``belopp kr``."""
    return " ".join(re.sub(r"[^\w]+", " ", cell.casefold()).split())


def _amount_cell(cells: list[str], amount_column: int | None) -> str:
    if amount_column is not None:
        return cells[amount_column] if amount_column < len(cells) else ""
    filled = [cell for cell in cells if cell]
    return filled[-1] if len(filled) > 1 else ""


def _unit(
    cells: list[str],
    code_column: int | None,
    amount_column: int | None,
    names: dict[str, tuple[str, str]],
) -> tuple[str, str] | None:
    """(kind, code) of the unit a line names: ``unit``, ``subtotal`` (a county in a kommun
    table) or ``total``; None when it names none."""
    if code_column is not None and code_column < len(cells) and cells[code_column]:
        return _named(cells[code_column], names)
    last = amount_column if amount_column is not None else len(cells) - 1
    for cell in cells[:last] if last > 0 else cells[:1]:
        if cell:
            found = _named(cell, names)
            if found is not None:
                return found
    return None


def _named(text: str, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    key = _name_key(text)
    if key in TOTAL_WORDS or key == "00" or key.split(" ")[0] in TOTAL_WORDS:
        return ("total", "")
    if key in names:
        return names[key]
    found = _CODE_AND_NAME.fullmatch(key)
    if found:
        digits = found.group(1)
        for width in (2, 4):
            if len(digits) <= width and digits.zfill(width) in names:
                return names[digits.zfill(width)]
    return None


def _name_key(text: str) -> str:
    """A name as compared: case and spacing ignored, hyphens and en dashes alike."""
    return " ".join(text.casefold().replace("\u2010", "-").replace("\u2013", "-").split())


def _unit_names(level: str, geography: Geography) -> dict[str, tuple[str, str]]:
    """Every way a line may name a unit (or a county subtotal), as a name key -> (kind, code)."""
    names: dict[str, tuple[str, str]] = {}

    def add(kind: str, code: str, spellings: Iterable[str]) -> None:
        for spelling in spellings:
            names.setdefault(_name_key(spelling), (kind, code))

    county_kind = "unit" if level == "regions" else "subtotal"
    if level == "kommuner":
        for code, kommun in geography.kommuner.items():
            add("unit", code, (code, kommun.name))
    if level == "samverkansregioner":
        for key, spec in geography.samverkansregioner.items():
            add("unit", key, (key, spec.name))
    if level in ("regions", "kommuner"):
        for code, county in geography.counties.items():
            add(county_kind, code, (code, county.name, county.region))
            if level == "regions":  # short names, which a kommun of the same name would take
                add(county_kind, code, _short_county_names(county.name, county.region))
    return names


def _short_county_names(name: str, region: str) -> list[str]:
    """``Stockholms län`` -> ``Stockholms``, ``Stockholm``; ``Region Gotland`` -> ``Gotland``."""
    short = name.removesuffix(" län")
    spellings = [short, region.removeprefix("Region ")]
    if short.endswith("s") and short != name:
        spellings.append(short[:-1])
    return spellings


def _all_units(level: str, geography: Geography) -> list[tuple[str, str]]:
    if level == "kommuner":
        return [(code, k.name) for code, k in sorted(geography.kommuner.items())]
    if level == "samverkansregioner":
        return [(key, s.name) for key, s in sorted(geography.samverkansregioner.items())]
    return [(code, c.region) for code, c in sorted(geography.counties.items())]


def _printed_totals(
    rows: tuple[TableRow, ...],
    subtotals: dict[str, int],
    grand_total: int | None,
    geography: Geography,
) -> tuple[PrintedTotal, ...]:
    totals = [
        PrintedTotal(
            geography.counties[code].name,
            printed,
            tuple(row.code for row in rows if geography.kommuner[row.code].county == code),
        )
        for code, printed in sorted(subtotals.items())
    ]
    if grand_total is not None:
        totals.append(PrintedTotal(_("total"), grand_total, tuple(row.code for row in rows)))
    return tuple(totals)


def _unit_word(level: str) -> str:
    return {
        "kommuner": _("kommun"),
        "samverkansregioner": _("samverkansregion"),
    }.get(level, _("county"))
