"""The one adapter around Typer's and Click's internals: help, usage errors, parameter sources.

No other module of statsbidrag imports ``typer._click``, ``typer.core``, ``typer.models`` or
``typer.rich_utils`` (the architecture test enforces it), and ``pyproject.toml`` pins Typer
to the versions this module is tested with (the lowest one in CI). What it does:

Help as flowing prose: docstrings reflowed, brackets shown as written, flags bare.

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
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from typer._click import Command as ClickCommand
from typer._click.core import ParameterSource
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

from ..i18n import N_, _
from .language import hoist_language

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import typer
    from typer._click import Command, Context, Parameter
    from typer._click.formatting import HelpFormatter
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


VALUE_NAMES = {
    "file": N_("FILE"),
    "directory": N_("FOLDER"),
    "text": N_("TEXT"),
    "integer": N_("NUMBER"),
}
"""What a value is called in help where the code names none (``--chart FILE``), by the kind
of value Click parses; an argument is called by its name (``DECISION``)."""


def _value_names(params: list[Parameter]) -> list[Parameter]:
    """``params`` with a name in English for each value that has none (then translated with
    the help): none for a flag (it takes no value: no ``<bool>``), arguments by their name in
    capitals, options by the kind of value they take. An argument's value type (``<str>``)
    is not shown beside its name."""
    for param in params:
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
            continue
        argument = param.param_type_name == "argument"
        if argument and param.name:
            param.metavar = param.name.upper()
            if hasattr(param, "display_type_rich"):  # Typer 0.29 shows <str> beside it
                param.display_type_rich = lambda ctx: None
        elif (kind := _value_kind(param)) is not None:
            param.metavar = VALUE_NAMES[kind]
    return params


def _value_kind(param: Parameter) -> str | None:
    """The kind of value an option takes (:data:`VALUE_NAMES`): read from Typer's type
    description (0.29) or Click's parameter type (0.26), whichever the installed Typer has."""
    described = getattr(param, "type_descriptor", None)
    if described is not None:
        if described.is_path:
            return "directory" if described.path_type == "dir" else "file"
        annotation = described.annotation
        return {str: "text", int: "integer"}.get(annotation)
    click_type = getattr(param, "type", None)
    kind = getattr(click_type, "name", None)
    if kind == "path":
        return "file" if getattr(click_type, "file_okay", True) else "directory"
    return {"text": "text", "integer": "integer"}.get(str(kind))


class _RunLanguageHelp(ClickCommand):
    """What a command and a group share: no ``<bool>`` after a flag, values named, and help
    in the run's language (placed before Typer's class, so ``super()`` reaches Typer's
    rendering)."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _translated_params(_value_names(super().get_params(ctx)))

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _write_usage(self, ctx, formatter)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        translate_help(self)  # only when help is shown: a run that shows none pays nothing
        _translate_typer_texts()
        super().format_help(ctx, formatter)

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        lazy_coercion(self.params)
        with _usage_errors_in_run_language():
            return super().make_context(info_name, args, parent, **extra)


class _LazyCoercion:
    """Stands in for Typer's coercion of one parameter until a value needs it.

    Typer (from 0.28) builds a pydantic ``TypeAdapter`` for every parameter of the command
    being run, given or not, about 2 ms each: for ``allocate``'s fourteen that was most of
    what its start-up cost beyond a bare Typer app. A parameter left out has the value None,
    which Typer's coercion returns as it is (or as ``()`` for one taking many values) without
    its adapter; so the adapter is built only for a value given."""

    def coerce(self, value: Any, param: Any, ctx: Context) -> Any:
        if value is None:  # what Typer's RuntimeParam.coerce returns for None
            return () if param.multiple or param.nargs == -1 else None
        from typer._coercion import build_runtime_param

        param._runtime_param = build_runtime_param(param.type_descriptor)
        return param._runtime_param.coerce(value, param=param, ctx=ctx)


_LAZY = _LazyCoercion()


def lazy_coercion(params: list[Parameter]) -> None:
    """Let each parameter build its coercion only for a value (see :class:`_LazyCoercion`);
    nothing changes with a Typer that has none (0.26, the lowest tested)."""
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _LAZY  # type: ignore[attr-defined]


class BareFlagsCommand(_RunLanguageHelp, TyperCommand):
    """A command whose help shows no ``<bool>`` after ``--help``, in the run's language."""


