"""Återbetalning: what each recipient must repay, and which amounts the agency invoices.

A recipient reports ``used`` (all it spent of the grant) and optionally ``misused`` (the part
of that spent outside the purpose or the period). It must repay what it did not use for the
purpose: ``repay = max(0, paid - (used - misused))``. The agency invoices only repayments over
the decision's threshold (1 000 kr for S2026/00953: "vid belopp över 1000 kronor"); smaller
ones are still owed and still shown. Whole kronor throughout; nothing is rounded away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .allocation import Allocation


@dataclass(frozen=True)
class Usage:
    """What one recipient reports."""

    used: int
    misused: int


@dataclass(frozen=True)
class RepaymentRow:
    """One recipient's repayment."""

    code: str
    region: str
    paid: int
    used: int
    misused: int
    repay: int
    invoiced: bool


def repayments(
    paid: Mapping[str, int],
    names: Mapping[str, str],
    usage: Mapping[str, Usage],
    invoice_above: int | None,
) -> list[RepaymentRow]:
    """One row per recipient paid; a recipient missing from ``usage`` used nothing."""
    rows = []
    for code in sorted(paid):
        reported = usage.get(code, Usage(0, 0))
        repay = max(0, paid[code] - (reported.used - reported.misused))
        threshold = invoice_above if invoice_above is not None else 0
        rows.append(
            RepaymentRow(
                code=code,
                region=names[code],
                paid=paid[code],
                used=reported.used,
                misused=reported.misused,
                repay=repay,
                invoiced=repay > threshold,
            )
        )
    return rows


def paid_amounts(allocation: Allocation) -> dict[str, int]:
    """What each recipient was paid: the published amount where the agency published one (it
    paid what it published), else the computed allocation."""
    return {
        row.code: published if (published := row.published_total) is not None else row.total
        for row in allocation.rows
        if row.total or row.published_total
    }


def repay_allocation(allocation: Allocation, usage: Mapping[str, Usage]) -> list[RepaymentRow]:
    """Every recipient's repayment under the decision's invoicing threshold."""
    names = {row.code: row.region for row in allocation.rows}
    terms = allocation.decision.repayment
    threshold = terms.invoice_above if terms else None
    return repayments(paid_amounts(allocation), names, usage, threshold)
