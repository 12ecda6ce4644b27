"""Commands on multi-year programmes: programme allocate and compare."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import StatsbidragError
from ..i18n import _
from ..reports.report import Report
from .command import Folders, Invocation, Outcome, command
from .options import ChartOption, budget_year, chart_file, comma_list, variant_of
from .root import app

programme_app = typer.Typer(
    help="Multi-year programmes: yearly amounts split to the regions by a model.",
    no_args_is_help=True,
)
app.add_typer(programme_app, name="programme", rich_help_panel="Population and models")


@command(
    programme_app,
    "allocate",
    folders=Folders.PROGRAMMES | Folders.POPULATION,
    epilog="Example: statsbidrag programme allocate exempel-femarigt-program "
    "--model bara_befolkning",
)
def programme_allocate(
    run: Invocation,
    name: Annotated[
        str, typer.Argument(help="Programme name (file name without .yaml).", show_default=False)
    ],
    model: Annotated[
        str | None, typer.Option("--model", help="Model id (default: the programme's first).")
    ] = None,
    chart: ChartOption = None,
) -> Outcome:
    """Regions × years under a programme's model, with row and column totals that add up.

    Each year: an equal base per region, the rest by population (that year's key, or the
    model's fixed key), regions below the floor lifted to it. A floor the money cannot cover
    is an error.
    """
    from ..reports.programme import programme_report
    from ..service.programmes import allocate_programme_named

    assert run.programmes is not None
    allocation = allocate_programme_named(run.dirs.population, run.programmes, name, model)
    report: Report = programme_report(allocation)
    years = [str(split.year) for split in allocation.years]
    return Outcome(report, files=chart_file(chart, report.title, report, years))


@command(
    app,
    panel="Population and models",
    folders=Folders.PROGRAMMES | Folders.DECISIONS | Folders.POPULATION,
    epilog="Example: statsbidrag compare exempel-femarigt-program --year 2026 "
    "--models bas_och_befolkning,bara_befolkning   or   statsbidrag compare S2026/00953 "
    "--variant population=30000000 --variant population=26000000",
)
def compare(
    run: Invocation,
    name: Annotated[
        str,
        typer.Argument(
            help="Programme name; with --variant, a decision's id or diarienummer.",
            show_default=False,
        ),
    ],
    year: Annotated[
        int | None, typer.Option("--year", help="Which year's amount (default: the first).")
    ] = None,
    models: Annotated[
        str | None,
        typer.Option(
            "--models", help="Comma-separated model ids; the first is the baseline (default: all)."
        ),
    ] = None,
    chart: ChartOption = None,
    variants: Annotated[
        list[str] | None,
        typer.Option(
            "--variant",
            metavar="PART=KRONOR[,PART=KRONOR]",
            help="Compare what-ifs of the decision NAME instead: each --variant is one, its "
            "parts' new amounts comma-separated (e.g. population=30000000); repeatable.",
        ),
    ] = None,
) -> Outcome:
    """The same money under two or more models, side by side per region.

    In kronor and kronor per inhabitant, with each model's difference from the first
    (baseline), sorted so the biggest winners and losers are visible. With --variant, what-ifs
    of a decision instead, each beside the decision's own result; the file is never written.
    """
    if variants:
        return _compare_variants(run, name, variants, chart)
    from ..reports.programme import compare_report
    from ..service.programmes import compare_programme

    assert run.programmes is not None
    comparison = compare_programme(
        run.dirs.population, run.programmes, name, budget_year(year), comma_list(models)
    )
    report = compare_report(comparison)
    ids = [model.id for model in comparison.models]
    names = {model.id: model.label for model in comparison.models}
    return Outcome(report, files=chart_file(chart, report.title, report, ids, names))


def _compare_variants(
    run: Invocation, name: str, variants: list[str], chart: Path | None
) -> Outcome:
    """``compare ID --variant …``: what-ifs of a decision side by side."""
    from ..reports.decision import variants_report
    from ..service.decisions import compare_variants

    asked = [
        variant_of(None, [part for part in text.split(",") if part.strip()]) for text in variants
    ]
    for text, variant in zip(variants, asked, strict=True):
        if not variant:
            raise StatsbidragError(
                _(
                    "--variant {value!r} changes nothing: give PART=KRONOR[,PART=KRONOR], e.g. "
                    "--variant population=30000000"
                ).format(value=text)
            )
    comparison = compare_variants(run.dirs, name, asked)
    report = variants_report(comparison.decision, comparison.variants)
    keys = ["decision_total", *(f"variant_{chr(ord('A') + i)}" for i in range(len(asked)))]
    return Outcome(report, files=chart_file(chart, report.title.splitlines()[0], report, keys))


@command(
    programme_app,
    "list",
    folders=Folders.PROGRAMMES,
    epilog="Example: statsbidrag programme list --format csv",
)
def programme_list(run: Invocation) -> Report:
    """List the programmes: the name programme allocate and compare take, the title, the years,
    the total and the models."""
    from ..reports.programme import programme_list_report
    from ..service.programmes import list_programmes

    assert run.programmes is not None
    return programme_list_report(list_programmes(run.programmes))
