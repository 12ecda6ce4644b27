"""Reading a published table from a file (``audit --table``): whatever separator, spelling
of a unit and writing of kronor a copied table uses, the amounts read back exactly; a bad
line is named with its file and line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import POPULATION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.population import load_geography
from statsbidrag_cli.files.local.published_table import read_published_table

GEOGRAPHY = load_geography(POPULATION)
COUNTIES = sorted(GEOGRAPHY.counties)


def spellings(code: str) -> list[str]:
    """Ways a copied table names a county (the first is the code, as lan.csv has it)."""
    county = GEOGRAPHY.counties[code]
    return [code, f"{code} {county.name}", county.name, county.region, county.name.upper()]


def written(amount: int, style: int) -> str:
    """Kronor as people write them: plain, grouped with a space, a no-break space, or öre 00."""
    grouped = f"{amount:,}"
    return [
        str(amount),
        grouped.replace(",", " "),
        grouped.replace(",", "\u00a0"),
        f"{amount},00",
    ][style]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.dictionaries(st.sampled_from(COUNTIES), st.integers(0, 10**10), min_size=1),
    separator=st.sampled_from([";", ",", "\t"]),
    heading=st.booleans(),
    total=st.booleans(),
    data=st.data(),
)
def test_any_copied_county_table_reads_back_exactly(
    tmp_path: Path,
    amounts: dict[str, int],
    separator: str,
    heading: bool,
    total: bool,
    data: st.DataObject,
) -> None:
    lines: list[list[str]] = [["Fördelning per region, kronor"], []]  # a title, a blank line
    if heading:
        lines.append(["Region", "Belopp, kr"])
    for code, amount in amounts.items():
        name = data.draw(st.sampled_from(spellings(code)))
        lines.append([name, written(amount, data.draw(st.integers(0, 3)))])
    if total:
        lines.append(["Summa", str(sum(amounts.values()))])
    lines.append(["Källa: en tidning"])
    path = tmp_path / "tabell.csv"
    with path.open("w", encoding="utf-8", newline="") as file:  # as a spreadsheet saves it
        csv.writer(file, delimiter=separator).writerows(lines)
    read = read_published_table(path, "regions", GEOGRAPHY)
    assert {row.code: row.published for row in read.rows if row.published is not None} == amounts
    assert len(read.rows) == 21
    assert read.grand_total == (sum(amounts.values()) if total else None)
    missing = 21 - len(amounts)
    assert bool(missing) == any("not in the table" in note for note in read.notes)


def test_a_kommun_table_with_county_subtotals_keeps_them_as_printed_totals(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.csv"
    path.write_text(
        "Kod;Kommun;Belopp\n"
        "0114;Upplands Väsby;1 001\n0115;Vallentuna;500\n01;Stockholms län;1 502\n"
        "0305;Håbo;7\nTotalt;;1 508\n",
        encoding="utf-8",
    )
    read = read_published_table(path, "kommuner", GEOGRAPHY)
    known = {row.code: row.published for row in read.rows if row.published is not None}
    assert known == {"0114": 1001, "0115": 500, "0305": 7}
    assert [(t.label, t.printed) for t in read.totals] == [
        ("Stockholms län", 1502),
        ("total", 1508),
    ]
    assert "0114" in read.totals[0].members and "0305" not in read.totals[0].members


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Län;Belopp\nNarnia;1000\n", "tabell.csv:2: no county is named in Narnia | 1000"),
        ("Län;Belopp\n01;1000\nStockholms län;5\n", "tabell.csv:3: 01 is listed twice"),
        ("Län;Belopp\n01;1000,50\n", "tabell.csv:2: amount '1000,50' has öre"),
        ("Län;Belopp\nSumma;5\nTotalt;5\n01;3\n", "tabell.csv:3: a second total row"),
    ],
)
def test_bad_lines_are_named_with_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "tabell.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StatsbidragError) as raised:
        read_published_table(path, "regions", GEOGRAPHY)
    assert any(expected in line for line in [raised.value.message, *raised.value.details])


def test_unknown_amounts_are_unknown_never_zero(tmp_path: Path) -> None:
    path = tmp_path / "tabell.csv"
    path.write_text("Län;Belopp\n01;\u2013\n03;..\n04;12\n", encoding="utf-8")
    read = read_published_table(path, "regions", GEOGRAPHY)
    by_code = {row.code: row.published for row in read.rows}
    assert (by_code["01"], by_code["03"], by_code["04"]) == (None, None, 12)


def test_a_column_named_with_column_is_the_amount(tmp_path: Path) -> None:
    path = tmp_path / "tabell.csv"
    path.write_text("Län;Belopp 2016;Belopp 2017\n01;5;7\n", encoding="utf-8")
    read = read_published_table(path, "regions", GEOGRAPHY, column="Belopp 2017")
    assert {r.code: r.published for r in read.rows}["01"] == 7
    with pytest.raises(StatsbidragError, match="no column headed 'Belopp 2018'"):
        read_published_table(path, "regions", GEOGRAPHY, column="Belopp 2018")


def test_an_empty_file_and_a_file_of_the_wrong_level_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(StatsbidragError, match="the file is empty"):
        read_published_table(empty, "regions", GEOGRAPHY)
    counties = tmp_path / "lan.csv"
    counties.write_text("Län;Belopp\nStockholms län;5\n", encoding="utf-8")
    with pytest.raises(StatsbidragError, match="no row names a kommun with an amount"):
        read_published_table(counties, "kommuner", GEOGRAPHY)
