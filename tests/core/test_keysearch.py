"""The key search: attribution to the dataset a table was made with, swaps, printed totals,
and no attribution where nothing fits.

Tables are made here, independently of the engine (Hamilton by hand with ``helpers.hamilton``,
ordinary rounding with integer arithmetic), from the shipped county figures read with the csv
module, not with the loaders under test.
"""

from __future__ import annotations

import csv
from fractions import Fraction

from helpers import POPULATION, hamilton
from hypothesis import given, settings
from hypothesis import strategies as st

from statsbidrag_cli.core.keysearch import (
    KeyCandidate,
    PrintedTotal,
    TableRow,
    find_key,
    total_findings,
)

YEARS = (*range(2010, 2020), 2024)


def county_figures(year: int) -> dict[str, int]:
    path = POPULATION / f"folkmangd_lan_{year}-12-31.csv"
    with path.open(encoding="utf-8") as file:
        return {row["kod"]: int(row["folkmangd"]) for row in csv.DictReader(file)}


def candidates() -> list[KeyCandidate]:
    return [
        KeyCandidate(f"lan_{year}", f"{year}-12-31", f"Folkmängd {year}", county_figures(year))
        for year in YEARS
    ]


def table(amounts: dict[str, int]) -> list[TableRow]:
    return [TableRow(code, code, amount) for code, amount in sorted(amounts.items())]


def half_up(amount: int, weights: dict[str, int]) -> dict[str, int]:
    """Each quota rounded half up on its own (independently of the engine)."""
    whole = sum(weights.values())
    return {code: (2 * amount * w + whole) // (2 * whole) for code, w in weights.items()}


def test_a_table_made_from_2017_is_attributed_to_2017_not_its_neighbours() -> None:
    published = hamilton(1_000_000_000, county_figures(2017))
    assert published["01"] == 228_071_918  # Stockholm, as worked out by hand
    search = find_key(1_000_000_000, table(published), candidates())
    assert search.verdict == "consistent"
    assert search.best is not None and search.best.dataset == "lan_2017"
    assert search.best.fit == "reproduced"
    assert search.best.exact_rows == search.best.rows_compared == 21
    assert search.best.method == "largest_remainder"
    runner_up = search.runner_up
    assert runner_up is not None and runner_up.dataset in ("lan_2016", "lan_2018")
    assert runner_up.fit == "not_consistent" and runner_up.exact_rows == 0
    # The runner-up's largest deviation, worked out here: max |published − quota 2016|.
    figures = county_figures(2016)
    whole = sum(figures.values())
    expected = max(
        abs(published[code] - Fraction(1_000_000_000 * figures[code], whole)) for code in figures
    )
    assert runner_up.largest_kronor == expected
    assert 1_055_883 < expected < 1_055_884
    assert not any(t.consistent for t in search.trials if t.dataset != "lan_2017")


def test_every_year_is_told_apart_from_every_other() -> None:
    for year in YEARS:
        published = hamilton(250_000_000, county_figures(year))
        search = find_key(250_000_000, table(published), candidates())
        assert search.verdict == "consistent", year
        assert search.best is not None and search.best.dataset == f"lan_{year}"


def test_two_counties_figures_swapped_are_reported_as_swapped() -> None:
    figures = county_figures(2015)
    swapped = dict(figures)
    swapped["03"], swapped["04"] = figures["04"], figures["03"]  # Uppsala and Södermanland
    published = hamilton(500_000_000, swapped)
    search = find_key(500_000_000, table(published), candidates())
    assert search.verdict == "swapped"
    assert [(s.dataset, s.first, s.second, s.method) for s in search.swaps] == [
        ("lan_2015", "03", "04", "largest_remainder")
    ]
    swap = search.swaps[0]
    whole = sum(figures.values())
    assert swap.first_deviation == published["03"] - Fraction(500_000_000 * figures["03"], whole)
    assert swap.first_deviation == Fraction(
        500_000_000 * (figures["04"] - figures["03"]), whole
    ) + (published["03"] - Fraction(500_000_000 * figures["04"], whole))
    assert abs(swap.first_deviation + swap.second_deviation) <= 2  # mirrored
    assert search.best is not None and not search.best.consistent  # no false attribution


def test_a_printed_total_off_by_one_krona_is_a_finding_and_the_rows_still_fit() -> None:
    figures = county_figures(2017)
    published = half_up(1_000_003, figures)
    assert sum(published.values()) == 1_000_004  # ordinary rounding overshoots by 1 kr
    totals = [PrintedTotal("Summa", 1_000_003, tuple(sorted(published)))]
    search = find_key(1_000_003, table(published), candidates(), totals)
    assert [(t.label, t.printed, t.rows_sum, t.difference) for t in search.totals] == [
        ("Summa", 1_000_003, 1_000_004, -1)
    ]
    assert search.verdict == "consistent"
    assert search.best is not None
    assert (search.best.dataset, search.best.method, search.best.fit) == (
        "lan_2017",
        "half_up",
        "reproduced",
    )


def test_total_findings_leave_out_totals_that_hold_or_lack_a_row() -> None:
    rows = [TableRow("01", "A", 10), TableRow("03", "B", None), TableRow("04", "C", 5)]
    totals = [
        PrintedTotal("ok", 15, ("01", "04")),
        PrintedTotal("unknown row", 99, ("01", "03")),
        PrintedTotal("off", 16, ("01", "04")),
    ]
    assert [(t.label, t.difference) for t in total_findings(rows, totals)] == [("off", 1)]


def test_a_table_no_candidate_explains_gets_no_attribution() -> None:
    # An equal split of 21 000 000 kr: 1 000 000 kr per county, no population key at all.
    published = {code: 1_000_000 for code in county_figures(2017)}
    search = find_key(21_000_000, table(published), candidates())
    assert search.verdict == "none"
    assert search.swaps == ()
    assert search.best is not None and search.best.fit == "not_consistent"


def test_unknown_rows_are_left_out_of_the_comparison() -> None:
    published: dict[str, int | None] = dict(hamilton(80_000_000, county_figures(2019)))
    for code in ("01", "12", "14"):
        published[code] = None
    rows = [TableRow(code, code, amount) for code, amount in sorted(published.items())]
    search = find_key(80_000_000, rows, candidates())
    assert search.best is not None and search.best.dataset == "lan_2019"
    assert search.best.rows_compared == 18


def test_a_candidate_without_a_unit_is_skipped_not_guessed() -> None:
    partial = KeyCandidate("partial", "2017-12-31", "partial", {"01": 5, "03": 7})
    published = hamilton(1_000, county_figures(2017))
    search = find_key(1_000, table(published), [partial, *candidates()])
    assert [s.dataset for s in search.skipped] == ["partial"]
    assert len(search.skipped[0].missing) == 19


def test_two_identical_candidates_are_ambiguous() -> None:
    twin = KeyCandidate("twin", "2017-12-31", "twin", county_figures(2017))
    published = hamilton(1_000_000, county_figures(2017))
    search = find_key(1_000_000, table(published), [*candidates(), twin])
    assert search.verdict == "ambiguous"
    assert {search.best.dataset, search.runner_up.dataset} == {"lan_2017", "twin"}  # type: ignore[union-attr]


weights = st.lists(st.integers(1, 10_000), min_size=2, max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 8), st.integers(2, 4), st.integers(1, 10**9), st.data())
def test_a_table_made_from_one_candidate_is_attributed_to_it_or_called_ambiguous(
    units: int, count: int, amount: int, data: st.DataObject
) -> None:
    codes = [f"{index:02d}" for index in range(units)]
    key = st.lists(st.integers(1, 10_000), min_size=units, max_size=units)
    pool = [
        KeyCandidate(f"c{i}", "2020-12-31", f"c{i}", dict(zip(codes, data.draw(key), strict=True)))
        for i in range(count)
    ]
    chosen = data.draw(st.sampled_from(pool))
    # Equal remainders go to the lower code here, as the tie rule "code" has it.
    published = hamilton(amount, dict(chosen.weights))
    search = find_key(amount, table(published), pool)
    assert search.best is not None and search.best.fit == "reproduced"
    assert chosen.name in {t.dataset for t in search.trials if t.fit == "reproduced"}
    assert search.verdict in ("consistent", "ambiguous", "indistinguishable")
    if search.verdict == "consistent":
        assert search.best.dataset == chosen.name
        runner_up = search.runner_up
        if runner_up is not None and runner_up.consistent:  # told apart on some row
            assert search.separation is not None and search.separation > 1


