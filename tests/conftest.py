"""Shared fixtures: a pinned terminal, a writable copy of the data, and ``--update-golden``.

Plain helpers (paths, ``run``, ``DataCopy``) live in ``helpers.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import DECISIONS, POPULATION, SOURCES, DataCopy


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*.txt from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich and Typer output that does not depend on the terminal running the tests."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("STATSBIDRAG_DECISIONS_DIR", raising=False)
    monkeypatch.delenv("STATSBIDRAG_POPULATION_DIR", raising=False)
    monkeypatch.delenv("STATSBIDRAG_NO_CACHE", raising=False)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Behavioural tests read English messages (the message ids), so a change of Swedish
    wording does not ripple through them. The Swedish default is what ``test_golden.py`` and
    ``test_i18n.py`` check: they take this back with the ``swedish`` fixture."""
    from statsbidrag_cli.i18n import use_language

    monkeypatch.setenv("STATSBIDRAG_LANG", "en")
    use_language("en")
    yield
    use_language("en")


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default a user gets: no ``$STATSBIDRAG_LANG``, so Swedish."""
    from statsbidrag_cli.i18n import use_language

    monkeypatch.delenv("STATSBIDRAG_LANG", raising=False)
    use_language()


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own cache and state folders: the tests use the cache as users do, but
    never the user's (nor the user's cache secret)."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    state = tmp_path_factory.mktemp("state")
    previous = {
        name: os.environ.get(name) for name in ("STATSBIDRAG_CACHE_DIR", "STATSBIDRAG_STATE_DIR")
    }
    os.environ["STATSBIDRAG_CACHE_DIR"] = str(folder)
    os.environ["STATSBIDRAG_STATE_DIR"] = str(state / "statsbidrag")
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, empty at the start (for tests of the cache)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("STATSBIDRAG_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Iterator[DataCopy]:
    """A copy of the built-in decisions/, population/ and sources/ that a test may change
    (sources/ beside decisions/, where a decision set's sources are looked for)."""
    copy = DataCopy(tmp_path / "decisions", tmp_path / "population")
    shutil.copytree(DECISIONS, copy.decisions)
    shutil.copytree(POPULATION, copy.population)
    shutil.copytree(SOURCES, tmp_path / "sources")
    yield copy
