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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.geography import Kommun
from ..errors import PxWebError
from .population import Figures

_REGION = re.compile(r"^\s*([0-9]{2}|[0-9]{4})\s+(.+?)\s*$")
_NATION = "00"


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


def parse_export(raw: bytes, filename: str, column: str | None = None) -> ParsedExport:
    """Figures from a PxWeb export (CSV or JSON-stat 2), by its content."""
    text, encoding = _decode(raw, filename)
    if text.lstrip().startswith("{"):
        figures, used = _parse_json_stat(text, filename)
        return ParsedExport(figures, "JSON-stat 2", encoding, used)
    figures, used = _parse_csv(text, filename, column)
    return ParsedExport(figures, "CSV", encoding, used)


def _decode(raw: bytes, filename: str) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Latin-1 (Windows-1252)"
    except UnicodeDecodeError:
        raise PxWebError(f"{filename}: neither UTF-8 nor Latin-1 text") from None


def _parse_csv(text: str, filename: str, column: str | None) -> tuple[tuple[Figure, ...], str]:
    lines = [line for line in text.splitlines() if line.strip()]
    delimiter = max((",", ";", "\t"), key=lambda d: sum(line.count(d) for line in lines[:20]))
    rows = list(csv.reader(lines, delimiter=delimiter))
    first_data = next((i for i, row in enumerate(rows) if row and _REGION.match(row[0])), None)
    if first_data is None:
        raise PxWebError(
            f"{filename}: no row starts with a region code and name (e.g. '0114 Upplands Väsby')"
        )
    header = rows[first_data - 1] if first_data > 0 else []
    value_index, used = _value_column(header, rows[first_data], filename, column)
    figures = []
    for number, row in enumerate(rows[first_data:], start=first_data + 1):
        match = _REGION.match(row[0]) if row else None
        if match is None:
            raise PxWebError(f"{filename}: row {number}: {row[:1]} is not 'code name'")
        if value_index >= len(row):
            raise PxWebError(f"{filename}: row {number}: no figure in column {used!r}")
        figures.append(
            _figure(match.group(1), match.group(2), row[value_index], f"{filename}: row {number}")
        )
    return _without_nation(figures, filename), used


def _value_column(
    header: list[str], first_row: list[str], filename: str, column: str | None
) -> tuple[int, str]:
    names = [cell.strip() for cell in header] if header else [str(i) for i in range(len(first_row))]
    candidates = list(range(1, len(first_row)))
    if column is not None:
        if column not in names:
            raise PxWebError(f"{filename}: no column {column!r}; columns: {', '.join(names)}")
        return names.index(column), column
    if len(candidates) != 1:
        raise PxWebError(
            f"{filename}: several columns of figures ({', '.join(names[1:])}); "
            "choose one with --column"
        )
    return candidates[0], names[candidates[0]] if candidates[0] < len(names) else "value"


def _figure(code: str, name: str, value: Any, where: str) -> Figure:
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]+", text):
        raise PxWebError(f"{where}: {value!r} for {code} is not a whole number of persons")
    return Figure(code, name.strip(), int(text))


def _without_nation(figures: list[Figure], filename: str) -> tuple[Figure, ...]:
    kept = [figure for figure in figures if figure.code != _NATION]
    seen: set[str] = set()
    for figure in kept:
        if figure.code in seen:
            raise PxWebError(f"{filename}: region {figure.code} appears twice")
        seen.add(figure.code)
    if not kept:
        raise PxWebError(f"{filename}: no county or kommun figures")
    return tuple(kept)


def _parse_json_stat(text: str, filename: str) -> tuple[tuple[Figure, ...], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PxWebError(f"{filename}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or data.get("class") != "dataset" or "dimension" not in data:
        raise PxWebError(f"{filename}: not a JSON-stat 2 dataset (class: dataset)")
    ids: list[str] = data.get("id", [])
    sizes: list[int] = data.get("size", [])
    if len(ids) != len(sizes):
        raise PxWebError(f"{filename}: JSON-stat 'id' and 'size' differ in length")
    region_dim = next(
        (d for d in ids if _looks_like_regions(data["dimension"][d]["category"])), None
    )
    if region_dim is None:
        raise PxWebError(f"{filename}: no dimension with region codes as categories")
    others = [d for d, n in zip(ids, sizes, strict=True) if d != region_dim and n != 1]
    if others:
        raise PxWebError(
            f"{filename}: dimension(s) {', '.join(others)} have several categories; "
            "export one year and one measure only"
        )
    category = data["dimension"][region_dim]["category"]
    index = category["index"]
    positions = index if isinstance(index, dict) else {code: i for i, code in enumerate(index)}
    labels = category.get("label", {})
    values = data.get("value", [])
    figures = []
    for code, position in sorted(positions.items(), key=lambda item: item[1]):
        value = values.get(str(position)) if isinstance(values, dict) else values[position]
        figures.append(_figure(code, labels.get(code, code), value, f"{filename}: {code}"))
    return _without_nation(figures, filename), str(data.get("label", "value"))


def _looks_like_regions(category: dict[str, Any]) -> bool:
    index = category.get("index", {})
    codes = list(index) if isinstance(index, (dict, list)) else []
    return bool(codes) and all(re.fullmatch(r"[0-9]{2}|[0-9]{4}", str(c)) for c in codes)


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
