"""Reports across decisions: ``list``, ``show``, ``ledger`` and ``deadlines``.

Pure: each function takes loaded decisions and returns a format-neutral
:class:`~statsbidrag_cli.render.Report` (or calendar events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum

from ..core.geography import Geography, PopulationDataset
from ..core.obligations import DatedObligation, IdentifiedDecision, LedgerLine
from ..formatting import kr
from ..models.decision import (
    DEADLINE_LABELS,
    Decision,
    FixedComponent,
    PopulationComponent,
    Source,
    walk_earmarks,
)
from .decision import UNKNOWN, date_text, decision_heading, diarienummer_text
from .report import CalendarEvent, Cell, Column, Report


class ListOrder(StrEnum):
    """How ``list`` sorts decisions."""

    date = "date"
    id = "id"
    total = "total"


def list_report(decisions: Sequence[IdentifiedDecision], order: ListOrder) -> Report:
    """One row per decision; unknown dates sort last."""
    keys = {
        ListOrder.date: lambda d: (
            d.decision.beslutsdatum is None,
            d.decision.beslutsdatum or dt.date.min,
            d.id,
        ),
        ListOrder.id: lambda d: (d.id,),
        ListOrder.total: lambda d: (-d.decision.total, d.id),
    }
    ordered = sorted(decisions, key=keys[order])
    rows: list[dict[str, Cell]] = [
        {
            "id": d.id,
            "diarienummer": diarienummer_text(d.decision),
            "beslutsdatum": date_text(d.decision.beslutsdatum),
            "budget_year": d.decision.budget_year,
            "title": d.decision.title,
            "total": d.decision.total,
        }
        for d in ordered
    ]
    columns = [
        Column("id", "Id"),
        Column("diarienummer", "Diarienummer"),
        Column("beslutsdatum", "Beslutsdatum"),
        Column("budget_year", "Budget year", numeric=True, kronor=False),
        Column("title", "Title"),
        Column("total", "Total (kr)", numeric=True),
    ]
    return Report(
        title=f"{len(rows)} decisions",
        columns=columns,
        rows=rows,
        document={"decisions": [dict(row) for row in rows]},
    )


Cite = Callable[[Sequence[Source]], str]


def document_names(sources: Sequence[Source]) -> str:
    """The documents a fact is read from, by file name."""
    return ", ".join(dict.fromkeys(source.document for source in sources))


def quoting(describe: Callable[[str], str]) -> Cite:
    """A citation with the words: each document (as ``describe`` names it) and its quotes."""

    def cite(sources: Sequence[Source]) -> str:
        return " | ".join(
            f"{describe(source.document)}: " + " … ".join(f"«{q}»" for q in source.quotes)
            for source in sources
        )

    return cite


def show_report(
    loaded: IdentifiedDecision, regions: Mapping[str, str], cite: Cite = document_names
) -> Report:
    """The whole decision as a list of facts: section, item, value, and where it is read from
    (``cite``: the document names, or with :func:`quoting` the sentences themselves).

    ``regions`` names regions by county code, so recipients read "12 Region Skåne".
    """
    decision = loaded.decision

    def region(code: str) -> str:
        return f"{code} {regions.get(code, '(unknown code)')}"

    rows = list(_show_rows(decision, region, cite))
    return Report(
        title=f"{decision_heading(loaded.id, decision)}\n{decision.title}",
        columns=[
            Column("section", "Section"),
            Column("item", "Item"),
            Column("value", "Value"),
            Column("amount", "Amount (kr)", numeric=True),
            Column("source", "Source"),
        ],
        rows=rows,
        document={"id": loaded.id, "decision": decision.model_dump(mode="json")},
        group_by="section",
    )


def _fact(
    section: str, item: str, value: str = "", amount: int | None = None, source: str = ""
) -> dict[str, Cell]:
    return {"section": section, "item": item, "value": value, "amount": amount, "source": source}


def _show_rows(
    decision: Decision, region: Callable[[str], str], cite: Cite
) -> Iterator[dict[str, Cell]]:
    header = cite(decision.source)
    yield _fact(
        "Beslut",
        "diarienummer",
        decision.diarienummer or f"{UNKNOWN}: {decision.diarienummer_note}",
        source=header,
    )
    yield _fact(
        "Beslut",
        "beslutsdatum",
        date_text(decision.beslutsdatum)
        if decision.beslutsdatum
        else f"{UNKNOWN}: {decision.beslutsdatum_note}",
        source=header,
    )
    yield _fact(
        "Beslut",
        "departement",
        decision.ministry or f"{UNKNOWN}: {decision.ministry_note}",
        source=header,
    )
    yield _fact("Beslut", "myndighet", decision.agency, source=header)
    yield _fact("Beslut", "budgetår", str(decision.budget_year), source=header)
    yield _fact("Beslut", "till mottagare", amount=decision.total, source=header)
    yield _fact(
        "Beslut", "medel för eget arbete (högst)", amount=decision.own_work_max, source=header
    )
    for component in decision.components:
        where = cite(component.source)
        section = f"Del: {component.label}"
        yield _fact(section, "belopp", amount=component.amount, source=where)
        if isinstance(component, FixedComponent):
            role = f" ({component.role})" if component.role else ""
            yield _fact(section, "mottagare", f"{region(component.recipient)}{role}", source=where)
        elif isinstance(component, PopulationComponent):
            yield _fact(
                section,
                "fördelas efter",
                f"befolkning per samverkansregion ({component.population})",
                source=where,
            )
            yield _fact(
                section,
                "betalas till",
                "; ".join(f"{unit}: {region(code)}" for unit, code in component.payees.items()),
                source=where,
            )
        else:
            yield _fact(
                section,
                "fördelas lika mellan",
                "alla regioner"
                if component.recipients == "all"
                else "; ".join(region(code) for code in component.recipients),
                source=where,
            )
        yield _fact(section, "syfte", component.purpose, source=where)
        if isinstance(component, FixedComponent):
            for depth, earmark in walk_earmarks(component.earmarks):
                item = "  " * depth + f"öronmärkt: {earmark.label}"
                yield _fact(section, item, earmark.purpose, earmark.amount, where)
    for line in decision.funding:
        item = (
            f"uo {line.utgiftsomrade} anslag {line.anslag} ap. {line.anslagspost} "
            f"({line.budget_year})"
        )
        name = line.anslagspost_name or f"{UNKNOWN}: {line.anslagspost_name_note}"
        value = name + (f"; för {line.component}" if line.component else "")
        yield _fact("Finansiering", item, value, line.amount, cite(line.source))
        if line.own_work_max:
            yield _fact(
                "Finansiering",
                f"  varav eget arbete (högst), ap. {line.anslagspost}",
                amount=line.own_work_max,
                source=cite(line.source),
            )
    for deadline in sorted(decision.dates.deadlines, key=lambda d: (d.date, d.kind)):
        value = f"{deadline.date.isoformat()}, {deadline.actor}"
        if deadline.description:
            value += f": {deadline.description}"
        yield _fact(
            "Datum", DEADLINE_LABELS[deadline.kind], value, source=cite(decision.dates.source)
        )
    for condition in decision.conditions:
        yield _fact("Villkor", "", condition.text, source=cite(condition.source))
    if decision.published is not None:
        published = decision.published
        yield _fact(
            "Publicerad tabell",
            published.publisher,
            f"{len(published.rows)} rader"
            + ("" if published.complete else " (delvis: bara några rader visas)"),
            sum(r.total for r in published.rows if r.total is not None),
            cite(published.source),
        )
        if published.tolerance:
            yield _fact(
                "Publicerad tabell",
                "tolerans",
                published.tolerance.reason,
                published.tolerance.kronor,
            )


def ledger_report(
    lines: Sequence[LedgerLine], year: int | None, years: Sequence[int] = ()
) -> Report:
    """One row per anslagspost and budget year: paid to recipients, own work, charged.

    Totals are per budget year (different years' money is never added up); an empty
    selection says so, naming the years there are (``years``)."""
    rows: list[dict[str, Cell]] = [
        {
            "budget_year": line.budget_year,
            "utgiftsomrade": line.utgiftsomrade,
            "anslag": line.anslag,
            "anslagspost": line.anslagspost,
            "anslagspost_name": line.anslagspost_name,
            "paid": line.paid,
            "own_work_max": line.own_work_max,
            "charged": line.charged,
            "decisions": ", ".join(line.decisions),
        }
        for line in lines
    ]
    columns = [
        Column("budget_year", "Year", numeric=True, kronor=False),
        Column("utgiftsomrade", "UO", numeric=True, kronor=False),
        Column("anslag", "Anslag"),
        Column("anslagspost", "Ap.", numeric=True, kronor=False),
        Column("anslagspost_name", "Anslagspost"),
        Column("paid", "To recipients", numeric=True),
        Column("own_work_max", "Own work (max)", numeric=True),
        Column("charged", "Charged", numeric=True),
        Column("decisions", "Decisions"),
    ]
    per_year: dict[int, dict[str, int]] = {}
    for line in lines:
        sums = per_year.setdefault(line.budget_year, {"paid": 0, "own_work_max": 0, "charged": 0})
        sums["paid"] += line.paid
        sums["own_work_max"] += line.own_work_max
        sums["charged"] += line.charged
    totals: dict[str, Cell] | None = None
    if len(per_year) == 1:
        (only,) = per_year.values()
        totals = {"anslagspost_name": "Total", **only}
    notes = []
    if not lines:
        there = ", ".join(str(y) for y in years) or "none"
        notes.append(f"No funding lines for budget year {year}. The decisions cover: {there}.")
    elif len(per_year) > 1:
        notes += [
            f"Budget year {y}: to recipients {kr(s['paid'])}, own work (max) "
            f"{kr(s['own_work_max'])}, charged {kr(s['charged'])}."
            for y, s in sorted(per_year.items())
        ]
    notes.append(
        "Own work (max) is the most the agency may use for its own work (medel för eget arbete)."
    )
    scope = f"budget year {year}" if year is not None else "all budget years"
    return Report(
        title=f"Funding per anslagspost, {scope}. Amounts in kronor.",
        columns=columns,
        rows=rows,
        totals=totals,
        notes=notes,
        document={
            "year": year,
            "lines": [dict(row) for row in rows],
            "totals_per_year": {str(y): s for y, s in sorted(per_year.items())},
        },
    )


def deadlines_report(items: Sequence[DatedObligation], after: dt.date | None) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "date": item.date.isoformat(),
            "decision": item.decision_name,
            "what": DEADLINE_LABELS[item.kind],
            "actor": item.actor,
            "details": item.description or "",
        }
        for item in items
    ]
    scope = f" after {after.isoformat()}" if after else ""
    return Report(
        title=f"{len(rows)} deadlines{scope}",
        columns=[
            Column("date", "Date"),
            Column("decision", "Decision"),
            Column("what", "What"),
            Column("actor", "Who must act"),
            Column("details", "Details"),
        ],
        rows=rows,
        document={
            "after": after.isoformat() if after else None,
            "deadlines": [dict(row) for row in rows],
        },
    )


def calendar_events(items: Sequence[DatedObligation]) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid=f"{item.decision_id}-{item.kind}@statsbidrag",
            date=item.date,
            summary=f"{item.decision_name}: {DEADLINE_LABELS[item.kind]}",
            description=f"Who must act: {item.actor}"
            + (f". {item.description}" if item.description else ""),
        )
        for item in items
    ]


def population_list_report(datasets: Sequence[PopulationDataset]) -> Report:
    """One row per population dataset: name, reference date, level, counts, persons."""
    rows: list[dict[str, Cell]] = [
        {
            "name": d.info.name,
            "reference_date": d.info.reference_date.isoformat(),
            "level": d.info.level,
            "counties": len(d.counties),
            "kommuner": len(d.kommuner),
            "persons_in_kommuner": sum(k.persons for k in d.kommuner.values()),
            "title": d.info.title,
        }
        for d in datasets
    ]
    return Report(
        title=f"{len(rows)} population datasets",
        columns=[
            Column("name", "Name"),
            Column("reference_date", "Reference date"),
            Column("level", "Level"),
            Column("counties", "Counties", numeric=True),
            Column("kommuner", "Kommuner", numeric=True),
            Column("persons_in_kommuner", "Persons (kommuner)", numeric=True),
            Column("title", "Title"),
        ],
        rows=rows,
        document={"datasets": [dict(row) for row in rows]},
    )


def population_show_report(dataset: PopulationDataset, geography: Geography, by: str) -> Report:
    """A dataset's figures per region, samverkansregion or kommun, with its provenance."""
    units = geography.units(by, dataset, None, [])
    rows: list[dict[str, Cell]] = [
        {"code": unit.key, "name": unit.name, "population": unit.persons} for unit in units
    ]
    info = dataset.info
    return Report(
        title=f"{info.title} ({info.name}), reference date "
        f"{info.reference_date.isoformat()}, by {by}",
        columns=[
            Column("code", "Code"),
            Column("name", "Name"),
            Column("population", "Population", numeric=True),
        ],
        rows=rows,
        totals={"name": "Total", "population": sum(unit.persons for unit in units)},
        notes=[f"Source: {info.source}", f"Figures: {dataset.summing_note}."]
        + ([f"Note: {info.noise_note}"] if info.noise_note else []),
        document={
            "dataset": info.model_dump(mode="json"),
            "by": by,
            "rows": [dict(row) for row in rows],
        },
    )
