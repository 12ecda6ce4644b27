"""Reports that explain numbers: ``allocate --explain`` and ``audit``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..core.allocation import Allocation, ComponentResult
from ..core.audit import PASSING, VERDICT_LABELS, AuditRow, ComponentAudit
from ..core.engine import METHOD_NAMES, method_name
from ..core.kinds import kind_of
from ..i18n import _, exact_decimal, kr
from .decision import decision_heading, paid_elsewhere_notes
from .report import Cell, Column, Extras, Report, json_document

QUOTA_DIGITS = 4
SHARE_DIGITS = 8


def explain_report(allocation: Allocation) -> Report:
    """Per unit of every split: population, exact share and quota, whole part, remainder, rank,
    and whether and why it got an extra krona."""
    rows: list[dict[str, Cell]] = []
    for result in allocation.components:
        rows += _explain_rows(result)
    return Report(
        title=_("How the kronor were split: {heading}").format(
            heading=decision_heading(allocation.decision_id, allocation.decision)
        ),
        columns=[
            Column("component", _("Component")),
            Column("unit", _("Unit"), codes=True),
            Column("name", _("Name")),
            Column("population", _("Weight"), numeric=True),
            Column("share", _("Share"), wide_only=True),
            Column("quota", _("Exact quota (kr)")),
            Column("whole", _("Whole part"), numeric=True, wide_only=True),
            Column("remainder", _("Remainder")),
            Column("rank", _("Rank"), numeric=True, kronor=False),
            Column("allocated", _("Allocated"), numeric=True),
            Column("why", _("Why")),
        ],
        rows=rows,
        records="explanation",
        notes=[
            _(
                "Largest remainder: everyone gets the whole part of the exact quota; the kronor "
                "left over go one each to the largest remainders (rank 1 = largest)."
            ),
            *paid_elsewhere_notes(allocation),
        ],
        extras=Extras(group_by="component"),
    )


def _explain_rows(result: ComponentResult) -> list[dict[str, Cell]]:
    component = result.component
    total_weight = sum(result.weights)
    explained = result.apportionment
    rows: list[dict[str, Cell]] = []
    kind = kind_of(component)
    rate = kind.rate(component)
    if not kind.rounded and rate is None:
        return rows  # a fixed amount: nothing to explain
    if rate is not None:  # count × rate, exactly: nothing is rounded
        return [
            {
                "component": f"{component.label} ({kr(rate)} kr × " + _("count") + ")",
                "unit": key,
                "name": name,
                "population": count,
                "share": None,
                "quota": exact_decimal(rate * count, 1, QUOTA_DIGITS),
                "whole": rate * count,
                "remainder": exact_decimal(0, 1, QUOTA_DIGITS),
                "rank": None,
                "allocated": allocated,
                "why": _("{count} × {rate} kr").format(count=kr(count), rate=kr(rate)),
            }
            for key, name, count, allocated in zip(
                result.keys, result.names, result.weights, result.allocations, strict=True
            )
        ]
    leftover = component.amount - sum(component.amount * w // total_weight for w in result.weights)
    for index, key in enumerate(result.keys):
        weight = result.weights[index]
        quota_numerator = component.amount * weight
        row: dict[str, Cell] = {
            "component": f"{component.label} ({kr(component.amount)} kr, "
            f"{method_name(result.method)})",
            "unit": key,
            "name": result.names[index],
            "population": weight,
            "share": exact_decimal(weight, total_weight, SHARE_DIGITS),
            "quota": exact_decimal(quota_numerator, total_weight, QUOTA_DIGITS),
            "whole": quota_numerator // total_weight,
            "remainder": exact_decimal(quota_numerator % total_weight, total_weight, QUOTA_DIGITS),
            "rank": None,
            "allocated": result.allocations[index],
            "why": "",
        }
        if key in result.lifted or key in result.capped:
            row["why"] = _("lifted to the floor") if key in result.lifted else _("held at the cap")
        elif result.lifted or result.capped:
            row["why"] = _("split again after the limits")
        elif explained is not None:
            share = explained.shares[index]
            row["rank"] = share.rank
            if share.extra:
                row["why"] = _("extra krona: remainder among the {count} largest").format(
                    count=leftover
                ) + (" " + _("(won on the tie rule)") if share.decided_by_tie else "")
            elif share.remainder and leftover:
                row["why"] = _("no extra krona: only {count} left over").format(count=leftover)
        else:
            row["why"] = _("{method}: see README, Rounding methods").format(
                method=method_name(result.method)
            )
        rows.append(row)
    return rows


def audit_report(allocation: Allocation, audits: Sequence[ComponentAudit]) -> Report:
    """Each split's published amounts against the rule that explains the table (or the
    decision's own method), row by row, with one verdict per table. Fits 100 columns."""
    columns = [
        Column("component", _("Component")),
        Column("component_verdict", _("Table verdict"), in_table=False, labels=VERDICT_LABELS),
        Column("code", _("Code")),
        Column("unit", _("Unit"), in_table=False),
        Column("name", _("Name")),
        Column("population", _("Population"), numeric=True, wide_only=True),
        Column("published", _("Published"), numeric=True),
        Column("computed_method", _("Method"), in_table=False, labels=METHOD_NAMES),
        Column("computed", _("Computed"), numeric=True),
        Column("published_minus_computed", _("Publ. − comp."), numeric=True),
        Column("implied_population", _("Implied population"), numeric=True, in_table=False),
        Column("derived", _("Derived"), in_table=False),
        Column("verdict", _("Verdict")),
    ]
    rows: list[dict[str, Cell]] = []
    notes = []
    for item in audits:
        rows += [_audit_cells(item, row) for row in item.rows]
        notes.append(_("{label}: {summary}").format(label=item.label, summary=item.summary()))
        reference = item.explanation.reference
        if reference is not None:
            declared = (
                ""
                if reference == item.declared
                else " " + _("(declared: {method})").format(method=method_name(item.declared))
            )
            totals = ", ".join(
                f"{method_name(method)} {kr(total)}"
                if total is not None
                else _("{method} undecided").format(method=method_name(method))
                for method, total in item.totals.items()
            )
            notes.append(
                _("{label}: computed = {method}{declared}; totals: {totals}.").format(
                    label=item.label,
                    method=method_name(reference),
                    declared=declared,
                    totals=totals,
                )
            )
        notes += [
            _("{label}: {method} undecided: {why}").format(
                label=item.label, method=method_name(m), why=why
            )
            for m, why in item.undecided.items()
        ]
    audited = {item.component_id for item in audits}
    notes += [
        _(
            "{label}: not audited: its amounts are a rate times each count, with nothing "
            "rounded (check compares them with the published table)."
        ).format(label=result.component.label)
        for result in allocation.components
        if result.component.id not in audited
        and kind_of(result.component).rate(result.component) is not None
    ]
    notes.append(
        _(
            "Publ. − comp. = the published amount minus the computed one. The population a "
            "published amount implies is published × total population / amount."
        )
    )
    return Report(
        title=_("Audit of the published table: {heading}").format(
            heading=decision_heading(allocation.decision_id, allocation.decision)
        ),
        columns=columns,
        rows=rows,
        notes=notes,
        extras=Extras(json=_audit_document(allocation, audits), group_by="component"),
    )


