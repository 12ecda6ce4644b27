"""Commands on decision files: new, validate and schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_OK, EXIT_USAGE
from ..i18n import _
from .command import Folders, Invocation, Outcome, Writes, command
from .root import app


@command(
    app,
    panel="Decision files",
    folders=Folders.POPULATION | Folders.SOURCES,
    writes=Writes.NOTHING,
    epilog="Example: statsbidrag validate my-decisions/S2027-00123.yaml population/lan.csv",
)
def validate(
    run: Invocation,
    files: Annotated[
        list[Path],
        typer.Argument(help="Decision or population files to validate.", show_default=False),
    ],
) -> Outcome:
    """Validate decision and population files, wherever they are, and list every problem.

    A decision file is read strictly (types, codes, unknown fields), then allocated and checked
    against the population files (default: the built-in ones), so unknown codes and amounts
    that do not add up are reported too, and its quotes against the source documents (default:
    sources/ beside the folder the file is in). Prints OK per valid file; exits 2 if any is
    invalid.
    """
    from ..service.checking import validate_file

    outcomes = [validate_file(path, run.dirs.population, run.dirs.sources) for path in files]
    lines = []
    for outcome in outcomes:
        if outcome.problems:
            lines.append(_("INVALID {path} ({kind})").format(path=outcome.path, kind=outcome.kind))
            lines += [f"  - {problem}" for problem in outcome.problems]
        else:
            lines.append(_("OK {path} ({kind})").format(path=outcome.path, kind=outcome.kind))
    failed = any(outcome.problems for outcome in outcomes)
    text = "".join(line + "\n" for line in lines)
    return Outcome(text=text, exit_code=EXIT_USAGE if failed else EXIT_OK)


@command(
    app,
    panel="Decision files",
    writes=Writes.FILE,
    epilog="Example: statsbidrag schema -o schema/decision.schema.json --force",
)
def schema(
    run: Invocation,
    reference: Annotated[
        bool,
        typer.Option(
            "--reference",
            metavar="",
            help="Print the field reference (Markdown, as in the README) instead of the schema.",
        ),
    ] = False,
) -> Outcome:
    """Print the JSON Schema of the decision file format (standard draft 2020-12).

    Editors use it to validate decision files while typing: the shipped files start with
    `# yaml-language-server: $schema=../schema/decision.schema.json`; the schema is also
    installed with the package (see `statsbidrag new`).
    """
    from ..models.schema import decision_schema_json, field_reference

    return Outcome(text=field_reference() if reference else decision_schema_json())


@command(
    app,
    panel="Decision files",
    writes=Writes.NOTHING,
    epilog="Example: statsbidrag new S2027/00123 --from-text beslut.txt   "
    "(writes decisions/S2027-00123.yaml)",
)
def new(
    run: Invocation,
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
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Replace the file if it exists.")
    ] = False,
) -> Outcome:
    """Start a decision file: every field, commented, with FYLL I placeholders to fill in.

    With --from-text, the diarienummer, total, equal and population parts, funding, own-work
    allowance and deadlines the text states are filled in, each with its sentence as quote,
    and the text is copied into sources/. validate refuses the file until every placeholder
    is filled in.
    """
    from ..files.store import decision_id
    from ..service.authoring import new_decision

    target = output or Path("decisions") / f"{decision_id(decision)}.yaml"
    written = new_decision(decision, shape, target, from_text, force)
    return Outcome(notes=[_("Wrote {files}").format(files=", ".join(str(p) for p in written))])
