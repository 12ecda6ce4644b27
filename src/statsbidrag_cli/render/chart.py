"""Bar charts (SVG or PNG) for ``--chart``, drawn with matplotlib, an optional extra.

Install with ``pip install 'statsbidrag[chart]'``. Output is deterministic: no date in the
metadata and a fixed hash salt for SVG ids, so the same data gives the same file.

Made to be read on a page: at most :data:`PAGE_WIDTH_INCHES` wide (A4 with margins) at a fixed
aspect, labels at a readable size; an SVG keeps its text as ``<text>`` (searchable, read by
screen readers) and starts with a ``<title>`` and ``<desc>``; the legend shows the series'
display names, never their ids.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import StatsbidragError
from ..i18n import _, kr

FORMATS = {".svg": "svg", ".png": "png"}
PAGE_WIDTH_INCHES = 7.0
"""A4's 8.27 inches less margins: the chart fits a page at its natural size."""
HEIGHT_INCHES = 4.2


def bar_chart(
    path: Path,
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int]],
    ylabel: str = "kronor",
) -> bytes:
    """A grouped bar chart, one group per category and one bar per series, as file bytes."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise StatsbidragError(
            _("--chart {path}: the file must end in .svg or .png").format(path=path)
        )
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        raise StatsbidragError(
            _("--chart needs matplotlib: pip install 'statsbidrag[chart]'")
        ) from None
    matplotlib.rcParams["svg.hashsalt"] = "statsbidrag"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text
    count = max(len(series), 1)
    width = 0.8 / count
    figure, axes = plt.subplots(figsize=(PAGE_WIDTH_INCHES, HEIGHT_INCHES))
    try:
        for index, (label, values) in enumerate(series.items()):
            offsets = [i + (index - (count - 1) / 2) * width for i in range(len(categories))]
            axes.bar(offsets, list(values), width=width, label=label)
        axes.set_xticks(range(len(categories)))
        axes.set_xticklabels(categories, rotation=60, ha="right", fontsize=8)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: kr(int(v))))
        axes.set_ylabel(ylabel)
        axes.set_title(title, fontsize=10)
        if len(series) > 1:
            axes.legend(fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        metadata = {"Date": None} if kind == "svg" else {"Software": None}
        figure.savefig(buffer, format=kind, metadata=metadata)
    finally:
        plt.close(figure)
    if kind == "svg":
        return _titled(buffer.getvalue(), title, categories, series)
    return buffer.getvalue()


def _titled(
    svg: bytes, title: str, categories: Sequence[str], series: Mapping[str, Sequence[int]]
) -> bytes:
    """The SVG with a ``<title>`` and a ``<desc>`` as the first children of its root, what a
    screen reader announces and a search finds."""
    from xml.sax.saxutils import escape

    text = svg.decode("utf-8")
    root = text.index(">", text.index("<svg")) + 1
    description = _("Bar chart: {series} for {count} units ({first} to {last}).").format(
        series=", ".join(series) or "-",
        count=len(categories),
        first=categories[0] if categories else "-",
        last=categories[-1] if categories else "-",
    )
    head = f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>"
    return (text[:root] + head + text[root:]).encode("utf-8")
