"""Programmes, compare, charts and repayment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO, DataCopy, run
from hypothesis import given
from hypothesis import strategies as st

from statsbidrag_cli.core.programme import split_year
from statsbidrag_cli.errors import ProgrammeError
from statsbidrag_cli.models.programme import Model
from statsbidrag_cli.reports.programme import per_inhabitant

PROGRAMME = "exempel-femarigt-program"


def model(**fields: object) -> Model:
    return Model.model_validate({"id": "m", "label": "m", **fields})


def test_programme_totals_add_up_per_year_and_per_region() -> None:
    result = run("programme", "allocate", PROGRAMME, "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    rows = document["rows"]
    years = [str(y["year"]) for y in document["years"]]
    assert years == ["2026", "2027", "2028", "2029", "2030"]
    for year, expected in zip(
        years, [100_000_000, 100_000_000, 150_000_000, 150_000_000, 150_000_000], strict=True
    ):
        assert sum(row[year] for row in rows) == expected
        assert document["totals"][year] == expected
    for row in rows:
        assert row["total"] == sum(row[year] for year in years)
        assert all(row[year] >= 2_000_000 for year in years)  # the floor
    assert document["totals"]["total"] == 650_000_000
    assert document["years"][0]["floored"] == ["09", "23"]


def test_programme_csv_has_one_row_per_region_and_no_totals() -> None:
    lines = run(
        "programme", "allocate", PROGRAMME, "--model", "bara_befolkning", "-f", "csv"
    ).stdout.splitlines()
    assert lines[0] == "code,region,2026,2027,2028,2029,2030,total"
    assert len(lines) == 22
    assert lines[1].startswith("01,Region Stockholm,23443009,")


def test_unknown_model_and_programme_are_clear_errors() -> None:
    assert (
        "no model 'x' in the programme"
        in run("programme", "allocate", PROGRAMME, "--model", "x").stderr
    )
    missing = run("programme", "allocate", "nope")
    assert missing.exit_code == 2
    assert "no programme 'nope'" in missing.stderr


def test_a_floor_the_money_cannot_cover_is_an_error() -> None:
    with pytest.raises(
        ProgrammeError,
        match="a floor of 400 kr for 3 regions needs 1,200 kr, but the year has 1,000 kr",
    ):
        split_year(2026, 1_000, model(floor=400), {"01": 10, "03": 20, "05": 70}, "d")
    with pytest.raises(ProgrammeError, match="equal base"):
        split_year(2026, 1_000, model(equal_base=400), {"01": 10, "03": 20, "05": 70}, "d")


def test_floor_lifts_small_regions_and_resplits_the_rest() -> None:
    split = split_year(2026, 1_000, model(floor=200), {"01": 10, "03": 20, "05": 970}, "d")
    assert split.amounts == {"01": 200, "03": 200, "05": 600}
    assert split.floored == ("01", "03")


@given(
    amount=st.integers(min_value=0, max_value=10**9),
    populations=st.lists(st.integers(min_value=1, max_value=3_000_000), min_size=1, max_size=21),
    base=st.integers(min_value=0, max_value=10**6),
    floor=st.integers(min_value=0, max_value=10**7),
)
def test_year_splits_sum_exactly_and_respect_base_and_floor(
    amount: int, populations: list[int], base: int, floor: int
) -> None:
    codes = {f"{i:02d}": p for i, p in enumerate(populations, start=1)}
    try:
        split = split_year(2026, amount, model(equal_base=base, floor=floor), codes, "d")
    except ProgrammeError:
        # Only a floor or base the money cannot cover is refused.
        assert floor * len(codes) > amount or base * len(codes) > amount
        return
    assert sum(split.amounts.values()) == amount
    assert all(
        value >= max(floor, base) or code in split.floored for code, value in split.amounts.items()
    )
    assert all(value >= floor for value in split.amounts.values())


def test_compare_two_models_sorted_by_winners() -> None:
    result = run(
        "compare", PROGRAMME, "--year", "2026", "--models", "bara_befolkning,lika_del", "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "code,region,population,bara_befolkning,bara_befolkning_per_inhabitant,lika_del,"
        "lika_del_per_inhabitant,lika_del_minus_bara_befolkning"
    )
    differences = [int(line.split(",")[-1]) for line in lines[1:]]
    assert differences == sorted(differences, reverse=True)
    assert sum(differences) == 0
    assert lines[1].startswith("09,Region Gotland,60852,573777,9.43,2332790,38.34,")
    assert lines[-1].startswith("01,Region Stockholm,")


def test_compare_needs_two_models_and_a_known_year() -> None:
    assert "at least two models" in run("compare", PROGRAMME, "--models", "lika_del").stderr
    assert "no year 2040" in run("compare", PROGRAMME, "--year", "2040").stderr


@pytest.mark.parametrize(
    ("amount", "persons", "text"),
    [(573_777, 60_852, "9.43"), (1, 3, "0.33"), (5, 1000, "0.01"), (0, 5, "0.00")],
)
def test_per_inhabitant_is_rounded_half_up_with_integers(
    amount: int, persons: int, text: str
) -> None:
    assert per_inhabitant(amount, persons) == text


@pytest.mark.parametrize(
    "command",
    [
        ["allocate", "S2026/00953"],
        ["compare", PROGRAMME],
        ["programme", "allocate", PROGRAMME],
    ],
)
def test_chart_is_written_and_deterministic(tmp_path: Path, command: list[str]) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert run(*command, "--chart", str(first), "-f", "csv").exit_code == 0
    assert run(*command, "--chart", str(second), "-f", "csv").exit_code == 0
    svg = first.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert first.read_bytes() == second.read_bytes()


def test_chart_png_and_bad_suffix(tmp_path: Path) -> None:
    png = tmp_path / "a.png"
    assert run("allocate", "S2026/00953", "--chart", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    bad = run("allocate", "S2026/00953", "--chart", str(tmp_path / "a.gif"))
    assert bad.exit_code == 2
    assert "must end in .svg or .png" in bad.stderr


def usage(tmp_path: Path, text: str) -> str:
    path = tmp_path / "used.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_repay_with_the_invoicing_threshold(tmp_path: Path) -> None:
    # 01 leaves exactly 1 000 kr unused (not invoiced); 03 leaves 1 001 (invoiced); 05 used
    # everything but 2 000 outside the purpose (invoiced); 12 used all; the rest used nothing.
    path = usage(
        tmp_path,
        "code,used,misused\n01,11723687,0\n03,4998999,0\n05,7871744,2000\n12,10110750,0\n"
        "14,0,0\n18,0,0\n24,0,0\n",
    )
    result = run("repay", "S2026/00953", "--used", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "code,region,paid,used,misused,repay,invoiced",
        "01,Region Stockholm,11724687,11723687,0,1000,false",
        "03,Region Uppsala,5000000,4998999,0,1001,true",
        "05,Region Östergötland,7871744,7871744,2000,2000,true",
        "12,Region Skåne,10110750,10110750,0,0,false",
        "14,Västra Götalandsregionen,10229879,0,0,10229879,true",
        "18,Region Örebro län,10683306,0,0,10683306,true",
        "24,Region Västerbotten,7379634,0,0,7379634,true",
    ]
    document = json.loads(run("repay", "S2026/00953", "--used", path, "-f", "json").stdout)
    assert document["repayment_due"] == "2027-03-31"
    assert document["invoice_above"] == 1000
    assert document["totals"] == {
        "paid": 63_000_000, "used": 34_705_180, "misused": 2_000, "repay": 28_296_820,
        "invoiced": 28_295_820,
    }  # fmt: skip
    assert document["rows"][0]["invoiced"] is False


def test_repay_without_published_table_uses_the_computed_allocation(tmp_path: Path) -> None:
    path = usage(tmp_path, "code,used\n12,9000000\n")
    lines = run("repay", "gms-pilot-2023", "--used", path, "-f", "csv").stdout.splitlines()
    assert lines[1] == "12,Region Skåne,10000000,9000000,0,1000000,true"
    table = run("repay", "gms-pilot-2023", "--used", path).stdout
    assert "states no invoicing threshold" in table


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,spent\n01,1\n", "header must name the columns code and used"),
        ("code,used\n123456,1\n", "code '123456' is not a region"),
        ("code,used\n7,1\n", "code '7' is not a region"),
        ("code,used\n09,1\n", "09 received nothing under this decision"),
        ("code,used\n01,1\n01,2\n", "01 is listed twice"),
        ("code,used\n01,1.5\n", "used '1.5' has öre; give whole kronor"),
        ("code,used\n01,1e6\n", "used '1e6' is not a whole number of kronor"),
        ("code,used\n01," + "9" * 5000 + "\n", "has more than 15 digits"),
        ("code,used\n01,11724688\n", "01 used 11,724,688 kr but was paid 11,724,687 kr"),
        ("code,used\n01,1\n", "no row for 03, 05, 12, 14, 18, 24; give every recipient a row"),
        ("code,used,misused\n01,1,2\n", "misused (2) is more than used (1)"),
        ("", "the file is empty"),
    ],
)
def test_repay_bad_usage_rows(tmp_path: Path, text: str, message: str) -> None:
    result = run("repay", "S2026/00953", "--used", usage(tmp_path, text))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_programme_file_says_it_is_an_example() -> None:
    text = (REPO / "programmes" / f"{PROGRAMME}.yaml").read_text(encoding="utf-8")
    assert "NOT A DECISION" in text
    assert "påhittade belopp" in text


def test_programmes_dir_option(data: DataCopy, tmp_path: Path) -> None:
    result = run("programme", "allocate", PROGRAMME, "--programmes-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "no programme" in result.stderr


def test_each_year_can_have_its_own_population_key_or_one_fixed_key(
    data: DataCopy, tmp_path: Path
) -> None:
    # A made-up second dataset (county figures only) for 2027; the model `fixed` keeps 2025's.
    (data.population / "made_up.csv").write_text(
        "kod,namn,folkmangd\n" + "".join(f"{code},x,1000\n" for code in
        ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"]),
        encoding="utf-8",
    )  # fmt: skip
    (data.population / "made_up.yaml").write_text(
        "name: made_up\ntitle: Made up\nlevel: county\nreference_date: 2026-12-31\nsource: test\n",
        encoding="utf-8",
    )
    programmes = tmp_path / "programmes"
    programmes.mkdir()
    (programmes / "p.yaml").write_text(
        "title: Test\nbasis: test\npopulation: folkmangd_kommun_2025-12-31\n"
        "years:\n  - {year: 2026, amount: 2100000}\n  - {year: 2027, amount: 2100000, population: made_up}\n"
        "models:\n  - {id: own, label: each year its own key}\n"
        "  - {id: fixed, label: one key, population_key: folkmangd_kommun_2025-12-31}\n",
        encoding="utf-8",
    )
    args = [
        "--programmes-dir",
        str(programmes),
        "--population-dir",
        str(data.population),
        "-f",
        "json",
    ]
    own = json.loads(run("programme", "allocate", "p", "--model", "own", *args).stdout)
    assert [year["population"] for year in own["years"]] == [
        "folkmangd_kommun_2025-12-31",
        "made_up",
    ]
    assert all(row["2027"] == 100_000 for row in own["rows"])  # equal populations, equal shares
    fixed = json.loads(run("programme", "allocate", "p", "--model", "fixed", *args).stdout)
    assert [year["population"] for year in fixed["years"]] == ["folkmangd_kommun_2025-12-31"] * 2
    assert [row["2026"] for row in fixed["rows"]] == [row["2027"] for row in fixed["rows"]]


ALL_USED_ZERO = "03;0;0\r\n05;0;0\r\n12;0;0\r\n14;0;0\r\n18;0;0\r\n24;0;0\r\n"


def test_repay_reads_back_its_own_excel_csv_with_shortened_codes(tmp_path: Path) -> None:
    # What `repay --excel` writes (semicolons, BOM, CRLF, extra columns), filled in by an
    # analyst whose spreadsheet turned the code 01 into the number 1.
    text = "\ufeffcode;region;used;misused\r\n1;Region Stockholm;11723687;0\r\n" + "".join(
        f"{code};X;{used};{misused}\r\n"
        for code, used, misused in (line.split(";") for line in ALL_USED_ZERO.split("\r\n") if line)
    )
    path = tmp_path / "used.csv"
    path.write_bytes(text.encode("utf-8"))
    result = run("repay", "S2026/00953", "--used", str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "01,Region Stockholm,11724687,11723687,0,1000,false"
    assert "code '1' read as 01 (a spreadsheet drops leading zeros" in result.stderr


def test_an_svg_chart_is_readable_text_on_a_page(tmp_path: Path) -> None:
    import re
    import xml.etree.ElementTree as ET

    target = tmp_path / "c.svg"
    assert run("compare", PROGRAMME, "--chart", str(target), "-f", "csv").exit_code == 0
    svg = target.read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    assert root[0].tag == f"{namespace}title" and root[0].text
    assert root[1].tag == f"{namespace}desc" and "21" in (root[1].text or "")
    texts = [element.text or "" for element in root.iter(f"{namespace}text")]
    assert "Region Stockholm" in texts  # real text, not glyph paths
    width = float(re.sub("pt$", "", root.get("width", "0")))
    assert width <= 595  # A4 is 595 pt wide
    # The legend names the models by their labels, never their ids.
    assert "Enbart efter befolkning" in texts
    assert "bara_befolkning" not in svg and "bas_och_befolkning" not in svg


def test_programme_list_names_what_allocate_takes(tmp_path: Path) -> None:
    import csv
    import io

    result = run("programme", "list", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["name"] == PROGRAMME and (row["first_year"], row["last_year"]) == ("2026", "2030")
    assert int(row["total"]) == 650_000_000  # 100 + 100 + 150 + 150 + 150 million in the file
    assert "Enbart efter befolkning" in row["models"] and "bara_befolkning" not in row["models"]
    assert run("programme", "allocate", row["name"], "-f", "csv").exit_code == 0
    empty = tmp_path / "programmes"
    empty.mkdir()
    assert run("programme", "list", "--programmes-dir", str(empty), "-f", "csv").stdout == (
        "name,title,first_year,last_year,total,models\n"
    )


def test_a_cap_holds_the_largest_region_and_the_rest_is_split_again() -> None:
    """The programme models' vocabulary is the decisions': 1 000 kr by 10/20/970 with a cap of
    600 kr: 05 is held at 600 and 01 and 03 share the other 400 by population (133/267)."""
    split = split_year(2026, 1_000, model(cap=600), {"01": 10, "03": 20, "05": 970}, "d")
    assert split.amounts == {"01": 133, "03": 267, "05": 600}
    with pytest.raises(ProgrammeError, match="2026: a cap of 300 kr for 3 units places only"):
        split_year(2026, 1_000, model(cap=300), {"01": 10, "03": 20, "05": 70}, "d")
