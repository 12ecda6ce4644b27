"""The cache stores data, never code, and never writes outside its folder.

Hostile entries are built here: a pickle that would run a command, links at every name the
cache reads or writes, entries of the wrong shape, a folder others may write to.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from helpers import DataCopy, run

from statsbidrag_cli.files import cache


class _Exploit:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _entries(folder: Path) -> list[Path]:
    """The entries (kind/shard/name), not the marker of when the cache was last pruned."""
    return sorted(p for p in folder.glob("*/*/*") if p.is_file() and not p.is_symlink())


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(path))
    return path


def test_a_planted_pickle_runs_nothing_and_is_replaced(
    folder: Path, data: DataCopy, tmp_path: Path
) -> None:
    first = run("check", *data.args())
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(_Exploit(probe)))  # the payload is real: unpickling runs it
    assert probe.exists()
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Exploit(marker))
    names = _entries(folder)
    assert names
    for entry in names:
        entry.write_bytes(payload)
    again = run("check", *data.args())
    assert not marker.exists()
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, "")
    assert all(entry.read_bytes() != payload for entry in _entries(folder))


def test_links_at_every_name_the_cache_uses_change_nothing_outside(
    folder: Path, data: DataCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Learn every name the cache writes for this run, in a folder of its own.
    learner = tmp_path / "learner"
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(learner))
    expected = run("check", *data.args())
    allocated = run("allocate", "S2026/00953", "-f", "csv", *data.args())  # a decision entry
    names = [p.relative_to(learner) for p in _entries(learner)]
    assert {name.parts[0] for name in names} >= {"checks", "decisions", "geography", "datasets"}
    # Plant links at those names (and at the names the old cache used for its temporary
    # files) in the real cache folder, pointing outside it.
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(folder))
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    folder.mkdir(mode=0o700)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.symlink(victim, folder / name)
        os.symlink(victim, (folder / name).parent / f".{name.name}.{os.getpid()}.tmp")
    result = run("check", *data.args())
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (again.exit_code, again.stdout) == (allocated.exit_code, allocated.stdout)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(outside.iterdir()) == [victim]
    # Links at the folders themselves: nothing is written through them either.
    shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    for kind in {name.parts[0] for name in names}:
        os.symlink(outside, folder / kind)
    result = run("check", *data.args())
    assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
    assert sorted(outside.iterdir()) == [victim]


def test_an_entry_of_the_wrong_shape_is_a_miss(folder: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    for entry in _entries(folder):
        envelope = json.loads(entry.read_text(encoding="utf-8"))
        wrong = {"decision": [1, 2, 3], "findings": "x", "identity": None}
        if "reads" in envelope["value"]:  # an entry checked against what it read
            envelope["value"]["value"] = wrong
        else:
            envelope["value"] = wrong
        entry.write_text(json.dumps(envelope), encoding="utf-8")
    deep = _entries(folder)[0]
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # RecursionError in json
    again = run("check", *data.args())
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, "")
    allocated = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert allocated.exit_code == 0 and allocated.stderr == ""


def test_the_folder_is_created_private(folder: Path, data: DataCopy) -> None:
    assert run("check", *data.args()).exit_code == 0
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        assert path.stat().st_mode & 0o777 == 0o700, path
    for entry in _entries(folder):
        assert entry.stat().st_mode & 0o077 == 0, entry


def test_a_folder_others_may_write_to_is_refused_with_a_note(folder: Path, data: DataCopy) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    cache.entries._REFUSED.clear()
    result = run("check", *data.args())
    assert result.exit_code == 0
    assert "running without the cache" in result.stderr
    assert result.stderr.count("\n") == 1  # one note, however many entries were wanted
    assert _entries(folder) == []


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="needs root to chown")
def test_a_folder_of_another_user_is_refused(folder: Path, data: DataCopy) -> None:
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    cache.entries._REFUSED.clear()
    result = run("check", *data.args())
    assert result.exit_code == 0
    assert "belongs to another user" in result.stderr
    assert _entries(folder) == []


def test_no_entry_can_name_a_path_outside_the_folder() -> None:
    """Kinds and keys are checked names, so neither can climb out of the cache."""
    assert cache.entries._entry_folder("../x", "ab" * 20, create=False) is None
    assert cache.entries._entry_folder("checks", "../../etc/passwd", create=False) is None


def test_a_well_formed_entry_written_without_the_secret_is_never_read(
    folder: Path, data: DataCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache restored from someone else's run (another secret) holds entries of the right
    shape, even a forged "passed": none of them is looked for, so the check is computed."""
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    other_state = tmp_path / "other-state"
    monkeypatch.setenv("STATSBIDRAG_STATE_DIR", str(other_state))
    assert run("check", *data.args()).exit_code == 1  # fills the cache under the other secret
    for entry in _entries(folder):  # forge every check report as passed
        envelope = json.loads(entry.read_text(encoding="utf-8"))
        if envelope["kind"] == "outputs":
            entry.unlink()  # the kept output would say FAIL without reading the reports
        if envelope["kind"] == "checks":
            for finding in envelope["value"]["value"]["findings"]:
                finding[1] = True
            entry.write_text(json.dumps(envelope), encoding="utf-8")
    assert run("check", *data.args()).exit_code == 0  # the forged entries, under that secret
    monkeypatch.setenv("STATSBIDRAG_STATE_DIR", str(tmp_path / "my-state"))
    assert run("check", *data.args()).exit_code == 1  # mine: never read, computed afresh


