"""``--lang``: the run's language, chosen before Click reads anything else.

The language must be known before the first text is shown, and ``--help`` is shown while the
command line is still being read, so the root group settles it first (see
:class:`~statsbidrag_cli.cli.helptext.BareFlagsGroup`): ``--lang`` wherever it stands on the
command line (``statsbidrag allocate X --lang en`` too), else ``$STATSBIDRAG_LANG``, else
Swedish.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum

from ..errors import StatsbidragError
from ..i18n import LANGUAGE_ENV, LANGUAGES, N_, _, normalise, use_language_or_fallback

__all__ = ["Language", "check_language_env", "hoist_language", "usage_message"]

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
                env=LANGUAGE_ENV, value=value, languages=", ".join(LANGUAGES)
            )
        )


USAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"Missing argument (?P<name>'[^']*')\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (
            r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {option} (possible options: {options})"),
        ),
        (r"No such option: (?P<option>\S+)", N_("No such option: {option}")),
        (
            r"No such command (?P<name>'[^']*')\. Did you mean (?P<names>.+)\?",
            N_("No such command {name}. Did you mean {names}?"),
        ),
        (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
        (
            r"Got unexpected extra argument\(s\) \((?P<words>.*)\)",
            N_("Got unexpected extra argument(s) ({words})"),
        ),
        (r"Option (?P<name>'[^']*') requires an argument\.", N_("Option {name} requires a value.")),
        (r"Option (?P<name>'[^']*') does not take a value\.", N_("Option {name} takes no value.")),
        (
            r"Invalid value for (?P<name>.+?): (?:Value error, )?(?P<value>'.*') is not one of "
            r"(?P<choices>.+)\.",
            N_("Invalid value for {name}: {value} is not one of {choices}."),
        ),
        (
            r"Invalid value for (?P<name>.+?): Input should be a valid integer.*",
            N_("Invalid value for {name}: give a whole number."),
        ),
        (
            r"Invalid value for (?P<name>.+?): (?:Value error, )?(?P<reason>.+)",
            N_("Invalid value for {name}: {reason}"),
        ),
    )
)
"""Click's messages for a malformed command line, each as a pattern and a message of ours to
translate. Click writes them in English; anything not matched is shown as Click wrote it."""


def usage_message(text: str) -> str:
    """Click's usage error ``text`` in the run's language (and without pydantic's "Value
    error," prefix), or as it is when it is none of the known kinds."""
    for pattern, message in USAGE_MESSAGES:
        found = pattern.fullmatch(text.strip())
        if found:
            return _(message).format(**found.groupdict())
    return text
