"""What one recipient receives across decisions: per decision and component, and per budget
year. Pure: the use case (:mod:`statsbidrag_cli.service.overview`) allocates the decisions and
builds these; reports show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReceivedPart:
    """One component of one decision, as one recipient receives it."""

    decision_id: str
    diarienummer: str | None
    budget_year: int
    component: str
    """The component's label, as the decision names it."""
    computed: int
    published: int | None
    """What the agency's table gives for it; None where no table gives it."""
    anslagsposter: list[str]
    """The anslagsposter that fund the component (``UO 9 1:6 ap. 7``)."""
    deadlines: list[tuple[str, dt.date]]
    """The decision's dated obligations: (kind, date)."""

    @property
    def paid(self) -> int:
        """What was paid: the published amount where there is one, else the computed."""
        return self.published if self.published is not None else self.computed


@dataclass(frozen=True)
class Received:
    """Everything one recipient receives across the decisions of a folder."""

    code: str
    name: str
    parts: list[ReceivedPart]

    def totals_by_year(self) -> dict[int, tuple[int, int]]:
        """Per budget year: (computed, paid), never adding different years' money."""
        totals: dict[int, tuple[int, int]] = {}
        for part in self.parts:
            computed, paid = totals.get(part.budget_year, (0, 0))
            totals[part.budget_year] = (computed + part.computed, paid + part.paid)
        return dict(sorted(totals.items()))
