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
    folders=Folders.DECISIONS | Folders.POPULATION,
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
            metavar="[equal-population|fixed|earmarked|shares|rate]",
            help="shares (a kommun and a region part, each a percentage of the total), rate "
            "(kronor per counted unit of a key), equal-population (an equal part and a "
            "population part), fixed (a fixed "
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
            "--output",
            "-o",
            dir_okay=False,
            help="Where to write (default: ID.yaml in the decisions folder of the decision set "
            "found, else in ./decisions/).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", metavar="", help="Replace the file if it exists.")
    ] = False,
) -> Outcome:
    """Start a decision file: every field, commented, with FYLL I placeholders to fill in.

    With --from-text, what the text states is filled in, each with its sentence as quote or
    comment: diarienummer, beslutsdatum, agency, ministry, budget year, total, equal and
    population parts, funding, own-work allowance and deadlines; the text is copied into
    sources/. What the text only suggests (the recipients, the units, the population data) is
    left to fill in, with the sentence in a comment. validate refuses the file until every
    placeholder is filled in. The file's modeline names schema/decision.schema.json beside
    the decisions folder (written there if missing).
    """
    from ..files.local.store import decision_id
    from ..service.authoring import new_decision

    folder = run.dirs.decisions if not run.dirs.built_in or _in_checkout(run) else None
    target = output or (folder or Path("decisions")) / f"{decision_id(decision)}.yaml"
    made = new_decision(decision, shape, target, from_text, force, run.dirs.population)
    written = _("Wrote {files}").format(files=", ".join(str(p) for p in made.written))
    return Outcome(notes=[written, *made.notes])


def _in_checkout(run: Invocation) -> bool:
    """Whether the built-in decisions folder is one the user works in (a source checkout found
    from the current folder), not the installed package's data."""
    from ..files.local.store import Origin

    return run.dirs.origin is Origin.FOUND
