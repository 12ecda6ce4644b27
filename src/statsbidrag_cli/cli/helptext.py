"""Command help as flowing prose: docstrings reflowed, brackets shown as written, flags bare.

Typer's Rich help keeps every line break of a docstring, so text wrapped at 95 columns in the
source breaks mid-sentence on an 80-column terminal; it reads ``[equal, ...]`` or
``statsbidrag[chart]`` as Rich markup and silently drops them; and it labels the flags it adds
itself (``--help``, ``--install-completion``) ``<bool>``, though a flag takes no value.
:func:`tidy_help` fixes all three for every registered command and group, once, before Click
builds them. It costs microseconds and imports only what Typer has already loaded, so it runs
on every start-up (see :func:`statsbidrag_cli.cli.main`).
"""

from __future__ import annotations

import inspect
import re
from typing import TYPE_CHECKING, TypeVar

from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from .language import hoist_language

if TYPE_CHECKING:
    import typer
    from typer._click import Context, Parameter
    from typer.models import CommandInfo, TyperInfo

T = TypeVar("T")

_MARKUP_TAG = re.compile(r"(\\*)(\[[a-zA-Z#/@][^[]*?\])")
"""What Rich would take for a markup tag (the pattern of :func:`rich.markup.escape`)."""


def escape_markup(text: str) -> str:
    """``text`` with every ``[tag]`` Rich would swallow escaped, so it is shown as written."""
    return _MARKUP_TAG.sub(lambda match: f"{match[1]}{match[1]}\\{match[2]}", text)


def reflow(text: str) -> str:
    """``text`` with the single line breaks inside each paragraph joined into spaces.

    Paragraphs (separated by a blank line) stay apart; a paragraph with an indented line or a
    ``- `` list item keeps its lines, since there the breaks carry meaning.
    """
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(_reflow_paragraph(paragraph) for paragraph in paragraphs)


def _reflow_paragraph(paragraph: str) -> str:
    lines = paragraph.splitlines()
    if any(line.startswith((" ", "- ")) for line in lines):
        return paragraph
    return " ".join(line.strip() for line in lines)


def help_text(text: T) -> T | str:
    """A help text or epilog as it should reach Typer: reflowed and markup-escaped.

    Anything but a string (``None``, Typer's default placeholder) is passed through.
    """
    return escape_markup(reflow(text)) if isinstance(text, str) else text


def tidy_help(app: typer.Typer) -> None:
    """Reflow and escape the help and epilog of ``app``, its commands and its groups.

    A command without ``help=`` takes its callback's docstring, as Typer would. Safe to call
    again after more commands are registered: each text is tidied once.
    """
    for group in (app.info, *app.registered_groups):
        if _first_time(group):
            _tidy_texts(group)
            if group.cls in (None, TyperGroup) or isinstance(group.cls, DefaultPlaceholder):
                group.cls = BareFlagsGroup
    for command in app.registered_commands:
        if _first_time(command):
            _tidy_texts(command)
            if command.cls in (None, TyperCommand):  # Typer's own default, not a chosen class
                command.cls = BareFlagsCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            tidy_help(group.typer_instance)


_TIDIED: list[TyperInfo | CommandInfo] = []
"""The infos already tidied (compared by identity: a second escape would show backslashes)."""


def _first_time(info: TyperInfo | CommandInfo) -> bool:
    """Whether ``info`` is met for the first time (and remember it)."""
    if any(info is seen for seen in _TIDIED):
        return False
    _TIDIED.append(info)
    return True


def _tidy_texts(info: TyperInfo | CommandInfo) -> None:
    """Reflow and escape ``info``'s help (its callback's docstring if none) and epilog."""
    if info.help is None and info.callback is not None:  # Typer would show the docstring
        info.help = inspect.getdoc(info.callback)
    info.help = help_text(info.help)
    info.epilog = help_text(info.epilog)


def _bare_flags(params: list[Parameter]) -> list[Parameter]:
    """``params`` with every flag's value label emptied (a flag takes no value)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class BareFlagsCommand(TyperCommand):
    """A command whose help shows no ``<bool>`` after ``--help``."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _bare_flags(super().get_params(ctx))


class BareFlagsGroup(TyperGroup):
    """A group whose help shows no ``<bool>`` after ``--help`` and the completion flags, and
    which settles the run's language before reading its command line."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _bare_flags(super().get_params(ctx))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the root: --lang may stand anywhere on the line
            args = hoist_language(args)
        return super().parse_args(ctx, args)
