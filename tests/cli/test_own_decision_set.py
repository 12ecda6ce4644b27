"""An analyst's own decisions and data: the decision set is the nearest folder holding
decisions/ (as ruff finds its configuration), own population folders need only their datasets,
a decision runs against another dataset with --population, and what-ifs (--set) never touch
the file. Expected amounts are worked out here with Fraction, from the figures in the files."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import DECISIONS, POPULATION, REPO, SOURCES, county_populations, hamilton, run

pytestmark = pytest.mark.usefixtures("swedish")

TEXT = REPO / "tests" / "texts" / "rehab_2027.txt"
DATASET = "folkmangd_kommun_2025-12-31"

FILLED = {
    "recipients": "all",
    "units": "regions",
    "population": DATASET,
    "purpose": '"rehabilitering efter cancer"',
    "utgiftsomrade_name": '"Hälsovård, sjukvård och social omsorg"',
    "anslagspost_name": "null\n    anslagspost_name_note: anslagspostens namn står inte i texten",
    "budget_year": "2027",
    "actor": '"Mottagarna"',
}
"""What the analyst fills in for each FYLL I of the drafted rehab_2027 decision."""


def fill_in(path: Path) -> None:
    """Replace every placeholder of a draft as the analyst would."""
    lines = []
    for line in path.read_text("utf-8").splitlines():
        found = re.match(r'(\s*-? ?)(\w+): "FYLL I', line)
        if found and found.group(2) in FILLED:
            lines.append(f"{found.group(1)}{found.group(2)}: {FILLED[found.group(2)]}")
        elif 'actor: "FYLL I' in line:
            lines.append(re.sub(r'actor: "FYLL I[^"]*"', "actor: Mottagarna", line))
        else:
            lines.append(line)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def csv_rows(text: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(text.splitlines())}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to work in, with no decision set above it."""
    folder = tmp_path / "projekt"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in ("STATSBIDRAG_DECISIONS_DIR", "STATSBIDRAG_POPULATION_DIR"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_a_newcomer_session_in_an_own_folder(project: Path) -> None:
    # 1. Draft from the text: the file lands in the decision set this folder now is.
    drafted = run("new", "S2027/00311", "--from-text", str(TEXT))
    assert drafted.exit_code == 0, drafted.stderr
    path = project / "decisions" / "S2027-00311.yaml"
    assert path.is_file() and (project / "schema" / "decision.schema.json").is_file()
    invalid = run("validate", "decisions/S2027-00311.yaml")
    assert invalid.exit_code == 2 and "fyll i" in invalid.stdout.lower()
    # 2. Fill in the placeholders; validate and check now see only this set.
    fill_in(path)
    valid = run("validate", "decisions/S2027-00311.yaml")
    assert valid.exit_code == 0, valid.stdout
    checked = run("check")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[0].startswith("GODKÄND S2027-00311")
    assert "S2026-00953" not in checked.stdout  # the built-in decisions are not mixed in
    for command in ("list", "ledger", "deadlines"):  # every command over the whole set
        listed = run(command)
        assert listed.exit_code == 0, listed.stderr
        assert listed.stderr.startswith(f"Beslutsmängd: {project / 'decisions'}")
        assert "S2026/00953" not in listed.stdout and "gms-pilot" not in listed.stdout
    assert f"Beslutsmängd: {project / 'decisions'} (beslutsmappen som hittades" in checked.stderr
    # 3. allocate: 21 000 000 equally over the 21 regions, 21 000 000 by their population.
    allocated = run("allocate", "S2027/00311", "--format", "csv")
    assert allocated.exit_code == 0, allocated.stderr
    rows = csv_rows(allocated.stdout)
    counties = county_populations(POPULATION / f"{DATASET}.csv")
    expected = hamilton(21_000_000, counties)
    assert {code: int(row["population"]) for code, row in rows.items()} == expected
    assert {int(row["equal"]) for row in rows.values()} == {1_000_000}
    assert sum(int(row["total"]) for row in rows.values()) == 42_000_000
    # 4. A population folder holding one dataset only (the geography comes from the package).
    (project / "population").mkdir()
    own = project / "min_befolkning.csv"
    with (POPULATION / f"{DATASET}.csv").open(encoding="utf-8") as source:
        text = source.read()
    text = text.replace("0180,Stockholm,01,", "0180,Stockholm,01,1")  # a million more
    own.write_text(text, "utf-8")
    imported = run("population", "import", str(own), "--date", "2026-06-30",
                   "--name", "egen_2026-06-30")  # fmt: skip
    assert imported.exit_code == 0, imported.stderr
    (project / "population" / "anteckningar.csv").write_text("kod,not\n", "utf-8")
    listed = run("population", "list")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.startswith(f"1 befolkningsdatamängd i {project / 'population'}")
    assert "egen_2026-06-30" in listed.stdout
    assert "anteckningar.csv är ingen datamängd: ingen beskrivning anteckningar.yaml" in (
        " ".join(listed.stderr.split())
    )
    split = run("split", "21000000", "--by", "regioner", "--population", "egen_2026-06-30",
                "--format", "csv")  # fmt: skip
    assert split.exit_code == 0, split.stderr  # no lan.csv needed: the package's geography
    shares = hamilton(
        21_000_000, county_populations(project / "population" / "egen_2026-06-30.csv")
    )
    assert {
        row["code"]: int(row["total"]) for row in csv.DictReader(split.stdout.splitlines())
    } == shares
    # 5. The decision against the own dataset: a what-if beside the decision's own result.
    before = path.read_bytes()
    variant = run("allocate", "S2027/00311", "--population", "egen_2026-06-30", "--format", "csv")
    assert variant.exit_code == 0, variant.stderr
    assert path.read_bytes() == before  # never written back
    changed = county_populations(project / "population" / "egen_2026-06-30.csv")
    assert changed["01"] == counties["01"] + 1_000_000
    shares = hamilton(21_000_000, changed)
    for code, row in csv_rows(variant.stdout).items():
        assert int(row["population"]) == shares[code]
        assert int(row["decision_total"]) == 1_000_000 + expected[code]
        assert int(row["variant_minus_decision"]) == shares[code] - expected[code]
    shown = run("allocate", "S2027/00311", "--population", "egen_2026-06-30")
    assert shown.stdout.startswith("KALKYL, inte beslutet: S2027/00311")
    assert "befolkningssiffror: egen_2026-06-30 i stället för beslutets " + DATASET in (
        " ".join(shown.stdout.split())
    )


def test_an_own_set_is_found_from_a_subfolder_and_options_override_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "decisions").mkdir()
    shutil.copy(DECISIONS / "gms-pilot-2023.yaml", project / "decisions")
    (project / "rapporter" / "2027").mkdir(parents=True)
    monkeypatch.chdir(project / "rapporter" / "2027")
    listed = run("check", "--format", "csv")
    assert [row["decision"] for row in csv.DictReader(listed.stdout.splitlines())] == [
        "gms-pilot-2023"
    ]
    # The id of a built-in decision is not found in the own set; the error says where it
    # looked and how to reach the built-in one.
    missing = run("allocate", "S2026/00953")
    assert missing.exit_code == 2
    message = " ".join(missing.stderr.split())
    assert f"i {project / 'decisions'} (beslutsmappen som hittades från den här mappen)" in message
    assert "S2026/00953 är ett inbyggt beslut: ange --decisions-dir" in message
    # --decisions-dir and the environment still choose.
    assert run("allocate", "S2026/00953", "--decisions-dir", str(DECISIONS)).exit_code == 0
    monkeypatch.setenv("STATSBIDRAG_DECISIONS_DIR", str(DECISIONS))
    assert run("allocate", "S2026/00953").exit_code == 0


