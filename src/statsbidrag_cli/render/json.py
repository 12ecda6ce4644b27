"""``--format json``: the report's JSON document, for programs.

UTF-8, indented, keys in the order the report gives them, a newline at the end. The document
is the report's own where it holds more than its rows (``Extras.json``), else the rows under
the report's ``records`` key. Never passes through Rich.
"""

from __future__ import annotations

import json

from ..reports.report import Report, json_document
from .registry import RenderOptions


class JsonRenderer:
    """The report as one JSON document."""

    def render(self, report: Report, options: RenderOptions) -> bytes:
        text = json.dumps(json_document(report), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
