"""Reading the files under ``population/``, strictly.

* ``lan.csv``: the 21 counties (län) by SCB code, with the region that receives grants;
* ``samverkansregioner.yaml``: the six samverkansregioner by county and kommun code;
* ``NAME.csv`` + ``NAME.yaml``: a population dataset (kommun and/or county figures) and its
  provenance.

Every bad row is reported at once, with the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.geography import County, Geography, Kommun, PopulationDataset
from ..errors import PopulationError
from ..models.population import DatasetInfo, SamverkansregionFile, SamverkansregionSpec
from .output import write_data
from .validation import validate_document
from .yamlfile import read_text, read_yaml

COUNTIES_FILE = "lan.csv"
SAMVERKANSREGIONER_FILE = "samverkansregioner.yaml"
COUNTY_HEADER = ["lanskod", "lan", "region"]
KOMMUN_HEADER = ["kommunkod", "kommun", "lanskod", "folkmangd"]
GENERAL_HEADER = ["kod", "namn", "folkmangd"]
"""A dataset of counties (two-digit codes) and/or kommuner (four-digit codes)."""

_DATASET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PERSONS = re.compile(r"0|[1-9][0-9]*")


def load_geography(population_dir: Path) -> Geography:
    """Read ``lan.csv`` and ``samverkansregioner.yaml`` and check they agree."""
    counties = _load_counties(population_dir / COUNTIES_FILE)
    path = population_dir / SAMVERKANSREGIONER_FILE
    spec = validate_document(read_yaml(path), SamverkansregionFile, "samverkansregioner file")
    by_id: dict[str, SamverkansregionSpec] = {}
    for unit in spec.samverkansregioner:
        if unit.id in by_id:
            raise PopulationError(f"{path}: samverkansregion {unit.id!r} is defined twice")
        unknown = sorted(set(unit.counties) - set(counties))
        if unknown:
            raise PopulationError(f"{path}: {unit.id}: unknown county code(s) {unknown}")
        by_id[unit.id] = unit
    return Geography(counties=counties, samverkansregioner=by_id)


def validate_dataset_name(name: str) -> None:
    """Dataset names become file names: letters, digits, ``_``, ``.`` and ``-`` only."""
    if not _DATASET_NAME.fullmatch(name) or ".." in name:
        raise PopulationError(
            f"{name!r} is not a valid population dataset name "
            "(letters, digits, _ . - only, e.g. folkmangd_2024-12-31)"
        )


def dataset_names(population_dir: Path) -> list[str]:
    """Names of the datasets in the folder: ``NAME.csv`` with a ``NAME.yaml`` beside it."""
    return sorted(
        p.stem
        for p in population_dir.glob("*.yaml")
        if p.with_suffix(".csv").is_file() and p.name != SAMVERKANSREGIONER_FILE
    )


def load_dataset(population_dir: Path, name: str) -> PopulationDataset:
    """Read the dataset ``NAME.csv`` with its provenance ``NAME.yaml``."""
    validate_dataset_name(name)
    info_path = population_dir / f"{name}.yaml"
    if not info_path.is_file():
        available = dataset_names(population_dir)
        raise PopulationError(
            f"no population dataset {name!r} in {population_dir} "
            f"(available: {', '.join(available) or 'none'})"
        )
    info = validate_document(read_yaml(info_path), DatasetInfo, "population dataset description")
    if info.name != name:
        raise PopulationError(f"{info_path}: name is {info.name!r}, but the file is named {name!r}")
    kommuner, counties = load_figures(population_dir / f"{name}.csv")
    return PopulationDataset(info=info, kommuner=kommuner, counties=counties)


def load_figures(path: Path) -> tuple[dict[str, Kommun], dict[str, int]]:
    """Kommun and county figures from a dataset CSV, in either accepted format."""
    header = next(csv.reader(read_text(path).splitlines()), None)
    if header == GENERAL_HEADER:
        return _load_general(path)
    if header != KOMMUN_HEADER:
        raise PopulationError(
            f"{path}:1: header must be {','.join(KOMMUN_HEADER)} or {','.join(GENERAL_HEADER)}, "
            f"found {header}"
        )
    return _load_kommuner(path), {}


def _load_general(path: Path) -> tuple[dict[str, Kommun], dict[str, int]]:
    kommuner: dict[str, Kommun] = {}
    counties: dict[str, int] = {}
    problems: list[str] = []
    for line, row in _csv_rows(path, GENERAL_HEADER):
        code, persons = row["kod"], row["folkmangd"]
        where = f"{path}:{line}"
        if not re.fullmatch(r"[0-9]{2}|[0-9]{4}", code):
            problems.append(
                f"{where}: kod {code!r} is neither a county (2 digits) nor a kommun (4)"
            )
        elif not _PERSONS.fullmatch(persons):
            problems.append(
                f"{where}: folkmangd {persons!r} for {code} is not a whole number of persons"
            )
        elif code in kommuner or code in counties:
            problems.append(f"{where}: {code} is listed twice")
        elif len(code) == 2:
            counties[code] = int(persons)
        else:
            kommuner[code] = Kommun(code, row["namn"], code[:2], int(persons))
    _raise_problems(path, problems, "figures", {**counties, **kommuner})
    return kommuner, counties


def _csv_rows(path: Path, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a UTF-8 CSV file whose header must be exactly ``header``."""
    text = read_text(path)
    reader = csv.reader(text.splitlines())
    found = next(reader, None)
    if found != header:
        raise PopulationError(f"{path}:1: header must be {','.join(header)}, found {found}")
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise PopulationError(
                f"{path}:{line_number}: expected {len(header)} fields, found {len(row)}"
            )
        yield line_number, dict(zip(header, (cell.strip() for cell in row), strict=True))


