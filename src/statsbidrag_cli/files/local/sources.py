"""The source documents of a decision set: their texts and their index.

A decision set's sources folder holds the documents its quotes come from (plain text, UTF-8)
and, optionally, ``index.yaml`` saying what each document is (title, publisher, date, URL).
A document that is not in the folder is *unverified*: reported, not read from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...i18n import _

if TYPE_CHECKING:
    from ...models.sources import DocumentInfo
    from ..cache.reads import Reads

INDEX_FILE = "index.yaml"
MAX_DOCUMENT_BYTES = 20_000_000


@dataclass
class SourceLibrary:
    """The documents of one sources folder, read on first use."""

    folder: Path
    _texts: dict[str, tuple[str | None, Reads]] = field(default_factory=dict)
    _index: dict[None, tuple[dict[str, DocumentInfo], Reads]] = field(default_factory=dict)
    """Each read once, with the record of its reading: a decision that quotes a document read
    for another depends on it all the same (:func:`.cache.reads.remembered`)."""

    def text(self, name: str) -> str | None:
        """The document's text, or None when it is not a file in the folder (or its name is
        not a plain file name: a document path may not leave the sources folder)."""
        from ..cache.reads import remembered

        return remembered(self._texts, name, lambda: self._read(name))

    def _read(self, name: str) -> str | None:
        from ...core.traceability import document_problem
        from ..cache.reads import note_folder
        from .text import read_text

        path = self.folder / name
        note_folder(self.folder)  # a document added later is another answer
        usable = document_problem(name) is None and path.is_file()
        return read_text(path, MAX_DOCUMENT_BYTES) if usable else None

    def texts(self, names: Iterable[str]) -> dict[str, str | None]:
        return {name: self.text(name) for name in names}

    @property
    def index(self) -> dict[str, DocumentInfo]:
        """What each document is, from ``index.yaml`` (empty when there is none)."""
        from ..cache.reads import remembered

        return remembered(self._index, None, self._read_index)

    def _read_index(self) -> dict[str, DocumentInfo]:
        from ...models.sources import SourceIndex
        from ..cache.reads import note_folder
        from .validation import validate_document
        from .yamlfile import read_yaml

        path = self.folder / INDEX_FILE
        note_folder(self.folder)
        if not path.is_file():
            return {}
        parsed = validate_document(read_yaml(path), SourceIndex, _("sources index"))
        return {info.file: info for info in parsed.documents}

    def describe(self, name: str) -> str:
        """A document as people cite it: title, publisher, date (where known), file."""
        info = self.index.get(name)
        if info is None:
            return name
        parts = [info.title]
        parts += [part for part in (info.publisher, info.reference) if part]
        if info.date:
            parts.append(info.date.isoformat())
        return f"{', '.join(parts)} ({name})"
