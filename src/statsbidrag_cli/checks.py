"""The invariants ``statsbidrag check`` verifies for an allocated decision.

Pure: each check looks at an :class:`~statsbidrag_cli.allocation.Allocation` and says, in
kronor, what holds and what is off. Nothing is adjusted to make a check pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from .allocation import Allocation
from .models import Decision


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: whether it holds, and a sentence saying what was compared."""

    check: str
    ok: bool
    message: str


@dataclass(frozen=True)
class CheckReport:
    """All findings for one decision."""

    decision_id: str
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return all(finding.ok for finding in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.ok]


def kr(amount: int) -> str:
    """Whole kronor with spaces between thousands, as Swedish tables print them: 63 000 000."""
    return f"{amount:,}".replace(",", " ")


def _sum_finding(check: str, what: str, actual: int, expected: int) -> Finding:
    """Compare a sum with what it must equal; say by how much it is off, if it is."""
    if actual == expected:
        return Finding(check, True, f"{what}: {kr(actual)} = {kr(expected)}")
    gap = actual - expected
    direction = "over" if gap > 0 else "short of"
    return Finding(
        check, False, f"{what}: {kr(actual)} is {kr(abs(gap))} kr {direction} {kr(expected)}"
    )


def check_allocation(allocation: Allocation) -> CheckReport:
    """Every check for one allocated decision."""
    decision = allocation.decision
    findings = [
        *_component_sums(allocation),
        _sum_finding(
            "components",
            "components sum to the decision total",
            sum(component.amount for component in decision.components),
            decision.total,
        ),
        *_funding(decision),
        *_published(allocation),
        *_dates(decision),
    ]
    return CheckReport(allocation.decision_id, tuple(findings))


def _component_sums(allocation: Allocation) -> list[Finding]:
    return [
        _sum_finding(
            "allocation",
            f"component {result.component.id!r} allocated",
            result.allocated,
            result.component.amount,
        )
        for result in allocation.components
    ]


def _funding(decision: Decision) -> list[Finding]:
    funded = sum(line.amount for line in decision.funding)
    own_work = sum(line.own_work_max for line in decision.funding)
    return [
        _sum_finding(
            "funding",
            "funding lines cover payments plus own-work allowance",
            funded,
            decision.total + decision.own_work_max,
        ),
        _sum_finding(
            "funding",
            "own-work allowance per funding line sums to the decision's",
            own_work,
            decision.own_work_max,
        ),
    ]


def _published(allocation: Allocation) -> list[Finding]:
    published = allocation.decision.published
    if published is None:
        return []
    findings = [
        _sum_finding(
            "published",
            f"published column {component.id!r} sums to its amount",
            sum(row.amounts.get(component.id, 0) for row in published.rows),
            component.amount,
        )
        for component in allocation.decision.components
    ]
    findings.append(
        _sum_finding(
            "published",
            "published totals sum to the decision total",
            sum(row.total for row in published.rows),
            allocation.decision.total,
        )
    )
    findings += [
        _sum_finding(
            "published",
            f"published row {row.code} ({row.name}) adds up",
            sum(row.amounts.values()),
            row.total,
        )
        for row in published.rows
        if sum(row.amounts.values()) != row.total
    ]
    findings.append(_agreement(allocation))
    return findings


def _agreement(allocation: Allocation) -> Finding:
    """Computed versus published, per row and component, within the declared tolerance."""
    published = allocation.decision.published
    assert published is not None
    tolerance = published.tolerance.kronor if published.tolerance else 0
    gaps: list[tuple[int, str]] = []
    for row in allocation.rows:
        for component_id, amount in row.parts.items():
            expected = row.published_part(component_id)
            if expected is None:
                expected = 0
            gaps.append((amount - expected, f"{row.code} {row.region} {component_id}"))
    worst = max(gaps, key=lambda gap: abs(gap[0]))
    beyond = [f"{label} off by {gap:+d} kr" for gap, label in gaps if abs(gap) > tolerance]
    limit = f"within {tolerance} kr" if tolerance else "exactly"
    if beyond:
        return Finding(
            "agreement",
            False,
            f"computed amounts must match the published table {limit}: " + "; ".join(beyond),
        )
    return Finding(
        "agreement",
        True,
        f"computed amounts match the published table {limit} "
        f"(largest difference {worst[0]:+d} kr, {worst[1]})",
    )


def _dates(decision: Decision) -> list[Finding]:
    dates = decision.dates
    pairs = []
    if dates.use_period:
        pairs.append(("use period", dates.use_period.start, dates.use_period.end))
    if dates.rekvisition:
        pairs.append(("rekvisition window", dates.rekvisition.opens, dates.rekvisition.closes))
    return [
        Finding(
            "dates",
            start <= end,
            f"{what} runs {start.isoformat()} to {end.isoformat()}"
            + ("" if start <= end else ": it ends before it starts"),
        )
        for what, start, end in pairs
    ]
