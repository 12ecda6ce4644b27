"""The output cache: a warm run writes an earlier run's output again, and only then."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import DataCopy, run
from hypothesis import given
from hypothesis import strategies as st


def kept(folder: Path) -> list[Path]:
    """The output entries in the cache folder."""
    outputs = folder / "outputs"
    return sorted(p for p in outputs.rglob("*") if p.is_file()) if outputs.is_dir() else []


def test_an_unchanged_run_is_replayed(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statsbidrag_cli.service import checking

    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert len(kept(cache)) == 1

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again, though the output was kept")

    monkeypatch.setattr(checking, "allocate_and_check", refused)
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )


INPUT_FILES = [
    "decisions/S2026-00953.yaml",
    "population/folkmangd_kommun_2025-12-31.csv",
    "population/folkmangd_kommun_2025-12-31.yaml",
    "population/samverkansregioner.yaml",
    "population/kommuner.csv",
    "population/lan.csv",
    "sources/index.yaml",
    "sources/003_08552fd762e6de5f.txt",
]
"""One file of every kind an ``allocate``'s output depends on."""


@pytest.mark.parametrize("name", INPUT_FILES)
def test_any_input_changed_is_computed_again(cache: Path, data: DataCopy, name: str) -> None:
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    path = data.population.parent / name
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert len(kept(cache)) == 2, f"{name}: the old output was written again"


def test_a_changed_figure_changes_the_output(cache: Path, data: DataCopy) -> None:
    before = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    figures = data.population / "folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    after = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert "01,Region Stockholm,5000000,Stockholm,2557105," in after.stdout
    assert after.stdout != before.stdout


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["--lang", "sv"], ["--lang", "en"]),
        (["-f", "csv"], ["-f", "json"]),
        (["-f", "csv"], ["-f", "csv", "--excel"]),
        (["-f", "csv"], ["-f", "csv", "--explain"]),
        (["-f", "csv"], ["-f", "csv", "--set", "population=30000000"]),
    ],
)
def test_another_language_format_or_option_is_its_own_output(
    cache: Path, data: DataCopy, first: list[str], second: list[str]
) -> None:
    one = run("allocate", "S2026/00953", *first, *data.args())
    two = run("allocate", "S2026/00953", *second, *data.args())
    assert one.stdout != two.stdout
    assert len(kept(cache)) == 2
    assert run("allocate", "S2026/00953", *first, *data.args()).stdout == one.stdout


