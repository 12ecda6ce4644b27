"""The shipped historical county datasets: each loads, and sums to SCB's national total.

The totals are SCB's folkmängd i riket on 31 December (TAB638), as quoted in
``../shared/population/README.md``; they are not derived from the files under test.
"""

from __future__ import annotations

import pytest
from helpers import POPULATION

from statsbidrag_cli.files.local.population import load_dataset, load_geography

RIKET = {
    2010: 9_415_570,
    2011: 9_482_855,
    2012: 9_555_893,
    2013: 9_644_864,
    2014: 9_747_355,
    2015: 9_851_017,
    2016: 9_995_153,
    2017: 10_120_242,
    2018: 10_230_185,
    2019: 10_327_589,
    2024: 10_587_710,
}
"""SCB's national population on 31 December of each year."""


@pytest.mark.parametrize("year", sorted(RIKET))
def test_each_county_dataset_sums_to_scb_national_total(year: int) -> None:
    dataset = load_dataset(POPULATION, f"folkmangd_lan_{year}-12-31", load_geography(POPULATION))
    assert dataset.info.level == "county"
    assert dataset.info.reference_date.isoformat() == f"{year}-12-31"
    assert len(dataset.counties) == 21
    assert sum(dataset.counties.values()) == RIKET[year]
    assert "andra hand" in dataset.info.source  # said to be a second-hand copy
    assert dataset.kommuner == {}


def test_spot_checks_against_scb_pages() -> None:
    """Figures SCB's own pages give (the shared README's spot checks)."""

    def county(year: int, code: str) -> int:
        name = f"folkmangd_lan_{year}-12-31"
        return load_dataset(POPULATION, name, load_geography(POPULATION)).counties[code]

    assert county(2014, "09") == 57_255  # Gotland
    assert county(2015, "09") == 57_391
    assert county(2016, "01") == 2_269_060  # Stockholm
    assert county(2024, "01") == 2_473_307
