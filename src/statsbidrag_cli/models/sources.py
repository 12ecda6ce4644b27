"""Pydantic shape of ``sources/index.yaml``: what each source document is, where known."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .decision import Strict, Text


class DocumentInfo(Strict):
    """One source document: its file, title and kind; publisher, reference, date and URL
    where the document (or its context) says them, else null."""

    file: Text
    title: Text
    kind: Text
    publisher: Text | None = None
    reference: Text | None = None
    date: dt.date | None = None
    url: Text | None = None
    note: Text | None = None


class SourceIndex(Strict):
    """The file ``sources/index.yaml``."""

    documents: list[DocumentInfo] = Field(min_length=1)
