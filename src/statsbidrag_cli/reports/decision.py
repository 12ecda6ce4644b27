"""Build format-neutral :class:`~statsbidrag_cli.render.Report` objects from results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..core.allocation import Allocation, ComponentResult, RecipientRow
from ..formatting import kr
from ..models.decision import Decision, Earmark, FixedComponent, PopulationComponent, walk_earmarks
from .report import Cell, Column, Report

if TYPE_CHECKING:
    from ..core.repay import RepaymentRow


def allocation_report(allocation: Allocation) -> Report:
    """Per recipient region: each component's part, the total, and the published comparison."""
    decision = allocation.decision
    columns = [Column("code", "Code"), Column("region", "Region")]
    for result in allocation.components:
        columns += _component_columns(result)
    columns.append(Column("total", "Total", numeric=True))
    if decision.published is not None:
        columns += [
            Column("published", "Published", numeric=True),
            Column("published_minus_computed", "Published − computed", numeric=True),
        ]
    rows = [_row_cells(allocation, row) for row in allocation.rows]
    return Report(
        title=(
            f"{decision_heading(allocation.decision_id, decision)}\n{decision.title}\n"
            "Amounts in kronor."
        ),
        columns=columns,
        rows=rows,
        totals=_totals(rows, columns),
        notes=allocation_notes(allocation),
        document=_allocation_document(allocation),
        sections=[earmark_report(component) for component in _with_earmarks(allocation)],
        extra_sheets=[sources_report(allocation)],
    )


UNKNOWN = "okänt"


def diarienummer_text(decision: Decision) -> str:
    """The diarienummer, or "okänt" where the sources do not give it."""
    return decision.diarienummer or UNKNOWN


def date_text(date: dt.date | None) -> str:
    """An ISO date, or "okänt"."""
    return date.isoformat() if date else UNKNOWN


def decision_heading(decision_id: str, decision: Decision) -> str:
    """One line naming a decision: diarienummer (or id), date, ministry and agency."""
    name = decision.diarienummer or f"{decision_id} (diarienummer {UNKNOWN})"
    return (
        f"{name} · beslutsdatum {date_text(decision.beslutsdatum)} · "
        f"{decision.ministry or UNKNOWN} → {decision.agency}"
    )


def _with_earmarks(allocation: Allocation) -> list[FixedComponent]:
    return [
        result.component
        for result in allocation.components
        if isinstance(result.component, FixedComponent) and result.component.earmarks
    ]


def earmark_report(component: FixedComponent) -> Report:
    """The earmark tree of a component as an indented table whose subtotals add up."""
    rows: list[dict[str, Cell]] = [{"earmark": component.label, "amount": component.amount}]
    rows += [
        {"earmark": "    " * (depth + 1) + earmark.label, "amount": earmark.amount}
        for depth, earmark in walk_earmarks(component.earmarks)
    ]
    return Report(
        title=f"Earmarks: {component.label}",
        columns=[Column("earmark", "Earmark"), Column("amount", "Amount", numeric=True)],
        rows=rows,
        document={},
    )


def earmark_document(earmark: Earmark) -> dict[str, Any]:
    return {
        "id": earmark.id,
        "label": earmark.label,
        "amount": earmark.amount,
        "purpose": earmark.purpose,
        "children": [earmark_document(child) for child in earmark.children],
    }


def _component_columns(result: ComponentResult) -> list[Column]:
    component = result.component
    if isinstance(component, FixedComponent):
        heading = component.project or component.label
    else:
        heading = "Equal part" if component.kind == "equal" else "Population part"
    amount = Column(component.id, heading, numeric=True)
    if isinstance(component, PopulationComponent):
        unit, persons = UNIT_HEADINGS[component.units]
        persons_column = Column(f"{component.id}_persons", persons, numeric=True)
        if component.units in PAID_TO_THEMSELVES:  # the unit is the row's own region or kommun
            return [persons_column, amount]
        return [Column(f"{component.id}_unit", unit), persons_column, amount]
    return [amount]


PAID_TO_THEMSELVES = ("regions", "kommuner")


UNIT_HEADINGS = {
    "samverkansregioner": ("Samverkansregion", "Samverkansregion population"),
    "groups": ("Group", "Group population"),
    "regions": ("Region", "Population"),
    "kommuner": ("Kommun", "Population"),
}
"""Headings of a population part's unit and persons columns: whose population it is."""


