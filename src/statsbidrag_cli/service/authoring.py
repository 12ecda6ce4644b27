"""Authoring decision files: a skeleton to fill in, drafted from the decision's text."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.drafting import Draft, draft
from ..errors import StatsbidragError
from ..files.local.output import write_files
from ..files.local.population import dataset_names
from ..files.local.skeleton import SHAPES, skeleton
from ..files.local.store import decision_id, sources_beside
from ..files.local.text import read_text
from ..i18n import _
from ..models.schema import decision_schema_json

SCHEMA_FILE = "decision.schema.json"

MAX_TEXT_BYTES = 2_000_000
"""A decision's text is a few pages; a larger file is not one (and is not read)."""


@dataclass(frozen=True)
class NewDecision:
    """What ``new`` wrote, and what the author should know about it."""

    written: list[Path]
    notes: list[str]


def new_decision(
    reference: str,
    shape: str,
    target: Path,
    text_file: Path | None,
    force: bool,
    population_dir: Path | None = None,
) -> NewDecision:
    """Write a skeleton decision file at ``target`` (drafted from ``text_file`` when given),
    with the sources folder beside its folder (the text copied into it) and the JSON Schema
    in ``schema/`` beside it, which the file's modeline names by a relative path (so it works
    on any machine, in any editor). ``population_dir``'s datasets are named in a comment.
    Nothing is replaced without ``force``; all files are written, or none."""
    if shape not in SHAPES:
        raise StatsbidragError(
            _("--shape must be one of {value}, not {shape!r}").format(
                value=", ".join(SHAPES), shape=shape
            )
        )
    decision_id(reference)  # refuses anything that is not an id or a diarienummer
    sources = sources_beside(target.parent)
    items: list[tuple[Path, bytes]] = []
    notes: list[str] = []
    found = None
    document = "FYLL I: källdokumentets filnamn i sources/"
    if text_file is not None:
        text = read_text(text_file, MAX_TEXT_BYTES)
        _refuse_unreadable(text_file, text)
        found = draft(text)
        referred = _refuse_other_diarienummer(reference, found, text_file)
        if referred:
            notes.append(referred)
        document = text_file.name
        copy = sources / text_file.name
        if not copy.exists():
            items.append((copy, text.encode("utf-8")))
    schema = sources.parent / "schema" / SCHEMA_FILE
    ours = decision_schema_json().encode("utf-8")
    if not schema.exists():
        items.append((schema, ours))
    elif schema.is_file() and schema.read_bytes() != ours:
        notes.append(
            _(
                "{schema} differs from this version's schema; update it with: statsbidrag "
                "schema -o {schema} --force"
            ).format(schema=schema)
        )
    modeline = Path(os.path.relpath(schema, target.parent)).as_posix()
    datasets = tuple(dataset_names(population_dir)) if population_dir is not None else ()
    text = skeleton(reference, shape, modeline, found, document, datasets)
    items.insert(0, (target, text.encode("utf-8")))
    for folder in {sources, *(path.parent for path, _content in items)}:
        folder.mkdir(parents=True, exist_ok=True)
    write_files(items, force)
    return NewDecision([path for path, _content in items], notes)


def _refuse_unreadable(path: Path, text: str) -> None:
    """Refuse a text with nothing to read, or one that is binary data decoded by chance."""
    if not text.strip():
        raise StatsbidragError(
            _("{path}: the text is empty; give the decision's text").format(path=path)
        )
    control = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if "\x00" in text or control > len(text) // 100:
        raise StatsbidragError(
            _("{path}: not a text (it holds control characters or NUL bytes)").format(path=path)
        )


def _refuse_other_diarienummer(reference: str, found: Draft, path: Path) -> str | None:
    """A text that states another decision's diarienummer than the command line names is
    refused: the file would carry one number in its name and another inside. A text that
    only *refers* to another decision (``Enligt regeringsbeslut S2027/04567 gäller …``) is
    drafted under the number the command line gives, with a note (returned) naming the
    decision it refers to; the draft never takes that number as its own."""
    fact = found.facts.get("diarienummer")
    if fact is None or not re.fullmatch(r"[A-ZÅÄÖ]{1,3}\d{4}[/-]\d{5}", reference.strip()):
        return None  # an id of the author's own (gms-pilot-2023) may hold any diarienummer
    if decision_id(str(fact.value)) != decision_id(reference) and fact.referred:
        del found.facts["diarienummer"]
        return _(
            "{path}: the text refers to decision {found} («{sentence}»); the draft is "
            "{reference}, as the command line says: check that {found} is not this "
            "decision's own number"
        ).format(path=path, found=fact.value, reference=reference, sentence=fact.sentence[:200])
    if decision_id(str(fact.value)) != decision_id(reference):
        raise StatsbidragError(
            _(
                "{path}: the text is decision {found}, but the command line names {reference}; "
                "give the diarienummer the text states (it reads: «{sentence}»)"
            ).format(path=path, found=fact.value, reference=reference, sentence=fact.sentence[:200])
        )
    return None
