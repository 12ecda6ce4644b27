"""What decisions oblige, across decisions: charges per anslagspost, and dated deadlines.

Pure: takes decisions already read (anything with an ``id`` and a ``decision``) and returns
plain values for ``ledger`` and ``deadlines``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..models.decision import DEADLINE_LABELS, Decision


class IdentifiedDecision(Protocol):
    """A decision and the id it is known by (its file name without ``.yaml``)."""

    @property
    def id(self) -> str: ...

    @property
    def decision(self) -> Decision: ...


@dataclass(frozen=True)
class LedgerLine:
    """What all decisions charge to one anslagspost in one budget year."""

    budget_year: int
    utgiftsomrade: int
    anslag: str
    anslagspost: int
    anslagspost_name: str | None
    charged: int
    own_work_max: int
    decisions: tuple[str, ...]

    @property
    def paid(self) -> int:
        return self.charged - self.own_work_max


def ledger_lines(decisions: Sequence[IdentifiedDecision], year: int | None) -> list[LedgerLine]:
    """Funding summed per (budget year, utgiftsområde, anslag, anslagspost)."""
    grouped: dict[tuple[int, int, str, int], list[Any]] = {}
    for loaded in decisions:
        for line in loaded.decision.funding_lines:
            if year is not None and line.budget_year != year:
                continue
            key = (line.budget_year, line.utgiftsomrade, line.anslag, line.anslagspost)
            grouped.setdefault(key, []).append((loaded, line))
    result = []
    for key in sorted(
        grouped, key=lambda k: (k[0], k[1], tuple(int(p) for p in k[2].split(":")), k[3])
    ):
        entries = grouped[key]
        result.append(
            LedgerLine(
                budget_year=key[0],
                utgiftsomrade=key[1],
                anslag=key[2],
                anslagspost=key[3],
                anslagspost_name=entries[0][1].anslagspost_name,
                charged=sum(line.amount for _, line in entries),
                own_work_max=sum(line.own_work_max for _, line in entries),
                decisions=tuple(dict.fromkeys(loaded.id for loaded, _ in entries)),
            )
        )
    return result


@dataclass(frozen=True)
class DatedObligation:
    """One deadline of one decision, for the cross-decision calendar."""

    decision_id: str
    decision_name: str
    kind: str
    date: dt.date
    actor: str
    description: str | None


def obligations(
    decisions: Sequence[IdentifiedDecision], after: dt.date | None
) -> list[DatedObligation]:
    """Every dated obligation across decisions, strictly after ``after``, sorted by date."""
    found = [
        DatedObligation(
            decision_id=loaded.id,
            decision_name=loaded.decision.diarienummer or loaded.id,
            kind=deadline.kind,
            date=deadline.date,
            actor=deadline.actor,
            description=deadline.description,
        )
        for loaded in decisions
        for deadline in loaded.decision.deadlines
        if after is None or deadline.date > after
    ]
    order = list(DEADLINE_LABELS)
    return sorted(found, key=lambda o: (o.date, o.decision_id, order.index(o.kind)))
