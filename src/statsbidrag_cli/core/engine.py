"""Exact apportionment of whole kronor: the pure core of statsbidrag.

Nothing here reads files, prints or uses floats. Every function takes integers and returns
integers (or :class:`fractions.Fraction` for display), so the same input always gives the same
output, to the krona.

The largest-remainder (Hamilton) method: recipient *i* with weight ``w[i]`` out of a total
weight ``W`` has the exact quota ``amount * w[i] / W``. Everyone gets the whole part
``amount * w[i] // W``; the kronor left over (fewer than the number of recipients) go one each
to the largest remainders ``amount * w[i] % W``. Comparing the integer remainders is the same
as comparing the fractional parts of the quotas, because they share the denominator ``W``.

When the last krona falls among recipients with *equal* remainders (certain in an equal split
of an amount not divisible by the count), the order of entries in a file must not decide.
Callers pass ``tie_break``: one distinct priority per recipient, lower wins. Without it a tie
that decides a krona raises :class:`TieError`, which asks for a rule.

Note the Alabama paradox: with this method a recipient's share can *shrink* when the amount
grows. That is a property of the method, not a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from math import isqrt
from typing import TYPE_CHECKING

from ..errors import AllocationInputError, TieError
from ..i18n import N_, _

if TYPE_CHECKING:  # imported where used: fractions pulls in decimal, which start-up can skip
    from fractions import Fraction

__all__ = [
    "AllocationInputError",
    "Apportionment",
    "Share",
    "TieError",
    "apportion",
    "equal_split",
    "largest_remainder",
]


@dataclass(frozen=True, slots=True)
class Share:
    """What one recipient gets, and why.

    ``remainder`` is the numerator of the fractional part of the quota over ``total_weight``;
    ``rank`` orders the remainders (1 = largest; equal remainders ranked by the tie rule, or
    sharing a rank when there is none).
    """

    weight: int
    total_weight: int
    amount: int
    whole: int
    remainder: int
    rank: int
    extra: bool
    decided_by_tie: bool

    @property
    def quota(self) -> Fraction:
        """The exact quota ``amount * weight / total_weight``."""
        from fractions import Fraction

        return Fraction(self.amount * self.weight, self.total_weight)

    @property
    def fraction(self) -> Fraction:
        """The recipient's exact share of the total weight."""
        from fractions import Fraction

        return Fraction(self.weight, self.total_weight)

    @property
    def allocated(self) -> int:
        """Whole kronor allocated: the whole part plus the extra krona, if any."""
        return self.whole + int(self.extra)


@dataclass(frozen=True, slots=True)
class Apportionment:
    """The result of :func:`apportion`: one :class:`Share` per recipient, in input order."""

    amount: int
    shares: tuple[Share, ...]

    @property
    def allocations(self) -> list[int]:
        """Whole kronor per recipient; the same list :func:`largest_remainder` returns."""
        return [share.allocated for share in self.shares]

    @property
    def leftover(self) -> int:
        """Kronor handed out by remainder, after everyone got their whole part."""
        return sum(1 for share in self.shares if share.extra)


