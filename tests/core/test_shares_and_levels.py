"""Parts stated as shares of the total ("70 procent till kommunerna och 30 procent till
landstingen", S2010/1791), and kommun and region parts side by side: Gotland is both kommun
0980 and Region Gotland (09) and is paid both. Expected amounts are worked out here with
Fraction from the population file, independently of the engine."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from helpers import POPULATION, DataCopy, county_populations, hamilton, run, write_shares_decision
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.models.decision import Decision


def _populations() -> tuple[dict[str, int], dict[str, int]]:
    path = POPULATION / "folkmangd_kommun_2025-12-31.csv"
    with path.open(encoding="utf-8") as handle:
        kommuner = {row["kommunkod"]: int(row["folkmangd"]) for row in csv.DictReader(handle)}
    return kommuner, county_populations(path)


@pytest.mark.usefixtures("swedish")
def test_shares_of_the_total_and_gotland_paid_both_parts(data: DataCopy) -> None:
    write_shares_decision(data)
    checked = run("check", "S2099/00002", *data.args())
    assert checked.exit_code == 0, checked.stdout
    result = run("allocate", "S2099/00002", "--format", "csv", *data.args())
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in csv.DictReader(result.stdout.splitlines())}
    kommuner, counties = _populations()
    kommun_part = hamilton(282_500_000 * 70 // 100, kommuner)  # 197 750 000
    region_part = hamilton(282_500_000 * 30 // 100, counties)  # 84 750 000
    assert sum(kommun_part.values()) == 197_750_000
    assert {c: int(r["kommuner"]) for c, r in rows.items() if len(c) == 4} == kommun_part
    assert {c: int(r["landsting"]) for c, r in rows.items() if len(c) == 2} == region_part
    assert int(rows["0980"]["total"]) == kommun_part["0980"] > 0  # Gotland the kommun
    assert int(rows["09"]["total"]) == region_part["09"] > 0  # and Region Gotland
    assert {r["level"] for r in rows.values()} == {"region", "kommun"}
    table = run("allocate", "S2099/00002", *data.args()).stdout
    lines = [line.strip() for line in table.splitlines()]
    assert "Regioner" in lines and "Kommuner" in lines  # a table for each
    assert lines.index("Regioner") < lines.index("Kommuner")


@pytest.mark.usefixtures("swedish")
def test_a_share_that_is_not_whole_kronor_is_refused_with_its_remainder(data: DataCopy) -> None:
    write_shares_decision(data, total=282_500_001)
    result = run("check", "S2099/00002", *data.args())
    assert result.exit_code == 2
    text = " ".join((result.stdout + result.stderr).split())
    assert "70 % av 282 500 001 kr är 197 750 000 kr och 70/100 krona, inte hela kronor" in text


def test_a_stated_amount_must_equal_its_share(data: DataCopy) -> None:
    path = write_shares_decision(data)
    path.write_text(
        path.read_text("utf-8").replace(
            "    percent: 30\n", "    percent: 30\n    amount: 84750001\n"
        ),
        "utf-8",
    )
    result = run("check", "S2099/00002", *data.args())
    assert result.exit_code == 1
    assert "Landstingens del: 30 % of the total is 84,750,000 kr; the part is 84,750,001 kr" in (
        result.stdout
    )


SOURCE = [{"document": "d.txt", "quotes": ["q"]}]


@given(total=st.integers(1, 10**12), first=st.integers(1, 99))
def test_parts_by_share_always_sum_to_the_total_when_they_are_whole(total: int, first: int) -> None:
    """Two parts of ``first`` % and the rest: when both shares are whole kronor, the amounts
    derived sum to the total exactly; otherwise the file is refused."""
    document = {
        "diarienummer": None, "diarienummer_note": "x", "title": "t", "beslutsdatum": None,
        "beslutsdatum_note": "x", "ministry": None, "ministry_note": "x", "agency": "a",
        "budget_year": 2099, "total": total,
        "funding": [{"utgiftsomrade": 9, "utgiftsomrade_name": "x", "anslag": "1:6",
                     "anslag_name": "x", "anslagspost": 1, "anslagspost_name": "x",
                     "budget_year": 2099, "amount": total, "source": SOURCE}],
        "components": [
            {"kind": "equal", "id": "a", "label": "A", "percent": first, "recipients": "all",
             "purpose": "p", "source": SOURCE},
            {"kind": "equal", "id": "b", "label": "B", "percent": 100 - first,
             "recipients": "all", "purpose": "p", "source": SOURCE},
        ],
        "dates": {"deadlines": [{"kind": "report_due", "date": dt.date(2099, 12, 31), "actor": "x"}],
                  "source": SOURCE}, "source": SOURCE,
    }  # fmt: skip
    whole = total * first % 100 == 0
    try:
        decision = Decision.model_validate(document)
    except ValueError:
        assert not whole
        return
    assert whole
    assert sum(c.amount for c in decision.components) == total
    assert decision.components[0].amount * 100 == total * first


def test_kommun_payees_through_audit_repay_and_recipient(data: DataCopy) -> None:
    """Gotland as kommun and as region downstream: a published table with rows for both is
    audited (the rows it gives are reproduced), the repayment template lists both payees,
    and recipient 0980 gets exactly its kommun part."""
    path = write_shares_decision(data)
    kommuner, counties = _populations()
    kommun_part = hamilton(197_750_000, kommuner)
    region_part = hamilton(84_750_000, counties)
    path.write_text(
        path.read_text("utf-8") + "published:\n  publisher: test\n  complete: false\n  rows:\n"
        f'    - {{code: "0980", name: Gotland, amounts: {{kommuner: {kommun_part["0980"]}}}, '
        f"total: {kommun_part['0980']}}}\n"
        f'    - {{code: "09", name: Region Gotland, amounts: {{landsting: {region_part["09"]}}}, '
        f"total: {region_part['09']}}}\n"
        '  source: [{document: text.txt, quotes: ["betala ut 282 500 000 kronor"]}]\n',
        "utf-8",
    )
    audited = run("audit", "S2099/00002", "--format", "json", *data.args())
    assert audited.exit_code == 0, audited.stdout + audited.stderr
    template = run("repay", "S2099/00002", "--template", "--format", "csv", *data.args())
    paid = {r["code"]: int(r["paid"]) for r in csv.DictReader(template.stdout.splitlines())}
    assert paid["0980"] == kommun_part["0980"] and paid["09"] == region_part["09"]
    assert len(paid) == 290 + 21
    received = run("recipient", "0980", "--format", "csv", *data.args())
    rows = list(csv.DictReader(received.stdout.splitlines()))
    assert [int(row["computed"]) for row in rows] == [kommun_part["0980"]]


@pytest.mark.usefixtures("swedish")
def test_show_states_a_share_as_the_text_does(data: DataCopy) -> None:
    write_shares_decision(data)
    shown = run("show", "S2099/00002", "--format", "csv", *data.args())
    rows = [(r["item"], r["value"]) for r in csv.DictReader(shown.stdout.splitlines())]
    assert ("andel", "70 % av totalbeloppet") in rows and ("andel", "30 % av totalbeloppet") in rows
