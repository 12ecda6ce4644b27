"""Checking decisions, in one place: ``check``, ``validate`` and ``allocate`` use it.

A decision's own check, cached, is :mod:`.checker`'s; a large set is shared among processes
by :mod:`.check_workers`. Here: which files a run checks (all, those named, those a changed
data file affects, those git sees as changed), and the rule across files: two files with one
diarienummer are an error, since one decision is one file, or ``ledger`` would charge its
anslagspost twice. Git (and ``subprocess``) is loaded only for ``--changed`` or a check of part
of a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..core.checks import CheckOutcome, PackedReport
from ..errors import StatsbidragError
from ..files.local.store import (
    DataDirs,
    LoadedDecision,
    decision_file_texts,
    decision_files,
    decision_path,
)
from ..files.local.text import read_text
from ..i18n import _
from .check_workers import checked_files
from .checker import CheckedAllocation, DecisionChecker, checker_for, identity_of
from .variants import NO_VARIANT, Variant

if TYPE_CHECKING:  # imported when a check is computed (see the module docstring)
    pass


def allocate_and_check(
    dirs: DataDirs, reference: str, variant: Variant = NO_VARIANT
) -> CheckedAllocation:
    """Allocate the decision ``reference`` and say what ``check`` would report as failed."""
    return checker_for(dirs, variant).allocate_and_check(decision_path(dirs, reference))


def check_decisions(
    dirs: DataDirs,
    references: Sequence[str],
    changed_since: str | None = None,
    variant: Variant = NO_VARIANT,
    *,
    every_finding: bool = True,
) -> list[CheckOutcome]:
    """Check the named decisions (ids, diarienummer or file paths), those changed since git
    revision ``changed_since``, or every decision file when neither is given.
    ``every_finding=False`` keeps of each passed check only that it passed (the text lines
    need no more), so a run over any number of files keeps a few hundred bytes per file.

    One unreadable file does not stop the others from being checked; it is reported as an
    error outcome. A diarienummer shared with any file of the folder is an error even when
    only some files are checked.
    """
    if changed_since is not None:
        from ..files.git.changes import changed_files  # and subprocess: 7 ms, for git only

        folders = [dirs.decisions, dirs.population, dirs.sources_folder]
        paths = affected_decisions(dirs, changed_files(dirs.decisions, changed_since, folders))
        files = [str(path) for path in _once([*paths, *_named_paths(dirs, references)])]
    elif references:
        files = [str(path) for path in _named_paths(dirs, references)]
    else:
        files = all_decision_file_texts(dirs)  # text, not a Path each: a fifth of the memory
    whole_set = not references and changed_since is None
    checker = checker_for(dirs, variant)
    reports: dict[str, PackedReport] = {}
    errors: dict[str, StatsbidragError] = {}
    numbers: dict[str, str | None] = {}
    for path, result in checked_files(checker, files, every_finding):
        if isinstance(result, StatsbidragError):
            errors[path] = result
        else:
            reports[path], identity = result
            numbers[path] = identity.diarienummer  # where it stands is found again if needed

    def where(file: str) -> str:
        """Where a clashing file's diarienummer stands (rare: read again, not kept for all)."""
        path = Path(file)
        hit = checker.cached(path)
        return (hit[1] if hit else identity_of(checker.load(path, cached=False))).where

    clashes = shared_diarienummer(numbers, where)
    if not whole_set:
        clashes |= _clashes_with_the_set(dirs, numbers, where)
    outcomes = []
    for file in files:  # each report moved, not copied: the dicts empty as the list fills
        failure = errors.pop(file, None) or clashes.get(file)
        report = reports.pop(file, None)
        name = report.decision_id if report is not None else Path(file).stem
        outcomes.append(CheckOutcome(name, None if failure else report, failure, file))
    return outcomes


def _named_paths(dirs: DataDirs, references: Sequence[str]) -> list[Path]:
    """The decision files the arguments name: decisions themselves, and for a population or
    source file (as pre-commit passes them) every decision it affects."""
    paths: list[Path] = []
    data: list[Path] = []
    for reference in references:
        candidate = Path(reference)
        if candidate.exists() and candidate.resolve().parent in _data_folders(dirs):
            data.append(candidate.resolve())
        else:
            paths.append(_reference_path(dirs, reference))
    if data:
        paths += affected_decisions(dirs, data)
    return _once(paths)


