"""Build format-neutral :class:`~statsbidrag_cli.render.Report` objects from results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..core.allocation import Allocation, ComponentResult, RecipientRow
from ..core.geography import PopulationDataset
from ..core.kinds import kind_of
from ..i18n import N_, _, kr
from ..models.decision import AnyComponent, Decision, walk_earmarks
from .report import Cell, Column, Extras, Report

if TYPE_CHECKING:
    from ..core.repay import RepaymentRow


def allocation_report(allocation: Allocation) -> Report:
    """Per recipient region: each component's part, the total, and the published comparison."""
    decision = allocation.decision
    levels = {len(row.code) for row in allocation.rows}
    mixed = levels == {2, 4}  # kommun and region parts: a table for each
    columns = [Column("code", _("Code"), wide_only=True), Column("region", _("Region"))]
    if mixed:
        columns.insert(0, Column("level", _("Level"), labels=LEVEL_LABELS))
    population_parts = sum(
        kind_of(r.component).dataset(r.component) is not None for r in allocation.components
    )
    for result in allocation.components:
        columns += _component_columns(result, by_label=population_parts > 1)
    columns.append(Column("total", _("Total"), numeric=True))
    if decision.published is not None:
        columns += [
            Column("published", _("Published"), numeric=True, group="published", wide_only=True),
            Column(
                "published_minus_computed",
                _("Published − computed"),
                numeric=True,
                group="published",
            ),
        ]
    rows = [_row_cells(allocation, row) for row in allocation.rows]
    if mixed:
        rows = sorted(
            ({"level": "region" if len(str(r["code"])) == 2 else "kommun", **r} for r in rows),
            key=lambda r: (r["level"] != "region", str(r["code"])),
        )
    return Report(
        title=(
            f"{decision_heading(allocation.decision_id, decision)}\n{decision.title}\n"
            + _("Amounts in kronor.")
        ),
        columns=columns,
        rows=rows,
        totals=_totals(rows, columns),
        notes=allocation_notes(allocation),
        sections=[earmark_report(component) for component in _with_earmarks(allocation)],
        extras=Extras(
            json=_allocation_document(allocation),
            sheets=[sources_report(allocation)],
            group_by="level" if mixed else None,
        ),
    )


LEVEL_LABELS = {"region": N_("Regions"), "kommun": N_("Kommuner")}
"""The recipients of a decision with kommun and region parts, a table for each."""


def what_if_report(variant: Allocation, decision: Allocation, changes: Sequence[str]) -> Report:
    """A what-if: the variant's allocation per recipient, beside the decision's own total and
    the difference (variant − decision). Its title and first notes say it is not the
    decision; nothing published is compared (nobody published the variant)."""
    from dataclasses import replace

    base = allocation_report(variant)
    own = {row.code: row.total for row in decision.rows}
    stated = {component.id: component.amount for component in decision.decision.components}
    changed = {c.id for c in variant.decision.components if stated.get(c.id) != c.amount}
    kept = [  # at 80 columns: the parts that changed, the totals and the difference
        replace(column, wide_only=True)
        if column.group is not None and column.group not in changed and column.numeric
        else column
        for column in base.columns
    ]
    columns = [
        *kept,
        Column("decision_total", _("The decision"), numeric=True, group="what_if"),
        Column("variant_minus_decision", _("What-if − decision"), numeric=True, group="what_if"),
    ]
    rows = []
    for cells in base.rows:
        code = cells["code"]
        before = own.get(code, 0) if isinstance(code, str) else 0
        total = cells["total"]
        assert isinstance(total, int)
        rows.append({**cells, "decision_total": before, "variant_minus_decision": total - before})
    lost = [row for row in decision.rows if row.code not in {r["code"] for r in base.rows}]
    for row in lost:  # a recipient the decision pays and the variant does not
        rows.append(
            {"code": row.code, "region": row.region, "total": 0,
             "decision_total": row.total, "variant_minus_decision": -row.total}
        )  # fmt: skip
    notes = [
        _(
            "What-if − decision: this what-if's total minus the decision's own computed "
            "total, per recipient; nothing here is published or decided."
        ),
        *base.notes,
    ]
    document = dict(base.extras.json or {})
    document["what_if"] = {
        "changes": list(changes),
        "decision_total": decision.total,
        "decision_totals": {row.code: row.total for row in decision.rows},
    }
    document["notes"] = notes
    report = replace(
        base,
        columns=columns,
        rows=rows,
        totals=_totals(rows, columns),
        notes=notes,
        extras=replace(base.extras, json=document),
    )
    return marked_as_what_if(report, changes)


