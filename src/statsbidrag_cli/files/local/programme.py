"""Reading a programme file (``programmes/NAME.yaml``), strictly."""

from __future__ import annotations

from pathlib import Path

from ...errors import StatsbidragError
from ...i18n import _
from ...models.programme import Programme
from .store import decision_id
from .validation import validate_document
from .yamlfile import read_yaml


def read_programme(programmes_dir: Path, reference: str) -> tuple[str, Programme]:
    """Read and validate ``programmes/NAME.yaml``; NAME is checked like a decision id."""
    name = decision_id(reference)
    path = programmes_dir / f"{name}.yaml"
    if not path.exists():  # there but not a file (a folder, a pipe): the reader says what
        known = ", ".join(sorted(p.stem for p in programmes_dir.glob("*.yaml"))) or _("none")
        raise StatsbidragError(
            _("no programme {reference!r} in {programmes_dir} (available: {known})").format(
                reference=reference, programmes_dir=programmes_dir, known=known
            )
        )
    return name, validate_document(read_yaml(path), Programme, _("programme file"))
