"""The decisions under examples/ (real texts' formulas: shares of the total, kommun and region
parts, rate bands, a key that is not population, an age key with a floor) pass `check`, and
allocate to amounts worked out here with Fraction arithmetic, independently of the engine."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import REPO, county_populations, hamilton, json_stat_cell, run

EXAMPLES = REPO / "examples"
POPULATION = EXAMPLES / "population"
SHIPPED = REPO / "population" / "folkmangd_kommun_2025-12-31.csv"
ARGS = ["--decisions-dir", str(EXAMPLES / "decisions"), "--population-dir", str(POPULATION)]


def allocation(decision: str) -> list[dict[str, str]]:
    result = run("allocate", decision, "-f", "csv", *ARGS)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def kommun_figures(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kommunkod"]: int(row["folkmangd"]) for row in csv.DictReader(handle)}


def test_every_example_passes_check() -> None:
    result = run("check", "-f", "json", *ARGS)
    assert result.exit_code == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    names = sorted(path.stem for path in (EXAMPLES / "decisions").glob("*.yaml"))
    assert len(names) == 5
    assert sorted(item["decision"] for item in report["decisions"]) == names
    assert [item["status"] for item in report["decisions"]] == ["PASS"] * 5
    assert report["passed"] is True


@pytest.mark.parametrize(
    ("decision", "total", "kommun_percent", "key"),
    [
        ("S2010-1791", 282_500_000, 70, SHIPPED),
        ("fi-2017-per-invanare", 3_000_000_000, 70, SHIPPED),
        ("fi-2017-asyl", 7_000_000_000, 80, POPULATION / "illustrativ_asylnyckel_kommun.csv"),
    ],
)
def test_a_kommun_part_and_a_region_part_by_share_gotland_paid_both(
    decision: str, total: int, kommun_percent: int, key: Path
) -> None:
    kommun_part = Fraction(total * kommun_percent, 100)
    assert kommun_part.denominator == 1
    region_part = total - int(kommun_part)
    rows = allocation(decision)
    kommuner = {r["code"]: int(r["total"]) for r in rows if r["level"] == "kommun"}
    regions = {r["code"]: int(r["total"]) for r in rows if r["level"] == "region"}
    assert kommuner == hamilton(int(kommun_part), kommun_figures(key))
    assert regions == hamilton(region_part, county_populations(key))
    assert sum(kommuner.values()) + sum(regions.values()) == total
    assert kommuner["0980"] > 0 and regions["09"] > 0  # Gotland as kommun and as region


def test_rate_bands_pay_rate_times_count_per_kommun() -> None:
    rates = {"75_79": 4358, "80_84": 8716, "85_89": 13074, "90": 17432}
    expected: dict[str, int] = {}
    for band, rate in rates.items():
        counts = kommun_figures(POPULATION / f"illustrativ_personer_{band}_kommun.csv")
        for code, count in counts.items():
            expected[code] = expected.get(code, 0) + rate * count
    rows = allocation("SFS-1991-1516-aldersband")
    assert {r["code"]: int(r["total"]) for r in rows} == expected
    assert sum(expected.values()) == 32_597_840  # the decision's derived total


def test_the_age_key_with_a_floor() -> None:
    """Real SCB figures (persons 80+ per county, 30 April 2026, from the recorded TAB6471
    body); regions whose share is below 200 000 kr are lifted to it and the rest split again
    among the others, until no one else falls below."""
    recorded = json.loads((REPO / "tests/fixtures/scb/TAB6471_data.json").read_text("utf-8"))
    month = {"Kon": "TotSa", "ContentsCode": "000007SF", "Tid": "2026M04"}
    key = {
        county: sum(json_stat_cell(recorded, Region=county, Alder=age, **month) or 0
                    for age in ("80-89", "90-99", "100+10"))
        for county in recorded["dimension"]["Region"]["category"]["index"]
    }  # fmt: skip
    total, floor = 10_000_000, 200_000
    lifted: set[str] = set()
    while True:
        rest = {c: k for c, k in key.items() if c not in lifted}
        money = total - floor * len(lifted)
        below = {c for c, k in rest.items() if Fraction(money * k, sum(rest.values())) < floor}
        if not below:
            break
        lifted |= below
    expected = {**hamilton(money, rest), **dict.fromkeys(lifted, floor)}
    assert lifted == {"09", "10", "23"}
    rows = allocation("exempel-80-plus-golv")
    assert {r["code"]: int(r["total"]) for r in rows} == expected
    shipped = (POPULATION / "scb_lan_2026-04-30_personer-80-ar-och-aldre.csv").read_text("utf-8")
    assert {line.split(",")[0]: int(line.split(",")[2]) for line in shipped.splitlines()[1:]} == key
