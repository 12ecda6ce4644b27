"""The command line: exact output, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from helpers import EXPECTED_CSV, REPO, DataCopy, run

from statsbidrag_cli.cli import app


def test_allocate_csv_is_exact() -> None:
    result = run("allocate", "S2026/00953", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes == EXPECTED_CSV.encode("utf-8")
    assert result.stderr == ""


def test_allocate_accepts_the_file_id_too() -> None:
    assert run("allocate", "S2026-00953", "-f", "csv").stdout == EXPECTED_CSV


def test_allocate_excel_csv_for_swedish_excel() -> None:
    result = run("allocate", "S2026/00953", "--excel")
    assert result.exit_code == 0
    expected = "\ufeff" + EXPECTED_CSV.replace(",", ";").replace("\n", "\r\n")
    assert result.stdout_bytes == expected.encode("utf-8")
    assert not result.stdout_bytes.decode("utf-8").lstrip("\ufeff").startswith("sep=")


def test_excel_cannot_be_json() -> None:
    result = run("allocate", "S2026/00953", "--excel", "--format", "json")
    assert result.exit_code == 2
    assert "--excel writes CSV" in result.stderr


def test_allocate_json() -> None:
    result = run("allocate", "S2026/00953", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["decision"]["diarienummer"] == "S2026/00953"
    assert document["decision"]["beslutsdatum"] == "2026-05-07"
    assert document["total"] == 63_000_000
    assert document["published_total"] == 63_000_000
    rows = {row["code"]: row for row in document["rows"]}
    assert rows["18"]["parts"] == {"equal": 5_000_000, "population": 5_683_304}
    assert rows["18"]["units"]["population"] == {
        "id": "uppsala-orebro",
        "name": "Uppsala/Örebro",
        "population": 2_152_657,
    }
    assert rows["18"]["published"]["total"] == 10_683_306
    assert rows["18"]["published_minus_computed"] == 2
    assert rows["03"]["paid_elsewhere"] == {
        "population": {"unit": "uppsala-orebro", "unit_name": "Uppsala/Örebro", "payee": "18"}
    }
    assert rows["03"]["units"] == {}
    assert [c["allocated"] for c in document["components"]] == [35_000_000, 28_000_000]
    assert any("brusskyddade" in note for note in document["notes"])  # the decision's own words


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_output_is_byte_identical_between_runs(fmt: str) -> None:
    first = run("allocate", "S2026/00953", "--format", fmt).stdout_bytes
    assert first
    assert run("allocate", "S2026/00953", "--format", fmt).stdout_bytes == first


def test_allocate_table() -> None:
    result = run("allocate", "S2026/00953")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("S2026/00953 · decided 2026-05-07 · Socialdepartementet → Socialstyrelsen")
    assert lines[1].startswith("Uppdrag till Socialstyrelsen att betala ut medel till")
    header = next(line for line in lines if "Samverkansregion" in line)
    assert header.split() == [
        "Code", "Region", "Equal", "part", "Samverkansregion", "Samverkansregion", "population",
        "Population", "part", "Total", "Published", "Published", "−", "computed",
    ]  # fmt: skip
    orebro = next(line for line in lines if line.lstrip().startswith("18 "))
    assert orebro.split() == [
        "18", "Region", "Örebro", "län", "5,000,000", "Uppsala/Örebro", "2,152,657",
        "5,683,304", "10,683,304", "10,683,306", "2",
    ]  # fmt: skip
    uppsala = next(line for line in lines if line.lstrip().startswith("03 "))
    assert uppsala.split() == [
        "03", "Region", "Uppsala", "5,000,000", "0", "5,000,000", "5,000,000", "0",
    ]  # fmt: skip
    totals = next(line for line in lines if line.strip().startswith("Total "))
    assert totals.split() == [
        "Total", "35,000,000", "28,000,000", "63,000,000", "63,000,000", "0",
    ]  # fmt: skip
    assert any(line.startswith("Published: Socialstyrelsen's table.") for line in lines)
    assert any(line.startswith("Region Uppsala (03) has no part of its own in") for line in lines)
    assert any("sums of its kommun figures" in line for line in lines)


def test_table_never_truncates_figures_on_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = run("allocate", "S2026/00953")
    assert "…" not in result.stdout
    assert "10,683,304" in result.stdout


def test_check_passes_for_the_shipped_decisions() -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == (
        "PASS S2026-00953 (18 checks)\n"
        "PASS gms-pilot-2023 (7 checks)\n"
        "PASS gms-sprintr-biobank-2026 (14 checks)\n"
    )


def test_check_json() -> None:
    result = run("check", "S2026/00953", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["passed"] is True
    findings = document["decisions"][0]["findings"]
    assert {f["check"] for f in findings} == {
        "allocation", "components", "funding", "published", "agreement", "dates", "file", "sources",
    }  # fmt: skip
    agreement = next(f for f in findings if f["check"] == "agreement")
    assert agreement["message"] == (
        "computed amounts match the published table within 50 kr "
        "(largest published − computed +30 kr, 24 Region Västerbotten population; "
        "14 amounts compared)"
    )


def test_check_fails_when_published_figure_is_beyond_tolerance(data: DataCopy) -> None:
    text = data.decision_text().replace(
        "population: 6724687}, total: 11724687", "population: 6724587}, total: 11724587"
    )
    path = data.write_decision(text)
    result = run("check", "S2026/00953", *data.args())
    assert result.exit_code == 1
    # Each failure names the file and the line of the field to look at: the published rows.
    assert result.stdout.splitlines() == [
        "FAIL S2026-00953 (3 of 18 checks failed)",
        f"  - {path}:143:5: published column Fördelning efter befolkningsmängd per samverkansregion sums to its amount: "
        "27,999,900 is 100 kr short of 28,000,000",
        f"  - {path}:143:5: published totals sum to the decision total: "
        "62,999,900 is 100 kr short of 63,000,000",
        f"  - {path}:135:3: computed amounts must match the published table within 50 kr: "
        "01 Region Stockholm population: published − computed = -113 kr",
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[142].strip().startswith('- {code: "01"')
    assert lines[134].strip() == "publisher: Socialstyrelsen"


def test_check_fails_when_a_tolerance_is_tighter_than_the_differences(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("kronor: 50", "kronor: 20"))
    result = run("check", *data.args())
    assert result.exit_code == 1
    assert "24 Region Västerbotten population: published − computed = +30 kr" in result.stdout
    assert "05 Region Östergötland" not in result.stdout


def test_check_fails_when_components_do_not_sum_to_the_total(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    result = run("check", *data.args())
    assert result.exit_code == 1
    assert any(
        line.endswith(
            ": components sum to the decision total: 63,000,000 is 1 kr short of 63,000,001"
        )
        for line in result.stdout.splitlines()
    )


def test_check_fails_when_funding_does_not_cover_payments(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("amount: 63500000", "amount: 63400000"))
    result = run("check", *data.args())
    assert result.exit_code == 1
    assert (
        "funding lines equal payments plus own-work allowance: "
        "63,400,000 is 100,000 kr short of 63,500,000" in result.stdout
    )


def test_check_reports_a_broken_file_and_still_checks_the_rest(data: DataCopy) -> None:
    (data.decisions / "broken.yaml").write_text("diarienummer: [\n", encoding="utf-8")
    result = run("check", *data.args())
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == "PASS S2026-00953 (18 checks)"
    assert lines[1] == "ERROR broken: cannot be checked"
    assert "broken.yaml:2:1: not valid YAML" in lines[2]


def test_check_with_an_empty_folder_is_an_error(tmp_path: Path, data: DataCopy) -> None:
    result = run(
        "check", "--decisions-dir", str(tmp_path), "--population-dir", str(data.population)
    )
    assert result.exit_code == 2
    assert "no decision files" in result.stderr


def test_unknown_decision_is_a_one_line_error() -> None:
    result = run("allocate", "S2099/12345")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no decision 'S2099/12345' in the built-in decisions (there are: S2026/00953, "
        "gms-pilot-2023, gms-sprintr-biobank-2026)\n"
    )  # never an install path


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("s2026/00953", None),  # matched whatever the case
        ("S2026/953", "did you mean S2026/00953?"),
        ("S2026/00952", "did you mean S2026/00953?"),
        ("gms-pilot", "did you mean gms-pilot-2023?"),
    ],
)
def test_ids_are_matched_without_case_and_near_misses_suggested(
    typed: str, answer: str | None
) -> None:
    result = run("allocate", typed, "-f", "csv")
    if answer is None:
        assert result.exit_code == 0
    else:
        assert result.exit_code == 2 and answer in result.stderr


def test_version() -> None:
    from statsbidrag_cli import __version__

    for flag in ("--version", "-V"):
        result = run(flag)
        assert (result.exit_code, result.stdout) == (0, f"statsbidrag {__version__}\n")


@pytest.mark.parametrize(
    "reference", ["../population/lan", "/etc/passwd", "..", "a/../../b", "S2026/../x"]
)
def test_ids_that_could_escape_the_folder_are_refused(reference: str) -> None:
    result = run("allocate", reference)
    assert result.exit_code == 2
    assert "is not a decision id" in result.stderr or "no decision" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_decision_lists_every_field_with_its_line(data: DataCopy) -> None:
    text = data.decision_text().replace("amount: 35000000", "amount: 35000000.0")
    text = text.replace("agency: Socialstyrelsen\n", "agency: Socialstyrelsen\nagencyy: typo\n")
    data.write_decision(text)
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    path = data.decisions / "S2026-00953.yaml"
    assert lines[0] == f"Error: {path}: not a valid decision file (2 problems)"
    typo_line = text.splitlines().index("agencyy: typo") + 1
    assert f"  - {path}:{typo_line}:10: agencyy: unknown field (did you mean 'agency'?)" in lines
    amount_line = text.splitlines().index("    amount: 35000000.0") + 1
    assert any(
        line.startswith(
            f"  - {path}:{amount_line}:13: components.0.amount: write a plain whole number"
        )
        for line in lines
    )


def test_missing_field_is_named(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("beslutsdatum: 2026-05-07\n", ""))
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert "beslutsdatum: missing required field" in result.stderr


def test_octal_looking_code_is_refused_with_a_hint(data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace('stockholm: "01"', "stockholm: 01"))
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert "'01' is read as a number in YAML 1.1" in result.stderr
    assert "quote it ('01')" in result.stderr


def test_duplicate_key_is_refused(data: DataCopy) -> None:
    text = data.decision_text().replace("total: 63000000\n", "total: 63000000\ntotal: 64000000\n")
    data.write_decision(text)
    first = text.splitlines().index("total: 63000000") + 1
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert f":{first + 1}:1: duplicate key 'total' (first given on line {first})" in result.stderr


def test_population_file_missing_a_county_is_an_error(data: DataCopy) -> None:
    csv_path = data.population / "folkmangd_kommun_2025-12-31.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    csv_path.write_text(
        "".join(line for line in lines if not line.startswith("09")), encoding="utf-8"
    )
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert "S2026-00953.yaml:63:17:" in result.stderr  # the decision line naming the dataset
    assert "a kommun-level dataset must give every kommun; 1 missing (0980)" in result.stderr


def test_population_figure_that_is_not_a_whole_number(data: DataCopy) -> None:
    csv_path = data.population / "folkmangd_kommun_2025-12-31.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8").replace(
            "0114,Upplands Väsby,01,50495", "0114,Upplands Väsby,01,50495.5"
        ),
        encoding="utf-8",
    )
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert (
        f"{csv_path}:2: folkmangd '50495.5' for 0114 is not a whole number of persons"
        in result.stderr
    )


def with_three_more_kronor_to_share_equally(text: str) -> str:
    """35 000 003 over seven regions: three kronor that every remainder ties for."""
    return text.replace("amount: 35000000", "amount: 35000003").replace(
        "total: 63000000", "total: 63000003"
    )


def test_tie_without_a_rule_asks_for_one(data: DataCopy) -> None:
    data.write_decision(with_three_more_kronor_to_share_equally(data.decision_text()))
    result = run("allocate", "S2026/00953", *data.args())
    assert result.exit_code == 2
    assert (
        "7 recipients (01, 03, 05, 12, 14, 18, 24) have equal remainders for 3 kronor"
        in result.stderr
    )
    assert "add `tie_rule:`" in result.stderr


def test_tie_rule_in_the_decision_decides(data: DataCopy) -> None:
    data.write_decision(
        with_three_more_kronor_to_share_equally(data.decision_text()).replace(
            "own_work_max: 500000\n# No tie", "own_work_max: 500000\ntie_rule: code\n# No tie"
        )
    )
    result = run("allocate", "S2026/00953", "-f", "json", *data.args())
    # The figures are printed; the funding and published table no longer add up to the new
    # total, so allocate warns on stderr and exits 1, as check would.
    assert result.exit_code == 1
    assert "Warning: S2026-00953 fails" in result.stderr
    assert "funding lines equal payments plus own-work allowance" in result.stderr
    rows = {row["code"]: row["parts"]["equal"] for row in json.loads(result.stdout)["rows"]}
    assert rows == {"01": 5_000_001, "03": 5_000_001, "05": 5_000_001, "12": 5_000_000,
                    "14": 5_000_000, "18": 5_000_000, "24": 5_000_000}  # fmt: skip


def test_output_file_is_written_and_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "pmc.csv"
    result = run("allocate", "S2026/00953", "-f", "csv", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == EXPECTED_CSV
    target.write_text("keep me", encoding="utf-8")
    again = run("allocate", "S2026/00953", "-f", "csv", "--output", str(target))
    assert again.exit_code == 2
    assert "exists; use --force" in again.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run("allocate", "S2026/00953", "-f", "csv", "--output", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8") == EXPECTED_CSV
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pmc.csv"]


def test_failed_command_writes_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run("allocate", "S2099/00001", "-f", "csv", "--output", str(target))
    assert result.exit_code == 2
    assert not target.exists()


def test_missing_data_folder_is_an_error(tmp_path: Path) -> None:
    result = run("allocate", "S2026/00953", "--decisions-dir", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_with_an_example() -> None:
    names = command_names()
    assert names == [
        "allocate", "audit", "cache", "check", "compare", "deadlines", "ledger", "list", "new",
        "population", "programme", "recipient", "repay", "schema", "show", "split", "validate",
    ]  # fmt: skip
    group = typer.main.get_command(app)
    subcommands = [
        (parent, sub)
        for parent in ("cache", "population", "programme")
        for sub in sorted(group.commands[parent].commands)  # type: ignore[attr-defined]
    ]
    assert subcommands == [
        ("cache", "clear"), ("cache", "info"),
        ("population", "fetch"), ("population", "import"), ("population", "list"), ("population", "show"),
        ("programme", "allocate"), ("programme", "list"),
    ]  # fmt: skip
    groups = ("cache", "population", "programme")
    for words in [(name,) for name in names if name not in groups] + subcommands:
        result = run(*words, "--help")
        assert result.exit_code == 0
        assert "Example: statsbidrag " + " ".join(words) in result.stdout, words
    for name in ("allocate", "audit", "check", "deadlines", "ledger", "list", "show", "split"):
        help_text = run(name, "--help").stdout
        for option in ("--format", "--excel", "--output"):
            assert option in help_text, (name, option)
        # Options only where they act: the commands across decisions read no population, and
        # split reads no decision.
        assert ("--population-dir" in help_text) == (name not in ("deadlines", "ledger", "list"))
        assert ("--decisions-dir" in help_text) == (name != "split")
        assert "<bool>" not in help_text, name  # flags, --help included, show no metavar
    group_words: list[tuple[str, ...]] = [(), ("population",), ("programme",), *subcommands]
    for command_words in group_words:  # nor on groups' own flags
        assert "<bool>" not in run(*command_words, "--help").stdout, command_words
    assert "--population-dir" in run("validate", "--help").stdout
    assert "[regions|regioner|samverkansregioner|kommuner]" in run("split", "--help").stdout


def test_swedish_unit_words_are_accepted() -> None:
    result = run("split", "1000", "--by", "regioner", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["by"] == "regions"


def test_top_level_help_explains_and_lists_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example: statsbidrag allocate S2026/00953" in result.stdout
    assert "Exit codes: 0" in result.stdout


def test_help_flows_as_prose_and_shows_brackets_as_written() -> None:
    """Docstring line breaks do not break the help mid-sentence; ``[...]`` is not eaten."""
    allocate = run("allocate", "--help").stdout
    assert (
        "One row per recipient region: its part of each component (for a population part, the "
        "samverkansregion and its population)" in allocate
    )
    assert "(needs statsbidrag[chart])" in allocate
    split = run("split", "--help").stdout
    assert "CSV columns: code, region, population, [equal, population_part,] total." in split


def test_reflow_keeps_paragraphs_lists_and_indented_lines() -> None:
    from statsbidrag_cli.cli.framework import escape_markup, reflow

    text = """First line
        goes on.

        - one
        - two

        Example:
          statsbidrag check
        """
    assert reflow(text) == ("First line goes on.\n\n- one\n- two\n\nExample:\n  statsbidrag check")
    assert escape_markup("x[chart] [1] [/] \\[ok]") == "x\\[chart] [1] \\[/] \\\\\\[ok]"


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", "allocate", "S2026/00953", "--format", "csv"],
        capture_output=True,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == EXPECTED_CSV.encode("utf-8")
