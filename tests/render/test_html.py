"""``--format html`` from a fixed report: structure, accessibility marks, escaping."""

from __future__ import annotations

from html.parser import HTMLParser

from report_fixtures import grant_report

from statsbidrag_cli.i18n import use_language
from statsbidrag_cli.render.html import HtmlRenderer
from statsbidrag_cli.render.registry import DATA_FORMATS, RenderOptions
from statsbidrag_cli.reports.report import Column, Report


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser-free reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(report: Report) -> tuple[str, Tags]:
    page = HtmlRenderer().render(report, RenderOptions()).decode("utf-8")
    tags = Tags()
    tags.feed(page)
    return page, tags


def test_a_self_contained_page_in_the_run_language_with_marked_headers() -> None:
    use_language("sv")
    page, tags = _parsed(grant_report())
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    names = [tag for tag, _attrs in tags.tags]
    assert names.count("table") == 1 and "caption" in names and "tfoot" in names
    assert all(attrs.get("scope") == "col" for tag, attrs in tags.tags if tag == "th")
    assert not any(tag in ("script", "link", "img", "iframe") for tag in names)  # no network
    assert "@page { size: A4 landscape" in page and "table-header-group" in page
    text = " ".join(" ".join(tags.text).split())
    assert "1 234 567" in text and "0,25" in text and "4 938 268" in text
    assert "Noter" in text and "A note beneath the table." in text
    assert HtmlRenderer().render(grant_report(), RenderOptions()) == page.encode()  # same bytes


def test_text_from_files_is_shown_as_text_never_run() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    report = Report(f"Title {hostile}", [Column("name", "Name")], [{"name": hostile}])
    page, tags = _parsed(report)
    assert "<script>" not in page and "<img" not in page
    assert not any(tag in ("script", "img") for tag, _attrs in tags.tags)
    assert hostile in "".join(tags.text)  # shown, as written


def test_html_is_a_data_format_and_html_files_choose_it() -> None:
    assert DATA_FORMATS.of_suffix(".html") is DATA_FORMATS.get("html")
