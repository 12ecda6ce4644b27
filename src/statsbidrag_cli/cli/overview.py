"""Commands across decisions: list, show, ledger and deadlines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import StatsbidragError
from ..i18n import _, ngettext
from ..reports.report import Report
from .command import Folders, Invocation, Outcome, command
from .options import DecisionArgument, YearOption, budget_year, generation_time, parse_date
from .root import app


@command(
    app,
    "list",
    panel="Everyday",
    epilog="Example: statsbidrag list --sort total --format csv",
    folders=Folders.DECISIONS,
    whole_set=True,
)
def list_decisions(
    run: Invocation,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="[date|id|total]",
            help="Order: date (unknown dates last), id or total; also datum or summa.",
        ),
    ] = "date",
) -> Report:
    """List every decision: id, diarienummer, date, budget year, title, total; unknowns say so."""
    from ..reports.overview import ListOrder, list_report
    from ..service.checking import load_all_decisions

    order = ListOrder.of(sort)
    if order is None:
        raise StatsbidragError(
            _("--sort must be date, id or total (also datum, summa), not {value!r}").format(
                value=sort
            )
        )
    return list_report(load_all_decisions(run.dirs), order)


@command(
    app,
    panel="Everyday",
    epilog="Example: statsbidrag show gms-sprintr-biobank-2026",
    folders=Folders.DECISIONS | Folders.POPULATION | Folders.SOURCES,
)
def show(
    run: Invocation,
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
) -> Report:
    """Show a whole decision: parties, purposes, earmarks, funding, dates, conditions, sources.

    Every fact is listed with the source document it is read from. JSON gives the decision
    file's full content.
    """
    from ..reports.overview import document_names, quoting, show_report
    from ..service.decisions import show_decision

    view = show_decision(run.dirs, decision)
    cite = quoting(view.library.describe) if sources else document_names
    return show_report(view.loaded, view.regions, cite, view.units)


@command(
    app,
    panel="Across decisions",
    epilog="Example: statsbidrag ledger --year 2026",
    folders=Folders.DECISIONS,
    whole_set=True,
)
def ledger(
    run: Invocation,
    year: YearOption = None,
) -> Report:
    """Totals per utgiftsområde / anslag / anslagspost and budget year, across all decisions.

    Each line splits what is charged into what is paid to recipients and the agency's own-work
    allowance (a maximum), and names the decisions behind it.
    """
    from ..reports.overview import ledger_report
    from ..service.overview import ledger as ledger_of

    result = ledger_of(run.dirs, budget_year(year))
    return ledger_report(result.lines, year, result.years)


@command(
    app,
    panel="Across decisions",
    epilog="Example: statsbidrag deadlines --after 2026-11-23 --ics frister.ics",
    folders=Folders.DECISIONS,
    whole_set=True,
)
def deadlines(
    run: Invocation,
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
) -> Outcome:
    """Every dated obligation across decisions, sorted by date, with who must act.

    Rekvisition windows, the end of the use period, reports, repayments and the agency's report
    to the government. --ics writes a calendar file (one all-day event per deadline) that
    calendar programs import, each with a reminder --remind days ahead (default 7); --force
    replaces an existing one.
    """
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
    items = deadlines_after(run.dirs, since)
    if ics is None:
        return Outcome(deadlines_report(items, since))
    text = calendar(calendar_events(items), _("statsbidrag: deadlines"), generation_time(), remind)
    note = ngettext(
        "Wrote {count} deadline to {file}", "Wrote {count} deadlines to {file}", len(items)
    ).format(count=len(items), file=ics)
    return Outcome(
        deadlines_report(items, since), files=[(ics, text.encode("utf-8"))], notes=[note]
    )


@command(
    app,
    panel="Across decisions",
    epilog="Example: statsbidrag recipient 12 --year 2026 --format csv",
    folders=Folders.DECISIONS | Folders.POPULATION,
    whole_set=True,
)
def recipient(
    run: Invocation,
    code: Annotated[
        str,
        typer.Argument(
            help="The recipient's code: a region's county code (12 for Region Skåne) or a "
            "kommun's (0114).",
            show_default=False,
        ),
    ],
    year: YearOption = None,
) -> Report:
    """Everything one region (or kommun) receives, across every decision.

    One row per decision and component: the computed amount, the published one where the
    agency published a table, what was paid, the anslagspost charged and the decision's
    deadlines; then the totals per budget year. The CSV has the same columns for every
    recipient, so outputs stack.
    """
    from ..reports.overview import received_report
    from ..service.overview import received_by

    return received_report(received_by(run.dirs, code.strip(), budget_year(year)), year)
