"""The ``statsbidrag`` command line: options in, library calls, a renderer out.

Thin by design: a command's body calls :mod:`statsbidrag_cli.service`, builds a report
(:mod:`statsbidrag_cli.reports`) and returns it; :func:`.command.command` declares its shared
options, renders what it returns (:mod:`statsbidrag_cli.render`) and maps errors to exit
codes, in one place. The commands are grouped in :mod:`.decisions`, :mod:`.overview`,
:mod:`.data`, :mod:`.programmes`, :mod:`.authoring` and :mod:`.upkeep`; importing one registers
its commands on the app of :mod:`.root`, with options shared by several in :mod:`.options`.
:mod:`.framework` is the only module that touches Typer's and Click's internals;
:mod:`.language` reads ``--lang`` wherever it stands. Exit codes: 0 all good, 1 a check
failed, 2 unusable input or usage.

Start-up is lazy: :func:`main` imports only the module of the command being run (all of them
for ``--help`` or an unknown command), so a run pays for one command, not twenty.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["COMMAND_MODULES", "app", "main"]

COMMAND_MODULES: dict[str, str] = {
    "allocate": "decisions",
    "check": "decisions",
    "audit": "decisions",
    "repay": "decisions",
    "show": "overview",
    "list": "overview",
    "ledger": "overview",
    "deadlines": "overview",
    "recipient": "overview",
    "population": "data",
    "split": "data",
    "validate": "authoring",
    "schema": "authoring",
    "new": "authoring",
    "programme": "programmes",
    "compare": "programmes",
    "cache": "upkeep",
}
"""Which module registers each top-level command (a test checks it against the app)."""

MODULE_ORDER = ("decisions", "overview", "data", "programmes", "authoring", "upkeep")


def load_commands(names: tuple[str, ...] = MODULE_ORDER) -> typer.Typer:
    """Import the command modules ``names`` (registering their commands) and return the app."""
    for name in MODULE_ORDER:
        if name in names:
            import_module(f".{name}", __name__)
    from .framework import tidy_help
    from .root import app as typer_app

    tidy_help(typer_app)
    return typer_app


def tolerate_narrow_encodings() -> None:
    """Where standard output or error cannot encode every character (``LC_ALL=C``,
    ``PYTHONIOENCODING=ascii`` or ``latin-1``), show the others as ``?`` rather than fail,
    and say so once (:func:`.root._options`). Data files (CSV, JSON, workbooks) are UTF-8
    whatever the terminal."""
    narrow = []
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "åäöÅÄÖ−×…«»│─".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
                narrow.append(encoding)
    NARROW_ENCODINGS[:] = narrow  # the root callback says so, in the run's language


NARROW_ENCODINGS: list[str] = []
"""The encodings of standard output and error that cannot show every character."""


def command_modules(argv: list[str]) -> tuple[str, ...]:
    """The modules a command line needs: the invoked command's, or every one."""
    words = [word for word in argv if not word.startswith("-")]
    module = COMMAND_MODULES.get(words[0]) if words else None
    if module is None or any(word in ("--help", "-h") for word in argv[:1]):
        return MODULE_ORDER
    return (module,)


def _require_current_folder() -> None:
    """A current folder that was deleted (or moved away) under the shell: one clear message
    and exit code 2 before anything looks for a decision set from it."""
    import os

    try:
        os.getcwd()
    except OSError:
        from ..i18n import _
        from .language import hoist_language

        hoist_language(sys.argv[1:])  # the message in the run's language
        sys.stderr.write(
            _(
                "Error: the current folder no longer exists (it was deleted or moved); "
                "change to a folder that exists and run the command again"
            )
            + "\n"
        )
        sys.exit(2)


def __getattr__(name: str) -> Any:
    """``app``: the whole command line, every command registered (for tests and embedding)."""
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``statsbidrag`` command."""
    tolerate_narrow_encodings()
    _require_current_folder()
    try:
        load_commands(command_modules(sys.argv[1:]))()
    except BrokenPipeError:  # e.g. `statsbidrag ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        sys.exit(1)
