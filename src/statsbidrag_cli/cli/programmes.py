"""Commands on multi-year programmes: programme allocate and compare."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import (
    ChartOption,
    ExcelOption,
    ForceOption,
    FormatOption,
    Output,
    OutputOption,
    PopulationDir,
    ProgrammesDir,
    app,
    chart_file,
    comma_list,
    data_dirs_from,
    programmes_dir_from,
    reporting_errors,
)

programme_app = typer.Typer(
    help="Multi-year programmes: yearly amounts split to the regions by a model.",
    no_args_is_help=True,
)
app.add_typer(programme_app, name="programme", rich_help_panel="Population and models")


@programme_app.command(
    "allocate",
    epilog="Example: statsbidrag programme allocate exempel-femarigt-program "
    "--model bara_befolkning",
)
def programme_allocate(
    name: Annotated[
        str, typer.Argument(help="Programme name (file name without .yaml).", show_default=False)
    ],
    model: Annotated[
        str | None, typer.Option("--model", help="Model id (default: the programme's first).")
    ] = None,
    chart: ChartOption = None,
    programmes_dir: ProgrammesDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Regions × years under a programme's model, with row and column totals that add up.

    Each year: an equal base per region, the rest by population (that year's key, or the
    model's fixed key), regions below the floor lifted to it. A floor the money cannot cover
    is an error.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from ..reports.programme import programme_report
        from ..service.programmes import allocate_programme_named

        dirs = data_dirs_from(None, population_dir)
        allocation = allocate_programme_named(
            dirs.population, programmes_dir_from(programmes_dir), name, model
        )
        report = programme_report(allocation)
        years = [str(split.year) for split in allocation.years]
        out.emit(report, chart_file(chart, report.title, report, years))


@app.command(
    rich_help_panel="Population and models",
    epilog="Example: statsbidrag compare exempel-femarigt-program --year 2026 "
    "--models bas_och_befolkning,bara_befolkning",
)
def compare(
    name: Annotated[str, typer.Argument(help="Programme name.", show_default=False)],
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
    programmes_dir: ProgrammesDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """The same money under two or more models, side by side per region.

    In kronor and kronor per inhabitant, with each model's difference from the first
    (baseline), sorted so the biggest winners and losers are visible.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from ..reports.programme import compare_report
        from ..service.programmes import compare_programme

        dirs = data_dirs_from(None, population_dir)
        comparison = compare_programme(
            dirs.population, programmes_dir_from(programmes_dir), name, year, comma_list(models)
        )
        report = compare_report(comparison)
        ids = [model.id for model in comparison.models]
        out.emit(report, chart_file(chart, report.title, report, ids))
