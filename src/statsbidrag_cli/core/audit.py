"""Audit a published table: which rounding method, if any, reproduces each published amount.

Pure. For one split (an amount, the weights it is split by, the amounts published), every
method of :data:`~statsbidrag_cli.engine.METHODS` is run and compared with the published
figures row by row. A row's verdict is one of:

* **matches** the methods that give exactly the published amount;
* **off by ±1 kr** from every method: a rounding adjustment (e.g. a leftover krona placed by
  hand);
* **off by more**: the population figures or the key differ. The verdict then gives the
  population that the published amount implies (``published * W / amount``), so the user can
  see how many persons the difference is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import StatsbidragError, TieError
from ..formatting import signed
from .allocation import Allocation
from .engine import METHODS, allocate_by

REFERENCE_METHOD = "largest_remainder"


@dataclass(frozen=True)
class AuditRow:
    """One published amount against every method."""

    key: str
    label: str
    weight: int
    published: int
    by_method: dict[str, int | None]
    implied_weight: Fraction

    @property
    def matches(self) -> list[str]:
        """Methods that reproduce the published amount exactly."""
        return [method for method, value in self.by_method.items() if value == self.published]

    def difference(self, method: str) -> int | None:
        """Published minus the method's amount (None where the method could not decide)."""
        value = self.by_method[method]
        return None if value is None else self.published - value

    @property
    def verdict(self) -> str:
        if self.matches:
            return "matches " + ", ".join(self.matches)
        decided = {m: d for m in self.by_method if (d := self.difference(m)) is not None}
        if not decided:
            return "no method could decide (ties without a rule)"
        nearest = min(decided, key=lambda m: abs(decided[m]))
        if abs(decided[nearest]) == 1:
            return f"off by {signed(decided[nearest])} kr from {nearest} (rounding adjustment)"
        implied = round(self.implied_weight)
        return (
            f"off by {signed(decided[nearest])} kr from {nearest}: the published amount implies "
            f"a population of {implied} ({signed(implied - self.weight)} persons)"
        )


@dataclass(frozen=True)
class Audit:
    """A whole published split audited: rows, and per method its total and matching rows."""

    amount: int
    rows: tuple[AuditRow, ...]
    totals: dict[str, int | None]
    undecided: dict[str, str]

    def matching_rows(self, method: str) -> int:
        return sum(1 for row in self.rows if method in row.matches)

    @property
    def best_method(self) -> str:
        """The method that explains the most rows (ties: the order of :data:`METHODS`)."""
        return max(METHODS, key=lambda method: (self.matching_rows(method), -METHODS.index(method)))

    def summary(self) -> str:
        best = self.best_method
        line = f"{best} explains the most rows: {self.matching_rows(best)} of {len(self.rows)}"
        misses = [
            f"{method} sums to {total} ({signed(total - self.amount)} kr)"
            for method, total in self.totals.items()
            if total is not None and total != self.amount
        ]
        return line + (f"; {'; '.join(misses)}" if misses else "")


def audit_split(
    amount: int,
    weights: Sequence[int],
    published: Sequence[int],
    keys: Sequence[str],
    labels: Sequence[str],
    tie_break: Sequence[int] | None = None,
) -> Audit:
    """Compare ``published`` with every method's split of ``amount`` by ``weights``."""
    results: dict[str, list[int] | None] = {}
    undecided: dict[str, str] = {}
    for method in METHODS:
        try:
            results[method] = allocate_by(method, amount, weights, tie_break=tie_break)
        except TieError as tie:
            results[method] = None
            undecided[method] = str(tie)
    total_weight = sum(weights)
    rows = tuple(
        AuditRow(
            key=keys[i],
            label=labels[i],
            weight=weights[i],
            published=published[i],
            by_method={m: (r[i] if r is not None else None) for m, r in results.items()},
            implied_weight=Fraction(published[i] * total_weight, amount) if amount else Fraction(0),
        )
        for i in range(len(weights))
    )
    totals = {m: (sum(r) if r is not None else None) for m, r in results.items()}
    return Audit(amount=amount, rows=rows, totals=totals, undecided=undecided)


@dataclass(frozen=True)
class ComponentAudit:
    """The audit of one component of a decision against its published column."""

    component_id: str
    label: str
    method: str
    audit: Audit


def audit_allocation(allocation: Allocation) -> list[ComponentAudit]:
    """Audit every split component (equal or population) of a decision with a published table."""
    published = allocation.decision.published
    if published is None:
        raise StatsbidragError(
            f"{allocation.decision_id} has no published table to audit; "
            "add `published:` with the agency's figures"
        )
    rows = {row.code: row for row in published.rows}
    audits = []
    for result in allocation.components:
        if result.apportionment is None and result.method == "largest_remainder":
            continue  # a fixed amount: nothing was split
        figures = [
            rows[payee].amounts.get(result.component.id, 0) if payee in rows else 0
            for payee in result.payees
        ]
        audit = audit_split(
            result.component.amount,
            result.weights,
            figures,
            result.keys,
            result.names,
            result.tie_break,
        )
        audits.append(
            ComponentAudit(result.component.id, result.component.label, result.method, audit)
        )
    return audits