def _row_cells(allocation: Allocation, row: RecipientRow) -> dict[str, Cell]:
    cells: dict[str, Cell] = {"code": row.code, "region": row.region}
    for result in allocation.components:
        component_id = result.component.id
        unit = row.units.get(component_id)
        if isinstance(result.component, PopulationComponent):
            if result.component.units not in PAID_TO_THEMSELVES:
                cells[f"{component_id}_unit"] = unit.name if unit else None
            cells[f"{component_id}_persons"] = unit.persons if unit else None
        cells[component_id] = row.parts[component_id]
    cells["total"] = row.total
    if allocation.decision.published is not None:
        cells["published"] = row.published_total
        cells["published_minus_computed"] = row.published_minus_computed
    return cells


def _totals(rows: Sequence[dict[str, Cell]], columns: Sequence[Column]) -> dict[str, Cell]:
    """Column sums for the table's totals row (persons are not summed: units repeat)."""
    totals: dict[str, Cell] = {"region": "Total"}
    for column in columns:
        if column.numeric and not column.key.endswith("_persons"):
            values = [row.get(column.key) for row in rows]
            totals[column.key] = sum(value for value in values if isinstance(value, int))
    return totals


def allocation_notes(allocation: Allocation) -> list[str]:
    """The lines that explain the figures: population source, and published differences."""
    notes = []
    for dataset in allocation.datasets:
        info = dataset.info
        notes.append(
            f"Population: {info.title} ({info.name}, reference date "
            f"{info.reference_date.isoformat()}); {dataset.summing_note}."
        )
    notes += paid_elsewhere_notes(allocation)
    published = allocation.decision.published
    if published is not None:
        notes.append(
            "Published − computed: the published amount minus ours, so a positive figure means "
            "the agency published more."
        )
        if not published.complete:
            notes.append(
                "The published table is partial: recipients it does not list are unknown, "
                "not 0, and are not compared."
            )
        notes += [
            f"Published row {row.code} is derived, not read: {row.note}"
            for row in published.rows
            if row.derived
        ]
        if published.tolerance is not None:
            notes.append(
                f"Published: {published.publisher}'s table. Differences up to "
                f"{published.tolerance.kronor} kr are expected: {published.tolerance.reason}"
            )
        else:
            notes.append(
                f"Published: {published.publisher}'s table; computed amounts must equal it exactly."
            )
    return notes


def _published_total(allocation: Allocation) -> int | None:
    """The published table's total, where every row of it is known."""
    totals = [row.published_total for row in allocation.rows]
    if allocation.decision.published is None or None in totals:
        return None
    return sum(total for total in totals if total is not None)


def sources_report(allocation: Allocation) -> Report:
    """Where every fact comes from: each quote with its document and the field it backs, and
    the population data's provenance (a workbook's "Sources" sheet)."""
    from ..core.traceability import source_uses

    rows: list[dict[str, Cell]] = [
        {
            "field": ".".join(str(part) for part in use.location[:-2]) or "decision",
            "document": use.source.document,
            "quote": quote,
        }
        for use in source_uses(allocation.decision)
        for quote in use.source.quotes
    ]
    rows += [
        {
            "field": f"population: {dataset.info.name}",
            "document": f"reference date {dataset.info.reference_date.isoformat()}",
            "quote": dataset.info.source,
        }
        for dataset in allocation.datasets
    ]
    return Report(
        title="Sources",
        columns=[
            Column("field", "Field"),
            Column("document", "Document"),
            Column("quote", "Quote"),
        ],
        rows=rows,
        document={},
    )


def paid_elsewhere_notes(allocation: Allocation) -> list[str]:
    """Why a region has no population part of its own: its unit's share goes to another."""
    notes = []
    for row in allocation.rows:
        for component_id, via in row.paid_elsewhere.items():
            labels = {r.component.id: r.component.label for r in allocation.components}
            notes.append(
                f"{row.region} ({row.code}) has no part of its own in {labels[component_id]!r}: "
                f"the share of "
                f"{via.unit_name} is paid to {via.payee_name} ({via.payee})."
            )
    return notes


def _decision_header(decision_id: str, decision: Decision) -> dict[str, Any]:
    return {
        "id": decision_id,
        "diarienummer": decision.diarienummer,
        "diarienummer_note": decision.diarienummer_note,
        "title": decision.title,
        "beslutsdatum": decision.beslutsdatum.isoformat() if decision.beslutsdatum else None,
        "beslutsdatum_note": decision.beslutsdatum_note,
        "ministry": decision.ministry,
        "agency": decision.agency,
        "budget_year": decision.budget_year,
        "total": decision.total,
        "own_work_max": decision.own_work_max,
    }