def test_another_width_is_its_own_output(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("allocate", "S2026/00953", *data.args())
    monkeypatch.setenv("COLUMNS", "160")
    wide = run("allocate", "S2026/00953", *data.args())
    assert narrow.stdout != wide.stdout and len(kept(cache)) == 2


def test_a_file_output_is_never_kept(cache: Path, data: DataCopy, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert run("allocate", "S2026/00953", "-o", str(target), *data.args()).exit_code == 0
    chart = tmp_path / "chart.svg"
    assert run("allocate", "S2026/00953", "--chart", str(chart), *data.args()).exit_code == 0
    assert run("check", "--changed", *data.args()).exit_code in (0, 2)
    assert kept(cache) == []


def test_a_tampered_entry_is_a_miss(cache: Path, data: DataCopy) -> None:
    first = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    (entry,) = kept(cache)
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    envelope["value"]["exit_code"] = 7
    entry.write_text(json.dumps(envelope), encoding="utf-8")
    again = run("allocate", "S2026/00953", "-f", "csv", *data.args())
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_check_of_a_set_is_replayed_with_its_notes(cache: Path, data: DataCopy) -> None:
    first = run("check", *data.args())
    again = run("check", *data.args())
    assert (again.exit_code, again.stdout, again.stderr) == (
        first.exit_code,
        first.stdout,
        first.stderr,
    )
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    failed = run("check", *data.args())
    assert failed.exit_code == 1 and "FAIL S2026-00953" in failed.stdout


# A command line run before: answered before Typer reads it ------------------------------------

_PROBE = (
    "import atexit, os, sys\n"
    "def probe():\n"
    "    with open(os.environ['PROBE_FILE'], 'w') as out:\n"
    "        out.write(' '.join(sorted(sys.modules)))\n"
    "atexit.register(probe)\n"
    "sys.argv = ['statsbidrag', *sys.argv[1:]]\n"
    "from statsbidrag_cli.cli import main\n"
    "main()\n"
)


@dataclass(frozen=True)
class Process:
    """A run of the ``statsbidrag`` command in a process of its own."""

    exit_code: int
    stdout: bytes
    stderr: str
    modules: frozenset[str]
    """Every module loaded when the process ended."""

    @property
    def parsed(self) -> bool:
        """Whether Typer read the command line (False: answered from the output cache first)."""
        return "typer" in self.modules


def statsbidrag(*args: str, cwd: Path, **environment: str) -> Process:
    """Run ``statsbidrag ARGS`` in ``cwd`` as a user does, standard output to a pipe."""
    probe = cwd.parent / f"probe-{os.getpid()}.txt"
    env = {**os.environ, **environment, "PROBE_FILE": str(probe)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, cwd=cwd, env=env, check=False
    )
    modules = frozenset(probe.read_text(encoding="utf-8").split())
    probe.unlink()
    return Process(done.returncode, done.stdout, done.stderr.decode("utf-8"), modules)


def same(one: Process, two: Process) -> bool:
    return (one.exit_code, one.stdout, one.stderr) == (two.exit_code, two.stdout, two.stderr)


def test_a_warm_run_imports_neither_the_models_nor_the_core(cache: Path, tmp_path: Path) -> None:
    """In a fresh interpreter, the second ``allocate --format csv`` writes the first one's
    bytes without loading the decision models, the engine, YAML, Rich, Typer or pydantic."""
    heavy = {
        "statsbidrag_cli.models.decision",
        "statsbidrag_cli.core.allocation",
        "yaml",
        "rich",
        "typer",
        "pydantic",
    }
    work = tmp_path / "work"
    work.mkdir()
    first, second = (
        statsbidrag("allocate", "S2026/00953", "--format", "csv", cwd=work) for _ in range(2)
    )
    assert first.exit_code == second.exit_code == 0, first.stderr
    assert "statsbidrag_cli.models.decision" in first.modules
    assert heavy.isdisjoint(second.modules), heavy & second.modules
    assert second.stdout == first.stdout and first.stdout.startswith(b"code,region,")


@pytest.mark.parametrize(
    "args",
    [
        ["allocate", "S2026/00953", "--format", "csv"],
        ["allocate", "S2026/00953"],  # the table, to a pipe
        ["check"],  # says on standard error which decision set it read
        ["check", "S2026/00953", "--lang", "sv", "-f", "json"],
    ],
)
def test_a_command_line_run_before_is_answered_before_typer_loads(
    cache: Path, data: DataCopy, args: list[str]
) -> None:
    root = data.decisions.parent  # a decision set, found from the current folder
    first = statsbidrag(*args, cwd=root)
    second = statsbidrag(*args, cwd=root)
    assert first.exit_code == 0 and first.parsed and first.stdout, first.stderr
    assert not second.parsed
    assert same(first, second)
    if args == ["check"]:
        assert f"Decision set: {data.decisions}" in second.stderr


def test_a_failing_check_is_answered_with_its_exit_code(cache: Path, data: DataCopy) -> None:
    data.write_decision(data.decision_text().replace("total: 63000000", "total: 63000001"))
    first = statsbidrag("check", cwd=data.decisions.parent)
    second = statsbidrag("check", cwd=data.decisions.parent)
    assert first.exit_code == 1 and b"FAIL S2026-00953" in first.stdout
    assert not second.parsed and same(first, second)


def test_a_decision_set_made_under_the_current_folder_is_read_not_answered(
    cache: Path, data: DataCopy, tmp_path: Path
) -> None:
    """The same command line in the same folder, but a ``decisions/`` folder has appeared
    there since: the decision set it makes is read, not the built-in one answered."""
    work = tmp_path / "work"
    work.mkdir()
    built_in = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=work)
    assert built_in.exit_code == 0
    figures = data.population / "folkmangd_kommun_2025-12-31.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
    )
    for name in ("decisions", "population", "sources"):
        shutil.copytree(tmp_path / name, work / name)
    own = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=work)
    assert own.parsed and own.exit_code == 1  # its figures are not those the decision published
    assert b"01,Region Stockholm,5000000,Stockholm,2557105," in own.stdout
    assert own.stdout != built_in.stdout


@pytest.mark.parametrize("name", INPUT_FILES)
def test_an_edited_input_is_read_not_answered(cache: Path, data: DataCopy, name: str) -> None:
    root = data.decisions.parent
    first = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    assert again.parsed, f"{name}: the old output was written again"
    assert again.stdout == first.stdout  # a new line changes no figure


def test_a_new_decision_file_is_checked_not_answered(cache: Path, data: DataCopy) -> None:
    root = data.decisions.parent
    before = statsbidrag("check", cwd=root)
    (data.decisions / "S2026-99999.yaml").write_text(
        data.decision_text().replace("S2026/00953", "S2026/99999"), encoding="utf-8"
    )
    after = statsbidrag("check", cwd=root)
    assert after.parsed and b"S2026-99999" in after.stdout and b"S2026-99999" not in before.stdout


