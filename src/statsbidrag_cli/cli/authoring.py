"""Commands on decision files: new, validate and schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_USAGE
from ..i18n import _
from .common import (
    ForceOption,
    OutputOption,
    PopulationDir,
    SourcesDir,
    app,
    reporting_errors,
)


@app.command(
    rich_help_panel="Decision files",
    epilog="Example: statsbidrag validate my-decisions/S2027-00123.yaml population/lan.csv",
)
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="Decision or population files to validate.", show_default=False),
    ],
    population_dir: PopulationDir = None,
    sources_dir: SourcesDir = None,
) -> None:
    """Validate decision and population files, wherever they are, and list every problem.

    A decision file is read strictly (types, codes, unknown fields), then allocated and checked
    against the population files (default: the built-in ones), so unknown codes and amounts
    that do not add up are reported too, and its quotes against the source documents (default:
    sources/ beside the folder the file is in). Prints OK per valid file; exits 2 if any is
    invalid.
    """
    with reporting_errors():
        from ..files.store import default_dir
        from ..service.checking import validate_file

        folder = population_dir if population_dir is not None else default_dir("population")
        outcomes = [validate_file(path, folder, sources_dir) for path in files]
    for outcome in outcomes:
        if outcome.problems:
            typer.echo(_("INVALID {path} ({kind})").format(path=outcome.path, kind=outcome.kind))
            for problem in outcome.problems:
                typer.echo(f"  - {problem}")
        else:
            typer.echo(_("OK {path} ({kind})").format(path=outcome.path, kind=outcome.kind))
    if any(outcome.problems for outcome in outcomes):
        raise typer.Exit(EXIT_USAGE)


@app.command(
    rich_help_panel="Decision files",
    epilog="Example: statsbidrag schema -o schema/decision.schema.json --force",
)
def schema(
    reference: Annotated[
        bool,
        typer.Option(
            "--reference",
            metavar="",
            help="Print the field reference (Markdown, as in the README) instead of the schema.",
        ),
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of the decision file format (standard draft 2020-12).

    Editors use it to validate decision files while typing: the shipped files start with
    `# yaml-language-server: $schema=../schema/decision.schema.json`; the schema is also
    installed with the package (see `statsbidrag new`).
    """
    with reporting_errors():
        from ..files.output import write_data
        from ..models.schema import decision_schema_json, field_reference

        text = field_reference() if reference else decision_schema_json()
        write_data(text.encode("utf-8"), output, force)


@app.command(
    rich_help_panel="Decision files",
    epilog="Example: statsbidrag new S2027/00123 --from-text beslut.txt   "
    "(writes decisions/S2027-00123.yaml)",
)
def new(
    decision: Annotated[
        str, typer.Argument(help="The new decision's diarienummer or id.", show_default=False)
    ],
    shape: Annotated[
        str,
        typer.Option(
            "--shape",
            metavar="[equal-population|fixed|earmarked]",
            help="equal-population (an equal part and a population part), fixed (a fixed "
            "amount to a värdregion) or earmarked (a fixed amount with earmarks).",
        ),
    ] = "equal-population",
    from_text: Annotated[
        Path | None,
        typer.Option(
            "--from-text",
            dir_okay=False,
            help="The decision's text: facts found in it are filled in, each quoted.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, help="Where to write (default: decisions/ID.yaml)."
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Start a decision file: every field, commented, with FYLL I placeholders to fill in.

    With --from-text, the diarienummer, total, equal and population parts, funding, own-work
    allowance and deadlines the text states are filled in, each with its sentence as quote,
    and the text is copied into sources/. validate refuses the file until every placeholder
    is filled in.
    """
    with reporting_errors():
        from ..files.store import decision_id
        from ..service.authoring import new_decision

        target = output or Path("decisions") / f"{decision_id(decision)}.yaml"
        written = new_decision(decision, shape, target, from_text, force)
    typer.echo(_("Wrote {files}").format(files=", ".join(str(p) for p in written)), err=True)
