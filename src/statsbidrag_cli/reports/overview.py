"""Reports across decisions: ``list``, ``show``, ``ledger`` and ``deadlines``.

Pure: each function takes loaded decisions and returns a format-neutral
:class:`~statsbidrag_cli.render.Report` (or calendar events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from ..core.geography import Geography, PopulationDataset
from ..core.kinds import PER_UNIT, kind_of
from ..core.obligations import DatedObligation, IdentifiedDecision, LedgerLine
from ..core.recipients import Received
from ..i18n import N_, _, kr, ngettext
from ..models.decision import DEADLINE_LABELS, Decision, Source, walk_earmarks
from .decision import UNKNOWN, date_text, decision_heading, unknown
from .report import CalendarEvent, Cell, Column, Extras, Report


class ListOrder(StrEnum):
    """How ``list`` sorts decisions."""

    date = "date"
    id = "id"
    total = "total"

    @classmethod
    def of(cls, value: str) -> ListOrder | None:
        """The order ``value`` names, in English or Swedish (``datum``, ``summa``), or None."""
        wanted = value.strip().casefold()
        return cls.__members__.get(SORT_ALIASES.get(wanted, wanted))


SORT_ALIASES = {"datum": "date", "summa": "total", "belopp": "total"}
"""The Swedish words analysts type for ``list --sort``."""


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
            "diarienummer": d.decision.diarienummer,
            "beslutsdatum": d.decision.beslutsdatum.isoformat()
            if d.decision.beslutsdatum
            else None,
            "budget_year": d.decision.budget_year,
            "title": d.decision.title,
            "total": d.decision.total,
        }
        for d in ordered
    ]
    columns = [
        Column("id", _("Id")),
        Column("diarienummer", _("Diarienummer"), missing=UNKNOWN, wide_only=True),
        Column("beslutsdatum", _("Beslutsdatum"), missing=UNKNOWN),
        Column("budget_year", _("Budget year"), numeric=True, kronor=False, wide_only=True),
        Column("title", _("Title")),
        Column("total", _("Total (kr)"), numeric=True),
    ]
    return Report(
        title=ngettext("{count} decision", "{count} decisions", len(rows)).format(count=len(rows)),
        columns=columns,
        rows=rows,
        records="decisions",
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
    loaded: IdentifiedDecision,
    regions: Mapping[str, str],
    cite: Cite = document_names,
    units: Mapping[str, str] | None = None,
) -> Report:
    """The whole decision as a list of facts: section, item, value, and where it is read from
    (``cite``: the document names, or with :func:`quoting` the sentences themselves).

    ``regions`` names regions by county code, so recipients read "12 Region Skåne";
    ``units`` the samverkansregioner by id, so a population part is "paid to" by their names.
    """
    decision = loaded.decision

    def region(code: str) -> str:
        name = regions.get(code) or _("(unknown code)")
        return f"{code} {name}"

    rows = list(_show_rows(decision, region, cite, units or {}))
    return Report(
        title=f"{decision_heading(loaded.id, decision)}\n{decision.title}",
        columns=[
            Column("section", _("Section")),
            Column("item", _("Item")),
            Column("value", _("Value")),
            Column("amount", _("Amount (kr)"), numeric=True),
            Column("source", _("Source"), wide_only=True),
        ],
        rows=rows,
        extras=Extras(
            json={"id": loaded.id, "decision": decision.model_dump(mode="json")},
            group_by="section",
        ),
    )


def _fact(
    section: str, item: str, value: str = "", amount: int | None = None, source: str = ""
) -> dict[str, Cell]:
    return {"section": section, "item": item, "value": value, "amount": amount, "source": source}


def _unknown_because(note: str | None) -> str:
    return f"{unknown()}: {note}"


def _show_rows(
    decision: Decision, region: Callable[[str], str], cite: Cite, units: Mapping[str, str]
) -> Iterator[dict[str, Cell]]:
    header = cite(decision.source)
    section = _("Decision")
    yield _fact(
        section,
        _("diarienummer"),
        decision.diarienummer or _unknown_because(decision.diarienummer_note),
        source=header,
    )
    yield _fact(
        section,
        _("beslutsdatum"),
        date_text(decision.beslutsdatum)
        if decision.beslutsdatum
        else _unknown_because(decision.beslutsdatum_note),
        source=header,
    )
    yield _fact(
        section,
        _("ministry"),
        decision.ministry or _unknown_because(decision.ministry_note),
        source=header,
    )
    yield _fact(
        section,
        _("agency"),
        decision.agency or _unknown_because(decision.agency_note),
        source=header,
    )
    yield _fact(section, _("budget year"), str(decision.budget_year), source=header)
    yield _fact(section, _("to recipients"), amount=decision.total, source=header)
    yield _fact(section, _("own work (at most)"), amount=decision.own_work_max, source=header)
    yield from _component_rows(decision, region, cite, units)
    yield from _funding_rows(decision, cite)
    if decision.dates is None:
        yield _fact(_("Dates"), "", _unknown_because(decision.dates_note))
    else:
        for deadline in sorted(decision.dates.deadlines, key=lambda d: (d.date, d.kind)):
            value = f"{deadline.date.isoformat()}, {deadline.actor}"
            if deadline.description:
                value += f": {deadline.description}"
            yield _fact(
                _("Dates"),
                _(DEADLINE_LABELS[deadline.kind]),
                value,
                source=cite(decision.dates.source),
            )
    for condition in decision.conditions:
        yield _fact(_("Conditions"), "", condition.text, source=cite(condition.source))
    yield from _published_rows(decision, cite)


def _component_rows(
    decision: Decision, region: Callable[[str], str], cite: Cite, units: Mapping[str, str]
) -> Iterator[dict[str, Cell]]:
    for component in decision.components:
        where = cite(component.source)
        section = _("Part: {label}").format(label=component.label)
        yield _fact(section, _("amount"), amount=component.amount, source=where)
        if component.percent is not None:
            share = _("{percent} % of the total").format(percent=component.percent)
            yield _fact(section, _("share"), share, source=where)
        kind = kind_of(component)
        floor, cap = kind.limits(component)
        for limit, label in ((floor, N_("floor per unit")), (cap, N_("cap per unit"))):
            if limit:
                yield _fact(section, _(label), amount=limit, source=where)
        for item, text in kind.facts(component, region, lambda unit: units.get(unit, unit)):
            yield _fact(section, item, text, source=where)
        yield _fact(section, _("purpose"), component.purpose, source=where)
        for depth, earmark in walk_earmarks(kind.earmarks(component)):
            item = "  " * depth + _("earmarked: {label}").format(label=earmark.label)
            yield _fact(section, item, earmark.purpose, earmark.amount, where)


def _funding_rows(decision: Decision, cite: Cite) -> Iterator[dict[str, Cell]]:
    section = _("Funding")
    if decision.funding is None:
        yield _fact(section, "", _unknown_because(decision.funding_note))
    for line in decision.funding_lines:
        item = _("UO {uo} anslag {anslag} ap. {ap} ({year})").format(
            uo=line.utgiftsomrade, anslag=line.anslag, ap=line.anslagspost, year=line.budget_year
        )
        name = line.anslagspost_name or _unknown_because(line.anslagspost_name_note)
        if line.component:
            label = next(c.label for c in decision.components if c.id == line.component)
            name += "; " + _("for {component}").format(component=label)
        yield _fact(section, item, name, line.amount, cite(line.source))
        if line.own_work_max:
            yield _fact(
                section,
                "  " + _("of which own work (at most), ap. {ap}").format(ap=line.anslagspost),
                amount=line.own_work_max,
                source=cite(line.source),
            )


def _published_rows(decision: Decision, cite: Cite) -> Iterator[dict[str, Cell]]:
    published = decision.published
    if published is None:
        return
    section = _("Published table")
    count = len(published.rows)
    yield _fact(
        section,
        published.publisher,
        ngettext("{count} row", "{count} rows", count).format(count=count)
        + ("" if published.complete else " " + _("(partial: only some rows are shown)")),
        sum(r.total for r in published.rows if r.total is not None),
        cite(published.source),
    )
    if published.tolerance:
        yield _fact(section, _("tolerance"), published.tolerance.reason, published.tolerance.kronor)


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
        Column("budget_year", _("Year"), numeric=True, kronor=False),
        Column("utgiftsomrade", _("UO"), numeric=True, kronor=False),
        Column("anslag", _("Anslag")),
        Column("anslagspost", _("Ap."), numeric=True, kronor=False),
        Column("anslagspost_name", _("Anslagspost")),
        Column("paid", _("To recipients"), numeric=True),
        Column("own_work_max", _("Own work (max)"), numeric=True),
        Column("charged", _("Charged"), numeric=True),
        Column("decisions", _("Decisions")),
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
        totals = {"anslagspost_name": _("Total"), **only}
    notes = []
    if not lines:
        there = ", ".join(str(y) for y in years) or _("none")
        notes.append(
            _("No funding lines for budget year {year}. The decisions cover: {years}.").format(
                year=year, years=there
            )
        )
    elif len(per_year) > 1:
        notes += [
            _(
                "Budget year {year}: to recipients {paid}, own work (max) {own_work}, "
                "charged {charged}."
            ).format(
                year=y, paid=kr(s["paid"]), own_work=kr(s["own_work_max"]), charged=kr(s["charged"])
            )
            for y, s in sorted(per_year.items())
        ]
    notes.append(
        _("Own work (max) is the most the agency may use for its own work (medel för eget arbete).")
    )
    title = (
        _("Funding per anslagspost, budget year {year}. Amounts in kronor.").format(year=year)
        if year is not None
        else _("Funding per anslagspost, all budget years. Amounts in kronor.")
    )
    return Report(
        title=title,
        columns=columns,
        rows=rows,
        totals=totals,
        notes=notes,
        extras=Extras(
            json={
                "year": year,
                "lines": [dict(row) for row in rows],
                "totals_per_year": {str(y): s for y, s in sorted(per_year.items())},
            }
        ),
    )


def deadlines_report(items: Sequence[DatedObligation], after: dt.date | None) -> Report:
    rows: list[dict[str, Cell]] = [
        {
            "date": item.date.isoformat(),
            "decision": item.decision_name,
            "what": _(DEADLINE_LABELS[item.kind]),
            "actor": item.actor,
            "details": item.description or "",
        }
        for item in items
    ]
    count = len(rows)
    title = (
        ngettext("{count} deadline after {date}", "{count} deadlines after {date}", count)
        if after
        else ngettext("{count} deadline", "{count} deadlines", count)
    )
    return Report(
        title=title.format(count=count, date=after.isoformat() if after else ""),
        columns=[
            Column("date", _("Date")),
            Column("decision", _("Decision")),
            Column("what", _("What")),
            Column("actor", _("Who must act"), wraps=True),
            Column("details", _("Details"), wide_only=True),
        ],
        rows=rows,
        extras=Extras(
            json={
                "after": after.isoformat() if after else None,
                "deadlines": [dict(row) for row in rows],
            }
        ),
    )


def calendar_events(items: Sequence[DatedObligation]) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid=f"{item.decision_id}-{item.kind}@statsbidrag",
            date=item.date,
            summary=f"{item.decision_name}: {_(DEADLINE_LABELS[item.kind])}",
            description=_("Who must act: {actor}").format(actor=item.actor)
            + (f". {item.description}" if item.description else ""),
        )
        for item in items
    ]


DATASET_LEVEL_LABELS = {
    "kommun": N_("kommun"),
    "county": N_("county"),
    "mixed": N_("kommun and county"),
}
"""A dataset's level as a person reads it (CSV and JSON keep the key)."""


