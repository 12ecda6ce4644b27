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
    """Each document's text with the record of its reading: a decision that quotes a
    document read for another depends on it all the same (:func:`.cache.reads.repeat`)."""
    _index: dict[str, DocumentInfo] | None = None
    _index_reads: Reads | None = None

    def text(self, name: str) -> str | None:
        """The document's text, or None when it is not a file in the folder (or its name is
        not a plain file name: a document path may not leave the sources folder)."""
        from ..cache.reads import note_folder, recording, repeat

        if name in self._texts:
            text, record = self._texts[name]
            repeat(record)
            return text
        from ...core.traceability import document_problem
        from .text import read_text

        with recording() as record:
            path = self.folder / name
            note_folder(self.folder)  # a document added later is another answer
            usable = document_problem(name) is None and path.is_file()
            text = read_text(path, MAX_DOCUMENT_BYTES) if usable else None
        self._texts[name] = (text, record)
        return text

    def texts(self, names: Iterable[str]) -> dict[str, str | None]:
        return {name: self.text(name) for name in names}

    @property
    def index(self) -> dict[str, DocumentInfo]:
        """What each document is, from ``index.yaml`` (empty when there is none)."""
        from ..cache.reads import Reads, note_folder, recording, repeat

        if self._index is None:
            from ...models.sources import SourceIndex
            from .validation import validate_document
            from .yamlfile import read_yaml

            with recording() as record:
                path = self.folder / INDEX_FILE
                note_folder(self.folder)
                if path.is_file():
                    parsed = validate_document(read_yaml(path), SourceIndex, _("sources index"))
                    index = {info.file: info for info in parsed.documents}
                else:
                    index = {}
            self._index, self._index_reads = index, record
        repeat(self._index_reads or Reads())
        return self._index

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
