"""Text wrapped for people at a terminal's width, never inside a word or a grouped number.

Pure (no Rich), so tables, ``check``'s lines and error messages wrap the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from typing import TextIO

_WORD = re.compile(r"(?:\d{1,3}(?: \d{3})+(?!\d)|\S)+")
"""A word for wrapping prose: a run of non-space characters, where a number grouped with spaces
(``10 250 000``) counts as one, so no amount is ever broken across lines."""


def prose(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` at its spaces, never inside a word or a grouped number.

    A word longer than ``width`` gets a line of its own (and runs long rather than be cut).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _WORD.findall(paragraph):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def terminal_width(stream: TextIO) -> int | None:
    """The width to wrap ``stream``'s messages at: the terminal's (``COLUMNS`` overrides),
    or None when the stream is not a terminal (a log, a pipe: lines are kept whole, so grep
    and CI annotations see each message on one line)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"]) if _is_terminal(stream) else None
    if not _is_terminal(stream):
        return None
    return shutil.get_terminal_size().columns


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def wrapped(text: str, stream: TextIO | None = None) -> str:
    """``text`` wrapped for ``stream`` (default standard error) when it is a terminal (see
    :func:`hanging`), unchanged otherwise."""
    width = terminal_width(stream or sys.stderr)
    return text if width is None else hanging(text, width)


def hanging(text: str, width: int) -> str:
    """``text`` wrapped to ``width``; every line after a message's first is indented by the
    message's own leading spaces, and two more under a dash, so a continued problem line
    stays under its dash."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        lead = line[: len(line) - len(stripped)]
        hang = lead + ("  " if stripped.startswith("- ") else "")
        parts = prose(stripped, max(width - len(lead), 20)).split("\n")
        if len(parts) > 1:
            parts = [parts[0], *prose(" ".join(parts[1:]), max(width - len(hang), 20)).split("\n")]
        out += [lead + parts[0], *(hang + part for part in parts[1:])]
    return "\n".join(out)
