"""The output cache: a run whose inputs are as an earlier run's writes that run's output again.

A command that declares its ``inputs`` (``allocate``, ``check``; see :mod:`.inputs`) keeps,
after a run that wrote a report to standard output (not a terminal, no ``-o``, no extra
files), the bytes it wrote, its notes and its exit code, keyed by everything the output
depends on (:meth:`Plan.key`):

* the command, the value of each of its own options, the format and ``--excel``;
* the data folders as resolved, and the content of every input file and folder it names
  (a decision file; the population, built-in population and sources folders);
* statsbidrag's version, the entry format and the run's language (every key has them,
  :func:`statsbidrag_cli.files.cache.fingerprint`), the encoding of standard output and the
  environment that changes how text is laid out (``COLUMNS``, ``NO_COLOR``, ``TERM``, the
  variables Rich reads, ``GITHUB_ACTIONS``).

A run of the ``statsbidrag`` command also keeps its :class:`Plan` (those options as plain
data) under its **command line**: the words after ``statsbidrag``, the current folder, the
environment the command line is read with (:data:`_COMMAND_LINE_ENVIRONMENT`) and standard
output's encoding. The next run of the same command line is answered by
:func:`replay_command_line` before Typer is even imported: it reads the plan, finds the data
folders and the inputs afresh (a new ``decisions/`` folder, a new file or an edited one
changes the key), works out the output's key as above and writes what is kept under it.
That is how a warm ``allocate --format csv`` starts faster than a bare Typer app. Anything
it cannot settle (no plan, a folder gone, an output not kept) is a miss, and the command
line is read as always.

Entries are data like every cache entry (bytes as base64, notes as text, the exit code as a
number, a plan's fields by type), checked on reading; an unusable one is a miss.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import cache
from ..i18n import LANGUAGES, language
from .inputs import INPUTS, Inputs, Plain

if TYPE_CHECKING:
    from ..files.store import DataDirs
    from .command import Invocation

KIND = "outputs"
PLANS = "plans"
"""The kind of the entries that hold a command line's plan."""
_LAYOUT = (
    "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TERM_PROGRAM",
    "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "UNICODE_VERSION",
    "DATABRICKS_RUNTIME_VERSION", "PY_COLORS", "TERMINAL_WIDTH",
    "_TYPER_FORCE_DISABLE_TERMINAL", "GITHUB_ACTIONS",
)  # fmt: skip
"""Environment variables that change what a format writes (Rich and Typer read them)."""
_COMMAND_LINE_ENVIRONMENT = ("STATSBIDRAG_", "_STATSBIDRAG", "TYPER", "_TYPER", "COMP_")
"""Prefixes of the environment variables that change how a command line is read: options
given by environment (``STATSBIDRAG_DECISIONS_DIR``, ``STATSBIDRAG_LANG``), Typer's settings
and shell completion; with :data:`_LAYOUT`, part of a command line's key."""
_FOLDER_OPTIONS = ("decisions_dir", "population_dir", "sources_dir")


@dataclass(frozen=True)
class Replayed:
    """What an earlier run wrote: the bytes, the notes for standard error, the exit code."""

    data: bytes
    notes: tuple[str, ...]
    exit_code: int


@dataclass(frozen=True)
class Plan:
    """What a run's output depends on besides its data: the command, its options and the run's
    language, all plain data (so a command line's entry can keep it and a warm run check it
    without Typer). The data folders and the inputs are found afresh on every use."""

    command: str
    inputs: str
    """The name of the command's inputs function in :data:`.inputs.INPUTS`."""
    values: dict[str, Plain]
    """The command's own option values (paths as text)."""
    format: str
    excel: bool
    for_people: bool
    """Whether the format is text for people (written in the terminal's encoding)."""
    folders: tuple[str | None, str | None, str | None]
    """``--decisions-dir``, ``--population-dir`` and ``--sources-dir`` as given."""
    language: str

    def data_dirs(self) -> DataDirs:
        """The data folders these options give from the current folder, found afresh (as
        the command finds them: raises what it raises)."""
        from ..files.store import data_dirs

        decisions, population, sources = (Path(f) if f is not None else None for f in self.folders)
        return data_dirs(decisions, population, sources, find_from=Path.cwd())

    def key(self, dirs: DataDirs) -> str | None:
        """The key of this run's output with the data folders ``dirs``: None when the
        command keeps no output of this run (``--chart``, ``--changed``)."""
        paths = INPUTS[self.inputs](dirs, self.values)
        if paths is None:
            return None
        parts: list[str | bytes] = [
            KIND,
            self.command,
            self.language,  # the fingerprint's too: said here, where a warm run sets it
            json.dumps(self.values, sort_keys=True),
            self.format,
            repr(self.excel),
            repr(dirs),
            _environment(_LAYOUT),
            repr(getattr(sys.stdout, "encoding", None)),  # Rich draws ASCII rules where not UTF-8
        ]
        for path in dict.fromkeys(path.resolve() for path in paths):  # each input once
            parts += [str(path), _content(path)]
        return cache.fingerprint(*parts)


def plan(
    inputs: Inputs | None,
    command: str,
    values: Mapping[str, Any],
    options: Mapping[str, Any],
    invocation: Invocation,
) -> Plan | None:
    """The plan of a run of ``command``, or None when its output is not to be kept: the
    command names no inputs, the cache is off, the output goes to a file or a terminal."""
    output = invocation.output
    if inputs is None or output is None or output.path is not None or not cache.enabled():
        return None
    if _is_terminal():
        return None  # a terminal's width and colours are its own
    try:
        plain = {name: _plain(value) for name, value in values.items()}
        folders = tuple(_plain(options.get(name)) for name in _FOLDER_OPTIONS)
    except TypeError:
        return None  # an option of a kind the cache does not keep
    return Plan(
        command,
        inputs.__name__,
        plain,
        output.format.name,
        output.excel,
        output.format.for_people,
        folders,  # type: ignore[arg-type]  # three texts or None, as _plain gives them
        language(),
    )


