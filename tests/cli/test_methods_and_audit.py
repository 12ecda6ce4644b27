"""Rounding methods, the audit of published tables, and --explain."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from helpers import DataCopy, run
from hypothesis import assume, given
from hypothesis import strategies as st

from statsbidrag_cli.core.audit import audit_split, explain
from statsbidrag_cli.core.engine import METHODS, allocate_by, dhondt, half_up, sainte_lague
from statsbidrag_cli.errors import TieError
from statsbidrag_cli.i18n import exact_decimal


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
def test_a_table_made_by_a_method_is_reproduced_by_that_method(
    amount: int, weights: list[int], method: str
) -> None:
    priority = list(range(len(weights)))
    table: list[int | None] = list(allocate_by(method, amount, weights, tie_break=priority))
    keys = [f"u{i}" for i in range(len(weights))]
    audit = audit_split(amount, weights, table, keys, keys, priority, declared=method)
    assert audit.explanation.verdict == "reproduced"
    assert method in audit.explanation.methods
    assert audit.explanation.reference == method
    assert all(audit.row_verdict(row) == "matches" for row in audit.rows)


@given(
    amount=st.integers(min_value=10, max_value=10**9),
    weights=st.lists(st.integers(min_value=1, max_value=10**7), min_size=3, max_size=12),
    data=st.data(),
)
def test_half_up_with_hand_adjustments_is_named_adjusted(
    amount: int, weights: list[int], data: st.DataObject
) -> None:
    rounded = half_up(amount, weights)
    gap = amount - sum(rounded)
    assume(gap != 0 and abs(gap) <= len(weights))
    moved = data.draw(st.permutations(range(len(weights))))[: abs(gap)]
    table: list[int | None] = [
        value + (1 if gap > 0 else -1) * (i in moved) for i, value in enumerate(rounded)
    ]
    assume(all(v is not None and v >= 0 for v in table))
    keys = [f"u{i}" for i in range(len(weights))]
    priority = list(range(len(weights)))
    audit = audit_split(amount, weights, table, keys, keys, priority)
    if audit.explanation.verdict == "reproduced":
        return  # the moves happen to give what another method gives: that is an explanation too
    assert audit.explanation.verdict == "adjusted"
    assert audit.explanation.methods == ("half_up",)
    assert sorted(code for code, _ in audit.explanation.adjustments) == sorted(
        keys[i] for i in moved
    )


def test_verdicts_of_each_kind() -> None:
    weights = [500, 300, 200]  # 1 000 kr: quotas exactly 500, 300, 200
    names = ["a", "b", "c"]
    reproduced = audit_split(1_000, weights, [500, 300, 200], names, names)
    assert (reproduced.explanation.verdict, reproduced.explanation.methods) == (
        "reproduced", ("largest_remainder", "half_up", "dhondt", "sainte_lague"),
    )  # fmt: skip
    # Differences that net to zero against methods that already sum exactly explain nothing.
    netted = audit_split(1_000, weights, [501, 299, 200], names, names)
    assert netted.explanation.verdict == "not_reproduced"
    assert netted.explanation.methods == ()
    # All four are equally close: the tie is broken only in favour of the declared method.
    assert netted.explanation.closest == "largest_remainder"
    declared = audit_split(1_000, weights, [501, 299, 200], names, names, declared="dhondt")
    assert declared.explanation.closest == "dhondt"
    undeclared = explain(netted.rows, {m: [500, 300, 200] for m in METHODS}, 1_000, "other", None)
    assert (undeclared.closest, undeclared.tied) == (None, METHODS)
    tolerated = audit_split(1_000, weights, [510, 290, 200], names, names, tolerance=10)
    assert tolerated.explanation.verdict == "within_tolerance"
    assert tolerated.passed and not netted.passed
    assert [tolerated.row_verdict(row) for row in tolerated.rows] == [
        "+10 kr ≈ +10 persons; within tolerance",
        "-10 kr ≈ -10 persons; within tolerance",
        "matches largest_remainder",
    ]
    beyond = audit_split(1_000, weights, [511, 289, 200], names, names, tolerance=10)
    assert beyond.explanation.verdict == "not_reproduced"
    assert beyond.within_tolerance is False


def test_half_up_moved_by_hand_on_exactly_the_gap() -> None:
    # 10 kr over three equal units: half_up gives 3, 3, 3 (9 kr); the table adds 1 kr to b.
    # With a first in the tie rule, largest remainder and D'Hondt give 4, 3, 3: not the table.
    audit = audit_split(10, [1, 1, 1], [3, 4, 3], ["a", "b", "c"], ["A", "B", "C"], [0, 1, 2])
    assert audit.explanation.verdict == "adjusted"
    assert audit.explanation.methods == ("half_up",)
    assert audit.explanation.adjustments == (("b", 1),)
    assert audit.row_verdict(audit.rows[1]) == "adjusted +1 kr by hand"
    assert audit.summary().startswith("adjusted: ordinary rounding sums to 9 kr")
    assert not audit.passed


def test_unknown_and_derived_rows_are_not_evidence() -> None:
    weights = [500, 300, 200]
    audit = audit_split(
        1_000, weights, [500, None, 250], ["a", "b", "c"], ["A", "B", "C"],
        derived=[(False, None), (False, None), (True, "the rest of the total")],
    )  # fmt: skip
    assert audit.explanation.verdict == "reproduced"  # only row a is evidence
    assert (audit.rows_compared, audit.rows_unknown, audit.rows_derived) == (1, 1, 1)
    assert audit.row_verdict(audit.rows[1]).startswith("unknown")
    assert audit.row_verdict(audit.rows[2]) == "derived, not evidence: the rest of the total"


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
    assert result.exit_code == 0  # within the declared tolerance
    document = json.loads(result.stdout)
    assert document["passed"] is True
    equal, population = document["components"]
    assert (equal["component"], equal["verdict"], equal["methods"]) == (
        "equal", "reproduced", ["largest_remainder", "half_up", "dhondt", "sainte_lague"],
    )  # fmt: skip
    assert population["verdict"] == "within_tolerance"
    assert population["methods"] == []
    assert (population["tolerance"], population["within_tolerance"]) == (50, True)
    assert (population["rows_compared"], population["rows_unknown"]) == (6, 0)
    assert population["method_totals"]["half_up"] == 27_999_999
    rows = {row["unit"]: row for row in population["rows"]}
    assert rows["stockholm"]["code"] == "01"
    assert rows["stockholm"]["published_minus_computed"] == -13
    assert rows["stockholm"]["implied_population"] == 2_547_100
    assert rows["stockholm"]["verdict"] == "-13 kr ≈ -5 persons; within tolerance"
    assert rows["uppsala-orebro"]["code"] == "18"
    assert rows["umea"]["computed"] == {
        "largest_remainder": 2_379_604,
        "half_up": 2_379_603,
        "dhondt": 2_379_603,
        "sainte_lague": 2_379_604,
    }


def test_audit_exits_1_when_the_tolerance_is_not_met(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("kronor: 50", "kronor: 20"))
    result = run("audit", "S2026/00953", "-f", "json", *data.args())
    assert result.exit_code == 1
    population = json.loads(result.stdout)["components"][1]
    assert population["verdict"] == "not_reproduced"
    assert population["closest"] == "largest_remainder"
    assert population["within_tolerance"] is False


def test_audit_table_fits_100_columns_and_csv_keeps_the_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    table = run("audit", "S2026/00953").stdout
    assert max(len(line) for line in table.splitlines()) <= 100
    words = " ".join(table.split())
    assert "within tolerance: no rounding method gives every published amount" in words
    csv = run("audit", "S2026/00953", "-f", "csv").stdout.splitlines()
    assert csv[0] == (
        "component,component_verdict,code,unit,name,population,published,computed_method,"
        "computed,published_minus_computed,implied_population,derived,verdict"
    )
    assert csv[1].startswith("Lika fördelning,reproduced,01,01,Region Stockholm,,5000000,")


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
        '"Fördelning efter befolkningsmängd per samverkansregion (28,000,000 kr, largest remainder)",'
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


def partial_table(text: str) -> str:
    """S2026/00953's published table as a source that shows only some rows: Stockholm and
    Umeå left out, Skåne's population part not given, Västerbotten's equal part derived."""
    for code in ('"01"', '"24"'):
        start = text.index(f"    - {{code: {code},")
        text = text[:start] + text[text.index("\n", start) + 1 :]
    text = text.replace("population: 5110750}, total: 10110750}", "population: null}, total: null}")
    text = text.replace(
        '{code: "05", name: Östergötland, amounts: {equal: 5000000, population: 2871744}, '
        "total: 7871744}",
        '{code: "05", name: Östergötland, amounts: {equal: 5000000, population: 2871744}, '
        "total: 7871744, derived: true, note: worked out from the total}",
    )
    return text.replace("  rows:\n", "  complete: false\n  rows:\n", 1)


def test_a_partial_table_compares_only_what_it_shows(data: DataCopy) -> None:
    text = partial_table(data.decision_text())
    assert "complete: false" in text and "derived: true" in text
    data.write_decision(text)
    check = run("check", "S2026/00953", *data.args())
    assert check.exit_code == 0, check.stdout
    audit = run("audit", "S2026/00953", "-f", "json", *data.args())
    assert audit.exit_code == 0, audit.stderr
    equal, population = json.loads(audit.stdout)["components"]
    assert (equal["rows_compared"], equal["rows_unknown"], equal["rows_derived"]) == (4, 2, 1)
    assert (population["rows_compared"], population["rows_unknown"]) == (2, 3)
    rows = {row["code"]: row for row in population["rows"]}
    assert rows["01"]["published"] is None
    assert rows["01"]["verdict"] == "unknown: the published table does not give this amount"
    assert rows["05"]["verdict"] == "derived, not evidence: worked out from the total"
    allocate = json.loads(run("allocate", "S2026/00953", "-f", "json", *data.args()).stdout)
    by_code = {row["code"]: row for row in allocate["rows"]}
    assert by_code["01"]["published_minus_computed"] is None
    assert allocate["published_total"] is None


def test_a_partial_table_that_exceeds_the_total_fails(data: DataCopy) -> None:
    text = partial_table(data.decision_text()).replace(
        "population: 5683306}, total: 10683306", "population: 25683306}, total: 30683306"
    )
    data.write_decision(text)
    result = run("check", "S2026/00953", *data.args())
    assert result.exit_code == 1
    assert (
        "published column Fördelning efter befolkningsmängd per samverkansregion sums to its amount as far as known (partial table)"
        in (result.stdout)
    )
    assert "exceeding 28,000,000" in result.stdout


def test_a_derived_published_row_needs_a_note(data: DataCopy) -> None:
    text = data.decision_text().replace("total: 7379634}", "total: 7379634, derived: true}")
    path = data.write_decision(text)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "a derived row needs a note" in result.stdout


def test_an_equal_split_shows_no_population() -> None:
    """Its weights are all 1: no population, so audit leaves the column empty (not 1)."""
    import json

    document = json.loads(run("audit", "S2026/00953", "-f", "json").stdout)
    equal, population = document["components"]
    assert all(row["population"] is None for row in equal["rows"])
    assert all(
        isinstance(row["population"], int) and row["population"] > 1 for row in population["rows"]
    )