def variants_report(
    decision: Allocation, variants: Sequence[tuple[Sequence[str], Allocation]]
) -> Report:
    """Several what-ifs of one decision side by side per recipient: the decision's own total,
    then each what-if's total and its difference from the decision (what-ifs by letter, their
    changes in the notes). Nothing here is published or decided, which the title says."""
    letters = [chr(ord("A") + index) for index in range(len(variants))]
    columns = [
        Column("code", _("Code"), wide_only=True),
        Column("region", _("Region")),
        Column("decision_total", _("The decision"), numeric=True),
    ]
    for letter in letters:  # at 80 columns: the decision and each difference
        heading = _("What-if {letter}").format(letter=letter)
        columns += [
            Column(f"variant_{letter}", heading, numeric=True, wide_only=True),
            Column(
                f"variant_{letter}_minus_decision", f"{letter} − " + _("decision"), numeric=True
            ),
        ]
    names = {row.code: row.region for row in decision.rows}
    for _changes, allocation in variants:
        names |= {row.code: row.region for row in allocation.rows}
    own = {row.code: row.total for row in decision.rows}
    totals_by = [{row.code: row.total for row in allocation.rows} for _c, allocation in variants]
    rows: list[dict[str, Cell]] = []
    for code in sorted(names):
        row: dict[str, Cell] = {
            "code": code,
            "region": names[code],
            "decision_total": own.get(code, 0),
        }
        for letter, totals in zip(letters, totals_by, strict=True):
            row[f"variant_{letter}"] = totals.get(code, 0)
            row[f"variant_{letter}_minus_decision"] = totals.get(code, 0) - own.get(code, 0)
        rows.append(row)
    notes = [
        _("What-if {letter}: {changes}.").format(letter=letter, changes="; ".join(changes))
        for letter, (changes, _allocation) in zip(letters, variants, strict=True)
    ]
    heading = decision_heading(decision.decision_id, decision.decision)
    return Report(
        title=_("WHAT-IFS, not the decision: {heading}").format(heading=heading)
        + "\n"
        + _("Amounts in kronor."),
        columns=columns,
        rows=rows,
        totals=_totals(rows, columns),
        notes=notes,
        records="rows",
        extras=Extras(
            json={
                "decision": _decision_header(decision.decision_id, decision.decision),
                "what_ifs": [
                    {"letter": letter, "changes": list(changes), "total": allocation.total}
                    for letter, (changes, allocation) in zip(letters, variants, strict=True)
                ],
                "rows": rows,
                "notes": notes,
            }
        ),
    )


def marked_as_what_if(report: Report, changes: Sequence[str]) -> Report:
    """``report`` titled and noted as a what-if (``--set``, ``--population``): the first
    line of its title says it is not the decision, the second what was changed."""
    from dataclasses import replace

    title = _("WHAT-IF, not the decision: {title}").format(title=report.title)
    title = title.replace("\n", "\n" + "; ".join(changes) + "\n", 1) if "\n" in title else title
    notes = [_("What-if: {change}.").format(change=change) for change in changes]
    document = report.extras.json
    if document is not None:
        document = {**document, "notes": [*notes, *document.get("notes", [])]}
    return replace(
        report,
        title=title,
        notes=[*notes, *report.notes],
        extras=replace(report.extras, json=document),
    )


