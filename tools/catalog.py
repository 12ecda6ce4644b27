"""The translation catalog: extract every message, merge it into the ``.po``, compile the ``.mo``.

``make translations`` runs this; ``tests/test_i18n.py`` uses :func:`extract` and
:func:`compiled` to fail when a message has no Swedish translation or the ``.mo`` is stale.

Messages are what the code marks with ``_``, ``N_`` and ``ngettext`` (extracted with Babel),
and every help text of the command line (read from the Typer app itself: docstrings and
``help=`` texts as the help screens show them).
The ``.po`` is the file translators edit; new messages arrive untranslated, messages the code no
longer has are dropped, and existing translations are kept.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from statsbidrag_cli.i18n import LANGUAGES as ALL_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "statsbidrag_cli"
DOMAIN = "statsbidrag"
LANGUAGES = tuple(code for code in ALL_LANGUAGES if code != "en")
"""The languages with a catalog (English is the message ids themselves)."""
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""The catalog's header dates: fixed, so the same messages give the same files."""


def po_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every message the package marks for translation, with where it is used."""
    template = Catalog(project="statsbidrag", domain=DOMAIN)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, comment_tags=("Translators:",)
    ):
        template.add(
            message,
            locations=[(f"src/statsbidrag_cli/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for text in help_texts():
        template.add(text, locations=[("src/statsbidrag_cli/cli", 0)], auto_comments=["help"])
    return template


def help_texts() -> list[str]:
    """Every help text of the command line, as its help screens show it before translation."""
    import typer.main

    from statsbidrag_cli.cli import load_commands
    from statsbidrag_cli.cli.framework import help_messages

    return help_messages(typer.main.get_command(load_commands()))


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """``catalog`` as the bytes of a ``.mo`` file (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update(language: str) -> Catalog:
    """Merge the extracted messages into ``language``'s catalog; write its ``.po`` and ``.mo``."""
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = (
        read_catalog(language)
        if path.exists()
        else Catalog(locale=language, domain=DOMAIN, project="statsbidrag")
    )
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    catalog.version = "1"
    catalog.copyright_holder = "statsbidrag"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "statsbidrag"
    catalog.language_team = "Swedish"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False, include_lineno=False)
    path.write_bytes(buffer.getvalue())
    path.with_suffix(".mo").write_bytes(compiled(read_catalog(language)))
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """The message ids of ``catalog`` without a (non-fuzzy) translation."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    for language in LANGUAGES:
        catalog = update(language)
        missing = untranslated(catalog)
        where = po_path(language).relative_to(ROOT)
        print(f"{where}: {len(catalog)} messages, {len(missing)} untranslated")
        for message in missing:
            print(f"  untranslated: {message!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
