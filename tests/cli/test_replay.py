"""The output cache: a warm run writes an earlier run's output again, and only then."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DataCopy, run


def kept(folder: Path) -> list[Path]:
    """The output entries in the cache folder."""
    outputs = folder / "outputs"
    return sorted(p for p in outputs.rglob("*") if p.is_file()) if outputs.is_dir() else []


def test_a_warm_run_imports_neither_the_models_nor_the_core(tmp_path: Path) -> None:
    """In a fresh interpreter, the second ``allocate --format csv`` writes the first one's
    bytes without loading the decision models, the engine, YAML or Rich."""
    code = (
        "import sys, atexit\n"
        "heavy = ('statsbidrag_cli.models.decision', 'statsbidrag_cli.core.allocation', "
        "'yaml', 'rich')\n"
        "atexit.register(lambda: print(' '.join(m for m in heavy if m in sys.modules) or '-', "
        "file=sys.stderr))\n"
        "sys.argv = ['statsbidrag', 'allocate', 'S2026/00953', '--format', 'csv']\n"
        "from statsbidrag_cli.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "STATSBIDRAG_CACHE_DIR": str(tmp_path / "cache")}
    first, second = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    )
    assert first.returncode == second.returncode == 0, first.stderr
    assert "statsbidrag_cli.models.decision" in first.stderr.splitlines()[-1]
    assert second.stderr.splitlines()[-1] == "-"
    assert second.stdout == first.stdout and first.stdout.startswith("code,region,")


def test_an_unchanged_run_is_replayed(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statsbidrag_cli.service import checking

    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert len(kept(cache)) == 1

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again, though the output was kept")

    monkeypatch.setattr(checking, "allocate_and_check", refused)
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )


@pytest.mark.parametrize(
    "name",
    [
        "decisions/S2026-00953.yaml",
        "population/folkmangd_kommun_2025-12-31.csv",
        "population/samverkansregioner.yaml",
        "sources/index.yaml",
        "sources/003_08552fd762e6de5f.txt",
    ],
)
def test_any_input_changed_is_computed_again(cache: Path, data: DataCopy, name: str) -> None:
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    path = data.population.parent / name
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert len(kept(cache)) == 2, f"{name}: the old output was written again"


def test_a_changed_figure_changes_the_output(cache: Path, data: DataCopy) -> None:
    before = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    figures = data.population / "folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    after = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert "01,Region Stockholm,5000000,Stockholm,2557105," in after.stdout
    assert after.stdout != before.stdout


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["--lang", "sv"], ["--lang", "en"]),
        (["-f", "csv"], ["-f", "json"]),
        (["-f", "csv"], ["-f", "csv", "--excel"]),
        (["-f", "csv"], ["-f", "csv", "--explain"]),
        (["-f", "csv"], ["-f", "csv", "--set", "population=30000000"]),
    ],
)
def test_another_language_format_or_option_is_its_own_output(
    cache: Path, data: DataCopy, first: list[str], second: list[str]
) -> None:
    one = run("allocate", "S2026/00953", *first, *data.args())
    two = run("allocate", "S2026/00953", *second, *data.args())
    assert one.stdout != two.stdout
    assert len(kept(cache)) == 2
    assert run("allocate", "S2026/00953", *first, *data.args()).stdout == one.stdout


def test_another_width_is_its_own_output(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("allocate", "S2026/00953", *data.args())
    monkeypatch.setenv("COLUMNS", "160")
    wide = run("allocate", "S2026/00953", *data.args())
    assert narrow.stdout != wide.stdout and len(kept(cache)) == 2


def test_a_file_output_is_never_kept(cache: Path, data: DataCopy, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert run("allocate", "S2026/00953", "-o", str(target), *data.args()).exit_code == 0
    chart = tmp_path / "chart.svg"
    assert run("allocate", "S2026/00953", "--chart", str(chart), *data.args()).exit_code == 0
    assert run("check", "--changed", *data.args()).exit_code in (0, 2)
    assert kept(cache) == []


def test_a_tampered_entry_is_a_miss(cache: Path, data: DataCopy) -> None:
    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    (entry,) = kept(cache)
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    envelope["value"]["exit_code"] = 7
    entry.write_text(json.dumps(envelope), encoding="utf-8")
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_check_of_a_set_is_replayed_with_its_notes(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    again = run("check", *data.args())
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    failed = run("check", *data.args())
    assert failed.exit_code == 1 and "FAIL S2026-00953" in failed.stdout