UNKNOWN = N_("unknown")
"""What a table says where the sources do not give a fact (sv "okänt")."""


def unknown() -> str:
    """:data:`UNKNOWN` in the run's language."""
    return _(UNKNOWN)


def date_text(date: dt.date | None) -> str:
    """An ISO date, or "unknown"."""
    return date.isoformat() if date else unknown()


def decision_heading(decision_id: str, decision: Decision) -> str:
    """One line naming a decision: diarienummer (or id), date, ministry and agency."""
    name = decision.diarienummer or _("{id} (diarienummer unknown)").format(id=decision_id)
    return _("{name} · decided {date} · {ministry} → {agency}").format(
        name=name,
        date=date_text(decision.beslutsdatum),
        ministry=decision.ministry or unknown(),
        agency=decision.agency or unknown(),
    )


def _with_earmarks(allocation: Allocation) -> list[AnyComponent]:
    return [
        result.component
        for result in allocation.components
        if kind_of(result.component).earmarks(result.component)
    ]


def earmark_report(component: AnyComponent) -> Report:
    """The earmark tree of a component as an indented table whose subtotals add up."""
    rows: list[dict[str, Cell]] = [{"earmark": component.label, "amount": component.amount}]
    rows += [
        {"earmark": "    " * (depth + 1) + earmark.label, "amount": earmark.amount}
        for depth, earmark in walk_earmarks(kind_of(component).earmarks(component))
    ]
    return Report(
        title=_("Earmarks: {label}").format(label=component.label),
        columns=[Column("earmark", _("Earmark")), Column("amount", _("Amount"), numeric=True)],
        rows=rows,
    )


def _component_columns(result: ComponentResult, by_label: bool = False) -> list[Column]:
    """A part's columns; headed by the part's label where a decision has several parts by
    population (a kommun part and a region part), else by its kind."""
    component = result.component
    kind = kind_of(component)
    heading = kind.heading(component, by_label)
    group = component.id
    amount = Column(component.id, heading, numeric=True, group=group)
    keyed = kind.key_columns(component)
    if keyed is None:
        return [amount]
    counted = Column(
        f"{component.id}_persons", _(keyed.count), numeric=True, group=group, wide_only=True
    )
    if keyed.unit is None:  # the unit is the row's own region or kommun
        return [counted, amount]
    unit_column = Column(f"{component.id}_unit", _(keyed.unit), group=group, wide_only=True)
    return [unit_column, counted, amount]


def _row_cells(allocation: Allocation, row: RecipientRow) -> dict[str, Cell]:
    cells: dict[str, Cell] = {"code": row.code, "region": row.region}
    for result in allocation.components:
        component_id = result.component.id
        unit = row.units.get(component_id)
        keyed = kind_of(result.component).key_columns(result.component)
        if keyed is not None:
            if keyed.unit is not None:
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
    totals: dict[str, Cell] = {"region": _("Total")}
    for column in columns:
        if column.numeric and not column.key.endswith("_persons"):
            values = [row.get(column.key) for row in rows]
            totals[column.key] = sum(value for value in values if isinstance(value, int))
    return totals


