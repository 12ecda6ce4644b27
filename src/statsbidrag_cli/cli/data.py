"""Commands on population data: split and the population group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..files.scb.address import DEFAULT_BASE_URL
from ..i18n import _
from ..reports.report import Report
from .command import Folders, Invocation, Outcome, Writes, command
from .options import ByOption, comma_list, parse_date, parse_kronor
from .root import app


@command(
    app,
    panel="Population and models",
    folders=Folders.POPULATION,
    epilog="Example: statsbidrag split 28000000 --by samverkansregioner "
    "--population folkmangd_kommun_2025-12-31",
)
def split(
    run: Invocation,
    amount: Annotated[
        str,
        typer.Argument(
            help="Kronor to split: 10000000, 10 000 000 or 10_000_000.",
            show_default=False,
        ),
    ],
    by: ByOption = "regions",
    population: Annotated[
        str, typer.Option("--population", help="Population dataset name (see population list).")
    ] = "folkmangd_kommun_2025-12-31",
    equal_base: Annotated[
        str, typer.Option("--equal-base", help="Kronor of AMOUNT split equally first.")
    ] = "0",
    equal_over: Annotated[
        str | None,
        typer.Option(
            "--equal-over", help="Comma-separated unit codes for the equal base (default: all)."
        ),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            metavar="[largest_remainder|half_up|dhondt|sainte_lague]",
            help="The rounding method (default largest_remainder).",
        ),
    ] = "largest_remainder",
    tie_rule: Annotated[
        str | None,
        typer.Option(
            "--tie-rule",
            metavar="[larger_population_then_code|code]",
            help="How equal remainders are ordered when they decide a krona.",
        ),
    ] = None,
) -> Report:
    """Split an amount by population without a decision file, for what-if questions.

    One row per unit (region, samverkansregion or kommun) with its population and total. With
    --equal-base, that part of AMOUNT is first split equally (over --equal-over, or all units)
    and the rest by population. CSV columns: code, region, population, [equal,
    population_part,] total.
    """
    from ..reports.split import split_report
    from ..service.population import split_population

    result = split_population(
        run.dirs.population,
        population,
        amount=parse_kronor(amount, "AMOUNT"),
        by=by,
        equal_base=parse_kronor(equal_base, "--equal-base"),
        equal_over=comma_list(equal_over),
        method=method,
        tie_rule=tie_rule,
    )
    return split_report(result.result, result.dataset)


population_app = typer.Typer(
    help="Population datasets: import SCB exports, list them, show their figures.",
    no_args_is_help=True,
)
app.add_typer(population_app, name="population", rich_help_panel="Population and models")

ReplaceOption = Annotated[
    bool, typer.Option("--force", metavar="", help="Replace the dataset if it exists.")
]


@command(
    population_app,
    "import",
    folders=Folders.POPULATION,
    writes=Writes.NOTHING,
    epilog="Example: statsbidrag population import export.csv --date 2024-12-31 "
    "--name folkmangd_2024-12-31",
)
def population_import(
    run: Invocation,
    export: Annotated[
        Path,
        typer.Argument(help="A PxWeb export: CSV (, ; or tab) or JSON-stat 2.", show_default=False),
    ],
    date: Annotated[str, typer.Option("--date", help="Reference date of the figures, YYYY-MM-DD.")],
    name: Annotated[
        str, typer.Option("--name", help="Dataset name; files NAME.csv and NAME.yaml.")
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", help="Provenance text (default: describes the export)."),
    ] = None,
    column: Annotated[
        str | None,
        typer.Option("--column", help="The column of figures, if the export has several."),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure",
            help="What the figures count, for a key that is not population (e.g. "
            "asylsökande, elever); default folkmängd.",
        ),
    ] = None,
    force: ReplaceOption = False,
) -> Outcome:
    """Import a population table exported from SCB's statistical database (PxWeb), or any
    count per unit (a fördelningsnyckel) from a spreadsheet.

    Reads CSV exports (comma, semicolon or tab; with or without a title line; UTF-8 or
    Latin-1; regions as "0114 Upplands Väsby" or "01 Stockholms län") and JSON-stat 2 exports,
    and writes the dataset NAME under the population folder with its provenance. County
    figures are kept as given, not replaced by sums of kommuner. A plain CSV of a code
    (0114, 01) and a count per row is read too, with --measure saying what is counted, as is a
    dataset CSV this tool wrote.
    """
    from ..service.population import import_population

    reference_date = parse_date(date, "--date")
    saved = import_population(
        run.dirs.population, export, name, reference_date, source, column, force, measure
    )
    return Outcome(notes=[saved.summary])


@command(
    population_app,
    "fetch",
    folders=Folders.POPULATION,
    writes=Writes.NOTHING,
    epilog="Example: statsbidrag population fetch --date 2025-12-31 --level lan",
)
def population_fetch(
    run: Invocation,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            help="Reference date: 31 December of a year (YYYY-12-31), or from 2025 the last "
            "day of a month (TAB6471).",
        ),
    ],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            metavar="[lan|kommun]",
            help="lan: the 21 county totals; kommun: the 290 kommuner and the county totals.",
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", help="Dataset name (default: scb_LEVEL_DATE)."),
    ] = None,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url",
            envvar="STATSBIDRAG_SCB_URL",
            help="PxWebApi 2.0 base URL (e.g. a server of your own for testing).",
        ),
    ] = DEFAULT_BASE_URL,
    ages: Annotated[
        str | None,
        typer.Option(
            "--ages",
            metavar="FROM-[TO]",
            help="Only persons of these ages, in whole years: 80- (80 and older), 0-17, 15-49.",
        ),
    ] = None,
    sex: Annotated[
        str | None,
        typer.Option("--sex", metavar="[kvinnor|män]", help="Only women or only men."),
    ] = None,
    force: ReplaceOption = False,
) -> Outcome:
    """Fetch official population figures from SCB's PxWebApi 2.0 and save them as a dataset.

    Years up to 2024 come from table TAB638, 2025 onward from TAB5557 (SCB's published,
    noise-protected total cells). Writes NAME.csv and NAME.yaml with the exact request in the
    provenance, through the same checks as population import; both files or neither. Without
    network: export the table from SCB's statistikdatabas and use population import.

    With --ages and --sex the dataset is a key of those persons (its measure says so, e.g.
    "kvinnor 15-49 år"): SCB publishes single years of age, which are summed per region, and
    from 2025 the sum carries the noise of every age (said in the provenance).
    """
    from ..files.scb.api import key_selection
    from ..service.population import fetch_population

    reference = parse_date(date, "--date")
    key = key_selection(ages, sex)  # checked before anything is asked of SCB
    saved = fetch_population(run.dirs.population, reference, level, name, base_url, force, key=key)
    return Outcome(notes=[saved.summary])


@command(
    population_app,
    "list",
    folders=Folders.POPULATION,
    epilog="Example: statsbidrag population list --format csv",
)
def population_list(run: Invocation) -> Outcome:
    """List the population datasets: name, reference date, level, counts and persons.

    Every other .csv or .yaml file of the folder is named on standard error with the reason
    it is not a dataset (a CSV without its description, a bad name).
    """
    from ..reports.overview import population_list_report
    from ..service.population import population_datasets

    found = population_datasets(run.dirs.population)
    report = population_list_report(found.datasets, found.folder)
    return Outcome(report, notes=[_("Note: {note}").format(note=n) for n in found.not_datasets])


@command(
    population_app,
    "show",
    folders=Folders.POPULATION,
    epilog="Example: statsbidrag population show folkmangd_kommun_2025-12-31 "
    "--by samverkansregioner",
)
def population_show(
    run: Invocation,
    name: Annotated[str, typer.Argument(help="Dataset name.", show_default=False)],
    by: ByOption = "regions",
) -> Report:
    """Show a dataset's figures per region, samverkansregion or kommun, with its provenance."""
    from ..reports.overview import population_show_report
    from ..service.population import load_population

    view = load_population(run.dirs.population, name, by)
    return population_show_report(view.dataset, view.geography, view.units)
