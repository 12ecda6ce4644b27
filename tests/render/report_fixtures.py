"""Fixed reports the render tests feed every format: built by hand, not by a command, so a
renderer's test fails only when that renderer changes."""

from __future__ import annotations

from statsbidrag_cli.core.checks import CheckOutcome, CheckReport, Finding
from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.reports.checks import check_report
from statsbidrag_cli.reports.report import Column, Extras, Report

COLUMNS = [
    Column("code", "Code"),
    Column("region", "Region"),
    Column("amount", "Amount", numeric=True),
    Column("share", "Share"),
]


def grant_report(**extras: object) -> Report:
    """Two regions and a totals row; a decimal share; one note; ``extras`` as given."""
    return Report(
        title="Fixed report\nAmounts in kronor.",
        columns=COLUMNS,
        rows=[
            {"code": "01", "region": "Region Stockholm", "amount": 1234567, "share": "0.25"},
            {"code": "03", "region": "Region Uppsala", "amount": 3703701, "share": "0.75"},
        ],
        totals={"region": "Total", "amount": 4938268},
        notes=["A note beneath the table."],
        records="regions",
        extras=Extras(**extras),  # type: ignore[arg-type]
    )


def checked_report() -> Report:
    """``check``'s report of three decisions: one passing, one failing at a line, one that
    could not be read."""
    passing = CheckReport("A", (Finding("sum", True, "equal: 10 = 10"),))
    failing = CheckReport(
        "B",
        (
            Finding("sum", True, "equal: 10 = 10"),
            Finding("total", False, "total: 9 is 1 kr under 10", None, "decisions/B.yaml", 7, 3),
        ),
    )
    outcomes = [
        CheckOutcome("A", passing, None, "decisions/A.yaml"),
        CheckOutcome("B", failing, None, "decisions/B.yaml"),
        CheckOutcome(
            "C", None, StatsbidragError("decisions/C.yaml:2:1: not valid YAML"), "decisions/C.yaml"
        ),
    ]
    return check_report(outcomes)
