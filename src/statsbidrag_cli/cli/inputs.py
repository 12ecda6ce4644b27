"""What a command's output depends on: the files and folders the output cache fingerprints.

A command that may be answered from the output cache (:mod:`.replay`) names one of the
functions here as its ``inputs``. Each takes the run's data folders and the command's own
option values as plain data (:data:`Plain`: what JSON holds), and returns the paths whose
content the output depends on, or None when this run's output is not to be kept.

They live apart from the commands, with no Typer in sight, because a warm run calls them
before the command line is parsed: :func:`.replay.replay_command_line` finds them by name in
:data:`INPUTS`, with the values an earlier run of the same command line kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from ..files.store import DataDirs

Plain: TypeAlias = "bool | int | str | list[Plain] | None"
"""An option's value as the output cache keeps it (a path as its text)."""
Inputs: TypeAlias = Callable[["DataDirs", Mapping[str, Plain]], "list[Path] | None"]

INPUTS: dict[str, Inputs] = {}
"""Every inputs function, by name: an entry names the one it was made with."""


def inputs(function: Inputs) -> Inputs:
    """Register ``function`` in :data:`INPUTS` under its name."""
    INPUTS[function.__name__] = function
    return function


def data_inputs(dirs: DataDirs) -> list[Path]:
    """The folders every decision's output depends on: the population folders (the built-in
    one too: a dataset or geography file the folder lacks is read there) and the sources."""
    from ..files.store import default_dir

    return [dirs.population, default_dir("population"), dirs.sources_folder]


@inputs
def one_decision(dirs: DataDirs, values: Mapping[str, Plain]) -> list[Path] | None:
    """What one decision's output depends on (``allocate``): its file, found afresh as the
    command finds it (a new file of the same diarienummer is another input), and
    :func:`data_inputs`."""
    from ..files.store import decision_path

    if values.get("chart") is not None:
        return None  # writes a file beside the output
    return [decision_path(dirs, str(values["decision"])), *data_inputs(dirs)]


@inputs
def decision_set(dirs: DataDirs, values: Mapping[str, Plain]) -> list[Path] | None:
    """What a check of the decision set depends on (``check``): every decision file and
    :func:`data_inputs` (a check of one decision compares its diarienummer with all)."""
    if values.get("changed"):
        return None  # what git sees as changed is not in these files
    named = values.get("decisions")
    references = [Path(str(reference)) for reference in named] if isinstance(named, list) else []
    files = [path for path in references if path.is_file()]  # a file given by its path, anywhere
    return [*files, dirs.decisions, *data_inputs(dirs)]
