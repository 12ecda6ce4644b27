"""Floors and caps on a keyed split: the one implementation for decisions and programmes.

A floor (``golv``) gives every unit at least an amount, a cap (``tak``) at most one. The rule
is the one grant texts describe and the programme models have always used: split the money by
the key; units below the floor are lifted to it and units above the cap held at it; the rest
of the money is split again by the key among the others; repeat until nobody is outside the
limits. Which units the limits hold is found exactly, at the one rate where the limited
quotas sum to the money (so a floor and a cap never undo each other); the others share the
rest by the engine's whole-kronor split, and the amounts always sum to the total. Limits the
money cannot meet (a floor for everyone above the total, a cap for everyone below it) are
errors, never a silent cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import AllocationInputError
from ..i18n import _, kr

Split = Callable[[int, Sequence[int], Sequence[str]], Sequence[int]]
"""How one round splits an amount over weights (with the units' keys, for tie rules)."""


@dataclass(frozen=True)
class LimitedSplit:
    """The amounts per unit (in the order given) and who was held at a limit."""

    allocations: tuple[int, ...]
    lifted: tuple[str, ...]
    """Units lifted to the floor, in key order."""
    capped: tuple[str, ...]
    """Units held at the cap, in key order."""


def limited_split(
    amount: int,
    keys: Sequence[str],
    weights: Sequence[int],
    split: Split,
    floor: int = 0,
    cap: int | None = None,
    base: int = 0,
) -> LimitedSplit:
    """Split ``amount`` over ``keys`` by ``weights`` with ``split``, every unit getting
    ``base`` first, then at least ``floor`` and at most ``cap`` in all (see the module).

    >>> from statsbidrag_cli.core.engine import largest_remainder
    >>> def by_weight(amount, weights, keys):
    ...     return largest_remainder(amount, list(weights))
    >>> limited_split(100, ["a", "b", "c"], [1, 1, 18], by_weight, floor=20).allocations
    (20, 20, 60)
    """
    count = len(keys)
    if floor * count > amount:
        raise AllocationInputError(
            _("a floor of {each} kr for {count} units needs {needed} kr, but there are {amount} kr")
            .format(each=kr(floor), count=count, needed=kr(floor * count), amount=kr(amount))
        )  # fmt: skip
    if cap is not None and cap < floor:
        raise AllocationInputError(
            _("the cap ({cap} kr) is below the floor ({floor} kr)").format(
                cap=kr(cap), floor=kr(floor)
            )
        )
    if cap is not None and cap * count < amount:
        raise AllocationInputError(
            _("a cap of {each} kr for {count} units places only {placed} kr of {amount} kr")
            .format(each=kr(cap), count=count, placed=kr(cap * count), amount=kr(amount))
        )  # fmt: skip
    if base * count > amount:
        raise AllocationInputError(
            _("an equal base of {each} kr for {count} units needs {needed} kr, but there are "
              "{amount} kr")
            .format(each=kr(base), count=count, needed=kr(base * count), amount=kr(amount))
        )  # fmt: skip
    lifted, capped = _limited_sets(amount, weights, floor, cap, base)
    while True:
        free = [i for i in range(count) if i not in lifted and i not in capped]
        pool = amount - floor * len(lifted) - (cap or 0) * len(capped) - base * len(free)
        if pool < 0:
            raise AllocationInputError(
                _(
                    "after lifting {count} units to the floor, {pool} kr are left for the "
                    "equal base of the others: floor and base cannot both be met"
                ).format(count=len(lifted), pool=kr(pool))
            )
        parts = split(pool, [weights[i] for i in free], [keys[i] for i in free]) if free else []
        totals = {index: base + part for index, part in zip(free, parts, strict=True)}
        below = {index for index in free if totals[index] < floor}
        above = {index for index in free if cap is not None and totals[index] > cap}
        if not below and not above:
            held = dict.fromkeys(lifted, floor) | dict.fromkeys(capped, cap or 0)
            allocations = tuple(held.get(i, totals.get(i, 0)) for i in range(count))
            if sum(allocations) != amount:  # every unit held, and the key counts none
                raise AllocationInputError(
                    _(
                        "every unit is held at the floor or the cap and {left} kr are left, "
                        "which the key cannot split: it counts nothing for the other units"
                    ).format(left=kr(amount - sum(allocations)))
                )
            return LimitedSplit(
                allocations,
                tuple(sorted(keys[i] for i in lifted)),
                tuple(sorted(keys[i] for i in capped)),
            )
        # A method other than largest remainder can round a unit past a limit its exact
        # quota keeps: hold it there and split the rest again.
        lifted |= below
        capped |= above


def _limited_sets(
    amount: int, weights: Sequence[int], floor: int, cap: int | None, base: int
) -> tuple[set[int], set[int]]:
    """Which units the limits hold, by their exact quotas.

    Every unit gets ``clamp(base + weight × rate, floor, cap)``, and one rate makes these sum
    to ``amount`` (the sum only grows with the rate). The rate is found exactly, from the
    rates at which units reach a limit: the units below the floor at that rate are lifted,
    those above the cap held, and the others share the rest by their weights, each within
    the limits. (Lifting first and holding after, round by round, can lift a unit that the
    cap's money would have raised: this gets both at once.)"""
    count = len(weights)

    def clamped(rate: Fraction) -> Fraction:
        totals = (min(max(base + w * rate, Fraction(floor)), Fraction(cap)) if cap is not None
                  else max(base + w * rate, Fraction(floor)) for w in weights)  # fmt: skip
        return sum(totals, Fraction(0))

    points = {Fraction(0)}
    for w in weights:
        if w == 0:  # a unit with nothing to count never reaches a limit by the rate
            continue
        points.add(Fraction(max(floor - base, 0), w))
        if cap is not None:
            points.add(Fraction(max(cap - base, 0), w))
    ordered = sorted(points)
    rate = ordered[-1]
    for low, high in zip(ordered, [*ordered[1:], None], strict=True):
        at_low = clamped(low)
        if at_low > amount:  # only at rate 0, where the floors alone exceed the money
            rate = low
            break
        if high is None:
            slope = sum((w for w in weights if base + w * low >= floor), Fraction(0))
            rate = low + (amount - at_low) / slope if slope else low
            break
        if clamped(high) >= amount:
            span = clamped(high) - at_low
            rate = low + (high - low) * (amount - at_low) / span if span else low
            break
    lifted = {i for i in range(count) if base + weights[i] * rate < floor}
    capped = {i for i in range(count) if cap is not None and base + weights[i] * rate > cap}
    return lifted, capped
