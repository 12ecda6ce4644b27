"""Read population tables exported from SCB's statistical database (PxWeb).

Two export shapes are understood:

* **CSV** ("Kommaavgränsad", "Semikolonavgränsad", "Tabbavgränsad"), with or without a title
  line above the header, UTF-8 or Latin-1 (Windows-1252), the region given as "code name"
  (``0114 Upplands Väsby``, ``01 Stockholms län``) and one column of figures;
* **JSON-stat 2** ("JSON-stat2"): a dataset whose region dimension has the codes as category
  index and every other dimension of size one.

Counties (two-digit codes) and kommuner (four-digit codes) may both appear; a county figure is
kept as given, never replaced by the sum of its kommuner. ``00 Riket`` (the whole country) is
left out. Pure: bytes in, figures out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ...core.geography import Kommun
from ...errors import PxWebError
from ...i18n import _
from ...models.numbers import whole_number_problem
from ..local.jsontext import JsonBoundError, loads_bounded
from ..local.population import Figures
from ..local.sheet import csv_delimiter
from ..local.text import legacy_text

_REGION = re.compile(r"^\s*([0-9]{2}|[0-9]{4})(?:\s+(.+?))?\s*$")
"""A region cell: ``0114 Upplands Väsby``, ``01 Stockholms län``, or a bare code (``0114``)
as a plain two-column spreadsheet of a key has it (its name then comes from the geography)."""
_LOST_ZERO = re.compile(r"^\s*([0-9]|[0-9]{3})(?:\s+\D.*)?\s*$")
"""A code of 1 or 3 digits where a county's 2 or a kommun's 4 are meant: ``114`` for 0114."""
_NATION = "00"
MAX_JSON_BYTES = 100_000_000
"""A JSON-stat export or answer larger than this is refused (SCB's kommun table: ~60 kB)."""


@dataclass(frozen=True)
class Figure:
    """One region's population, as the export gives it."""

    code: str
    name: str
    persons: int


@dataclass(frozen=True)
class ParsedExport:
    """The figures of an export, and how it was read (for the provenance)."""

    figures: tuple[Figure, ...]
    shape: str
    encoding: str
    column: str
    selection: tuple[str, ...] = ()
    """What a JSON-stat body counts beyond the total population, one ``dimension: category``
    per dimension whose one category is not a total (``ålder: 80-89 år``); empty for a body
    of the total population."""


def parse_export(raw: bytes, filename: str, column: str | None = None) -> ParsedExport:
    """Figures from a PxWeb export (CSV or JSON-stat 2), by its content."""
    text, encoding = _decode(raw, filename)
    start = text.lstrip()[:1]
    if start == "[":
        raise PxWebError(
            _(
                "{filename}: a JSON array, not a JSON-stat 2 dataset (an object with "
                '"class": "dataset"); export the table as JSON-stat2'
            ).format(filename=filename)
        )
    if start == "{":
        figures, used, selection = _parse_json_stat(text, filename)
        return ParsedExport(figures, "JSON-stat 2", encoding, used, selection)
    figures, used = _parse_csv(text, filename, column)
    return ParsedExport(figures, "CSV", encoding, used)


def _decode(raw: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Latin-1 (Windows-1252)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise PxWebError(
                _("{filename}: starts like UTF-16 text but is not").format(filename=filename)
            ) from None
    if b"\x00" in raw:
        raise PxWebError(
            _(
                "{filename}: contains NUL bytes: not a text export (or UTF-16 without a "
                "byte-order mark); export the table as CSV or JSON-stat2 in UTF-8"
            ).format(filename=filename)
        )
    found = legacy_text(raw)
    if found is None:
        raise PxWebError(
            _("{filename}: neither UTF-8, UTF-16 nor Latin-1 text").format(filename=filename)
        )
    text, encoding = found
    return text, "UTF-8" if encoding == "utf-8" else "Latin-1 (Windows-1252)"


def _csv_records(text: str, filename: str, delimiter: str) -> list[list[str]]:
    """The non-empty records of the CSV text; only CR and LF end a record."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise PxWebError(
            _("{filename}: not readable as CSV ({error})").format(filename=filename, error=error)
        ) from None
    return [row for row in rows if any(cell.strip() for cell in row)]


def _parse_csv(text: str, filename: str, column: str | None) -> tuple[tuple[Figure, ...], str]:
    rows = _csv_records(text, filename, csv_delimiter(text))
    first_data = next((i for i, row in enumerate(rows) if _REGION.match(row[0])), None)
    if first_data is None:
        raise PxWebError(
            _(
                "{filename}: no row starts with a region code and name (e.g. '0114 "
                "Upplands Väsby'); is this a PxWeb table export of population by region?"
            ).format(filename=filename)
        )
    for number, row in enumerate(rows, start=1):  # a table of codes, one without its zero
        lost = _LOST_ZERO.match(row[0])
        if lost:
            code = lost.group(1)
            raise PxWebError(
                _(
                    "{filename}: row {number}: the code {code!r} has lost its leading zero (a "
                    "spreadsheet read it as a number); write it {fixed!r}, as text, and import "
                    "again"
                ).format(
                    filename=filename, number=number, code=code, fixed=code.zfill(len(code) + 1)
                )
            )
    header = rows[first_data - 1] if first_data > 0 else []
    value_index, used = _value_column(header, rows[first_data], filename, column)
    figures = []
    for number, row in enumerate(rows[first_data:], start=first_data + 1):
        match = _REGION.match(row[0])
        if match is None:
            raise PxWebError(
                _("{filename}: row {number}: {value!r} is not 'code name'").format(
                    filename=filename, number=number, value=row[0]
                )
            )
        if value_index >= len(row):
            raise PxWebError(
                _("{filename}: row {number}: no figure in column {used!r}").format(
                    filename=filename, number=number, used=used
                )
            )
        figures.append(
            _figure(
                match.group(1), match.group(2) or "", row[value_index], f"{filename}: row {number}"
            )
        )
    return _without_nation(figures, filename), used


def _value_column(
    header: list[str], first_row: list[str], filename: str, column: str | None
) -> tuple[int, str]:
    names = [cell.strip() for cell in header] if header else [str(i) for i in range(len(first_row))]
    candidates = [  # a column of names (namn, region) is never a column of figures
        index
        for index in range(1, len(first_row))
        if not any(char.isalpha() for char in first_row[index])
    ]
    if column is not None:
        if column not in names:
            raise PxWebError(
                _("{filename}: no column {column!r}; columns: {value}").format(
                    filename=filename, column=column, value=", ".join(names)
                )
            )
        return names.index(column), column
    if not candidates:
        raise PxWebError(
            _(
                "{filename}: no column of figures beside the region column; export the "
                "table with the population in a column of its own"
            ).format(filename=filename)
        )
    if len(candidates) != 1:
        raise PxWebError(
            _("{filename}: several columns of figures ({value}); choose one with --column").format(
                filename=filename,
                value=", ".join(names[i] if i < len(names) else str(i) for i in candidates),
            )
        )
    return candidates[0], names[candidates[0]] if candidates[0] < len(names) else "value"


def _figure(code: str, name: str, value: Any, where: str) -> Figure:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PxWebError(
            _("{where}: {value!r} for {code} is not a whole number of persons").format(
                where=where, value=value, code=code
            )
        )
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    problem = whole_number_problem(text)
    if problem:
        raise PxWebError(
            _("{where}: {value!r} for {code} {problem} of persons").format(
                where=where, value=value, code=code, problem=problem
            )
        )
    return Figure(code, name.strip(), int(text))


def _without_nation(figures: list[Figure], filename: str) -> tuple[Figure, ...]:
    kept = [figure for figure in figures if figure.code != _NATION]
    seen: set[str] = set()
    for figure in kept:
        if figure.code in seen:
            raise PxWebError(
                _("{filename}: region {code} appears twice").format(
                    filename=filename, code=figure.code
                )
            )
        seen.add(figure.code)
    if not kept:
        raise PxWebError(_("{filename}: no county or kommun figures").format(filename=filename))
    return tuple(kept)


TOTAL_CODES = {"tot", "totsa", "sc", "00"}
"""Category codes SCB gives its published totals (``tot`` in TAB638, ``TotSA``/``TotSa`` from
2025, ``SC`` for every civilstånd), in lower case."""


def _selection(
    table: _JsonStatTable, region: str, data: dict[str, Any], summed: str | None = None
) -> tuple[str, ...]:
    """The single categories of a body that are not totals: an age band, a sex, a civil
    status. The year (``role.time``) and the measure (``role.metric``) are not counted."""
    roles = data.get("role") if isinstance(data.get("role"), dict) else {}
    skipped = {region, summed}
    for kind in ("time", "metric"):
        names = roles.get(kind) if isinstance(roles, dict) else None
        skipped |= set(names) if isinstance(names, list) else set()
    chosen = []
    for name in table.ids:
        if name in skipped or name.lower() in ("tid", "contentscode"):
            continue
        (code,) = table.positions[name]
        if code.lower() not in TOTAL_CODES:
            label = table.labels[name].get(code, code)
            chosen.append(f"{table.titles.get(name, name)}: {label}")
    return tuple(chosen)


def _parse_json_stat(text: str, filename: str) -> tuple[tuple[Figure, ...], str, tuple[str, ...]]:
    body = _figures_of_body(text, filename, summed=None)
    return body.figures, body.used, body.selection


def parse_summed(raw: bytes, filename: str, summed: str) -> tuple[tuple[Figure, ...], int]:
    """The figures of a json-stat2 answer whose dimension ``summed`` (SCB's ``Alder``) has
    several categories, summed per region; and how many were summed. Every other dimension
    but the region must have one category. (A sum of noise-protected cells carries each
    cell's noise: the caller says so.)"""
    text, _encoding = _decode(raw, filename)
    body = _figures_of_body(text, filename, summed=summed)
    return body.figures, body.summed


class _BodyFigures(NamedTuple):
    """What a json-stat2 body gives: the figures, its label, what it counts beyond the total
    population (see :attr:`ParsedExport.selection`), and how many categories were summed."""

    figures: tuple[Figure, ...]
    used: str
    selection: tuple[str, ...]
    summed: int


def _figures_of_body(text: str, filename: str, summed: str | None) -> _BodyFigures:
    data = _json_object(text, filename)
    table = _json_stat_structure(data, filename)
    region = next((d for d in table.ids if d.lower() == "region"), None) or next(
        (d for d in table.ids if _looks_like_regions(table.positions[d])), None
    )
    if region is None:
        raise PxWebError(
            _("{filename}: no dimension 'Region' with region codes as categories").format(
                filename=filename
            )
        )
    others = [d for d in table.ids if d not in (region, summed) and table.sizes[d] != 1]
    if others:
        raise PxWebError(
            _(
                "{filename}: dimension(s) {value} have several categories; export one "
                "year and one measure only"
            ).format(filename=filename, value=", ".join(others))
        )
    labels = table.labels[region]
    figures = []
    for code, position in sorted(table.positions[region].items(), key=lambda item: item[1]):
        if not re.fullmatch(r"[0-9]{2}|[0-9]{4}", code):
            raise PxWebError(
                _("{filename}: region category {code!r} is not a region code").format(
                    filename=filename, code=code
                )
            )
        cells = [position * table.stride(region)]
        if summed is not None and summed in table.sizes:
            step = table.stride(summed)
            cells = [cells[0] + index * step for index in range(table.sizes[summed])]
        parts = [table.values.get(cell) for cell in cells]
        bad = [v for v in parts if not isinstance(v, int) or isinstance(v, bool)]
        if bad:
            raise PxWebError(
                _(
                    "{filename}: {code}: {value!r} is not a whole number of persons "
                    "(JSON-stat values are numbers)"
                ).format(filename=filename, code=code, value=bad[0])
            )
        value = sum(v for v in parts if isinstance(v, int))
        figures.append(_figure(code, labels.get(code, code), value, f"{filename}: {code}"))
    return _BodyFigures(
        _without_nation(figures, filename),
        str(data.get("label", "value")),
        _selection(table, region, data, summed),
        table.sizes.get(summed, 1) if summed is not None else 1,
    )


def _json_object(text: str, filename: str) -> dict[str, Any]:
    def bounded_int(digits: str) -> int:
        problem = whole_number_problem(digits.lstrip("-"))
        if problem and "digits" in problem:
            raise PxWebError(
                _("{filename}: a number {problem}").format(filename=filename, problem=problem)
            )
        return int(digits)

    try:
        data = loads_bounded(text, MAX_JSON_BYTES, parse_int=bounded_int)
    except JsonBoundError as error:
        raise PxWebError(
            _("{filename}: JSON {reason}").format(filename=filename, reason=error)
        ) from None
    except json.JSONDecodeError as error:
        raise PxWebError(
            _("{filename}:{lineno}: not valid JSON: {msg}").format(
                filename=filename, lineno=error.lineno, msg=error.msg
            )
        ) from None
    except RecursionError:
        raise PxWebError(
            _("{filename}: JSON nested too deeply").format(filename=filename)
        ) from None
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise PxWebError(
            _('{filename}: not a JSON-stat 2 dataset ("class": "dataset")').format(
                filename=filename
            )
        )
    return data


@dataclass(frozen=True)
class _JsonStatTable:
    """A JSON-stat 2 dataset whose structure has been checked: dimension ids and sizes, each
    dimension's category positions and labels, and the values by flat position."""

    ids: list[str]
    sizes: dict[str, int]
    positions: dict[str, dict[str, int]]
    labels: dict[str, dict[str, str]]
    values: dict[int, Any]
    titles: dict[str, str]
    """Each dimension's own label (``ålder``), where the body gives one."""

    def stride(self, dimension: str) -> int:
        """How far apart in the flat value list two neighbouring categories of ``dimension``
        are (row-major order, the last dimension varying fastest)."""
        result = 1
        for name in self.ids[self.ids.index(dimension) + 1 :]:
            result *= self.sizes[name]
        return result


def _json_stat_structure(data: dict[str, Any], filename: str) -> _JsonStatTable:
    """Check ``id``, ``size``, ``dimension`` and ``value`` agree before any figure is read."""

    def fail(message: str) -> PxWebError:
        return PxWebError(
            _("{filename}: JSON-stat 2: {message}").format(filename=filename, message=message)
        )

    ids, sizes, dimensions = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise fail(_("'id' must be a list of dimension names"))
    if len(set(ids)) != len(ids):
        raise fail(_("'id' names a dimension twice"))
    if not isinstance(sizes, list) or len(sizes) != len(ids):
        raise fail(_("'size' must be a list with one size per dimension in 'id'"))
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in sizes):
        raise fail(_("every 'size' must be a positive whole number"))
    if not isinstance(dimensions, dict):
        raise fail(_("'dimension' must be an object with one entry per dimension"))
    positions: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, str]] = {}
    for name, size in zip(ids, sizes, strict=True):
        dimension = dimensions.get(name)
        category = dimension.get("category") if isinstance(dimension, dict) else None
        if not isinstance(category, dict):
            raise fail(_("dimension {name!r} has no 'category' object").format(name=name))
        positions[name] = _category_positions(category.get("index"), name, size, fail)
        raw_labels = category.get("label", {})
        if not isinstance(raw_labels, dict) or not all(
            isinstance(v, str) for v in raw_labels.values()
        ):
            raise fail(
                _("dimension {name!r}: 'label' must map category codes to text").format(name=name)
            )
        labels[name] = raw_labels
    total = 1
    for size in sizes:
        total *= size
    values = _json_stat_values(data.get("value"), total, fail)
    titles = {
        name: str(dimensions[name].get("label"))
        for name in ids
        if isinstance(dimensions.get(name), dict) and isinstance(dimensions[name].get("label"), str)
    }
    return _JsonStatTable(
        ids, dict(zip(ids, sizes, strict=True)), positions, labels, values, titles
    )


def _category_positions(
    index: Any, name: str, size: int, fail: Callable[[str], PxWebError]
) -> dict[str, int]:
    """Category code -> position, from a list or an object; positions 0..size-1, each once."""
    if isinstance(index, list) and all(isinstance(code, str) for code in index):
        if len(set(index)) != len(index):
            raise fail(
                _("dimension {name!r}: a category appears twice in 'index'").format(name=name)
            )
        result = {code: position for position, code in enumerate(index)}
    elif isinstance(index, dict) and all(
        isinstance(p, int) and not isinstance(p, bool) for p in index.values()
    ):
        result = dict(index)
    else:
        raise fail(
            _("dimension {name!r}: 'index' must list the codes or map them to positions").format(
                name=name
            )
        )
    if sorted(result.values()) != list(range(size)):
        raise fail(
            _(
                "dimension {name!r}: its {count} categories must take the positions 0 to "
                "{value} once each, as 'size' says ({size})"
            ).format(name=name, count=len(result), value=size - 1, size=size)
        )
    return result


def _json_stat_values(value: Any, total: int, fail: Callable[[str], PxWebError]) -> dict[int, Any]:
    """The values by flat position: a list of exactly ``total`` entries, or an object whose
    keys are positions below ``total``."""
    if isinstance(value, list):
        if len(value) != total:
            raise fail(
                _("'value' has {count} entries, but the sizes make {total}").format(
                    count=len(value), total=total
                )
            )
        return dict(enumerate(value))
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not re.fullmatch(r"0|[1-9][0-9]{0,14}", key) or int(key) >= total:
                raise fail(
                    _("'value' key {key!r} is not a position below {total}").format(
                        key=key, total=total
                    )
                )
            result[int(key)] = item
        return result
    raise fail(_("'value' must be a list (or an object) of figures"))


def _looks_like_regions(positions: dict[str, int]) -> bool:
    return bool(positions) and all(re.fullmatch(r"[0-9]{2}|[0-9]{4}", c) for c in positions)


def dataset_csv(figures: tuple[Figure, ...]) -> str:
    """The dataset file in statsbidrag's general format ``kod,namn,folkmangd``, by code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kod", "namn", "folkmangd"])
    for figure in sorted(figures, key=lambda f: (len(f.code), f.code)):
        writer.writerow([figure.code, figure.name, figure.persons])
    return buffer.getvalue()


def figures_of(export: Path, figures: tuple[Figure, ...]) -> Figures:
    """The export's figures as a dataset's, for checking them against the geography."""
    result = Figures(export)
    for figure in figures:
        if len(figure.code) == 2:
            result.counties[figure.code] = figure.persons
        else:
            result.kommuner[figure.code] = Kommun(
                figure.code, figure.name, figure.code[:2], figure.persons
            )
    return result
