"""`recipient CODE`: everything one region receives across decisions, totals per budget year."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import run


def _csv(*args: str) -> list[dict[str, str]]:
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_skanes_2026_total_is_the_sum_of_its_rows_in_each_decisions_allocation() -> None:
    received = json.loads(run("recipient", "12", "--year", "2026", "-f", "json").stdout)
    expected = 0
    for decision in ("S2026/00953", "gms-sprintr-biobank-2026"):  # the 2026 decisions
        rows = _csv("allocate", decision)
        expected += int(next(row for row in rows if row["code"] == "12")["total"])
    assert expected == 90_110_767  # 5 000 000 + 5 110 767 + 80 000 000
    assert received["totals_per_year"] == {"2026": {"computed": expected, "paid": 90_110_750}}
    # paid: Socialstyrelsen's published 5 110 750 for Lund/Malmö where it published a table
    assert {row["decision"] for row in received["rows"]} == {
        "S2026/00953",
        "gms-sprintr-biobank-2026",
    }


def test_every_year_and_the_csv_columns_stack_across_recipients() -> None:
    skane, stockholm = _csv("recipient", "12"), _csv("recipient", "01")
    assert list(skane[0]) == list(stockholm[0])  # one column set: outputs stack
    assert {row["budget_year"] for row in skane} == {"2023", "2026"}
    years = json.loads(run("recipient", "12", "-f", "json").stdout)["totals_per_year"]
    assert sorted(years) == ["2023", "2026"]  # years are never added together


def test_a_code_nobody_pays_is_a_clear_error() -> None:
    result = run("recipient", "0114")  # a kommun, which no built-in decision pays
    assert result.exit_code == 2 and "pays anything to 0114" in result.stderr
    assert run("recipient", "12", "--year", "-3").exit_code == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99", "unknown county code '99' (not in lan.csv)"),
        ("9999", "unknown kommun code '9999' (not in kommuner.csv)"),
        ("1", "'1' is no recipient code: a county's has two digits, a kommun's four; did you mean 01?"),
        ("114", "did you mean 0114?"),
        ("Skåne", "'Skåne' is no recipient code"),
    ],
)  # fmt: skip
def test_a_code_that_is_no_recipient_is_said_to_be_none(code: str, message: str) -> None:
    result = run("recipient", code)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stdout == ""