def _load_counties(path: Path) -> dict[str, County]:
    counties: dict[str, County] = {}
    problems: list[str] = []
    for line, row in _csv_rows(path, COUNTY_HEADER):
        code = row["lanskod"]
        if not re.fullmatch(r"[0-9]{2}", code):
            problems.append(f"{path}:{line}: lanskod {code!r} is not a two-digit code")
        elif code in counties:
            problems.append(f"{path}:{line}: county {code} is listed twice")
        else:
            counties[code] = County(code=code, name=row["lan"], region=row["region"])
    _raise_problems(path, problems, "counties", counties)
    return counties


def _load_kommuner(path: Path) -> dict[str, Kommun]:
    kommuner: dict[str, Kommun] = {}
    problems: list[str] = []
    for line, row in _csv_rows(path, KOMMUN_HEADER):
        code, county, persons = row["kommunkod"], row["lanskod"], row["folkmangd"]
        where = f"{path}:{line}"
        if not re.fullmatch(r"[0-9]{4}", code):
            problems.append(f"{where}: kommunkod {code!r} is not a four-digit code")
        elif county != code[:2]:
            problems.append(f"{where}: lanskod {county!r} does not match kommunkod {code}")
        elif not _PERSONS.fullmatch(persons):
            problems.append(
                f"{where}: folkmangd {persons!r} for {code} is not a whole number of persons"
            )
        elif code in kommuner:
            problems.append(f"{where}: kommun {code} is listed twice")
        else:
            kommuner[code] = Kommun(code, row["kommun"], county, int(persons))
    _raise_problems(path, problems, "kommuner", kommuner)
    return kommuner


def _raise_problems(path: Path, problems: list[str], what: str, found: dict[str, Any]) -> None:
    """Report every bad row at once, not just the first; an empty file is a problem too."""
    if problems:
        summary = problems[0] if len(problems) == 1 else f"{path}: {len(problems)} bad rows"
        raise PopulationError(summary, problems if len(problems) > 1 else [])
    if not found:
        raise PopulationError(f"{path}: no {what}")


def validate_population_file(path: Path) -> str:
    """Validate a population or geography file on its own; return what kind of file it is."""
    if path.suffix.lower() == ".csv":
        header = next(csv.reader(read_text(path).splitlines()), None)
        if header == COUNTY_HEADER:
            _load_counties(path)
            return "counties"
        load_figures(path)
        return "population dataset"
    document = read_yaml(path)
    if isinstance(document.data, dict) and "samverkansregioner" in document.data:
        validate_document(document, SamverkansregionFile, "samverkansregioner file")
        return "samverkansregioner"
    validate_document(document, DatasetInfo, "population dataset description")
    return "population dataset description"


def write_dataset(
    targets: Sequence[Path], figures_csv: str, info: Mapping[str, Any], force: bool
) -> None:
    """Write a dataset's figures (``NAME.csv``) and provenance (``NAME.yaml``), each atomically."""
    import yaml

    header = "# Provenance of the population dataset written by `statsbidrag population import`.\n"
    write_data(figures_csv.encode("utf-8"), targets[0], force)
    text = header + yaml.safe_dump(dict(info), allow_unicode=True, sort_keys=False, width=100)
    write_data(text.encode("utf-8"), targets[1], force)
