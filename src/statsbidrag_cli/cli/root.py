"""The root ``statsbidrag`` app and the options of every command (given before it).

The commands live in the modules beside this one and register themselves on :data:`app`
through :func:`~statsbidrag_cli.cli.command.command`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import _
from .command import EXIT_CODES_HELP, fail
from .framework import given_on_command_line
from .language import Language, check_language_env

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
        from ..version import __version__

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
            metavar="<sv|en>",
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
    from ..errors import StatsbidragError
    from ..files import cache

    try:
        check_language_env(explicit=given_on_command_line(ctx, "lang"))
    except StatsbidragError as error:
        fail(error)
    cache.use(not no_cache)
    _note_narrow_encoding()


def _note_narrow_encoding() -> None:
    """One line on standard error when the terminal cannot show every character."""
    from . import NARROW_ENCODINGS

    if NARROW_ENCODINGS:
        typer.echo(
            _(
                "Note: the terminal's encoding ({encoding}) cannot show every character; "
                "those are shown as ?"
            ).format(encoding=NARROW_ENCODINGS[0]),
            err=True,
        )