def _audit_cells(item: ComponentAudit, row: AuditRow) -> dict[str, Cell]:
    reference = item.explanation.reference
    return {
        "component": item.label,
        "component_verdict": item.explanation.verdict,
        "code": row.code,
        "unit": row.unit,
        "name": row.name,
        "population": None if item.equal else row.weight,
        "published": row.published,
        "computed_method": reference,
        "computed": row.by_method.get(reference) if reference else None,
        "published_minus_computed": row.difference(reference),
        "implied_population": None if item.equal else row.implied_population,
        "derived": "true" if row.derived else "false",
        "verdict": item.row_verdict(row),
    }


def _audit_document(allocation: Allocation, audits: Sequence[ComponentAudit]) -> dict[str, Any]:
    return {
        "decision": allocation.decision_id,
        "sign": "published_minus_computed",
        "passed": all(item.explanation.verdict in PASSING for item in audits),
        "components": [_component_document(item) for item in audits],
    }


def _component_document(item: ComponentAudit) -> dict[str, Any]:
    explanation = item.explanation
    return {
        "component": item.component_id,
        "label": item.label,
        "amount": item.amount,
        "verdict": explanation.verdict,
        "methods": list(explanation.methods),
        "closest": explanation.closest,
        "declared_method": item.declared,
        "reference_method": explanation.reference,
        "tolerance": item.tolerance,
        "within_tolerance": item.within_tolerance,
        "rows_compared": item.rows_compared,
        "rows_unknown": item.rows_unknown,
        "rows_derived": item.rows_derived,
        "adjustments": [
            {"code": code, "published_minus_computed": difference}
            for code, difference in explanation.adjustments
        ],
        "method_totals": item.totals,
        "summary": item.summary(),
        "rows": [_audit_row_document(item, row) for row in item.rows],
    }


def _audit_row_document(item: ComponentAudit, row: AuditRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "unit": row.unit,
        "name": row.name,
        "population": None if item.equal else row.weight,
        "published": row.published,
        "derived": row.derived,
        "computed": dict(row.by_method),
        "published_minus_computed": row.difference(item.explanation.reference),
        "implied_population": None if item.equal else row.implied_population,
        "verdict": item.row_verdict(row),
    }


def with_explanation(report: Report, explanation: Report) -> Report:
    """The allocation with its explanation: a further table, a JSON key of its own, and the
    only rows of a CSV (one kind of record per file)."""
    document = {**json_document(report), **json_document(explanation)}
    extras = replace(report.extras, json=document, csv=explanation)
    return replace(report, sections=[*report.sections, explanation], extras=extras)
