"""Multi-year programmes: yearly amounts split to the regions by a model.

A programme file (``programmes/NAME.yaml``) holds the yearly amounts and one or more candidate
*models*: an equal base per region, a population part, an optional floor (a minimum per
region), and the population key (each year's own dataset, or one fixed dataset). The pure
functions here turn a model and a year into whole kronor per region, exactly.

Floors: regions whose base plus population part would fall below the floor are lifted to it;
the rest of the money is split again by population among the others, until nobody is below.
A floor that the money cannot cover is an error, not a silent cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .allocation import allocate_with_rule
from .engine import TieError
from .errors import StatsbidragError
from .models import Amount, CountyCode, Method, PositiveAmount, Strict, Text, TieRule

DatasetName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class ProgrammeError(StatsbidragError):
    """A programme that cannot be allocated as written (e.g. a floor the money cannot cover)."""


class ProgrammeYear(Strict):
    """One year of a programme: the amount, and optionally that year's population dataset."""

    year: Annotated[int, Field(ge=1900, le=2200)]
    amount: PositiveAmount
    population: DatasetName | None = None


class Model(Strict):
    """How a year's amount is split between the regions."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    equal_base: Amount = 0
    floor: Amount = 0
    population_key: DatasetName | None = None
    rounding: Method = "largest_remainder"
    tie_rule: TieRule | None = "larger_population_then_code"


class Programme(Strict):
    """A multi-year plan and its candidate models. Amounts here are what-if inputs."""

    title: Text
    basis: Text
    regions: list[CountyCode] | None = None
    population: DatasetName
    years: list[ProgrammeYear] = Field(min_length=1)
    models: list[Model] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Programme:
        for what, values in (
            ("years", [str(y.year) for y in self.years]),
            ("models (id)", [m.id for m in self.models]),
        ):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{what} listed more than once: {', '.join(repeated)}")
        return self

    def model(self, model_id: str | None) -> Model:
        """The named model, or the first one."""
        if model_id is None:
            return self.models[0]
        for model in self.models:
            if model.id == model_id:
                return model
        known = ", ".join(m.id for m in self.models)
        raise ProgrammeError(f"no model {model_id!r} in the programme (models: {known})")

    def dataset_for(self, year: ProgrammeYear, model: Model) -> str:
        """The population key for a year under a model: the model's fixed key, else the
        year's own dataset, else the programme's."""
        return model.population_key or year.population or self.population


@dataclass(frozen=True)
class YearSplit:
    """One year split by one model: kronor per region code, and what limited it."""

    year: int
    amount: int
    dataset: str
    amounts: dict[str, int]
    floored: tuple[str, ...]


def split_year(
    year: int,
    amount: int,
    model: Model,
    populations: Mapping[str, int],
    dataset: str,
) -> YearSplit:
    """Split ``amount`` between the regions in ``populations`` under ``model``, exactly.

    Every region gets ``equal_base``; the rest is split by population with the model's
    rounding; regions below ``floor`` are lifted to it and the others re-split.
    """
    codes = sorted(populations)
    count = len(codes)
    if model.floor * count > amount:
        raise ProgrammeError(
            f"{year}: a floor of {model.floor} kr for {count} regions needs "
            f"{model.floor * count} kr, but the year has {amount} kr"
        )
    if model.equal_base * count > amount:
        raise ProgrammeError(
            f"{year}: an equal base of {model.equal_base} kr for {count} regions needs "
            f"{model.equal_base * count} kr, but the year has {amount} kr"
        )
    fixed: dict[str, int] = {}
    while True:
        free = [code for code in codes if code not in fixed]
        pool = amount - sum(fixed.values()) - model.equal_base * len(free)
        if pool < 0:
            raise ProgrammeError(
                f"{year}: after lifting {len(fixed)} regions to the floor, {pool} kr are left "
                "for the equal base of the others: floor and base cannot both be met"
            )
        weights = [populations[code] for code in free]
        try:
            parts = allocate_with_rule(model.rounding, pool, weights, free, model.tie_rule)
        except TieError as tie:
            raise ProgrammeError(
                f"{year}: equal remainders decide a krona; give the model a tie_rule ({tie})"
            ) from None
        totals = {code: model.equal_base + part for code, part in zip(free, parts, strict=True)}
        below = [code for code in free if totals[code] < model.floor]
        if not below:
            return YearSplit(year, amount, dataset, {**fixed, **totals}, tuple(sorted(fixed)))
        for code in below:
            fixed[code] = model.floor


@dataclass(frozen=True)
class ProgrammeAllocation:
    """A whole programme under one model: region × year."""

    name: str
    programme: Programme
    model: Model
    years: tuple[YearSplit, ...]
    region_names: dict[str, str]

    @property
    def codes(self) -> list[str]:
        return sorted(self.region_names)

    def region_total(self, code: str) -> int:
        return sum(split.amounts[code] for split in self.years)


def allocate_programme(
    name: str,
    programme: Programme,
    model: Model,
    populations_by_dataset: Mapping[str, Mapping[str, int]],
    region_names: Mapping[str, str],
) -> ProgrammeAllocation:
    """Every year of the programme under ``model``."""
    codes = programme.regions or sorted(region_names)
    splits = []
    for year in programme.years:
        dataset = programme.dataset_for(year, model)
        all_populations = populations_by_dataset[dataset]
        populations = {code: all_populations[code] for code in codes}
        splits.append(split_year(year.year, year.amount, model, populations, dataset))
    return ProgrammeAllocation(
        name, programme, model, tuple(splits), {code: region_names[code] for code in codes}
    )


def datasets_needed(programme: Programme, models: Sequence[Model]) -> list[str]:
    """Every population dataset the programme uses under the given models."""
    return sorted(
        {programme.dataset_for(year, model) for year in programme.years for model in models}
    )