class BareFlagsGroup(_RunLanguageHelp, TyperGroup):
    """A group whose help shows no ``<bool>`` after ``--help`` and the completion flags, and
    which settles the run's language before reading its command line (``--help`` is shown
    while it is read)."""

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, ClickCommand | None, list[str]]:
        with _usage_errors_in_run_language():
            return super().resolve_command(ctx, args)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the root: --lang may stand anywhere on the line
            args = hoist_language(args)
        return super().parse_args(ctx, args)


# Help in the run's language ------------------------------------------------------------------

_HELP_ATTRIBUTES = (
    "help",
    "short_help",
    "epilog",
    "rich_help_panel",
    "options_metavar",
    "subcommand_metavar",
)
"""The texts a command (or parameter, for ``help`` and ``rich_help_panel``) shows in help and
in its usage line (``[OPTIONS]``, ``COMMAND [ARGS]...``)."""

TYPER_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
"""Typer's own words in a help screen (its panel titles and option notes) and around a usage
error, by constant name."""

CLICK_TEXTS = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Usage: "),
)
"""The help of the options Click and Typer add themselves, and the usage line's prefix."""


def translate_help(command: Command) -> None:
    """Put every help text of ``command``, its parameters and its subcommands into the run's
    language. The English originals are kept on each object, so a
    later call in another language translates from them again."""
    for item in _help_objects(command):
        if not isinstance(item, ClickCommand):
            _value_names([item])
        _translate(item, (*_HELP_ATTRIBUTES, "metavar"))


def _translate_typer_texts() -> None:
    """Typer's panel titles and option notes in the run's language; called only when a help
    screen is drawn, since it imports Typer's Rich helpers (a CSV run never loads Rich)."""
    from typer import rich_utils

    for constant, message in TYPER_TEXTS.items():
        setattr(rich_utils, constant, _(message))


def help_messages(command: Command) -> list[str]:
    """Every help text under ``command`` in English: the messages a catalog must translate."""
    messages = list(TYPER_TEXTS.values()) + list(CLICK_TEXTS)
    for item in _help_objects(command):
        if not isinstance(item, ClickCommand):
            _value_names([item])
        originals = getattr(item, _ORIGINALS, {})
        for attribute in (*_HELP_ATTRIBUTES, "metavar"):
            text = originals.get(attribute, getattr(item, attribute, None))
            if isinstance(text, str) and text.strip() and text not in _COMPOSED:
                messages.append(text)
    return list(dict.fromkeys(messages))


_COMPOSED: dict[str, Callable[[Callable[[str], str]], str]] = {}
"""Help texts made of parts, each part a message of its own, by their English text."""


def composed_help(build: Callable[[Callable[[str], str]], str]) -> str:
    """A help text that ``build`` makes from its parts with a translator: English now, the
    run's language when help is shown (the catalog holds the parts, not the whole)."""
    english = build(lambda text: text)
    _COMPOSED[english] = build
    return english


_ORIGINALS = "_statsbidrag_english_help"


def _help_objects(command: Command) -> Iterator[Command | Parameter]:
    yield command
    yield from command.params
    for sub in getattr(command, "commands", {}).values():
        yield from _help_objects(sub)


def _translate(item: Command | Parameter, attributes: tuple[str, ...]) -> None:
    originals: dict[str, str] = item.__dict__.setdefault(_ORIGINALS, {})
    for attribute in attributes:
        text = originals.get(attribute, getattr(item, attribute, None))
        if isinstance(text, str) and text.strip():
            originals[attribute] = text
            build = _COMPOSED.get(text)
            setattr(item, attribute, build(_) if build is not None else _(text))


def _translated_params(params: list[Parameter]) -> list[Parameter]:
    """``params`` with their help and value names in the run's language (``--help`` is made
    anew per call)."""
    for param in params:
        _translate(param, ("help", "metavar"))
    return params


@contextmanager
def _usage_errors_in_run_language() -> Iterator[None]:
    """Re-raise Click's usage error (unknown option, missing argument, …) in the run's language,
    shown under Typer's translated "Error" and "Try … for help"."""
    try:
        yield
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # not an error: the help is shown
            raise
        _translate_typer_texts()
        if error.ctx is not None:  # its usage line is shown above the message
            translate_help(error.ctx.command)
        raise UsageError(usage_message(error), error.ctx) from None


def _write_usage(command: Command, ctx: Context, formatter: HelpFormatter) -> None:
    """The usage line, led by "Usage:" in the run's language."""
    pieces = [_REQUIRED.sub(r"\1", piece) for piece in command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))


