"""Whole outputs kept: a repeated ``allocate -f csv`` or ``check -f json`` writes the bytes an
earlier run wrote, once everything that run read is as it was.

The key is the question, as the command line put it once parsed (the command, its own option
values, the format, the data folders as resolved, the current folder: :func:`output_key`, with
the running code and the language that every key holds). The entry holds the bytes written,
the notes for standard error and the exit code, with the record of every file and folder the
run read (:mod:`.reads`), which is checked before the entry is used.

Only data formats are kept (CSV, JSON, Markdown, HTML, the CI formats): a table for people is
laid out for a terminal's size and colours, which Rich may read from any of the three
standard streams, and is never answered from before.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import load_checked, store_checked
from .entries import fingerprint
from .reads import Reads

KIND = "outputs"


@dataclass(frozen=True)
class KeptOutput:
    """What a run wrote: the bytes, the notes for standard error, the exit code."""

    data: bytes
    notes: tuple[str, ...]
    exit_code: int


def output_key(*question: str) -> str | None:
    """The key of a run's output given the parts of its question (see the module docstring);
    None when the current folder is gone (relative paths would mean nothing)."""
    try:
        here = os.getcwd()
    except OSError:
        return None
    return fingerprint(KIND, here, *question)


def load_output(key: str) -> KeptOutput | None:
    """The output kept under ``key``, if what its run read is unchanged."""
    return load_checked(KIND, key, _decode)


def keep_output(key: str, data: bytes, notes: Sequence[str], exit_code: int, record: Reads) -> None:
    """Keep a run's output with the record of what it read."""
    store_checked(KIND, key, KeptOutput(data, tuple(notes), exit_code), _encode, record)


def _encode(value: KeptOutput) -> dict[str, object]:
    return {
        "data": base64.b64encode(value.data).decode("ascii"),
        "notes": list(value.notes),
        "exit_code": value.exit_code,
    }


def _decode(value: Any) -> KeptOutput:
    if not isinstance(value, dict) or set(value) != {"data", "notes", "exit_code"}:
        raise ValueError("not a kept output")
    data, notes, exit_code = value["data"], value["notes"], value["exit_code"]
    if not isinstance(data, str) or type(exit_code) is not int or exit_code not in (0, 1):
        raise ValueError("not a kept output")
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ValueError("not notes")
    return KeptOutput(base64.b64decode(data, validate=True), tuple(notes), exit_code)
