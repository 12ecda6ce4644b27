"""The full check of a decision, in one place: ``check``, ``validate`` and ``allocate`` use it.

A decision's check is its sums (:mod:`.core.checks`) and its sources (:mod:`.core.traceability`),
each failure located at the file and line of the field at fault. A check report is cached
under the decision file's path, the folders and the what-if, with the record of every file
and folder its computation read (the decision, the datasets and geography wherever they were
found, the source documents: :mod:`.files.cache.reads`), and used only while that record
holds, so a second ``check`` of an unchanged set reads no YAML and allocates nothing. Two files
with one diarienummer are an error: one decision is one file, or ``ledger`` would charge its
anslagspost twice.

The allocation modules (and with them pydantic's models) are imported only when a check is
computed, not when it is answered from the cache: that is what keeps a warm ``check`` fast;
git (and ``subprocess``) only for ``--changed`` or a check of part of a folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..core.checks import CheckOutcome, CheckReport, Finding, PackedReport
from ..errors import StatsbidragError
from ..files import cache
from ..files.store import (
    DataDirs,
    LoadedDecision,
    decision_file_texts,
    decision_files,
    decision_path,
)
from ..files.text import read_text
from ..i18n import _
from .variants import NO_VARIANT, Variant, apply_variant

if TYPE_CHECKING:  # imported when a check is computed (see the module docstring)
    from ..core.allocation import Allocation
    from ..files.sources import SourceLibrary
    from .decisions import PopulationCache


@dataclass(frozen=True, slots=True)
class Identity:
    """A decision's diarienummer and the ``file:line:column`` where it stands."""

    diarienummer: str | None
    where: str


@dataclass(frozen=True)
class CheckedAllocation:
    """A decision allocated, with what ``check`` would report as failed (empty: it passes)."""

    allocation: Allocation
    failures: list[str]


class DecisionChecker:
    """Checks decision files against one population folder and one sources folder, reading
    each folder at most once however many decisions are checked."""

    def __init__(
        self, population_dir: Path, sources_dir: Path, variant: Variant = NO_VARIANT
    ) -> None:
        self.population_dir = population_dir
        self.sources_dir = sources_dir
        self.variant = variant
        """Another population dataset to check with (``check --population NAME``)."""
        self._population: PopulationCache | None = None
        self._library: SourceLibrary | None = None

    def cached(self, path: Path) -> tuple[CheckReport, Identity] | None:
        """The check report of the decision file at ``path`` as a cache entry has it, or None
        when none does (a file or folder it read changed, or it was never checked)."""
        return cache.load_checked("checks", self._key(path), decode_check)

    def check(self, path: Path) -> tuple[CheckReport, Identity]:
        """The check report of the decision file at ``path`` and its diarienummer: from the
        cache when what its check read is as it was, else computed (and cached)."""
        hit = self.cached(path)
        return hit if hit is not None else self.computed(path)

    def computed(self, path: Path) -> tuple[CheckReport, Identity]:
        """:meth:`check` where the caller has found no cache entry (not looked for again)."""
        with cache.recording() as record:
            loaded = apply_variant(
                self.load(path, read_text(path), cached=False), self.variant, every_decision=True
            )
            report = self.report(loaded, self.allocate(loaded))
        result = (report, identity_of(loaded))
        cache.store_checked("checks", self._key(path), result, encode_check, record)
        return result

    def allocate_and_check(self, path: Path) -> CheckedAllocation:
        """The decision at ``path`` allocated, with its failed checks (the report cached as
        :meth:`check` caches it)."""
        hit = self.cached(path)
        with cache.recording() as record:
            loaded = self.load(path, read_text(path))
            loaded = apply_variant(loaded, self.variant, every_decision=True)
            allocation = self.allocate(loaded)
            report = hit[0] if hit is not None else self.report(loaded, allocation)
        if hit is None:
            result = (report, identity_of(loaded))
            cache.store_checked("checks", self._key(path), result, encode_check, record)
        return CheckedAllocation(allocation, [f.located_message for f in report.failures])

    @staticmethod
    def load(path: Path, text: str | None = None, *, cached: bool = True) -> LoadedDecision:
        """The decision file read and validated (``text``: already read, so not read again;
        ``cached``: through the cache of validated decisions)."""
        from ..files.store import load_decision_file

        return load_decision_file(path, text, cached=cached)

    def allocate(self, loaded: LoadedDecision) -> Allocation:
        from .decisions import PopulationCache, allocate_loaded

        self._population = self._population or PopulationCache(self.population_dir)
        return allocate_loaded(loaded, self._population)

    def report(self, loaded: LoadedDecision, allocation: Allocation) -> CheckReport:
        """Every check of a decision, each failure at the file and line of its field."""
        from ..core.checks import check_allocation
        from ..core.traceability import source_uses, trace_sources
        from ..files.sources import SourceLibrary

        self._library = self._library or SourceLibrary(self.sources_dir)
        decision = loaded.decision
        documents = self._library.texts({use.source.document for use in source_uses(decision)})
        findings = [*check_allocation(allocation).findings, *trace_sources(decision, documents)]
        located = []
        file = str(loaded.path)  # one string for every finding of the file
        for f in findings:
            line, column = loaded.mark(f.location) or (None, None)
            located.append(Finding(f.check, f.ok, f.message, f.location, file, line, column))
        return CheckReport(allocation.decision_id, tuple(located))

    def _key(self, path: Path) -> str:
        """The cache key of a decision's check: the file, the folders it is checked against
        and the what-if (the content of all it read is in the entry's record)."""
        variant = repr((self.variant.population, self.variant.amounts))
        folders = repr([os.path.abspath(self.population_dir), os.path.abspath(self.sources_dir)])
        # the path as given too: the findings name the file so
        return cache.fingerprint("check", str(path), os.path.abspath(path), folders, variant)


