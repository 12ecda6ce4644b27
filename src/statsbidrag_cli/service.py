"""The library API behind the CLI: load what a request needs, then compute.

Each function reads files through :mod:`store` and :mod:`population`, hands the models to the
pure :mod:`allocation` and :mod:`checks`, and returns data. The CLI only wires options to these
functions and results to renderers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .allocation import Allocation, allocate
from .checks import CheckReport, check_allocation
from .errors import StatsbidragError
from .models import PopulationComponent
from .population import Geography, PopulationDataset, load_dataset, load_geography
from .store import DataDirs, LoadedDecision, decision_files, decision_path, load_decision_file


@dataclass
class PopulationCache:
    """Geography and datasets read once per command, however many decisions use them."""

    population_dir: Path
    _geography: Geography | None = None
    _datasets: dict[str, PopulationDataset] | None = None

    @property
    def geography(self) -> Geography:
        if self._geography is None:
            self._geography = load_geography(self.population_dir)
        return self._geography

    def datasets_for(self, loaded: LoadedDecision) -> dict[str, PopulationDataset]:
        """The datasets the decision's population components name."""
        if self._datasets is None:
            self._datasets = {}
        for component in loaded.decision.components:
            if isinstance(component, PopulationComponent):
                name = component.population
                if name not in self._datasets:
                    self._datasets[name] = load_dataset(self.population_dir, name)
        return self._datasets


def allocate_loaded(loaded: LoadedDecision, cache: PopulationCache) -> Allocation:
    """Allocate an already loaded decision."""
    return allocate(loaded.id, loaded.decision, cache.geography, cache.datasets_for(loaded))


def allocate_decision(dirs: DataDirs, reference: str) -> Allocation:
    """Load the decision ``reference`` (id or diarienummer) and allocate it."""
    loaded = load_decision_file(decision_path(dirs.decisions, reference))
    return allocate_loaded(loaded, PopulationCache(dirs.population))


@dataclass(frozen=True)
class CheckOutcome:
    """A decision's check report, or the error that kept it from being checked."""

    decision_id: str
    report: CheckReport | None
    error: StatsbidragError | None


def check_decisions(dirs: DataDirs, references: Sequence[str]) -> list[CheckOutcome]:
    """Check the named decisions, or every decision file when none is named.

    One unreadable file does not stop the others from being checked; it is reported as an
    error outcome.
    """
    if references:
        paths = [decision_path(dirs.decisions, reference) for reference in references]
    else:
        paths = decision_files(dirs.decisions)
        if not paths:
            raise StatsbidragError(f"no decision files (*.yaml) in {dirs.decisions}")
    cache = PopulationCache(dirs.population)
    outcomes = []
    for path in paths:
        try:
            allocation = allocate_loaded(load_decision_file(path), cache)
        except StatsbidragError as error:
            outcomes.append(CheckOutcome(path.stem, None, error))
            continue
        outcomes.append(CheckOutcome(path.stem, check_allocation(allocation), None))
    return outcomes


@dataclass(frozen=True)
class FileOutcome:
    """What ``validate`` found in one file: its kind and every problem (none if it is valid)."""

    path: Path
    kind: str
    problems: list[str]


def validate_file(path: Path, population_dir: Path) -> FileOutcome:
    """Validate one decision or population file, whatever folder it is in.

    Decision files are also allocated and checked against the population files in
    ``population_dir``, so unknown codes and amounts that do not add up are reported too.
    """
    from .population import validate_population_file
    from .yamlfile import read_yaml

    kind = "CSV file" if path.suffix.lower() == ".csv" else "YAML file"
    try:
        if path.suffix.lower() == ".csv":
            kind = validate_population_file(path)
            return FileOutcome(path, kind, [])
        document = read_yaml(path)
        if isinstance(document.data, dict) and (
            "samverkansregioner" in document.data or "reference_date" in document.data
        ):
            kind = validate_population_file(path)
            return FileOutcome(path, kind, [])
        kind = "decision"
        loaded = load_decision_file(path)
        report = check_allocation(allocate_loaded(loaded, PopulationCache(population_dir)))
    except StatsbidragError as error:
        return FileOutcome(path, kind, [error.message, *error.details])
    return FileOutcome(path, kind, [f"{path}: {f.message}" for f in report.failures])


def load_all_decisions(dirs: DataDirs) -> list[LoadedDecision]:
    """Every decision file in the decisions folder, validated; the first invalid one is an error."""
    paths = decision_files(dirs.decisions)
    if not paths:
        raise StatsbidragError(f"no decision files (*.yaml) in {dirs.decisions}")
    return [load_decision_file(path) for path in paths]