def _allocation_document(allocation: Allocation) -> dict[str, Any]:
    decision = allocation.decision
    return {
        "decision": _decision_header(allocation.decision_id, decision),
        "components": [_component_document(result) for result in allocation.components],
        "rows": [_row_document(row) for row in allocation.rows],
        "total": allocation.total,
        "published_total": _published_total(allocation),
        "notes": allocation_notes(allocation),
    }


def _component_document(result: ComponentResult) -> dict[str, Any]:
    component = result.component
    document: dict[str, Any] = {
        "id": component.id,
        "kind": component.kind,
        "label": component.label,
        "amount": component.amount,
        "allocated": result.allocated,
    }
    if isinstance(component, FixedComponent):
        document["recipient"] = component.recipient
        document["role"] = component.role
        document["earmarks"] = [earmark_document(earmark) for earmark in component.earmarks]
    if result.dataset is not None:
        info = result.dataset.info
        document["population"] = {
            "dataset": info.name,
            "reference_date": info.reference_date.isoformat(),
            "source": info.source,
        }
    return document


def _row_document(row: RecipientRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "region": row.region,
        "parts": dict(row.parts),
        "units": {
            component_id: {
                "id": unit.key,
                "name": unit.name,
                "population": unit.persons,
            }
            for component_id, unit in row.units.items()
        },
        "total": row.total,
        "published": (
            {
                "name": row.published.name,
                "parts": dict(row.published.amounts),
                "total": row.published.total,
                "derived": row.published.derived,
                "note": row.published.note,
            }
            if row.published
            else None
        ),
        "published_minus_computed": row.published_minus_computed,
        "paid_elsewhere": {
            component_id: {"unit": via.unit_id, "unit_name": via.unit_name, "payee": via.payee}
            for component_id, via in row.paid_elsewhere.items()
        },
    }


def repayment_report(allocation: Allocation, rows: Sequence[RepaymentRow]) -> Report:
    """Per recipient: paid, used, misused, repay, and whether the agency invoices it."""
    decision = allocation.decision
    cells: list[dict[str, Cell]] = [
        {
            "code": row.code,
            "region": row.region,
            "paid": row.paid,
            "used": row.used,
            "misused": row.misused,
            "repay": row.repay,
            "invoiced": "true" if row.invoiced else "false",
        }
        for row in rows
    ]
    due = decision.dates.get("repayment_due")
    threshold = decision.repayment.invoice_above if decision.repayment else None
    invoiced = sum(row.repay for row in rows if row.invoiced)
    notes = [
        "Paid: "
        + (
            f"{decision.published.publisher}'s published table."
            if decision.published
            else "the computed allocation (no published table)."
        ),
        f"Repayment due {date_text(due)}."
        + (
            f" The agency invoices repayments over {kr(threshold)} kr: {kr(invoiced)} kr in all."
            if threshold is not None
            else " The decision states no invoicing threshold: every repayment is invoiced."
        ),
        "repay = paid - (used - misused), never below 0; misused is the part of used spent "
        "outside the purpose or the period.",
    ]
    totals: dict[str, Cell] = {"region": "Total"}
    for key in ("paid", "used", "misused", "repay"):
        totals[key] = sum(int(getattr(row, key)) for row in rows)
    return Report(
        title=f"Återbetalning: {decision_heading(allocation.decision_id, decision)}. "
        "Amounts in kronor.",
        columns=[
            Column("code", "Code"),
            Column("region", "Region"),
            Column("paid", "Paid", numeric=True),
            Column("used", "Used", numeric=True),
            Column("misused", "Misused", numeric=True),
            Column("repay", "Repay", numeric=True),
            Column("invoiced", "Invoiced"),
        ],
        rows=cells,
        totals=totals,
        notes=notes,
        document={
            "decision": allocation.decision_id,
            "repayment_due": due.isoformat() if due else None,
            "invoice_above": threshold,
            "rows": [
                {**{k: v for k, v in row.items() if k != "invoiced"}, "invoiced": r.invoiced}
                for row, r in zip(cells, rows, strict=True)
            ],
            "totals": {k: v for k, v in totals.items() if k != "region"} | {"invoiced": invoiced},
        },
    )
