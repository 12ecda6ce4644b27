"""Use cases across the decisions of a folder: the ledger, the deadlines, and what one
recipient receives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.geography import Geography
from ..core.obligations import DatedObligation, LedgerLine, ledger_lines, obligations
from ..core.recipients import Received, ReceivedPart
from ..errors import StatsbidragError
from ..files.local.store import DataDirs
from ..i18n import _
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
    years = sorted({line.budget_year for d in decisions for line in d.decision.funding_lines})
    return Ledger(ledger_lines(decisions, year), years)


def deadlines_after(dirs: DataDirs, after: dt.date | None) -> list[DatedObligation]:
    """Every dated obligation across decisions, later than ``after`` when given."""
    return obligations(load_all_decisions(dirs), after)


def _refuse_no_code(code: str, geography: Geography) -> None:
    """A code that is no region's or kommun's, said as such (with the code meant where a
    spreadsheet dropped a leading zero: ``1`` for ``01``, ``114`` for ``0114``)."""
    if not code.isdigit() or len(code) not in (1, 2, 3, 4):
        raise StatsbidragError(
            _(
                "{code!r} is no recipient code: a region is its two-digit county code (12 for "
                "Region Skåne), a kommun its four digits (0114)"
            ).format(code=code)
        )
    if len(code) in (1, 3):
        padded = code.zfill(len(code) + 1)
        known = padded in geography.counties or padded in geography.kommuner
        hint = _("; did you mean {code}?").format(code=padded) if known else ""
        raise StatsbidragError(
            _(
                "{code!r} is no recipient code: a county's has two digits, a kommun's four{hint}"
            ).format(code=code, hint=hint)
        )
    problem = geography.code_problem(code)
    if problem:
        raise StatsbidragError(problem)


def received_by(dirs: DataDirs, code: str, year: int | None) -> Received:
    """What recipient ``code`` (a region's county code, or a kommun's) receives under every
    decision of the folder (of budget year ``year`` when given), per decision and component."""
    from .decisions import PopulationCache, allocate_loaded

    population = PopulationCache(dirs.population)
    _refuse_no_code(code, population.geography)
    parts: list[ReceivedPart] = []
    name = ""
    for loaded in load_all_decisions(dirs):
        decision = loaded.decision
        if year is not None and decision.budget_year != year:
            continue
        allocation = allocate_loaded(loaded, population)
        row = next((row for row in allocation.rows if row.code == code), None)
        if row is None:
            continue
        name = row.region
        deadlines: list[tuple[str, dt.date]] = [(d.kind, d.date) for d in decision.deadlines]
        for component in decision.components:
            computed = row.parts.get(component.id, 0)
            published = row.published_part(component.id)
            if not computed and not published:
                continue
            posts = [
                f"UO {line.utgiftsomrade} {line.anslag} ap. {line.anslagspost}"
                for line in decision.funding_lines
                if line.component in (None, component.id)
            ]
            parts.append(ReceivedPart(
                loaded.id, decision.diarienummer, decision.budget_year, component.label,
                computed, published, list(dict.fromkeys(posts)), deadlines,
            ))  # fmt: skip
    if not parts:
        raise StatsbidragError(
            _("no decision in {folder} pays anything to {code}{year}").format(
                folder=dirs.decisions,
                code=code,
                year=_(" in budget year {year}").format(year=year) if year is not None else "",
            )
        )
    return Received(code, name, parts)
