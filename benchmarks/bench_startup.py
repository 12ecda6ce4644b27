"""Start-up of whole commands, each paired with the yardstick it should be close to.

* ``allocate S2026/00953 --format csv`` repeated (its output kept), and run for the first time
  (no kept output: the per-file caches answer, the output is computed), and
  ``check S2026/00953``, against a minimal two-command Typer app with one string option in the
  same Python (what Typer itself costs);
* ``--help`` against the same app's ``--help`` (Typer's help screen);
* ``allocate S2026/00953`` (the table, never kept: laid out for a terminal) piped, and on a
  real terminal (a pty from ``script``, 80 columns), against a minimal Typer app that prints
  one Rich table the same way.

Warm: with the cache of an earlier run (a user's second run). Cold: every pair gets a new,
empty cache folder, repeated. Each ratio is the median of pair-by-pair ratios of interleaved
runs (see ``timing.py``), with its spread; bytecode is compiled first. Run with `make bench`;
nothing of the user's cache or state is used.
"""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import HEADER, fresh_caches, paired, row, run_once

REPO = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", "7"))
MINIMAL_TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def allocate(decision: str, fmt: str = "table") -> None:
    print(decision)
@app.command()
def other() -> None:
    pass
app()
"""
MINIMAL_RICH_TABLE_APP = """
import typer
app = typer.Typer()
@app.command()
def allocate(decision: str) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(title=decision)
    for name in ("Kod", "Region", "Lika del", "Befolkningsdel", "Summa"):
        table.add_column(name)
    for code in ("01", "03", "05", "12", "14", "18", "24"):
        table.add_row(code, "Region " + code, "5 000 000", "2 871 764", "7 871 764")
    Console().print(table)
@app.command()
def other() -> None:
    pass
app()
"""


def main() -> None:
    python = sys.executable
    compileall.compile_dir(REPO / "src", quiet=1)
    cli = [python, "-m", "statsbidrag_cli"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            STATSBIDRAG_CACHE_DIR=str(base / "cache"), STATSBIDRAG_STATE_DIR=str(base / "state")
        )
        typer_app = base / "minimal_typer_app.py"
        typer_app.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        table_app = base / "minimal_rich_table_app.py"
        table_app.write_text(MINIMAL_RICH_TABLE_APP, encoding="utf-8")
        yardstick = [python, str(typer_app), "allocate", "X"]
        table = [*cli, "allocate", "S2026/00953"]
        table_yardstick = [python, str(table_app), "allocate", "X"]
        cases = [
            ("allocate S2026/00953 --format csv", [*cli, "allocate", "S2026/00953", "-f", "csv"], yardstick),
            ("check S2026/00953", [*cli, "check", "S2026/00953"], yardstick),
            ("--help  (vs the app's --help)", [*cli, "--help"], [python, str(typer_app), "--help"]),
            ("allocate S2026/00953  (vs a Rich table app)", table, table_yardstick),
        ]  # fmt: skip
        terminal = shutil.which("script")
        if terminal:  # util-linux: the command on a pseudo-terminal, 80 columns
            on_pty = [terminal, "-qec"]
            cases.append(
                ("the table on a terminal  (vs the same app)",
                 [*on_pty, _line(table), "/dev/null"], [*on_pty, _line(table_yardstick), "/dev/null"])
            )  # fmt: skip
        for _label, command, _b in cases:  # the warm cache
            run_once(command, {**env, "COLUMNS": "80"})
        print(f"Start-up, Python {sys.version.split()[0]}: {RUNS} interleaved pairs, warm cache")
        print(HEADER)
        for label, command, versus in cases:
            print(row(label, paired(command, versus, {**env, "COLUMNS": "80"}, RUNS)))
        if not terminal:
            print("(the terminal case is left out: `script` from util-linux is not installed)")
        outputs = base / "cache" / "outputs"

        def no_kept_output() -> dict[str, str]:
            shutil.rmtree(outputs, ignore_errors=True)
            return {}

        first_run = [*cli, "allocate", "S2026/00953", "-f", "csv"]
        print(row("allocate … --format csv, first run of the line",
                  paired(first_run, yardstick, env, RUNS, no_kept_output)))  # fmt: skip
        fresh_cache = fresh_caches(base / "cold")
        print()
        print(f"Cold (a new, empty cache for every pair): {COLD_RUNS} interleaved pairs")
        print(HEADER)
        for label, command, versus in cases[:2]:
            print(row(label, paired(command, versus, env, COLD_RUNS, fresh_cache)))


def _line(command: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(word) for word in command)


if __name__ == "__main__":
    main()
