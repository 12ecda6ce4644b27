"""PxWeb import, population list/show, ad-hoc splits, and population splits over any units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REGIONS_DECISION, DataCopy, run

from statsbidrag_cli.core.engine import largest_remainder
from statsbidrag_cli.files.local.population import load_dataset

PXWEB = Path(__file__).parents[1] / "pxweb"
EXPECTED_DATASET = (
    "kod,namn,folkmangd\n01,Stockholms län,1000\n0114,Upplands Väsby,300\n0115,Vallentuna,500\n"
)


@pytest.mark.parametrize(
    ("fixture", "extra", "shape", "encoding"),
    [
        ("comma_with_title.csv", [], "CSV", "UTF-8"),
        ("semicolon_latin1.csv", [], "CSV", "Latin-1 (Windows-1252)"),
        ("tab_no_heading.csv", [], "CSV", "UTF-8"),
        ("two_years.csv", ["--column", "2024"], "CSV", "UTF-8"),
        ("json_stat2.json", [], "JSON-stat 2", "UTF-8"),
    ],
)
def test_import_every_pxweb_shape(
    data: DataCopy, fixture: str, extra: list[str], shape: str, encoding: str
) -> None:
    result = run(
        "population", "import", str(PXWEB / fixture), "--date", "2024-12-31", "--name", "test_2024",
        "--population-dir", str(data.population), *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"1 counties, 2 kommuner ({shape}, {encoding})" in result.stderr
    assert (data.population / "test_2024.csv").read_text(encoding="utf-8") == EXPECTED_DATASET
    dataset = load_dataset(data.population, "test_2024")
    assert dataset.info.level == "mixed"
    assert str(dataset.info.reference_date) == "2024-12-31"
    # The county figure is kept as given (1 000), not replaced by its kommuner's sum (800).
    assert dataset.county_persons("01") == 1000
    assert dataset.persons_in([], ["0114", "0115"]) == 800


def test_import_needs_a_column_when_there_are_several(data: DataCopy) -> None:
    result = run("population", "import", str(PXWEB / "two_years.csv"), "--date", "2024-12-31",
                 "--name", "x", "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert "several columns of figures (2023, 2024); choose one with --column" in result.stderr
    assert not (data.population / "x.csv").exists()


def test_import_does_not_clobber_and_refuses_bad_names(data: DataCopy) -> None:
    args = ["--date", "2024-12-31", "--population-dir", str(data.population)]
    assert (
        run(
            "population", "import", str(PXWEB / "tab_no_heading.csv"), "--name", "t", *args
        ).exit_code
        == 0
    )
    again = run("population", "import", str(PXWEB / "tab_no_heading.csv"), "--name", "t", *args)
    assert again.exit_code == 2
    assert "exists; use --force" in again.stderr
    bad = run("population", "import", str(PXWEB / "tab_no_heading.csv"), "--name", "../t", *args)
    assert bad.exit_code == 2
    assert "not a valid population dataset name" in bad.stderr
    date = run("population", "import", str(PXWEB / "tab_no_heading.csv"), "--name", "u",
               "--date", "31/12/2024", "--population-dir", str(data.population))  # fmt: skip
    assert date.exit_code == 2
    assert "--date must be a date as YYYY-MM-DD" in date.stderr


def test_import_refuses_a_file_that_is_not_a_table(tmp_path: Path, data: DataCopy) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("population", "import", str(bad), "--date", "2024-12-31", "--name", "b",
                 "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert "no row starts with a region code and name" in result.stderr


def test_population_list_and_show(data: DataCopy) -> None:
    listing = run("population", "list", "-f", "csv", "--population-dir", str(data.population))
    lines = listing.stdout.splitlines()
    assert lines[:2] == [
        "name,reference_date,level,counties,kommuner,persons_in_kommuner,title,measure,"
        "persons_in_counties",
        "folkmangd_kommun_2025-12-31,2025-12-31,kommun,0,290,10605520,Folkmängd per kommun 31 december 2025,folkmängd,0",
    ]
    # SCB's national totals on 31 December (../shared/population/README.md)
    riket = {2010: 9_415_570, 2014: 9_747_355, 2017: 10_120_242, 2019: 10_327_589,
             2024: 10_587_710}  # fmt: skip
    for year, persons in riket.items():
        name = f"folkmangd_lan_{year}-12-31"
        assert (
            f"{name},{year}-12-31,county,21,0,0,Folkmängd per län 31 december {year},folkmängd,"
            f"{persons}"
        ) in lines
    assert len(lines) == 1 + 1 + 10 + 1
    shown = run("population", "show", "folkmangd_kommun_2025-12-31", "--by", "regions", "-f", "csv")
    lines = shown.stdout.splitlines()
    assert lines[0] == "code,name,population"
    assert lines[1] == "01,Region Stockholm,2486253"
    assert len(lines) == 22
    sv = json.loads(
        run(
            "population",
            "show",
            "folkmangd_kommun_2025-12-31",
            "--by",
            "samverkansregioner",
            "-f",
            "json",
        ).stdout
    )
    assert {row["code"]: row["population"] for row in sv["rows"]}["umea"] == 901_319
    assert sv["dataset"]["reference_date"] == "2025-12-31"


def test_split_by_samverkansregioner_csv() -> None:
    result = run("split", "28000000", "--by", "samverkansregioner", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "code,region,population,total\n"
        "goteborg,Göteborg,1980907,5229861\n"
        "linkoping,Linköping,1087734,2871764\n"
        "lund-malmo,Lund/Malmö,1935798,5110767\n"
        "stockholm,Stockholm,2547105,6724700\n"
        "umea,Umeå,901319,2379604\n"
        "uppsala-orebro,Uppsala/Örebro,2152657,5683304\n"
    )


def test_split_with_an_equal_base_over_some_regions() -> None:
    result = run(
        "split",
        "1000001",
        "--equal-base",
        "3",
        "--equal-over",
        "01,03",
        "--tie-rule",
        "code",
        "-f",
        "json",
    )
    assert result.exit_code == 0
    rows = {row["code"]: row for row in json.loads(result.stdout)["rows"]}
    assert (rows["01"]["equal"], rows["03"]["equal"], rows["04"]["equal"]) == (2, 1, 0)
    assert sum(row["total"] for row in rows.values()) == 1_000_001
    assert sum(row["population_part"] for row in rows.values()) == 999_998


def test_split_by_kommuner_sums_exactly() -> None:
    document = json.loads(run("split", "10000000", "--by", "kommuner", "-f", "json").stdout)
    assert len(document["rows"]) == 290
    assert document["total"] == 10_000_000


def test_split_half_up_reports_the_miss() -> None:
    result = run("split", "28000000", "--by", "samverkansregioner", "--method", "half_up")
    assert (
        "The ordinary rounding amounts sum to 27,999,999, -1 kr from 28,000,000: reported, not adjusted."
        in result.stdout
    )


def test_split_equal_tie_needs_a_rule() -> None:
    result = run("split", "1000", "--equal-base", "1", "--equal-over", "01,03")
    assert result.exit_code == 2
    assert "choose --tie-rule" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "socken"], "--by must be regions, samverkansregioner or kommuner"),
        (["--method", "banker"], "--method must be one of"),
        (["--tie-rule", "random"], "--tie-rule must be"),
        (["--equal-base", "2000"], "--equal-base must be between 0 and AMOUNT"),
        (
            ["--equal-base", "10", "--equal-over", "99"],
            "--equal-over names 99, which are not regions",
        ),
        (["--population", "nope"], "no population dataset 'nope'"),
    ],
)
def test_split_bad_options(args: list[str], message: str) -> None:
    result = run("split", "1000", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_population_split_over_chosen_regions(data: DataCopy) -> None:
    data.write_decision(
        REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31"), "S2099-00001"
    )
    result = run("allocate", "S2099/00001", "-f", "csv", *data.args())
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "code,region,part_persons,part,total"
    )  # no unit column: each region is its own
    assert [line.split(",")[0] for line in lines[1:]] == ["01", "03", "12"]
    assert sum(int(line.split(",")[-1]) for line in lines[1:]) == 1_000_000
    assert lines[1].startswith("01,Region Stockholm,2486253,")


def test_a_table_made_from_the_publishers_figures_is_reproduced_exactly(data: DataCopy) -> None:
    # A dataset with county figures given directly (as a publisher would have them): the
    # computed split must equal a table computed from the same figures, to the krona.
    (data.population / "given.csv").write_text(
        "kod,namn,folkmangd\n01,Stockholms län,1000\n03,Uppsala län,333\n12,Skåne län,667\n",
        encoding="utf-8",
    )
    (data.population / "given.yaml").write_text(
        "name: given\ntitle: Made-up county figures\nlevel: county\nreference_date: 2099-01-01\n"
        "source: test\npartial: true\n",  # three counties of 21, knowingly
        encoding="utf-8",
    )
    text = REGIONS_DECISION.replace("DATASET", "given") + (
        "published:\n  publisher: Test\n  source: [{document: test, quotes: [test]}]\n  rows:\n"
        "    - {code: '01', name: A, amounts: {part: 500000}, total: 500000}\n"
        "    - {code: '03', name: B, amounts: {part: 166500}, total: 166500}\n"
        "    - {code: '12', name: C, amounts: {part: 333500}, total: 333500}\n"
    )
    data.write_decision(text, "S2099-00001")
    check = run("check", "S2099/00001", *data.args())
    assert check.stdout.splitlines()[0] == "PASS S2099-00001 (11 checks)"
    audit = json.loads(run("audit", "S2099/00001", "-f", "json", *data.args()).stdout)
    component = audit["components"][0]
    assert component["verdict"] == "reproduced"
    assert component["methods"] == ["largest_remainder", "half_up", "dhondt", "sainte_lague"]
    assert [row["verdict"] for row in component["rows"]] == ["matches"] * 3


GROUPS_COMPONENT = """\
  - kind: population
    id: part
    label: By population over two custom groups
    amount: 1000000
    units: groups
    groups:
      - {id: north, name: Norr, counties: ["22", "23", "24", "25"]}
      - {id: halland-south, name: Södra Halland, kommuner: ["1315", "1380", "1381"]}
    payees: {north: "24", halland-south: "1380"}
    population: folkmangd_kommun_2025-12-31
    purpose: test
    source: [{document: test, quotes: ["betala ut 1 000 000 kronor"]}]