def encode_check(value: tuple[CheckReport, Identity]) -> dict[str, object]:
    """A check report and the decision's identity as plain JSON data for the cache."""
    report, identity = value
    return {
        "decision": report.decision_id,
        "findings": [finding.row() for finding in report.findings],
        "identity": [identity.diarienummer, identity.where],
    }


def decode_check(value: object) -> tuple[CheckReport, Identity]:
    """The cache's JSON back as a check report; anything of another shape raises (a miss)."""
    if not isinstance(value, dict) or set(value) != {"decision", "findings", "identity"}:
        raise ValueError("not a cached check")
    findings = [Finding.of_row(row) for row in value["findings"]]
    number, where = value["identity"]
    decision = value["decision"]
    if not (number is None or isinstance(number, str)) or not isinstance(where, str):
        raise ValueError("not an identity")
    if not isinstance(decision, str):
        raise ValueError("not a decision id")
    return CheckReport(decision, tuple(findings)), Identity(number, where)


def identity_of(loaded: LoadedDecision) -> Identity:
    """A loaded decision's diarienummer and where it stands."""
    return Identity(loaded.decision.diarienummer, loaded.where(("diarienummer",)))


def checker_for(dirs: DataDirs, variant: Variant = NO_VARIANT) -> DecisionChecker:
    """A checker of the decisions in ``dirs`` (their population and sources folders)."""
    return DecisionChecker(dirs.population, dirs.sources_folder, variant)


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
        from ..files.changes import changed_files  # and subprocess: 7 ms, for git only

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
    for path, result in _checked(checker, files, every_finding):
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


Checked = tuple[PackedReport, Identity] | StatsbidragError
"""What a run keeps of one decision file: its packed report and identity, or its error."""
PARALLEL_FROM = 64
"""Reports to compute before a run shares the work among processes (fewer are done here)."""
_CHUNK = 25
"""Decision files a worker process checks per task."""


def _checked(
    checker: DecisionChecker, files: Sequence[str], every_finding: bool = True
) -> Iterator[tuple[str, Checked]]:
    """Every file's check, in the order of ``files`` (paths as text): reports a cache entry
    answers, here; the others here too when they are few, else in worker processes (one per
    processor, ``STATSBIDRAG_JOBS`` at most), which each write their own cache entries. Each
    report is packed as soon as it is made: a run keeps about half a kilobyte per file."""
    answered: dict[str, Checked] = {}
    missing: list[str] = []
    for file in files:
        try:
            hit = checker.cached(Path(file))
        except StatsbidragError as error:
            answered[file] = error
            continue
        if hit is None:
            missing.append(file)
        else:
            answered[file] = (hit[0].packed(every_finding), hit[1])
    parallel = len(missing) >= PARALLEL_FROM
    computed = _in_workers(checker, missing, every_finding) if parallel else None
    if computed is None:
        computed = _check_here(checker, missing, every_finding)
    for file in files:
        yield file, answered[file] if file in answered else next(computed)


