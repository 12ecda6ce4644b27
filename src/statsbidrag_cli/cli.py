"""The ``statsbidrag`` command line: options in, library calls, a renderer out.

Thin by design: every command parses options, calls :mod:`service`, builds a report with
:mod:`reports` and writes it with :mod:`render`/:mod:`output`. A
:class:`~statsbidrag_cli.errors.StatsbidragError` becomes one clean message on stderr and exit
code 2; a failed check is exit code 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from .errors import EXIT_CHECK_FAILED, EXIT_USAGE, StatsbidragError
from .render import OutputFormat, Report

EXIT_CODES_HELP = "Exit codes: 0 all good; 1 a check failed; 2 unusable input or usage."

app = typer.Typer(
    name="statsbidrag",
    help=(
        "Allocate and check Swedish state grants (statsbidrag) exactly, to the krona.\n\n"
        "Each regeringsbeslut is a YAML file under decisions/; population figures (SCB) are "
        "under population/. Amounts are whole kronor; population splits use the "
        "largest-remainder method with exact integer arithmetic.\n\n"
        "Example: statsbidrag allocate S2026/00953"
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

DecisionsDir = Annotated[
    Path | None,
    typer.Option(
        "--decisions-dir",
        envvar="STATSBIDRAG_DECISIONS_DIR",
        file_okay=False,
        help="Folder of decision files (default: the built-in decisions/).",
    ),
]
PopulationDir = Annotated[
    Path | None,
    typer.Option(
        "--population-dir",
        envvar="STATSBIDRAG_POPULATION_DIR",
        file_okay=False,
        help="Folder of population files (default: the built-in population/).",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format: table (default), csv or json."),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="CSV for Swedish Excel: semicolons, UTF-8 BOM, CRLF line ends. Implies --format csv.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        dir_okay=False,
        help="Write to this file (atomically) instead of standard output.",
    ),
]
DecisionArgument = Annotated[
    str, typer.Argument(help="Decision id or diarienummer, e.g. S2026/00953.", show_default=False)
]
ChartOption = Annotated[
    Path | None,
    typer.Option(
        "--chart",
        dir_okay=False,
        help="Also draw a bar chart per region to FILE.svg or FILE.png (needs statsbidrag[chart]).",
    ),
]
ProgrammesDir = Annotated[
    Path | None,
    typer.Option(
        "--programmes-dir",
        envvar="STATSBIDRAG_PROGRAMMES_DIR",
        file_okay=False,
        help="Folder of programme files (default: the built-in programmes/).",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists.")
]


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn the project's errors into a message on stderr and exit code 2, no traceback."""
    try:
        yield
    except StatsbidragError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


@dataclass(frozen=True)
class Output:
    """The output options every data command shares, resolved once: format, file, force."""

    format: OutputFormat
    excel: bool
    path: Path | None
    force: bool

    @classmethod
    def of(cls, fmt: OutputFormat | None, excel: bool, path: Path | None, force: bool) -> Output:
        """Resolve ``--format``/``--excel``: --excel means CSV and refuses any other format."""
        if excel and fmt not in (None, OutputFormat.csv):
            assert fmt is not None
            raise StatsbidragError(
                f"--excel writes CSV; it cannot be combined with --format {fmt.value}"
            )
        chosen = OutputFormat.csv if excel else (fmt or OutputFormat.table)
        return cls(chosen, excel, path, force)

    @property
    def to_terminal(self) -> bool:
        """A table on standard output: drawn by Rich, with colour where the terminal has it."""
        return self.format is OutputFormat.table and self.path is None

    def emit(self, report: Report) -> None:
        """Write a report in the chosen format to stdout or ``--output``."""
        from .output import write_data

        if self.to_terminal:
            from rich.console import Console

            from .render import draw_table

            draw_table(report, Console())
            return
        write_data(
            self.format.renderer(excel=self.excel).render(report, width=None), self.path, self.force
        )


def _dirs(decisions_dir: Path | None, population_dir: Path | None) -> Any:
    from .store import data_dirs

    return data_dirs(decisions_dir, population_dir)


