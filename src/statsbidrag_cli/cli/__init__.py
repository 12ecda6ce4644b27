"""The ``statsbidrag`` command line: options in, library calls, a renderer out.

Thin by design: every command parses options, calls :mod:`statsbidrag_cli.service`, builds a
report (:mod:`statsbidrag_cli.reports`) and writes it (:mod:`statsbidrag_cli.render`). The
commands are grouped in :mod:`.decisions`, :mod:`.overview`, :mod:`.data` and
:mod:`.programmes`; importing them registers them on :data:`app`. Exit codes: 0 all good,
1 a check failed, 2 unusable input or usage.
"""

from __future__ import annotations

import sys

from . import data, decisions, overview, programmes  # noqa: F401 (registers)
from .common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``statsbidrag`` command."""
    try:
        app()
    except BrokenPipeError:  # e.g. `statsbidrag ... | head`: the reader left; not an error of ours
        sys.stderr.close()
        sys.exit(1)
