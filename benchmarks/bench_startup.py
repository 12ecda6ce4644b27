"""Start-up of whole commands, each paired with the yardstick it should be close to.

* ``allocate S2026/00953 --format csv`` and ``check S2026/00953`` against a minimal
  two-command Typer app with one string option in the same Python (what Typer itself costs);
* ``--help`` against the same app's ``--help`` (Typer's help screen);
* ``allocate S2026/00953`` (the table) against a minimal Typer app that prints one Rich table.

Warm: with the cache of an earlier run (a user's second run). Cold: every pair gets a new,
empty cache folder, repeated. Each ratio is the median of pair-by-pair ratios of interleaved
runs (see ``timing.py``), with its spread; bytecode is compiled first. Run with `make bench`;
nothing of the user's cache or state is used.
"""

from __future__ import annotations

import compileall
import os
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
        cases = [
            ("allocate S2026/00953 --format csv", [*cli, "allocate", "S2026/00953", "-f", "csv"], yardstick),
            ("check S2026/00953", [*cli, "check", "S2026/00953"], yardstick),
            ("--help  (vs the app's --help)", [*cli, "--help"], [python, str(typer_app), "--help"]),
            ("allocate S2026/00953  (vs a Rich table app)", [*cli, "allocate", "S2026/00953"],
             [python, str(table_app), "allocate", "X"]),
        ]  # fmt: skip
        for _label, command, _b in cases:  # the warm cache
            run_once(command, env)
        print(f"Start-up, Python {sys.version.split()[0]}: {RUNS} interleaved pairs, warm cache")
        print(HEADER)
        for label, command, versus in cases:
            print(row(label, paired(command, versus, env, RUNS)))
        fresh_cache = fresh_caches(base / "cold")
        print()
        print(f"Cold (a new, empty cache for every pair): {COLD_RUNS} interleaved pairs")
        print(HEADER)
        for label, command, versus in cases[:2]:
            print(row(label, paired(command, versus, env, COLD_RUNS, fresh_cache)))


if __name__ == "__main__":
    main()
