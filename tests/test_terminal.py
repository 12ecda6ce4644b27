"""Tables on a real terminal: a pseudo-terminal at 80 and 120 columns, TERM=dumb, and a pipe.

CliRunner only pretends; here the CLI runs as a child process on a pty whose window size is
set with TIOCSWINSZ, as a terminal emulator sets it, so Rich measures the width itself. Each
table must fit the width and still hold every id, code, name and figure whole: each cell of
the command's CSV is looked for, unbroken, in what the terminal shows.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest
from helpers import REPO, run
from rich.cells import cell_len

pty = pytest.importorskip("pty", reason="pseudo-terminals need a POSIX system")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

TABLES = [
    ("allocate", "S2026/00953"),
    ("allocate", "S2026/00953", "--explain"),
    ("audit", "S2026/00953"),
    ("compare", "exempel-femarigt-program"),
    ("list",),
    ("ledger",),
    ("deadlines",),
    ("show", "S2026/00953"),
    ("show", "gms-sprintr-biobank-2026"),
    ("population", "show", "folkmangd_kommun_2025-12-31", "--by", "samverkansregioner"),
]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: none of the suite's pinning of Rich and Typer."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "LINES", "TTY_COMPATIBLE", "_TYPER_FORCE_DISABLE_TERMINAL")
    }
    return {**env, "TERM": "xterm-256color", **extra}


def on_pty(words: tuple[str, ...], columns: int, **env: str) -> tuple[int, list[str]]:
    """Run ``statsbidrag WORDS`` on a pseudo-terminal ``columns`` wide: exit code and the
    lines shown, colours stripped."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "statsbidrag_cli", *words],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=REPO,
        env=child_env(**env),
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    code = process.wait(timeout=60)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8"))
    return code, [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]


def expected_cells(words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What must show unbroken on any terminal: every body and totals cell of the command's
    tables drawn 1 000 columns wide, where nothing wraps; for a prose column (a cell over 30
    characters), every word. Headings are left out: on a narrow terminal they may wrap."""
    monkeypatch.setenv("COLUMNS", "1000")
    result = run(*words)
    assert result.exit_code in (0, 1), result.stderr
    lines = result.stdout.splitlines()
    expected = []
    for rule, line in enumerate(lines):
        if line.strip().startswith("─"):
            for column in table_columns(lines, rule):
                prose = any(len(cell) > 30 for cell in column)
                expected += [word for cell in column for word in cell.split()] if prose else column
    return [cell for cell in expected if cell]


def table_columns(lines: list[str], rule: int) -> list[list[str]]:
    """The body and totals cells of the table whose heading rule is ``lines[rule]``, column by
    column. Columns are told apart by their gutters: runs of two or more positions blank on
    every line of the table (cells hold single spaces only)."""
    body = []
    for line in lines[rule + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line)
    table = [lines[rule - 1], *body]
    width = max(len(line) for line in table)
    blank = [all(line[at : at + 1] in ("", " ") for line in table) for at in range(width)]
    blank += [True, True]
    spans, start = [], None
    for at in range(width + 1):
        gutter = blank[at] and (blank[at + 1] or (at and blank[at - 1]))
        if not gutter and start is None:
            start = at
        elif gutter and start is not None:
            spans.append((start, at))
            start = None
    return [[line[a:b].strip() for line in body if line[a:b].strip()] for a, b in spans]


def assert_fits_and_whole(lines: list[str], columns: int, cells: list[str]) -> None:
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, too_wide
    shown = "\n".join(lines)
    missing = [cell for cell in cells if cell not in shown]
    assert not missing, missing


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("words", TABLES, ids=" ".join)
def test_tables_fit_a_real_terminal_and_keep_every_cell_whole(
    words: tuple[str, ...], columns: int, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In both languages: their headings differ in length, and Swedish writes 7,80."""
    monkeypatch.setenv("STATSBIDRAG_LANG", language)  # the child's and the in-process run's
    code, lines = on_pty(words, columns)
    assert code == run(*words).exit_code
    cells = expected_cells(words, monkeypatch)
    assert len(cells) > 10  # the table was found
    assert_fits_and_whole(lines, columns, cells)


def test_term_dumb_loses_no_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATSBIDRAG_LANG")  # the default: Swedish
    words = ("allocate", "S2026/00953")
    code, lines = on_pty(words, 80, TERM="dumb")
    assert code == 0
    assert_fits_and_whole(lines, 80, expected_cells(words, monkeypatch))
    headings = " ".join(lines)
    for heading in ("Kod", "Region", "Samverkansregion", "Summa", "Publicerat", "Befolkningsdel"):
        assert heading in headings


def test_piped_output_is_plain_and_fits_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    words = ("allocate", "S2026/00953")
    completed = subprocess.run(
        [sys.executable, "-m", "statsbidrag_cli", *words],
        capture_output=True,
        cwd=REPO,
        env=child_env(),
        check=False,
    )
    assert completed.returncode == 0
    text = completed.stdout.decode("utf-8")
    assert "\x1b[" not in text  # no colour codes into a file or another program
    assert_fits_and_whole(text.splitlines(), 80, expected_cells(words, monkeypatch))


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    ("columns", "headings"),
    [
        (
            80,
            [
                ["Kod", "Region", "Lika del"],
                ["Kod", "Region", "Samverkansregion", "Invånare", "Befolkningsdel"],
                ["Kod", "Region", "Summa", "Publicerat", "− beräknat"],
            ],
        ),
        (
            120,
            [
                ["Kod", "Region", "Lika del", "Samverkansregion", "Invånare", "Befolkningsdel"],
                ["Kod", "Region", "Summa", "Publicerat", "− beräknat"],
            ],
        ),
    ],
)
def test_blocks_keep_a_components_columns_together(
    columns: int, headings: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fewest blocks that fit, cut where no component's unit, persons and part are parted,
    and as even as they can be: the published amount stays beside its difference."""
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run("allocate", "S2026/00953").stdout.splitlines()
    shown = [re.split(r"\s{2,}", line.strip()) for line in lines if line.startswith(" Kod ")]
    assert shown == headings
