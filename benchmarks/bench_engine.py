"""Engine at scale: statsbidrag's largest_remainder against the PyPI package `apportionment`.

Prints, per N: our wall time (best of several runs), apportionment's with fractions=True (exact)
and fractions=False (numpy floats), the ratios, whether the results are identical, and our peak
memory per recipient. Then a float-free proof: a case where float arithmetic gives a krona to
the wrong recipient and the engine matches an exact Fraction reference.

Run with `make bench` (installs the `bench` extra). Fixed seed: the inputs are the same every run.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

from statsbidrag_cli.core.engine import largest_remainder

SEED = 2026
SIZES = (10**3, 10**4, 10**5, 10**6)
MAX_WEIGHT = 10**7
MAX_AMOUNT = 10**12
# apportionment's loop re-sums the whole array once per recipient (quadratic); stop before a
# single run is estimated to take longer than this.
BUDGET_SECONDS = 60.0


def inputs(n: int) -> tuple[int, list[int]]:
    rng = random.Random(SEED + n)
    weights = [rng.randint(1, MAX_WEIGHT) for _ in range(n)]
    amount = rng.randint(MAX_AMOUNT // 10, MAX_AMOUNT)
    return amount, weights


def best_time(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours(amount: int, weights: list[int]) -> list[int]:
    # Ties broken by position, as apportionment does, so the two are comparable on any input.
    return largest_remainder(amount, weights, tie_break=range(len(weights)))


def peak_bytes(amount: int, weights: list[int]) -> int:
    gc.collect()
    tracemalloc.start()
    ours(amount, weights)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def theirs(amount: int, weights: list[int], fractions: bool) -> list[int]:
    from apportionment.methods import largest_remainder as apportionment_lr

    names = [str(i) for i in range(len(weights))]
    result: list[int] = apportionment_lr(weights, amount, fractions=fractions, parties=names)
    return result


def float_free_proof() -> None:
    amount = 999_999_662_031
    weights = [9_999_818, 9_992_709, 9_994_954]
    total = sum(weights)
    quotas = [Fraction(amount * w, total) for w in weights]
    floors = [q.numerator // q.denominator for q in quotas]
    order = sorted(range(3), key=lambda i: -(quotas[i] - floors[i]))
    exact_reference = [
        f + (1 if i in order[: amount - sum(floors)] else 0) for i, f in enumerate(floors)
    ]
    float_quotas = [amount * w / total for w in weights]
    float_floors = [int(q) for q in float_quotas]
    float_order = sorted(range(3), key=lambda i: -(float_quotas[i] - float_floors[i]))
    float_result = [
        f + (1 if i in float_order[: amount - sum(float_floors)] else 0)
        for i, f in enumerate(float_floors)
    ]
    engine = largest_remainder(amount, weights)
    print("\nFloat-free proof (amount near 10^12, weights near 10^7):")
    print(f"  exact Fraction reference: {exact_reference}")
    print(f"  float arithmetic:         {float_result}  <- the last krona goes elsewhere")
    print(f"  statsbidrag engine:       {engine}")
    print(f"  engine == reference: {engine == exact_reference}; float == reference: "
          f"{float_result == exact_reference}")  # fmt: skip


def machine() -> str:
    """CPU model and core count, for the README's record of where figures came from."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"


def main() -> None:
    try:
        import apportionment  # noqa: F401

        have_theirs = True
    except ImportError:
        have_theirs = False
    print(f"{machine()}; Python {platform.python_version()}; "
          f"seed {SEED}; weights 1..{MAX_WEIGHT:,}; amounts up to {MAX_AMOUNT:,} kr")  # fmt: skip
    if not have_theirs:
        print("apportionment is not installed (pip install -e '.[bench]'): only our timings.")
    header = f"{'N':>9} {'ours s':>9} {'B/recip':>8} {'frac=True s':>12} {'ratio':>7} {'same':>5} {'frac=False s':>13} {'ratio':>7} {'same':>5}"
    print(header)
    estimate_exact = estimate_float = 0.0
    for n in SIZES:
        amount, weights = inputs(n)
        our_time, our_result = best_time(partial(ours, amount, weights), 5 if n < 10**6 else 3)
        assert sum(our_result) == amount
        per_recipient = peak_bytes(amount, weights) // n
        row = f"{n:>9,} {our_time:>9.4f} {per_recipient:>8}"
        for fractions in (True, False):
            estimate = estimate_exact if fractions else estimate_float
            if not have_theirs or estimate > BUDGET_SECONDS:
                row += (
                    f" {'skipped':>12} {'':>7} {'':>5}"
                    if fractions
                    else f" {'skipped':>13} {'':>7} {'':>5}"
                )
                continue
            their_time, their_result = best_time(partial(theirs, amount, weights, fractions), 1)
            same = "yes" if their_result == our_result else "NO"
            width = 12 if fractions else 13
            row += f" {their_time:>{width}.3f} {their_time / our_time:>6.0f}x {same:>5}"
            # quadratic: ten times the recipients, about a hundred times the time
            if fractions:
                estimate_exact = their_time * 100
            else:
                estimate_float = their_time * 100
        print(row, flush=True)
    print("ratio = apportionment time / our time; same = identical allocations.")
    print(
        "fractions=False multiplies in numpy int64 and orders remainders as floats: exactness is "
        "not guaranteed ('same' shows whether it happened to agree)."
    )
    float_free_proof()


if __name__ == "__main__":
    main()
