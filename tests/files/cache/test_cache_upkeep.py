"""The cache stays bounded (age, then size, least recently used first), and ``cache info`` and
``cache clear`` say and do what they claim."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from helpers import DataCopy, run

from statsbidrag_cli.files.cache import PRUNED_MARKER, upkeep


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("*/*/*") if p.is_file())


def _aged(path: Path, days: float) -> None:
    then = time.time() - days * 24 * 60 * 60
    os.utime(path, (then, then))


def test_entries_unused_for_the_age_bound_are_pruned(cache: Path, data: DataCopy) -> None:
    run("check", *data.args())
    kept = entries(cache)
    assert kept
    _aged(kept[0], upkeep.MAX_AGE_DAYS + 1)
    _aged(kept[1], upkeep.MAX_AGE_DAYS - 1)
    assert upkeep.prune() == 1
    assert entries(cache) == kept[1:]


def test_over_the_size_bound_the_least_recently_used_go_first(cache: Path, data: DataCopy) -> None:
    run("check", *data.args())
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    kept = entries(cache)
    for age, path in enumerate(kept):  # the first is the oldest
        _aged(path, len(kept) - age)
    sizes = [path.stat().st_size for path in kept]
    limit = sum(sizes[2:])
    assert upkeep.prune(limit=limit) == 2
    assert entries(cache) == kept[2:]


def test_a_used_entry_counts_as_recent(cache: Path, data: DataCopy) -> None:
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    (output,) = list(cache.glob("outputs/*/*"))
    _aged(output, upkeep.MAX_AGE_DAYS + 1)
    run("allocate", "S2026/00953", "-f", "csv", *data.args())  # answered from it
    assert time.time() - output.stat().st_mtime < 60
    upkeep.prune()
    assert output.exists()


def test_a_run_prunes_at_most_once_a_day(cache: Path, data: DataCopy) -> None:
    run("check", *data.args())
    marker = cache / PRUNED_MARKER
    assert marker.is_file()  # the first run pruned (nothing) and said when
    (old,) = [p for p in entries(cache) if p.parent.parent.name == "geography"]
    _aged(old, upkeep.MAX_AGE_DAYS + 1)
    run("list", "--decisions-dir", str(data.decisions))
    assert old.exists()  # pruned less than a day ago: not again
    _aged(marker, 2)
    run("list", "--decisions-dir", str(data.decisions))
    assert not old.exists()


def test_cache_info_counts_every_entry_by_kind(cache: Path, data: DataCopy) -> None:
    run("check", *data.args())
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    shown = run("cache", "info", "-f", "json")
    assert shown.exit_code == 0, shown.stderr
    kinds = {row["kind"]: row for row in json.loads(shown.stdout)["kinds"]}
    on_disk: dict[str, list[Path]] = {}
    for path in entries(cache):
        on_disk.setdefault(path.parent.parent.name, []).append(path)
    assert {kind: row["entries"] for kind, row in kinds.items()} == {
        kind: len(paths) for kind, paths in on_disk.items()
    }
    assert {kind: row["bytes"] for kind, row in kinds.items()} == {
        kind: sum(path.stat().st_size for path in paths) for kind, paths in on_disk.items()
    }
    table = run("cache", "info")
    assert str(cache) in table.stdout and "whole outputs" in table.stdout


def test_cache_clear_removes_every_entry_and_the_next_run_computes_afresh(
    cache: Path, data: DataCopy, tmp_path: Path
) -> None:
    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    count = len(entries(cache))
    cleared = run("cache", "clear")
    assert cleared.exit_code == 0
    assert cleared.stdout == ""
    assert f"Removed {count} entries" in cleared.stderr
    assert entries(cache) == []
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert again.stdout == first.stdout
    assert len(entries(cache)) == count


def test_clear_touches_nothing_but_entries(cache: Path, data: DataCopy, tmp_path: Path) -> None:
    run("check", *data.args())
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    (cache / "checks" / "zz").mkdir(mode=0o700)
    (cache / "checks" / "zz" / ("a" * 40)).symlink_to(outside)
    (cache / "checks" / "zz" / "notes.txt").write_text("mine", encoding="utf-8")
    run("cache", "clear")
    assert outside.read_text(encoding="utf-8") == "keep"
    assert (cache / "checks" / "zz" / "notes.txt").exists()
    assert (cache / "checks" / "zz" / ("a" * 40)).is_symlink()  # not an entry: left alone
