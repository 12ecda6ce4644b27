"""S2026/00953: the decision file against its sources, and the computed split against the
table Socialstyrelsen published."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import DECISIONS, POPULATION, SOURCES

from statsbidrag_cli.files.local.population import load_dataset, load_geography
from statsbidrag_cli.files.local.store import DataDirs, load_decision_file
from statsbidrag_cli.models.decision import Decision
from statsbidrag_cli.service.decisions import allocate_decision

SEED_TABLE = "003_08552fd762e6de5f.txt"


@pytest.fixture(scope="module")
def decision() -> Decision:
    return load_decision_file(DECISIONS / "S2026-00953.yaml").decision


def swedish(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def test_amounts_are_the_ones_their_sources_state(decision: Decision) -> None:
    for component in decision.components:
        quoted = " ".join(quote for source in component.source for quote in source.quotes)
        assert swedish(component.amount) in quoted
    funding = decision.funding_lines[0]
    funding_quotes = " ".join(funding.source[0].quotes)
    assert f"{swedish(funding.amount)} kronor" in funding_quotes
    assert f"högst {swedish(funding.own_work_max)} kronor" in funding_quotes
    assert (decision.total, decision.own_work_max) == (63_000_000, 500_000)
    assert (funding.utgiftsomrade, funding.anslag, funding.anslagspost) == (9, "1:6", 7)


def test_header_and_dates(decision: Decision) -> None:
    assert decision.diarienummer == "S2026/00953"
    assert decision.beslutsdatum == dt.date(2026, 5, 7)
    assert decision.budget_year == 2026
    deadlines = {d.kind: (d.date, d.actor) for d in decision.deadlines}
    recipients = "Mottagarna (regionerna)"
    assert deadlines == {
        "use_period_start": (dt.date(2026, 5, 7), recipients),
        "use_period_end": (dt.date(2026, 12, 31), recipients),
        "rekvisition_opens": (dt.date(2026, 6, 15), recipients),
        "rekvisition_closes": (dt.date(2026, 8, 3), recipients),
        "report_due": (dt.date(2027, 1, 31), recipients),
        "repayment_due": (dt.date(2027, 3, 31), recipients),
        "agency_report_due": (dt.date(2027, 3, 31), "Socialstyrelsen"),
    }


def seed_table_rows() -> dict[str, tuple[int, int | None, int]]:
    """The allocation table as printed in the seed: name -> (equal, samverkansregion, total)."""
    rows = {}
    text = (SOURCES / SEED_TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not re.fullmatch(r"[\d ]+", cells[1]) or "<b>" in cells[0]:
            continue
        amount = cells[3].rstrip("*")
        rows[cells[0]] = (
            int(cells[1].replace(" ", "")),
            int(amount.replace(" ", "")) if amount else None,
            int(cells[4].replace(" ", "")),
        )
    return rows


def test_published_table_is_exactly_the_seed_table(decision: Decision) -> None:
    seed = seed_table_rows()
    assert len(seed) == 7
    assert decision.published is not None
    recorded = {
        row.name: (row.amounts["equal"], row.amounts.get("population"), row.total)
        for row in decision.published.rows
    }
    assert recorded == seed


def test_published_figures_as_printed() -> None:
    assert seed_table_rows() == {
        "Stockholm": (5_000_000, 6_724_687, 11_724_687),
        "Östergötland": (5_000_000, 2_871_744, 7_871_744),
        "Skåne": (5_000_000, 5_110_750, 10_110_750),
        "Västra Götalandsregionen": (5_000_000, 5_229_879, 10_229_879),
        "Uppsala": (5_000_000, None, 5_000_000),
        "Örebro län": (5_000_000, 5_683_306, 10_683_306),
        "Västerbotten": (5_000_000, 2_379_634, 7_379_634),
    }


def test_population_dataset_and_samverkansregioner() -> None:
    dataset = load_dataset(POPULATION, "folkmangd_kommun_2025-12-31")
    assert len(dataset.kommuner) == 290
    assert sum(k.persons for k in dataset.kommuner.values()) == 10_605_520
    assert dataset.kommuner["0114"].name == "Upplands Väsby"
    populations = load_geography(POPULATION).samverkansregion_populations(dataset)
    assert populations == {
        "stockholm": 2_547_105,
        "uppsala-orebro": 2_152_657,
        "linkoping": 1_087_734,
        "lund-malmo": 1_935_798,
        "goteborg": 1_980_907,
        "umea": 901_319,
    }


def test_computed_split_exactly() -> None:
    allocation = allocate_decision(DataDirs(DECISIONS, POPULATION), "S2026/00953")
    assert {row.code: (row.parts["equal"], row.parts["population"]) for row in allocation.rows} == {
        "01": (5_000_000, 6_724_700),
        "03": (5_000_000, 0),
        "05": (5_000_000, 2_871_764),
        "12": (5_000_000, 5_110_767),
        "14": (5_000_000, 5_229_861),
        "18": (5_000_000, 5_683_304),
        "24": (5_000_000, 2_379_604),
    }
    assert allocation.total == 63_000_000


def test_computed_within_declared_tolerance_of_published(decision: Decision) -> None:
    assert decision.published is not None and decision.published.tolerance is not None
    tolerance = decision.published.tolerance.kronor
    assert tolerance == 50
    allocation = allocate_decision(DataDirs(DECISIONS, POPULATION), "S2026/00953")
    differences = {}
    for row in allocation.rows:
        assert row.published is not None
        published = row.published_part("population")
        assert published is not None
        differences[row.code] = published - row.parts["population"]  # published − computed
        assert row.parts["equal"] == row.published.amounts["equal"]
    assert differences == {"01": -13, "03": 0, "05": -20, "12": -17, "14": 18, "18": 2, "24": 30}
    assert all(abs(d) <= tolerance for d in differences.values())


def test_uppsala_orebro_share_is_paid_to_region_orebro_lan() -> None:
    allocation = allocate_decision(DataDirs(DECISIONS, POPULATION), "S2026-00953")
    rows = {row.code: row for row in allocation.rows}
    assert rows["18"].units["population"].name == "Uppsala/Örebro"
    assert rows["18"].region == "Region Örebro län"
    assert "population" not in rows["03"].units
    assert rows["03"].total == 5_000_000


def test_sources_are_shipped_with_the_repository() -> None:
    assert sorted(p.name for p in Path(SOURCES).glob("*.txt")) == [
        "000_0ee85cfafae5739e.txt",
        "001_252f2b2961331e49.txt",
        "002_1e3c66fe02c3bf2e.txt",
        "003_08552fd762e6de5f.txt",
        "004_3cfd4f6be73bc70c.txt",
    ]
