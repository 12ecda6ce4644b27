"""Commands across decisions: list, show, ledger and deadlines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import StatsbidragError
from ..i18n import _, ngettext
from .common import (
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
    data_dirs_from,
    parse_date,
    reporting_errors,
)


@app.command(
    name="list",
    rich_help_panel="Everyday",
    epilog="Example: statsbidrag list --sort total --format csv",
)
def list_decisions(
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="[date|id|total]",
            help="Order: date (unknown dates last), id or total; also datum or summa.",
        ),
    ] = "date",
    decisions_dir: DecisionsDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """List every decision: id, diarienummer, date, budget year, title, total; unknowns say so."""
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from ..reports.overview import ListOrder, list_report
        from ..service.checking import load_all_decisions

        order = ListOrder.of(sort)
        if order is None:
            raise StatsbidragError(
                _("--sort must be date, id or total (also datum, summa), not {value!r}").format(
                    value=sort
                )
            )
        decisions = load_all_decisions(data_dirs_from(decisions_dir, None))
        out.emit(list_report(decisions, order))


@app.command(
    rich_help_panel="Everyday", epilog="Example: statsbidrag show gms-sprintr-biobank-2026"
)
def show(
    decision: DecisionArgument,
    sources: Annotated[
        bool,
        typer.Option(
            "--sources",
            metavar="",
            help="Cite each fact with the sentences it is read from and the document's title, "
            "publisher and date, instead of the document's file name.",
        ),
    ] = False,
    decisions_dir: DecisionsDir = None,
    population_dir: PopulationDir = None,
    sources_dir: SourcesDir = None,
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
        from ..reports.overview import document_names, quoting, show_report
        from ..service.decisions import show_decision

        dirs = data_dirs_from(decisions_dir, population_dir, sources_dir)
        view = show_decision(dirs, decision)
        cite = quoting(view.library.describe) if sources else document_names
        out.emit(show_report(view.loaded, view.regions, cite))


@app.command(
    rich_help_panel="Across decisions",
    epilog="Example: statsbidrag ledger --year 2026",
)
def ledger(
    year: Annotated[
        int | None, typer.Option("--year", help="Only this budget year (default: all).")
    ] = None,
    decisions_dir: DecisionsDir = None,
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
        from ..reports.overview import ledger_report
        from ..service.overview import ledger

        result = ledger(data_dirs_from(decisions_dir, None), year)
        out.emit(ledger_report(result.lines, year, result.years))


@app.command(
    rich_help_panel="Across decisions",
    epilog="Example: statsbidrag deadlines --after 2026-11-23 --ics frister.ics",
)
def deadlines(
    after: Annotated[
        str | None,
        typer.Option("--after", help="Only deadlines later than this date: YYYY-MM-DD or today."),
    ] = None,
    upcoming: Annotated[
        bool,
        typer.Option("--upcoming", metavar="", help="Only deadlines still to come (after today)."),
    ] = False,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", dir_okay=False, help="Also write the deadlines as an iCalendar file."
        ),
    ] = None,
    remind: Annotated[
        int,
        typer.Option(
            "--remind",
            min=0,
            max=366,
            metavar="<days>",
            help="In the --ics file, a reminder this many days before each deadline (0: none).",
        ),
    ] = 7,
    decisions_dir: DecisionsDir = None,
    fmt: FormatOption = None,
    excel: ExcelOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Every dated obligation across decisions, sorted by date, with who must act.

    Rekvisition windows, the end of the use period, reports, repayments and the agency's report
    to the government. --ics writes a calendar file (one all-day event per deadline) that
    calendar programs import, each with a reminder --remind days ahead (default 7); --force
    replaces an existing one.
    """
    with reporting_errors():
        out = Output.of(fmt, excel, output, force)
        from ..render.ics import calendar
        from ..reports.overview import calendar_events, deadlines_report
        from ..service.overview import deadlines_after

        if upcoming and after:
            raise StatsbidragError(_("give --after or --upcoming, not both"))
        today = dt.date.today()
        if upcoming or (after or "").strip().lower() in ("today", "idag"):
            since: dt.date | None = today
        else:
            since = parse_date(after, "--after") if after else None
        items = deadlines_after(data_dirs_from(decisions_dir, None), since)
        files = []
        if ics is not None:
            text = calendar(calendar_events(items), _("statsbidrag: deadlines"), remind)
            files.append((ics, text.encode("utf-8")))
        out.emit(deadlines_report(items, since), files)
    if ics is not None:
        typer.echo(
            ngettext(
                "Wrote {count} deadline to {file}", "Wrote {count} deadlines to {file}", len(items)
            ).format(count=len(items), file=ics),
            err=True,
        )