def _check_inputs(amount: int, weights: Sequence[int], tie_break: Sequence[int] | None) -> int:
    """Validate inputs and return the total weight.

    The common case is checked with C-level passes (``map(type, ...)``, ``min``); only on an
    error does a Python loop look for the offending position.
    """
    if type(amount) is not int:
        raise AllocationInputError(
            _("amount must be whole kronor (an int), got {amount!r}").format(amount=amount)
        )
    if amount < 0:
        raise AllocationInputError(
            _("amount must not be negative, got {amount}").format(amount=amount)
        )
    if len(weights) == 0:
        raise AllocationInputError(_("there are no recipients to allocate to"))
    if set(map(type, weights)) != {int}:
        index = next(i for i, w in enumerate(weights) if type(w) is not int)
        raise AllocationInputError(
            _("weight {index} must be an int, got {value!r}").format(
                index=index, value=weights[index]
            )
        )
    if min(weights) < 0:
        index = next(i for i, w in enumerate(weights) if w < 0)
        raise AllocationInputError(
            _("weight {index} is negative ({value})").format(index=index, value=weights[index])
        )
    total_weight = sum(weights)
    if total_weight == 0:
        raise AllocationInputError(_("the total weight is zero: nothing to split by"))
    if tie_break is not None:
        if len(tie_break) != len(weights):
            raise AllocationInputError(
                _("tie_break has {count} priorities for {count2} recipients").format(
                    count=len(tie_break), count2=len(weights)
                )
            )
        if len(set(tie_break)) != len(tie_break):
            raise AllocationInputError(_("tie_break priorities must be distinct"))
    return total_weight


def _extra_indices(
    remainders: Sequence[int], leftover: int, tie_break: Sequence[int] | None
) -> tuple[list[int], list[int]]:
    """Pick the ``leftover`` recipients with the largest remainders.

    Returns (winners, tie_winners): all indices that get an extra krona, and the subset that
    won it through the tie rule. Finds the deciding remainder with :func:`_kth_largest` (no full
    sort), then takes everyone above it and, among those equal to it, as many as are left.
    """
    if leftover == 0:
        return [], []
    threshold = _kth_largest(remainders, leftover)
    positions = range(len(remainders))
    winners = list(compress(positions, map(threshold.__lt__, remainders)))
    at_threshold = list(compress(positions, map(threshold.__eq__, remainders)))
    still_needed = leftover - len(winners)
    if len(at_threshold) == still_needed:
        return winners + at_threshold, []
    if tie_break is None:
        raise TieError(at_threshold, still_needed)
    chosen = sorted(at_threshold, key=tie_break.__getitem__)[:still_needed]
    return winners + chosen, chosen


_FULL_SORT_BELOW = 4096
_SAMPLE_SIZE = 16384


