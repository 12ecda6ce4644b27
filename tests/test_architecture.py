"""The layers of the package, guarded: what each may import, and what the fast paths load.

The rules (README, "Layout"): ``core`` is pure (no files, no terminal, none of YAML, Rich or
Typer); ``models`` know only errors; ``files`` never reach up into reports, rendering or the
CLI; ``service`` (the use cases) loads and computes but never renders or parses a command
line; ``reports`` never render; ``render`` sees only reports, never the core or files; the CLI
holds no domain logic, so it does not import the core at all. Every ``import`` counts,
including those inside functions, which the package uses to start fast.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "statsbidrag_cli"
LAYERS = ("core", "models", "files", "service", "reports", "render", "cli")
TOP_LEVEL_ALLOWED = {"__init__", "__main__", "errors", "i18n", "version"}

FORBIDDEN: dict[str, set[str]] = {
    "core": {"files", "reports", "render", "cli", "service", "yaml", "rich", "typer"},
    "models": {"core", "files", "reports", "render", "cli", "service", "yaml", "rich", "typer"},
    "files": {"reports", "render", "cli", "service", "rich", "typer"},
    "service": {"reports", "render", "cli", "rich", "typer"},
    "reports": {"files", "render", "cli", "service", "yaml", "rich", "typer"},
    "render": {"core", "files", "models", "cli", "service", "yaml", "typer"},
    "cli": {"core"},
    "errors": {"*"},
    "i18n": {"*"},
    "version": {"*"},
}
"""Per layer (or top-level module): packages of ours, and libraries, it must never import.
``*``: nothing of ours but :mod:`statsbidrag_cli.i18n`, the other leaf (a message is in the
run's language wherever it is made)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, text: str | None = None) -> set[str]:
    """Absolute names of every module ``path`` (or ``text`` standing at ``path``) imports, at
    any depth of the file."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: set[str] = set()
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 else Path(relative[0]).stem


def names(module: str) -> set[str]:
    """The layer (``statsbidrag_cli.core.x`` -> ``core``) or library (``rich.table`` ->
    ``rich``) an imported name belongs to."""
    parts = module.split(".")
    if parts[0] == "statsbidrag_cli":
        return {parts[1]} if len(parts) > 1 else set()
    return {parts[0]}


def violations(path: Path, text: str | None = None) -> list[str]:
    """Every import in ``path`` (or in ``text`` as if it stood there) that its layer forbids."""
    forbidden = FORBIDDEN.get(layer_of(path), set())
    problems = []
    for module in sorted(imported_modules(path, text)):
        hit = names(module) & forbidden
        ours = module.startswith("statsbidrag_cli.") and names(module) != {"i18n"}
        if hit or ("*" in forbidden and ours):
            problems.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return problems


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_no_module_imports_across_its_layer() -> None:
    """One rule, every file: the list of every import that crosses a layer (empty)."""
    assert [problem for path in SOURCES for problem in violations(path)] == []


PART_MODELS = {"EqualComponent", "PopulationComponent", "FixedComponent", "RateComponent"}
KIND_NAMES = {"equal", "population", "fixed", "rate"}
KINDS_HOME = ("core/kinds/", "models/")
"""Where a part's kind may be told by its type or name: its own module, and its model."""


def kind_dispatch(path: Path, text: str | None = None) -> list[str]:
    """Every place in ``path`` that tells a part's kind by its type or its name: a part
    model imported (the only way to ``isinstance`` one), or ``.kind`` compared with a
    kind's name. Outside :mod:`statsbidrag_cli.core.kinds` every such question is the
    registry's (``kind_of(part).…``)."""
    relative = path.relative_to(PACKAGE).as_posix()
    if relative.startswith(KINDS_HOME):
        return []
    source = path.read_text(encoding="utf-8") if text is None else text
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and {a.name for a in node.names} & PART_MODELS:
            found.append(f"{relative}:{node.lineno} imports a part model")
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute):
            names = {
                c.value
                for comparator in node.comparators
                for c in ast.walk(comparator)
                if isinstance(c, ast.Constant)
            }
            if node.left.attr == "kind" and names & KIND_NAMES:
                found.append(f"{relative}:{node.lineno} compares .kind with a kind's name")
    return found


def test_no_module_outside_the_kinds_tells_a_part_by_its_kind() -> None:
    assert [problem for path in SOURCES for problem in kind_dispatch(path)] == []


@pytest.mark.parametrize(
    "added",
    [
        "from ..models.decision import FixedComponent\nisinstance(x, FixedComponent)\n",
        "if component.kind == 'rate':\n    pass\n",
        "if part.kind in ('population', 'rate'):\n    pass\n",
    ],
)
def test_the_kind_rule_catches_a_dispatch_added_anywhere(added: str) -> None:
    path = PACKAGE / "reports" / "decision.py"
    text = path.read_text(encoding="utf-8")
    assert kind_dispatch(path, text) == []
    assert kind_dispatch(path, text + "\n" + added)


