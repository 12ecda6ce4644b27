"""A fingerprint of the code that runs, part of every cache key.

Every build says version 0.1.0, an install from git keeps its version across commits, and an
editable install runs whatever the checkout holds now: a key with only the version would
answer a changed program with what the old one wrote. So the key holds the code itself:

* the content of every module and message catalog of the package as it is on disk (its
  ``.py`` and ``.mo`` files, the built-in data apart: those are inputs, fingerprinted as any
  other when a run reads them);
* the Python that runs it (version and implementation);
* the installed distributions next to the libraries the package loads (the names of the
  ``*.dist-info`` folders on ``sys.path``, which carry each version): a new Rich lays out
  another table, a new pydantic may validate otherwise.

Worked out once per process (about a millisecond and a half for the package's ~120 files).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
"""The ``statsbidrag_cli`` folder this module was loaded from."""
_CODE_SUFFIXES = (".py", ".mo")
_NOT_CODE = {"__pycache__", "data"}


@cache
def code_fingerprint() -> str:
    """The fingerprint of the running code (see the module docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    for relative, path in package_files():
        digest.update(relative.encode("utf-8", "surrogatepass") + b"\x00")
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            data = b"\xffunreadable"
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    digest.update(f"{sys.implementation.name}/{sys.version}".encode())
    for name in installed_distributions():
        digest.update(name.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def package_files() -> list[tuple[str, str]]:
    """Every code file of the package: its path inside the package and on disk, sorted."""
    root = str(PACKAGE)
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name not in _NOT_CODE]
        inside = folder[len(root) + 1 :].replace(os.sep, "/")
        for name in files:
            if name.endswith(_CODE_SUFFIXES):
                found.append((f"{inside}/{name}" if inside else name, f"{folder}/{name}"))
    return sorted(found)


def installed_distributions() -> list[str]:
    """The ``*.dist-info`` and ``*.egg-info`` names in every folder of ``sys.path``, each
    folder's in order (a library upgraded in place changes its folder's name)."""
    names = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                names += sorted(
                    f"{entry}/{item.name}"
                    for item in listing
                    if item.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:
            continue
    return names
