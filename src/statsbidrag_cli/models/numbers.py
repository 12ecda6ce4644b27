"""The bound on whole numbers read from any file or argument, and reading them safely.

Every amount (kronor) and every population figure (persons) is a whole number of at most
:data:`MAX_DIGITS` digits, i.e. below 10^15 (a thousand million million). That is far above
any real grant or population, and it keeps every reader clear of Python's limit on converting
very long digit strings (4 300 digits), which would otherwise end in a traceback.
"""

from __future__ import annotations

import re

from ..i18n import _, kr

MAX_DIGITS = 15
MAX_WHOLE = 10**MAX_DIGITS - 1
"""The largest whole number accepted anywhere: 999 999 999 999 999."""

_WHOLE = re.compile(r"0|[1-9][0-9]*")
_GROUPED = re.compile(r"[0-9]+([ _\u00a0\u202f][0-9]{3})*")


def whole_number_problem(text: str) -> str | None:
    """Why ``text`` is not a whole number within the bound, or None when it is one.

    Plain digits only (``1000``, not ``1 000``, ``1e3`` or ``01``)."""
    if not _WHOLE.fullmatch(text):
        return _("is not a whole number")
    if len(text) > MAX_DIGITS:
        return _("has more than {digits} digits (the largest accepted is {largest})").format(
            digits=MAX_DIGITS, largest=kr(10**MAX_DIGITS - 1)
        )
    return None


def parse_grouped(text: str) -> int | None:
    """A whole number as people write it: ``10000000``, ``10 000 000`` or ``10_000_000``.

    Returns None when ``text`` is not such a number or is beyond :data:`MAX_WHOLE`."""
    cleaned = text.strip()
    if not _GROUPED.fullmatch(cleaned):
        return None
    digits = re.sub(r"[ _\u00a0\u202f]", "", cleaned).lstrip("0") or "0"
    if len(digits) > MAX_DIGITS:
        return None
    return int(digits)
