"""One way to declare a command: :func:`command` adds the shared options, runs, renders.

A command's body declares only its own arguments and options, and a first parameter
``run: Invocation``. The decorator adds the shared folder and output options it asks for (and
no others), resolves them before the body runs (a bad ``--format``/``-o`` pair is refused
before any file is read), calls the body, and does the rest in one place:

* renders what the body returns (a :class:`~statsbidrag_cli.reports.report.Report`, or an
  :class:`Outcome` with the report, extra files, notes and an exit code) in the chosen
  format, to standard output or ``-o FILE``, all files written or none;
* writes notes to standard error, data to standard output (as pip-audit does);
* turns a :class:`~statsbidrag_cli.errors.StatsbidragError` into one clean message on
  standard error and its exit code, never a traceback.

Exit codes (README, ``--help``): 0 all good, 1 a check failed, 2 unusable input or usage.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Flag, StrEnum, auto
from pathlib import Path
from typing import Annotated, Any

if typing.TYPE_CHECKING:  # loaded when a command runs, not to declare it (--help)
    from collections.abc import Mapping

    from ..files.local.store import DataDirs

import typer

from ..errors import EXIT_OK, StatsbidragError
from ..i18n import N_, _
from ..render.registry import DATA_FORMATS, Format, FormatSet, RenderOptions
from ..reports.report import Report
from .framework import composed_help

EXIT_CODES_HELP = "Exit codes: 0 all good; 1 a check failed; 2 unusable input or usage."


class Folders(Flag):
    """The data folders a command reads; each becomes a ``--…-dir`` option."""

    NONE = 0
    DECISIONS = auto()
    PROGRAMMES = auto()
    POPULATION = auto()
    SOURCES = auto()


class Writes(StrEnum):
    """What a command writes, which decides its output options."""

    NOTHING = "nothing"
    """Messages only (its own options, if any)."""
    REPORT = "report"
    """A report: ``--format``, ``--excel``, ``-o`` and ``--force``."""
    FILE = "file"
    """A text of one kind: ``-o`` and ``--force``."""


@dataclass(frozen=True)
class Output:
    """The output options, resolved once: the format, its options, the file, ``--force``."""

    format: Format
    excel: bool
    path: Path | None
    force: bool

    @classmethod
    def of(
        cls,
        name: str | None,
        excel: bool,
        path: Path | None,
        force: bool,
        formats: FormatSet = DATA_FORMATS,
    ) -> Output:
        """Resolve ``--format``, ``--excel`` and ``-o``: --excel means CSV; ``-o FILE.csv``
        (any suffix of ``formats``) chooses the format when none is given, and a
        contradiction between them is refused; a workbook is written to a file only."""
        if excel and name not in (None, "csv"):
            raise StatsbidragError(
                _("--excel writes CSV; it cannot be combined with --format {format}").format(
                    format=name
                )
            )
        implied = formats.of_suffix(path.suffix) if path is not None else None
        default = formats.default
        chosen = formats.get("csv") if excel else formats.get(name) if name else implied or default
        if implied is not None and chosen is not implied and chosen is not default:
            raise StatsbidragError(
                _(
                    "-o {path} is a {implied} file, but the format is {chosen}; give a matching "
                    "file name or --format"
                ).format(path=path, implied=implied.name, chosen=chosen.name)
            )
        if implied is not None and chosen is default and name is not None:
            raise StatsbidragError(
                _(
                    "-o {path} is a {implied} file, but --format table writes text; leave out "
                    "--format or use --format {implied}"
                ).format(path=path, implied=implied.name)
            )
        if chosen.needs_file and path is None:
            raise StatsbidragError(
                _("--format {format} writes a file, not text: give -o FILE{suffix}").format(
                    format=chosen.name, suffix=chosen.suffix or ""
                )
            )
        return cls(chosen, excel, path, force)

    def write(
        self, report: Report | None, files: Sequence[tuple[Path, bytes]] = ()
    ) -> bytes | None:
        """Render ``report`` and write it to stdout or ``-o``, with ``files`` beside it: all
        files are written, or none. The rendered bytes are returned."""
        from ..files.local.output import write_files

        if report is None:
            write_files(files, self.force)
            return None
        options = RenderOptions(terminal=self.path is None, excel=self.excel)
        data = self.format.renderer().render(report, options)
        self.emit(data, files)
        return data

    def emit(self, data: bytes, files: Sequence[tuple[Path, bytes]] = ()) -> None:
        """Write rendered ``data`` to stdout or ``-o`` (see :meth:`write`)."""
        from ..files.local.output import write_data, write_files

        if self.path is None:
            write_files(files, self.force)
            if self.format.for_people:  # in the terminal's encoding (see main())
                sys.stdout.write(data.decode("utf-8"))
                sys.stdout.flush()
            else:
                write_data(data, None)
        else:
            write_files([*files, (self.path, data)], self.force)


@dataclass(frozen=True)
class Outcome:
    """What a command body returns when a report alone does not say it all."""

    report: Report | None = None
    """Rendered in the chosen format (nothing when None)."""
    exit_code: int = EXIT_OK
    notes: Sequence[str] = ()
    """Lines for standard error, after the data."""
    files: Sequence[tuple[Path, bytes]] = ()
    """Files written together with the report (a chart, a calendar), all or none."""
    text: str | None = None
    """Plain text for a command that writes no report (``validate``'s lines, a schema)."""


@dataclass(frozen=True)
class Invocation:
    """The shared options as resolved for one run, handed to the command's body."""

    dirs: DataDirs
    """The data folders (the built-in ones where a command declares none)."""
    programmes: Path | None = None
    output: Output | None = None
    force: bool = False


# The shared options ---------------------------------------------------------------------------

DIR_OPTIONS: dict[Folders, tuple[str, Any]] = {
    Folders.DECISIONS: (
        "decisions_dir",
        typer.Option(
            "--decisions-dir",
            envvar="STATSBIDRAG_DECISIONS_DIR",
            file_okay=False,
            help="Folder of decision files (default: decisions/ in this folder or the nearest "
            "parent that has one, else the built-in decisions).",
        ),
    ),
    Folders.PROGRAMMES: (
        "programmes_dir",
        typer.Option(
            "--programmes-dir",
            envvar="STATSBIDRAG_PROGRAMMES_DIR",
            file_okay=False,
            help="Folder of programme files (default: the built-in programmes/).",
        ),
    ),
    Folders.POPULATION: (
        "population_dir",
        typer.Option(
            "--population-dir",
            envvar="STATSBIDRAG_POPULATION_DIR",
            file_okay=False,
            help="Folder of population files (default: population/ beside the decisions folder, "
            "else the nearest population/ from this folder, else the built-in one).",
        ),
    ),
    Folders.SOURCES: (
        "sources_dir",
        typer.Option(
            "--sources-dir",
            envvar="STATSBIDRAG_SOURCES_DIR",
            file_okay=False,
            help="Folder of the source documents the decisions quote (default: sources/ beside "
            "the decisions folder).",
        ),
    ),
}

EXCEL_OPTION = typer.Option(
    "--excel",
    metavar="",
    help="CSV for Swedish Excel: semicolons, UTF-8 BOM, CRLF line ends. Implies --format csv.",
)
OUTPUT_OPTION = typer.Option(
    "--output",
    "-o",
    dir_okay=False,
    help="Write to this file (atomically) instead of standard output.",
)
FORCE_OPTION = typer.Option("--force", metavar="", help="Replace the --output file if it exists.")


@functools.cache
def format_choices(formats: FormatSet) -> type[StrEnum]:
    """The ``--format`` choices of a format set, as the enum Typer offers them from."""
    return StrEnum("FormatChoice", {name: name for name in formats.names})  # type: ignore[return-value]


def format_help(formats: FormatSet) -> str:
    """``--format``'s help, written from the registry, in the run's language when shown."""

    def build(translate: Callable[[str], str]) -> str:
        choices = "; ".join(f"{item.name}, {translate(item.help)}" for item in formats)
        return translate(N_("Output format: {choices}.")).format(choices=choices)

    return composed_help(build)


def _shared_parameters(folders: Folders, writes: Writes, formats: FormatSet) -> list[Any]:
    """The parameters the decorator adds, in the order help lists them."""
    params = []
    for flag, (name, option) in DIR_OPTIONS.items():
        if flag in folders:
            params.append(_keyword(name, Annotated[Path | None, option], None))
    if writes is Writes.REPORT:
        choice = format_choices(formats)
        metavar = "<" + "|".join(formats.names) + ">"  # the same in every Typer version
        fmt = typer.Option("--format", "-f", metavar=metavar, help=format_help(formats))
        params.append(_keyword("fmt", Annotated[choice | None, fmt], None))
        params.append(_keyword("excel", Annotated[bool, EXCEL_OPTION], False))
    if writes in (Writes.REPORT, Writes.FILE):
        params.append(_keyword("output", Annotated[Path | None, OUTPUT_OPTION], None))
        params.append(_keyword("force", Annotated[bool, FORCE_OPTION], False))
    return params


def _keyword(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


# The decorator --------------------------------------------------------------------------------

Body = Callable[..., "Report | Outcome | None"]


def command(
    group: typer.Typer,
    name: str | None = None,
    *,
    panel: str | None = None,
    epilog: str | None = None,
    folders: Folders = Folders.NONE,
    writes: Writes = Writes.REPORT,
    formats: FormatSet = DATA_FORMATS,
    default_format: Callable[[], str | None] | None = None,
    whole_set: bool = False,
    kept_when: Callable[[Mapping[str, Any]], bool] | None = None,
) -> Callable[[Body], Body]:
    """Register ``body`` as a command of ``group`` with the shared options it needs.

    ``folders`` and ``writes`` choose the options; ``formats`` the ``--format`` choices (and
    ``-o`` suffixes); ``default_format`` may choose a format when none is given (``check``
    in GitHub Actions). A command over the ``whole_set`` of decisions (``check``, ``list``,
    ``ledger``) says on standard error which decision set it read when it found one from the
    current folder. The body's help is its docstring.

    ``kept_when``, given the command's own option values, says whether a run's output may be
    kept in the output cache (:mod:`statsbidrag_cli.files.cache.outputs`): a data format on
    standard output is then written again by the next run with the same question, as long
    as every file and folder the first run read is as it was.
    """
    declared = Declaration(folders, writes, formats, default_format, whole_set, kept_when)

    def register(body: Body) -> Body:
        hints = typing.get_type_hints(body, include_extras=True)
        own = [
            parameter.replace(annotation=hints[parameter.name])
            for parameter in list(inspect.signature(body).parameters.values())[1:]
        ]
        shared = _shared_parameters(folders, writes, formats)
        shared_names = {parameter.name for parameter in shared}

        @functools.wraps(body)
        def run_command(**values: Any) -> None:
            options = {key: values.pop(key) for key in shared_names}
            try:
                outcome = _run(body, values, options, declared)
            finally:
                from ..files import cache

                cache.flush()  # every entry the run stored is on disk when it ends
                cache.prune_when_due()
            for note in outcome.notes:
                typer.echo(_for_terminal(note), err=True)
            if outcome.exit_code != EXIT_OK:
                raise typer.Exit(outcome.exit_code)

        parameters = [*own, *shared]
        run_command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run_command.__annotations__ = {p.name: p.annotation for p in parameters}
        group.command(name, rich_help_panel=panel, epilog=epilog)(run_command)
        return body

    return register


@dataclass(frozen=True)
class Declaration:
    """What a command declared it needs (see :func:`command`)."""

    folders: Folders
    writes: Writes
    formats: FormatSet
    default_format: Callable[[], str | None] | None
    whole_set: bool = False
    kept_when: Callable[[Mapping[str, Any]], bool] | None = None
    """Whether a run's output may be kept in the output cache (see :func:`command`)."""


def _run(
    body: Body, values: dict[str, Any], options: dict[str, Any], declared: Declaration
) -> Outcome:
    """Resolve the shared options, run the body, write what it returns; errors become one
    message and their exit code."""
    try:
        invocation = _invocation(options, declared)
        key = _output_key(body.__name__, values, invocation, declared)
        if key is None:
            return _computed(body, values, invocation, declared)[0]
        from ..files import cache
        from ..files.cache.outputs import keep_output, load_output

        kept = load_output(key)
        if kept is not None and invocation.output is not None:
            invocation.output.emit(kept.data)
            return Outcome(exit_code=kept.exit_code, notes=kept.notes)
        with cache.recording() as record:
            outcome, data = _computed(body, values, invocation, declared)
        if data is not None and not outcome.files and outcome.exit_code in (0, 1):
            keep_output(key, data, outcome.notes, outcome.exit_code, record)
    except StatsbidragError as error:
        fail(error)
    return outcome


def _computed(
    body: Body, values: dict[str, Any], invocation: Invocation, declared: Declaration
) -> tuple[Outcome, bytes | None]:
    """Run the body and write what it returns: the outcome and the report's bytes."""
    result = body(invocation, **values)
    outcome = result if isinstance(result, Outcome) else Outcome(report=result)
    if declared.whole_set and invocation.dirs.found:
        used = _("Decision set: {set}").format(set=invocation.dirs.describe())
        outcome = replace(outcome, notes=[used, *outcome.notes])
    return outcome, _write(invocation, outcome)


def _output_key(
    command_name: str, values: dict[str, Any], invocation: Invocation, declared: Declaration
) -> str | None:
    """The output cache's key of this run, or None when its output is not kept: the command
    keeps none, the cache is off, the output goes to a file or is laid out for people."""
    output = invocation.output
    if (
        declared.kept_when is None
        or output is None
        or output.path is not None
        or output.format.for_people
        or not _cache_on()
        or not declared.kept_when(values)
    ):
        return None
    from ..files.cache.outputs import output_key

    return output_key(
        command_name,
        repr(sorted(values.items())),
        output.format.name,
        repr(output.excel),
        repr(invocation.dirs),
        repr(invocation.programmes),
    )


def _invocation(options: dict[str, Any], declared: Declaration) -> Invocation:
    folders, writes, formats = declared.folders, declared.writes, declared.formats
    default_format = declared.default_format
    output = None
    if writes is Writes.REPORT:
        chosen = options["fmt"].value if options["fmt"] is not None else None
        if chosen is None and not options["excel"] and default_format is not None:
            chosen = default_format()
        output = Output.of(chosen, options["excel"], options["output"], options["force"], formats)
    elif writes is Writes.FILE:
        output = Output(formats.default, False, options["output"], options["force"])
    return Invocation(
        dirs=_data_dirs(options),
        programmes=_programmes_dir(options.get("programmes_dir"))
        if Folders.PROGRAMMES in folders
        else None,
        output=output,
        force=options.get("force", False),
    )


def _cache_on() -> bool:
    """Whether the cache is on (imported here: declaring a command needs none of it)."""
    from ..files import cache

    return cache.enabled()


def _data_dirs(options: dict[str, Any]) -> DataDirs:
    """The folders the options name, else those of the nearest decision set (this folder or
    a parent holding ``decisions/``), else the built-in ones; those named must exist."""
    from ..files.local.store import data_dirs

    return data_dirs(
        options.get("decisions_dir"),
        options.get("population_dir"),
        options.get("sources_dir"),
        find_from=Path.cwd(),
    )


def _programmes_dir(path: Path | None) -> Path:
    """The programmes folder the option names, else the built-in one; it must exist."""
    from ..files.local.store import default_dir

    folder = path if path is not None else default_dir("programmes")
    if not folder.is_dir():
        raise StatsbidragError(
            _("programmes folder {folder} does not exist or is not a folder").format(folder=folder)
        )
    return folder


def _write(invocation: Invocation, outcome: Outcome) -> bytes | None:
    """Write what the body returned; the rendered report's bytes (None for anything else)."""
    output = invocation.output
    if outcome.text is not None:
        from ..files.local.output import write_data

        path = output.path if output is not None else None
        write_data(outcome.text.encode("utf-8"), path, invocation.force)
    elif output is not None:
        return output.write(outcome.report, outcome.files)
    return None


_OVERSIZED = re.compile(r"\S{201,}")
"""A word of more than 200 characters: a value nobody typed by hand, echoed as its start."""


def fail(error: StatsbidragError) -> typing.NoReturn:
    """The one place an error becomes a message on stderr and its exit code. An oversized
    value in the message (100 000 characters of an option) is shown by its first 80."""
    message = _("Error: {message}").format(message=error)
    message = _OVERSIZED.sub(lambda found: found.group()[:80] + "…", message)
    typer.echo(_for_terminal(message), err=True)
    raise typer.Exit(error.exit_code) from None


def _for_terminal(message: str) -> str:
    """A message for standard error, wrapped between words at the terminal's width when it is
    a terminal (kept whole in a log or a pipe)."""
    from ..render.wrap import wrapped

    return wrapped(message)
