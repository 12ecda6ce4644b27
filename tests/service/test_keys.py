"""Keys that are not population: a count per unit from a spreadsheet (asylum seekers, pupils),
imported with what it counts, and a decision split by it. Expected amounts worked out here
with Fraction from the spreadsheet itself."""

from __future__ import annotations

import csv
import datetime as dt

from helpers import REGIONS_DECISION, DataCopy, hamilton, run

from statsbidrag_cli.service.population import import_population

COUNTS = {"01": 4_200, "03": 650, "12": 3_150}
"""Illustrative counts (a test's, not SCB's)."""


def _spreadsheet(data: DataCopy) -> str:
    path = data.population.parent / "asylsokande.csv"
    path.write_text(
        "regionkod;asylsökande\n" + "".join(f"{code};{n}\n" for code, n in COUNTS.items()),
        encoding="utf-8",
    )
    return str(path)


def test_a_key_for_some_counties_only_is_refused_and_nothing_written(data: DataCopy) -> None:
    """A county-level key must give every county (a split would otherwise treat the missing
    as 0): three of 21 are refused, and nothing is written."""
    imported = run("population", "import", _spreadsheet(data), "--date", "2016-12-31",
                   "--name", "asyl_2016-12-31", "--measure", "asylsökande",
                   "--population-dir", str(data.population))  # fmt: skip
    assert imported.exit_code == 2
    assert "04" in imported.stderr  # a missing county is named
    assert not list(data.population.glob("asyl_*"))


def test_import_reads_code_and_count_and_says_what_it_counts(data: DataCopy) -> None:
    rows = "kommunkod,elever\n" + "".join(
        f"{row['kommunkod']},{index + 10}\n"
        for index, row in enumerate(
            csv.DictReader((data.population / "kommuner.csv").open(encoding="utf-8"))
        )
    )
    path = data.population.parent / "elever.csv"
    path.write_text(rows, encoding="utf-8")
    saved = import_population(
        data.population, path, "elever_2026-09-15", dt.date(2026, 9, 15), None, None, False,
        "elever",
    )  # fmt: skip
    info = saved.dataset.info
    assert (info.measure, info.level, info.reference_date) == (
        "elever",
        "kommun",
        dt.date(2026, 9, 15),
    )
    assert info.title.startswith("Elever 2026-09-15")
    kommuner = saved.dataset.kommuner
    assert kommuner["0114"].name == "Upplands Väsby"  # the name from the geography
    assert kommuner["0114"].persons == 10
    listed = run("population", "list", "--format", "csv", "--population-dir", str(data.population))
    measures = {r["name"]: r["measure"] for r in csv.DictReader(listed.stdout.splitlines())}
    assert measures["elever_2026-09-15"] == "elever"
    assert measures["folkmangd_kommun_2025-12-31"] == "folkmängd"
    assert set(measures.values()) == {"elever", "folkmängd"}  # the county datasets count people
    # A decision split by the key: its note says what was counted.
    text = REGIONS_DECISION.replace("DATASET", "elever_2026-09-15")
    data.write_decision(text, "S2099-00001")
    allocated = run("allocate", "S2099/00001", "--format", "csv", *data.args())
    assert allocated.exit_code in (0, 1), allocated.stderr
    shown = {r["code"]: int(r["part"]) for r in csv.DictReader(allocated.stdout.splitlines())}
    counts: dict[str, int] = {}
    for index, row in enumerate(
        csv.DictReader((data.population / "kommuner.csv").open(encoding="utf-8"))
    ):
        if row["lanskod"] in ("01", "03", "12"):
            counts[row["lanskod"]] = counts.get(row["lanskod"], 0) + index + 10
    assert shown == hamilton(1_000_000, counts)
    table = run("allocate", "S2099/00001", *data.args())
    assert "Key (elever): Elever 2026-09-15" in " ".join(table.stdout.split())
