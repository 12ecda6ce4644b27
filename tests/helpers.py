"""Helpers the tests share: where the data is, running the CLI, a writable data copy.

Imported as ``from helpers import ...`` (pytest puts ``tests/`` on the path); fixtures stay in
``conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from statsbidrag_cli.cli import app

REPO = Path(__file__).resolve().parents[1]
DECISIONS = REPO / "decisions"
POPULATION = REPO / "population"
SOURCES = REPO / "sources"
GOLDEN = Path(__file__).resolve().parent / "golden"


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
    """A writable copy of the built-in decisions/ and population/ folders."""

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
