"""Use cases on one decision: allocate it, audit its published table, repay, show it.

Each loads what it needs through :mod:`statsbidrag_cli.files`, computes with the pure
:mod:`statsbidrag_cli.core` and returns a named result; an error names the decision file and
the line of the field at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.allocation import Allocation, allocate
from ..core.checks import decision_findings
from ..core.geography import Geography, PopulationDataset
from ..core.kinds import kind_of
from ..errors import StatsbidragError
from ..files.cache.reads import Reads, remembered
from ..files.local.population import load_dataset, load_geography
from ..files.local.sources import SourceLibrary
from ..files.local.store import DataDirs, LoadedDecision, load_decision
from .variants import NO_VARIANT, Variant, apply_variant

if TYPE_CHECKING:  # audit and repay import their modules when run: allocate, which every
    # warm run of this module serves, stays ~6 ms faster (measured with -X importtime)
    from ..core.audit import ComponentAudit
    from ..core.repay import RepaymentRow


@dataclass
class PopulationCache:
    """Geography and datasets read once per command, however many decisions use them."""

    population_dir: Path
    _geography: dict[None, tuple[Geography, Reads]] = field(default_factory=dict)
    _datasets: dict[str, tuple[PopulationDataset, Reads]] = field(default_factory=dict)
    """Each with the record of what reading it read: every decision that uses it again
    depends on those files as the first did (:func:`.files.cache.reads.remembered`)."""

    @property
    def geography(self) -> Geography:
        return remembered(self._geography, None, lambda: load_geography(self.population_dir))

    def _read_dataset(self, name: str) -> PopulationDataset:
        return load_dataset(self.population_dir, name, self.geography)

    def datasets_for(self, loaded: LoadedDecision) -> dict[str, PopulationDataset]:
        """The datasets the decision's population components name (and any read before); a
        dataset that cannot be read is reported at the component's ``population:`` line."""
        for index, component in enumerate(loaded.decision.components):
            name = kind_of(component).dataset(component)
            if name is None:
                continue
            try:
                remembered(self._datasets, name, partial(self._read_dataset, name))
            except StatsbidragError as error:
                error.location = ("components", index, "population")
                raise loaded.located(error) from None
        return {name: dataset for name, (dataset, _) in self._datasets.items()}


def allocate_loaded(loaded: LoadedDecision, population: PopulationCache) -> Allocation:
    """Allocate an already loaded decision; an error names the decision file and line, and
    lists what the allocation-free checks find wrong (so a decision that cannot be allocated,
    e.g. a tie without a rule, still has its sums reported)."""
    geography, datasets = population.geography, population.datasets_for(loaded)
    try:
        return allocate(loaded.id, loaded.decision, geography, datasets)
    except StatsbidragError as error:
        located = loaded.located(error)
        located.details += [
            f"{loaded.where(finding.location)}: {finding.message}"
            for finding in decision_findings(loaded.decision)
            if not finding.ok
        ]
        raise located from None


def allocate_decision(dirs: DataDirs, reference: str, variant: Variant = NO_VARIANT) -> Allocation:
    """Load the decision ``reference`` (id or diarienummer) and allocate it (as ``variant``
    changes it, if at all)."""
    loaded = apply_variant(load_decision(dirs, reference), variant)
    return allocate_loaded(loaded, PopulationCache(dirs.population))


@dataclass(frozen=True)
class WhatIf:
    """A decision computed with a change, beside the decision's own result."""

    allocation: Allocation
    """The variant's allocation (its decision has no published table: nobody published it)."""
    decision: Allocation
    """The decision's own allocation, which the variant is compared with."""
    changes: list[str]
    """What the variant changes, one line each, in words."""
    failures: list[str]
    """What does not add up in the variant (its sums, funding and dates)."""


def what_if(dirs: DataDirs, reference: str, variant: Variant) -> WhatIf:
    """The decision ``reference`` computed as ``variant`` changes it, and as it is; the file
    is read once and never written."""
    from ..core.checks import check_allocation

    loaded = load_decision(dirs, reference)
    population = PopulationCache(dirs.population)
    own = allocate_loaded(loaded, population)
    changed = _unpublished(apply_variant(loaded, variant))
    allocation = allocate_loaded(changed, population)
    failures = [
        f"{changed.where(finding.location)}: {finding.message}"
        for finding in check_allocation(allocation).failures
    ]
    return WhatIf(allocation, own, variant.changes(loaded.decision), failures)


