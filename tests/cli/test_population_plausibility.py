"""Population data that cannot be true is refused where it enters: `population import`,
`validate`, and loading for `allocate`, `check` and `split`; each with exit 2, the file and
row named, and nothing written. Every hostile dataset is built here."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REGIONS_DECISION, DataCopy, run


def _lan(data: DataCopy) -> list[str]:
    return [
        line.split(",")[0]
        for line in (data.population / "lan.csv").read_text("utf-8").splitlines()[1:]
    ]


def _kommuner(data: DataCopy) -> list[tuple[str, str, str]]:
    rows = (data.population / "kommuner.csv").read_text("utf-8").splitlines()[1:]
    return [tuple(row.split(",")) for row in rows]  # type: ignore[misc]


def _dataset(data: DataCopy, name: str, csv_text: str, level: str, extra: str = "") -> Path:
    (data.population / f"{name}.csv").write_text(csv_text, encoding="utf-8")
    (data.population / f"{name}.yaml").write_text(
        f"name: {name}\ntitle: t\nlevel: {level}\nreference_date: 2024-12-31\nsource: test\n"
        + extra,
        encoding="utf-8",
    )
    return data.population / f"{name}.csv"


def _kommun_csv(data: DataCopy, persons: int = 100, rename: dict[str, str] | None = None) -> str:
    header = "kommunkod,kommun,lanskod,folkmangd\n"
    rows = [
        f"{code},{(rename or {}).get(code, name)},{county},{persons}"
        for code, county, name in (_row(r) for r in _kommuner(data))
    ]
    return header + "\n".join(rows) + "\n"


def _row(row: tuple[str, str, str]) -> tuple[str, str, str]:
    """kommuner.csv's (code, county, name) whatever its column order."""
    code, second, third = row
    return (code, second, third) if len(second) == 2 and second.isdigit() else (code, third, second)


def _refused(result: object, *words: str) -> None:
    """Exit 2 with every word said: on stderr, or on stdout for validate's report."""
    exit_code = result.exit_code  # type: ignore[attr-defined]
    said = result.stderr + result.stdout  # type: ignore[attr-defined]
    assert exit_code == 2, said
    assert "Traceback" not in said
    for word in words:
        assert word in said, said


def _import(data: DataCopy, export: Path) -> object:
    return run("population", "import", str(export), "--date", "2024-12-31", "--name", "ny",
               "--population-dir", str(data.population))  # fmt: skip


def test_a_dataset_of_zeros_is_refused_by_validate_and_allocate(data: DataCopy) -> None:
    path = _dataset(data, "noll", _kommun_csv(data, persons=0), "kommun")
    _refused(
        run("validate", str(path), "--population-dir", str(data.population)),
        "noll.csv",
        "every figure is 0",
    )
    data.write_decision(REGIONS_DECISION.replace("DATASET", "noll"), "S2099-00001")
    allocated = run("allocate", "S2099/00001", *data.args())
    _refused(allocated, "noll.csv", "every figure is 0", "S2099-00001.yaml:")  # both named
    split = run("split", "100", "--population", "noll", "--population-dir", str(data.population))
    _refused(split, "noll.csv", "every figure is 0")


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\x1b", "\u202e", "\t"])
def test_a_control_character_in_a_kommun_name_is_refused_at_its_row(
    data: DataCopy, character: str
) -> None:
    first = _row(_kommuner(data)[0])[0]
    text = _kommun_csv(data, rename={first: f"Upplands{character}Väsby"})
    path = _dataset(data, "namn", text, "kommun")
    validated = run("validate", str(path), "--population-dir", str(data.population))
    assert validated.exit_code == 2
    assert f"namn.csv:2: the name of {first}" in validated.stdout + validated.stderr
    data.write_decision(REGIONS_DECISION.replace("DATASET", "namn"), "S2099-00001")
    _refused(run("allocate", "S2099/00001", *data.args()), "namn.csv:2", "control character")


def test_a_control_character_in_the_geography_is_refused_at_its_row(data: DataCopy) -> None:
    lan = data.population / "lan.csv"
    lines = lan.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace("Stockholm", "Stock\u2028holm", 1)
    lan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _refused(run("allocate", "S2026/00953", *data.args()), "lan.csv:2", "U+2028")


