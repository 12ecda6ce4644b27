"""Who gets what under a decision: the engine applied to a decision's components.

Pure: takes already-loaded models (decision, geography, population datasets) and returns
plain data for rendering and checking. No files, no printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import AllocationError, AllocationInputError, StatsbidragError, TieError
from ..i18n import _, ngettext
from ..models.decision import (
    AnyComponent,
    Decision,
    EqualComponent,
    FixedComponent,
    PopulationComponent,
    PublishedRow,
    RateComponent,
    TieRule,
)
from .engine import Apportionment, allocate_by, apportion
from .geography import Geography, PopulationDataset, Unit
from .limits import LimitedSplit, limited_split


@dataclass(frozen=True)
class ComponentResult:
    """One component allocated.

    ``keys``/``weights``/``payees``/``allocations`` are the split itself, one entry per unit
    (a recipient for equal and fixed parts, a samverkansregion, region, kommun or group for
    population parts); ``amounts`` sums them per payee. ``apportionment`` keeps the engine's
    explanation where the method is largest-remainder.
    """

    component: AnyComponent
    keys: tuple[str, ...]
    names: tuple[str, ...]
    weights: tuple[int, ...]
    payees: tuple[str, ...]
    allocations: tuple[int, ...]
    apportionment: Apportionment | None
    dataset: PopulationDataset | None
    tie_break: tuple[int, ...] | None
    lifted: tuple[str, ...] = ()
    """Units lifted to the component's floor (their keys)."""
    capped: tuple[str, ...] = ()
    """Units held at the component's cap (their keys)."""

    @cached_property
    def amounts(self) -> dict[str, int]:
        """Kronor per payee (computed once: rows look it up for every recipient)."""
        totals: dict[str, int] = {}
        for payee, amount in zip(self.payees, self.allocations, strict=True):
            totals[payee] = totals.get(payee, 0) + amount
        return totals

    @cached_property
    def units(self) -> dict[str, Unit]:
        """For population parts: the unit behind each payee's amount, with its persons."""
        if not isinstance(self.component, PopulationComponent | RateComponent):
            return {}
        return {
            payee: Unit(key, name, weight)
            for key, name, weight, payee in zip(
                self.keys, self.names, self.weights, self.payees, strict=True
            )
        }

    @property
    def allocated(self) -> int:
        return sum(self.allocations)

    @property
    def method(self) -> str:
        return rounding_of(self.component)


@dataclass(frozen=True)
class PaidElsewhere:
    """A recipient whose unit's population share is paid to another recipient."""

    unit_id: str
    unit_name: str
    payee: str
    payee_name: str


@dataclass(frozen=True)
class RecipientRow:
    """One recipient: its part of each component, its total, and the published row."""

    code: str
    region: str
    parts: dict[str, int]
    units: dict[str, Unit]
    published: PublishedRow | None
    paid_elsewhere: dict[str, PaidElsewhere] = field(default_factory=dict)
    """Per population component: the unit this region belongs to, when that unit's share is
    paid to another recipient (Region Uppsala's samverkansregion share to Region Örebro län)."""
    unlisted_is_zero: bool = False
    """True when a complete published table leaves this recipient out: it was paid nothing.
    In a partial table (``complete: false``) a recipient not listed is unknown."""

    @property
    def total(self) -> int:
        return sum(self.parts.values())

    @property
    def published_total(self) -> int | None:
        """The published total, 0 when a complete table leaves the row out, None if unknown."""
        if self.published is None:
            return 0 if self.unlisted_is_zero else None
        return self.published.total

    @property
    def published_minus_computed(self) -> int | None:
        """Published minus computed total (the one sign convention), None where unknown."""
        published = self.published_total
        return None if published is None else published - self.total

    def published_part(self, component_id: str) -> int | None:
        """The published amount for a component, 0 when not paid, None where unknown."""
        if self.published is None:
            return 0 if self.unlisted_is_zero else None
        return self.published.part(component_id)


@dataclass(frozen=True)
class Allocation:
    """A decision allocated to its recipients, in code order."""

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


def rounding_of(component: AnyComponent) -> str:
    """The rounding method of a component: population parts choose one, others are exact."""
    if isinstance(component, PopulationComponent):
        return component.rounding
    return "largest_remainder"


