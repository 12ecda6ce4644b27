"""The library API behind the CLI: load what a request needs, then compute.

Each function reads files through :mod:`store` and :mod:`population`, hands the models to the
pure :mod:`allocation` and :mod:`checks`, and returns data. The CLI only wires options to these
functions and results to renderers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .allocation import Allocation, allocate
from .checks import CheckReport, check_allocation
from .errors import StatsbidragError
from .models import PopulationComponent
from .population import Geography, PopulationDataset, load_dataset, load_geography
from .store import DataDirs, LoadedDecision, decision_files, decision_path, load_decision_file

if TYPE_CHECKING:  # only for annotations: the programme models are loaded when used
    from .programme import Model, Programme, ProgrammeAllocation


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
        paths = _all_decision_files(dirs)
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
    return [load_decision_file(path) for path in _all_decision_files(dirs)]


def _all_decision_files(dirs: DataDirs) -> list[Path]:
    """The decision files in the folder; an empty folder is an error, not a silent pass."""
    paths = decision_files(dirs.decisions)
    if not paths:
        raise StatsbidragError(f"no decision files (*.yaml) in {dirs.decisions}")
    return paths


def import_population(
    population_dir: Path,
    export: Path,
    name: str,
    reference_date: dt.date,
    source: str | None,
    column: str | None,
    force: bool,
) -> tuple[PopulationDataset, str]:
    """Read a PxWeb export and write it as dataset ``NAME`` (``.csv`` + ``.yaml``).

    Returns the dataset as loaded back from the files written, and a one-line summary. The
    export is parsed and both target names are checked before anything is written; each file
    is then written atomically (the data file first, then its provenance).
    """
    import yaml

    from .output import write_data
    from .population import validate_dataset_name
    from .pxweb import dataset_csv, parse_export

    validate_dataset_name(name)
    try:
        raw = export.read_bytes()
    except OSError as error:
        raise StatsbidragError(f"{export}: cannot read ({error.strerror})") from None
    parsed = parse_export(raw, str(export), column)
    targets = [population_dir / f"{name}.csv", population_dir / f"{name}.yaml"]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise StatsbidragError(f"{', '.join(existing)} exists; use --force to replace")
    counties = sum(1 for f in parsed.figures if len(f.code) == 2)
    kommuner = len(parsed.figures) - counties
    level = "mixed" if counties and kommuner else ("county" if counties else "kommun")
    info = {
        "name": name,
        "title": f"Folkmängd {reference_date.isoformat()} ({export.name})",
        "level": level,
        "reference_date": reference_date,
        "source": source
        or f"SCB:s statistikdatabas (PxWeb), {parsed.shape}-export {export.name}, "
        f"kolumn {parsed.column!r}, läst som {parsed.encoding}.",
        "checks": f"{counties} county and {kommuner} kommun figures; "
        f"{sum(f.persons for f in parsed.figures)} persons in all rows.",
    }
    header = "# Provenance of the population dataset written by `statsbidrag population import`.\n"
    write_data(dataset_csv(parsed.figures).encode("utf-8"), targets[0], force)
    text = header + yaml.safe_dump(info, allow_unicode=True, sort_keys=False, width=100)
    write_data(text.encode("utf-8"), targets[1], force)
    dataset = load_dataset(population_dir, name)
    summary = (
        f"Wrote {targets[0]} and {targets[1]}: {counties} counties, {kommuner} kommuner "
        f"({parsed.shape}, {parsed.encoding})"
    )
    return dataset, summary


def population_datasets(population_dir: Path) -> list[PopulationDataset]:
    """Every dataset (``NAME.csv`` with ``NAME.yaml``) in the folder, by name."""
    from .population import dataset_names

    return [load_dataset(population_dir, name) for name in dataset_names(population_dir)]


def load_programme(programmes_dir: Path, reference: str) -> tuple[str, Programme]:
    """Read and validate ``programmes/NAME.yaml``; NAME is checked like a decision id."""
    from .programme import Programme
    from .store import decision_id
    from .validation import validate_document
    from .yamlfile import read_yaml

    name = decision_id(reference)
    path = programmes_dir / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in programmes_dir.glob("*.yaml"))) or "none"
        raise StatsbidragError(
            f"no programme {reference!r} in {programmes_dir} (available: {known})"
        )
    return name, validate_document(read_yaml(path), Programme, "programme file")


def programme_inputs(
    population_dir: Path, programme: Programme, models: Sequence[Model]
) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """Region populations per dataset the programme needs, and region names by code."""
    from .programme import datasets_needed

    geography = load_geography(population_dir)
    codes = programme.regions or sorted(geography.counties)
    names = {code: geography.county(code).region for code in codes}
    populations = {}
    for name in datasets_needed(programme, models):
        dataset = load_dataset(population_dir, name)
        populations[name] = {code: dataset.county_persons(code) for code in codes}
    return populations, names


def allocate_programme_named(
    population_dir: Path, name: str, programme: Programme, model_id: str | None
) -> ProgrammeAllocation:
    """Allocate every year of a loaded programme under one of its models."""
    from .programme import allocate_programme

    model = programme.model(model_id)
    populations, names = programme_inputs(population_dir, programme, [model])
    return allocate_programme(name, programme, model, populations, names)
