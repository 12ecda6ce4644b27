"""What every ``statsbidrag`` command shares: the app, the options, errors and output.

The commands live in the modules beside this one and register themselves on :data:`app`; a
:class:`~statsbidrag_cli.errors.StatsbidragError` becomes one clean message on stderr and exit
code 2 through :func:`reporting_errors`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import StatsbidragError
from ..i18n import _
from ..render.formats import OutputFormat
from ..reports.report import Report
from .language import Language, check_language_env

if TYPE_CHECKING:
    from ..files.store import DataDirs

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
    add_completion=True,
)


def _print_version(value: bool) -> None:
    """``--version``: print and exit before any command is looked for."""
    if value:
        from .. import __version__

        typer.echo(f"statsbidrag {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    ctx: typer.Context,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            metavar="",
            envvar="STATSBIDRAG_NO_CACHE",
            help="Read and validate every file afresh, without the cache of earlier runs "
            "(kept in ~/.cache/statsbidrag or $STATSBIDRAG_CACHE_DIR; safe to delete).",
        ),
    ] = False,
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            case_sensitive=False,
            show_default=False,
            help="The language of everything shown to people: sv (Swedish, the default) or en "
            "(English); without it, $STATSBIDRAG_LANG. May also follow the command "
            "(statsbidrag allocate X --lang en). CSV and JSON keys are English in both.",
        ),
    ] = Language.sv,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            metavar="",
            is_eager=True,
            callback=_print_version,
            help="Print statsbidrag's version and exit.",
        ),
    ] = False,
) -> None:
    """Options for every command (given before it: statsbidrag --no-cache check)."""
    from typer._click.core import ParameterSource

    with reporting_errors():
        given = ctx.get_parameter_source("lang") is ParameterSource.COMMANDLINE
        check_language_env(explicit=given)
    if no_cache:
        import os

        os.environ["STATSBIDRAG_NO_CACHE"] = "1"


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
SourcesDir = Annotated[
    Path | None,
    typer.Option(
        "--sources-dir",
        envvar="STATSBIDRAG_SOURCES_DIR",
        file_okay=False,
        help="Folder of the source documents the decisions quote (default: sources/ beside "
        "the decisions folder).",
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table (default), csv, json or xlsx (an Excel workbook; -o "
        "FILE.xlsx also chooses it).",
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option(
        "--excel",
        metavar="",
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
        # "\\[": Rich would take "[chart]" for markup and drop it.
        help="Also draw a bar chart per region to FILE.svg or FILE.png "
        "(needs statsbidrag\\[chart]).",
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
    bool, typer.Option("--force", metavar="", help="Replace the --output file if it exists.")
]


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn the project's errors into a message on stderr and exit code 2, no traceback."""
    try:
        yield
    except StatsbidragError as error:
        typer.echo(_("Error: {message}").format(message=error), err=True)
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
        """Resolve ``--format``, ``--excel`` and ``-o``: --excel means CSV; ``-o FILE.xlsx``
        (``.csv``, ``.json``) chooses the format when none is given, and a contradiction
        between them is refused; a workbook is written to a file only."""
        from ..render.formats import FORMAT_OF_SUFFIX

        if excel and fmt not in (None, OutputFormat.csv):
            assert fmt is not None
            raise StatsbidragError(
                _("--excel writes CSV; it cannot be combined with --format {format}").format(
                    format=fmt.value
                )
            )
        implied = FORMAT_OF_SUFFIX.get(path.suffix.lower()) if path is not None else None
        chosen = OutputFormat.csv if excel else (fmt or implied or OutputFormat.table)
        if implied is not None and chosen is not implied and chosen is not OutputFormat.table:
            raise StatsbidragError(
                _(
                    "-o {path} is a {implied} file, but the format is {chosen}; give a matching "
                    "file name or --format"
                ).format(path=path, implied=implied.value, chosen=chosen.value)
            )
        if implied is not None and chosen is OutputFormat.table and fmt is not None:
            raise StatsbidragError(
                _(
                    "-o {path} is a {implied} file, but --format table writes text; leave out "
                    "--format or use --format {implied}"
                ).format(path=path, implied=implied.value)
            )
        if chosen is OutputFormat.xlsx and path is None:
            raise StatsbidragError(_("--format xlsx writes a workbook: give -o FILE.xlsx"))
        return cls(chosen, excel, path, force)

    @property
    def to_terminal(self) -> bool:
        """A table on standard output: drawn by Rich, with colour where the terminal has it."""
        return self.format is OutputFormat.table and self.path is None

    def emit(self, report: Report, extra: Sequence[tuple[Path, bytes]] = ()) -> None:
        """Write a report in the chosen format to stdout or ``--output``, together with any
        ``extra`` files (a chart, a calendar): all files are written, or none."""
        from ..files.output import write_data, write_files

        if self.to_terminal:
            from rich.console import Console

            from ..render.formats import draw_table

            write_files(extra, self.force)
            draw_table(report, Console())
            return
        data = self.format.renderer(excel=self.excel).render(report, width=None)
        if self.path is None:
            write_files(extra, self.force)
            write_data(data, None)
        else:
            write_files([*extra, (self.path, data)], self.force)


def data_dirs_from(
    decisions_dir: Path | None, population_dir: Path | None, sources_dir: Path | None = None
) -> DataDirs:
    """The data folders the options name, else the built-in ones; both must exist."""
    from ..files.store import data_dirs

    return data_dirs(decisions_dir, population_dir, sources_dir)


def chart_file(
    path: Path | None, title: str, report: Report, keys: list[str]
) -> list[tuple[Path, bytes]]:
    """The report's rows drawn as a bar chart (one bar per key), as a file to write with the
    report; nothing when no ``--chart`` was asked for."""
    if path is None:
        return []
    from ..render.chart import bar_chart
    from ..reports.report import chart_series

    labels = [str(row.get("region") or row.get("code")) for row in report.rows]
    return [(path, bar_chart(path, title, labels, chart_series(report, keys)))]


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


def programmes_dir_from(path: Path | None) -> Path:
    """The programmes folder the option names, else the built-in one; it must exist."""
    from ..files.store import default_dir

    folder = path if path is not None else default_dir("programmes")
    if not folder.is_dir():
        raise StatsbidragError(
            _("programmes folder {folder} does not exist or is not a folder").format(folder=folder)
        )
    return folder
