"""The months as Swedish texts name them: one list for reading dates out of a text (drafting,
a key's date in ``check``) and for writing them in a provenance. A leaf, cheap to import."""

from __future__ import annotations

MONTHS = {
    name: number
    for number, name in enumerate(
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
         "september", "oktober", "november", "december"],
        start=1,
    )
}  # fmt: skip
"""Month name to number, January first."""