def _plain(value: Any) -> Plain:
    """An option's value as plain data: a path as its text, an enum of texts as its value;
    TypeError for anything else."""
    if value is None or type(value) in (bool, int):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)  # type: ignore[no-any-return]
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise TypeError(f"no plain form for {type(value).__name__}")


def _environment(names: Sequence[str]) -> str:
    return repr([os.environ.get(name) for name in names])


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


# The command line ------------------------------------------------------------------------------


@dataclass
class _CommandLine:
    """This process's command line, while ``main`` runs it (a test runner's invoke has none):
    set by :func:`replay_command_line`, cleared by :func:`forget_command_line`."""

    key: str | None = None
    """The key its plan is kept under."""
    tried: tuple[Plan, DataDirs, str | None] | None = None
    """The plan kept for it, with the data folders and the output key it gave, where it was
    tried and missed: the run that follows neither hashes every input again nor keeps the
    same plan twice."""


_line = _CommandLine()


def command_line_key(argv: Sequence[str]) -> str | None:
    """The key of a command line (see the module docstring); None when no run of it can be
    kept: the cache is off, standard output is a terminal, the current folder is gone."""
    if not cache.enabled() or "--no-cache" in argv or sys.stdout is None or _is_terminal():
        return None
    try:
        here = os.getcwd()
    except OSError:
        return None
    read_with = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith(_COMMAND_LINE_ENVIRONMENT)
    )
    return cache.fingerprint(
        PLANS,
        json.dumps(list(argv)),
        here,
        json.dumps(read_with),
        _environment(_LAYOUT),
        repr(getattr(sys.stdout, "encoding", None)),
    )


def replay_command_line(argv: Sequence[str]) -> int | None:
    """Write what an earlier run of this command line wrote, when its plan still holds and
    its output is kept under the key the plan gives today, and return its exit code; None
    otherwise (then the command line is read as always, and its run keeps its plan for the
    next: :func:`remember`)."""
    key = command_line_key(argv)
    _line.key = key
    kept = cache.load(PLANS, key, _decode_plan) if key is not None else None
    if kept is None:
        return None
    from ..i18n import use_language

    use_language(kept.language)
    try:
        dirs = kept.data_dirs()
        entry_key = kept.key(dirs)
    except Exception:  # a folder gone, a decision not found: the command line, read, says so
        return None
    _line.tried = (kept, dirs, entry_key)
    replayed = load(entry_key) if entry_key is not None else None
    if replayed is None:
        return None
    _write(replayed, kept.for_people)
    return replayed.exit_code


def _write(replayed: Replayed, for_people: bool) -> None:
    """Write a kept output as its run did: the data (text for people in the terminal's
    encoding, other formats as bytes), then the notes on standard error."""
    from ..render.wrap import wrapped

    if for_people:
        sys.stdout.write(replayed.data.decode("utf-8"))
    else:
        sys.stdout.buffer.write(replayed.data)
    sys.stdout.flush()
    for note in replayed.notes:
        sys.stderr.write(wrapped(note) + "\n")
    sys.stderr.flush()


def output_key(plan: Plan, dirs: DataDirs) -> str | None:
    """``plan.key(dirs)``, or the key :func:`replay_command_line` worked out for the same plan
    and folders before it missed (every input is hashed once per run, not twice)."""
    tried = _line.tried
    if tried is not None and tried[0] == plan and tried[1] == dirs:
        return tried[2]
    return plan.key(dirs)


def remember(kept: Plan | None) -> None:
    """Keep the plan of this process's command line (when it is being read: the
    ``statsbidrag`` command, not a library call or a test runner's invoke), unless it is the
    plan already kept for it."""
    if kept is None or _line.key is None:
        return
    if _line.tried is None or _line.tried[0] != kept:
        cache.store(PLANS, _line.key, kept, asdict)


def forget_command_line() -> None:
    """This process's command line has been run: a later run in it is not of that line."""
    _line.key = _line.tried = None


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# Entries ---------------------------------------------------------------------------------------


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
    if not _texts(notes):
        raise ValueError("not notes")
    return Replayed(base64.b64decode(data, validate=True), tuple(notes), exit_code)


def _decode_plan(value: Any) -> Plan:
    """A kept plan, every field checked for its type (an inputs function it names must be
    one of :data:`.inputs.INPUTS`)."""
    fields = ("command", "inputs", "values", "format", "excel", "for_people", "folders", "language")
    if not isinstance(value, dict) or tuple(value) != fields:
        raise ValueError("not a plan")
    texts = [value[name] for name in ("command", "inputs", "format", "language")]
    folders, values = value["folders"], value["values"]
    if not (
        _texts(texts)
        and value["inputs"] in INPUTS
        and value["language"] in LANGUAGES
        and type(value["excel"]) is bool
        and type(value["for_people"]) is bool
        and isinstance(folders, list)
        and len(folders) == len(_FOLDER_OPTIONS)
        and all(folder is None or isinstance(folder, str) for folder in folders)
        and isinstance(values, dict)
        and all(isinstance(name, str) and _is_plain(item) for name, item in values.items())
    ):
        raise ValueError("not a plan")
    return Plan(**{**value, "folders": tuple(folders)})


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(_is_plain(item) for item in value)
    return value is None or type(value) in (bool, int, str)
