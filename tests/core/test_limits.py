"""Floors and caps on a keyed split (core.limits): the one rule decisions and programmes share.

Expected amounts are worked out here with Fraction and the lifting rule stated in the grant
texts, independently of the code under test."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from fractions import Fraction

import pytest
from helpers import POPULATION, REGIONS_DECISION, DataCopy, county_populations, hamilton, run
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.core.engine import largest_remainder
from statsbidrag_cli.core.limits import limited_split
from statsbidrag_cli.errors import AllocationInputError, TieError


def by_weight(amount: int, weights: Sequence[int], keys: Sequence[str]) -> list[int]:
    """Largest remainder, a tie going to the unit listed first (as :func:`hamilton` does)."""
    return largest_remainder(amount, list(weights), tie_break=list(range(len(weights))))


def test_units_below_the_floor_are_lifted_and_the_rest_split_again() -> None:
    # 1 000 kr over weights 1, 2, 97 with a floor of 100: a and b are lifted (quotas 10 and
    # 20); the remaining 800 kr go to c alone.
    split = limited_split(1_000, ["a", "b", "c"], [1, 2, 97], by_weight, floor=100)
    assert split.allocations == (100, 100, 800)
    assert split.lifted == ("a", "b") and split.capped == ()


def test_a_lift_can_push_another_unit_below_the_floor() -> None:
    # Round 1: 1 000 by 10/20/30/940 gives a=10 (< 150): a lifted. Round 2: 850 by 20/30/940
    # gives b = 850*20/990 = 17.2 -> 17 (< 150) and c = 25.8 -> 26: both lifted; d gets 550.
    split = limited_split(1_000, ["a", "b", "c", "d"], [10, 20, 30, 940], by_weight, floor=150)
    assert split.allocations == (150, 150, 150, 550)
    assert split.lifted == ("a", "b", "c")


def test_a_cap_holds_the_largest_and_gives_the_rest_to_the_others() -> None:
    # 900 by 1/1/7: c's quota 700 is over the cap 400; the other 500 split equally.
    split = limited_split(900, ["a", "b", "c"], [1, 1, 7], by_weight, cap=400)
    assert split.allocations == (250, 250, 400) and split.capped == ("c",)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"floor": 400}, "a floor of 400 kr for 3 units needs 1,200 kr"),
        ({"cap": 300}, "a cap of 300 kr for 3 units places only 900 kr of 1,000 kr"),
        ({"floor": 300, "cap": 200}, "the cap (200 kr) is below the floor (300 kr)"),
    ],
)
def test_limits_the_money_cannot_meet_are_errors(kwargs: dict[str, int], words: str) -> None:
    with pytest.raises(AllocationInputError) as raised:
        limited_split(1_000, ["a", "b", "c"], [1, 2, 3], by_weight, **kwargs)
    assert words in str(raised.value)


@given(
    weights=st.lists(st.integers(1, 10_000), min_size=1, max_size=25),
    amount=st.integers(0, 10_000_000),
    floor_share=st.fractions(0, 1),
    cap_share=st.one_of(st.none(), st.fractions(1, 3)),
)
def test_any_limited_split_sums_exactly_and_respects_its_limits(
    weights: list[int], amount: int, floor_share: Fraction, cap_share: Fraction | None
) -> None:
    count = len(weights)
    floor = int(amount * floor_share / count)  # a floor the money covers
    cap = None if cap_share is None else max(floor, -(-amount // count) + int(cap_share * 10))
    keys = [f"u{index:02d}" for index in range(count)]
    split = limited_split(amount, keys, weights, by_weight, floor=floor, cap=cap)
    assert sum(split.allocations) == amount
    assert all(value >= floor for value in split.allocations)
    assert cap is None or all(value <= cap for value in split.allocations)
    free = [i for i, key in enumerate(keys) if key not in split.lifted + split.capped]
    if free:  # the others share what is left exactly as the key says (largest remainder)
        pool = amount - sum(split.allocations[i] for i in range(count) if i not in free)
        expected = hamilton(pool, {keys[i]: weights[i] for i in free}) if pool else {}
        assert {keys[i]: split.allocations[i] for i in free} == (
            expected or {keys[i]: 0 for i in free}
        )


def test_a_decision_with_a_floor_lifts_the_small_regions(data: DataCopy) -> None:
    """21 000 000 kr over the 21 regions by population, at least 500 000 kr each: worked out
    round by round here (lift those below, split the rest again among the others)."""
    text = (
        REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31")
        .replace("total: 1000000", "total: 21000000")
        .replace("amount: 1000000", "amount: 21000000")
        .replace('    codes: ["01", "03", "12"]\n', "    floor: 500000\n")
        .replace("betala ut 1 000 000 kronor", "betala ut 21 000 000 kronor")
    )
    data.write_decision(text, "S2099-00001")
    result = run("allocate", "S2099/00001", "--format", "csv", *data.args())
    assert result.exit_code in (0, 1), result.stderr
    shown = {row["code"]: int(row["part"]) for row in csv.DictReader(result.stdout.splitlines())}
    populations = county_populations(POPULATION / "folkmangd_kommun_2025-12-31.csv")
    lifted: set[str] = set()
    while True:
        free = {code: people for code, people in populations.items() if code not in lifted}
        shares = hamilton(21_000_000 - 500_000 * len(lifted), free)
        below = {code for code, share in shares.items() if share < 500_000}
        if not below:
            break
        lifted |= below
    expected = {**shares, **dict.fromkeys(lifted, 500_000)}
    assert lifted and shown == expected
    assert sum(shown.values()) == 21_000_000
    table = run("allocate", "S2099/00001", *data.args())
    assert "lifted to the floor of 500,000 kr" in " ".join(table.stdout.split())
    show = run("show", "S2099/00001", "--format", "csv", *data.args())
    facts = {(r["item"], r["amount"]) for r in csv.DictReader(show.stdout.splitlines())}
    assert ("floor per unit", "500000") in facts


def test_audit_tests_the_rounding_within_the_floor(data: DataCopy) -> None:
    """A published table of a part with a floor is audited within the floor: the decision
    fixes the limits, only the rounding is in question. Region Uppsala's quota (about
    94 000 kr of 1 000 000 kr) is below the floor of 100 000 kr; the other two share 900 000 kr
    by population, worked out here."""
    populations = county_populations(POPULATION / "folkmangd_kommun_2025-12-31.csv")
    three = {code: populations[code] for code in ("01", "03", "12")}
    assert hamilton(1_000_000, three)["03"] < 100_000
    rest = hamilton(900_000, {code: three[code] for code in ("01", "12")})
    expected = {**rest, "03": 100_000}
    rows = "".join(
        f'    - {{code: "{code}", name: x, amounts: {{part: {amount}}}, total: {amount}}}\n'
        for code, amount in sorted(expected.items())
    )
    text = (
        REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31")
        .replace('    codes: ["01", "03", "12"]\n', '    codes: ["01", "03", "12"]\n    floor: 100000\n')
        + "published:\n  publisher: test\n  rows:\n" + rows
        + '  source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]\n'
    )  # fmt: skip
    data.write_decision(text, "S2099-00001")
    result = run("audit", "S2099/00001", "--format", "json", *data.args())
    assert result.exit_code == 0, result.stdout + result.stderr
    (component,) = json.loads(result.stdout)["components"]
    assert component["verdict"] == "reproduced"
    assert "largest_remainder" in component["methods"]


@given(
    weights=st.lists(st.integers(0, 50), min_size=1, max_size=12),
    amount=st.integers(0, 100_000),
    floor_share=st.fractions(0, 1),
    capped=st.booleans(),
)
def test_zero_counts_with_limits_sum_exactly_or_are_refused(
    weights: list[int], amount: int, floor_share: Fraction, capped: bool
) -> None:
    """Units the key counts nothing for (0 persons), with a floor or a cap: never a
    ZeroDivisionError, and never a split that does not add up; the money the key cannot place
    is refused with a reason."""
    count = len(weights)
    floor = int(amount * floor_share / count)
    cap = max(floor, -(-amount // count)) if capped else None
    keys = [f"u{index:02d}" for index in range(count)]
    try:
        split = limited_split(amount, keys, weights, by_weight, floor=floor, cap=cap)
    except (AllocationInputError, TieError) as refused:
        assert str(refused)
        return
    assert sum(split.allocations) == amount
    assert all(value >= floor for value in split.allocations)
    assert cap is None or all(value <= cap for value in split.allocations)
