"""Audit a published table: does one rounding rule explain the whole table, and if not, why not?

Pure. For each split component of a decision (an amount, the weights it is split by, the
amounts published per unit), every method of :data:`~.engine.METHODS` is run, and the table
as a whole gets one explanation, by these rules (stated in the README too):

* **reproduced**: one or more methods give every known published amount exactly. All of them
  are named; the decision's own method is the reference where it is among them.
* **adjusted**: a method whose own amounts miss the total by *k* kronor, where the table
  equals that method's split except on exactly *k* rows, each moved 1 kr in the direction
  that closes the gap ("round half up, then add or take 1 kr by hand so the total holds").
  The method and each adjusted row are named. Differences that net to zero against a method
  that already sums exactly are *not* an explanation.
* **within_tolerance**: no rule reproduces the table, but every known row is within the
  tolerance the decision declares of the decision's own method.
* **not_reproduced**: anything else. No rule is claimed: the closest method is named as
  "closest, not an explanation" (fewest differing rows, then the smallest total difference;
  a tie is broken only in favour of the decision's own method, else no method is named).

A published amount may be unknown (a row the source does not show, or an amount given as
null) or derived (worked out, not read): unknown rows are never compared, derived rows are
shown but never counted as evidence. Every difference is **published − computed**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import StatsbidragError, TieError
from ..i18n import N_, _, kr, ngettext, signed
from .allocation import Allocation, ComponentResult
from .engine import METHODS, allocate_by, method_name, method_names
from .kinds import kind_of
from .limits import limited_split

if TYPE_CHECKING:
    from ..models.decision import PublishedTable

VERDICTS = ("reproduced", "adjusted", "within_tolerance", "not_reproduced")
PASSING = ("reproduced", "within_tolerance")
VERDICT_LABELS = {
    "reproduced": N_("reproduced"),
    "adjusted": N_("adjusted"),
    "within_tolerance": N_("within tolerance"),
    "not_reproduced": N_("not reproduced"),
}
"""How a verdict reads in a sentence (CSV and JSON keep the keys)."""
"""Verdicts for which ``audit`` exits 0."""


@dataclass(frozen=True)
class AuditRow:
    """One unit of a split: its published amount (None: unknown) against every method."""

    unit: str
    code: str
    name: str
    weight: int
    published: int | None
    derived: bool
    note: str | None
    by_method: dict[str, int | None]
    implied_weight: Fraction | None
    """The weight (population) the published amount implies: published × W / amount."""

    @property
    def evidence(self) -> bool:
        """A published amount that was read, not worked out: it may prove or refute a rule."""
        return self.published is not None and not self.derived

    def difference(self, method: str | None) -> int | None:
        """Published − the method's amount; None where either is unknown."""
        if method is None or self.published is None:
            return None
        value = self.by_method.get(method)
        return None if value is None else self.published - value

    @property
    def implied_population(self) -> int | None:
        """The implied weight in whole persons (rounded half up), or None when unknown."""
        if self.implied_weight is None:
            return None
        return int((2 * self.implied_weight.numerator + self.implied_weight.denominator)
                   // (2 * self.implied_weight.denominator))  # fmt: skip


@dataclass(frozen=True)
class Explanation:
    """What explains a published split as a whole, by the rules in the module docstring."""

    verdict: str
    methods: tuple[str, ...]
    closest: str | None
    reference: str | None
    """The method each row is compared with (and its "computed" amount)."""
    adjustments: tuple[tuple[str, int], ...] = ()
    """For ``adjusted``: (code, published − computed) of each row moved by hand."""
    tied: tuple[str, ...] = ()
    """For ``not_reproduced``: the methods that are equally close, when no one is named."""


@dataclass(frozen=True)
class ComponentAudit:
    """The audit of one split component of a decision against its published column."""

    component_id: str
    label: str
    declared: str
    amount: int
    rows: tuple[AuditRow, ...]
    totals: dict[str, int | None]
    undecided: dict[str, str]
    tolerance: int | None
    explanation: Explanation
    equal: bool = False
    """An equal split: its weights are all 1, not a population (a table leaves them out)."""

    @property
    def passed(self) -> bool:
        """Reproduced, or within the declared tolerance: what ``audit`` exits 0 for."""
        return self.explanation.verdict in PASSING

    @property
    def rows_compared(self) -> int:
        return sum(1 for row in self.rows if row.evidence)

    @property
    def rows_unknown(self) -> int:
        return sum(1 for row in self.rows if row.published is None)

    @property
    def rows_derived(self) -> int:
        return sum(1 for row in self.rows if row.derived and row.published is not None)

    @property
    def within_tolerance(self) -> bool | None:
        """With a declared tolerance: whether every compared row is within it of the decision's
        own method (None without a tolerance or when that method could not decide)."""
        if self.tolerance is None or self.totals.get(self.declared) is None:
            return None
        return all(
            abs(row.difference(self.declared) or 0) <= self.tolerance
            for row in self.rows
            if row.evidence
        )

    def row_verdict(self, row: AuditRow) -> str:
        """The row's verdict, relative to the explanation of the whole table."""
        if row.published is None:
            return _("unknown: the published table does not give this amount")
        if row.derived:
            if row.note:
                return _("derived, not evidence: {note}").format(note=row.note)
            return _("derived, not evidence")
        explanation = self.explanation
        if explanation.verdict == "reproduced":
            return _("matches")
        reference = explanation.reference
        difference = row.difference(reference)
        if reference is None or difference is None:
            return _("no method to compare with")
        if difference == 0:
            return _("matches {method}").format(method=reference)
        if explanation.verdict == "adjusted":
            return _("adjusted {difference} kr by hand").format(difference=signed(difference))
        implied = row.implied_population
        text = f"{signed(difference)} kr"
        if implied is not None:  # the implied population itself is in CSV and JSON
            persons = implied - row.weight
            text += " ≈ " + ngettext("{persons} person", "{persons} persons", abs(persons)).format(
                persons=signed(persons)
            )
        if self.tolerance is not None:
            text += "; " + (
                _("within tolerance")
                if abs(difference) <= self.tolerance
                else _("beyond tolerance")
            )
        return text

    def summary(self) -> str:
        """One sentence: the verdict on the whole table and what it rests on."""
        explanation = self.explanation
        counts = ngettext("{count} row compared", "{count} rows compared", self.rows_compared)
        counts = counts.format(count=self.rows_compared)
        if self.rows_unknown:
            counts += ", " + _("{count} unknown").format(count=self.rows_unknown)
        if self.rows_derived:
            counts += ", " + _("{count} derived").format(count=self.rows_derived)
        if explanation.verdict == "reproduced":
            declared = (
                _("the decision declares {method}")
                if self.declared in explanation.methods
                else _("the decision declares {method}, which does not reproduce it")
            )
            text = _("reproduced by {methods}").format(methods=method_names(explanation.methods))
            text += "; " + declared.format(method=method_name(self.declared))
        elif explanation.verdict == "adjusted":
            rows = ", ".join(f"{code} {signed(d)} kr" for code, d in explanation.adjustments)
            total = self.totals[explanation.methods[0]]
            moved = len(explanation.adjustments)
            text = ngettext(
                "adjusted: {method} sums to {total} kr, and the table moves {count} row by 1 kr "
                "to make {amount} ({rows})",
                "adjusted: {method} sums to {total} kr, and the table moves {count} rows by 1 kr "
                "to make {amount} ({rows})",
                moved,
            ).format(
                method=method_name(explanation.methods[0]),
                total=kr(total or 0),
                count=moved,
                amount=kr(self.amount),
                rows=rows,
            )
        else:
            text = _("no rounding method gives every published amount")
            if explanation.closest:
                text += "; " + _("closest, not an explanation: {method}").format(
                    method=method_name(explanation.closest)
                )
            elif explanation.tied:
                text += "; " + _("no method is closest ({methods} tie)").format(
                    methods=method_names(explanation.tied)
                )
            if explanation.verdict == "within_tolerance":
                text += "; " + _(
                    "every row is within the declared tolerance of {kronor} kr of {method}"
                ).format(kronor=kr(self.tolerance or 0), method=method_name(self.declared))
            elif self.tolerance is not None:
                text += "; " + _(
                    "not every row is within the declared tolerance of {kronor} kr"
                ).format(kronor=kr(self.tolerance))
        if explanation.verdict in ("reproduced", "adjusted"):  # the text starts with it
            return f"{text} ({counts})."
        return f"{_(VERDICT_LABELS[explanation.verdict])}: {text} ({counts})."


def explain(
    rows: Sequence[AuditRow],
    results: Mapping[str, Sequence[int] | None],
    amount: int,
    declared: str,
    tolerance: int | None,
) -> Explanation:
    """The whole-table explanation of ``rows`` (see the module docstring for the rules)."""
    evidence = [row for row in rows if row.evidence]
    decided = [m for m in METHODS if results.get(m) is not None]
    if not evidence:
        return Explanation("not_reproduced", (), None, declared if declared in decided else None)
    reproducing = tuple(m for m in decided if all(row.difference(m) == 0 for row in evidence))
    if reproducing:
        reference = declared if declared in reproducing else reproducing[0]
        return Explanation("reproduced", reproducing, None, reference)
    for method in decided:
        adjustments = _hand_adjustments(evidence, method, amount - sum(results[method] or ()))
        if adjustments:
            return Explanation("adjusted", (method,), None, method, adjustments)
    if (
        tolerance is not None
        and declared in decided
        and all(abs(row.difference(declared) or 0) <= tolerance for row in evidence)
    ):
        return Explanation("within_tolerance", (), None, declared)
    closest, tied = _closest(evidence, decided, declared)
    fallback = declared if declared in decided else None
    return Explanation("not_reproduced", (), closest, closest or fallback, (), tied)


def _hand_adjustments(
    evidence: Sequence[AuditRow], method: str, gap: int
) -> tuple[tuple[str, int], ...]:
    """The rows moved by hand if the table is ``method`` plus |gap| one-krona moves that close
    the gap; empty when it is not (or when the method already sums exactly)."""
    return hand_adjustments([(row.code, row.difference(method) or 0) for row in evidence], gap)


def hand_adjustments(
    differences: Sequence[tuple[str, int]], gap: int
) -> tuple[tuple[str, int], ...]:
    """The (code, published − computed) pairs moved by hand, if ``differences`` are exactly
    |gap| one-krona moves in the direction that closes a method's ``gap`` (amount − its sum);
    empty otherwise, and when the method already sums exactly."""
    if gap == 0:
        return ()
    step = 1 if gap > 0 else -1
    moved = [(code, difference) for code, difference in differences if difference != 0]
    if len(moved) != abs(gap) or any(difference != step for _, difference in moved):
        return ()
    return tuple(moved)


def _closest(
    evidence: Sequence[AuditRow], decided: Sequence[str], declared: str
) -> tuple[str | None, tuple[str, ...]]:
    """The method closest to the table, or None and the tied methods when several are."""
    if not decided:
        return None, ()

    def distance(method: str) -> tuple[int, int]:
        differences = [abs(row.difference(method) or 0) for row in evidence]
        return sum(1 for d in differences if d), sum(differences)

    best = min(distance(m) for m in decided)
    nearest = tuple(m for m in decided if distance(m) == best)
    if len(nearest) == 1:
        return nearest[0], ()
    if declared in nearest:
        return declared, ()
    return None, nearest


def audit_split(
    amount: int,
    weights: Sequence[int],
    published: Sequence[int | None],
    keys: Sequence[str],
    labels: Sequence[str],
    tie_break: Sequence[int] | None = None,
    *,
    codes: Sequence[str] | None = None,
    derived: Sequence[tuple[bool, str | None]] | None = None,
    declared: str = "largest_remainder",
    tolerance: int | None = None,
    component_id: str = "",
    label: str = "",
    equal: bool = False,
    floor: int = 0,
    cap: int | None = None,
) -> ComponentAudit:
    """Compare ``published`` (None: unknown) with every method's split of ``amount``, each
    within the part's ``floor`` and ``cap`` where it has them (the limits are the decision's;
    only the rounding is in question). ``equal``: an equal split, whose weights (all 1) are
    no population."""
    results: dict[str, list[int] | None] = {}
    undecided: dict[str, str] = {}
    rank = dict(zip(keys, tie_break, strict=True)) if tie_break is not None else None
    for method in METHODS:

        def split(
            pool: int, part: Sequence[int], part_keys: Sequence[str], by: str = method
        ) -> list[int]:
            ranks = [rank[key] for key in part_keys] if rank is not None else None
            return allocate_by(by, pool, part, tie_break=ranks)

        try:
            if floor or cap is not None:
                limited = limited_split(amount, keys, weights, split, floor=floor, cap=cap)
                results[method] = list(limited.allocations)
            else:
                results[method] = allocate_by(method, amount, weights, tie_break=tie_break)
        except TieError as tie:
            results[method] = None
            undecided[method] = str(tie)
    total_weight = sum(weights)
    flags = derived or [(False, None)] * len(weights)
    rows = tuple(
        AuditRow(
            unit=keys[i],
            code=(codes or keys)[i],
            name=labels[i],
            weight=weights[i],
            published=published[i],
            derived=flags[i][0],
            note=flags[i][1],
            by_method={m: (r[i] if r is not None else None) for m, r in results.items()},
            implied_weight=_implied(published[i], total_weight, amount),
        )
        for i in range(len(weights))
    )
    totals = {m: (sum(r) if r is not None else None) for m, r in results.items()}
    return ComponentAudit(
        component_id=component_id,
        label=label,
        declared=declared,
        amount=amount,
        rows=rows,
        totals=totals,
        undecided=undecided,
        tolerance=tolerance,
        explanation=explain(rows, results, amount, declared, tolerance),
        equal=equal,
    )


def _implied(published: int | None, total_weight: int, amount: int) -> Fraction | None:
    """The weight a published amount implies: published × W / amount (None if unknown)."""
    if published is None or amount == 0:
        return None
    return Fraction(published * total_weight, amount)


def published_table(allocation: Allocation) -> PublishedTable:
    """The decision's published table, or the error saying it has none to audit."""
    published = allocation.decision.published
    if published is None:
        raise StatsbidragError(
            _(
                "{id} has no published table to audit; add `published:` with the agency's figures"
            ).format(id=allocation.decision_id)
        )
    return published


def audit_allocation(allocation: Allocation) -> list[ComponentAudit]:
    """Audit every split component (equal or population) of a decision with a published table."""
    published = published_table(allocation)
    tolerance = published.tolerance.kronor if published.tolerance else None
    return [
        _audit_component(allocation, result, tolerance)
        for result in allocation.components
        if kind_of(result.component).rounded
    ]


def _audit_component(
    allocation: Allocation, result: ComponentResult, tolerance: int | None
) -> ComponentAudit:
    """One split component: each unit's published amount is its payee's published part."""
    published = allocation.decision.published
    assert published is not None
    kind = kind_of(result.component)
    floor, cap = kind.limits(result.component)
    rows = {row.code: row for row in published.rows}
    component_id = result.component.id
    figures: list[int | None] = []
    flags: list[tuple[bool, str | None]] = []
    for payee in result.payees:
        row = rows.get(payee)
        if row is not None:
            figures.append(row.part(component_id))
        else:  # a row the table does not list: nothing paid, unless the table is partial
            figures.append(0 if published.complete else None)
        flags.append((row.derived, row.note) if row is not None else (False, None))
    return audit_split(
        result.component.amount,
        result.weights,
        figures,
        result.keys,
        result.names,
        result.tie_break,
        codes=result.payees,
        derived=flags,
        declared=result.method,
        tolerance=tolerance,
        component_id=component_id,
        label=result.component.label,
        equal=kind.equal,
        floor=floor,
        cap=cap,
    )
