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
from collections.abc import Set
from pathlib import Path

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


LEFT_OUT = re.compile(
    r"(?:Vid \d+ kolumner utelämnar tabellen|At \d+ columns the table leaves out) (.+?): (?:se|see) "
)
"""The note under a narrow table naming the detail columns it leaves out."""


WRAPPING = {"Vem ska agera", "Who must act"}
"""Headings of the columns whose short text may wrap between words (``Column.wraps``)."""


def left_out(lines: list[str]) -> set[str]:
    """The headings a narrow table's note says it leaves out (none when it shows all)."""
    found = LEFT_OUT.findall(" ".join(line.strip() for line in lines))
    return {heading for names in found for heading in names.split(", ")}


def expected_cells(
    words: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, omitted: Set[str] = frozenset()
) -> list[str]:
    """What must show unbroken on any terminal: every body and totals cell of the command's
    tables drawn 1 000 columns wide, where nothing wraps, except those of the columns a
    narrow table says it leaves out (``omitted``); for a prose column (a cell over 30
    characters), every word. Headings are left out: on a narrow terminal they may wrap."""
    monkeypatch.setenv("COLUMNS", "1000")
    result = run(*words)
    assert result.exit_code in (0, 1), result.stderr
    lines = result.stdout.splitlines()
    expected = []
    for rule, line in enumerate(lines):
        if line.strip().startswith("─"):
            for heading, column in table_columns(lines, rule):
                if heading in omitted:
                    continue
                prose = heading in WRAPPING or any(len(cell) > 30 for cell in column)
                expected += [word for cell in column for word in cell.split()] if prose else column
    return [cell for cell in expected if cell]


def rules(lines: list[str]) -> int:
    """How many tables (blocks) the lines show: one heading rule each."""
    return sum(1 for line in lines if line.strip().startswith("─"))


def table_columns(lines: list[str], rule: int) -> list[tuple[str, list[str]]]:
    """The heading and the body and totals cells of the table whose heading rule is
    ``lines[rule]``, column by column. Columns are told apart by their gutters: runs of two or more positions blank on
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
    return [
        (lines[rule - 1][a:b].strip(), [line[a:b].strip() for line in body if line[a:b].strip()])
        for a, b in spans
    ]


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
    cells = expected_cells(words, monkeypatch, left_out(lines))
    assert len(cells) > 10  # the table was found
    assert_fits_and_whole(lines, columns, cells)


EVERYDAY = [
    ("allocate", "S2026/00953"),
    ("allocate", "gms-sprintr-biobank-2026"),
    ("audit", "S2026/00953"),
    ("deadlines",),
    ("list",),
    ("compare", "exempel-femarigt-program"),
    ("show", "S2026/00953"),
    ("show", "gms-sprintr-biobank-2026"),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("words", EVERYDAY, ids=" ".join)
def test_everyday_tables_are_one_block_at_80_and_120_columns(
    words: tuple[str, ...], columns: int, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Designed for the width, not stacked: as many tables as at 1 000 columns (one per
    group), detail columns left out where they must be and named in a note."""
    monkeypatch.setenv("STATSBIDRAG_LANG", language)
    _code, lines = on_pty(words, columns)
    monkeypatch.setenv("COLUMNS", "1000")
    assert rules(lines) == rules(run(*words).stdout.splitlines())


def test_term_dumb_loses_no_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATSBIDRAG_LANG")  # the default: Swedish
    words = ("allocate", "S2026/00953")
    code, lines = on_pty(words, 80, TERM="dumb")
    assert code == 0
    omitted = left_out(lines)
    assert omitted == {"Kod", "Samverkansregion", "Invånare", "Publicerat"}
    assert_fits_and_whole(lines, 80, expected_cells(words, monkeypatch, omitted))
    headings = " ".join(lines)
    for heading in ("Region", "Lika del", "Efter", "befolkning", "Summa", "− beräknat"):
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
    lines = text.splitlines()
    assert_fits_and_whole(lines, 80, expected_cells(words, monkeypatch, left_out(lines)))


