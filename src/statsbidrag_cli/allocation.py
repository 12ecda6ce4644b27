"""Who gets what under a decision: the engine applied to a decision's components.

Pure: takes already-loaded models (decision, geography, population datasets) and returns
plain data for rendering and checking. No files, no printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .engine import Apportionment, Share, TieError, apportion
from .errors import StatsbidragError
from .models import (
    AnyComponent,
    Decision,
    EqualComponent,
    FixedComponent,
    PopulationComponent,
    PublishedRow,
    TieRule,
)
from .population import Geography, PopulationDataset


class AllocationError(StatsbidragError):
    """A decision that cannot be allocated as written (e.g. a payee missing, a tie without rule)."""


@dataclass(frozen=True)
class UnitShare:
    """A population part as it reaches a payee: the unit (samverkansregion) and its share."""

    unit_id: str
    unit_name: str
    population: int
    share: Share


@dataclass(frozen=True)
class ComponentResult:
    """One component allocated: kronor per recipient region, plus the engine's explanation."""

    component: AnyComponent
    amounts: dict[str, int]
    units: dict[str, UnitShare]
    apportionment: Apportionment | None
    dataset: PopulationDataset | None

    @property
    def allocated(self) -> int:
        return sum(self.amounts.values())


@dataclass(frozen=True)
class RecipientRow:
    """One recipient region: its part of each component, its total, and the published row."""

    code: str
    region: str
    parts: dict[str, int]
    units: dict[str, UnitShare]
    published: PublishedRow | None

    @property
    def total(self) -> int:
        return sum(self.parts.values())

    @property
    def difference(self) -> int | None:
        """Computed minus published total, or None where nothing was published."""
        return None if self.published is None else self.total - self.published.total

    def published_part(self, component_id: str) -> int | None:
        if self.published is None:
            return None
        return self.published.amounts.get(component_id, 0)


@dataclass(frozen=True)
class Allocation:
    """A decision allocated to its recipients, in SCB code order."""

    decision_id: str
    decision: Decision
    components: tuple[ComponentResult, ...]
    rows: tuple[RecipientRow, ...]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def datasets(self) -> list[PopulationDataset]:
        """The population datasets used, each once, in component order."""
        seen: dict[str, PopulationDataset] = {}
        for result in self.components:
            if result.dataset is not None:
                seen.setdefault(result.dataset.info.name, result.dataset)
        return list(seen.values())


def allocate(
    decision_id: str,
    decision: Decision,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> Allocation:
    """Allocate every component of ``decision`` and gather the results per recipient region."""
    results = tuple(
        _allocate_component(decision_id, decision.tie_rule, component, geography, datasets)
        for component in decision.components
    )
    published = {row.code: row for row in decision.published.rows} if decision.published else {}
    codes = sorted({code for result in results for code in result.amounts} | set(published))
    rows = tuple(
        RecipientRow(
            code=code,
            region=geography.county(code).region,
            parts={result.component.id: result.amounts.get(code, 0) for result in results},
            units={
                result.component.id: result.units[code]
                for result in results
                if code in result.units
            },
            published=published.get(code),
        )
        for code in codes
    )
    return Allocation(decision_id=decision_id, decision=decision, components=results, rows=rows)


def _allocate_component(
    decision_id: str,
    tie_rule: TieRule | None,
    component: AnyComponent,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> ComponentResult:
    if isinstance(component, FixedComponent):
        geography.county(component.recipient)
        return ComponentResult(component, {component.recipient: component.amount}, {}, None, None)
    if isinstance(component, EqualComponent):
        for code in component.recipients:
            geography.county(code)
        keys = list(component.recipients)
        weights = [1] * len(keys)
        result = _apportion(decision_id, component, weights, keys, tie_rule)
        amounts = dict(zip(keys, result.allocations, strict=True))
        return ComponentResult(component, amounts, {}, result, None)
    return _allocate_population(decision_id, tie_rule, component, geography, datasets)


def _allocate_population(
    decision_id: str,
    tie_rule: TieRule | None,
    component: PopulationComponent,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> ComponentResult:
    dataset = datasets[component.population]
    populations = geography.samverkansregion_populations(dataset)
    _check_payees(decision_id, component, geography)
    unit_ids = sorted(populations)
    weights = [populations[unit] for unit in unit_ids]
    result = _apportion(decision_id, component, weights, unit_ids, tie_rule)
    amounts: dict[str, int] = {}
    units: dict[str, UnitShare] = {}
    for unit_id, share in zip(unit_ids, result.shares, strict=True):
        payee = component.payees[unit_id]
        if payee in units:
            raise AllocationError(
                f"{decision_id}: component {component.id!r} pays two samverkansregioner to "
                f"region {payee}; give each samverkansregion its own payee"
            )
        spec = geography.samverkansregioner[unit_id]
        units[payee] = UnitShare(unit_id, spec.name, populations[unit_id], share)
        amounts[payee] = share.allocated
    return ComponentResult(component, amounts, units, result, dataset)


def _check_payees(decision_id: str, component: PopulationComponent, geography: Geography) -> None:
    defined = set(geography.samverkansregioner)
    named = set(component.payees)
    problems = [f"no payee for samverkansregion {unit!r}" for unit in sorted(defined - named)]
    problems += [f"unknown samverkansregion {unit!r}" for unit in sorted(named - defined)]
    if problems:
        raise AllocationError(
            f"{decision_id}: component {component.id!r}: payees must name each of "
            f"{', '.join(sorted(defined))} exactly once",
            problems,
        )
    for payee in component.payees.values():
        geography.county(payee)


def _apportion(
    decision_id: str,
    component: EqualComponent | PopulationComponent,
    weights: Sequence[int],
    keys: Sequence[str],
    tie_rule: TieRule | None,
) -> Apportionment:
    """Run the engine with the decision's tie rule; explain a tie that has no rule."""
    try:
        return apportion(
            component.amount, weights, tie_break=tie_priorities(weights, keys, tie_rule)
        )
    except TieError as tie:
        tied = ", ".join(keys[index] for index in tie.tied)
        raise AllocationError(
            f"{decision_id}: component {component.id!r}: {len(tie.tied)} recipients ({tied}) "
            f"have equal remainders for {tie.kronor} krona(s); add `tie_rule:` to the decision "
            "(larger_population_then_code or code) so the order of entries does not decide"
        ) from None


def tie_priorities(
    weights: Sequence[int], keys: Sequence[str], rule: TieRule | None
) -> list[int] | None:
    """Priorities for the engine (lower wins) under a tie rule; None when there is no rule.

    ``larger_population_then_code``: larger weight (population) first, then lower code.
    ``code``: lower code first (SCB code, or samverkansregion id).
    """
    if rule is None:
        return None
    if rule == "code":
        order = sorted(range(len(keys)), key=lambda i: keys[i])
    else:
        order = sorted(range(len(keys)), key=lambda i: (-weights[i], keys[i]))
    priorities = [0] * len(keys)
    for priority, index in enumerate(order):
        priorities[index] = priority
    return priorities
