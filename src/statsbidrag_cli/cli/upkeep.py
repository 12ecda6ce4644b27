"""Commands on statsbidrag's own upkeep: the cache of earlier runs (``cache info``,
``cache clear``)."""

from __future__ import annotations

import typer

from ..i18n import kr, ngettext
from ..reports.report import Report
from .command import Invocation, Outcome, Writes, command
from .root import app

cache_app = typer.Typer(
    help="The cache of earlier runs: what it holds, and emptying it. Every entry is checked "
    "against the files it was made from and the code that made it, so it never needs "
    "clearing for correctness; it is kept within a size and an age.",
    short_help="The cache of earlier runs: what it holds, and emptying it.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache", rich_help_panel="Decision files")


@command(cache_app, "info", epilog="Example: statsbidrag cache info --format json")
def cache_info(run: Invocation) -> Report:
    """Show where the cache is, its entries per kind and their size, and its bounds."""
    from ..reports.cache import cache_info_report
    from ..service.cache import describe_cache

    found = describe_cache()
    return cache_info_report(
        str(found.folder),
        found.usable,
        found.kinds,
        found.newest,
        found.max_bytes,
        found.max_age_days,
    )


@command(cache_app, "clear", writes=Writes.NOTHING, epilog="Example: statsbidrag cache clear")
def cache_clear(run: Invocation) -> Outcome:
    """Remove every entry of the cache (the next runs read every file afresh)."""
    from ..service.cache import clear_cache

    removed, size = clear_cache()
    message = ngettext(
        "Removed {count} entry ({size} bytes) from the cache.",
        "Removed {count} entries ({size} bytes) from the cache.",
        removed,
    )

    return Outcome(notes=[message.format(count=kr(removed), size=kr(size))])
