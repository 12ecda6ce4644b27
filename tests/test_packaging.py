"""A non-editable install carries decisions/, population/ and sources/ as package data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import EXPECTED_CSV, REPO


def test_wheel_ships_the_data_and_runs_from_anywhere(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("statsbidrag-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for shipped in (
        "statsbidrag_cli/data/decisions/S2026-00953.yaml",
        "statsbidrag_cli/data/population/folkmangd_kommun_2025-12-31.csv",
        "statsbidrag_cli/data/population/folkmangd_kommun_2025-12-31.yaml",
        "statsbidrag_cli/data/population/lan.csv",
        "statsbidrag_cli/data/population/kommuner.csv",
        "statsbidrag_cli/data/sources/index.yaml",
        "statsbidrag_cli/data/schema/decision.schema.json",
        "statsbidrag_cli/data/population/samverkansregioner.yaml",
        "statsbidrag_cli/data/sources/003_08552fd762e6de5f.txt",
        "statsbidrag_cli/data/programmes/exempel-femarigt-program.yaml",
        "statsbidrag_cli/locale/sv/LC_MESSAGES/statsbidrag.mo",  # Swedish, the default
    ):
        assert shipped in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "from statsbidrag_cli.files.store import default_dir; "
         "print(default_dir('decisions'))"],
        capture_output=True, text=True, cwd=elsewhere, check=False, env=env,
    )  # fmt: skip
    assert where.stdout.strip() == str(tmp_path / "site/statsbidrag_cli/data/decisions")
    completed = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", "allocate", "S2026/00953", "--format", "csv"],
        capture_output=True, cwd=elsewhere, check=False, env=env,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == EXPECTED_CSV.encode("utf-8")
    table = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", "allocate", "S2026/00953"],
        capture_output=True, cwd=elsewhere, check=False, env=env,
    )  # fmt: skip
    assert "Belopp i kronor." in table.stdout.decode("utf-8")  # the catalog is found installed
    # Data of one's own never goes into the installed package.
    export = elsewhere / "nyckel.csv"
    export.write_text("kod,elever\n01,100\n", encoding="utf-8")
    imported = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", "population", "import", str(export),
         "--date", "2026-09-15", "--name", "elever_2026-09-15", "--measure", "elever"],
        capture_output=True, text=True, cwd=elsewhere, check=False, env=env,
    )  # fmt: skip
    assert imported.returncode == 2
    assert "installed package" in imported.stderr or "installerade paketet" in imported.stderr
    data = tmp_path / "site/statsbidrag_cli/data/population"
    assert not list(data.glob("elever_*"))
