"""Decision files mean the same in YAML 1.1 (PyYAML, ours) and YAML 1.2 (editors).

The judge is yaml-language-server, the engine of the most used YAML editor extension, with
its default settings (YAML 1.2), driven over stdio: it must find nothing to flag in the
shipped decision files and in what `new` writes, and must flag a typo'd key. Our reader
refuses the forms whose meaning differs between the two versions.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import DECISIONS, REPO, run

SERVER = (
    REPO
    / ".cache"
    / "node"
    / "node_modules"
    / "yaml-language-server"
    / "bin"
    / "yaml-language-server"
)
EVERY_DECISION = sorted(DECISIONS.glob("*.yaml")) + sorted(
    (REPO / "examples/decisions").glob("*.yaml")
)
"""The shipped decisions and the worked examples."""
ONLY_IN_YAML_1_1 = re.compile(
    r":\s*\d{1,3}(?:_\d{3})+\b|:\s*(?:yes|no|on|off)\s*$|:\s*0\d+\s*$", re.M
)


def test_shipped_decisions_use_no_form_the_two_yaml_versions_read_differently() -> None:
    for path in EVERY_DECISION:
        assert ONLY_IN_YAML_1_1.findall(path.read_text("utf-8")) == [], path


def test_the_reader_refuses_an_underscored_number_with_advice(tmp_path: Path) -> None:
    text = (
        (DECISIONS / "S2026-00953.yaml")
        .read_text("utf-8")
        .replace("total: 63000000", "total: 63_000_000")
    )
    path = tmp_path / "S2026-00953.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "'63_000_000' is a number in YAML 1.1 but text in YAML 1.2" in result.stdout
    assert "write 63000000" in result.stdout and f"{path}:12:" in result.stdout


@pytest.fixture(scope="module")
def server() -> Iterator[object]:
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        pytest.skip(
            f"yaml-language-server not installed at {SERVER} (make node-clients, needs npm)"
        )
    from clients.lsp import LanguageServer

    settings = {"yaml": {"validate": True, "schemaStore": {"enable": False}}}
    language_server = LanguageServer([node, str(SERVER), "--stdio"], settings, REPO)
    yield language_server
    language_server.close()


@pytest.mark.parametrize("path", EVERY_DECISION, ids=lambda p: p.name)
def test_an_editor_finds_nothing_to_flag_in_a_shipped_decision(server: object, path: Path) -> None:
    assert server.diagnostics(path) == []  # type: ignore[attr-defined]


def test_an_editor_finds_nothing_to_flag_in_what_new_writes(
    server: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "S2027/00123").exit_code == 0
    written = tmp_path / "decisions" / "S2027-00123.yaml"
    lines = written.read_text("utf-8").splitlines()
    found = server.diagnostics(written)  # type: ignore[attr-defined]
    # Only the placeholders left to fill in (validate refuses them too); no false alarm.
    flagged = [lines[d["range"]["start"]["line"]] for d in found]
    assert found and all("FYLL I" in line for line in flagged), flagged


def test_an_editor_flags_a_typod_key(server: object, tmp_path: Path) -> None:
    schema_dir = tmp_path / "schema"
    shutil.copytree(REPO / "schema", schema_dir)
    (tmp_path / "decisions").mkdir()
    path = tmp_path / "decisions" / "typo.yaml"
    text = (DECISIONS / "S2026-00953.yaml").read_text("utf-8").replace("ministry:", "ministy:", 1)
    path.write_text(text, encoding="utf-8")
    found = server.diagnostics(path)  # type: ignore[attr-defined]
    assert any("ministy" in d["message"] or "not allowed" in d["message"] for d in found), found
