"""Commands on one decision: allocate (with --explain and --chart), audit, check, repay."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EXIT_CHECK_FAILED, EXIT_USAGE
from ..i18n import _, ngettext
from ..render.formats import OutputFormat
from ..reports.report import Report

if TYPE_CHECKING:
    pass

if TYPE_CHECKING:
    from ..reports.ci import CheckedDecision

from .common import (
    ChartOption,
    DecisionArgument,
    DecisionsDir,
    ExcelOption,
    ForceOption,
    FormatOption,
    Output,
    OutputOption,
    PopulationDir,
    SourcesDir,
    app,
    chart_file,
    data_dirs_from,
    reporting_errors,
)


@app.command(
    rich_help_panel="Everyday",
    epilog="Example: statsbidrag allocate S2026/00953 --format csv --excel -o pmc.csv",
)
def allocate(
    decision: DecisionArgument,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            metavar="",
            help="Also show, per unit, the exact share and quota, whole part, remainder, rank "
            "and why it got an extra krona (CSV: only these rows).",
        ),
    ] = False,
    chart: ChartOption = None,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    sources_dir: SourcesDir = None,
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
        from ..reports.decision import allocation_report
        from ..service.checking import allocate_and_check

        dirs = data_dirs_from(decisions_dir, population_dir, sources_dir)
        checked = allocate_and_check(dirs, decision)
        allocation, failures = checked.allocation, checked.failures
        report = allocation_report(allocation)
        keys = [r.component.id for r in allocation.components]
        charts = chart_file(chart, report.title.splitlines()[0], report, keys)
        if explain:
            from ..reports.analysis import explain_report

            report = with_explanation(report, explain_report(allocation), out.format)
        out.emit(report, charts)
    if failures:
        typer.echo(
            ngettext(
                "Warning: {id} fails {count} check; the figures above do not add up as the "
                "decision requires:",
                "Warning: {id} fails {count} checks; the figures above do not add up as the "
                "decision requires:",
                len(failures),
            ).format(id=allocation.decision_id, count=len(failures)),
            err=True,
        )
        for failure in failures:
            typer.echo(f"  - {failure}", err=True)
        raise typer.Exit(EXIT_CHECK_FAILED)


def with_explanation(report: Report, explanation: Report, fmt: OutputFormat) -> Report:
    """The allocation with its explanation: a further table, the CSV rows, or a JSON key."""
    from dataclasses import replace

    if fmt is OutputFormat.csv:
        return explanation
    document = {**report.document, **explanation.document}
    return replace(report, sections=[*report.sections, explanation], document=document)


@app.command(
    rich_help_panel="Everyday", epilog="Example: statsbidrag audit S2026/00953 --format json"
)
def audit(
    decision: DecisionArgument,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Audit a published table: does one rounding rule explain it, and if not, why not?

    For every split, the published amounts are compared with what largest_remainder, half_up,
    dhondt and sainte_lague give on our population figures, and the table as a whole gets one
    verdict: reproduced (by the methods named), adjusted (a method plus one-krona moves by
    hand that make the total hold), within_tolerance (of the decision's declared tolerance),
    or not_reproduced (the closest method is named, not claimed). Rows the table does not give
    are unknown, never 0. Differences are published − computed. Exit codes: 0 reproduced or
    within tolerance, 1 otherwise, 2 unusable input.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from ..reports.analysis import audit_report
        from ..service.decisions import audit_decision

        dirs = data_dirs_from(decisions_dir, population_dir)
        result = audit_decision(dirs, decision)
        out.emit(audit_report(result.allocation, result.components))
    if not result.passed:
        raise typer.Exit(EXIT_CHECK_FAILED)


class CheckFormat(StrEnum):
    """``check``'s formats: the shared ones, and two for CI systems."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    github = "github"
    junit = "junit"


