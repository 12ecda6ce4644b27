"""Who gets what under a decision: the engine applied to a decision's components.

Pure: takes already-loaded models (decision, geography, population datasets) and returns
plain data for rendering and checking. No files, no printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import AllocationError, StatsbidragError
from ..i18n import _
from ..models.decision import Decision, PublishedRow
from .geography import Geography, PopulationDataset, Unit
from .kinds import kind_of, recipients_of
from .parts import (
    ComponentResult,
    PaidElsewhere,
    PartContext,
    allocate_with_rule,
    tie_priorities,
)

__all__ = [
    "Allocation",
    "ComponentResult",
    "PaidElsewhere",
    "RecipientRow",
    "allocate",
    "allocate_with_rule",
    "recipients_of",
    "tie_priorities",
]


@dataclass(frozen=True)
class RecipientRow:
    """One recipient: its part of each component, its total, and the published row."""

    code: str
    region: str
    parts: dict[str, int]
    units: dict[str, Unit]
    published: PublishedRow | None
    paid_elsewhere: dict[str, PaidElsewhere] = field(default_factory=dict)
    """Per population component: the unit this region belongs to, when that unit's share is
    paid to another recipient (Region Uppsala's samverkansregion share to Region Örebro län)."""
    unlisted_is_zero: bool = False
    """True when a complete published table leaves this recipient out: it was paid nothing.
    In a partial table (``complete: false``) a recipient not listed is unknown."""

    @property
    def total(self) -> int:
        return sum(self.parts.values())

    @property
    def published_total(self) -> int | None:
        """The published total, 0 when a complete table leaves the row out, None if unknown."""
        if self.published is None:
            return 0 if self.unlisted_is_zero else None
        return self.published.total

    @property
    def published_minus_computed(self) -> int | None:
        """Published minus computed total (the one sign convention), None where unknown."""
        published = self.published_total
        return None if published is None else published - self.total

    def published_part(self, component_id: str) -> int | None:
        """The published amount for a component, 0 when not paid, None where unknown."""
        if self.published is None:
            return 0 if self.unlisted_is_zero else None
        return self.published.part(component_id)


@dataclass(frozen=True)
class Allocation:
    """A decision allocated to its recipients, in code order."""

    decision_id: str
    decision: Decision
    components: tuple[ComponentResult, ...]
    rows: tuple[RecipientRow, ...]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def datasets(self) -> list[PopulationDataset]:
        """The population datasets used, each once, in component order."""
        seen: dict[str, PopulationDataset] = {}
        for result in self.components:
            if result.dataset is not None:
                seen.setdefault(result.dataset.info.name, result.dataset)
        return list(seen.values())


def allocate(
    decision_id: str,
    decision: Decision,
    geography: Geography,
    datasets: Mapping[str, PopulationDataset],
) -> Allocation:
    """Allocate every component of ``decision`` and gather the results per recipient.

    Every code the decision names must be a county or kommun of the geography; errors carry
    the ``location`` (field path) of the component or row at fault.
    """
    _check_codes(decision_id, decision, geography)
    context = PartContext(decision_id, decision.tie_rule, geography, datasets)
    results = []
    for index, component in enumerate(decision.components):
        try:
            results.append(kind_of(component).allocate(component, context))
        except StatsbidragError as error:
            if error.location is None:
                error.location = ("components", index)
            raise
    published = {row.code: row for row in decision.published.rows} if decision.published else {}
    codes = sorted({code for result in results for code in result.amounts} | set(published))
    rows = tuple(
        RecipientRow(
            code=code,
            region=geography.name_of(code),
            parts={result.component.id: result.amounts.get(code, 0) for result in results},
            units={
                result.component.id: result.units[code]
                for result in results
                if code in result.units
            },
            published=published.get(code),
            paid_elsewhere=_paid_elsewhere(code, results, geography),
            unlisted_is_zero=decision.published is not None and decision.published.complete,
        )
        for code in codes
    )
    return Allocation(
        decision_id=decision_id, decision=decision, components=tuple(results), rows=rows
    )


def _paid_elsewhere(
    code: str, results: Sequence[ComponentResult], geography: Geography
) -> dict[str, PaidElsewhere]:
    """For a region: each population component whose unit containing it is paid to another
    recipient, so the table can say why the region has no population part of its own."""
    found = {}
    for result in results:
        component = result.component
        elsewhere = kind_of(component).paid_elsewhere(component, result, code, geography)
        if elsewhere is not None:
            found[component.id] = elsewhere
    return found


def _check_codes(decision_id: str, decision: Decision, geography: Geography) -> None:
    """Every recipient, payee, unit and published code exists in the geography."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, component in enumerate(decision.components):
        where: tuple[str | int, ...] = ("components", index)
        for code in kind_of(component).recipient_codes(component, geography):
            problem = geography.code_problem(code)
            if problem:
                problems.append((where, f"{component.label}: {problem}"))
    if decision.published is not None:
        for index, row in enumerate(decision.published.rows):
            problem = geography.code_problem(row.code)
            if problem:
                problems.append(
                    (
                        ("published", "rows", index),
                        _("published row: {problem}").format(problem=problem),
                    )
                )
    if problems:
        raise AllocationError(
            _("{decision_id}: {value}").format(decision_id=decision_id, value=problems[0][1]),
            [message for _, message in problems[1:]],
            location=problems[0][0],
        )
