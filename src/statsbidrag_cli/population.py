"""Population figures and the geography they are summed over.

Reads, strictly, the files under ``population/``:

* ``lan.csv``: the 21 counties (län) by SCB code, with the region that receives grants;
* ``samverkansregioner.yaml``: the six samverkansregioner by county and kommun code;
* ``NAME.csv`` + ``NAME.yaml``: a population dataset (kommun figures) and its provenance.

A samverkansregion's population is the sum of the kommuner in it; a definition that leaves a
kommun out, or counts one twice, is refused rather than silently mis-summed.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from .errors import StatsbidragError
from .models import CountyCode, Group, KommunCode, Strict, Text
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


class PopulationError(StatsbidragError):
    """A population or geography file that is missing, malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class County:
    """A county (län) and the region that receives grants for it."""

    code: str
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Kommun:
    """One row of a kommun-level population dataset."""

    code: str
    name: str
    county: str
    persons: int


class SamverkansregionSpec(Strict):
    """One samverkansregion: whole counties plus single kommuner (Halland is split)."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    name: Text
    counties: list[CountyCode] = []
    kommuner: list[KommunCode] = []


class SamverkansregionFile(Strict):
    """The file ``samverkansregioner.yaml``."""

    source: Text
    samverkansregioner: list[SamverkansregionSpec] = Field(min_length=1)


class DatasetInfo(Strict):
    """Provenance of a population dataset (``NAME.yaml`` beside ``NAME.csv``)."""

    name: Text
    title: Text
    level: Literal["kommun", "county", "mixed"]
    reference_date: dt.date
    source: Text
    checks: Text | None = None
    noise_note: Text | None = None


@dataclass(frozen=True)
class Unit:
    """A unit of a population split: its key, name and persons."""

    key: str
    name: str
    persons: int


@dataclass(frozen=True)
class PopulationDataset:
    """Population figures at one reference date, with their provenance.

    Kommun figures, county figures, or both. A county figure given directly is used as
    given (SCB's own, noise-protected total), not replaced by the sum of its kommuner.
    """

    info: DatasetInfo
    kommuner: dict[str, Kommun]
    counties: dict[str, int] = field(default_factory=dict)

    def county_persons(self, code: str) -> int:
        """A county's population: as given, else the sum of its kommuner."""
        if code in self.counties:
            return self.counties[code]
        members = [k.persons for k in self.kommuner.values() if k.county == code]
        if not members:
            raise PopulationError(f"dataset {self.info.name} has no figures for county {code}")
        return sum(members)

    def kommun_persons(self, code: str) -> int:
        try:
            return self.kommuner[code].persons
        except KeyError:
            raise PopulationError(f"dataset {self.info.name} has no kommun {code}") from None

    def persons_in(self, counties: Sequence[str], kommuner: Sequence[str]) -> int:
        """Persons in the given whole counties plus the given single kommuner."""
        return sum(self.county_persons(c) for c in counties) + sum(
            self.kommun_persons(k) for k in kommuner
        )

    @property
    def summing_note(self) -> str:
        """How county and larger figures come about, for the output's notes."""
        if not self.counties:
            return "county and samverkansregion figures are sums of its kommun figures"
        return "county figures are used as given; kommun figures only where a unit names kommuner"


@dataclass(frozen=True)
class Geography:
    """Counties and samverkansregioner, as defined under ``population/``."""

    counties: dict[str, County]
    samverkansregioner: dict[str, SamverkansregionSpec]
    _populations: dict[int, tuple[PopulationDataset, dict[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def county(self, code: str) -> County:
        try:
            return self.counties[code]
        except KeyError:
            raise PopulationError(f"unknown county code {code!r}") from None

    def samverkansregion_populations(self, dataset: PopulationDataset) -> dict[str, int]:
        """Persons per samverkansregion (computed once per dataset, then remembered).

        Raises :class:`PopulationError` if a county or kommun belongs to no samverkansregion
        or to more than one, so a bad definition can never silently drop or double-count
        people.
        """
        cached = self._populations.get(id(dataset))
        if cached is not None and cached[0] is dataset:
            return dict(cached[1])
        problems = self._coverage_problems(dataset)
        if problems:
            raise PopulationError(
                f"the samverkansregioner do not cover dataset {dataset.info.name} exactly once",
                problems,
            )
        result = {
            spec.id: dataset.persons_in(spec.counties, spec.kommuner)
            for spec in self.samverkansregioner.values()
        }
        self._populations[id(dataset)] = (dataset, result)
        return dict(result)

    def _coverage_problems(self, dataset: PopulationDataset) -> list[str]:
        specs = list(self.samverkansregioner.values())
        problems = [
            f"samverkansregion {spec.id}: kommun {code} is not in the dataset"
            for spec in specs
            for code in spec.kommuner
            if code not in dataset.kommuner
        ]
        by_county: dict[str, list[Kommun]] = {}
        for kommun in dataset.kommuner.values():
            by_county.setdefault(kommun.county, []).append(kommun)
        named: dict[str, list[str]] = {}
        for spec in specs:
            for code in spec.kommuner:
                named.setdefault(code, []).append(spec.id)
        for code, county in self.counties.items():
            owners = [spec.id for spec in specs if code in spec.counties]
            members = by_county.get(code, [])
            if code not in dataset.counties and not members:
                problems.append(f"county {code} {county.name}: no kommuner in the dataset")
            elif len(owners) > 1:
                problems.append(f"county {code} {county.name}: in several ({', '.join(owners)})")
            elif owners:
                problems += [
                    f"kommun {k.code} {k.name}: in several ({owners[0]} and by kommun code)"
                    for k in members
                    if k.code in named
                ]
            else:
                for kommun in members:
                    units = named.get(kommun.code, [])
                    if len(units) != 1:
                        where = (
                            f"in several ({', '.join(units)})"
                            if units
                            else "in no samverkansregion"
                        )
                        problems.append(f"kommun {kommun.code} {kommun.name}: {where}")
        return problems

    def units(
        self, kind: str, dataset: PopulationDataset, codes: Sequence[str] | None,
        groups: Sequence[Group],
    ) -> list[Unit]:  # fmt: skip
        """The units of a population split with their names and persons, sorted by key."""
        if kind == "samverkansregioner":
            persons = self.samverkansregion_populations(dataset)
            return [
                Unit(key, self.samverkansregioner[key].name, persons[key])
                for key in sorted(persons)
            ]
        if kind == "regions":
            chosen = sorted(codes) if codes is not None else sorted(self.counties)
            return [Unit(c, self.county(c).region, dataset.county_persons(c)) for c in chosen]
        if kind == "kommuner":
            chosen = sorted(codes) if codes is not None else sorted(dataset.kommuner)
            counts = [dataset.kommun_persons(c) for c in chosen]  # clear error for a missing code
            return [
                Unit(c, dataset.kommuner[c].name, n) for c, n in zip(chosen, counts, strict=True)
            ]
        for group in groups:
            for code in group.counties:
                self.county(code)
        return [
            Unit(g.id, g.name, dataset.persons_in(g.counties, g.kommuner))
            for g in sorted(groups, key=lambda g: g.id)
        ]


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