@app.command(epilog="Example: statsbidrag allocate S2026/00953 --format csv --excel -o pmc.csv")
def allocate(
    decision: DecisionArgument,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also show, per unit, the exact share and quota, whole part, remainder, rank "
            "and why it got an extra krona (CSV: only these rows).",
        ),
    ] = False,
    chart: ChartOption = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show who gets what under a decision, and why.

    One row per recipient region: its part of each component (for a population part, the
    samverkansregion and its population), its total, and, where the agency published a table,
    the published amount and the difference in kronor.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .reports import allocation_report
        from .service import allocate_decision

        allocation = allocate_decision(_dirs(decisions_dir, population_dir), decision)
        report = allocation_report(allocation)
        if chart is not None:
            keys = [r.component.id for r in allocation.components]
            write_chart(chart, report.title.splitlines()[0], report, keys, force)
        if explain:
            from .analysis_reports import explain_report

            report = with_explanation(report, explain_report(allocation), out.format)
        out.emit(report)


def write_chart(path: Path, title: str, report: Report, keys: list[str], force: bool) -> None:
    """Draw the report's rows as a bar chart (one bar per key) and write it atomically."""
    from .chart import bar_chart
    from .output import write_data
    from .programme_reports import chart_series

    labels = [str(row.get("region") or row.get("code")) for row in report.rows]
    data = bar_chart(path, title, labels, chart_series(report, keys))
    write_data(data, path, force)


def with_explanation(report: Report, explanation: Report, fmt: OutputFormat) -> Report:
    """The allocation with its explanation: a further table, the CSV rows, or a JSON key."""
    from dataclasses import replace

    if fmt is OutputFormat.csv:
        return explanation
    document = {**report.document, **explanation.document}
    return replace(report, sections=[*report.sections, explanation], document=document)


