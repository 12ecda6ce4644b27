"""A large ``check`` shared among worker processes, and the order its results come back in.

Reports a cache entry answers are read here; the others are computed here when they are few
(:data:`PARALLEL_FROM`), else by worker processes, one per processor (``STATSBIDRAG_JOBS`` at
most), each writing its own cache entries and sending back what it read, so the run's own
output entry rests on every file its workers read. The output is the same, byte for byte,
whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..core.checks import PackedReport
from ..errors import StatsbidragError
from ..files import cache
from .checker import DecisionChecker, Identity
from .variants import Variant

Checked = tuple[PackedReport, Identity] | StatsbidragError
"""What a run keeps of one decision file: its packed report and identity, or its error."""
PARALLEL_FROM = 64
"""Reports to compute before a run shares the work among processes (fewer are done here)."""
_CHUNK = 25
"""Decision files a worker process checks per task."""


def checked_files(
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
