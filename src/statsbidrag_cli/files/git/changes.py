"""Which decision files a change touches (``check --changed``), asked of git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ...errors import StatsbidragError
from ...i18n import _
from ..local.store import DECISION_SUFFIX

_DIARIENUMMER_LINE = re.compile(r"""^diarienummer:[ \t]*["']?([^"'\s#]+)""", re.MULTILINE)


def changed_files(repository: Path, base: str, folders: list[Path]) -> list[Path]:
    """Files under ``folders`` (those inside the git work tree of ``repository``) that differ
    from git revision ``base``: added, copied, modified, renamed or deleted, plus new files git
    does not ignore; as absolute paths, sorted. File names are read NUL-separated, so any
    name is seen as it is."""
    revision = _revision(repository, base)
    top = Path(_git(repository, "rev-parse", "--show-toplevel").strip()).resolve()
    inside = [str(f.resolve()) for f in folders if f.resolve().is_relative_to(top)]
    if not inside:
        return []
    changed = _git(
        repository, "diff", "-z", "--name-only", "--diff-filter=ACMRD", revision, "--", *inside
    )
    untracked = _git(
        repository, "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--",
        *inside,
    )  # fmt: skip
    names = {name for name in (changed + untracked).split("\0") if name}
    return sorted({(top / name).resolve() for name in names})  # both answer from the top


def _revision(folder: Path, base: str) -> str:
    """``base`` as the commit it names, or a usage error: never passed to git as an option
    (``--output=FILE`` is a revision nobody has, not an instruction)."""
    shown = base if len(base) <= 80 else base[:80] + "…"
    if not base or base.startswith("-") or "\0" in base or len(base) > 1000:
        raise StatsbidragError(_("--base {value!r} is not a git revision").format(value=shown))
    try:
        return _git(
            folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"
        ).strip()
    except StatsbidragError:
        raise StatsbidragError(
            _("--base {value!r} is not a git revision").format(value=shown)
        ) from None


def _git(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StatsbidragError(_("--changed needs git: {error}").format(error=error)) from None
    if result.returncode != 0:
        reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        raise StatsbidragError(
            _("--changed: git {value} in {folder}: {reason}").format(
                value=" ".join(args[:2]), folder=folder, reason=reason
            )
        )
    return result.stdout


def diarienummer_index(folder: Path) -> dict[Path, str]:
    """Each decision file's diarienummer, read from its text alone (no full validation), so a
    check of a few files can still see a clash with any other file of the set."""
    index = {}
    from ...errors import StatsbidragError
    from ..local.text import MAX_BYTES, read_bytes

    for path in sorted(folder.glob(f"*{DECISION_SUFFIX}")):
        try:  # bounded, and never a pipe: a file that cannot be read has no diarienummer here
            text = read_bytes(path, MAX_BYTES).decode("utf-8", errors="replace")
        except StatsbidragError:
            continue
        found = _DIARIENUMMER_LINE.search(text)
        if found and found.group(1) not in ("null", "~"):
            index[path.resolve()] = found.group(1)
    return index
