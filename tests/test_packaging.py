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
        [sys.executable, "-c", "from statsbidrag_cli.files.local.store import default_dir; "
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


def _wheel(source: Path, into: Path) -> Path:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(into), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = into.glob("statsbidrag-*.whl")
    return wheel


def test_a_changed_build_of_the_same_version_is_never_answered_from_the_old_one(
    tmp_path: Path,
) -> None:
    """Install a build, run a piped ``allocate`` (its output is kept), install a changed
    build with the same version number into the same place, and run it again: the new
    code's output, never the kept one (every key holds the running code's fingerprint)."""
    import shutil

    changed = tmp_path / "changed"
    shutil.copytree(
        REPO, changed, ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "*.pyc", ".*cache")
    )
    renderer = changed / "src/statsbidrag_cli/render/csv.py"
    header = "writer.writerow([column.key for column in table.columns])"
    text = renderer.read_text(encoding="utf-8")
    assert text.count(header) == 1
    renderer.write_text(  # the new build's CSV header ends in "_v2"
        text.replace(header, header[:-1] + '[:-1] + [table.columns[-1].key + "_v2"])'),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    env = {
        "PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1",
        "STATSBIDRAG_CACHE_DIR": str(tmp_path / "cache"),
        "STATSBIDRAG_STATE_DIR": str(tmp_path / "state"),
    }  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    headers = []
    for source, wheels in ((REPO, tmp_path / "one"), (changed, tmp_path / "two")):
        installed = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade",
             "--force-reinstall", "--target", str(site), str(_wheel(source, wheels))],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert installed.returncode == 0, installed.stderr
        for _ in range(2):  # the second run of each build is answered from its cache
            completed = subprocess.run(
                [sys.executable, "-m", "statsbidrag_cli", "allocate", "S2026/00953", "-f", "csv"],
                capture_output=True, text=True, cwd=elsewhere, check=False, env=env,
            )  # fmt: skip
            assert completed.returncode == 0, completed.stderr
            headers.append(completed.stdout.splitlines()[0])
    assert list(tmp_path.glob("cache/outputs/*/*")), "nothing was kept: the test shows nothing"
    old, new = EXPECTED_CSV.splitlines()[0], EXPECTED_CSV.splitlines()[0] + "_v2"
    assert headers == [old, old, new, new]