def allocation_notes(allocation: Allocation) -> list[str]:
    """The lines that explain the figures: population source, and published differences."""
    notes = []
    for dataset in allocation.datasets:
        notes.append(key_note(dataset))
    notes += paid_elsewhere_notes(allocation)
    notes += limit_notes(allocation)
    published = allocation.decision.published
    if published is not None:
        notes.append(
            _(
                "Published − computed: the published amount minus ours, so a positive figure "
                "means the agency published more."
            )
        )
        if not published.complete:
            notes.append(
                _(
                    "The published table is partial: recipients it does not list are unknown, "
                    "not 0, and are not compared."
                )
            )
        notes += [
            _("Published row {code} is derived, not read: {note}").format(
                code=row.code, note=row.note
            )
            for row in published.rows
            if row.derived
        ]
        if published.tolerance is not None:
            notes.append(
                _(
                    "Published: {publisher}'s table. Differences up to {kronor} kr are "
                    "expected: {reason}"
                ).format(
                    publisher=published.publisher,
                    kronor=kr(published.tolerance.kronor),
                    reason=published.tolerance.reason,
                )
            )
        else:
            notes.append(
                _("Published: {publisher}'s table; computed amounts must equal it exactly.").format(
                    publisher=published.publisher
                )
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
            "field": field_name(allocation.decision, use.location[:-2]),
            "document": use.source.document,
            "quote": quote,
        }
        for use in source_uses(allocation.decision)
        for quote in use.source.quotes
    ]
    rows += [
        {
            "field": _("population: {name}").format(name=dataset.info.name),
            "document": _("reference date {date}").format(
                date=dataset.info.reference_date.isoformat()
            ),
            "quote": dataset.info.source,
        }
        for dataset in allocation.datasets
    ]
    return Report(
        title=_("Sources"),
        columns=[
            Column("field", _("Field")),
            Column("document", _("Document")),
            Column("quote", _("Quote")),
        ],
        rows=rows,
    )


FIELD_NAMES = {
    "funding": N_("Funding"),
    "components": N_("Parts"),
    "dates": N_("Dates"),
    "conditions": N_("Conditions"),
    "published": N_("Published table"),
    "repayment": N_("Repayment"),
    "earmarks": N_("Earmarks"),
}
"""What a person calls each list of the decision file (the file's keys are English)."""


def field_name(decision: Decision, location: Sequence[str | int]) -> str:
    """Where in a decision a fact stands, as a person reads it: ``("components", 1)`` is the
    part's label ("Fördelning efter befolkningsmängd"), ``("funding", 0)`` "Finansiering: UO 9
    anslag 1:6 ap. 7"; the decision itself where the location is empty."""
    parts: list[str] = []
    here: Any = decision
    for step in location:
        if isinstance(step, str):
            here = getattr(here, step, None)
            if step in FIELD_NAMES and step != "components":
                parts.append(_(FIELD_NAMES[step]))
            continue
        here = here[step] if isinstance(here, list) and step < len(here) else None
        label = getattr(here, "label", None)
        if isinstance(label, str):
            parts.append(label)
        elif hasattr(here, "anslagspost"):
            parts.append(
                _("UO {uo} anslag {anslag} ap. {ap}").format(
                    uo=here.utgiftsomrade, anslag=here.anslag, ap=here.anslagspost
                )
            )
        else:
            parts.append(str(step + 1))
    return ": ".join(parts) if parts else _("the decision")


def key_note(dataset: PopulationDataset) -> str:
    """Which figures a split used: the dataset, its reference date, and what it counts when
    that is not population (a key of asylum seekers, pupils, …)."""
    info = dataset.info
    values = {
        "title": info.title,
        "name": info.name,
        "date": info.reference_date.isoformat(),
        "summing": dataset.summing_note,
        "measure": info.measure,
    }
    if info.measure != "folkmängd":
        return _("Key ({measure}): {title} ({name}, reference date {date}); {summing}.").format(
            **values
        )
    return _("Population: {title} ({name}, reference date {date}); {summing}.").format(**values)


def limit_notes(allocation: Allocation) -> list[str]:
    """Who a floor lifted or a cap held, per component: the limit changed their amounts."""
    notes = []
    for result in allocation.components:
        names = dict(zip(result.keys, result.names, strict=True))
        floor, cap = getattr(result.component, "floor", 0), getattr(result.component, "cap", None)
        if result.lifted:
            notes.append(
                _("{label}: lifted to the floor of {floor} kr, the rest split again: {units}.")
                .format(label=result.component.label, floor=kr(floor),
                        units=", ".join(names[key] for key in result.lifted))
            )  # fmt: skip
        if result.capped and cap is not None:
            notes.append(
                _("{label}: held at the cap of {cap} kr, the rest split again: {units}.")
                .format(label=result.component.label, cap=kr(cap),
                        units=", ".join(names[key] for key in result.capped))
            )  # fmt: skip
    return notes