def test_the_secret_is_private_and_a_shared_one_is_refused(
    folder: Path, data: DataCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("STATSBIDRAG_STATE_DIR", str(state))
    assert run("check", *data.args()).exit_code == 0
    secret = state / cache.SECRET_FILE
    assert secret.stat().st_mode & 0o777 == 0o600 and len(secret.read_bytes()) == 32
    assert state.stat().st_mode & 0o777 == 0o700
    shutil.rmtree(folder)
    secret.chmod(0o644)  # readable by others: no longer a secret
    assert run("check", *data.args()).exit_code == 0
    assert _entries(folder) == []  # uncached


def test_an_empty_home_makes_no_cache_in_the_root_folder(
    data: DataCopy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``HOME=""`` would put ``~/.cache`` at ``/.cache``: the run goes uncached, saying so once."""
    for name in (
        "STATSBIDRAG_CACHE_DIR",
        "XDG_CACHE_HOME",
        "STATSBIDRAG_STATE_DIR",
        "XDG_STATE_HOME",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    cache.entries._REFUSED.clear()
    made = []
    real_mkdir = os.mkdir

    def watched(path: object, *args: object, **kwargs: object) -> None:
        made.append(str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", watched)
    result = run("check", *data.args())
    assert result.exit_code == 0
    assert result.stderr.count("HOME is empty") == 1
    assert not [path for path in made if "statsbidrag" in path or ".cache" in path]
    assert list(here.iterdir()) == []


def test_a_pipe_at_an_entry_or_the_secret_never_waits(
    folder: Path, data: DataCopy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe planted where an entry or the secret is read would wait for a writer
    for ever: each is opened without waiting, refused as no regular file, and the run goes
    on (uncached where the secret is one)."""
    import subprocess
    import sys

    first = run("check", *data.args())
    for entry in _entries(folder):
        entry.unlink()
        os.mkfifo(entry)
    state = tmp_path / "pipe-state"
    state.mkdir(mode=0o700)
    os.mkfifo(state / cache.SECRET_FILE)
    for env in ({}, {"STATSBIDRAG_STATE_DIR": str(state)}):
        done = subprocess.run(
            [sys.executable, "-m", "statsbidrag_cli", "--lang", "en", "check", *data.args()],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "STATSBIDRAG_CACHE_DIR": str(folder), **env},
        )  # fmt: skip
        assert (done.returncode, done.stdout) == (first.exit_code, first.stdout)
