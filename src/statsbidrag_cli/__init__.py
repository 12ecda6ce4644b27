"""statsbidrag: exact allocation and checking of Swedish state grants (statsbidrag).

The library is usable without the command line::

    from statsbidrag_cli import largest_remainder, allocate_decision, data_dirs
    largest_remainder(28_000_000, [2_547_105, 901_319])
    allocation = allocate_decision(data_dirs(None, None), "S2026/00953")

The package is layered (see the README's "Layout"): ``core`` is the pure, exact arithmetic;
``models`` the shapes of the files; ``files`` reads and writes them; ``reports`` turns results
into format-neutral reports; ``render`` writes those as tables, CSV, JSON and more; ``cli`` is
the thin Typer command line; :mod:`statsbidrag_cli.service` holds the use cases it calls.

Names are imported on first use, so ``import statsbidrag_cli.core.engine`` stays free of
pydantic, YAML and Rich.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    # The exact engine (pure; integers in, integers out).
    "largest_remainder": "core.engine",
    "equal_split": "core.engine",
    "apportion": "core.engine",
    "allocate_by": "core.engine",
    "METHODS": "core.engine",
    "Apportionment": "core.engine",
    # A decision and what the core does with it.
    "Decision": "models.decision",
    "Allocation": "core.allocation",
    "allocate": "core.allocation",
    "CheckReport": "core.checks",
    "check_allocation": "core.checks",
    # Loading files, then computing: the entry points the CLI uses too.
    "DataDirs": "files.local.store",
    "data_dirs": "files.local.store",
    "allocate_decision": "service.decisions",
    "check_decisions": "service.checking",
    # Errors.
    "StatsbidragError": "errors",
    "TieError": "errors",
}

__all__ = [
    "METHODS",
    "Allocation",
    "Apportionment",
    "CheckReport",
    "DataDirs",
    "Decision",
    "StatsbidragError",
    "TieError",
    "__version__",
    "allocate",
    "allocate_by",
    "allocate_decision",
    "apportion",
    "check_allocation",
    "check_decisions",
    "data_dirs",
    "equal_split",
    "largest_remainder",
]


def __getattr__(name: str) -> Any:
    """Import an exported name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .core.allocation import Allocation, allocate
    from .core.checks import CheckReport, check_allocation
    from .core.engine import (
        METHODS,
        Apportionment,
        allocate_by,
        apportion,
        equal_split,
        largest_remainder,
    )
    from .errors import StatsbidragError, TieError
    from .files.local.store import DataDirs, data_dirs
    from .models.decision import Decision
    from .service.checking import check_decisions
    from .service.decisions import allocate_decision
