"""The output cache: a run whose inputs are as an earlier run's writes that run's output again.

A command that declares its ``inputs`` (``allocate``, ``check``) keeps, after a run that
wrote a report to standard output (not a terminal, no ``-o``, no extra files), the bytes it
wrote, its notes and its exit code, keyed by everything the output depends on:

* the command, the value of each of its own options, the format and ``--excel``;
* the data folders as resolved, and the content of every input file and folder it names
  (a decision file; the population, built-in population and sources folders);
* statsbidrag's version, the entry format and the run's language (every key has them,
  :func:`statsbidrag_cli.files.cache.fingerprint`), the encoding of standard output and the
  environment that changes how text is laid out (``COLUMNS``, ``NO_COLOR``, ``TERM``, the
  variables Rich reads, ``GITHUB_ACTIONS``).

The next such run reads one entry and writes it: no model, no engine and no renderer is
imported, which is what brings a warm ``allocate --format csv`` to the start-up of a bare
Typer app. An entry is data like every cache entry (bytes as base64, notes as text, the exit
code as a number), checked on reading; an unusable one is a miss.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import cache

if TYPE_CHECKING:
    from .command import Invocation

KIND = "outputs"
_LAYOUT = (
    "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TERM_PROGRAM",
    "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES",
    "_TYPER_FORCE_DISABLE_TERMINAL", "GITHUB_ACTIONS",
)  # fmt: skip
"""Environment variables that change what a format writes (Rich reads most of them)."""


@dataclass(frozen=True)
class Replayed:
    """What an earlier run wrote: the bytes, the notes for standard error, the exit code."""

    data: bytes
    notes: tuple[str, ...]
    exit_code: int


def key(
    inputs: Callable[[Invocation, dict[str, Any]], Sequence[Path] | None] | None,
    invocation: Invocation,
    name: str,
    values: dict[str, Any],
) -> str | None:
    """The key of this run's output, or None when it is not to be cached: the command names
    no inputs, the cache is off, the output goes to a file or a terminal."""
    output = invocation.output
    if inputs is None or output is None or output.path is not None or not cache.enabled():
        return None
    if sys.stdout.isatty():
        return None  # a terminal's width and colours are its own
    paths = inputs(invocation, values)
    if paths is None:
        return None
    parts: list[str | bytes] = [
        KIND,
        name,
        repr(sorted(values.items())),
        output.format.name,
        repr(output.excel),
        repr(invocation.dirs),
        repr([os.environ.get(variable) for variable in _LAYOUT]),
        repr(getattr(sys.stdout, "encoding", None)),  # Rich draws ASCII rules where not UTF-8
    ]
    for path in dict.fromkeys(path.resolve() for path in paths):  # each input once
        parts += [str(path), _content(path)]
    return cache.fingerprint(*parts)


def _content(path: Path) -> str:
    """A fingerprint of a file's bytes or a folder's files ("missing" for neither)."""
    if path.is_dir():
        return cache.folder_fingerprint(path)
    try:
        return cache.fingerprint(path.read_bytes())
    except OSError:
        return "missing"


def load(entry_key: str) -> Replayed | None:
    """The output an earlier run kept under ``entry_key``, if any."""
    return cache.load(KIND, entry_key, _decode)


def keep(entry_key: str, data: bytes, notes: Sequence[str], exit_code: int) -> None:
    """Keep a run's output for the next run with the same inputs."""
    cache.store(KIND, entry_key, Replayed(data, tuple(notes), exit_code), _encode)


def _encode(value: Replayed) -> dict[str, object]:
    import base64

    return {
        "data": base64.b64encode(value.data).decode("ascii"),
        "notes": list(value.notes),
        "exit_code": value.exit_code,
    }


def _decode(value: Any) -> Replayed:
    import base64

    if not isinstance(value, dict) or set(value) != {"data", "notes", "exit_code"}:
        raise ValueError("not a kept output")
    data, notes, exit_code = value["data"], value["notes"], value["exit_code"]
    if not isinstance(data, str) or type(exit_code) is not int or exit_code not in (0, 1, 2):
        raise ValueError("not a kept output")
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ValueError("not notes")
    return Replayed(base64.b64decode(data, validate=True), tuple(notes), exit_code)
