"""Timing whole processes in pairs: what the benchmarks share.

Each figure is a ratio against a yardstick run beside it: A and B are started in turn (A B A B
…), and the ratio is taken pair by pair, so a machine whose speed drifts during the run moves
both alike; the median of the ratios is reported with its spread. Peak memory is the
operating system's account of each finished child (``ru_maxrss``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_kib: int


def run_once(command: Sequence[str], env: dict[str, str]) -> Run:
    """Wall seconds and peak memory of one process, which must exit 0 (a benchmark of a
    failing command measures nothing worth having)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error}")
    return Run(seconds, usage.ru_maxrss)


@dataclass(frozen=True)
class Paired:
    """A command against its yardstick: both medians, and the median and spread of the
    pair-by-pair ratios."""

    a: list[Run]
    b: list[Run]

    @property
    def ratios(self) -> list[float]:
        return [x.seconds / y.seconds for x, y in zip(self.a, self.b, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def seconds(self, runs: list[Run]) -> float:
        return statistics.median(run.seconds for run in runs)

    def peak_mib(self, runs: list[Run]) -> float:
        return max(run.peak_kib for run in runs) / 1024


def paired(
    a: Sequence[str],
    b: Sequence[str],
    env: dict[str, str],
    runs: int,
    before_each: Callable[[], dict[str, str]] | None = None,
) -> Paired:
    """``runs`` pairs of A then B. ``before_each`` may give each pair its own environment (a
    fresh, empty cache folder for a cold run)."""
    first: list[Run] = []
    second: list[Run] = []
    for _ in range(runs):
        pair_env = {**env, **(before_each() if before_each else {})}
        first.append(run_once(a, pair_env))
        second.append(run_once(b, pair_env))
    return Paired(first, second)


def fresh_caches(folder: Path) -> Callable[[], dict[str, str]]:
    """An environment for each pair with a new, empty cache folder under ``folder``."""
    made = iter(range(10**9))

    def fresh() -> dict[str, str]:
        return {"STATSBIDRAG_CACHE_DIR": str(folder / f"cold-{next(made)}")}

    return fresh


def row(label: str, result: Paired) -> str:
    """One line: A's median, B's median, the ratio's median [min..max], A's peak memory."""
    low, high = min(result.ratios), max(result.ratios)
    return (
        f"{label:<44} {result.seconds(result.a) * 1000:>8.0f}ms {result.seconds(result.b) * 1000:>8.0f}ms"
        f" {result.ratio:>6.2f}x [{low:.2f}..{high:.2f}] {result.peak_mib(result.a):>7.0f}"
    )


HEADER = f"{'command (A) vs yardstick (B)':<44} {'A':>10} {'B':>10} {'A/B':>7} {'spread':>11} {'A MiB':>7}"
