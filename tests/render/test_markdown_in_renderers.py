"""Markdown put through the renderers people publish with: GitHub's own (cmark-gfm, with its
table, autolink, strikethrough and tag-filter extensions) and markdown-it-py (CommonMark with
tables). Whatever text a decision or data file holds, the page shows it as written: the
text read back from the HTML equals the text, and no markup but a table, a paragraph or a
heading (and GitHub's links for addresses written out) is made of it."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statsbidrag_cli.render.markdown import MarkdownRenderer, escape
from statsbidrag_cli.render.registry import RenderOptions
from statsbidrag_cli.reports.report import Column, Report

cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (PyPI) is in the test extras")
markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is in the test extras")


def github(text: str) -> str:
    return str(cmarkgfm.github_flavored_markdown_to_html(text))


def commonmark(text: str) -> str:
    return str(markdown_it.MarkdownIt("commonmark").enable("table").render(text))


RENDERERS = [github, commonmark]
ALLOWED = re.compile(r"</?(p|h1|h2|h3|table|thead|tbody|tr|th|td|a)(\s[^>]*)?>")
"""The tags a report's text may become; anything else (em, code, li, hr, img, a raw tag) is
markup made of a file's text."""

HOSTILE = [
    "&amp; &aring; &#65; &copy",
    "---",
    "***",
    "1. Första punkten",
    "2) andra",
    "- ett",
    "+ två",
    "> citat",
    "# rubrik",
    "=====",
    "<script>alert(1)</script>",
    "*fet* _kursiv_ `kod` ~~struken~~",
    "[länk](http://x) ![bild](y)",
    "a | b \\| c",
    "Skåne & Blekinge",
    "$x$ och ^fot",
    "    indragen som kod",
    "\\",
    "tab\there",
]

TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"]),
    min_size=1,
    max_size=40,
)


def shown(rendered: str) -> str:
    """The text a reader sees: tags removed, entities decoded, white space as one space."""
    assert not re.sub(ALLOWED, "", rendered).count("<"), rendered
    inline = re.sub(r"</?a(\s[^>]*)?>", "", rendered)  # a link's text stays where it stood
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", inline)).split())


def paragraph(text: str) -> str:
    return f"{escape(text)}\n"


def table_cell(text: str) -> str:
    return f"| h |\n| :--- |\n| {escape(text, line_start=False)} |\n"


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_text_shows_as_written(renderer: object, text: str) -> None:
    assert callable(renderer)
    expected = " ".join(text.split())
    assert shown(renderer(paragraph(text))) == expected
    assert shown(renderer(table_cell(text))) == "h " + expected


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_shows_as_written_in_both_renderers(text: str) -> None:
    expected = " ".join(text.split())
    if not expected:
        return
    for renderer in RENDERERS:
        assert shown(renderer(paragraph(text))) == expected, renderer.__name__
        assert shown(renderer(table_cell(text))) == "h " + expected, renderer.__name__


def test_a_whole_report_keeps_its_titles_names_and_notes() -> None:
    """A report whose title, names and notes are line-start syntax and entities."""
    report = Report(
        "--- &amp;",
        [Column("name", "1. Namn")],
        [{"name": "&aring;"}, {"name": "- x"}],
        notes=["+ en not &lt;b&gt;"],
    )
    text = MarkdownRenderer().render(report, RenderOptions()).decode("utf-8")
    for renderer in RENDERERS:
        seen = shown(renderer(text))
        for written in ("--- &amp;", "1. Namn", "&aring;", "- x", "+ en not &lt;b&gt;"):
            assert written in seen, (renderer.__name__, written, seen)
