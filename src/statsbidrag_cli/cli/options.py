"""Arguments and options several commands share (beyond the folders and output that
:func:`~statsbidrag_cli.cli.command.command` adds), and how their values are read."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import StatsbidragError
from ..i18n import _
from ..reports.report import Report

if TYPE_CHECKING:
    from ..service.variants import Variant

DecisionArgument = Annotated[
    str, typer.Argument(help="Decision id or diarienummer, e.g. S2026/00953.", show_default=False)
]
PopulationVariantOption = Annotated[
    str | None,
    typer.Option(
        "--population",
        metavar="NAME",
        help="Use this population dataset (see population list) instead of the one the "
        "decision names: a what-if, said in the output.",
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PART=KRONOR",
        help="What-if: give a part of the decision another amount, e.g. --set "
        "population=30000000 (repeatable); compared with the decision's own result, never "
        "written to its file.",
    ),
]
ChartOption = Annotated[
    Path | None,
    typer.Option(
        "--chart",
        dir_okay=False,
        # "\\[": Rich would take "[chart]" for markup and drop it.
        help="Also draw a bar chart per region to FILE.svg or FILE.png "
        "(needs statsbidrag\\[chart]).",
    ),
]
ByOption = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="[regions|regioner|samverkansregioner|kommuner]",
        help="The units: regions (also: regioner), samverkansregioner or kommuner.",
    ),
]


def chart_file(
    path: Path | None,
    title: str,
    report: Report,
    keys: list[str],
    names: dict[str, str] | None = None,
) -> list[tuple[Path, bytes]]:
    """The report's rows drawn as a bar chart (one bar per key), as a file to write with the
    report; nothing when no ``--chart`` was asked for. The legend names each series by
    ``names`` or its column's heading: display names in the run's language, never ids."""
    if path is None:
        return []
    from ..render.chart import bar_chart
    from ..reports.report import chart_series

    headings = {column.key: column.heading for column in report.columns}
    shown = {key: (names or {}).get(key) or headings.get(key, key) for key in keys}
    series = {shown[key]: values for key, values in chart_series(report, keys).items()}
    labels = [str(row.get("region") or row.get("code")) for row in report.rows]
    return [(path, bar_chart(path, title, labels, series))]


FIRST_YEAR = 1900
LAST_YEAR = 2199
YearOption = Annotated[
    int | None, typer.Option("--year", help="Only this budget year (default: all).")
]
"""A budget year option (``ledger``, ``compare``): read by :func:`budget_year`."""


def budget_year(value: int | None, option: str = "--year") -> int | None:
    """A year option's value, or a usage error when it is no budget year at all (negative,
    0, 99999): the one range check of every year option."""
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise StatsbidragError(
            _("{option} must be a budget year from {first} to {last}, not {value}").format(
                option=option, first=FIRST_YEAR, last=LAST_YEAR, value=value
            )
        )
    return value


def generation_time() -> dt.datetime:
    """When an output is made: ``$SOURCE_DATE_EPOCH`` (reproducible-builds.org) when set, so
    the same input can give the same bytes, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not epoch.isdigit() or len(epoch) > 12:
        raise StatsbidragError(
            _("$SOURCE_DATE_EPOCH must be whole seconds since 1970, not {value!r}").format(
                value=epoch[:40]
            )
        )
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def comma_list(value: str | None) -> list[str] | None:
    """A comma-separated option value as a list of its non-empty items; None when not given."""
    if not value:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_date(value: str, option: str) -> dt.date:
    """A ``YYYY-MM-DD`` option value as a date, or a usage error naming the option.

    Exactly that form: ``20241231`` or ``2024-W52-2``, which Python's ISO parser would take,
    are refused like any other."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StatsbidragError(
            _("{option} must be a date as YYYY-MM-DD, not {value!r}").format(
                option=option, value=value
            )
        ) from None


def parse_kronor(value: str, option: str) -> int:
    """Whole kronor as people type them (``10000000``, ``10 000 000``, ``10_000_000``)."""
    from ..models.numbers import parse_grouped

    amount = parse_grouped(value)
    if amount is None:
        raise StatsbidragError(
            _(
                "{option} must be whole kronor below 10^15, e.g. 10000000, 10 000 000 or "
                "10_000_000, not {value!r}"
            ).format(option=option, value=value)
        )
    return amount


def variant_of(population: str | None, settings: list[str] | None = None) -> Variant:
    """The what-if the options ask for (empty: the decision itself); each ``--set`` is read
    before any file is."""
    from ..service.variants import Variant, parse_setting

    amounts = tuple(parse_setting(setting) for setting in settings or ())
    ids = [component_id for component_id, _amount in amounts]
    if len(set(ids)) != len(ids):
        raise StatsbidragError(_("--set names one part twice; give each part once"))
    return Variant(population, amounts)
