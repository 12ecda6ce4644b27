"""Text people read: the one rule for the characters it may not hold.

Control characters (NUL, escape codes), line and paragraph separators (U+2028, U+2029) and
the invisible characters that reorder or hide text (bidirectional overrides, zero-width
marks) corrupt tables, CSV rows and terminals, or make two names look alike.
"""

from __future__ import annotations

import re

from ..i18n import _

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""In any text: controls other than tab and line breaks, separators, bidirectional marks."""
_LINE_BREAK = re.compile(r"[\t\n\r]")
"""Also refused in a name, which stands on one line of a table."""


def control_problem(text: str, one_line: bool = False) -> str | None:
    """What is wrong with ``text``'s characters (a sentence to report), or None.

    ``one_line`` refuses tabs and line breaks too (names of regions and kommuner)."""
    found = _CONTROL.search(text) or (_LINE_BREAK.search(text) if one_line else None)
    if found is None:
        return None
    return _(
        "text contains the control character U+{code:04X} at position {position}; remove it"
    ).format(code=ord(found.group()), position=found.start() + 1)
