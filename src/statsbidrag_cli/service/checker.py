"""One decision's full check, cached: its sums (:mod:`statsbidrag_cli.core.checks`) and its
sources (:mod:`statsbidrag_cli.core.traceability`), each failure located at the file and line
of the field at fault.

A check report is cached under the decision file's path, the folders and the what-if, with
the record of every file and folder its computation read (the decision, the datasets and
geography wherever they were found, the source documents:
:mod:`statsbidrag_cli.files.cache.reads`), and used only while that record holds, so a second
``check`` of an unchanged set reads no YAML and allocates nothing. The allocation modules
(and with them pydantic's models) are imported only when a check is computed, not when it is
answered from the cache: that is what keeps a warm ``check`` fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.checks import CheckReport, Finding
from ..files import cache
from ..files.local.store import DataDirs, LoadedDecision
from ..files.local.text import read_text
from .variants import NO_VARIANT, Variant, apply_variant

if TYPE_CHECKING:  # imported when a check is computed (see the module docstring)
    from ..core.allocation import Allocation
    from ..files.local.sources import SourceLibrary
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
        """:meth:`check` where the caller has found no cache entry (not looked for again).
        The decision is validated afresh, not through the cache of validated decisions: the
        report's entry is the one a second run reads, so a file costs one write, not two."""
        loaded, _allocation, report = self._allocated(path, None, cached_decision=False)
        return report, identity_of(loaded)

    def allocate_and_check(self, path: Path) -> CheckedAllocation:
        """The decision at ``path`` allocated, with its failed checks (the report cached as
        :meth:`check` caches it)."""
        _loaded, allocation, report = self._allocated(path, self.cached(path))
        return CheckedAllocation(allocation, [f.located_message for f in report.failures])

    def _allocated(
        self,
        path: Path,
        hit: tuple[CheckReport, Identity] | None,
        *,
        cached_decision: bool = True,
    ) -> tuple[LoadedDecision, Allocation, CheckReport]:
        """The decision at ``path`` loaded, what-if applied, allocated, and its report: the
        one a cache entry had (``hit``), else made and kept with the record of what it read."""
        with cache.recording() as record:
            loaded = self.load(path, read_text(path), cached=cached_decision)
            loaded = apply_variant(loaded, self.variant, every_decision=True)
            allocation = self.allocate(loaded)
            report = hit[0] if hit is not None else self.report(loaded, allocation)
        if hit is None:
            result = (report, identity_of(loaded))
            cache.store_checked("checks", self._key(path), result, encode_check, record)
        return loaded, allocation, report

    @staticmethod
    def load(path: Path, text: str | None = None, *, cached: bool = True) -> LoadedDecision:
        """The decision file read and validated (``text``: already read, so not read again;
        ``cached``: through the cache of validated decisions)."""
        from ..files.local.store import load_decision_file

        return load_decision_file(path, text, cached=cached)

    def allocate(self, loaded: LoadedDecision) -> Allocation:
        from .decisions import PopulationCache, allocate_loaded

        self._population = self._population or PopulationCache(self.population_dir)
        return allocate_loaded(loaded, self._population)

    def report(self, loaded: LoadedDecision, allocation: Allocation) -> CheckReport:
        """Every check of a decision, each failure at the file and line of its field."""
        from ..core.checks import check_allocation

        findings = [*check_allocation(allocation).findings, *self._source_findings(loaded)]
        return self._located(loaded, allocation.decision_id, findings)

    def unallocated_report(self, loaded: LoadedDecision) -> CheckReport:
        """The checks a decision that cannot be allocated (a tie without a rule, an unknown
        code) still gets: its sums against the total, funding, earmarks, dates and every
        quote, so ``validate`` reports every problem at once."""
        from ..core.checks import decision_findings

        findings = [*decision_findings(loaded.decision), *self._source_findings(loaded)]
        return self._located(loaded, loaded.id, findings)

    def _source_findings(self, loaded: LoadedDecision) -> list[Finding]:
        from ..core.traceability import source_uses, trace_sources
        from ..files.local.sources import SourceLibrary

        self._library = self._library or SourceLibrary(self.sources_dir)
        decision = loaded.decision
        documents = self._library.texts({use.source.document for use in source_uses(decision)})
        return list(trace_sources(decision, documents))

    @staticmethod
    def _located(loaded: LoadedDecision, decision_id: str, findings: list[Finding]) -> CheckReport:
        located = []
        file = str(loaded.path)  # one string for every finding of the file
        for f in findings:
            line, column = loaded.mark(f.location) or (None, None)
            located.append(Finding(f.check, f.ok, f.message, f.location, file, line, column))
        return CheckReport(decision_id, tuple(located))

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