def _kth_largest(values: Sequence[int], k: int) -> int:
    """The ``k``-th largest of ``values`` (1-based), exactly, without sorting them all.

    A systematic sample (every ``step``-th value) is sorted to guess a narrow band of values
    that must contain the answer; one pass counts the values above the band, another collects
    the band, and only the band is sorted. If the guess misses (possible only for unusual
    orderings), it falls back to a full sort, so the answer is always exact.
    """
    n = len(values)
    if n < _FULL_SORT_BELOW:
        return sorted(values, reverse=True)[k - 1]
    sample = sorted(values[:: n // _SAMPLE_SIZE or 1], reverse=True)
    size = len(sample)
    position = (k - 1) * size // n
    margin = 4 * isqrt(size)
    high = sample[position - margin] if position >= margin else max(values)
    low = sample[position + margin] if position + margin < size else min(values)
    above = sum(map(high.__lt__, values))
    if above < k:
        band = sorted((v for v in values if low <= v <= high), reverse=True)
        if above + len(band) >= k:
            return band[k - 1 - above]
    return sorted(values, reverse=True)[k - 1]


def largest_remainder(
    amount: int, weights: Sequence[int], *, tie_break: Sequence[int] | None = None
) -> list[int]:
    """Split ``amount`` whole kronor in proportion to ``weights``, exactly.

    The result has one non-negative int per weight, sums exactly to ``amount``, and each
    value is the floor or the ceiling of its exact quota ``amount * w / sum(weights)``.

    ``tie_break`` gives each recipient a distinct priority (lower wins) used only among equal
    remainders. Without it, a tie that decides a krona raises :class:`TieError`.

    Raises :class:`AllocationInputError` for a negative or non-int amount, no recipients,
    negative or non-int weights, or a zero total weight.
    """
    total_weight = _check_inputs(amount, weights, tie_break)
    allocations = [amount * weight // total_weight for weight in weights]
    leftover = amount - sum(allocations)
    if leftover:
        remainders = [amount * weight % total_weight for weight in weights]
        winners, _ties = _extra_indices(remainders, leftover, tie_break)
        for index in winners:
            allocations[index] += 1
    return allocations


def apportion(
    amount: int, weights: Sequence[int], *, tie_break: Sequence[int] | None = None
) -> Apportionment:
    """Like :func:`largest_remainder`, but keeps everything an explanation needs.

    For each recipient: exact quota, whole part, remainder, the remainder's rank, whether it got
    an extra krona, and whether the tie rule decided that.
    """
    total_weight = _check_inputs(amount, weights, tie_break)
    pairs = [divmod(amount * weight, total_weight) for weight in weights]
    remainders = [remainder for _, remainder in pairs]
    leftover = amount - sum(whole for whole, _ in pairs)
    winners, tie_winners = _extra_indices(remainders, leftover, tie_break)
    ranks = _remainder_ranks(remainders, tie_break)
    winner_set, tie_set = set(winners), set(tie_winners)
    shares = tuple(
        Share(
            weight=weight,
            total_weight=total_weight,
            amount=amount,
            whole=whole,
            remainder=remainder,
            rank=ranks[index],
            extra=index in winner_set,
            decided_by_tie=index in tie_set,
        )
        for index, (weight, (whole, remainder)) in enumerate(zip(weights, pairs, strict=True))
    )
    return Apportionment(amount=amount, shares=shares)


def _remainder_ranks(remainders: Sequence[int], tie_break: Sequence[int] | None) -> list[int]:
    """Rank remainders, 1 = largest. Equal remainders share a rank unless a tie rule orders them."""
    if tie_break is None:
        order = sorted(range(len(remainders)), key=lambda i: -remainders[i])
    else:
        order = sorted(range(len(remainders)), key=lambda i: (-remainders[i], tie_break[i]))
    ranks = [0] * len(remainders)
    for position, index in enumerate(order, start=1):
        previous = order[position - 2] if position > 1 else None
        shares_rank = (
            tie_break is None and previous is not None and remainders[previous] == remainders[index]
        )
        ranks[index] = ranks[previous] if shares_rank and previous is not None else position
    return ranks


def equal_split(amount: int, count: int, *, tie_break: Sequence[int] | None = None) -> list[int]:
    """Split ``amount`` whole kronor equally between ``count`` recipients.

    Each gets ``amount // count``; the ``amount % count`` kronor left over are all ties, so
    they go by ``tie_break`` (lower priority wins), or :class:`TieError` is raised.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise AllocationInputError(
            _("an equal split needs at least one recipient, got {count!r}").format(count=count)
        )
    return largest_remainder(amount, [1] * count, tie_break=tie_break)


# --- Other rounding methods, for comparing published tables ---------------------------------

METHODS = ("largest_remainder", "half_up", "dhondt", "sainte_lague")
"""Rounding methods by name; :func:`allocate_by` dispatches on them."""

METHOD_NAMES = {
    "largest_remainder": N_("largest remainder"),
    "half_up": N_("ordinary rounding"),
    "dhondt": N_("D'Hondt's method"),
    "sainte_lague": N_("Sainte-Laguë's method"),
}
"""What a person reads for each method (the keys stay in CSV, JSON and decision files)."""


def method_name(method: str) -> str:
    """A method's name in the run's language: ``largest_remainder`` -> sv "största rest"."""
    return _(METHOD_NAMES[method]) if method in METHOD_NAMES else method


def method_names(methods: Sequence[str]) -> str:
    """Several methods' names, in the run's language, comma-separated."""
    return ", ".join(method_name(method) for method in methods)


def half_up(amount: int, weights: Sequence[int]) -> list[int]:
    """Each exact quota rounded half up, independently: ``floor(quota + 1/2)``.

    The result need not sum to ``amount`` (it may miss by a few kronor either way); callers
    must report that, never hide it. Exact: ``(2 * amount * w + W) // (2 * W)``.
    """
    total_weight = _check_inputs(amount, weights, None)
    return [(2 * amount * w + total_weight) // (2 * total_weight) for w in weights]


def dhondt(
    amount: int, weights: Sequence[int], *, tie_break: Sequence[int] | None = None
) -> list[int]:
    """The D'Hondt (Jefferson) divisor method: kronor as seats, divisors 1, 2, 3, ...

    Favours larger recipients; each share is at least the floor of its quota.
    """
    return _divisor_method(amount, weights, tie_break, half_signpost=False)


def sainte_lague(
    amount: int, weights: Sequence[int], *, tie_break: Sequence[int] | None = None
) -> list[int]:
    """The Sainte-Laguë (Webster) divisor method: divisors 1, 3, 5, ... (standard rounding)."""
    return _divisor_method(amount, weights, tie_break, half_signpost=True)


def allocate_by(
    method: str, amount: int, weights: Sequence[int], *, tie_break: Sequence[int] | None = None
) -> list[int]:
    """Split ``amount`` by ``weights`` with the named method (one of :data:`METHODS`)."""
    if method == "largest_remainder":
        return largest_remainder(amount, weights, tie_break=tie_break)
    if method == "half_up":
        return half_up(amount, weights)
    if method == "dhondt":
        return dhondt(amount, weights, tie_break=tie_break)
    if method == "sainte_lague":
        return sainte_lague(amount, weights, tie_break=tie_break)
    raise AllocationInputError(
        _("unknown method {method!r}; choose one of {value}").format(
            method=method, value=", ".join(METHODS)
        )
    )


def _divisor_method(
    amount: int, weights: Sequence[int], tie_break: Sequence[int] | None, half_signpost: bool
) -> list[int]:
    """Jump-and-step: round every ``w / D`` with ``D = W / amount``, then step one krona at a
    time to the recipient with the highest ``w / signpost(seats)`` (or away from the lowest)
    until the total is right. Ratios are compared exactly as fractions.

    Signposts: D'Hondt ``s(n) = n + 1``; Sainte-Laguë ``s(n) = n + 1/2``. Written with doubled
    integers so that ``w / s(n)`` is ``2w / (2n + 1)`` or ``2w / (2n + 2)``: no floats.
    """
    from fractions import Fraction

    total_weight = _check_inputs(amount, weights, tie_break)
    if half_signpost:  # round w / D to nearest: floor(amount * w / W + 1/2)
        seats = [(2 * amount * w + total_weight) // (2 * total_weight) for w in weights]
    else:  # floor(amount * w / W)
        seats = [amount * w // total_weight for w in weights]
    offset = 1 if half_signpost else 2  # doubled signpost: 2n + offset

    def up(i: int) -> Fraction:
        return Fraction(2 * weights[i], 2 * seats[i] + offset)

    def down(i: int) -> Fraction:
        return Fraction(2 * weights[i], 2 * seats[i] + offset - 2)

    while sum(seats) != amount:
        missing = amount - sum(seats)
        if missing > 0:
            candidates = [i for i in range(len(weights)) if weights[i] > 0]
            best = max(up(i) for i in candidates)
            chosen = [i for i in candidates if up(i) == best]
            step = 1
        else:
            candidates = [i for i in range(len(weights)) if seats[i] > 0]
            best = min(down(i) for i in candidates)
            chosen = [i for i in candidates if down(i) == best]
            step = -1
        needed = abs(missing)
        if len(chosen) > needed:
            if tie_break is None:
                raise TieError(chosen, needed)
            # Lower priority wins a tie: it gains a krona first and loses one last.
            chosen = sorted(chosen, key=tie_break.__getitem__, reverse=step < 0)[:needed]
        for i in chosen:
            seats[i] += step
    return seats
