"""JSON from outside (SCB's answers, PxWeb exports), parsed within stated bounds.

``json.loads`` recurses once per level of nesting, so a body of a million ``[`` ends in a
``RecursionError``; and it reads any size it is given. Every JSON body statsbidrag reads from
a file or a server goes through :func:`loads_bounded`: at most :data:`MAX_DEPTH` levels of
nesting (a JSON-stat dataset has four) and a size the caller states, or a ``ValueError``
saying which bound was passed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 64
"""Levels of nesting of objects and arrays."""

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
"""A string (skipped whole, so brackets inside it do not count) or a bracket."""


class JsonBoundError(ValueError):
    """A JSON body nested deeper, or larger, than the bounds allow."""


def loads_bounded(
    text: str | bytes,
    max_bytes: int,
    parse_int: Callable[[str], Any] | None = None,
) -> Any:
    """``json.loads(text)``, refused when ``text`` is over ``max_bytes`` or nested deeper than
    :data:`MAX_DEPTH` (checked first, in one pass over its brackets)."""
    if len(text) > max_bytes:
        raise JsonBoundError(f"larger than {max_bytes} bytes")
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    depth = 0
    for token in _TOKEN.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise JsonBoundError(f"nested deeper than {MAX_DEPTH} levels")
        elif mark in "]}":
            depth -= 1
    try:
        return json.loads(text, parse_int=parse_int)
    except RecursionError:  # pragma: no cover - the scan above stops this first
        raise JsonBoundError(f"nested deeper than {MAX_DEPTH} levels") from None