@app.command(
    rich_help_panel="Everyday",
    epilog="Example: statsbidrag check   (in CI: fails with exit code 1 when a sum is off)",
)
def check(
    decisions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Decisions to check: ids, diarienummer or decision files (default: every file "
            "in the decisions folder).",
            show_default=False,
        ),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            metavar="",
            help="Check only decision files that git sees as changed since --base (and new "
            "ones); a diarienummer shared with any other file is still caught.",
        ),
    ] = False,
    base: Annotated[
        str,
        typer.Option("--base", help="The git revision --changed compares with, e.g. origin/main."),
    ] = "HEAD",
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    sources_dir: SourcesDir = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default), csv, json, github (workflow annotations; the default when "
            "GITHUB_ACTIONS=true) or junit (JUnit XML, e.g. with -o report.xml).",
        ),
    ] = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Verify that every allocation adds up exactly, to the krona, and every figure is sourced.

    For each decision: each component's allocation sums exactly to its amount; components sum
    to the decision total; funding covers payments plus the agency's own-work allowance; a
    published table sums to the same totals and agrees with the computed amounts within the
    tolerance the decision file declares (default: exactly); every quote stands in its source
    document and every amount in its quotes. Exit codes, in every format: 0 all hold, 1 a
    check failed, 2 unusable input.
    """
    if fmt is None and os.environ.get("GITHUB_ACTIONS") == "true" and not excel:
        fmt = CheckFormat.github
    ci = fmt in (CheckFormat.github, CheckFormat.junit)
    with reporting_errors():
        from ..service.checking import check_decisions

        shared = None if ci or fmt is None else OutputFormat(fmt.value)
        out = Output.of(shared, excel, output, force)
        dirs = data_dirs_from(decisions_dir, population_dir, sources_dir)
        outcomes = check_decisions(dirs, decisions or [], base if changed else None)
        if changed and not outcomes:
            typer.echo("statsbidrag check: " + _("no changed decision files"), err=True)
        if ci:
            from ..reports.ci import check_run

            _write_ci(check_run(outcomes), fmt, output, force)
        elif out.to_terminal:
            from ..reports.checks import check_lines

            _print_check_lines(check_lines(outcomes))
        elif out.format is OutputFormat.table:
            from ..files.output import write_data
            from ..reports.checks import check_lines

            text = "".join(line + "\n" for _, line in check_lines(outcomes))
            write_data(text.encode("utf-8"), output, force)
        else:
            from ..reports.checks import check_report

            out.emit(check_report(outcomes))
    if any(outcome.error for outcome in outcomes):
        raise typer.Exit(EXIT_USAGE)
    if not all(outcome.report and outcome.report.passed for outcome in outcomes):
        raise typer.Exit(EXIT_CHECK_FAILED)


def _write_ci(
    run: Sequence[CheckedDecision], fmt: CheckFormat | None, output: Path | None, force: bool
) -> None:
    """GitHub workflow commands (to stdout, where the runner reads them) or JUnit XML."""
    from ..files.output import write_data
    from ..render.ci import github_annotations, junit_xml

    if fmt is CheckFormat.github:
        write_data(github_annotations(run).encode("utf-8"), output, force)
    else:
        write_data(junit_xml(run), output, force)


def _print_check_lines(lines: list[tuple[str, str]]) -> None:
    """One line per decision and problem; the status in bold colour on a colour terminal.

    Written directly, not through Rich: the lines never wrap (a terminal does that), and
    ``check``, which CI runs often, starts faster without importing Rich."""
    colours = {"PASS": "32", "FAIL": "31", "ERROR": "31"}
    colour = _colour_terminal()
    out = []
    for status, line in lines:
        if colour and line.startswith(status):
            line = f"\033[1;{colours[status]}m{status}\033[0m{line[len(status) :]}"
        out.append(line + "\n")
    sys.stdout.write("".join(out))
    sys.stdout.flush()


def _colour_terminal() -> bool:
    """Colour only on a terminal that has it, unless NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@app.command(
    rich_help_panel="Everyday",
    epilog="Example: statsbidrag repay S2026/00953 --used anvant.csv --format csv",
)
def repay(
    decision: DecisionArgument,
    used: Annotated[
        Path,
        typer.Option(
            "--used",
            dir_okay=False,
            help="CSV with the columns code and used (optionally misused), one row per "
            "recipient; comma or semicolon, as a spreadsheet saves it.",
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
        from ..reports.decision import repayment_report
        from ..service.decisions import repay_decision

        dirs = data_dirs_from(decisions_dir, population_dir)
        repayment = repay_decision(dirs, decision, used)
        for note in repayment.notes:
            typer.echo(_("Note: {note}").format(note=note), err=True)
        out.emit(repayment_report(repayment.allocation, repayment.rows))