@pytest.mark.parametrize("piped_format", [(), ("--format", "csv")])
def test_a_terminal_is_drawn_for_itself_after_the_same_line_piped(
    tmp_path: Path, piped_format: tuple[str, ...]
) -> None:
    """Piped, ``allocate``'s table is never kept (a table is laid out for a terminal), its CSV
    is; on a terminal 120 columns wide the command is still drawn for that terminal, never
    answered with the pipe's 80-column table."""
    words = ("allocate", "S2026/00953", *piped_format)
    cache = {"STATSBIDRAG_CACHE_DIR": str(tmp_path / "cache")}
    piped = [
        subprocess.run(
            [sys.executable, "-m", "statsbidrag_cli", *words],
            capture_output=True,
            cwd=REPO,
            env=child_env(**cache),
            check=True,
        ).stdout.decode("utf-8")
        for _ in range(2)
    ]
    kept = list((tmp_path / "cache").glob("outputs/*/*"))
    assert piped[0] == piped[1] and len(kept) == (1 if piped_format else 0)
    code, lines = on_pty(("allocate", "S2026/00953"), 120, **cache)
    assert code == 0
    assert max(len(line) for line in lines) > 80
    if not piped_format:
        assert max(len(line) for line in piped[0].splitlines()) <= 80


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize(
    ("columns", "headings"),
    [
        (60, [["Region", "Lika del", "befolkning"], ["Region", "Summa", "− beräknat"]]),
        (80, [["Region", "Lika del", "befolkning", "Summa", "− beräknat"]]),
        (
            120,
            [
                [
                    "Kod",
                    "Region",
                    "Lika del",
                    "Samverkansregion",
                    "Invånare",
                    "befolkning",
                    "Summa",
                    "− beräknat",
                ],
            ],
        ),
    ],
)
def test_a_table_leaves_out_the_fewest_details_and_stacks_only_when_it_must(
    columns: int, headings: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 120 columns ``allocate`` leaves out only the published amount (its difference
    stays), at 80 also the samverkansregion, its persons and the code, and only below that
    stacks blocks, each repeating the region, the published difference beside the total."""
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run("allocate", "S2026/00953").stdout.splitlines()
    rule_lines = [at for at, line in enumerate(lines) if line.strip().startswith("─")]
    shown = [re.split(r"\s{2,}", lines[at - 1].strip()) for at in rule_lines]
    assert shown == headings


def _words_whole(lines: list[str], message: str) -> list[str]:
    """The words of ``message`` not found whole in the terminal's lines."""
    shown = " ".join(lines).split()
    return [word for word in message.split() if word not in shown]


def test_an_error_wraps_between_words_at_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = ("allocate", "S2027/04711")
    code, lines = on_pty(words, 60)
    assert code == 2
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = run(*words).stderr  # not a terminal: one line
    assert len(piped.strip().splitlines()) == 1 and len(piped) > 120
    assert max(cell_len(line) for line in lines) <= 60
    assert _words_whole(lines, piped) == []


def test_check_failures_wrap_under_their_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="sb") as temporary:  # a short path: it is a word
        folder = Path(temporary) / "decisions"
        shutil.copytree(REPO / "decisions", folder)
        path = folder / "S2026-00953.yaml"
        text = path.read_text("utf-8").replace("total: 63000000", "total: 63000001")
        path.write_text(text, "utf-8")
        words = ("check", "S2026/00953", "--decisions-dir", str(folder))
        code, lines = on_pty(words, 70)
        monkeypatch.delenv("COLUMNS", raising=False)
        piped = run(*words).stdout
    assert code == 1
    problem = [at for at, line in enumerate(lines) if line.startswith("  - ")]
    assert problem and max(cell_len(line) for line in lines) <= 70
    continued = lines[problem[0] + 1]
    assert continued.startswith("    ") and not continued.startswith("    -")
    assert all(len(line) > 70 for line in piped.splitlines() if line.startswith("  - "))
    assert _words_whole(lines, piped) == []
