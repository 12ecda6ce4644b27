"""Commands on one decision: allocate (with --explain and --chart), audit, check, repay."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, StatsbidragError
from ..i18n import _, ngettext
from ..render.registry import CHECK_FORMATS
from ..reports.report import Report
from .command import Folders, Invocation, Outcome, command
from .options import (
    ChartOption,
    DecisionArgument,
    PopulationVariantOption,
    SetOption,
    chart_file,
    comma_list,
    variant_of,
)
from .root import app

if TYPE_CHECKING:
    from ..service.variants import Variant


@command(
    app,
    panel="Everyday",
    epilog="Example: statsbidrag allocate S2026/00953 --format csv --excel -o pmc.csv",
    folders=Folders.DECISIONS | Folders.POPULATION | Folders.SOURCES,
    kept_when=lambda values: values["chart"] is None,  # a chart is a file beside the output
)
def allocate(
    run: Invocation,
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
    population: PopulationVariantOption = None,
    settings: SetOption = None,
) -> Outcome:
    """Show who gets what under a decision, and why.

    One row per recipient region: its part of each component (for a population part, the
    samverkansregion and its population), its total, and, where the agency published a table,
    the published amount and the difference in kronor.

    What-if: --set PART=KRONOR (another amount for a part) and --population NAME (other
    population figures) compute the decision with the change and compare it with the
    decision's own result; the title says it is not the decision, and the file is unchanged.
    """
    variant = variant_of(population, settings)
    if variant:
        return _what_if(run, decision, variant, explain, chart)
    from ..reports.decision import allocation_report
    from ..service.checking import allocate_and_check

    checked = allocate_and_check(run.dirs, decision)
    allocation = checked.allocation
    report = allocation_report(allocation)
    keys = [result.component.id for result in allocation.components]
    charts = chart_file(chart, report.title.splitlines()[0], report, keys)
    if explain:
        from ..reports.analysis import explain_report, with_explanation

        report = with_explanation(report, explain_report(allocation))
    notes = []
    if checked.failures:
        notes.append(
            ngettext(
                "Warning: {id} fails {count} check; the figures above do not add up as the "
                "decision requires:",
                "Warning: {id} fails {count} checks; the figures above do not add up as the "
                "decision requires:",
                len(checked.failures),
            ).format(id=allocation.decision_id, count=len(checked.failures))
        )
        notes += [f"  - {failure}" for failure in checked.failures]
    exit_code = EXIT_CHECK_FAILED if checked.failures else EXIT_OK
    return Outcome(report, exit_code, notes, charts)


def _what_if(
    run: Invocation, decision: str, variant: Variant, explain: bool, chart: Path | None
) -> Outcome:
    """``allocate`` with ``--set``/``--population``: the what-if beside the decision."""
    from ..reports.decision import what_if_report
    from ..service.decisions import what_if

    result = what_if(run.dirs, decision, variant)
    report = what_if_report(result.allocation, result.decision, result.changes)
    keys = [item.component.id for item in result.allocation.components]
    charts = chart_file(chart, report.title.splitlines()[0], report, keys)
    if explain:
        from ..reports.analysis import explain_report, with_explanation

        report = with_explanation(report, explain_report(result.allocation))
    notes = []
    if result.failures:
        notes.append(
            ngettext(
                "Warning: the what-if fails {count} check:",
                "Warning: the what-if fails {count} checks:",
                len(result.failures),
            ).format(count=len(result.failures))
        )
        notes += [f"  - {failure}" for failure in result.failures]
    return Outcome(report, EXIT_CHECK_FAILED if result.failures else EXIT_OK, notes, charts)


@command(
    app,
    panel="Everyday",
    epilog="Example: statsbidrag audit S2026/00953 --format json; a table's key: statsbidrag "
    "audit --table tabell.csv --amount 100000000 --level lan",
    folders=Folders.DECISIONS | Folders.POPULATION,
)
def audit(
    run: Invocation,
    decision: Annotated[
        str | None,
        typer.Argument(
            help="Decision id or diarienummer, e.g. S2026/00953 (none with --table).",
            show_default=False,
        ),
    ] = None,
    population: PopulationVariantOption = None,
    find_key: Annotated[
        bool,
        typer.Option(
            "--find-key",
            metavar="",
            help="Find the key instead: try every population dataset (or --datasets) with "
            "every rounding method and rank them by how well they give the published amounts.",
        ),
    ] = False,
    table: Annotated[
        Path | None,
        typer.Option(
            "--table",
            dir_okay=False,
            help="Find the key of a table given as a file (CSV or .xlsx: a unit and an amount "
            "per row), with no decision file; implies --find-key.",
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            metavar="KRONOR",
            help="With --table: the amount the table splits, in kronor (default: the "
            "table's total row).",
        ),
    ] = None,
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help="With --table: what a row is: lan (a county or region), kommun, or "
            "samverkansregion.",
        ),
    ] = "lan",
    datasets: Annotated[
        list[str] | None,
        typer.Option(
            "--datasets",
            metavar="NAME",
            help="With --find-key: the candidate datasets (repeat, or separate with commas); "
            "default every dataset of the population folder and the built-in ones.",
        ),
    ] = None,
    column: Annotated[
        str | None,
        typer.Option(
            "--column",
            help="With --table: the heading of the amount column, where the table has several.",
        ),
    ] = None,
) -> Outcome:
    """Audit a published table: does one rounding rule explain it, and if not, why not?

    For every split, the published amounts are compared with what largest_remainder, half_up,
    dhondt and sainte_lague give on our population figures, and the table as a whole gets one
    verdict: reproduced (by the methods named), adjusted (a method plus one-krona moves by
    hand that make the total hold), within_tolerance (of the decision's declared tolerance),
    or not_reproduced (the closest method is named, not claimed). Rows the table does not give
    are unknown, never 0. Differences are published − computed. Exit codes: 0 reproduced or
    within tolerance, 1 otherwise, 2 unusable input. With --population NAME the table is
    tested against other population figures (does it fit them better?), said in the output.

    With --find-key (or --table FILE) the key itself is searched: every candidate dataset and
    rule, ranked by exact rows and the largest deviation from the exact quota; the best is
    reported as consistent with the table (never proven), beside the runner-up and the margin.
    Exit codes: 0 one key fits, 1 none, two alike, or only a swap of two units' figures.
    """
    candidates = _dataset_names(datasets)
    if table is not None or find_key:
        return _find_key(run, decision, table, amount, level, candidates, column, population)
    for given, name in ((amount, "--amount"), (column, "--column"), (candidates, "--datasets")):
        if given:
            raise StatsbidragError(
                _("{option} belongs with --find-key or --table").format(option=name)
            )
    if decision is None:
        raise StatsbidragError(_("name a decision to audit, or give --table FILE"))
    from ..reports.analysis import audit_report
    from ..service.decisions import audit_decision

    variant = variant_of(population)
    result = audit_decision(run.dirs, decision, variant)
    report = audit_report(result.allocation, result.components)
    notes = []
    if variant:
        from ..reports.decision import marked_as_what_if

        report = marked_as_what_if(report, result.changes)
        notes = [
            _(
                "Note: the published table was made with the decision's own population "
                "figures; it is tested here against {name}."
            ).format(name=population)
        ]
    return Outcome(report, EXIT_OK if result.passed else EXIT_CHECK_FAILED, notes)


def _dataset_names(given: list[str] | None) -> list[str] | None:
    """``--datasets a,b --datasets c`` as ``[a, b, c]``."""
    if not given:
        return None
    return [name for item in given for name in comma_list(item) or []]


def _find_key(
    run: Invocation,
    decision: str | None,
    table: Path | None,
    amount: str | None,
    level: str,
    datasets: list[str] | None,
    column: str | None,
    population: str | None,
) -> Outcome:
    """``audit --find-key`` and ``audit --table``: search the key, report the ranking."""
    from ..reports.keysearch import find_key_report
    from ..service.keysearch import find_key_in_decision, find_key_in_table

    if population is not None:
        raise StatsbidragError(_("--population belongs with an audit, not with --find-key; use "
                                 "--datasets to name the candidates"))  # fmt: skip
    if table is not None:
        if decision is not None:
            raise StatsbidragError(_("give a decision or --table FILE, not both"))
        result = find_key_in_table(run.dirs, table, _kronor_option(amount), level, datasets, column)
    else:
        if decision is None:
            raise StatsbidragError(_("name a decision whose table to search, or give --table FILE"))
        for given, name in ((amount, "--amount"), (column, "--column")):
            if given:
                raise StatsbidragError(_("{option} belongs with --table").format(option=name))
        result = find_key_in_decision(run.dirs, decision, datasets)
    return Outcome(find_key_report(result), EXIT_OK if result.attributed else EXIT_CHECK_FAILED)


def _kronor_option(text: str | None) -> int | None:
    """``--amount`` as whole kronor (``100000000``, ``100 000 000``), or a usage error."""
    if text is None:
        return None
    from ..files.local.sheet import whole_kronor

    value = whole_kronor(text.strip())
    if isinstance(value, str):
        raise StatsbidragError(_("--amount {value!r} {problem}").format(value=text, problem=value))
    return value


def _github_in_actions() -> str | None:
    """``check``'s format in a GitHub Actions job when none is given: annotations."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else None


@command(
    app,
    panel="Everyday",
    epilog="Example: statsbidrag check   (in CI: fails with exit code 1 when a sum is off)",
    folders=Folders.DECISIONS | Folders.POPULATION | Folders.SOURCES,
    formats=CHECK_FORMATS,
    default_format=_github_in_actions,
    whole_set=True,
    kept_when=lambda values: not values["changed"],  # what git sees is in no file it reads
)
def check(
    run: Invocation,
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
    population: PopulationVariantOption = None,
) -> Outcome:
    """Verify that every allocation adds up exactly, to the krona, and every figure is sourced.

    For each decision: each component's allocation sums exactly to its amount; components sum
    to the decision total; funding covers payments plus the agency's own-work allowance; a
    published table sums to the same totals and agrees with the computed amounts within the
    tolerance the decision file declares (default: exactly); every quote stands in its source
    document and every amount in its quotes. Exit codes, in every format: 0 all hold, 1 a
    check failed, 2 unusable input.
    """
    from ..reports.checks import check_report
    from ..service.checking import check_decisions

    lines_only = run.output is not None and run.output.format.name == "table"
    outcomes = check_decisions(
        run.dirs,
        decisions or [],
        base if changed else None,
        variant_of(population),
        every_finding=not lines_only,  # the text lines name only what failed
    )
    notes = []
    if population is not None:
        notes.append(
            _(
                "Note: checked with the population dataset {name} instead of each decision's "
                "own (a what-if); a published table was made with the decision's own figures."
            ).format(name=population)
        )
    if changed and not outcomes:
        notes.append("statsbidrag check: " + _("no changed decision files"))
    if any(outcome.error for outcome in outcomes):
        exit_code = EXIT_USAGE
    elif not all(outcome.passed for outcome in outcomes):
        exit_code = EXIT_CHECK_FAILED
    else:
        exit_code = EXIT_OK
    return Outcome(check_report(outcomes), exit_code, notes)


@command(
    app,
    panel="Everyday",
    epilog="Example: statsbidrag repay S2026/00953 --used anvant.csv --format csv",
    folders=Folders.DECISIONS | Folders.POPULATION,
)
def repay(
    run: Invocation,
    decision: DecisionArgument,
    used: Annotated[
        Path | None,
        typer.Option(
            "--used",
            dir_okay=False,
            help="CSV or .xlsx with the columns code and used (optionally misused), one row "
            "per recipient, as a spreadsheet saves it (10 229 000 and 11724687,00 are read).",
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option(
            "--template",
            metavar="",
            help="Instead, write a usage file to fill in: every recipient's code, region and "
            "paid amount, used and misused empty (e.g. -o anvant.xlsx).",
        ),
    ] = False,
) -> Outcome:
    """What each recipient must repay by the repayment date, and which amounts are invoiced.

    What was paid is the published table where the decision has one, else the computed
    allocation. repay = paid - (used - misused), never below zero. The agency invoices only
    repayments over the decision's threshold (1 000 kr for S2026/00953).
    """
    from ..reports.decision import repayment_report, usage_template_report
    from ..service.decisions import repay_decision, usage_template

    if template == (used is not None):
        raise StatsbidragError(_("give --used FILE, or --template to write one to fill in"))
    if used is None:
        filled = usage_template(run.dirs, decision)
        return Outcome(usage_template_report(filled.allocation, filled.paid))
    repayment = repay_decision(run.dirs, decision, used)
    report: Report = repayment_report(repayment.allocation, repayment.rows)
    notes = [_("Note: {note}").format(note=note) for note in repayment.notes]
    return Outcome(report, notes=notes)
