"""Markdown for the commands analysts publish from: allocate, audit, ledger, deadlines,
compare; every table a well-formed pipe table."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PUBLISHED_COMMANDS, run


def _tables(text: str) -> list[list[str]]:
    """The pipe tables of a Markdown text, as lists of their lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def _cells(line: str) -> int:
    return line.replace("\\|", "").count("|") - 1


@pytest.mark.parametrize(
    "command",
    PUBLISHED_COMMANDS,
    ids=lambda c: c[0],
)
def test_every_table_is_a_well_formed_pipe_table(command: list[str]) -> None:
    result = run(*command, "--format", "markdown")
    assert result.exit_code in (0, 1), result.stderr
    tables = _tables(result.stdout)
    assert tables, result.stdout
    for table in tables:
        width = _cells(table[0])
        assert set(table[1].replace("|", "").split()) <= {":---", "---:"}
        assert all(_cells(line) == width for line in table), table


def test_allocate_shows_computed_and_published_side_by_side_with_a_summa_row() -> None:
    text = run("allocate", "S2026/00953", "--format", "markdown").stdout
    table = _tables(text)[0]
    assert "Published" in table[0] and "Total" in table[0]
    assert "| 24 | Region Västerbotten |" in text and "| 7,379,604 | 7,379,634 | 30 |" in text
    assert table[-1].startswith("|  | **Total** |") and "**63,000,000**" in table[-1]
    assert "[^1]: " in text  # the notes as footnotes
    assert "\n## Sources\n" in text and "\n- " in text  # the sources as a list


def test_an_md_file_name_chooses_markdown(tmp_path: Path) -> None:
    target = tmp_path / "tabell.md"
    assert run("allocate", "S2026/00953", "-o", str(target)).exit_code == 0
    assert target.read_text("utf-8").startswith("# S2026/00953")
