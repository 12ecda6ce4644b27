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

from ..errors import AllocationInputError, ProgrammeError, TieError
from ..i18n import N_, _, kr
from ..models.programme import Model, Programme, ProgrammeYear
from .limits import limited_split
from .parts import allocate_with_rule


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
    requirements = (
        (model.floor, N_("{year}: a floor of {each} kr for {count} regions needs {needed} kr, but "
                         "the year has {amount} kr")),
        (model.equal_base, N_("{year}: an equal base of {each} kr for {count} regions needs "
                              "{needed} kr, but the year has {amount} kr")),
    )  # fmt: skip
    for each, message in requirements:
        if each * count > amount:
            raise ProgrammeError(
                _(message).format(
                    year=year,
                    each=kr(each),
                    count=count,
                    needed=kr(each * count),
                    amount=kr(amount),
                )
            )

    def split(pool: int, weights: Sequence[int], keys: Sequence[str]) -> Sequence[int]:
        return allocate_with_rule(model.rounding, pool, weights, keys, model.tie_rule)

    try:
        limited = limited_split(
            amount,
            codes,
            [populations[code] for code in codes],
            split,
            floor=model.floor,
            cap=model.cap,
            base=model.equal_base,
        )
    except TieError as tie:
        raise ProgrammeError(
            _("{year}: equal remainders decide a krona; give the model a tie_rule ({tie})").format(
                year=year, tie=tie
            )
        ) from None
    except AllocationInputError as error:
        raise ProgrammeError(f"{year}: {error.message}") from None
    amounts = dict(zip(codes, limited.allocations, strict=True))
    return YearSplit(year, amount, dataset, amounts, limited.lifted)


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


@dataclass(frozen=True)
class Comparison:
    """One year's money split under two or more models; the first model is the baseline."""

    programme: Programme
    year: ProgrammeYear
    models: tuple[Model, ...]
    splits: dict[str, YearSplit]
    region_names: dict[str, str]
    populations: dict[str, int]
    """Persons per region in the baseline model's population key."""


def comparison_plan(
    programme: Programme, year: int | None, model_ids: Sequence[str] | None
) -> tuple[ProgrammeYear, list[Model]]:
    """The year (default: the first) and the models (default: all) a comparison asks for."""
    ids = list(model_ids) if model_ids else [m.id for m in programme.models]
    models = [programme.model(model_id) for model_id in ids]
    if len(models) < 2:
        raise ProgrammeError(_("compare needs at least two models (--models a,b)"))
    plan = (
        next((y for y in programme.years if y.year == year), None) if year else programme.years[0]
    )
    if plan is None:
        raise ProgrammeError(_("the programme has no year {year}").format(year=year))
    return plan, models


def compare_models(
    programme: Programme,
    plan: ProgrammeYear,
    models: Sequence[Model],
    populations_by_dataset: Mapping[str, Mapping[str, int]],
    region_names: Mapping[str, str],
) -> Comparison:
    """Split ``plan``'s amount under each model, each with its own population key."""
    splits = {}
    for model in models:
        dataset = programme.dataset_for(plan, model)
        splits[model.id] = split_year(
            plan.year, plan.amount, model, populations_by_dataset[dataset], dataset
        )
    baseline_key = programme.dataset_for(plan, models[0])
    return Comparison(
        programme,
        plan,
        tuple(models),
        splits,
        dict(region_names),
        dict(populations_by_dataset[baseline_key]),
    )
