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

from .engine import METHODS, TieError, allocate_by

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
    def closest(self) -> int | None:
        """The published amount's smallest distance to any method."""
        gaps = [abs(d) for d in (self.difference(m) for m in self.by_method) if d is not None]
        return min(gaps) if gaps else None

    @property
    def verdict(self) -> str:
        if self.matches:
            return "matches " + ", ".join(self.matches)
        reference = self.difference(REFERENCE_METHOD)
        if self.closest == 1:
            return "off by ±1 kr (rounding adjustment)"
        persons = round(self.implied_weight) - self.weight
        gap = f"{reference:+d} kr from {REFERENCE_METHOD}; " if reference is not None else ""
        return (
            f"off by more ({gap}the published amount implies a population of "
            f"{round(self.implied_weight)}, {persons:+d} persons from ours)"
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
            f"{method} sums to {total} ({total - self.amount:+d} kr)"
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