def _unpublished(loaded: LoadedDecision) -> LoadedDecision:
    """A what-if without the decision's published table: nobody published the what-if, so
    nothing is compared with it."""
    return replace(loaded, decision=loaded.decision.model_copy(update={"published": None}))


@dataclass(frozen=True)
class VariantComparison:
    """A decision's own allocation beside several what-ifs of it (``compare ID --variant``)."""

    decision: Allocation
    variants: list[tuple[list[str], Allocation]]
    """Per what-if, in the order given: what it changes, in words, and its allocation."""


def compare_variants(
    dirs: DataDirs, reference: str, variants: Sequence[Variant]
) -> VariantComparison:
    """The decision ``reference`` as it is and as each of ``variants`` changes it; the file is
    read once and never written."""
    loaded = load_decision(dirs, reference)
    population = PopulationCache(dirs.population)
    own = allocate_loaded(loaded, population)
    computed = []
    for variant in variants:
        changed = _unpublished(apply_variant(loaded, variant))
        computed.append((variant.changes(loaded.decision), allocate_loaded(changed, population)))
    return VariantComparison(own, computed)


@dataclass(frozen=True)
class Audit:
    """A decision allocated, and its published table compared under every rounding method."""

    allocation: Allocation
    components: list[ComponentAudit]
    changes: list[str] = field(default_factory=list)
    """What a what-if changed (``audit --population``), in words; empty for the decision."""

    @property
    def passed(self) -> bool:
        """Whether every split is reproduced or within the decision's tolerance."""
        return all(item.passed for item in self.components)


def audit_decision(dirs: DataDirs, reference: str, variant: Variant = NO_VARIANT) -> Audit:
    """Allocate a decision and audit its published table (on other population figures when
    ``variant`` names them: does the table fit those better?)."""
    from ..core.audit import audit_allocation

    loaded = load_decision(dirs, reference)
    changed = apply_variant(loaded, variant)
    allocation = allocate_loaded(changed, PopulationCache(dirs.population))
    return Audit(allocation, audit_allocation(allocation), variant.changes(loaded.decision))


@dataclass(frozen=True)
class Repayment:
    """What each recipient must repay, and how the usage file was read."""

    allocation: Allocation
    rows: list[RepaymentRow]
    notes: list[str]
    """Notes on reading the usage file (e.g. codes whose leading zeros a spreadsheet
    dropped), for standard error."""


def repay_decision(dirs: DataDirs, reference: str, used: Path) -> Repayment:
    """A decision's repayments from a usage file: paid (published, else computed) less used."""
    from ..core.repay import paid_amounts, repay_allocation
    from ..files.local.usage import read_usage

    allocation = allocate_decision(dirs, reference)
    usage = read_usage(used, paid_amounts(allocation))
    return Repayment(allocation, repay_allocation(allocation, usage.usage), usage.notes)


@dataclass(frozen=True)
class UsageTemplate:
    """What a usage file to fill in holds: the decision allocated and what each was paid."""

    allocation: Allocation
    paid: dict[str, int]


def usage_template(dirs: DataDirs, reference: str) -> UsageTemplate:
    """Every recipient's paid amount (published, else computed), for ``repay --template``."""
    from ..core.repay import paid_amounts

    allocation = allocate_decision(dirs, reference)
    return UsageTemplate(allocation, paid_amounts(allocation))


@dataclass(frozen=True)
class DecisionView:
    """A decision as read, with what ``show`` prints beside it."""

    loaded: LoadedDecision
    regions: dict[str, str]
    """Region names by county code."""
    units: dict[str, str]
    """Samverkansregion names by id."""
    library: SourceLibrary
    """The decision set's source documents."""


def show_decision(dirs: DataDirs, reference: str) -> DecisionView:
    """A decision, the region names and the source documents, for ``show``."""
    loaded = load_decision(dirs, reference)
    geography = load_geography(dirs.population)
    regions = {code: county.region for code, county in geography.counties.items()}
    units = {key: spec.name for key, spec in geography.samverkansregioner.items()}
    return DecisionView(loaded, regions, units, SourceLibrary(dirs.sources_folder))
