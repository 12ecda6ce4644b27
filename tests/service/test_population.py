"""Use cases on population data and programmes: named results, files written all or none."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import POPULATION, PXWEB, DataCopy

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.store import default_dir
from statsbidrag_cli.service.population import (
    import_population,
    load_population,
    population_datasets,
    split_population,
)
from statsbidrag_cli.service.programmes import allocate_programme_named, programme_inputs


def test_a_dataset_with_its_geography_and_units() -> None:
    view = load_population(POPULATION, "folkmangd_kommun_2025-12-31", "regioner")
    assert view.units == "regions"
    assert view.dataset.info.reference_date == dt.date(2025, 12, 31)
    assert len(view.geography.counties) == 21


def test_a_split_sums_to_the_amount_and_names_its_dataset() -> None:
    split = split_population(
        POPULATION,
        "folkmangd_kommun_2025-12-31",
        amount=28_000_000,
        by="samverkansregioner",
        equal_base=0,
        equal_over=None,
        method="largest_remainder",
        tie_rule=None,
    )
    assert split.dataset.info.name == "folkmangd_kommun_2025-12-31"
    assert sum(split.result.totals) == 28_000_000
    assert len(split.result.units) == 6  # Sweden's six samverkansregioner


def test_an_import_writes_both_files_and_says_what_it_read(data: DataCopy) -> None:
    saved = import_population(
        data.population,
        PXWEB / "comma_with_title.csv",
        "importerad",
        dt.date(2024, 12, 31),
        None,
        None,
        False,
    )
    assert (data.population / "importerad.csv").is_file()
    assert (data.population / "importerad.yaml").is_file()
    assert saved.dataset.info.name == "importerad"
    assert "importerad.csv" in saved.summary
    assert "importerad" in {d.info.name for d in population_datasets(data.population).datasets}


def test_an_import_over_an_existing_dataset_is_refused_and_writes_nothing(data: DataCopy) -> None:
    before = (data.population / "folkmangd_kommun_2025-12-31.csv").read_bytes()
    with pytest.raises(StatsbidragError, match="--force"):
        import_population(
            data.population,
            PXWEB / "comma_with_title.csv",
            "folkmangd_kommun_2025-12-31",
            dt.date(2024, 12, 31),
            None,
            None,
            False,
        )
    assert (data.population / "folkmangd_kommun_2025-12-31.csv").read_bytes() == before


def test_a_programme_allocates_every_year_to_its_amount() -> None:
    allocation = allocate_programme_named(
        POPULATION, default_dir("programmes"), "exempel-femarigt-program", None
    )
    assert allocation.years
    for split in allocation.years:
        assert sum(split.amounts.values()) == split.amount


def test_programme_inputs_name_every_region_the_programme_covers() -> None:
    from statsbidrag_cli.files.local.programme import read_programme

    _name, programme = read_programme(default_dir("programmes"), "exempel-femarigt-program")
    inputs = programme_inputs(POPULATION, programme, [programme.model(None)])
    assert set(inputs.names) == set(next(iter(inputs.populations.values())))
