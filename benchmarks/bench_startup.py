"""Start-up and `check` at scale, each as a ratio against its yardstick, in one run.

* Start-up: whole-process wall time of `allocate S2026/00953 --format csv`, `check
  S2026/00953` and `--help`, against a minimal two-command Typer app with one string option
  in the same Python (what Typer itself costs). Median of RUNS interleaved runs, bytecode
  compiled, with a warm cache (a user's second run); the first, cold run is shown too.
* `check` over 1 000 decision files (copies of S2026/00953 under new diarienummer) against a
  plain `yaml.safe_load` of the same files (the floor of reading them at all): the first run
  (empty cache) and a repeated one (warm cache), with peak memory.

Run with `make bench`. Each run gets its own empty cache folder; nothing of the user's is used.
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
RUNS = 21
FILES = 1000
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
READ_ALL_YAML = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
"""


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stderr is not None
    error = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed: {error}")
    return elapsed, usage.ru_maxrss


def interleaved(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    """Median seconds per command, the commands run in turn so load affects all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command, env)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def thousand_decisions(folder: Path) -> Path:
    """FILES copies of S2026/00953, each under its own diarienummer and file name."""
    decisions = folder / "decisions"
    decisions.mkdir(parents=True)
    text = (REPO / "decisions" / "S2026-00953.yaml").read_text(encoding="utf-8")
    for number in range(FILES):
        diarienummer = f"S2026/{10000 + number:05d}"
        copy = text.replace("diarienummer: S2026/00953", f"diarienummer: {diarienummer}")
        (decisions / f"{diarienummer.replace('/', '-')}.yaml").write_text(copy, encoding="utf-8")
    shutil.copytree(REPO / "sources", folder / "sources")
    return decisions


def main() -> None:
    python = sys.executable
    compileall.compile_dir(REPO / "src", quiet=1)
    cli = [python, "-m", "statsbidrag_cli"]
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["STATSBIDRAG_CACHE_DIR"] = str(Path(folder) / "cache")
        app = Path(folder) / "minimal_typer_app.py"
        app.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        reader = Path(folder) / "read_all_yaml.py"
        reader.write_text(READ_ALL_YAML, encoding="utf-8")
        commands = {
            "minimal Typer app": [python, str(app), "allocate", "X"],
            "allocate S2026/00953 --format csv": [*cli, "allocate", "S2026/00953", "-f", "csv"],
            "check S2026/00953": [*cli, "check", "S2026/00953"],
            "--help": [*cli, "--help"],
        }
        cold = {name: run_once(command, env)[0] for name, command in commands.items()}
        medians = interleaved(commands, env, RUNS)
        floor = medians["minimal Typer app"]
        print(f"Start-up: median of {RUNS} interleaved runs, Python {sys.version.split()[0]}")
        print(f"{'command':<36} {'first run':>10} {'median':>9} {'x Typer app':>12}")
        for name, seconds in medians.items():
            print(f"{name:<36} {cold[name] * 1000:>8.0f}ms {seconds * 1000:>7.0f}ms "
                  f"{seconds / floor:>11.2f}x")  # fmt: skip

        decisions = thousand_decisions(Path(folder) / "many")
        check = [*cli, "check", "--decisions-dir", str(decisions)]
        yaml_floor = statistics.median(
            run_once([python, str(reader), str(decisions)], env)[0] for _ in range(3)
        )
        first, first_memory = run_once(check, env)
        warm = [run_once(check, env) for _ in range(5)]
        warm_seconds = statistics.median(seconds for seconds, _ in warm)
        warm_memory = max(memory for _, memory in warm)
        print()
        print(f"check over {FILES} decision files (copies of S2026/00953)")
        print(f"{'run':<36} {'seconds':>9} {'x yaml.safe_load':>17} {'peak MiB':>9}")
        print(f"{'yaml.safe_load of every file':<36} {yaml_floor:>9.2f} {1:>16.2f}x")
        for label, seconds, memory in (
            ("first run (empty cache)", first, first_memory),
            ("repeated run (warm cache)", warm_seconds, warm_memory),
        ):
            print(f"{label:<36} {seconds:>9.2f} {seconds / yaml_floor:>16.2f}x "
                  f"{memory / 1024:>9.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
