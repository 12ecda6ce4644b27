"""Reports for programmes: region × year tables and side-by-side model comparisons."""

from __future__ import annotations

from collections.abc import Sequence

from ..core.engine import method_name
from ..core.programme import Comparison, ProgrammeAllocation
from ..i18n import _, kr, ngettext, rounded_decimal
from ..models.programme import Programme
from .report import Cell, Column, Extras, Report


def per_inhabitant(amount: int, persons: int) -> str:
    """Kronor per inhabitant to two decimals, rounded half up with integers only."""
    return rounded_decimal(amount, persons, 2) if persons > 0 else ""


def programme_report(allocation: ProgrammeAllocation) -> Report:
    """Regions × years, with row and column totals that add up exactly."""
    years = [str(split.year) for split in allocation.years]
    columns = [Column("code", _("Code")), Column("region", _("Region"))]
    columns += [Column(year, year, numeric=True) for year in years]
    columns.append(Column("total", _("Total"), numeric=True))
    rows: list[dict[str, Cell]] = []
    for code in allocation.codes:
        row: dict[str, Cell] = {"code": code, "region": allocation.region_names[code]}
        for split in allocation.years:
            row[str(split.year)] = split.amounts[code]
        row["total"] = allocation.region_total(code)
        rows.append(row)
    totals: dict[str, Cell] = {"region": _("Total")}
    for split in allocation.years:
        totals[str(split.year)] = sum(split.amounts.values())
    totals["total"] = sum(split.amount for split in allocation.years)
    model = allocation.model
    notes = [
        _("Model: {label} (equal base {base} kr, floor {floor} kr, {rounding}).").format(
            label=model.label,
            base=kr(model.equal_base),
            floor=kr(model.floor),
            rounding=method_name(model.rounding),
        ),
        _("Basis: {basis}").format(basis=allocation.programme.basis),
    ]
    if model.cap is not None:
        notes.append(_("At most {cap} kr per region and year (cap).").format(cap=kr(model.cap)))
    notes += [
        _("{year}: population key {dataset}").format(year=split.year, dataset=split.dataset)
        + (
            "; " + _("lifted to the floor: {codes}").format(codes=", ".join(split.floored))
            if split.floored
            else ""
        )
        for split in allocation.years
    ]
    return Report(
        title=_("{title} ({name}). Amounts in kronor.").format(
            title=allocation.programme.title, name=allocation.name
        ),
        columns=columns,
        rows=rows,
        totals=totals,
        notes=notes,
        extras=Extras(
            json={
                "programme": allocation.name,
                "model": model.model_dump(mode="json"),
                "years": [
                    {
                        "year": s.year,
                        "amount": s.amount,
                        "population": s.dataset,
                        "floored": list(s.floored),
                    }
                    for s in allocation.years
                ],
                "rows": [dict(row) for row in rows],
                "totals": {k: v for k, v in totals.items() if k != "region"},
            }
        ),
    )


def compare_report(comparison: Comparison) -> Report:
    """The same money under several models, per region, in kronor and kronor per inhabitant.

    The first model is the baseline; rows are sorted by how much the second model gives
    relative to it (biggest winners first, biggest losers last).
    """
    plan = comparison.year
    title = ngettext(
        "{title}: {year}, {amount} kr under {count} model",
        "{title}: {year}, {amount} kr under {count} models",
        len(comparison.models),
    ).format(
        title=comparison.programme.title,
        year=plan.year,
        amount=kr(plan.amount),
        count=len(comparison.models),
    )
    splits = comparison.splits
    labels = {model.id: model.label for model in comparison.models}
    region_names = comparison.region_names
    populations = comparison.populations
    model_ids = list(splits)
    baseline, challenger = model_ids[0], model_ids[min(1, len(model_ids) - 1)]
    codes = sorted(
        region_names,
        key=lambda c: (-(splits[challenger].amounts[c] - splits[baseline].amounts[c]), c),
    )
    columns = [
        Column("code", _("Code")),
        Column("region", _("Region")),
        Column("population", _("Population"), numeric=True, wide_only=True),
    ]
    # People read the models as letters (their labels are sentences, in the notes); the
    # CSV and JSON keys stay the model ids.
    letter = {model_id: chr(ord("A") + index) for index, model_id in enumerate(model_ids)}
    for model_id in model_ids:
        columns += [
            Column(
                model_id,
                _("Model {letter}").format(letter=letter[model_id]),
                numeric=True,
                wide_only=model_id != baseline,  # at 80 columns: A and the differences
            ),
            Column(f"{model_id}_per_inhabitant", _("kr/inh."), numeric=True, wide_only=True),
        ]
    for model_id in model_ids[1:]:
        heading = f"{letter[model_id]} − {letter[baseline]}"
        columns.append(Column(f"{model_id}_minus_{baseline}", heading, numeric=True))
    rows: list[dict[str, Cell]] = []
    for code in codes:
        row: dict[str, Cell] = {
            "code": code,
            "region": region_names[code],
            "population": populations[code],
        }
        for model_id in model_ids:
            amount = splits[model_id].amounts[code]
            row[model_id] = amount
            row[f"{model_id}_per_inhabitant"] = per_inhabitant(amount, populations[code])
        for model_id in model_ids[1:]:
            row[f"{model_id}_minus_{baseline}"] = (
                splits[model_id].amounts[code] - splits[baseline].amounts[code]
            )
        rows.append(row)
    totals: dict[str, Cell] = {"region": _("Total")}
    for model_id in model_ids:
        totals[model_id] = sum(splits[model_id].amounts.values())
    for model_id in model_ids[1:]:
        totals[f"{model_id}_minus_{baseline}"] = 0 + sum(
            splits[model_id].amounts[c] - splits[baseline].amounts[c] for c in codes
        )
    return Report(
        title=title,
        columns=columns,
        rows=rows,
        totals=totals,
        notes=[
            _("Model {letter}: {label}").format(letter=letter[m], label=labels[m])
            for m in model_ids
        ]
        + [
            _(
                "Sorted by {challenger} − {baseline}: biggest winners first, biggest losers last."
            ).format(challenger=letter[challenger], baseline=letter[baseline])
        ],
        extras=Extras(
            json={
                "models": dict(labels),
                "baseline": baseline,
                "rows": [dict(row) for row in rows],
            }
        ),
    )


def programme_list_report(programmes: Sequence[tuple[str, Programme]]) -> Report:
    """One row per programme: its name (what ``programme allocate`` takes), title, first and
    last year, total and models (by their labels)."""
    rows: list[dict[str, Cell]] = [
        {
            "name": name,
            "title": programme.title,
            "first_year": programme.years[0].year,
            "last_year": programme.years[-1].year,
            "total": sum(year.amount for year in programme.years),
            "models": "; ".join(model.label for model in programme.models),
        }
        for name, programme in programmes
    ]
    return Report(
        title=_("Programmes") + "\n" + _("Amounts in kronor."),
        columns=[
            Column("name", _("Name")),
            Column("title", _("Title")),
            Column("first_year", _("From"), numeric=True, kronor=False),
            Column("last_year", _("To"), numeric=True, kronor=False),
            Column("total", _("Total"), numeric=True),
            Column("models", _("Models")),
        ],
        rows=rows,
        records="programmes",
    )
