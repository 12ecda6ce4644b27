"""``statsbidrag split``: an ad-hoc split with no decision file, for what-if questions.

Pure apart from its inputs: takes the geography and a dataset, returns a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .allocation import allocate_with_rule, tie_priorities
from .checks import kr
from .engine import TieError, largest_remainder
from .errors import StatsbidragError
from .models import TieRule
from .population import Geography, PopulationDataset
from .render import Cell, Column, Report


@dataclass(frozen=True)
class SplitRequest:
    """What the user asked for: AMOUNT over units, optionally an equal base first."""

    amount: int
    by: str
    equal_base: int
    equal_over: Sequence[str] | None
    method: str
    tie_rule: TieRule | None


def split_report(request: SplitRequest, geography: Geography, dataset: PopulationDataset) -> Report:
    """One row per unit: population, equal part (if any), population part, total."""
    if request.amount <= 0:
        raise StatsbidragError(f"AMOUNT must be a positive number of kronor, not {request.amount}")
    if not 0 <= request.equal_base <= request.amount:
        raise StatsbidragError(
            f"--equal-base must be between 0 and AMOUNT ({request.amount}), "
            f"not {request.equal_base}"
        )
    units = geography.units(request.by, dataset, None, [])
    keys = [unit.key for unit in units]
    weights = [unit.persons for unit in units]
    equal_over = list(request.equal_over) if request.equal_over else keys
    unknown = sorted(set(equal_over) - set(keys))
    if unknown:
        raise StatsbidragError(
            f"--equal-over names {', '.join(unknown)}, which are not {request.by} "
            f"(known: {', '.join(keys[:8])}{', …' if len(keys) > 8 else ''})"
        )
    population_amount = request.amount - request.equal_base
    try:
        equal = _equal_parts(request, keys, weights, equal_over)
        population = allocate_with_rule(
            request.method, population_amount, weights, keys, request.tie_rule
        )
    except TieError as tie:
        tied = ", ".join(keys[i] for i in tie.tied) if request.equal_base == 0 else str(tie)
        raise StatsbidragError(
            f"equal remainders ({tied}) compete for the last kronor; choose --tie-rule "
            "larger_population_then_code or code"
        ) from None
    totals = [equal[i] + population[i] for i in range(len(units))]
    rows: list[dict[str, Cell]] = []
    for i, unit in enumerate(units):
        row: dict[str, Cell] = {"code": unit.key, "region": unit.name, "population": unit.persons}
        if request.equal_base:
            row |= {"equal": equal[i], "population_part": population[i]}
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
    total = sum(totals)
    notes = [
        f"Population: {dataset.info.title} ({dataset.info.name}, reference date "
        f"{dataset.info.reference_date.isoformat()}); {dataset.summing_note}.",
        f"Method: {request.method}."
        + (
            f" {kr(request.equal_base)} kr split equally over {len(equal_over)} units first."
            if request.equal_base
            else ""
        ),
    ]
    if total != request.amount:
        notes.append(
            f"The {request.method} amounts sum to {kr(total)}, "
            f"{total - request.amount:+d} kr from {kr(request.amount)}: reported, not adjusted."
        )
    return Report(
        title=f"Split of {kr(request.amount)} kr by {request.by}. Amounts in kronor.",
        columns=columns,
        rows=rows,
        totals={
            "region": "Total",
            "equal": sum(equal) if request.equal_base else None,
            "population_part": sum(population) if request.equal_base else None,
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


def _equal_parts(
    request: SplitRequest, keys: Sequence[str], weights: Sequence[int], equal_over: Sequence[str]
) -> list[int]:
    if not request.equal_base:
        return [0] * len(keys)
    chosen = [key in equal_over for key in keys]
    chosen_keys = [key for key, pick in zip(keys, chosen, strict=True) if pick]
    chosen_weights = [w for w, pick in zip(weights, chosen, strict=True) if pick]
    parts = iter(
        largest_remainder(
            request.equal_base,
            [1] * len(chosen_keys),
            tie_break=tie_priorities(chosen_weights, chosen_keys, request.tie_rule),
        )
    )
    return [next(parts) if pick else 0 for pick in chosen]