def _check_here(
    checker: DecisionChecker, files: Sequence[str], every_finding: bool = True
) -> Iterator[Checked]:
    with fewer_collections():
        for file in files:  # those no cache entry answered (see _checked)
            try:
                report, identity = checker.computed(Path(file))
                yield report.packed(every_finding), identity
            except StatsbidragError as error:
                yield error


def _jobs() -> int:
    """How many processes share a large check: the processors this one may use, at most 8,
    or ``STATSBIDRAG_JOBS`` (1: no worker processes)."""
    import os

    given = os.environ.get("STATSBIDRAG_JOBS", "").strip()
    if given.isdigit() and len(given) < 4:
        return max(1, int(given))
    available = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return min(8, len(available) if available else os.cpu_count() or 1)


def _in_workers(
    checker: DecisionChecker, files: Sequence[str], every_finding: bool
) -> Iterator[Checked] | None:
    """The checks of ``files`` computed by worker processes, in order; None where there is one
    processor or no ``fork`` (then they are computed here)."""
    import multiprocessing

    jobs = _jobs()
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    cache.flush()  # nothing of this process's writer is left half-done in the copies
    chunks = [list(files[i : i + _CHUNK]) for i in range(0, len(files), _CHUNK)]
    setup = (checker.population_dir, checker.sources_dir, checker.variant)
    context = multiprocessing.get_context("fork")

    def in_order() -> Iterator[ChunkResult]:
        """Each chunk's results in turn, with a few chunks in flight at a time (not all of
        them waiting, done, in memory)."""
        with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context) as pool:
            waiting: deque[Future[ChunkResult]] = deque()
            for chunk in chunks:
                waiting.append(pool.submit(_check_chunk, (setup, chunk, every_finding)))
                if len(waiting) > 2 * jobs:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()

    def results() -> Iterator[Checked]:
        for chunk, record in in_order():
            cache.reads.repeat(record)  # what the worker read, this run read
            for packed, identity, error in chunk:
                if error is not None:
                    message, details, exit_code = error
                    failure = StatsbidragError(message, details)
                    failure.exit_code = exit_code
                    yield failure
                else:
                    assert packed is not None and identity is not None
                    yield packed, identity

    return results()


WorkerResult = tuple[PackedReport | None, Identity | None, tuple[str, list[str], int] | None]
ChunkResult = tuple[list[WorkerResult], cache.Reads]
"""A worker's results for one chunk, and the record of what it read."""


def _check_chunk(
    job: tuple[tuple[Path, Path, Variant], list[str], bool],
) -> ChunkResult:
    """A worker process's task: check these files, write their cache entries, and return each
    one's packed report and identity, or its error as plain values, with what it read (the
    run's own output entry rests on those files too)."""
    (population_dir, sources_dir, variant), files, every_finding = job
    checker = DecisionChecker(population_dir, sources_dir, variant)
    results: list[WorkerResult] = []
    with cache.recording() as record:
        for result in _check_here(checker, files, every_finding):
            if isinstance(result, StatsbidragError):
                results.append((None, None, (result.message, result.details, result.exit_code)))
            else:
                results.append((result[0], result[1], None))
    cache.flush()  # a worker ends without the exit handlers that would write them
    return results, record


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while many files are checked: their
    node trees and reports are freed as they go (no cycles), and the default thresholds made
    the collector a tenth of a cold run's time."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


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
    from ..files.population import GEOGRAPHY_FILES

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
    """:func:`all_decision_files` as text (see :func:`.files.store.decision_file_texts`)."""
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
    from ..files.changes import diarienummer_index

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
    from ..files.population import validate_population_file
    from ..files.store import sources_beside
    from ..files.yamlfile import parse_yaml

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
        report = checker.report(loaded, checker.allocate(loaded))
    except StatsbidragError as error:
        return FileOutcome(path, kind, [error.message, *error.details])
    return FileOutcome(path, kind, [f.located_message for f in report.failures])
