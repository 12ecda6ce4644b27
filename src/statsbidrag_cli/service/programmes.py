"""Use cases on multi-year programmes: allocate one under a model, compare models.

An error names the programme file (unless it already names a file of its own, such as a
population dataset).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.programme import (
    Comparison,
    ProgrammeAllocation,
    allocate_programme,
    compare_models,
    comparison_plan,
    datasets_needed,
)
from ..errors import StatsbidragError
from ..files.local.population import load_dataset, load_geography
from ..files.local.programme import read_programme
from ..models.programme import Model, Programme


def list_programmes(programmes_dir: Path) -> list[tuple[str, Programme]]:
    """Every programme of the folder, validated, by name (the first invalid one is an
    error naming its file)."""
    return [
        read_programme(programmes_dir, path.stem) for path in sorted(programmes_dir.glob("*.yaml"))
    ]


@dataclass(frozen=True)
class ProgrammeInputs:
    """What a programme's models are computed from."""

    populations: dict[str, dict[str, int]]
    """Region populations by county code, per dataset the models use."""
    names: dict[str, str]
    """Region names by county code."""


def programme_inputs(
    population_dir: Path, programme: Programme, models: Sequence[Model]
) -> ProgrammeInputs:
    """The populations of the regions the programme covers in every dataset ``models`` use."""
    geography = load_geography(population_dir)
    codes = programme.regions or sorted(geography.counties)
    names = {code: geography.county(code).region for code in codes}
    populations = {}
    for name in datasets_needed(programme, models):
        dataset = load_dataset(population_dir, name)
        populations[name] = {code: dataset.county_persons(code) for code in codes}
    return ProgrammeInputs(populations, names)


def allocate_programme_named(
    population_dir: Path, programmes_dir: Path, reference: str, model_id: str | None
) -> ProgrammeAllocation:
    """Read a programme and allocate every year under one of its models; an error names the
    programme file."""
    name, programme = read_programme(programmes_dir, reference)
    with _in_file(programmes_dir / f"{name}.yaml"):
        model = programme.model(model_id)
        inputs = programme_inputs(population_dir, programme, [model])
        return allocate_programme(name, programme, model, inputs.populations, inputs.names)


def compare_programme(
    population_dir: Path,
    programmes_dir: Path,
    reference: str,
    year: int | None,
    model_ids: Sequence[str] | None,
) -> Comparison:
    """One year of a programme under two or more of its models, side by side; an error names
    the programme file."""
    name, programme = read_programme(programmes_dir, reference)
    with _in_file(programmes_dir / f"{name}.yaml"):
        plan, models = comparison_plan(programme, year, model_ids)
        inputs = programme_inputs(population_dir, programme, models)
        return compare_models(programme, plan, models, inputs.populations, inputs.names)


@contextmanager
def _in_file(path: Path) -> Iterator[None]:
    """Errors raised inside name ``path`` (unless they name a file already)."""
    try:
        yield
    except StatsbidragError as error:
        if not _names_a_file(error.message):
            raise error.locate(str(path)) from None
        raise


def _names_a_file(message: str) -> bool:
    """Whether a message already starts with a file (``something.yaml:`` or ``.csv:``)."""
    head = message.split(" ", 1)[0]
    return any(f"{suffix}:" in head for suffix in (".yaml", ".csv", ".json", ".yml"))