_REQUIRED = re.compile(r"^\{(.+)\}(\.\.\.)?$")
"""Typer 0.29 writes a required argument as ``{DECISION}``; the usage line shows it as
manuals do, bare (``BESLUT``), and an optional one in brackets."""


def given_on_command_line(ctx: Context, name: str) -> bool:
    """Whether parameter ``name`` was typed on the command line (not a default or variable)."""
    return ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE


# Usage errors in the run's language ----------------------------------------------------------


def usage_message(error: UsageError) -> str:
    """Click's usage error in the run's language, every word of it at most 80 characters
    (a value of 100 000 characters is not echoed back whole)."""
    return _LONG_WORD.sub(lambda found: found.group()[:80] + "…", _usage_message(error))


_LONG_WORD = re.compile(r"\S{81,}")


def _usage_message(error: UsageError) -> str:
    """Click's usage error in the run's language, read from its type and attributes.

    Only the plain ``ctx.fail`` texts (an unknown command, extra arguments) and the messages
    of Click's value types (a choice, a number) are matched as text; a text of neither kind is
    shown under a translated lead rather than passed on in English alone.
    """
    if isinstance(error, NoSuchOption):
        option = error.option_name
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            return _("No such option: {option} (possible options: {options})").format(
                option=option, options=options
            )
        return _("No such option: {option}").format(option=option)
    if isinstance(error, MissingParameter):
        name = _hint(error)
        if error.param is not None and error.param.param_type_name == "argument":
            return _("Missing argument {name}.").format(name=name)
        return _("Missing option {name}.").format(name=name)
    if isinstance(error, BadParameter):
        return _invalid_value(_hint(error), error.message)
    if isinstance(error, BadOptionUsage):
        name = repr(error.option_name)
        if _is_flag(error.ctx, error.option_name):
            return _("Option {name} takes no value.").format(name=name)
        return _("Option {name} requires a value.").format(name=name)
    if isinstance(error, BadArgumentUsage):
        return _("Invalid use of an argument: {message}").format(message=error.message)
    return _plain_failure(error.format_message())


def _hint(error: BadParameter) -> str:
    """How Click names the parameter at fault (``'--format' / '-f'``; an argument as help
    names its value: ``BESLUT``)."""
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else error.param_hint
        return " / ".join(f"'{hint}'" for hint in hints)
    param = error.param
    if param is None:
        return "?"
    if param.param_type_name == "argument":  # its value name (BESLUT), as help shows it
        _value_names([param])
        english = getattr(param, _ORIGINALS, {}).get("metavar", param.metavar)
        return _(english) if english else "?"
    return " / ".join(f"'{option}'" for option in param.opts)


def _is_flag(ctx: Context | None, option: str) -> bool:
    """Whether ``option`` of the command being read is a flag (takes no value)."""
    params = ctx.command.params if ctx is not None else []
    return any(option in param.opts and getattr(param, "is_flag", False) for param in params)


WHOLE_NUMBER = N_("Invalid value for {name}: give a whole number.")

_VALUE_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.+)\.",
            N_("Invalid value for {name}: {value} is not one of {choices}."),
        ),
        (r"Input should be a valid integer.*", WHOLE_NUMBER),
        (r".* is not a valid int(?:eger)?(?: range)?\.", WHOLE_NUMBER),
    )
)
"""The messages of Click's and pydantic's value checks, which reach us as plain text."""


def _invalid_value(name: str, reason: str) -> str:
    for pattern, message in _VALUE_REASONS:
        found = pattern.fullmatch(reason.strip())
        if found:
            return _(message).format(name=name, **found.groupdict())
    reason = reason.removeprefix("Value error, ")
    return _("Invalid value for {name}: {reason}").format(name=name, reason=reason)


_FAILURES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"No such command (?P<name>'[^']*')\. Did you mean (?P<names>.+)\?",
            N_("No such command {name}. Did you mean {names}?"),
        ),
        (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
        (
            r"Got unexpected extra argument\(s\) \((?P<words>.*)\)",
            N_("Got unexpected extra argument(s) ({words})"),
        ),
    )
)
"""The texts Click and Typer fail with through ``ctx.fail``, which carry no attributes."""


def _plain_failure(text: str) -> str:
    for pattern, message in _FAILURES:
        found = pattern.fullmatch(text.strip())
        if found:
            return _(message).format(**found.groupdict())
    return _("Invalid command line: {message}").format(message=text)
