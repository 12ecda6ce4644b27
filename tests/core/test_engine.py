"""The pure engine: exact largest-remainder and equal splits, ties, explanations."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from statsbidrag_cli.core import engine
from statsbidrag_cli.core.engine import (
    AllocationInputError,
    TieError,
    apportion,
    equal_split,
    largest_remainder,
)
from statsbidrag_cli.errors import StatsbidragError

amounts = st.integers(min_value=0, max_value=10**13)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=40).filter(
    lambda weights: sum(weights) > 0
)


def reference(amount: int, weights: list[int], tie_break: list[int]) -> list[int]:
    """An independent, obviously-correct version with Fraction and a full sort."""
    total = sum(weights)
    quotas = [Fraction(amount * w, total) for w in weights]
    floors = [q.numerator // q.denominator for q in quotas]
    leftover = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), tie_break[i]))
    for i in order[:leftover]:
        floors[i] += 1
    return floors


def test_s2026_00953_population_part_from_kommun_sums() -> None:
    # Samverkansregion populations summed from SCB's kommun figures at 2025-12-31, in the order
    # göteborg, linkoping, lund-malmo, stockholm, umea, uppsala-orebro.
    weights = [1_980_907, 1_087_734, 1_935_798, 2_547_105, 901_319, 2_152_657]
    assert largest_remainder(28_000_000, weights) == [
        5_229_861,
        2_871_764,
        5_110_767,
        6_724_700,
        2_379_604,
        5_683_304,
    ]


def test_known_small_case_gives_leftover_to_largest_remainders() -> None:
    # quotas 10/3 = 3.33.., 10*2/3 = 6.66..: whole parts 3 and 6, the last krona to the second.
    assert largest_remainder(10, [1, 2]) == [3, 7]
    explained = apportion(10, [1, 2])
    assert [s.whole for s in explained.shares] == [3, 6]
    assert [s.remainder for s in explained.shares] == [1, 2]
    assert [s.extra for s in explained.shares] == [False, True]
    assert [s.rank for s in explained.shares] == [2, 1]
    assert explained.shares[1].quota == Fraction(20, 3)
    assert explained.leftover == 1


def test_equal_split_exact_division() -> None:
    assert equal_split(35_000_000, 7) == [5_000_000] * 7


def test_equal_split_with_leftover_needs_a_tie_rule() -> None:
    with pytest.raises(TieError) as caught:
        equal_split(10, 3)
    assert caught.value.tied == (0, 1, 2)
    assert caught.value.kronor == 1
    assert "state a tie rule" in str(caught.value)


def test_tie_rule_decides_and_is_reported() -> None:
    assert equal_split(10, 3, tie_break=[2, 0, 1]) == [3, 4, 3]
    assert equal_split(11, 3, tie_break=[2, 0, 1]) == [3, 4, 4]
    explained = apportion(10, [1, 1, 1], tie_break=[2, 0, 1])
    assert [s.decided_by_tie for s in explained.shares] == [False, True, False]
    assert [s.rank for s in explained.shares] == [3, 1, 2]


def test_tie_that_does_not_decide_a_krona_needs_no_rule() -> None:
    # Remainders 2, 1, 1 (of 4); one krona left: it goes to the unique largest remainder.
    assert largest_remainder(5, [2, 1, 1]) == [3, 1, 1]
    # Quotas 0.75, 0.75, 1.5: two kronor left and both tied remainders get one, no choice made.
    assert largest_remainder(3, [1, 1, 2]) == [1, 1, 1]


def test_all_tied_recipients_winning_needs_no_rule() -> None:
    # 5 over weights 2,1,1 with total 4: quotas 2.5, 1.25, 1.25; leftover 1 goes to the first.
    assert largest_remainder(5, [2, 1, 1]) == [3, 1, 1]
    # 3 over [1,1,1,3]: quotas .5,.5,.5,1.5 -> wholes 0,0,0,1, leftover 2 among three ties.
    with pytest.raises(TieError):
        largest_remainder(3, [1, 1, 1, 3])


@pytest.mark.parametrize(
    ("amount", "weights", "message"),
    [
        (10, [], "no recipients"),
        (10, [0, 0], "total weight is zero"),
        (10, [1, -1], "negative"),
        (-1, [1], "must not be negative"),
        (1.5, [1], "whole kronor"),
        (True, [1], "whole kronor"),
        (10, [1.0], "must be an int"),
    ],
)
def test_bad_input_is_a_clear_error(amount: object, weights: list[object], message: str) -> None:
    with pytest.raises(AllocationInputError, match=message):
        largest_remainder(amount, weights)  # type: ignore[arg-type]


def test_engine_errors_are_the_project_error_type() -> None:
    assert issubclass(AllocationInputError, StatsbidragError)
    assert issubclass(TieError, StatsbidragError)


def test_tie_break_must_be_a_distinct_priority_per_recipient() -> None:
    with pytest.raises(AllocationInputError, match="priorities for"):
        largest_remainder(10, [1, 1], tie_break=[0])
    with pytest.raises(AllocationInputError, match="distinct"):
        largest_remainder(10, [1, 1], tie_break=[0, 0])


def test_equal_split_needs_a_recipient() -> None:
    with pytest.raises(AllocationInputError):
        equal_split(10, 0)


@given(amount=amounts, weights=weight_lists)
def test_sums_exactly_and_each_share_is_floor_or_ceiling(amount: int, weights: list[int]) -> None:
    priorities = list(range(len(weights)))
    result = largest_remainder(amount, weights, tie_break=priorities)
    assert sum(result) == amount
    total = sum(weights)
    for share, weight in zip(result, weights, strict=True):
        quota = Fraction(amount * weight, total)
        assert share in (
            quota.numerator // quota.denominator,
            -(-quota.numerator // quota.denominator),
        )


@given(amount=amounts, weights=weight_lists, data=st.data())
def test_matches_the_fraction_reference(
    amount: int, weights: list[int], data: st.DataObject
) -> None:
    priorities = data.draw(st.permutations(range(len(weights))))
    assert largest_remainder(amount, weights, tie_break=priorities) == reference(
        amount, weights, list(priorities)
    )


@given(amount=amounts, weights=weight_lists, data=st.data())
def test_permuting_recipients_permutes_results(
    amount: int, weights: list[int], data: st.DataObject
) -> None:
    try:
        result = largest_remainder(amount, weights)
    except TieError:
        assume(False)
        return
    order = data.draw(st.permutations(range(len(weights))))
    permuted = largest_remainder(amount, [weights[i] for i in order])
    assert permuted == [result[i] for i in order]


@given(
    amount=amounts,
    weights=weight_lists,
    factor=st.integers(min_value=2, max_value=10**6),
)
def test_scaling_weights_changes_nothing(amount: int, weights: list[int], factor: int) -> None:
    priorities = list(range(len(weights)))
    assert largest_remainder(amount, [w * factor for w in weights], tie_break=priorities) == (
        largest_remainder(amount, weights, tie_break=priorities)
    )


@given(amount=amounts, weights=weight_lists)
def test_apportion_agrees_with_largest_remainder(amount: int, weights: list[int]) -> None:
    priorities = list(reversed(range(len(weights))))
    explained = apportion(amount, weights, tie_break=priorities)
    assert explained.allocations == largest_remainder(amount, weights, tie_break=priorities)
    assert sorted(s.rank for s in explained.shares) == list(range(1, len(weights) + 1))
    for share in explained.shares:
        assert share.quota == share.whole + Fraction(share.remainder, share.total_weight)


@given(amount=amounts, count=st.integers(min_value=1, max_value=50))
def test_equal_split_differs_by_at_most_one_krona(amount: int, count: int) -> None:
    result = equal_split(amount, count, tie_break=list(range(count)))
    assert sum(result) == amount
    assert max(result) - min(result) <= 1
    # The tie rule (lower priority first) decides who gets the extra kronor.
    assert result == sorted(result, reverse=True)


def float_largest_remainder(amount: int, weights: list[int]) -> list[int]:
    """The tempting float version, to show what the exact engine avoids."""
    total = sum(weights)
    quotas = [amount * w / total for w in weights]
    floors = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: -(quotas[i] - floors[i]))
    for i in order[: amount - sum(floors)]:
        floors[i] += 1
    return floors


def test_float_arithmetic_gives_the_wrong_krona_where_the_engine_does_not() -> None:
    # Near 10^12 kronor and weights near 10^7 a float quota keeps too few fractional digits to
    # order the remainders; the last krona goes to the wrong recipient.
    amount = 999_999_662_031
    weights = [9_999_818, 9_992_709, 9_994_954]
    exact = largest_remainder(amount, weights)
    assert exact == reference(amount, weights, [0, 1, 2])
    assert exact == [333_466_309_503, 333_229_243_989, 333_304_108_539]
    assert float_largest_remainder(amount, weights) != exact


@given(
    values=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=300),
    data=st.data(),
)
def test_kth_largest_selection_is_exact(values: list[int], data: st.DataObject) -> None:
    # Shrink the thresholds so that small generated lists exercise the sampled-band path.
    k = data.draw(st.integers(min_value=1, max_value=len(values)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_FULL_SORT_BELOW", 4)
        patch.setattr(engine, "_SAMPLE_SIZE", data.draw(st.integers(min_value=1, max_value=16)))
        assert engine._kth_largest(values, k) == sorted(values, reverse=True)[k - 1]


@pytest.mark.parametrize("ordering", ["random", "ascending", "descending"])
def test_large_inputs_match_the_reference(ordering: str) -> None:
    rng = random.Random(7)
    weights = [rng.randint(1, 10**7) for _ in range(20_000)]
    if ordering != "random":
        weights.sort(reverse=ordering == "descending")
    amount = 987_654_321_987
    priorities = list(range(len(weights)))
    assert largest_remainder(amount, weights, tie_break=priorities) == reference(
        amount, weights, priorities
    )