def _once(paths: Sequence[Path]) -> list[Path]:
    """``paths`` with each file once, however it was named (``decisions/X.yaml`` as given,
    and the same file found in the decisions folder by its absolute path)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _data_folders(dirs: DataDirs) -> set[Path]:
    return {dirs.population.resolve(), dirs.sources_folder.resolve()}


def affected_decisions(dirs: DataDirs, changed: Sequence[Path]) -> list[Path]:
    """The decision files a set of changed files affects: changed decision files themselves;
    every decision, when a geography file (``lan.csv``, ``kommuner.csv``,
    ``samverkansregioner.yaml``) or the sources index changed; those whose population part
    uses a changed dataset, or whose quotes stand in a changed source document. A decision
    that cannot be read is included (so its error is reported)."""
    from ..files.local.population import GEOGRAPHY_FILES

    decisions_dir = dirs.decisions.resolve()
    population, sources = dirs.population.resolve(), dirs.sources_folder.resolve()
    own = {p for p in changed if p.parent == decisions_dir and p.suffix == ".yaml" and p.is_file()}
    datasets = {p.stem for p in changed if p.parent == population}
    documents = {p.name for p in changed if p.parent == sources}
    everything = bool(datasets & {Path(name).stem for name in GEOGRAPHY_FILES}) or (
        "index.yaml" in documents
    )
    by_resolved = {path.resolve(): path for path in decision_files(dirs.decisions)}
    affected = set(own)
    if datasets or documents:
        for resolved, path in by_resolved.items():
            if everything or resolved in affected or _uses(path, datasets, documents):
                affected.add(resolved)
    return sorted(by_resolved.get(path, path) for path in affected)


def _uses(path: Path, datasets: set[str], documents: set[str]) -> bool:
    """Whether the decision at ``path`` uses one of ``datasets`` or quotes one of
    ``documents`` (a decision that cannot be read counts: its error is to be shown)."""
    from ..core.traceability import source_uses

    try:
        decision = DecisionChecker.load(path).decision
    except StatsbidragError:
        return True
    used = {getattr(component, "population", None) for component in decision.components}
    quoted = {use.source.document for use in source_uses(decision)}
    return bool(used & datasets or quoted & documents)


def _reference_path(dirs: DataDirs, reference: str) -> Path:
    """A decision named by id or diarienummer, or given as a path to its file."""
    candidate = Path(reference)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    return decision_path(dirs, reference)


def all_decision_files(dirs: DataDirs) -> list[Path]:
    """The decision files in the folder; an empty folder is an error, not a silent pass."""
    return [Path(file) for file in all_decision_file_texts(dirs)]


def all_decision_file_texts(dirs: DataDirs) -> list[str]:
    """:func:`all_decision_files` as text (see :func:`.files.local.store.decision_file_texts`)."""
    files = decision_file_texts(dirs.decisions)
    if not files:
        raise StatsbidragError(
            _("no decision files (*.yaml) in {decisions}").format(decisions=dirs.decisions)
        )
    return files


def _clashes_with_the_set(
    dirs: DataDirs, numbers: Mapping[str, str | None], where: Callable[[str], str]
) -> dict[str, StatsbidragError]:
    """Checked files whose diarienummer another file of the decisions folder also has."""
    from ..files.git.changes import diarienummer_index

    index = diarienummer_index(dirs.decisions)
    errors = {}
    for path, number in numbers.items():
        if number is None:
            continue
        here = Path(path).resolve()
        others = sorted(str(p) for p, n in index.items() if n == number and p != here)
        if others:
            errors[path] = StatsbidragError(
                _(
                    "{where}: diarienummer {number} is also that of {value}; keep one "
                    "file per decision"
                ).format(where=where(path), number=number, value=", ".join(others))
            )
    return errors


File = TypeVar("File", Path, str)
"""A decision file named by its path, or by the path's text (what a large ``check`` keeps)."""


def shared_diarienummer(
    numbers: Mapping[File, str | None], where: Callable[[File], str]
) -> dict[File, StatsbidragError]:
    """An error for every file (by its path or the path's text) whose diarienummer another
    file of the set has too; ``where`` gives ``file:line:column`` of a clashing file's
    diarienummer."""
    by_number: dict[str, list[File]] = {}
    for path, number in numbers.items():
        if number is not None:
            by_number.setdefault(number, []).append(path)
    errors = {}
    for number, paths in by_number.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(str(p) for p in paths if p != path)
                errors[path] = StatsbidragError(
                    _(
                        "{value}: diarienummer {number} is also that of {others}; keep "
                        "one file per decision"
                    ).format(value=where(path), number=number, others=others)
                )
    return errors


def load_all_decisions(dirs: DataDirs) -> list[LoadedDecision]:
    """Every decision file in the decisions folder, validated; the first invalid one, or two
    files with one diarienummer, is an error."""
    decisions = [DecisionChecker.load(path) for path in all_decision_files(dirs)]
    identities = {d.path: identity_of(d) for d in decisions}
    numbers = {path: identity.diarienummer for path, identity in identities.items()}
    clashes = shared_diarienummer(numbers, lambda path: identities[path].where)
    if clashes:
        first, *rest = clashes.values()
        raise StatsbidragError(first.message, [error.message for error in rest])
    return decisions


@dataclass(frozen=True)
class FileOutcome:
    """What ``validate`` found in one file: its kind and every problem (none if it is valid)."""

    path: Path
    kind: str
    problems: list[str]


def validate_file(path: Path, population_dir: Path, sources: Path | None = None) -> FileOutcome:
    """Validate one decision or population file, whatever folder it is in.

    Decision files are also allocated and checked against the population files in
    ``population_dir``, so unknown codes and amounts that do not add up are reported too;
    their quotes are checked against ``sources`` (default: ``sources`` beside the folder the
    file is in).
    """
    from ..files.local.population import validate_population_file
    from ..files.local.store import sources_beside
    from ..files.local.yamlfile import parse_yaml

    kind = _("CSV file") if path.suffix.lower() == ".csv" else _("YAML file")
    try:
        if path.suffix.lower() == ".csv":
            return FileOutcome(path, validate_population_file(path, population_dir), [])
        document = parse_yaml(read_text(path), path, collect=True)  # to see what it is
        if isinstance(document.data, dict) and (
            "samverkansregioner" in document.data or "reference_date" in document.data
        ):
            return FileOutcome(path, validate_population_file(path, population_dir), [])
        kind = _("decision")
        checker = DecisionChecker(population_dir, sources or sources_beside(path.parent))
        loaded = checker.load(path)
        try:
            report = checker.report(loaded, checker.allocate(loaded))
        except StatsbidragError as error:  # every other problem of the file, at once
            rest = checker.unallocated_report(loaded).failures
            problems = [error.message, *error.details, *(f.located_message for f in rest)]
            return FileOutcome(path, kind, list(dict.fromkeys(problems)))  # each once
    except StatsbidragError as error:
        return FileOutcome(path, kind, [error.message, *error.details])
    return FileOutcome(path, kind, [f.located_message for f in report.failures])
