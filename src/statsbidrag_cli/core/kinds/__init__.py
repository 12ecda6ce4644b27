"""The kinds of part a decision can have, one module each, and their one registry.

Each module implements :class:`.base.Kind` for one formula (:mod:`.equal`, :mod:`.population`,
:mod:`.fixed`, :mod:`.rate`); :data:`KINDS` names them by the ``kind:`` a decision file
writes. Every other module asks :func:`kind_of` what a part does, never its type (a test fails
on an ``isinstance`` of a part's model outside this package).
"""

from __future__ import annotations

from typing import Any

from ...models.decision import Part
from .base import PER_UNIT, KeyColumns, Kind, StatedFigure
from .equal import EQUAL, recipients_of
from .fixed import FIXED
from .population import POPULATION
from .rate import RATE

__all__ = ["KINDS", "PER_UNIT", "KeyColumns", "Kind", "StatedFigure", "kind_of", "recipients_of"]

KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in (EQUAL, POPULATION, FIXED, RATE)}
"""Every kind by its name: one line per kind."""


def kind_of(part: Part) -> Kind[Any]:
    """What ``part`` does: the kind its ``kind:`` names."""
    return KINDS[part.kind]