"""


def test_population_split_over_custom_groups_paid_to_a_region_and_a_kommun(data: DataCopy) -> None:
    text = REGIONS_DECISION.replace("DATASET", "folkmangd_kommun_2025-12-31")
    start = text.index("  - kind: population")
    end = text.index("dates:")
    data.write_decision(text[:start] + GROUPS_COMPONENT + text[end:], "S2099-00001")
    result = run("allocate", "S2099/00001", "-f", "json", *data.args())
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)["rows"]}
    north = 240_641 + 132_736 + 279_024 + 248_918
    south = 10_094 + 106_315 + 26_565
    assert rows["24"]["units"]["part"] == {"id": "north", "name": "Norr", "population": north}
    assert rows["1380"]["region"] == "Halmstad"
    assert rows["1380"]["units"]["part"]["population"] == south
    assert rows["24"]["total"] + rows["1380"]["total"] == 1_000_000
    assert [rows["24"]["total"], rows["1380"]["total"]] == largest_remainder(
        1_000_000, [north, south]
    )


def _kommun_key(header: str, data: DataCopy) -> str:
    """Every kommun of the shipped figures as a plain key file, with ``header``."""
    lines = (data.population / "folkmangd_kommun_2025-12-31.csv").read_text(encoding="utf-8")
    rows = [line.split(",") for line in lines.splitlines()[1:]]
    if header == "kod,namn,antal":
        return header + "\n" + "".join(f"{r[0]},{r[1]},{r[3]}\n" for r in rows)
    return header + "\n" + "".join(f"{r[0]},{r[3]}\n" for r in rows)


def test_a_name_column_is_never_counted_as_figures(tmp_path: Path, data: DataCopy) -> None:
    export = tmp_path / "nyckel.csv"
    export.write_text(_kommun_key("kod,namn,antal", data), encoding="utf-8")
    result = run("population", "import", str(export), "--date", "2025-12-31", "--name",
                 "nyckel_2025-12-31", "--measure", "elever", "--source", "egen",
                 "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    dataset = load_dataset(data.population, "nyckel_2025-12-31")
    assert dataset.kommuner["0114"].persons == 50495


def test_a_code_that_lost_its_zero_is_refused_naming_the_row(
    tmp_path: Path, data: DataCopy
) -> None:
    export = tmp_path / "nyckel.csv"
    text = _kommun_key("kod,antal", data).replace("0114,", "114,", 1)
    export.write_text(text, encoding="utf-8")
    result = run("population", "import", str(export), "--date", "2025-12-31", "--name",
                 "nyckel_2025-12-31", "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert "row 2: the code '114' has lost its leading zero" in result.stderr
    assert "'0114'" in result.stderr
    assert not list(data.population.glob("nyckel_*"))


@pytest.mark.parametrize(
    "option",
    [["--measure", "asyl\u2028sökande"], ["--source", "egen\u202enyckel"]],
    ids=["line-separator-in-measure", "bidi-override-in-source"],
)
def test_a_bad_description_writes_nothing(
    tmp_path: Path, data: DataCopy, option: list[str]
) -> None:
    export = tmp_path / "nyckel.csv"
    export.write_text(_kommun_key("kod,antal", data), encoding="utf-8")
    result = run("population", "import", str(export), "--date", "2025-12-31", "--name",
                 "nyckel_2025-12-31", *option, "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert not list(data.population.glob("nyckel_*"))
    assert run("population", "list", "--population-dir", str(data.population)).exit_code == 0


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--date", "2999-12-31"], "is in the future"),
        (["--date", "2024-12-31", "--base-url", "file:///etc/"], "not an http or https address"),
        (["--date", "2024-12-31", "--base-url", "ftp://example.org/api"], "not an http or https address"),
    ],
)  # fmt: skip
def test_fetch_refuses_before_the_network(
    data: DataCopy, monkeypatch: pytest.MonkeyPatch, words: list[str], message: str
) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was tried")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = run("population", "fetch", *words, "--level", "lan",
                 "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert message in result.stderr
