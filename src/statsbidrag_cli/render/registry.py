"""Every output format, in one registry: the ``--format`` choices, ``-o`` suffixes and help.

A :class:`Format` names the module that renders it (one module per format, as pip-audit's
``_format/``); the module is imported only when that format is written, so a CSV run never
loads Rich or XlsxWriter. A command offers one :class:`FormatSet`: :data:`DATA_FORMATS` for
the data commands, :data:`CHECK_FORMATS` for ``check`` (whose ``table`` is its text lines and
which adds two formats for CI systems). Adding a format is one module here and one entry
below; its choice, suffix and help text follow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from ..i18n import N_
from ..reports.report import Report


@dataclass(frozen=True)
class RenderOptions:
    """How the chosen format is to be written."""

    terminal: bool = False
    """Drawn on standard output for a person: the terminal's width and colours where it has
    them (otherwise plain text at a fixed width, byte-identical on every machine)."""
    excel: bool = False
    """CSV for Swedish Excel: semicolons, a byte-order mark, CRLF, decimal commas."""


class Renderer(Protocol):
    """Turns a report into the bytes to write."""

    def render(self, report: Report, options: RenderOptions) -> bytes: ...


@dataclass(frozen=True)
class Format:
    """One output format: its ``--format`` name, its file suffix, its help, its renderer."""

    name: str
    help: str
    """A few words for ``--help`` (a message to translate)."""
    renderer_path: str
    """``module:Class`` under :mod:`statsbidrag_cli.render`."""
    suffix: str | None = None
    """``-o FILE.SUFFIX`` chooses this format when ``--format`` is not given."""
    needs_file: bool = False
    """Binary: written to ``-o FILE`` only, never to a terminal."""
    for_people: bool = False
    """Text for a person: on standard output it is written in the terminal's encoding (data
    formats are UTF-8 bytes, whatever the terminal)."""

    def renderer(self) -> Renderer:
        module, _sep, name = self.renderer_path.partition(":")
        renderer: Renderer = getattr(import_module(f".{module}", __package__), name)()
        return renderer


TABLE = Format(
    "table", N_("a table for people (the default)"), "table:TableRenderer", for_people=True
)
CSV = Format("csv", N_("CSV for spreadsheets"), "csv:CsvRenderer", ".csv")
JSON = Format("json", N_("JSON for programs"), "json:JsonRenderer", ".json")
XLSX = Format(
    "xlsx",
    N_("an Excel workbook (-o FILE.xlsx also chooses it)"),
    "xlsx:XlsxRenderer",
    ".xlsx",
    needs_file=True,
)
MARKDOWN = Format(
    "markdown",
    N_("a Markdown table for memos and web pages (-o FILE.md also chooses it)"),
    "markdown:MarkdownRenderer",
    ".md",
)
HTML = Format(
    "html",
    N_("a self-contained web page to publish or print (-o FILE.html also chooses it)"),
    "html:HtmlRenderer",
    ".html",
)
CHECK_TEXT = Format(
    "table",
    N_("a line per decision and problem (the default)"),
    "check_text:CheckTextRenderer",
    for_people=True,
)
GITHUB = Format(
    "github",
    N_("GitHub workflow annotations (the default when GITHUB_ACTIONS=true)"),
    "github:GithubRenderer",
)
JUNIT = Format(
    "junit", N_("JUnit XML (-o FILE.xml also chooses it)"), "junit:JunitRenderer", ".xml"
)


@dataclass(frozen=True)
class FormatSet:
    """The formats one command offers, the first being its default."""

    formats: tuple[Format, ...]

    def __iter__(self) -> Iterator[Format]:
        return iter(self.formats)

    @property
    def names(self) -> list[str]:
        return [item.name for item in self.formats]

    @property
    def default(self) -> Format:
        return self.formats[0]

    def get(self, name: str) -> Format:
        """The format called ``name`` (one of :attr:`names`)."""
        return next(item for item in self.formats if item.name == name)

    def of_suffix(self, suffix: str) -> Format | None:
        """The format ``-o FILE.SUFFIX`` chooses, if any (case-insensitive)."""
        return next((item for item in self.formats if item.suffix == suffix.lower()), None)


DATA_FORMATS = FormatSet((TABLE, CSV, JSON, XLSX, MARKDOWN, HTML))
"""What every data command offers."""

CHECK_FORMATS = FormatSet((CHECK_TEXT, CSV, JSON, XLSX, MARKDOWN, HTML, GITHUB, JUNIT))
"""What ``check`` offers: the data formats of its report, and two for CI systems."""
