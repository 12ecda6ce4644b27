"""The cache of validated decisions, population files and check results: used when the
inputs are as they were, never when they changed, harmless when corrupt, off on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DataCopy, run


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_second_check_reads_the_cache_and_says_the_same(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    written = entries(cache)
    assert {p.relative_to(cache).parts[0] for p in written} >= {"checks", "decisions"}
    second = run("check", *data.args())
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert entries(cache) == written  # nothing new: every answer came from the cache


def test_an_edited_file_is_never_answered_from_the_cache(cache: Path, data: DataCopy) -> None:
    assert run("check", *data.args()).exit_code == 0
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    assert run("check", *data.args()).exit_code == 1
    population = data.population / "folkmangd_kommun_2025-12-31.csv"
    data.write_decision(data.decision_text().replace("total: 63000001", "total: 63000000"))
    assert run("check", *data.args()).exit_code == 0
    population.write_text(
        population.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    changed = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert "01,Region Stockholm,5000000,Stockholm,2557105," in changed.stdout


def test_a_corrupt_entry_is_ignored_and_removed(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    for entry in entries(cache):
        entry.write_bytes(b"not a pickle")
    again = run("check", *data.args())
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert all(entry.read_bytes() != b"not a pickle" for entry in entries(cache))


def test_no_cache_reads_everything_afresh_and_writes_nothing(cache: Path, data: DataCopy) -> None:
    result = run("--no-cache", "check", *data.args())
    assert result.exit_code == 0
    assert entries(cache) == []


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(blocker / "cache"))
    result = run("check", *data.args())
    assert result.exit_code == 0
    assert result.stderr == ""
