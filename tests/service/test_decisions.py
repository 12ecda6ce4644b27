"""Use cases on one decision and across decisions: named results, figures from the texts."""

from __future__ import annotations

from pathlib import Path

from helpers import DECISIONS, POPULATION, SOURCES

from statsbidrag_cli.files.local.store import DataDirs
from statsbidrag_cli.service.decisions import audit_decision, repay_decision, show_decision
from statsbidrag_cli.service.overview import deadlines_after, ledger

BUILT_IN = DataDirs(DECISIONS, POPULATION, SOURCES)


def test_show_gives_the_decision_with_region_names_and_its_sources() -> None:
    view = show_decision(BUILT_IN, "S2026/00953")
    assert view.loaded.decision.total == 63_000_000
    assert view.regions["24"] == "Region Västerbotten"
    assert len(view.regions) == 21  # every county has a region
    assert view.library.text("001_252f2b2961331e49.txt")


def test_audit_of_s2026_00953_is_within_its_declared_tolerance() -> None:
    """Socialstyrelsen's table differs from the computed split by at most 30 kr (Umeå: 7 379 634
    published, 7 379 604 computed); the decision file declares a 50 kr tolerance for SCB's
    noise-protected county totals, so the population part passes as within_tolerance; the
    equal part (5 000 000 kr each) is reproduced."""
    result = audit_decision(BUILT_IN, "S2026/00953")
    assert result.passed
    verdicts = {item.component_id: item.explanation.verdict for item in result.components}
    assert verdicts == {"equal": "reproduced", "population": "within_tolerance"}


def test_repay_is_paid_less_used_plus_misused(tmp_path: Path) -> None:
    used = tmp_path / "used.csv"
    rows = ["01,11723687,0", "03,4998999,0", "05,7871744,2000", "12,10110750,0", "14,0,0",
            "18,0,0", "24,0,0"]  # fmt: skip
    used.write_text("code,used,misused\n" + "\n".join(rows) + "\n", encoding="utf-8")
    repayment = repay_decision(BUILT_IN, "S2026/00953", used)
    repay = {row.code: row.repay for row in repayment.rows}
    # paid is Socialstyrelsen's published table (seed 003): 11 724 687 kr to Stockholm, ...
    assert repay["01"] == 11_724_687 - 11_723_687
    assert repay["03"] == 5_000_000 - 4_998_999
    assert repay["05"] == 2_000  # all used, 2 000 kr of it misused
    assert repay["24"] == 7_379_634  # nothing used
    assert repayment.notes == []


def test_the_ledger_names_every_budget_year_charged() -> None:
    result = ledger(BUILT_IN, None)
    assert result.years == [2023, 2026]
    assert ledger(BUILT_IN, 2023).lines and all(
        line.budget_year == 2023 for line in ledger(BUILT_IN, 2023).lines
    )


def test_deadlines_after_a_date_are_later_than_it() -> None:
    import datetime as dt

    after = dt.date(2026, 6, 30)
    items = deadlines_after(BUILT_IN, after)
    assert items and all(item.date > after for item in items)
    assert [item.date for item in items] == sorted(item.date for item in items)