def test_every_kind_has_a_model_and_a_module() -> None:
    """The registry and the models' union name the same kinds, one module each."""
    import typing

    from statsbidrag_cli.core.kinds import KINDS
    from statsbidrag_cli.models.decision import PART_MODELS as MODELS
    from statsbidrag_cli.models.decision import AnyComponent

    assert set(typing.get_args(AnyComponent)) == set(MODELS)
    named = {typing.get_args(model.model_fields["kind"].annotation)[0] for model in MODELS}
    assert set(KINDS) == named == KIND_NAMES
    modules = {type(kind).__module__.rsplit(".", 1)[1] for kind in KINDS.values()}
    assert modules == {path.stem for path in (PACKAGE / "core/kinds").glob("*.py")} - {
        "__init__",
        "base",
    }


@pytest.mark.parametrize(
    ("module", "added", "caught"),
    [
        ("core/engine.py", "import yaml", "yaml"),
        ("core/allocation.py", "from ..files import store", "statsbidrag_cli.files"),
        (
            "reports/decision.py",
            "from ..render.cells import cell_text",
            "statsbidrag_cli.render.cells",
        ),
        ("render/table.py", "from ..core.engine import apportion", "statsbidrag_cli.core.engine"),
        (
            "cli/decisions.py",
            "    from ..core.audit import audit_allocation",
            "statsbidrag_cli.core.audit",
        ),
        ("errors.py", "from .models import numbers", "statsbidrag_cli.models"),
        ("i18n.py", "from .errors import StatsbidragError", "statsbidrag_cli.errors"),
    ],
)
def test_the_rules_catch_a_forbidden_import(module: str, added: str, caught: str) -> None:
    """The checker itself: one forbidden import added to a clean module is reported."""
    path = PACKAGE / module
    text = path.read_text(encoding="utf-8")
    assert violations(path, text) == []
    body = f"def _added() -> None:\n{added}\n" if added.startswith(" ") else f"{added}\n"
    found = violations(path, text + "\n" + body)
    assert found and all(caught in line for line in found), found


def test_every_module_sits_in_a_layer() -> None:
    """Only the leaves and the entry points at the top; everything else in a layer package."""
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top <= TOP_LEVEL_ALLOWED
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir()}
    folders -= {"__pycache__", "data", "locale"}  # not code: the built-in data and catalogs
    assert folders == set(LAYERS)


