"""The report of an ad-hoc ``split``: one row per unit, with what the method did to the sum."""

from __future__ import annotations

from ..core.geography import PopulationDataset
from ..core.split import SplitResult
from ..formatting import kr, signed
from .report import Cell, Column, Report


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
        Column("code", "Code"),
        Column("region", "Name"),
        Column("population", "Population", numeric=True),
    ]
    if request.equal_base:
        columns += [
            Column("equal", "Equal part", numeric=True),
            Column("population_part", "Population part", numeric=True),
        ]
    columns.append(Column("total", "Total", numeric=True))
    total = result.total
    notes = [
        f"Population: {dataset.info.title} ({dataset.info.name}, reference date "
        f"{dataset.info.reference_date.isoformat()}); {dataset.summing_note}.",
        f"Method: {request.method}."
        + (
            f" {kr(request.equal_base)} kr split equally over {len(result.equal_over)} units first."
            if request.equal_base
            else ""
        ),
    ]
    if total != request.amount:
        notes.append(
            f"The {request.method} amounts sum to {kr(total)}, {signed(total - request.amount)} kr "
            f"from {kr(request.amount)}: reported, not adjusted."
        )
    return Report(
        title=f"Split of {kr(request.amount)} kr by {request.by}. Amounts in kronor.",
        columns=columns,
        rows=rows,
        totals={
            "region": "Total",
            "equal": sum(result.equal) if request.equal_base else None,
            "population_part": sum(result.population) if request.equal_base else None,
            "total": total,
        },
        notes=notes,
        document={
            "amount": request.amount,
            "by": request.by,
            "method": request.method,
            "equal_base": request.equal_base,
            "population_dataset": dataset.info.name,
            "rows": [dict(row) for row in rows],
            "total": total,
        },
    )