def paid_elsewhere_notes(allocation: Allocation) -> list[str]:
    """Why a region has no population part of its own: its unit's share goes to another."""
    notes = []
    for row in allocation.rows:
        for component_id, via in row.paid_elsewhere.items():
            labels = {r.component.id: r.component.label for r in allocation.components}
            notes.append(
                _(
                    "{region} ({code}) has no part of its own in '{component}': the share of "
                    "{unit} is paid to {payee} ({payee_code})."
                ).format(
                    region=row.region,
                    code=row.code,
                    component=labels[component_id],
                    unit=via.unit_name,
                    payee=via.payee_name,
                    payee_code=via.payee,
                )
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
    document.update(kind_of(component).document(component))
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


def _usage_columns() -> list[Column]:
    """What a usage file and a repayment share: who, what was paid, what was used."""
    return [
        Column("code", _("Code")),
        Column("region", _("Region")),
        Column("paid", _("Paid"), numeric=True),
        Column("used", _("Used"), numeric=True),
        Column("misused", _("Misused"), numeric=True),
    ]


def usage_template_report(allocation: Allocation, paid: Mapping[str, int]) -> Report:
    """A usage file to fill in: every recipient paid, with its code, region and what it was
    paid, ``used`` and ``misused`` empty (what ``repay --used`` reads back)."""
    names = {row.code: row.region for row in allocation.rows}
    rows: list[dict[str, Cell]] = [
        {"code": code, "region": names[code], "paid": amount, "used": None, "misused": None}
        for code, amount in paid.items()
    ]
    return Report(
        title=_("Usage to fill in: {heading}").format(
            heading=decision_heading(allocation.decision_id, allocation.decision)
        ),
        columns=_usage_columns(),
        rows=rows,
        notes=[
            _(
                "Fill in used (everything spent of the grant) and misused (the part spent outside "
                "the purpose or the period) in whole kronor, then: statsbidrag repay {id} --used "
                "FILE"
            ).format(id=allocation.decision_id)
        ],
    )


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
    due = decision.dates.get("repayment_due") if decision.dates else None
    threshold = decision.repayment.invoice_above if decision.repayment else None
    invoiced = sum(row.repay for row in rows if row.invoiced)
    notes = [
        _("Paid: {publisher}'s published table.").format(publisher=decision.published.publisher)
        if decision.published
        else _("Paid: the computed allocation (no published table)."),
        _("Repayment due {date}.").format(date=date_text(due))
        + " "
        + (
            _("The agency invoices repayments over {threshold} kr: {invoiced} kr in all.").format(
                threshold=kr(threshold), invoiced=kr(invoiced)
            )
            if threshold is not None
            else _("The decision states no invoicing threshold: every repayment is invoiced.")
        ),
        _(
            "Repay = paid − (used − misused), never below 0; misused is the part of used spent "
            "outside the purpose or the period."
        ),
    ]
    totals: dict[str, Cell] = {"region": _("Total")}
    for key in ("paid", "used", "misused", "repay"):
        totals[key] = sum(int(getattr(row, key)) for row in rows)
    return Report(
        title=_("Repayment: {heading}. Amounts in kronor.").format(
            heading=decision_heading(allocation.decision_id, decision)
        ),
        columns=[
            *_usage_columns(),
            Column("repay", _("Repay"), numeric=True),
            Column("invoiced", _("Invoiced")),
        ],
        rows=cells,
        totals=totals,
        notes=notes,
        extras=Extras(
            json={
                "decision": allocation.decision_id,
                "repayment_due": due.isoformat() if due else None,
                "invoice_above": threshold,
                "rows": [
                    {**{k: v for k, v in row.items() if k != "invoiced"}, "invoiced": r.invoiced}
                    for row, r in zip(cells, rows, strict=True)
                ],
                "totals": {k: v for k, v in totals.items() if k != "region"}
                | {"invoiced": invoiced},
            }
        ),
    )