def population_list_report(datasets: Sequence[PopulationDataset], folder: Path) -> Report:
    """One row per population dataset of ``folder``: name, reference date, level, counts,
    persons."""
    rows: list[dict[str, Cell]] = [
        {
            "name": d.info.name,
            "reference_date": d.info.reference_date.isoformat(),
            "level": d.info.level,
            "measure": d.info.measure,
            "counties": len(d.counties),
            "kommuner": len(d.kommuner),
            "persons_in_kommuner": sum(k.persons for k in d.kommuner.values()),
            "title": d.info.title,
            "persons_in_counties": sum(d.counties.values()),
        }
        for d in datasets
    ]
    return Report(
        title=ngettext(
            "{count} population dataset in {folder}",
            "{count} population datasets in {folder}",
            len(rows),
        ).format(count=len(rows), folder=folder),
        columns=[
            Column("name", _("Name")),
            Column("reference_date", _("Reference date")),
            Column("level", _("Level"), labels=DATASET_LEVEL_LABELS),
            Column("counties", _("Counties"), numeric=True),
            Column("kommuner", _("Kommuner"), numeric=True),
            Column("persons_in_kommuner", _("Persons (kommuner)"), numeric=True),
            Column("title", _("Title")),
            Column("measure", _("Counts")),  # last: the CSV's earlier columns keep their place
            Column("persons_in_counties", _("Persons (counties)"), numeric=True),
        ],
        rows=rows,
        records="datasets",
    )