def allocate(
    decision_id: str,
    decision: Decision,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> Allocation:
    """Allocate every component of ``decision`` and gather the results per recipient.

    Every code the decision names must be a county or kommun of the geography; errors carry
    the ``location`` (field path) of the component or row at fault.
    """
    _check_codes(decision_id, decision, geography)
    results = []
    for index, component in enumerate(decision.components):
        try:
            results.append(
                _allocate_component(decision_id, decision.tie_rule, component, geography, datasets)
            )
        except StatsbidragError as error:
            if error.location is None:
                error.location = ("components", index)
            raise
    published = {row.code: row for row in decision.published.rows} if decision.published else {}
    codes = sorted({code for result in results for code in result.amounts} | set(published))
    rows = tuple(
        RecipientRow(
            code=code,
            region=geography.name_of(code),
            parts={result.component.id: result.amounts.get(code, 0) for result in results},
            units={
                result.component.id: result.units[code]
                for result in results
                if code in result.units
            },
            published=published.get(code),
            paid_elsewhere=_paid_elsewhere(code, results, geography),
            unlisted_is_zero=decision.published is not None and decision.published.complete,
        )
        for code in codes
    )
    return Allocation(
        decision_id=decision_id, decision=decision, components=tuple(results), rows=rows
    )


def _paid_elsewhere(
    code: str, results: Sequence[ComponentResult], geography: Geography
) -> dict[str, PaidElsewhere]:
    """For a region: each population component whose unit containing it is paid to another
    recipient, so the table can say why the region has no population part of its own."""
    found = {}
    for result in results:
        component = result.component
        if not isinstance(component, PopulationComponent) or len(code) != 2:
            continue
        if component.units == "samverkansregioner":
            members = {k: geography.samverkansregioner[k].counties for k in result.keys}
        elif component.units == "groups":
            members = {g.id: g.counties for g in component.groups}
        else:
            continue
        for key, name, payee in zip(result.keys, result.names, result.payees, strict=True):
            if code in members.get(key, ()) and payee != code:
                found[component.id] = PaidElsewhere(key, name, payee, geography.name_of(payee))
    return found


def recipients_of(component: EqualComponent, geography: Geography) -> list[str]:
    """An equal split's recipients: those named, or for ``all`` the regions of the geography."""
    if component.recipients == "all":
        return sorted(geography.counties)
    return list(component.recipients)


def _check_codes(decision_id: str, decision: Decision, geography: Geography) -> None:
    """Every recipient, payee, unit and published code exists in the geography."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, component in enumerate(decision.components):
        where: tuple[str | int, ...] = ("components", index)
        if isinstance(component, FixedComponent):
            codes = [component.recipient]
        elif isinstance(component, EqualComponent):
            codes = recipients_of(component, geography)
        elif isinstance(component, RateComponent):
            codes = list(component.codes or [])
        else:
            codes = [*(component.codes or []), *component.payees.values()]
        for code in codes:
            problem = geography.code_problem(code)
            if problem:
                problems.append((where, f"{component.label}: {problem}"))
    if decision.published is not None:
        for index, row in enumerate(decision.published.rows):
            problem = geography.code_problem(row.code)
            if problem:
                problems.append(
                    (
                        ("published", "rows", index),
                        _("published row: {problem}").format(problem=problem),
                    )
                )
    if problems:
        raise AllocationError(
            _("{decision_id}: {value}").format(decision_id=decision_id, value=problems[0][1]),
            [message for _, message in problems[1:]],
            location=problems[0][0],
        )


def _allocate_component(
    decision_id: str,
    tie_rule: TieRule | None,
    component: AnyComponent,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> ComponentResult:
    if isinstance(component, FixedComponent):
        key = (component.recipient,)
        return ComponentResult(
            component,
            key,
            (geography.name_of(key[0]),),
            (1,),
            key,
            (component.amount,),
            None,
            None,
            None,
        )
    if isinstance(component, EqualComponent):
        keys = tuple(sorted(recipients_of(component, geography)))
        labels = tuple(geography.name_of(code) for code in keys)
        return _split(decision_id, component, keys, labels, (1,) * len(keys), keys, tie_rule, None)
    dataset = datasets[component.population]
    if isinstance(component, RateComponent):  # the rate times each count: exact, unrounded
        units = geography.units(component.units, dataset, component.codes, [])
        keys = tuple(unit.key for unit in units)
        counts = tuple(unit.persons for unit in units)
        return ComponentResult(
            component,
            keys,
            tuple(unit.name for unit in units),
            counts,
            keys,
            tuple(component.rate * count for count in counts),
            None,
            dataset,
            None,
        )
    units = geography.units(component.units, dataset, component.codes, component.groups)
    payees = _payees(decision_id, component, units, geography)
    return _split(
        decision_id,
        component,
        tuple(unit.key for unit in units),
        tuple(unit.name for unit in units),
        tuple(unit.persons for unit in units),
        payees,
        tie_rule,
        dataset,
    )


def _split(
    decision_id: str,
    component: EqualComponent | PopulationComponent,
    keys: tuple[str, ...],
    names: tuple[str, ...],
    weights: tuple[int, ...],
    payees: tuple[str, ...],
    tie_rule: TieRule | None,
    dataset: PopulationDataset | None,
) -> ComponentResult:
    """Run the engine with the component's method and the decision's tie rule."""
    priorities = tie_priorities(weights, keys, tie_rule)
    method = rounding_of(component)
    explained: Apportionment | None = None
    limited: LimitedSplit | None = None
    floor = getattr(component, "floor", 0)
    cap = getattr(component, "cap", None)
    try:
        if floor or cap is not None:

            def split(pool: int, part: Sequence[int], part_keys: Sequence[str]) -> Sequence[int]:
                ranks = tie_priorities(part, part_keys, tie_rule)
                try:
                    return allocate_by(method, pool, part, tie_break=ranks)
                except TieError as tie:  # positions among all the units, not this round's
                    at = [keys.index(part_keys[index]) for index in tie.tied]
                    raise TieError(at, tie.kronor) from None

            try:
                limited = limited_split(
                    component.amount, keys, weights, split, floor=floor, cap=cap
                )
            except AllocationInputError as error:
                raise AllocationError(
                    f"{decision_id}: {component.label}: {error.message}",
                    location=("floor",) if floor else ("cap",),
                ) from None
            allocations = limited.allocations
        elif method == "largest_remainder":
            explained = apportion(component.amount, weights, tie_break=priorities)
            allocations = tuple(explained.allocations)
        else:
            allocations = tuple(
                allocate_by(method, component.amount, weights, tie_break=priorities)
            )
    except TieError as tie:
        tied = ", ".join(keys[index] for index in tie.tied)
        raise AllocationError(
            ngettext(
                "{decision_id}: {label}: {count} recipients ({tied}) have equal remainders "
                "for {kronor} krona; add `tie_rule:` to the decision "
                "(larger_population_then_code or code) so the order of entries does not "
                "decide",
                "{decision_id}: {label}: {count} recipients ({tied}) have equal remainders "
                "for {kronor} kronor; add `tie_rule:` to the decision "
                "(larger_population_then_code or code) so the order of entries does not "
                "decide",
                tie.kronor,
            ).format(
                decision_id=decision_id,
                label=component.label,
                count=len(tie.tied),
                tied=tied,
                kronor=tie.kronor,
            )
        ) from None
    return ComponentResult(
        component,
        keys,
        names,
        weights,
        payees,
        allocations,
        explained,
        dataset,
        tuple(priorities) if priorities is not None else None,
        limited.lifted if limited else (),
        limited.capped if limited else (),
    )


def _payees(
    decision_id: str, component: PopulationComponent, units: Sequence[Unit], geography: Geography
) -> tuple[str, ...]:
    """Who is paid each unit's share: ``payees``, or the unit itself for regions and kommuner."""
    keys = [unit.key for unit in units]
    self_paying = component.units in ("regions", "kommuner")
    problems = [
        _("no payee for {unit!r}").format(unit=unit)
        for unit in keys
        if unit not in component.payees and not self_paying
    ]
    problems += [
        _("unknown unit {unit!r}").format(unit=unit)
        for unit in sorted(set(component.payees) - set(keys))
    ]
    if problems:
        raise AllocationError(
            _("{decision_id}: {label}: payees must name each of {value} exactly once").format(
                decision_id=decision_id, label=component.label, value=", ".join(keys)
            ),
            problems,
        )
    payees = tuple(component.payees.get(unit, unit) for unit in keys)
    for payee in payees:
        if len(payee) == 2:
            geography.county(payee)
    repeated = sorted({p for p in payees if payees.count(p) > 1})
    if repeated:
        raise AllocationError(
            _(
                "{decision_id}: {label} pays several units to {value}; give each unit its own payee"
            ).format(decision_id=decision_id, label=component.label, value=", ".join(repeated))
        )
    return payees


def allocate_with_rule(
    method: str, amount: int, weights: Sequence[int], keys: Sequence[str], rule: TieRule | None
) -> list[int]:
    """Split by the named method, breaking ties by ``rule`` over ``keys`` (TieError if none)."""
    return allocate_by(method, amount, weights, tie_break=tie_priorities(weights, keys, rule))


def tie_priorities(
    weights: Sequence[int], keys: Sequence[str], rule: TieRule | None
) -> list[int] | None:
    """Priorities for the engine (lower wins) under a tie rule; None when there is no rule.

    ``larger_population_then_code``: larger weight (population) first, then lower code.
    ``code``: lower code first (SCB code, or unit id).
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