def test_an_import_with_a_kommun_above_its_county_is_refused_and_writes_nothing(
    data: DataCopy, tmp_path: Path
) -> None:
    before = sorted(p.name for p in data.population.iterdir())
    rows = [f'"{code} Län","{1000 if code == "01" else 500000}"' for code in _lan(data)]
    rows.append('"0114 Upplands Väsby","300000"')
    export = tmp_path / "export.csv"
    export.write_text('"region","2024"\n' + "\n".join(rows) + "\n", encoding="utf-8")
    _refused(
        _import(data, export), "export.csv", "county 01 has 1,000 persons, fewer than the 300,000"
    )
    assert sorted(p.name for p in data.population.iterdir()) == before


def test_an_import_of_one_county_of_21_is_refused_and_writes_nothing(
    data: DataCopy, tmp_path: Path
) -> None:
    before = sorted(p.name for p in data.population.iterdir())
    export = tmp_path / "export.csv"
    export.write_text('"region","2024"\n"01 Stockholms län","2500000"\n', encoding="utf-8")
    _refused(_import(data, export), "export.csv", "must give every county; 20 missing")
    assert sorted(p.name for p in data.population.iterdir()) == before


def test_a_partial_county_dataset_is_accepted_when_marked_and_refused_where_it_falls_short(
    data: DataCopy,
) -> None:
    text = "kod,namn,folkmangd\n01,Stockholms län,1000\n03,Uppsala län,333\n"
    _dataset(data, "delvis", text, "county")
    _refused(run("validate", str(data.population / "delvis.csv"), "--population-dir",
                 str(data.population)), "must give every county")  # fmt: skip
    _dataset(data, "delvis", text, "county", "partial: true\n")
    validated = run(
        "validate", str(data.population / "delvis.csv"), "--population-dir", str(data.population)
    )
    assert validated.exit_code == 0, validated.stdout
    data.write_decision(REGIONS_DECISION.replace("DATASET", "delvis"), "S2099-00001")  # 01, 03, 12
    _refused(run("allocate", "S2099/00001", *data.args()), "has no figures for county 12")


def test_noise_years_allow_a_county_a_few_persons_below_its_kommuner(data: DataCopy) -> None:
    kommuner = [_row(r) for r in _kommuner(data)]
    in_uppsala = [code for code, county, _name in kommuner if county == "03"]
    rows = [f"{code},K,100" for code, _county, _name in kommuner]
    counties = [f"{code},L,{100 * sum(1 for k in kommuner if k[1] == code)}" for code in _lan(data)]
    below = 3 * (len(in_uppsala) + 1)  # the stated tolerance: 3 persons per cell
    counties = [
        row if not row.startswith("03,") else f"03,L,{100 * len(in_uppsala) - below}"
        for row in counties
    ]
    text = "kod,namn,folkmangd\n" + "\n".join(counties + rows) + "\n"
    for year, accepted in (("2025-12-31", True), ("2024-12-31", False)):
        (data.population / "brus.csv").write_text(text, encoding="utf-8")
        (data.population / "brus.yaml").write_text(
            f"name: brus\ntitle: t\nlevel: mixed\nreference_date: {year}\nsource: test\n", "utf-8"
        )
        result = run(
            "validate", str(data.population / "brus.csv"), "--population-dir", str(data.population)
        )
        assert (result.exit_code == 0) is accepted, (year, result.stdout)
    text = text.replace(
        f"03,L,{100 * len(in_uppsala) - below}", f"03,L,{100 * len(in_uppsala) - below - 1}"
    )
    (data.population / "brus.csv").write_text(text, encoding="utf-8")
    (data.population / "brus.yaml").write_text(
        "name: brus\ntitle: t\nlevel: mixed\nreference_date: 2025-12-31\nsource: test\n", "utf-8"
    )
    result = run(
        "validate", str(data.population / "brus.csv"), "--population-dir", str(data.population)
    )
    assert result.exit_code == 2 and "beyond SCB's noise" in result.stdout


@pytest.mark.parametrize(("command", "year"), [(["ledger"], "-1"), (["ledger"], "0"), (["ledger"], "99999"),
                                               (["compare", "exempel-femarigt-program"], "-5")])  # fmt: skip
def test_a_year_outside_every_budget_year_is_a_usage_error(command: list[str], year: str) -> None:
    result = run(*command, "--year", year)
    _refused(result, "--year", year)
    assert result.stdout == "" and "budget year from 1900 to 2199" in result.stderr


def test_a_year_in_range_without_funding_still_says_so() -> None:
    result = run("ledger", "--year", "2030")
    assert result.exit_code == 0 and "No funding lines for budget year 2030" in result.stdout
