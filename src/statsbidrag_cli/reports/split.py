"""The report of an ad-hoc ``split``: one row per unit, with what the method did to the sum."""

from __future__ import annotations

from ..core.engine import method_name
from ..core.geography import PopulationDataset
from ..core.kinds import PER_UNIT
from ..core.split import SplitResult
from ..i18n import _, kr, ngettext, signed
from .decision import key_note
from .report import Cell, Column, Extras, Report


def split_report(result: SplitResult, dataset: PopulationDataset) -> Report:
    """One row per unit: population, equal part (if any), population part, total."""
    request = result.request
    totals = result.totals
    rows: list[dict[str, Cell]] = []
    for i, unit in enumerate(result.units):
        row: dict[str, Cell] = {"code": unit.key, "region": unit.name, "population": unit.persons}
        if request.equal_base:
            row |= {"equal": result.equal[i], "population_part": result.population[i]}
        rows.append(row | {"total": totals[i]})
    columns = [
        Column("code", _("Code"), codes=True),
        Column("region", _("Name")),
        Column("population", _("Population"), numeric=True),
    ]
    if request.equal_base:
        columns += [
            Column("equal", _("Equal part"), numeric=True),
            Column("population_part", _("Population part"), numeric=True),
        ]
    columns.append(Column("total", _("Total"), numeric=True))
    total = result.total
    notes = [
        key_note(dataset),
        _("Method: {method}.").format(method=method_name(request.method))
        + (
            " "
            + ngettext(
                "{amount} kr split equally over {count} unit first.",
                "{amount} kr split equally over {count} units first.",
                len(result.equal_over),
            ).format(amount=kr(request.equal_base), count=len(result.equal_over))
            if request.equal_base
            else ""
        ),
    ]
    if total != request.amount:
        notes.append(
            _(
                "The {method} amounts sum to {total}, {gap} kr from {amount}: reported, not "
                "adjusted."
            ).format(
                method=method_name(request.method),
                total=kr(total),
                gap=signed(total - request.amount),
                amount=kr(request.amount),
            )
        )
    return Report(
        title=_("Split of {amount} kr {per_unit}. Amounts in kronor.").format(
            amount=kr(request.amount), per_unit=_(PER_UNIT.get(request.by, request.by))
        ),
        columns=columns,
        rows=rows,
        totals={
            "region": _("Total"),
            "equal": sum(result.equal) if request.equal_base else None,
            "population_part": sum(result.population) if request.equal_base else None,
            "total": total,
        },
        notes=notes,
        extras=Extras(
            json={
                "amount": request.amount,
                "by": request.by,
                "method": request.method,
                "equal_base": request.equal_base,
                "population_dataset": dataset.info.name,
                "rows": [dict(row) for row in rows],
                "total": total,
            }
        ),
    )
