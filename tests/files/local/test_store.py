"""The decision files of a folder: found by name as ``glob("*.yaml")`` finds them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statsbidrag_cli.errors import StatsbidragError
from statsbidrag_cli.files.local.store import decision_file_texts, decision_files

NAMES = st.lists(
    st.text(alphabet="abcXYZ-_.åäö0123", min_size=1, max_size=12).filter(
        lambda name: name not in (".", "..")
    )
    | st.sampled_from(["S2026-00953.yaml", ".hidden.yaml", "x.yml", "y.YAML", ".yaml"]),
    max_size=12,
    unique=True,
)


@settings(max_examples=60, deadline=None)
@given(files=NAMES, folders=st.lists(st.sampled_from(["sub.yaml", "deeper"]), unique=True))
def test_the_decision_files_are_those_glob_finds_in_its_order(
    files: list[str], folders: list[str]
) -> None:
    """Every entry whose name ends ``.yaml`` (hidden ones and folders too, as glob has
    them), sorted by name, as text and as paths, for a folder given absolute or as ``.``."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name in files:
            (folder / name).write_text("x", encoding="utf-8")
        for name in folders:
            if name not in files:
                (folder / name).mkdir()
        expected = sorted(folder.glob("*.yaml"))
        assert decision_file_texts(folder) == [str(path) for path in expected]
        assert decision_files(folder) == expected
        here = Path.cwd()
        os.chdir(folder)
        try:
            assert decision_file_texts(Path(".")) == [str(p) for p in sorted(Path().glob("*.yaml"))]
        finally:
            os.chdir(here)


def test_a_folder_that_cannot_be_read_has_none(tmp_path: Path) -> None:
    assert decision_file_texts(tmp_path / "missing") == []
    (tmp_path / "file.yaml").write_text("x", encoding="utf-8")
    assert decision_file_texts(tmp_path / "file.yaml") == []


@pytest.mark.parametrize("folder", ["/", "decisions", "./decisions", "a/../decisions"])
def test_a_path_is_written_as_pathlib_writes_it(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "decisions" / "X.yaml").write_text("x", encoding="utf-8")
    texts = decision_file_texts(Path(folder))
    assert texts == [str(path) for path in sorted(Path(folder).glob("*.yaml"))]


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that cannot be listed: as root every folder can be read, so the refusal is
    the one ``os.scandir`` gives for it."""
    real = os.scandir

    def refused(path: str) -> object:
        if str(path) == str(tmp_path):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", refused)
    return tmp_path


def test_a_decisions_folder_that_cannot_be_read_is_an_error_not_an_empty_set(
    unreadable: Path,
) -> None:
    with pytest.raises(StatsbidragError, match=r"cannot read the decisions folder .* denied"):
        decision_file_texts(unreadable)


def test_a_population_folder_that_cannot_be_read_is_an_error_not_no_datasets(
    unreadable: Path,
) -> None:
    from statsbidrag_cli.files.local.population import dataset_names, not_datasets

    for listing in (dataset_names, not_datasets):
        with pytest.raises(StatsbidragError, match=r"cannot read the population folder .* denied"):
            listing(unreadable)
    assert dataset_names(unreadable / "missing") == []