def _modules_loaded(code: str) -> set[str]:
    """Top-level names of the modules loaded after running ``code`` in a fresh interpreter."""
    script = (
        f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_the_engine_loads_no_framework() -> None:
    loaded = _modules_loaded("import statsbidrag_cli.core.engine")
    assert loaded.isdisjoint({"pydantic", "yaml", "rich", "typer", "click"})


def test_the_package_api_is_lazy_and_complete() -> None:
    import statsbidrag_cli

    loaded = _modules_loaded("import statsbidrag_cli")
    assert loaded.isdisjoint({"pydantic", "yaml", "rich", "typer"})
    for name in statsbidrag_cli.__all__:
        assert getattr(statsbidrag_cli, name) is not None
    assert statsbidrag_cli.largest_remainder(10, [1, 1, 3]) == [2, 2, 6]


def _command_loads(command: list[str], **environment: str) -> tuple[str, set[str]]:
    """Run ``statsbidrag COMMAND`` through ``main()`` in a fresh interpreter, as the installed
    command runs: what it wrote, and every module loaded when it ended."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        f"sys.argv = ['statsbidrag', *{command!r}]\n"
        "from statsbidrag_cli.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, set(result.stderr.strip().splitlines()[-1].split())


def test_csv_output_never_imports_rich() -> None:
    """``allocate --format csv`` writes CSV without loading Rich (start-up and safety)."""
    written, loaded = _command_loads(["allocate", "S2026/00953", "--format", "csv"])
    assert written.startswith("code,region,")
    assert "rich" not in loaded


@pytest.mark.parametrize(
    ("command", "absent"),
    [
        (
            ["allocate", "S2026/00953", "--format", "csv"],
            {"rich", "data", "overview", "programmes", "authoring"},
        ),
        (["check", "S2026/00953"], {"rich", "data", "overview", "programmes", "authoring"}),
        (["list", "--format", "csv"], {"rich", "decisions", "data", "programmes"}),
    ],
)
def test_a_command_loads_only_its_own_module(command: list[str], absent: set[str]) -> None:
    """Start-up stays lazy: the other commands' modules (and Rich, for CSV and check) are
    never imported when the command line is read (without the cache, which may answer it
    before any command module is loaded: tests/cli/test_replay.py)."""
    _written, modules = _command_loads(command, STATSBIDRAG_NO_CACHE="1")
    loaded = {m.rsplit(".", 1)[-1] for m in modules if m.startswith("statsbidrag_cli.cli.")}
    loaded |= {"rich"} & modules
    assert loaded.isdisjoint(absent), loaded
    assert "command" in loaded


@pytest.mark.parametrize("command", [["--help"], ["population", "--help"]], ids=" ".join)
def test_help_loads_no_model_reader_or_engine(command: list[str]) -> None:
    """Help is words: it loads every command module, but none of them may pull in the
    decision models, a reader or the engine at import (``data`` once did, through the SCB
    reader's address, and ``--help`` paid 170 ms for pydantic models it never used)."""
    heavy = {
        "statsbidrag_cli.models.decision",
        "statsbidrag_cli.files.scb.api",
        "statsbidrag_cli.core.allocation",
        "yaml",
    }
    _written, loaded = _command_loads(command)
    assert heavy.isdisjoint(loaded), heavy & loaded


PRIVATE_FRAMEWORK = ("typer._click", "typer.core", "typer.models", "typer.rich_utils", "click")
"""Typer's and Click's internals: what only the adapter, ``cli/framework.py``, may import."""


def framework_violations(path: Path, text: str | None = None) -> list[str]:
    """Imports of the framework's internals in ``path`` (or ``text`` standing there)."""
    if path == PACKAGE / "cli" / "framework.py":
        return []
    return [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for module in sorted(imported_modules(path, text))
        if module.startswith(PRIVATE_FRAMEWORK)
        and (
            module in PRIVATE_FRAMEWORK
            or module.startswith(tuple(f"{p}." for p in PRIVATE_FRAMEWORK))
        )
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_adapter_touches_the_framework_internals(path: Path) -> None:
    assert framework_violations(path) == []


@pytest.mark.parametrize(
    "added",
    [
        "from typer._click.core import ParameterSource",
        "from typer import rich_utils",
        "import typer.rich_utils",
        "from typer.core import TyperGroup",
    ],
)
def test_the_adapter_rule_catches_a_private_import(added: str) -> None:
    path = PACKAGE / "cli" / "command.py"
    text = path.read_text(encoding="utf-8")
    assert framework_violations(path, text) == []
    assert framework_violations(path, text + "\n" + added + "\n")


def upward_imports(path: Path, text: str | None = None) -> list[str]:
    """Imports of the package's top (``statsbidrag_cli`` itself, the lazy public API), which
    every layer sits below."""
    if path.parent == PACKAGE:
        return []
    top = {"statsbidrag_cli"} | {f"statsbidrag_cli.{name}" for name in ("__version__", "__all__")}
    return [module for module in sorted(imported_modules(path, text)) if module in top]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_layer_imports_the_package_top(path: Path) -> None:
    assert upward_imports(path) == []


def test_the_upward_rule_catches_the_old_cache_import() -> None:
    path = PACKAGE / "files" / "cache.py"
    assert upward_imports(path, "from .. import __version__\n") == [
        "statsbidrag_cli",
        "statsbidrag_cli.__version__",
    ]


def _layout_sections() -> dict[str, str]:
    """The README's "Layout" block, by folder: ``core``, ``files/local``, … -> its text."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\nsrc/statsbidrag_cli/\n", 1)[1].split("```", 1)[0]
    sections: dict[str, str] = {}
    parent, current = "", ""
    for line in block.splitlines():
        top = line[2:].split(" ", 1)[0] if line.startswith("  ") and line[2] != " " else ""
        nested = line[4:].split(" ", 1)[0] if line.startswith("    ") and line[4] != " " else ""
        if top.endswith("/"):
            parent = current = top.rstrip("/")
        elif nested.endswith("/"):
            current = f"{parent}/{nested.rstrip('/')}"
        elif top:
            parent = current = ""
        if current:
            sections[current] = sections.get(current, "") + " " + line
            if "/" in current:  # a subpackage's text belongs to its parent's too
                sections[parent] = sections.get(parent, "") + " " + line
    return sections


def _modules_of(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.py") if path.stem != "__init__"} | {
        path.name for path in folder.iterdir() if (path / "__init__.py").is_file()
    }


def test_the_readme_layout_and_each_package_docstring_name_every_module() -> None:
    """The layers' roles are stated in the package docstrings and the README's layout; both
    name every module (and subpackage) there is, so neither drifts from the tree."""
    import re

    sections = _layout_sections()
    missing = []
    for folder in sorted(p for p in PACKAGE.rglob("*") if (p / "__init__.py").is_file()):
        relative = folder.relative_to(PACKAGE).as_posix()
        if relative in ("", "locale") or relative.startswith("data"):
            continue
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text("utf-8")))
        for module in sorted(_modules_of(folder)):
            word = re.compile(rf"(?<![\w]){re.escape(module)}(?![\w])")
            section = sections.get(relative) or sections.get(relative.split("/")[0], "")
            if not word.search(section):
                missing.append(f"README layout, {relative}/: {module}")
            if not word.search(docstring or ""):
                missing.append(f"{relative}/__init__.py docstring: {module}")
    assert missing == []
