"""One language per run, Swedish by default: the words people read, and how numbers are written.

Every text a person reads is written in English in the code, marked with :func:`_` (or
:func:`N_` where it must be looked up later, and :func:`ngettext` where it counts), and
translated through the standard :mod:`gettext` machinery from the catalog
``locale/<lang>/LC_MESSAGES/statsbidrag.po`` (compiled to ``.mo`` beside it; ``make
translations`` extracts and compiles with Babel). English needs no catalog: its texts are the
message ids.

The language is process state, like a locale: :func:`use_language` sets it (the CLI does so
from ``--lang`` or ``$STATSBIDRAG_LANG`` before any command runs), and the text functions look it
up on every call, never at import, so a module-level constant must use :func:`N_` and be
translated where it is shown. Machine output (CSV and JSON keys, ids, codes) is never
translated.

It is also the one place that turns numbers into text for people: kronor, counts and exact
decimals, with integers only, so a figure shown is exactly the figure computed. Grouping and the
decimal sign follow the language: Swedish ``63 000 000`` and ``7,80``, English ``63,000,000``
and ``7.80``. CSV and JSON keep plain integers and decimals with a point.

Like :mod:`statsbidrag_cli.errors`, this module imports only the standard library, so every
layer, the pure core included, may use it.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_ENV",
    "N_",
    "_",
    "decimal_for_people",
    "exact_decimal",
    "in_every_language",
    "kr",
    "language",
    "ngettext",
    "rounded_decimal",
    "signed",
    "use_language",
    "use_language_or_fallback",
]

DOMAIN = "statsbidrag"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("sv", "en")
"""The languages a run can be in; the first is the default."""
DEFAULT_LANGUAGE = LANGUAGES[0]
LANGUAGE_ENV = "STATSBIDRAG_LANG"

_catalogs: dict[str, _gettext.NullTranslations] = {}
_current: list[tuple[str, _gettext.NullTranslations]] = []


def _catalog(code: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``code``; English is the identity (its texts are the ids).

    A missing Swedish catalog raises :class:`FileNotFoundError` rather than falling back to
    English, so a broken install cannot silently change the language of every run.
    """
    if code not in _catalogs:
        _catalogs[code] = (
            _gettext.NullTranslations()
            if code == "en"
            else _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
        )
    return _catalogs[code]


def in_every_language(message: str) -> set[str]:
    """``message`` as every language has it (for reading back what the tool itself wrote,
    whatever the language of the run that wrote it)."""
    return {_catalog(code).gettext(message) for code in LANGUAGES}


def normalise(code: str) -> str | None:
    """``code`` as one of :data:`LANGUAGES`, or None (``"sv_SE.UTF-8"`` and ``"SV"`` are sv)."""
    short = code.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return short if short in LANGUAGES else None


def use_language(code: str | None = None) -> str:
    """Make ``code`` (or ``$STATSBIDRAG_LANG``, or Swedish) the language of what follows.

    Returns the language chosen. An unknown code raises :class:`ValueError` naming the
    languages there are.
    """
    wanted = code if code is not None else os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE
    chosen = normalise(wanted)
    if chosen is None:
        raise ValueError(
            f"unknown language {wanted!r}; choose one of {', '.join(LANGUAGES)}",
        )
    _current[:] = [(chosen, _catalog(chosen))]
    return chosen


def use_language_or_fallback(code: str | None = None) -> str:
    """Like :func:`use_language`, but never refusing: a ``code`` that is no language gives way
    to ``$STATSBIDRAG_LANG``, and a bad variable to Swedish. Whoever took the value reports it
    (the CLI does); the run goes on in a language meanwhile."""
    for candidate in (code, None):
        try:
            return use_language(candidate)
        except ValueError:
            continue
    return use_language(DEFAULT_LANGUAGE)


def _translations() -> _gettext.NullTranslations:
    if not _current:
        use_language_or_fallback()
    return _current[0][1]


def language() -> str:
    """The language of this run: ``"sv"`` or ``"en"``."""
    _translations()
    return _current[0][0]


def _(message: str) -> str:
    """``message`` in the run's language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the run's language."""
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (for constants).

    The text is translated where it is shown, with :func:`_`.
    """
    return message


_SEPARATORS = {"sv": (" ", ","), "en": (",", ".")}
"""Per language: the thousands separator and the decimal sign."""
MACHINE_DECIMAL = re.compile(r"-?\d+\.\d+…?")
"""A decimal as :func:`exact_decimal` and :func:`rounded_decimal` write it, for CSV and JSON."""


def kr(amount: int) -> str:
    """Whole kronor (or persons) grouped in thousands the way the run's language writes them.

    Swedish: ``kr(63000000) == "63 000 000"``, ``kr(-1234) == "-1 234"``; English:
    ``"63,000,000"``.
    """
    thousands, _decimal = _SEPARATORS[language()]
    return f"{amount:,}".replace(",", thousands)


def decimal_for_people(text: str) -> str:
    """A machine decimal (``"7.80"``, ``"5229861.0534…"``) as the run's language writes it:
    its decimal sign, the whole part grouped in thousands (sv ``5 229 861,0534…``); other
    text unchanged. Tables call it on every text cell; CSV and JSON keep the point."""
    if not MACHINE_DECIMAL.fullmatch(text):
        return text
    whole, _point, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = kr(int(whole.lstrip("-"))) if whole.lstrip("-").isdigit() else whole.lstrip("-")
    return f"{sign}{grouped}{_SEPARATORS[language()][1]}{fraction}"


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


def problem_count(where: object, count: int) -> str:
    """``{where}: {count} problems``, in the singular for one: the lead of an error that lists
    every problem of a file."""
    return ngettext("{path}: {count} problem", "{path}: {count} problems", count).format(
        path=where, count=count
    )
