"""Shared fixtures: a pinned terminal, a CLI runner, and a writable copy of the data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from statsbidrag_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
DECISIONS = REPO / "decisions"
POPULATION = REPO / "population"
SOURCES = REPO / "sources"


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich and Typer output that does not depend on the terminal running the tests."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("STATSBIDRAG_DECISIONS_DIR", raising=False)
    monkeypatch.delenv("STATSBIDRAG_POPULATION_DIR", raising=False)


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str) -> Result:
    """Run ``statsbidrag ARGS`` in-process and capture stdout and stderr separately."""
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


@dataclass(frozen=True)
class DataCopy:
    decisions: Path
    population: Path

    def args(self) -> list[str]:
        return ["--decisions-dir", str(self.decisions), "--population-dir", str(self.population)]

    def decision_text(self, name: str = "S2026-00953") -> str:
        return (self.decisions / f"{name}.yaml").read_text(encoding="utf-8")

    def write_decision(self, text: str, name: str = "S2026-00953") -> Path:
        path = self.decisions / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def data(tmp_path: Path) -> Iterator[DataCopy]:
    """A copy of the built-in decisions/ and population/ that a test may change."""
    copy = DataCopy(tmp_path / "decisions", tmp_path / "population")
    shutil.copytree(DECISIONS, copy.decisions)
    shutil.copytree(POPULATION, copy.population)
    yield copy
