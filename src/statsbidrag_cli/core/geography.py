"""The geography a population split is summed over, and population datasets, as values.

Pure: counties, kommuner, samverkansregioner and datasets arrive already read (see
:mod:`statsbidrag_cli.files.population`); nothing here touches a file.

A samverkansregion's population is the sum of the kommuner in it; a definition that leaves a
kommun out, or counts one twice, is refused rather than silently mis-summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import PopulationError
from ..models.decision import Group
from ..models.population import DatasetInfo, SamverkansregionSpec


@dataclass(frozen=True, slots=True)
class County:
    """A county (län) and the region that receives grants for it."""

    code: str
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class KommunEntry:
    """A kommun of the geography (``kommuner.csv``): its code, name and county."""

    code: str
    name: str
    county: str


@dataclass(frozen=True, slots=True)
class Kommun:
    """One row of a kommun-level population dataset."""

    code: str
    name: str
    county: str
    persons: int


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
    source: str = ""
    """The file the figures were read from, for messages."""

    @property
    def label(self) -> str:
        """``dataset NAME (file)``: how messages name the dataset."""
        where = f" ({self.source})" if self.source else ""
        return f"dataset {self.info.name}{where}"

    def county_persons(self, code: str) -> int:
        """A county's population: as given, else the sum of its kommuner."""
        if code in self.counties:
            return self.counties[code]
        members = [k.persons for k in self.kommuner.values() if k.county == code]
        if not members:
            raise PopulationError(f"{self.label} has no figures for county {code}")
        return sum(members)

    def kommun_persons(self, code: str) -> int:
        try:
            return self.kommuner[code].persons
        except KeyError:
            raise PopulationError(f"{self.label} has no kommun {code}") from None

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
    """Counties, kommuner and samverkansregioner, as defined under ``population/``.

    ``source`` names the samverkansregioner file, for messages.
    """

    counties: dict[str, County]
    kommuner: dict[str, KommunEntry]
    samverkansregioner: dict[str, SamverkansregionSpec]
    source: str = "samverkansregioner.yaml"
    _populations: dict[int, tuple[PopulationDataset, dict[str, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def county(self, code: str) -> County:
        try:
            return self.counties[code]
        except KeyError:
            raise PopulationError(f"unknown county code {code!r} (not in lan.csv)") from None

    def code_problem(self, code: str) -> str | None:
        """Why ``code`` is not a region (county) or kommun of the geography, or None."""
        if len(code) == 2:
            known, kind, where = code in self.counties, "county", "lan.csv"
        else:
            known, kind, where = code in self.kommuner, "kommun", "kommuner.csv"
        return None if known else f"unknown {kind} code {code!r} (not in {where})"

    def name_of(self, code: str) -> str:
        """A recipient's name: the region for a county code, the kommun's name for a kommun."""
        if len(code) == 2:
            return self.county(code).region
        entry = self.kommuner.get(code)
        if entry is None:
            raise PopulationError(f"unknown kommun code {code!r} (not in kommuner.csv)")
        return entry.name

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
                f"the samverkansregioner ({self.source}) do not cover dataset "
                f"{dataset.info.name} exactly once",
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
        self._check_groups(groups)
        return [
            Unit(g.id, g.name, dataset.persons_in(g.counties, g.kommuner))
            for g in sorted(groups, key=lambda g: g.id)
        ]

    def _check_groups(self, groups: Sequence[Group]) -> None:
        """Custom groups name known codes, and no person counts in two groups."""
        problems = []
        owner: dict[str, str] = {}
        for group in groups:
            for code in [*group.counties, *group.kommuner]:
                problem = self.code_problem(code)
                if problem:
                    problems.append(f"group {group.id}: {problem}")
                elif code in owner:
                    problems.append(f"group {group.id}: {code} is also in group {owner[code]}")
                else:
                    owner[code] = group.id
        for group in groups:
            for code in group.kommuner:
                county = self.kommuner[code].county if code in self.kommuner else None
                if county in owner and owner.get(code) == group.id:
                    problems.append(
                        f"group {group.id}: kommun {code} lies in county {county}, "
                        f"which group {owner[county]} counts whole"
                    )
        if problems:
            raise PopulationError("groups must not overlap or name unknown codes", problems)