def population_show_report(dataset: PopulationDataset, geography: Geography, by: str) -> Report:
    """A dataset's figures per region, samverkansregion or kommun, with its provenance."""
    units = geography.units(by, dataset, None, [])
    rows: list[dict[str, Cell]] = [
        {"code": unit.key, "name": unit.name, "population": unit.persons} for unit in units
    ]
    info = dataset.info
    return Report(
        title=_("{title} ({name}), reference date {date}, {per_unit}").format(
            title=info.title,
            name=info.name,
            date=info.reference_date.isoformat(),
            per_unit=_(PER_UNIT.get(by, by)),
        ),
        columns=[
            Column("code", _("Code"), codes=True),
            Column("name", _("Name")),
            Column("population", _("Population"), numeric=True),
        ],
        rows=rows,
        totals={"name": _("Total"), "population": sum(unit.persons for unit in units)},
        notes=[
            _("Source: {source}").format(source=info.source),
            _("Figures: {summing}.").format(summing=dataset.summing_note),
        ]
        + ([_("Note: {note}").format(note=info.noise_note)] if info.noise_note else []),
        extras=Extras(
            json={
                "dataset": info.model_dump(mode="json"),
                "by": by,
                "rows": [dict(row) for row in rows],
            }
        ),
    )


def received_report(received: Received, year: int | None) -> Report:
    """One row per decision and component a recipient receives, with one set of columns
    whatever the decisions (so the CSVs of two recipients stack), and a table of totals per
    budget year (years are never added together)."""
    rows: list[dict[str, Cell]] = [
        {
            "code": received.code,
            "recipient": received.name,
            "budget_year": part.budget_year,
            "decision": part.diarienummer or part.decision_id,
            "component": part.component,
            "computed": part.computed,
            "published": part.published,
            "paid": part.paid,
            "anslagspost": "; ".join(part.anslagsposter),
            "deadlines": "; ".join(
                f"{_(DEADLINE_LABELS[kind])} {date.isoformat()}" for kind, date in part.deadlines
            ),
        }
        for part in received.parts
    ]
    by_year = received.totals_by_year()
    totals = Report(
        title=_("Per budget year"),
        columns=[
            Column("budget_year", _("Budget year"), numeric=True, kronor=False),
            Column("computed", _("Computed"), numeric=True),
            Column("paid", _("Paid"), numeric=True),
        ],
        rows=[
            {"budget_year": y, "computed": computed, "paid": paid}
            for y, (computed, paid) in by_year.items()
        ],
    )
    heading = (
        _("What {name} ({code}) receives, budget year {year}")
        if year is not None
        else _("What {name} ({code}) receives, every budget year")
    ).format(name=received.name, code=received.code, year=year)
    return Report(
        title=heading + "\n" + _("Amounts in kronor."),
        columns=[
            Column("code", _("Code"), in_table=False),
            Column("recipient", _("Recipient"), in_table=False),
            Column("budget_year", _("Year"), numeric=True, kronor=False),
            Column("decision", _("Decision")),
            Column("component", _("Component")),
            Column("computed", _("Computed"), numeric=True),
            Column("published", _("Published"), numeric=True, missing=N_("unknown")),
            Column("paid", _("Paid"), numeric=True),
            Column("anslagspost", _("Anslagspost")),
            Column("deadlines", _("Deadlines"), in_table=False),
        ],
        rows=rows,
        notes=[
            _(
                "Paid is the published amount where the agency published one, else the "
                "computed one; totals are per budget year."
            ),
            *dict.fromkeys(
                _("Deadlines, {decision}: {deadlines}").format(
                    decision=row["decision"], deadlines=row["deadlines"]
                )
                for row in rows
                if row["deadlines"]
            ),
        ],
        sections=[totals],
        records="rows",
        extras=Extras(
            json={
                "code": received.code,
                "recipient": received.name,
                "year": year,
                "rows": [dict(row) for row in rows],
                "totals_per_year": {
                    str(y): {"computed": computed, "paid": paid}
                    for y, (computed, paid) in by_year.items()
                },
            }
        ),
    )
