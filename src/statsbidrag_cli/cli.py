"""The ``statsbidrag`` command line: options in, library calls, a renderer out.

Thin by design: every command parses options, calls :mod:`service`, builds a report and writes
it with :mod:`render`/:mod:`output`. The commands are grouped in ``cli_decisions``,
``cli_overview``, ``cli_data`` and ``cli_programmes``; importing them registers them on
:data:`app`. Exit codes: 0 all good, 1 a check failed, 2 unusable input or usage.
"""

from __future__ import annotations

import sys

from . import cli_data, cli_decisions, cli_overview, cli_programmes  # noqa: F401 (registers)
from .cli_common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``statsbidrag`` command."""
    try:
        app()
    except BrokenPipeError:  # e.g. `statsbidrag ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        sys.exit(1)
