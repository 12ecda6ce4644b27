"""``--lang``: the run's language, chosen before Click reads anything else.

The language must be known before the first text is shown, and ``--help`` is shown while the
command line is still being read, so the root group settles it first (see
:class:`~statsbidrag_cli.cli.framework.BareFlagsGroup`): ``--lang`` wherever it stands on the
command line (``statsbidrag allocate X --lang en`` too), else ``$STATSBIDRAG_LANG``, else
Swedish.
"""

from __future__ import annotations

import os
from enum import StrEnum

from ..errors import StatsbidragError
from ..i18n import LANGUAGE_ENV, LANGUAGES, _, normalise, use_language_or_fallback

__all__ = ["Language", "check_language_env", "hoist_language"]

OPTION = "--lang"


class Language(StrEnum):
    """The languages of ``--lang``."""

    sv = "sv"
    en = "en"


def hoist_language(args: list[str]) -> list[str]:
    """``args`` with ``--lang X`` (or ``--lang=X``) moved to the front, where the root group
    reads it, after making ``X`` the run's language.

    Options after ``--`` are arguments and stay. A value that is no language leaves Swedish
    (or ``$STATSBIDRAG_LANG``) in force; Click then refuses it, naming the choices.
    """
    end = args.index("--") if "--" in args else len(args)
    for index, word in enumerate(args[:end]):
        if word == OPTION and index + 1 < end:
            found, rest = args[index : index + 2], args[:index] + args[index + 2 :]
            break
        if word.startswith(OPTION + "="):
            found, rest = [word], args[:index] + args[index + 1 :]
            break
    else:
        use_language_or_fallback()
        return args
    use_language_or_fallback(found[-1].removeprefix(OPTION + "="))
    return found + rest


def check_language_env(explicit: bool) -> None:
    """Refuse a ``$STATSBIDRAG_LANG`` that names no language, unless ``--lang`` (``explicit``)
    overrode it.

    ``sv_SE.UTF-8`` and ``EN`` are understood; ``de`` is an error rather than a silent Swedish.
    """
    value = os.environ.get(LANGUAGE_ENV)
    if value and normalise(value) is None and not explicit:
        raise StatsbidragError(
            _("${env} is {value!r}; the languages are {languages}.").format(
                env=LANGUAGE_ENV,
                value=value if len(value) <= 40 else value[:40] + "…",
                languages=", ".join(LANGUAGES),
            )
        )
