"""The record of what a run read: the bytes as read, the folders as listed, and a check that
holds exactly when nothing recorded has changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statsbidrag_cli.errors import YamlInputError
from statsbidrag_cli.files.cache import reads
from statsbidrag_cli.files.local.text import read_text

CONTENTS = st.lists(st.binary(max_size=40).map(lambda b: b.hex()), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(before=CONTENTS, changes=st.lists(st.tuples(st.integers(0, 3), st.text(max_size=5))))
def test_a_record_holds_exactly_while_every_file_is_as_read(
    tmp_path_factory: pytest.TempPathFactory,
    before: list[str],
    changes: list[tuple[int, str]],
) -> None:
    folder = tmp_path_factory.mktemp("files")
    paths = [folder / f"{index}.txt" for index in range(len(before))]
    for path, text in zip(paths, before, strict=True):
        path.write_text(text, encoding="utf-8")
    with reads.recording() as record:
        for path in paths:
            read_text(path)
    assert record.consistent and set(record.files) == {str(p) for p in paths}
    for index, text in changes:
        if index < len(paths):
            paths[index].write_text(text, encoding="utf-8")
    now = [path.read_text(encoding="utf-8") for path in paths]
    assert reads.still_true(record) == (now == before)


def test_a_file_read_twice_with_two_contents_makes_the_record_unusable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    with reads.recording() as record:
        read_text(path)
        path.write_text("two", encoding="utf-8")
        read_text(path)
    assert not record.consistent


def test_a_folder_listing_changes_with_a_new_or_removed_name(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    with reads.recording() as record:
        reads.note_folder(tmp_path)
    assert reads.still_true(record)
    (tmp_path / "b.csv").write_text("x", encoding="utf-8")
    assert not reads.still_true(record)
    (tmp_path / "b.csv").unlink()
    assert reads.still_true(record)
    (tmp_path / "a.csv").unlink()
    (tmp_path / "a.csv").mkdir()  # a folder where the file was
    assert not reads.still_true(record)


def test_within_a_run_each_file_is_looked_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's record is its memory: checking many entries that rest on one file hashes it
    once (a check of a thousand decisions reads population/ once)."""
    path = tmp_path / "figures.csv"
    path.write_text("1", encoding="utf-8")
    with reads.recording() as entry:
        read_text(path)
    looked: list[str] = []
    real = reads.file_digest

    def counted(path: str) -> str:
        looked.append(path)
        return real(path)

    monkeypatch.setattr(reads, "file_digest", counted)
    with reads.recording() as run:
        assert all(reads.still_true(entry) for _ in range(100))
    assert looked == [str(path)]
    assert run.files == entry.files


def test_a_record_reads_back_from_its_plain_form_and_refuses_any_other() -> None:
    record = reads.Reads({"/a": "1"}, {"/b": "2"})
    assert reads.Reads.decode(record.encode()) == record
    bad: object
    for bad in (
        {"files": {"/a": 1}, "folders": {}},
        {"files": {}},
        [],
        {"files": [], "folders": {}},
    ):
        with pytest.raises(ValueError):
            reads.Reads.decode(bad)


@pytest.mark.parametrize("make", ["fifo", "device", "socket"])
def test_only_regular_files_are_read(tmp_path: Path, make: str) -> None:
    """A FIFO would wait for a writer forever and /dev/zero never ends: refused by name."""
    import socket

    if make == "fifo":
        path = tmp_path / "decision.yaml"
        os.mkfifo(path)
        expected = "named pipe"
    elif make == "device":
        path = Path("/dev/zero")
        expected = "device"
    else:
        path = tmp_path / "s.yaml"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        expected = "socket"
    with pytest.raises(YamlInputError, match=expected):
        read_text(path)


def test_code_fingerprint_covers_every_module_and_catalog() -> None:
    from statsbidrag_cli.files.cache import code

    names = [relative for relative, _ in code.package_files()]
    assert "files/cache/code.py" in names and "cli/command.py" in names
    assert "locale/sv/LC_MESSAGES/statsbidrag.mo" in names
    assert not [name for name in names if name.startswith("data/") or "__pycache__" in name]
