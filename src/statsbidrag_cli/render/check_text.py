"""``check``'s default format: one line per decision and one per problem.

Plain lines, not a Rich table, so ``check``, which CI runs often, starts faster without
importing Rich. On a terminal a long problem line wraps between words at its width, continued
under its dash; in a log or a pipe every line stays whole. On a colour terminal the status
word is bold green or red, unless ``NO_COLOR`` is set (no-color.org).
"""

from __future__ import annotations

import io
import os
import sys

from ..reports.report import Report
from .registry import RenderOptions
from .wrap import hanging, terminal_width

COLOURS = {"PASS": "32", "FAIL": "31", "ERROR": "31"}


class CheckTextRenderer:
    """The report's check lines, the status coloured on a colour terminal."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        assert report.extras.checks is not None, "check_text renders check reports only"
        colour = options.terminal and colour_terminal()
        out = io.StringIO()  # the text grows; no list of every line beside it
        width = terminal_width(sys.stdout) if options.terminal else None  # once, not per line
        for status, line in report.extras.checks.lines:
            if width is not None:
                line = hanging(line, width)
            if colour and line.startswith(status):
                line = f"\033[1;{COLOURS[status]}m{status}\033[0m{line[len(status) :]}"
            out.write(line)
            out.write("\n")
        return out.getvalue().encode("utf-8")


def colour_terminal() -> bool:
    """Colour only on a terminal that has it, unless NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
