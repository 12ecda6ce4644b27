"""The adapter (cli/framework.py) and the command declaration (cli/command.py).

The contract test raises each of Click's usage-error classes as Click itself would and
asserts the message the run's language shows, so a Typer release that changes a class or an
attribute fails here, not silently in English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from helpers import Result
from typer._click import Context
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.main import get_command
from typer.testing import CliRunner

from statsbidrag_cli.cli import COMMAND_MODULES, app
from statsbidrag_cli.cli.command import Outcome, Output, Writes, command
from statsbidrag_cli.cli.framework import tidy_help, usage_message
from statsbidrag_cli.errors import EXIT_CHECK_FAILED, StatsbidragError
from statsbidrag_cli.i18n import use_language
from statsbidrag_cli.render.registry import CHECK_FORMATS, DATA_FORMATS
from statsbidrag_cli.reports.report import Column, Report


def _context(name: str) -> Context:
    group = get_command(app)
    command_ = group.commands[name]  # type: ignore[attr-defined]
    return Context(command_, info_name=name)


def _param(ctx: Context, name: str):  # type: ignore[no-untyped-def]
    return next(param for param in ctx.command.params if param.name == name)


def _errors() -> list[tuple[UsageError, str]]:
    ctx = _context("allocate")
    return [
        (
            NoSuchOption("--foo", possibilities=["--force", "--format"], ctx=ctx),
            "Okänd flagga: --foo (möjliga flaggor: --force, --format)",
        ),
        (NoSuchOption("--foo", ctx=ctx), "Okänd flagga: --foo"),
        (
            MissingParameter(ctx=ctx, param=_param(ctx, "decision"), param_type="argument"),
            "Argumentet BESLUT saknas.",
        ),
        (
            BadParameter(
                "'pdf' is not one of 'table', 'csv'.", ctx=ctx, param=_param(ctx, "fmt")
            ),
            "Ogiltigt värde för '--format' / '-f': 'pdf' är inte en av 'table', 'csv'.",
        ),
        (
            BadParameter("'x' is not a valid integer.", ctx=ctx, param=_param(ctx, "fmt")),
            "Ogiltigt värde för '--format' / '-f': ange ett heltal.",
        ),
        (BadOptionUsage("--format", "Option '--format' requires an argument.", ctx),
         "Flaggan '--format' kräver ett värde."),
        (BadOptionUsage("--excel", "Option '--excel' does not take a value.", ctx),
         "Flaggan '--excel' tar inget värde."),
        (BadArgumentUsage("Argument 'x' takes 2 values.", ctx), "Felaktigt använt argument"),
        (UsageError("No such command 'alocate'.", ctx), "Okänt kommando 'alocate'."),
        (
            UsageError("Got unexpected extra argument(s) (Y)", ctx),
            "Oväntade extra argument (Y)",
        ),
        (UsageError("Something new from Click.", ctx), "Ogiltig kommandorad: Something new"),
    ]  # fmt: skip


@pytest.mark.parametrize("index", range(len(_errors())))
def test_every_click_usage_error_is_shown_in_swedish(index: int) -> None:
    use_language("sv")
    error, swedish = _errors()[index]
    assert swedish in usage_message(error)


def test_command_modules_name_exactly_the_apps_commands() -> None:
    """The lazy start-up imports one module per command: the map must not miss one."""
    group = get_command(app)
    assert set(COMMAND_MODULES) == set(group.commands)  # type: ignore[attr-defined]
    for name, module in COMMAND_MODULES.items():
        callback = group.commands[name].callback  # type: ignore[attr-defined]
        if callback is not None and name not in ("population", "programme"):
            assert callback.__module__ == f"statsbidrag_cli.cli.{module}", name


# The command declaration -----------------------------------------------------------------------


def _toy_app() -> typer.Typer:
    toy = typer.Typer()

    @command(toy, writes=Writes.REPORT)
    def table(run: object, fail: bool = False, warn: bool = False) -> Outcome | Report:
        """A toy command: a one-row report, or an error."""
        if fail:
            raise StatsbidragError("the input is unusable")
        report = Report("Toy", [Column("code", "Code")], [{"code": "01"}])
        if warn:
            return Outcome(report, EXIT_CHECK_FAILED, notes=["Warning: it is off"])
        return report

    @command(toy, writes=Writes.NOTHING)
    def quiet(run: object) -> Outcome:
        """A toy command that writes no report."""
        return Outcome(notes=["done"])

    tidy_help(toy)
    return toy


def _run(toy: typer.Typer, *args: str) -> Result:
    result = CliRunner().invoke(toy, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def test_a_body_returns_a_report_and_the_decorator_renders_it() -> None:
    result = _run(_toy_app(), "table", "--format", "csv")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "code\n01\n", "")


def test_an_error_is_one_message_and_exit_2_no_traceback() -> None:
    use_language("en")
    result = _run(_toy_app(), "table", "--fail")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: the input is unusable\n"


def test_an_outcome_brings_its_notes_to_stderr_and_its_exit_code() -> None:
    result = _run(_toy_app(), "table", "--warn", "-f", "json")
    assert result.exit_code == EXIT_CHECK_FAILED
    assert result.stdout.startswith("{")
    assert result.stderr == "Warning: it is off\n"


def test_a_command_gets_only_the_options_it_declares() -> None:
    toy = _toy_app()
    help_text = _run(toy, "quiet", "--help").stdout
    for option in ("--format", "--output", "--decisions-dir", "--population-dir"):
        assert option not in help_text
    assert "--format" in _run(toy, "table", "--help").stdout
    assert "--decisions-dir" not in _run(toy, "table", "--help").stdout


def test_output_options_resolve_once_and_refuse_contradictions(tmp_path: Path) -> None:
    use_language("en")
    assert Output.of(None, False, tmp_path / "a.CSV", False).format.name == "csv"
    assert Output.of(None, True, None, False).format.name == "csv"
    assert Output.of(None, False, None, False).format is DATA_FORMATS.default
    assert Output.of(None, False, tmp_path / "r.xml", False, CHECK_FORMATS).format.name == "junit"
    with pytest.raises(StatsbidragError, match="--excel writes CSV"):
        Output.of("json", True, None, False)
    with pytest.raises(StatsbidragError, match="is a xlsx file, but the format is csv"):
        Output.of("csv", False, tmp_path / "a.xlsx", False)
    with pytest.raises(StatsbidragError, match=r"give -o FILE\.xlsx"):
        Output.of("xlsx", False, None, False)


def test_only_given_values_build_their_coercion() -> None:
    """Typer (from 0.28) builds a pydantic adapter per parameter; the adapter defers it to
    the parameters given a value, whose values are coerced exactly as before."""
    from statsbidrag_cli.cli.framework import _LAZY, lazy_coercion

    group = get_command(app)
    allocate = group.commands["allocate"]  # type: ignore[attr-defined]
    if not hasattr(allocate.params[0], "_runtime_param"):
        pytest.skip("this Typer coerces without per-parameter adapters (nothing to defer)")
    lazy_coercion(allocate.params)
    context = allocate.make_context(
        "allocate", ["S2026/00953", "--chart", "bars.svg", "--format", "csv"]
    )
    assert context.params["decision"] == "S2026/00953"
    assert context.params["chart"] == Path("bars.svg")
    assert context.params["population"] is None and context.params["settings"] in ((), [], None)
    built = {p.name for p in allocate.params if p._runtime_param is not _LAZY}
    assert {"decision", "chart", "fmt"} <= built
    assert not built & {"population", "output", "decisions_dir", "sources_dir"}