def test_a_decision_gone_is_reported_not_answered(cache: Path, data: DataCopy) -> None:
    root = data.decisions.parent
    statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    (data.decisions / "S2026-00953.yaml").unlink()
    gone = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    assert gone.exit_code == 2 and gone.stdout == b""
    assert "no decision 'S2026/00953'" in gone.stderr and "Traceback" not in gone.stderr


@pytest.mark.parametrize(
    ("args", "environment"),
    [
        (["check"], {"STATSBIDRAG_LANG": "sv"}),
        (["check"], {"GITHUB_ACTIONS": "true"}),  # annotations, not lines
        (["allocate", "S2026/00953"], {"COLUMNS": "90"}),  # a narrower table
    ],
)
def test_another_environment_is_another_command_line(
    cache: Path, data: DataCopy, args: list[str], environment: dict[str, str]
) -> None:
    root = data.decisions.parent
    plain = statsbidrag(*args, cwd=root)
    other = statsbidrag(*args, cwd=root, **environment)
    assert other.parsed and not same(plain, other)
    assert not statsbidrag(*args, cwd=root, **environment).parsed


@pytest.mark.parametrize(
    "change",
    [
        {"inputs": "system"},
        {"language": "de"},
        {"folders": [None, None]},
        {"values": {"decision": ["S2026/00953", {"x": 1}]}},
        {"excel": "no"},
    ],
)
def test_a_tampered_plan_is_a_miss(cache: Path, data: DataCopy, change: dict[str, object]) -> None:
    root = data.decisions.parent
    first = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    (entry,) = (p for p in (cache / "plans").rglob("*") if p.is_file())
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    envelope["value"].update(change)
    entry.write_text(json.dumps(envelope), encoding="utf-8")
    again = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=root)
    assert again.parsed and same(first, again)


def test_a_terminal_is_no_command_line_to_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from statsbidrag_cli.cli import replay

    assert replay.command_line_key(["check"]) is not None
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert replay.command_line_key(["check"]) is None


def test_only_registered_inputs_can_be_declared() -> None:
    import typer

    from statsbidrag_cli.cli.command import command

    def elsewhere(dirs: object, values: object) -> None:
        return None

    with pytest.raises(ValueError, match="not registered"):
        command(typer.Typer(), inputs=elsewhere)


_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=8,
)


@given(
    values=st.dictionaries(st.text(max_size=10), _PLAIN, max_size=4),
    folders=st.tuples(*[st.none() | st.text(max_size=20)] * 3),
    excel=st.booleans(),
    language=st.sampled_from(["sv", "en"]),
)
def test_a_plan_reads_back_as_kept(
    values: dict[str, object], folders: tuple[str | None, ...], excel: bool, language: str
) -> None:
    from dataclasses import asdict

    from statsbidrag_cli.cli.replay import Plan, _decode_plan

    plan = Plan("check", "decision_set", values, "csv", excel, False, folders, language)  # type: ignore[arg-type]
    assert _decode_plan(json.loads(json.dumps(asdict(plan)))) == plan


def test_a_folder_whose_name_is_not_utf8_is_answered_too(cache: Path, tmp_path: Path) -> None:
    """POSIX names are bytes: a current folder named ``b"work\\xff"`` is a command line's
    folder like any other, never a traceback."""
    work = tmp_path / os.fsdecode(b"work\xff")
    work.mkdir()
    first = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=work)
    second = statsbidrag("allocate", "S2026/00953", "-f", "csv", cwd=work)
    assert first.exit_code == 0 and first.stdout.startswith(b"code,region,"), first.stderr
    assert not second.parsed and same(first, second)


def test_a_kept_plan_that_misses_hashes_the_inputs_once(
    cache: Path, data: DataCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the plan of a command line was tried and its output missed (an input changed),
    the run that follows uses the key already worked out: every input is read and hashed
    once per run, not twice (ten thousand decision files for ``check``)."""
    from statsbidrag_cli.cli import replay

    args = ["allocate", "S2026/00953", "-f", "csv", *data.args()]
    try:
        assert replay.replay_command_line(args) is None  # no plan yet
        first = run(*args)  # keeps the output and the plan
        replay.forget_command_line()
        figures = data.population / "folkmangd_kommun_2025-12-31.csv"
        figures.write_text(
            figures.read_text(encoding="utf-8").replace(",50495\n", ",60495\n"), encoding="utf-8"
        )
        keys: list[object] = []
        original = replay.Plan.key

        def counted(plan: replay.Plan, dirs: object) -> str | None:
            keys.append(dirs)
            return original(plan, dirs)  # type: ignore[arg-type]

        monkeypatch.setattr(replay.Plan, "key", counted)
        assert replay.replay_command_line(args) is None  # the plan holds; the output misses
        again = run(*args)
    finally:
        replay.forget_command_line()
    assert len(keys) == 1
    assert "01,Region Stockholm,5000000,Stockholm,2557105," in again.stdout
    assert again.stdout != first.stdout
