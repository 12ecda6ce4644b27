"""Use cases across the decisions of a folder: the list, the ledger and the deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.obligations import DatedObligation, LedgerLine, ledger_lines, obligations
from ..files.store import DataDirs
from .checking import load_all_decisions


@dataclass(frozen=True)
class Ledger:
    """What the decisions charge per anslagspost and budget year."""

    lines: list[LedgerLine]
    years: list[int]
    """Every budget year any decision charges (to name them when ``--year`` matches none)."""


def ledger(dirs: DataDirs, year: int | None) -> Ledger:
    """The ledger of budget year ``year`` (every year when None)."""
    decisions = load_all_decisions(dirs)
    years = sorted({line.budget_year for d in decisions for line in d.decision.funding})
    return Ledger(ledger_lines(decisions, year), years)


def deadlines_after(dirs: DataDirs, after: dt.date | None) -> list[DatedObligation]:
    """Every dated obligation across decisions, later than ``after`` when given."""
    return obligations(load_all_decisions(dirs), after)
