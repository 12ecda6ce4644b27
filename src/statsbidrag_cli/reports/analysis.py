"""Reports that explain numbers: ``allocate --explain`` and ``audit``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.allocation import Allocation, ComponentResult
from ..core.audit import REFERENCE_METHOD, AuditRow, ComponentAudit
from ..core.engine import METHODS
from ..formatting import exact_decimal, kr
from .decision import decision_heading
from .report import Cell, Column, Report

QUOTA_DIGITS = 4
SHARE_DIGITS = 8


def explain_report(allocation: Allocation) -> Report:
    """Per unit of every split: population, exact share and quota, whole part, remainder, rank,
    and whether and why it got an extra krona."""
    rows: list[dict[str, Cell]] = []
    for result in allocation.components:
        rows += _explain_rows(result)
    return Report(
        title="How the kronor were split: "
        + decision_heading(allocation.decision_id, allocation.decision),
        columns=[
            Column("component", "Component"),
            Column("unit", "Unit"),
            Column("name", "Name"),
            Column("population", "Weight", numeric=True),
            Column("share", "Share"),
            Column("quota", "Exact quota (kr)"),
            Column("whole", "Whole part", numeric=True),
            Column("remainder", "Remainder"),
            Column("rank", "Rank", numeric=True, kronor=False),
            Column("allocated", "Allocated", numeric=True),
            Column("why", "Why"),
        ],
        rows=rows,
        document={"explanation": [dict(row) for row in rows]},
        notes=[
            "Largest remainder: everyone gets the whole part of the exact quota; the kronor "
            "left over go one each to the largest remainders (rank 1 = largest).",
        ],
        group_by="component",
    )


def _explain_rows(result: ComponentResult) -> list[dict[str, Cell]]:
    component = result.component
    total_weight = sum(result.weights)
    explained = result.apportionment
    rows: list[dict[str, Cell]] = []
    if explained is None and result.method == "largest_remainder":
        return rows  # a fixed amount: nothing to explain
    leftover = component.amount - sum(component.amount * w // total_weight for w in result.weights)
    for index, key in enumerate(result.keys):
        weight = result.weights[index]
        quota_numerator = component.amount * weight
        row: dict[str, Cell] = {
            "component": f"{component.label} ({kr(component.amount)} kr, {result.method})",
            "unit": key,
            "name": result.names[index],
            "population": weight,
            "share": exact_decimal(weight, total_weight, SHARE_DIGITS),
            "quota": exact_decimal(quota_numerator, total_weight, QUOTA_DIGITS),
            "whole": quota_numerator // total_weight,
            "remainder": exact_decimal(quota_numerator % total_weight, total_weight, QUOTA_DIGITS),
            "rank": None,
            "allocated": result.allocations[index],
            "why": "",
        }
        if explained is not None:
            share = explained.shares[index]
            row["rank"] = share.rank
            if share.extra:
                row["why"] = f"extra krona: remainder among the {leftover} largest" + (
                    " (won on the tie rule)" if share.decided_by_tie else ""
                )
            elif share.remainder and leftover:
                row["why"] = f"no extra krona: only {leftover} left over"
        else:
            row["why"] = f"{result.method}: see README, Rounding methods"
        rows.append(row)
    return rows


def audit_report(allocation: Allocation, audits: Sequence[ComponentAudit]) -> Report:
    """Published amounts against every method, row by row, with a verdict and a summary."""
    columns = [
        Column("component", "Component"),
        Column("unit", "Unit"),
        Column("name", "Name"),
        Column("population", "Population", numeric=True),
        Column("published", "Published", numeric=True),
    ]
    for method in METHODS:
        columns.append(Column(method, method, numeric=True))
        columns.append(Column(f"published_minus_{method}", "published −", numeric=True))
    columns.append(Column("verdict", "Verdict"))
    rows: list[dict[str, Cell]] = []
    notes = []
    for item in audits:
        rows += [_audit_cells(item, row) for row in item.audit.rows]
        notes.append(f"{item.label}: {item.audit.summary()}.")
        notes += [f"{item.label}: {m} undecided: {why}" for m, why in item.audit.undecided.items()]
    notes.append(
        "published − = the published amount minus the method's amount. The population a "
        "published amount implies is published x total population / amount."
    )
    return Report(
        title="Audit of the published table: "
        + decision_heading(allocation.decision_id, allocation.decision),
        columns=columns,
        rows=rows,
        notes=notes,
        document=_audit_document(allocation, audits),
        group_by="component",
    )


def _audit_cells(item: ComponentAudit, row: AuditRow) -> dict[str, Cell]:
    cells: dict[str, Cell] = {
        "component": item.label,
        "unit": row.key,
        "name": row.label,
        "population": row.weight,
        "published": row.published,
        "verdict": row.verdict,
    }
    for method in METHODS:
        cells[method] = row.by_method[method]
        cells[f"published_minus_{method}"] = row.difference(method)
    return cells


def _audit_document(allocation: Allocation, audits: Sequence[ComponentAudit]) -> dict[str, Any]:
    return {
        "decision": allocation.decision_id,
        "reference_method": REFERENCE_METHOD,
        "components": [
            {
                "component": item.component_id,
                "method_in_decision": item.method,
                "amount": item.audit.amount,
                "best_method": item.audit.best_method,
                "matching_rows": {m: item.audit.matching_rows(m) for m in METHODS},
                "method_totals": item.audit.totals,
                "summary": item.audit.summary(),
                "rows": [_audit_row_document(row) for row in item.audit.rows],
            }
            for item in audits
        ],
    }


def _audit_row_document(row: AuditRow) -> dict[str, Any]:
    return {
        "unit": row.key,
        "name": row.label,
        "population": row.weight,
        "published": row.published,
        "by_method": row.by_method,
        "matches": row.matches,
        "implied_population": exact_decimal(
            row.implied_weight.numerator, row.implied_weight.denominator, 1
        ),
        "verdict": row.verdict,
    }
