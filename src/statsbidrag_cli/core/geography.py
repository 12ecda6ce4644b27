"""The geography a population split is summed over, and population datasets, as values.

Pure: counties, kommuner, samverkansregioner and datasets arrive already read (see
:mod:`statsbidrag_cli.files.local.population`); nothing here touches a file.

A samverkansregion's population is the sum of the kommuner in it; a definition that leaves a
kommun out, or counts one twice, is refused rather than silently mis-summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import PopulationError
from ..i18n import _
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
            raise PopulationError(
                _("{label} has no figures for county {code}").format(label=self.label, code=code)
            )
        return sum(members)

    def kommun_persons(self, code: str) -> int:
        try:
            return self.kommuner[code].persons
        except KeyError:
            raise PopulationError(
                _("{label} has no kommun {code}").format(label=self.label, code=code)
            ) from None

    def persons_in(self, counties: Sequence[str], kommuner: Sequence[str]) -> int:
        """Persons in the given whole counties plus the given single kommuner."""
        return sum(self.county_persons(c) for c in counties) + sum(
            self.kommun_persons(k) for k in kommuner
        )

    @property
    def summing_note(self) -> str:
        """How county and larger figures come about, for the output's notes."""
        if not self.counties:
            return _("county and samverkansregion figures are sums of its kommun figures")
        return _(
            "county figures are used as given; kommun figures only where a unit names kommuner"
        )


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
            raise PopulationError(
                _("unknown county code {code!r} (not in lan.csv)").format(code=code)
            ) from None

    def code_problem(self, code: str) -> str | None:
        """Why ``code`` is not a region (county) or kommun of the geography, or None."""
        if len(code) == 2:
            known, message = (
                code in self.counties,
                _("unknown county code {code!r} (not in {file})"),
            )
            where = "lan.csv"
        else:
            known, message = (
                code in self.kommuner,
                _("unknown kommun code {code!r} (not in {file})"),
            )
            where = "kommuner.csv"
        return None if known else message.format(code=code, file=where)

    def name_of(self, code: str) -> str:
        """A recipient's name: the region for a county code, the kommun's name for a kommun."""
        if len(code) == 2:
            return self.county(code).region
        entry = self.kommuner.get(code)
        if entry is None:
            raise PopulationError(
                _("unknown kommun code {code!r} (not in kommuner.csv)").format(code=code)
            )
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
                _(
                    "the samverkansregioner ({source}) do not cover dataset {name} exactly once"
                ).format(source=self.source, name=dataset.info.name),
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
            _("samverkansregion {id}: kommun {code} is not in the dataset").format(
                id=spec.id, code=code
            )
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
                problems.append(
                    _("county {code} {name}: no kommuner in the dataset").format(
                        code=code, name=county.name
                    )
                )
            elif len(owners) > 1:
                problems.append(
                    _("county {code} {name}: in several ({value})").format(
                        code=code, name=county.name, value=", ".join(owners)
                    )
                )
            elif owners:
                problems += [
                    _("kommun {code} {name}: in several ({unit} and by kommun code)").format(
                        code=k.code, name=k.name, unit=owners[0]
                    )
                    for k in members
                    if k.code in named
                ]
            else:
                for kommun in members:
                    units = named.get(kommun.code, [])
                    if len(units) != 1:
                        where = (
                            _("in several ({units})").format(units=", ".join(units))
                            if units
                            else _("in no samverkansregion")
                        )
                        problems.append(
                            _("kommun {code} {name}: {where}").format(
                                code=kommun.code, name=kommun.name, where=where
                            )
                        )
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
            if not dataset.kommuner:
                raise PopulationError(
                    _(
                        "the part counts per kommun, but {dataset} holds county figures only "
                        "(level: {level}); name a dataset with a figure per kommun"
                    ).format(dataset=dataset.label, level=dataset.info.level)
                )
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
                    problems.append(_("group {id}: {problem}").format(id=group.id, problem=problem))
                elif code in owner:
                    problems.append(
                        _("group {id}: {code} is also in group {value}").format(
                            id=group.id, code=code, value=owner[code]
                        )
                    )
                else:
                    owner[code] = group.id
        for group in groups:
            for code in group.kommuner:
                county = self.kommuner[code].county if code in self.kommuner else None
                if county in owner and owner.get(code) == group.id:
                    problems.append(
                        _(
                            "group {id}: kommun {code} lies in county {county}, which "
                            "group {value} counts whole"
                        ).format(id=group.id, code=code, county=county, value=owner[county])
                    )
        if problems:
            raise PopulationError(_("groups must not overlap or name unknown codes"), problems)
