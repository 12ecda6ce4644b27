"""Rounding methods, the audit of published tables, and --explain."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from helpers import run
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.core.audit import audit_split
from statsbidrag_cli.core.engine import METHODS, allocate_by, dhondt, half_up, sainte_lague
from statsbidrag_cli.errors import TieError
from statsbidrag_cli.formatting import exact_decimal


def sequential(
    amount: int, weights: list[int], signpost_half: bool, priority: list[int]
) -> list[int]:
    """The textbook divisor method: hand out one krona at a time to the highest w / s(n)."""
    seats = [0] * len(weights)
    for _ in range(amount):

        def ratio(i: int) -> Fraction:
            return Fraction(weights[i], 1) / (
                Fraction(2 * seats[i] + 1, 2) if signpost_half else seats[i] + 1
            )

        best = max(range(len(weights)), key=lambda i: (ratio(i), -priority[i]))
        seats[best] += 1
    return seats


def test_divisor_methods_on_a_textbook_example() -> None:
    votes = [100_000, 80_000, 30_000, 20_000]
    assert dhondt(8, votes) == [4, 3, 1, 0]
    assert sainte_lague(8, votes) == [3, 3, 1, 1]


def test_half_up_can_miss_the_total_either_way() -> None:
    assert half_up(10, [1, 1, 1]) == [3, 3, 3]  # 9: one krona short
    assert half_up(2, [1, 1, 1, 1]) == [1, 1, 1, 1]  # 4: two kronor over
    assert half_up(28_000_000, [1_980_907, 1_087_734, 1_935_798, 2_547_105, 901_319, 2_152_657]) == [
        5_229_861, 2_871_764, 5_110_767, 6_724_700, 2_379_603, 5_683_304,
    ]  # fmt: skip


@given(
    amount=st.integers(min_value=0, max_value=60),
    weights=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8),
    half=st.booleans(),
)
def test_divisor_methods_match_the_sequential_definition(
    amount: int, weights: list[int], half: bool
) -> None:
    priority = list(range(len(weights)))
    expected = sequential(amount, weights, half, priority)
    method = sainte_lague if half else dhondt
    assert method(amount, weights, tie_break=priority) == expected


@given(
    amount=st.integers(min_value=1, max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12).filter(
        lambda w: sum(w) > 0
    ),
    method=st.sampled_from(METHODS),
)
def test_audit_of_a_table_made_by_a_method_names_that_method_on_every_row(
    amount: int, weights: list[int], method: str
) -> None:
    priority = list(range(len(weights)))
    table = allocate_by(method, amount, weights, tie_break=priority)
    keys = [f"u{i}" for i in range(len(weights))]
    audit = audit_split(amount, weights, table, keys, keys, priority)
    assert all(method in row.matches for row in audit.rows)
    assert audit.matching_rows(method) == len(weights)


def test_verdicts() -> None:
    weights = [500, 300, 200]  # 1 000 kr: quotas exactly 500, 300, 200
    audit = audit_split(1_000, weights, [500, 299, 250], ["a", "b", "c"], ["A", "B", "C"])
    assert [row.verdict for row in audit.rows] == [
        "matches largest_remainder, half_up, dhondt, sainte_lague",
        "off by -1 kr from largest_remainder (rounding adjustment)",
        "off by +50 kr from largest_remainder: the published amount implies a population of 250 (+50 persons)",
    ]
    assert audit.summary() == "largest_remainder explains the most rows: 1 of 3"


def test_audit_reports_a_half_up_total_that_misses() -> None:
    audit = audit_split(10, [1, 1, 1], [4, 3, 3], ["a", "b", "c"], ["A", "B", "C"], [0, 1, 2])
    assert audit.totals["half_up"] == 9
    assert "half_up sums to 9 (-1 kr)" in audit.summary()
    assert audit.rows[0].matches == ["largest_remainder", "dhondt", "sainte_lague"]


def test_audit_with_a_tie_and_no_rule_leaves_the_method_undecided() -> None:
    audit = audit_split(10, [1, 1, 1], [4, 3, 3], ["a", "b", "c"], ["A", "B", "C"])
    assert set(audit.undecided) == {"largest_remainder", "dhondt", "sainte_lague"}
    assert audit.rows[0].by_method["largest_remainder"] is None
    assert audit.rows[1].verdict == "matches half_up"


def test_unknown_method_is_an_error() -> None:
    with pytest.raises(Exception, match="unknown method"):
        allocate_by("banker", 10, [1])
    with pytest.raises(TieError):
        dhondt(1, [1, 1])


@pytest.mark.parametrize(
    ("numerator", "denominator", "digits", "text"),
    [(20, 3, 4, "6.6666…"), (1, 4, 4, "0.2500"), (-1, 3, 2, "-0.33…"), (7, 1, 0, "7")],
)
def test_exact_decimal(numerator: int, denominator: int, digits: int, text: str) -> None:
    assert exact_decimal(numerator, denominator, digits) == text


def test_audit_command_on_s2026_00953() -> None:
    result = run("audit", "S2026/00953", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    equal, population = document["components"]
    assert (
        equal["component"],
        equal["best_method"],
        equal["matching_rows"]["largest_remainder"],
    ) == ("equal", "largest_remainder", 7)
    assert population["matching_rows"] == {
        "largest_remainder": 0,
        "half_up": 0,
        "dhondt": 0,
        "sainte_lague": 0,
    }
    assert population["method_totals"]["half_up"] == 27_999_999
    rows = {row["unit"]: row for row in population["rows"]}
    assert rows["uppsala-orebro"]["verdict"] == "off by +1 kr from dhondt (rounding adjustment)"
    assert rows["stockholm"]["verdict"] == (
        "off by -13 kr from largest_remainder: the published amount implies a population of "
        "2547100 (-5 persons)"
    )
    assert rows["stockholm"]["implied_population"] == "2547100.0…"
    assert rows["umea"]["by_method"] == {
        "largest_remainder": 2_379_604,
        "half_up": 2_379_603,
        "dhondt": 2_379_603,
        "sainte_lague": 2_379_604,
    }


def test_audit_table_and_csv() -> None:
    table = run("audit", "S2026/00953").stdout
    assert (
        "largest_remainder explains the most rows: 0 of 6; half_up sums to 27999999 (-1 kr)."
        in table
    )
    csv = run("audit", "S2026/00953", "-f", "csv").stdout.splitlines()
    assert csv[0] == (
        "component,unit,name,population,published,largest_remainder,published_minus_largest_remainder,"
        "half_up,published_minus_half_up,dhondt,published_minus_dhondt,sainte_lague,"
        "published_minus_sainte_lague,verdict"
    )
    assert csv[1].startswith("Lika fördelning,01,Region Stockholm,1,5000000,5000000,0,")


def test_audit_without_published_table_is_an_error() -> None:
    result = run("audit", "gms-pilot-2023")
    assert result.exit_code == 2
    assert "has no published table to audit" in result.stderr


def test_explain_csv_rows() -> None:
    result = run("allocate", "S2026/00953", "--explain", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "component,unit,name,population,share,quota,whole,remainder,rank,allocated,why"
    )
    stockholm = next(line for line in lines if ",stockholm," in line)
    assert stockholm == (
        '"Fördelning efter befolkningsmängd per samverkansregion (28 000 000 kr, largest_remainder)",'
        "stockholm,Stockholm,2547105,0.24016785…,6724699.9675…,6724699,0.9675…,1,6724700,"
        "extra krona: remainder among the 2 largest"
    )
    goteborg = next(line for line in lines if ",goteborg," in line)
    assert goteborg.endswith(",6,5229861,no extra krona: only 2 left over")


def test_explain_in_table_and_json() -> None:
    table = run("allocate", "S2026/00953", "--explain").stdout
    assert "How the kronor were split" in table
    document = json.loads(run("allocate", "S2026/00953", "--explain", "-f", "json").stdout)
    assert len(document["explanation"]) == 7 + 6
    assert document["rows"][0]["code"] == "01"
