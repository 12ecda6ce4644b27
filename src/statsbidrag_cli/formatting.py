"""The one place that turns numbers into text for people: kronor, counts and exact decimals.

Integers only, so a figure shown is exactly the figure computed. Every layer that writes a
number into a sentence or a table cell (check messages, reports, tables, charts) uses these
functions; CSV and JSON keep plain integers. This module imports nothing, like
:mod:`statsbidrag_cli.errors`, so the pure core may use it too.
"""

from __future__ import annotations

__all__ = ["exact_decimal", "kr", "rounded_decimal", "signed"]


def kr(amount: int) -> str:
    """Whole kronor (or persons) with spaces between thousands, as Swedish tables print them.

    ``kr(63000000) == "63 000 000"``; ``kr(-1234) == "-1 234"``.
    """
    return f"{amount:,}".replace(",", " ")


def signed(amount: int) -> str:
    """A difference, always with its sign: ``signed(13) == "+13"``, ``signed(-1234) == "-1 234"``,
    ``signed(0) == "+0"``."""
    return ("-" if amount < 0 else "+") + kr(abs(amount))


def exact_decimal(numerator: int, denominator: int, digits: int) -> str:
    """``numerator / denominator`` to ``digits`` decimals, exactly, truncated; "…" marks more.

    Integer arithmetic only: e.g. ``exact_decimal(20, 3, 4) == "6.6666…"``.
    """
    sign = "-" if (numerator < 0) != (denominator < 0) and numerator != 0 else ""
    numerator, denominator = abs(numerator), abs(denominator)
    whole, rest = divmod(numerator, denominator)
    scaled, left = divmod(rest * 10**digits, denominator)
    text = f"{sign}{whole}.{scaled:0{digits}d}" if digits else f"{sign}{whole}"
    return text + ("…" if left else "")


def rounded_decimal(numerator: int, denominator: int, digits: int = 2) -> str:
    """A non-negative ``numerator / denominator`` rounded half up to ``digits`` decimals.

    Integer arithmetic only: ``rounded_decimal(1, 8, 2) == "0.13"``. The denominator must be
    positive.
    """
    scale = 10**digits
    scaled = (2 * scale * numerator + denominator) // (2 * denominator)
    whole, fraction = divmod(scaled, scale)
    return f"{whole}.{fraction:0{digits}d}" if digits else str(whole)
