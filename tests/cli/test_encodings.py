"""A terminal that cannot encode every character gets replacements and a note, never a
traceback; an oversized value is never echoed back whole."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ENVIRONMENTS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}
COMMANDS = [
    ["allocate", "S2026/00953"],
    ["show", "S2026/00953"],
    ["check"],
    ["--help"],
    ["allocate", "--help"],
    ["allocate", "S9999/00001"],
    ["list", "--format", "csv"],
]


def _run(args: list[str], extra: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIO", "LC_"))}
    env.pop("STATSBIDRAG_LANG", None)
    env.update({"COLUMNS": "80", **extra})
    code = "from statsbidrag_cli.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, timeout=60
    )


@pytest.mark.parametrize("name", list(ENVIRONMENTS))
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_narrow_terminal_gets_replacements_not_a_traceback(name: str, args: list[str]) -> None:
    result = _run(args, ENVIRONMENTS[name])
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    assert result.returncode == (2 if "S9999/00001" in args else 0)
    if args[0] != "--help" and "--help" not in args:
        assert result.stderr.count(b"cannot show every character") <= 1


def test_the_narrow_terminal_note_is_said_once_and_csv_stays_utf8() -> None:
    result = _run(["list", "--format", "csv"], ENVIRONMENTS["ascii"])
    assert result.stdout.decode("utf-8").startswith("id,diarienummer,")
    assert "Uppdrag till Socialstyrelsen" in result.stdout.decode("utf-8")
    table = _run(["allocate", "S2026/00953"], ENVIRONMENTS["ascii"])
    assert table.stdout.decode("ascii")  # the table is in the terminal's encoding
    assert table.stderr.decode("ascii").count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "x" * 100_000, "list"],
        ["allocate", "S" * 100_000],
        ["list", "--sort", "y" * 100_000],
    ],
    ids=["lang", "decision", "sort"],
)
def test_an_oversized_value_is_not_echoed_whole(args: list[str]) -> None:
    result = _run(args, {})
    assert result.returncode == 2
    assert len(result.stderr) < 3_000, len(result.stderr)


def test_an_oversized_language_variable_is_not_echoed_whole() -> None:
    result = _run(["list"], {"STATSBIDRAG_LANG": "z" * 100_000})
    assert result.returncode == 2 and len(result.stderr) < 500
