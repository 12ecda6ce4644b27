"""Reading a text file as statsbidrag reads every input: UTF-8, bounded in size, with errors
that name the file (and the line of a byte that is not UTF-8).

Kept apart from the YAML reader so that reading a file does not load PyYAML.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import StatsbidragError, YamlInputError
from ...i18n import _

MAX_BYTES = 2_000_000

Location = tuple[str | int, ...]
PLACEHOLDER = "FYLL I"
"""How ``statsbidrag new`` marks what the author must fill in: ``"FYLL I: belopp i kronor"``."""


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a :data:`PLACEHOLDER` (in any case), still to be filled in."""
    return value[:1] in "Ff" and value.upper().startswith(PLACEHOLDER)  # the first, cheaply


def placeholder_hint(value: str) -> str:
    """What a placeholder asks for: ``"FYLL I: belopp i kronor"`` -> ``"belopp i kronor"``."""
    return value[len(PLACEHOLDER) :].lstrip(" :") or _("this value")


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus the (line, column) of every value, keyed by its path in the data."""

    path: Path
    data: Any
    marks: Mapping[Location, tuple[int, int]] = field(repr=False)
    problems: dict[Location, str] = field(default_factory=dict, repr=False)
    """Values the strict reader refused, by location (each message names file:line:column)."""
    placeholders: dict[Location, str] = field(default_factory=dict, repr=False)
    """Values still holding a :data:`PLACEHOLDER`, with what each asks for, as the reader found
    them on its way (none in a document rebuilt from the cache: it was valid)."""

    def problem_lines(self) -> list[str]:
        return list(self.problems.values())

    def mark(self, location: Location) -> tuple[int, int] | None:
        """(line, column) of the value at ``location``, or of its nearest parent."""
        nearest = getattr(self.marks, "nearest", None)  # a tree of nodes walks down once
        if nearest is not None:
            return nearest(location)  # type: ignore[no-any-return]
        for length in range(len(location), -1, -1):
            mark = self.marks.get(tuple(location[:length]))
            if mark is not None:
                return mark
        return None

    def where(self, location: Location) -> str:
        """``file:line:column`` of the value at ``location``, or of its nearest parent."""
        mark = self.mark(location)
        return f"{self.path}:{mark[0]}:{mark[1]}" if mark else str(self.path)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing huge files and other encodings with a clear error."""
    return _decode(read_bytes(path, max_bytes), path, windows_1252=False)[0]


def read_spreadsheet_text(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Read a CSV a spreadsheet saved: UTF-8, or else the Windows-1252 that Swedish Excel
    saves (never a file with NUL bytes); the text and the encoding it was read as."""
    return _decode(read_bytes(path, max_bytes), path, windows_1252=True)


def legacy_text(raw: bytes) -> tuple[str, str] | None:
    """Bytes a spreadsheet or an old export saved, as text with the encoding read: UTF-8
    (with or without a byte-order mark), else Windows-1252, the 8-bit encoding Swedish Excel
    saves CSV in (``"utf-8"`` or ``"cp1252"``); None for what is neither, or has NUL bytes
    where UTF-8 fails (binary, or UTF-16 without its byte-order mark). The one fallback to a
    legacy encoding, for every reader that allows one."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        return None
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return None


def _decode(raw: bytes, path: Path, windows_1252: bool) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
    legacy = legacy_text(raw)
    if legacy is not None and windows_1252:
        return legacy
    guess = " " + _("(it looks like Latin-1/Windows-1252, e.g. from an old Excel export)")
    raise YamlInputError(
        _("{path}:{line}: not valid UTF-8{guess}; save the file as UTF-8").format(
            path=path, line=line, guess=guess if legacy is not None else ""
        )
    )


def names_ending(folder: Path, suffix: str, unreadable: str) -> list[str]:
    """The names of ``folder``'s entries that end ``suffix``, sorted: none for a folder that
    is not there (the folder options are checked before), and for one that exists but cannot
    be read, an error of ``unreadable`` (a message with ``{folder}`` and ``{strerror}``),
    never an empty set that passes."""
    try:
        with os.scandir(folder) as listing:
            return sorted(entry.name for entry in listing if entry.name.endswith(suffix))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        message = unreadable.format(folder=folder, strerror=error.strerror or error)
        raise StatsbidragError(message) from None


def require_regular_file(path: Path, max_bytes: int) -> None:
    """Refuse, before a library opens ``path`` itself (a workbook), what :func:`read_bytes`
    refuses: no file, a folder, a pipe, a device or a socket, or more than ``max_bytes``."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise YamlInputError(_("{path}: no such file").format(path=path)) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    _refuse_unless_readable(path, info, max_bytes)


def _refuse_unless_readable(path: Path, info: os.stat_result, max_bytes: int) -> None:
    """Refuse a folder, anything but a regular file, or one of more than ``max_bytes``."""
    if stat.S_ISDIR(info.st_mode):
        raise _a_folder(path)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, special_kind(info.st_mode))
    if info.st_size > max_bytes:
        raise _too_large(path, info.st_size, max_bytes)


def _too_large(path: Path, size: int, max_bytes: int) -> YamlInputError:
    return YamlInputError(
        _("{path}: file is {size} bytes, more than the {max_bytes} allowed").format(
            path=path, size=size, max_bytes=max_bytes
        )
    )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing a huge file, a folder, a missing file and anything that is
    not a regular file (a FIFO would wait for a writer, ``/dev/zero`` never ends) with a
    clear error. What is read is noted for the cache (:func:`.cache.reads.note_file`): an
    entry is checked against the bytes the run used, not against a later look."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC)
    except FileNotFoundError:
        raise YamlInputError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise _a_folder(path) from None
    except OSError as error:
        raise _special_or_unreadable(path, error) from None
    try:
        _refuse_unless_readable(path, os.fstat(handle), max_bytes)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise _unreadable(path, error) from None
    finally:
        os.close(handle)
    if len(data) > max_bytes:  # it grew while it was read
        raise _too_large(path, len(data), max_bytes)
    from ..cache.reads import note_file

    note_file(path, data)
    return data


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _special_or_unreadable(path: Path, error: OSError) -> YamlInputError:
    """The error for a file that could not be opened: a socket says so, by name."""
    kind = not_a_file(path)
    return _unreadable(path, error) if kind is None else _not_regular(path, kind)


def _not_regular(path: Path, kind: str) -> YamlInputError:
    return YamlInputError(
        _("{path}: is not a regular file ({kind}); give a file").format(path=path, kind=kind)
    )


def _a_folder(path: Path) -> YamlInputError:
    return YamlInputError(_("{path}: is a folder, not a file").format(path=path))


def _unreadable(path: Path, error: OSError) -> YamlInputError:
    return YamlInputError(
        _("{path}: cannot read ({strerror})").format(path=path, strerror=error.strerror)
    )


def not_a_file(path: Path) -> str | None:
    """What ``path`` is, in words, when it exists and is not a regular file (a folder, a
    named pipe, a device); None for a regular file or nothing there."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else special_kind(mode)


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a file")