@app.command(epilog="Example: statsbidrag audit S2026/00953 --format json")
def audit(
    decision: DecisionArgument,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Audit a published table: which rounding method, if any, gives each published amount.

    For every split in the decision, each published amount is compared with what
    largest_remainder, half_up, dhondt and sainte_lague give on our population figures. The
    verdict per row: matches method X; off by ±1 kr (a rounding adjustment); or off by more,
    with the population the published amount implies. A summary says which method explains
    the most rows. Nothing is adjusted toward the published figures.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .analysis_reports import audit_report
        from .audit import audit_allocation
        from .service import allocate_decision

        allocation = allocate_decision(_dirs(decisions_dir, population_dir), decision)
        out.emit(audit_report(allocation, audit_allocation(allocation)))


@app.command(
    epilog="Example: statsbidrag split 28000000 --by samverkansregioner "
    "--population folkmangd_kommun_2025-12-31"
)
def split(
    amount: Annotated[
        int, typer.Argument(help="Kronor to split (whole kronor).", show_default=False)
    ],
    by: Annotated[
        str, typer.Option("--by", help="Units: regions, samverkansregioner or kommuner.")
    ] = "regions",
    population: Annotated[
        str, typer.Option("--population", help="Population dataset name (see population list).")
    ] = "folkmangd_kommun_2025-12-31",
    equal_base: Annotated[
        int, typer.Option("--equal-base", help="Kronor of AMOUNT split equally first.")
    ] = 0,
    equal_over: Annotated[
        str | None,
        typer.Option(
            "--equal-over", help="Comma-separated unit codes for the equal base (default: all)."
        ),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method", help="largest_remainder (default), half_up, dhondt or sainte_lague."
        ),
    ] = "largest_remainder",
    tie_rule: Annotated[
        str | None,
        typer.Option(
            "--tie-rule", help="larger_population_then_code or code, when remainders tie."
        ),
    ] = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Split an amount by population without a decision file, for what-if questions.

    One row per unit (region, samverkansregion or kommun) with its population and total. With
    --equal-base, that part of AMOUNT is first split equally (over --equal-over, or all units)
    and the rest by population. CSV columns: code, region, population, [equal,
    population_part,] total.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .adhoc import SplitRequest, split_report
        from .engine import METHODS
        from .models import TieRule
        from .population import load_dataset, load_geography

        if by not in ("regions", "samverkansregioner", "kommuner"):
            raise StatsbidragError(
                f"--by must be regions, samverkansregioner or kommuner, not {by!r}"
            )
        if method not in METHODS:
            raise StatsbidragError(f"--method must be one of {', '.join(METHODS)}, not {method!r}")
        if tie_rule not in (None, "larger_population_then_code", "code"):
            raise StatsbidragError(
                f"--tie-rule must be larger_population_then_code or code, not {tie_rule!r}"
            )
        dirs = _dirs(decisions_dir, population_dir)
        request = SplitRequest(
            amount=amount,
            by=by,
            equal_base=equal_base,
            equal_over=[c.strip() for c in equal_over.split(",") if c.strip()]
            if equal_over
            else None,
            method=method,
            tie_rule=cast("TieRule | None", tie_rule),
        )
        report = split_report(
            request, load_geography(dirs.population), load_dataset(dirs.population, population)
        )
        out.emit(report)


@app.command(
    epilog="Example: statsbidrag check   (in CI: fails with exit code 1 when a sum is off)"
)
def check(
    decisions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Decisions to check (default: every file in the decisions folder).",
            show_default=False,
        ),
    ] = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Verify that every allocation adds up exactly, to the krona.

    For each decision: each component's allocation sums exactly to its amount; components sum
    to the decision total; funding covers payments plus the agency's own-work allowance; a
    published table sums to the same totals and agrees with the computed amounts within the
    tolerance the decision file declares (default: exactly). Exit codes: 0 all hold, 1 a check
    failed, 2 unusable input.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .reports import check_lines, check_report
        from .service import check_decisions

        outcomes = check_decisions(_dirs(decisions_dir, population_dir), decisions or [])
        if out.to_terminal:
            _print_check_lines(check_lines(outcomes))
        elif out.format is OutputFormat.table:
            from .output import write_data

            text = "".join(line + "\n" for _, line in check_lines(outcomes))
            write_data(text.encode("utf-8"), output, force)
        else:
            out.emit(check_report(outcomes))
    if any(outcome.error for outcome in outcomes):
        raise typer.Exit(EXIT_USAGE)
    if not all(outcome.report and outcome.report.passed for outcome in outcomes):
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command(name="list", epilog="Example: statsbidrag list --sort total --format csv")
def list_decisions(
    sort: Annotated[
        str, typer.Option("--sort", help="Order: date (unknown dates last), id or total.")
    ] = "date",
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List every decision: id, diarienummer (or "okänt"), date, budget year, title, total."""
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .overview import ListOrder, list_report
        from .service import load_all_decisions

        try:
            order = ListOrder(sort)
        except ValueError:
            raise StatsbidragError(f"--sort must be date, id or total, not {sort!r}") from None
        decisions = load_all_decisions(_dirs(decisions_dir, population_dir))
        out.emit(list_report(decisions, order))


@app.command(epilog="Example: statsbidrag show gms-sprintr-biobank-2026")
def show(
    decision: DecisionArgument,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show a whole decision: parties, purposes, earmarks, funding, dates, conditions, sources.

    Every fact is listed with the source document it is read from. JSON gives the decision
    file's full content.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .overview import show_report
        from .population import load_geography
        from .store import load_decision

        dirs = _dirs(decisions_dir, population_dir)
        loaded = load_decision(dirs.decisions, decision)
        counties = load_geography(dirs.population).counties
        regions = {code: county.region for code, county in counties.items()}
        out.emit(show_report(loaded, regions))


@app.command(epilog="Example: statsbidrag ledger --year 2026")
def ledger(
    year: Annotated[
        int | None, typer.Option("--year", help="Only this budget year (default: all).")
    ] = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Totals per utgiftsområde / anslag / anslagspost and budget year, across all decisions.

    Each line splits what is charged into what is paid to recipients and the agency's own-work
    allowance (a maximum), and names the decisions behind it.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .overview import ledger_report
        from .service import load_all_decisions

        decisions = load_all_decisions(_dirs(decisions_dir, population_dir))
        out.emit(ledger_report(decisions, year))


@app.command(epilog="Example: statsbidrag deadlines --after 2026-11-23 --ics frister.ics")
def deadlines(
    after: Annotated[
        str | None,
        typer.Option("--after", help="Only deadlines later than this date (YYYY-MM-DD)."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", dir_okay=False, help="Also write the deadlines as an iCalendar file."
        ),
    ] = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Every dated obligation across decisions, sorted by date, with who must act.

    Rekvisition windows, the end of the use period, reports, repayments and the agency's report
    to the government. --ics writes a calendar file (one all-day event per deadline) that
    calendar programs import; --force replaces an existing one.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .ics import calendar
        from .output import write_data
        from .overview import calendar_events, deadlines_report, obligations
        from .service import load_all_decisions

        since = _parse_date(after, "--after") if after else None
        decisions = load_all_decisions(_dirs(decisions_dir, population_dir))
        items = obligations(decisions, since)
        if ics is not None:
            text = calendar(calendar_events(items), "statsbidrag: frister")
            write_data(text.encode("utf-8"), ics, force)
        out.emit(deadlines_report(items, since))


def _parse_date(value: str, option: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StatsbidragError(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


@app.command(
    epilog="Example: statsbidrag validate my-decisions/S2027-00123.yaml population/lan.csv"
)
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Decision or population files to validate.", show_default=False),
    ],
    population_dir: PopulationDir = None,
) -> None:
    """Validate decision and population files, wherever they are, and list every problem.

    A decision file is read strictly (types, codes, unknown fields), then allocated and checked
    against the population files (default: the built-in ones), so unknown codes and amounts
    that do not add up are reported too. Prints OK per valid file; exits 2 if any is invalid.
    """
    with reporting_errors():
        from .service import validate_file
        from .store import default_dir

        folder = population_dir if population_dir is not None else default_dir("population")
        outcomes = [validate_file(path, folder) for path in files]
    for outcome in outcomes:
        if outcome.problems:
            typer.echo(f"INVALID {outcome.path} ({outcome.kind})")
            for problem in outcome.problems:
                typer.echo(f"  - {problem}")
        else:
            typer.echo(f"OK {outcome.path} ({outcome.kind})")
    if any(outcome.problems for outcome in outcomes):
        raise typer.Exit(EXIT_USAGE)


@app.command(epilog="Example: statsbidrag schema -o schema/decision.schema.json --force")
def schema(output: OutputOption = None, force: ForceOption = False) -> None:
    """Print the JSON Schema of the decision file format.

    Editors use it to validate decision files while typing: the shipped files start with
    `# yaml-language-server: $schema=../schema/decision.schema.json`.
    """
    with reporting_errors():
        from .output import write_data
        from .schema import decision_schema_json

        write_data(decision_schema_json().encode("utf-8"), output, force)


@app.command(epilog="Example: statsbidrag repay S2026/00953 --used anvant.csv --format csv")
def repay(
    decision: DecisionArgument,
    used: Annotated[
        Path,
        typer.Option(
            "--used",
            dir_okay=False,
            help="CSV with header code,used (and optionally misused); "
            "a recipient not in it used nothing.",
        ),
    ],
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """What each recipient must repay by the repayment date, and which amounts are invoiced.

    What was paid is the published table where the decision has one, else the computed
    allocation. repay = paid - (used - misused), never below zero. The agency invoices only
    repayments over the decision's threshold (1 000 kr for S2026/00953).
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .repay import read_usage, repayments
        from .reports import repayment_report
        from .service import allocate_decision

        allocation = allocate_decision(_dirs(decisions_dir, population_dir), decision)
        names = {row.code: row.region for row in allocation.rows}
        published = allocation.decision.published
        if published is not None:
            paid = {row.code: row.total for row in published.rows}
        else:
            paid = {row.code: row.total for row in allocation.rows}
        usage = read_usage(used, paid)
        threshold = (
            allocation.decision.repayment.invoice_above if allocation.decision.repayment else None
        )
        report = repayment_report(allocation, repayments(paid, names, usage, threshold))
        out.emit(report)


programme_app = typer.Typer(
    help="Multi-year programmes: yearly amounts split to the regions by a model.",
    no_args_is_help=True,
)
app.add_typer(programme_app, name="programme")


def _programmes_dir(path: Path | None) -> Path:
    from .store import default_dir

    folder = path if path is not None else default_dir("programmes")
    if not folder.is_dir():
        raise StatsbidragError(f"programmes folder {folder} does not exist or is not a folder")
    return folder


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
        from .programme_reports import programme_report
        from .service import allocate_programme_named, load_programme

        folder = _dirs(None, population_dir).population
        name_, programme = load_programme(_programmes_dir(programmes_dir), name)
        allocation = allocate_programme_named(folder, name_, programme, model)
        report = programme_report(allocation)
        if chart is not None:
            years = [str(split.year) for split in allocation.years]
            write_chart(chart, report.title, report, years, force)
        out.emit(report)


@app.command(
    epilog="Example: statsbidrag compare exempel-femarigt-program --year 2026 "
    "--models bas_och_befolkning,bara_befolkning"
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
        from .checks import kr
        from .programme import split_year
        from .programme_reports import compare_report
        from .service import load_programme, programme_inputs

        folder = _dirs(None, population_dir).population
        _, programme = load_programme(_programmes_dir(programmes_dir), name)
        ids = (
            [m.strip() for m in models.split(",") if m.strip()]
            if models
            else [m.id for m in programme.models]
        )
        chosen_models = [programme.model(model_id) for model_id in ids]
        if len(chosen_models) < 2:
            raise StatsbidragError("compare needs at least two models (--models a,b)")
        plan = (
            next((y for y in programme.years if y.year == year), None)
            if year
            else programme.years[0]
        )
        if plan is None:
            raise StatsbidragError(f"the programme has no year {year}")
        populations, names = programme_inputs(folder, programme, chosen_models)
        splits = {}
        for model_ in chosen_models:
            dataset = programme.dataset_for(plan, model_)
            splits[model_.id] = split_year(
                plan.year, plan.amount, model_, populations[dataset], dataset
            )
        key = programme.dataset_for(plan, chosen_models[0])
        report = compare_report(
            f"{programme.title}: {plan.year}, {kr(plan.amount)} kr under {len(ids)} models",
            splits,
            {m.id: m.label for m in chosen_models},
            names,
            populations[key],
        )
        if chart is not None:
            write_chart(chart, report.title, report, ids, force)
        out.emit(report)


population_app = typer.Typer(
    help="Population datasets: import SCB exports, list them, show their figures.",
    no_args_is_help=True,
)
app.add_typer(population_app, name="population")

ByOption = Annotated[
    str, typer.Option("--by", help="Units: regions, samverkansregioner or kommuner.")
]


@population_app.command(
    "import",
    epilog="Example: statsbidrag population import export.csv --date 2024-12-31 "
    "--name folkmangd_2024-12-31",
)
def population_import(
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
    population_dir: PopulationDir = None,
    force: ForceOption = False,
) -> None:
    """Import a population table exported from SCB's statistical database (PxWeb).

    Reads CSV exports (comma, semicolon or tab; with or without a title line; UTF-8 or
    Latin-1; regions as "0114 Upplands Väsby" or "01 Stockholms län") and JSON-stat 2 exports,
    and writes the dataset NAME under the population folder with its provenance. County
    figures are kept as given, not replaced by sums of kommuner.
    """
    with reporting_errors():
        from .service import import_population

        folder = _dirs(None, population_dir).population
        _, summary = import_population(
            folder, export, name, _parse_date(date, "--date"), source, column, force
        )
    typer.echo(summary, err=True)


@population_app.command("list", epilog="Example: statsbidrag population list --format csv")
def population_list(
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List the population datasets: name, reference date, level, counts and persons."""
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .overview import population_list_report
        from .service import population_datasets

        folder = _dirs(None, population_dir).population
        out.emit(population_list_report(population_datasets(folder)))


@population_app.command(
    "show",
    epilog="Example: statsbidrag population show folkmangd_kommun_2025-12-31 "
    "--by samverkansregioner",
)
def population_show(
    name: Annotated[str, typer.Argument(help="Dataset name.", show_default=False)],
    by: ByOption = "regions",
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show a dataset's figures per region, samverkansregion or kommun, with its provenance."""
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from .overview import population_show_report
        from .population import load_dataset, load_geography

        if by not in ("regions", "samverkansregioner", "kommuner"):
            raise StatsbidragError(
                f"--by must be regions, samverkansregioner or kommuner, not {by!r}"
            )
        folder = _dirs(None, population_dir).population
        report = population_show_report(load_dataset(folder, name), load_geography(folder), by)
        out.emit(report)


def _print_check_lines(lines: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.text import Text

    styles = {"PASS": "green", "FAIL": "red", "ERROR": "red"}
    console = Console(soft_wrap=True)
    for status, line in lines:
        text = Text(line)
        if line.startswith(status):
            text.stylize(f"bold {styles[status]}", 0, len(status))
        console.print(text)


def main() -> None:
    """Entry point of the ``statsbidrag`` command."""
    try:
        app()
    except BrokenPipeError:  # e.g. `statsbidrag ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        sys.exit(1)