def test_without_a_set_the_built_in_decisions_are_used_and_the_error_says_so(
    project: Path,
) -> None:
    assert run("allocate", "S2026/00953", "--format", "csv").exit_code == 0
    missing = run("allocate", "S2027/04711")
    assert missing.exit_code == 2
    assert "ingen mapp decisions/ i den här mappen eller någon överliggande" in " ".join(
        missing.stderr.split()
    )


def _own_repository(project: Path) -> None:
    """A git repository of own decisions: S2026/00953 kept in the analyst's own version."""
    for folder in (DECISIONS, SOURCES):
        (project / folder.name).mkdir()
    own = (DECISIONS / "S2026-00953.yaml").read_text("utf-8")
    (project / "decisions" / "S2026-00953.yaml").write_text("# Vår kopia.\n" + own, "utf-8")
    for document in SOURCES.iterdir():
        shutil.copy(document, project / "sources")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)


def test_the_check_hook_in_an_own_repository_sees_no_false_duplicate(project: Path) -> None:
    """The hook as pre-commit runs it, without --decisions-dir: the staged file is checked
    with the repository's own set in view, never with the shipped decisions."""
    _own_repository(project)
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        command = [sys.executable, "-m", "statsbidrag_cli", *hook["entry"].split()[1:]]
        staged = ["decisions/S2026-00953.yaml", *(f"sources/{p.name}" for p in SOURCES.iterdir())]
        files = [name for name in staged if re.search(hook["files"], name)]
        result = subprocess.run([*command, *files], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, (hook["id"], result.stdout, result.stderr)
        assert "är också diarienumret" not in result.stdout + result.stderr
        assert "site-packages" not in result.stdout + result.stderr
