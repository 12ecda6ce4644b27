"""One part of a decision allocated, and the arithmetic every kind of part shares.

A part's kind (:mod:`.kinds`) decides its units, weights and payees; :func:`split_part`
rounds its amount over them (the method, a floor and a cap, the tie rule), and
:class:`ComponentResult` is what any kind gives back. Pure: no files, no printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..errors import AllocationError, AllocationInputError, TieError
from ..i18n import ngettext
from ..models.decision import AnyComponent, TieRule
from .engine import Apportionment, allocate_by, apportion
from .geography import Geography, PopulationDataset, Unit
from .limits import LimitedSplit, limited_split


@dataclass(frozen=True)
class PartContext:
    """What allocating any part may use: the decision's id and tie rule, the geography and
    the datasets its parts name."""

    decision_id: str
    tie_rule: TieRule | None
    geography: Geography
    datasets: Mapping[str, PopulationDataset]


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
    method: str = "largest_remainder"
    """The rounding method that made the amounts (the part's kind chose it; exact parts
    keep the default, which rounds nothing of theirs)."""

    @cached_property
    def amounts(self) -> dict[str, int]:
        """Kronor per payee (computed once: rows look it up for every recipient)."""
        totals: dict[str, int] = {}
        for payee, amount in zip(self.payees, self.allocations, strict=True):
            totals[payee] = totals.get(payee, 0) + amount
        return totals

    @cached_property
    def units(self) -> dict[str, Unit]:
        """For parts by a key: the unit behind each payee's amount, with its count."""
        if self.dataset is None:
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


@dataclass(frozen=True)
class PaidElsewhere:
    """A recipient whose unit's population share is paid to another recipient."""

    unit_id: str
    unit_name: str
    payee: str
    payee_name: str


def split_part(
    context: PartContext,
    component: AnyComponent,
    keys: tuple[str, ...],
    names: tuple[str, ...],
    weights: tuple[int, ...],
    payees: tuple[str, ...],
    dataset: PopulationDataset | None,
    method: str = "largest_remainder",
    limits: tuple[int, int | None] = (0, None),
) -> ComponentResult:
    """A part's amount split over ``keys`` by ``weights`` with ``method``, lifted to a floor
    and held at a cap where ``limits`` sets them, ties broken by the decision's rule: the
    one rounding of every kind that rounds."""
    decision_id, tie_rule = context.decision_id, context.tie_rule
    priorities = tie_priorities(weights, keys, tie_rule)
    explained: Apportionment | None = None
    limited: LimitedSplit | None = None
    floor, cap = limits
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
        method,
    )


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
