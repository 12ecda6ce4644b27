"""Start-up: whole-process wall time of statsbidrag commands against their libraries' imports.

Prints the median of several runs for each command, and ratios against two references:
`python -c "import typer, rich, pydantic, yaml"` (the bare import of the four libraries) and a
minimal two-command Typer app that parses one argument (what Typer itself costs at run time).
Also times `statsbidrag check` over 100 decision files. Run with `make bench`.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 15
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


# Bytecode caches as a user has them: pip compiles installed libraries, so compile ours too and
# let Python write caches (some environments set PYTHONDONTWRITEBYTECODE).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int = RUNS) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        completed = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV
        )
        times.append(time.perf_counter() - start)
        if completed.returncode != 0:
            raise SystemExit(f"{command} failed: {completed.stderr.decode()}")
    return statistics.median(times)


def hundred_decisions(folder: Path) -> Path:
    decisions = folder / "decisions"
    decisions.mkdir()
    original = REPO / "decisions" / "S2026-00953.yaml"
    for number in range(100):
        shutil.copy(original, decisions / f"copy-{number:03d}.yaml")
    return decisions


def main() -> None:
    python = sys.executable
    compileall.compile_dir(REPO / "src", quiet=1)
    cli = [python, "-m", "statsbidrag_cli"]
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "minimal_typer_app.py"
        app.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        decisions = hundred_decisions(Path(folder))
        bare = median_seconds([python, "-c", "import typer, rich, pydantic, yaml"])
        typer_app = median_seconds([python, str(app), "allocate", "X"])
        rows = [
            ("python -c 'import typer, rich, pydantic, yaml'", bare),
            ("minimal Typer app (one command, one argument)", typer_app),
            ("statsbidrag allocate S2026/00953 --format csv",
             median_seconds([*cli, "allocate", "S2026/00953", "--format", "csv"])),
            ("statsbidrag allocate S2026/00953 (table)",
             median_seconds([*cli, "allocate", "S2026/00953"])),
            ("statsbidrag --help", median_seconds([*cli, "--help"])),
            ("statsbidrag check", median_seconds([*cli, "check"])),
            ("statsbidrag check (100 decision files)",
             median_seconds([*cli, "check", "--decisions-dir", str(decisions)], runs=5)),
        ]  # fmt: skip
    print(
        f"Median wall time of {RUNS} runs (5 for the 100-file check), Python {sys.version.split()[0]}"
    )
    print(f"{'command':<50} {'ms':>8} {'x bare import':>14} {'x Typer app':>12}")
    for label, seconds in rows:
        print(
            f"{label:<50} {seconds * 1000:>8.1f} {seconds / bare:>13.2f}x {seconds / typer_app:>11.2f}x"
        )


if __name__ == "__main__":
    main()
