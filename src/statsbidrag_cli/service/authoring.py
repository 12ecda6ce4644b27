"""Authoring decision files: a skeleton to fill in, drafted from the decision's text."""

from __future__ import annotations

from pathlib import Path

from ..core.drafting import draft
from ..errors import StatsbidragError
from ..files.output import write_files
from ..files.skeleton import SHAPES, skeleton
from ..files.store import decision_id, default_dir, sources_beside
from ..files.text import read_text
from ..i18n import _


def new_decision(
    reference: str, shape: str, target: Path, text_file: Path | None, force: bool
) -> list[Path]:
    """Write a skeleton decision file at ``target`` (drafted from ``text_file`` when given),
    with the sources folder beside its folder (the text copied into it). Returns what was
    written."""
    if shape not in SHAPES:
        raise StatsbidragError(
            _("--shape must be one of {value}, not {shape!r}").format(
                value=", ".join(SHAPES), shape=shape
            )
        )
    decision_id(reference)  # refuses anything that is not an id or a diarienummer
    sources = sources_beside(target.parent)
    items: list[tuple[Path, bytes]] = []
    found = None
    document = "FYLL I: källdokumentets filnamn i sources/"
    if text_file is not None:
        text = read_text(text_file, 20_000_000)
        found = draft(text)
        document = text_file.name
        copy = sources / text_file.name
        if not copy.exists():
            items.append((copy, text.encode("utf-8")))
    schema = default_dir("schema") / "decision.schema.json"
    items.insert(0, (target, skeleton(reference, shape, schema, found, document).encode("utf-8")))
    for folder in {target.parent, sources}:
        folder.mkdir(parents=True, exist_ok=True)
    write_files(items, force)
    return [path for path, _ in items]
