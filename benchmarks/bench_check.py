"""`check` over a folder of many decision files, against the floor of reading them at all.

The folder holds N copies of S2026/00953, each under its own diarienummer and file name, each
of which passes `check` (the run asserts it). Three yardsticks, each named for what it runs:

* ``yaml.load, C loader``: ``yaml.load(text, Loader=CSafeLoader)`` of every file;
* ``yaml.load, pure-Python loader``: the same with ``SafeLoader``;
* ``yaml.compose, C loader``: composing the node trees only (what our reader starts from).

`check` runs cold (a new, empty cache folder for every run, repeated) and warm (the cache of
the run before), each paired with the C-loader yardstick in interleaved runs; peak memory
(RSS, the largest of the process and its worker processes) is reported for N = 1 000 and
N = 10 000 and their ratio (flat memory: ≤ 1.25). A cold `check` of this many files shares
the work among worker processes, one per processor (``STATSBIDRAG_JOBS`` limits them).

    python benchmarks/bench_check.py            # N = 1 000 and 10 000 (several minutes)
    python benchmarks/bench_check.py 1000       # one size
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from timing import HEADER, fresh_caches, paired, row, run_once

REPO = Path(__file__).resolve().parents[1]
COLD_RUNS = 3
WARM_RUNS = 5
YARDSTICKS = {
    "yaml.load, C loader": "yaml.load(text, Loader=yaml.CSafeLoader)",
    "yaml.load, pure-Python loader": "yaml.load(text, Loader=yaml.SafeLoader)",
    "yaml.compose, C loader": "yaml.compose(text, Loader=yaml.CSafeLoader)",
}
READER = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    text = path.read_text(encoding="utf-8")
    {call}
"""


def decision_folder(folder: Path, count: int) -> Path:
    """``count`` copies of S2026/00953, each under its own diarienummer and file name, with
    the sources beside them (so every copy passes)."""
    decisions = folder / "decisions"
    decisions.mkdir(parents=True)
    text = (REPO / "decisions" / "S2026-00953.yaml").read_text(encoding="utf-8")
    for number in range(count):
        diarienummer = f"S2026/{10000 + number:05d}"
        copy = text.replace("diarienummer: S2026/00953", f"diarienummer: {diarienummer}")
        (decisions / f"{diarienummer.replace('/', '-')}.yaml").write_text(copy, encoding="utf-8")
    shutil.copytree(REPO / "sources", folder / "sources")
    return decisions


def main(sizes: list[int]) -> None:
    python = sys.executable
    cli = [python, "-m", "statsbidrag_cli"]
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            STATSBIDRAG_CACHE_DIR=str(base / "cache"), STATSBIDRAG_STATE_DIR=str(base / "state")
        )
        readers: dict[str, Path] = {}
        for label, call in YARDSTICKS.items():
            script = base / f"{label.split(',')[0].replace('.', '_')}_{len(readers)}.py"
            script.write_text(READER.format(call=call), encoding="utf-8")
            readers[label] = script
        for count in sizes:
            decisions = decision_folder(base / f"n{count}", count)
            check = [*cli, "check", "--decisions-dir", str(decisions)]
            run_once(
                [*cli, "--no-cache", "check", "--decisions-dir", str(decisions)], env
            )  # exit 0:
            # every copy passes
            floor = [python, str(readers["yaml.load, C loader"]), str(decisions)]
            print(f"\ncheck over {count} decision files (copies of S2026/00953)")
            print(HEADER)
            for label, script in readers.items():
                if label == "yaml.load, C loader":
                    continue
                if "pure-Python" in label and count > 1000:
                    print(f"{label:<44} (left out above 1 000 files: minutes, and linear)")
                    continue
                yardstick = [python, str(script), str(decisions)]
                print(row(label, paired(yardstick, floor, env, 3)))
            cold = paired(check, floor, env, COLD_RUNS, fresh_caches(base / f"cold-{count}"))
            print(row("check, cold (empty cache)", cold))
            run_once(check, env)  # fills the cache the warm runs read
            warm = paired(check, floor, env, WARM_RUNS)
            print(row("check, warm (the cache of the run before)", warm))
            peaks[count] = max(cold.peak_mib(cold.a), warm.peak_mib(warm.a))
    if 1000 in peaks and 10000 in peaks:
        print(f"\npeak RSS at 10 000 files / at 1 000: {peaks[10000] / peaks[1000]:.2f}x")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 10000])