@settings(max_examples=150, deadline=None)
@given(
    weights, st.integers(1, 10**9), st.lists(st.integers(-(10**6), 10**6), min_size=8, max_size=8)
)
def test_an_attribution_always_rests_on_rows_within_one_krona_of_the_quota(
    key: list[int], amount: int, noise: list[int]
) -> None:
    codes = [f"{index:02d}" for index in range(len(key))]
    figures = dict(zip(codes, key, strict=True))
    published = {code: max(0, a + n) for (code, a), n in zip(sorted(hamilton(amount, figures).items()), noise, strict=False)}  # fmt: skip
    search = find_key(amount, table(published), [KeyCandidate("k", "d", "t", figures)])
    whole = sum(key)
    within = all(abs(published[c] - Fraction(amount * figures[c], whole)) <= 1 for c in codes)
    if search.verdict == "consistent":
        assert search.best is not None
        assert within or search.best.fit in ("reproduced", "adjusted")
    elif within:
        raise AssertionError("rows within 1 kr of every quota must be attributed")


def test_two_keys_whose_quotas_differ_by_less_than_a_krona_are_not_told_apart() -> None:
    """Worked by hand: 10 kr over (100, 200, 700) gives 1, 2, 7 exactly; (155, 145, 700) has
    quotas 1.55, 1.45, 7, within 1 kr of each published row but rounding to 2, 1, 7. The
    first reproduces the table and the second does not, yet no row tells them apart: their
    quotas differ by 0.55 kr at most, which whole kronor hide."""
    first = KeyCandidate("a", "2020-12-31", "A", {"01": 100, "02": 200, "03": 700})
    second = KeyCandidate("b", "2020-12-31", "B", {"01": 155, "02": 145, "03": 700})
    search = find_key(10, table({"01": 1, "02": 2, "03": 7}), [first, second])
    assert search.best is not None and search.best.dataset == "a"
    assert search.best.fit == "reproduced"
    assert search.runner_up is not None and search.runner_up.fit == "within_one_krona"
    assert search.separation == Fraction(55, 100)
    assert search.verdict == "indistinguishable"
    assert search.persons_per_krona == 100  # 1 000 persons over 10 kr
    wider = find_key(10, table({"01": 1, "02": 2, "03": 7}), [first, KeyCandidate(
        "c", "2020-12-31", "C", {"01": 300, "02": 100, "03": 600})])  # fmt: skip
    assert wider.verdict == "consistent"  # 3 kr against 1 kr on 01: told apart
