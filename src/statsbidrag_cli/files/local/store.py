"""Where decision and population files live, and how a decision id becomes a file, safely.

A decision's id is its file name without ``.yaml``: ``S2026-00953``. Users may also type the
diarienummer (``S2026/00953``), whose ``/`` maps to ``-``. Ids are checked against a strict
pattern before any path is built, so ``../`` or an absolute path can never reach outside the
decisions folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DecisionNotFoundError, StatsbidragError
from ...i18n import _

if TYPE_CHECKING:  # the models and the YAML reader load only when a decision is read
    from collections.abc import Mapping

    from ...models.decision import Decision
    from .text import YamlDocument

DECISION_SUFFIX = ".yaml"
_DECISION_ID = re.compile(r"[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö_.-]{0,99}")


class Origin(StrEnum):
    """How the decisions folder of a run was chosen (said in output and in errors)."""

    BUILT_IN = "built-in"
    """The decisions shipped with the package: no decision set was found or named."""
    FOUND = "found"
    """The ``decisions/`` folder of the nearest decision set (this folder or a parent)."""
    GIVEN = "given"
    """``--decisions-dir`` or ``STATSBIDRAG_DECISIONS_DIR``."""


@dataclass(frozen=True)
class DataDirs:
    """The folders a command reads: decision files, population files, source documents.

    ``sources`` defaults to the folder ``sources`` beside the decisions folder (for the
    built-in decisions, the built-in sources). ``origin`` says how the decisions folder was
    chosen, so output and errors can say which decision set is in use."""

    decisions: Path
    population: Path
    sources: Path | None = None
    origin: Origin = Origin.GIVEN

    @property
    def sources_folder(self) -> Path:
        return self.sources if self.sources is not None else sources_beside(self.decisions)

    @property
    def built_in(self) -> bool:
        """Whether the decisions are the shipped ones (named or by default)."""
        return is_built_in(self.decisions)

    @property
    def found(self) -> bool:
        """Whether the decisions are an own decision set found from the current folder (the
        case output names it in: neither named by the user nor the built-in ones)."""
        return self.origin is Origin.FOUND and not self.built_in

    def describe(self) -> str:
        """The decision set in use, as output says it: the built-in decisions, or the
        folder and how it was chosen."""
        if self.built_in:
            return _("the built-in decisions")
        if self.origin is Origin.FOUND:
            return _("{folder} (the decision set found from the current folder)").format(
                folder=self.decisions
            )
        return str(self.decisions)


@dataclass(frozen=True)
class LoadedDecision:
    """A validated decision, where it came from, and where each of its values stands."""

    id: str
    path: Path
    decision: Decision
    document: YamlDocument | None = field(default=None, repr=False, compare=False)

    def where(self, location: tuple[str | int, ...] | None) -> str:
        """``file:line:column`` of a field path in the file (the file alone if unknown)."""
        if location is None or self.document is None:
            return str(self.path)
        return self.document.where(location)

    def mark(self, location: tuple[str | int, ...] | None) -> tuple[int, int] | None:
        """(line, column) of a field path in the file, where known."""
        if location is None or self.document is None:
            return None
        return self.document.mark(location)

    def located(self, error: StatsbidragError) -> StatsbidragError:
        """``error`` with this file (and the line of its ``location``) in front."""
        return error.locate(self.where(error.location))


def default_dir(name: str) -> Path:
    """The built-in ``decisions/`` or ``population/`` folder.

    Installed from a wheel they are package data (``statsbidrag_cli/data/NAME``); in a source
    checkout they are the repository's top-level folders.
    """
    package = Path(__file__).resolve().parents[2]
    packaged = package / "data" / name
    if packaged.is_dir():
        return packaged
    return package.parents[1] / name


def is_package_data(folder: Path) -> bool:
    """Whether ``folder`` is data installed with the package (``statsbidrag_cli/data/…``),
    which no command writes to (a source checkout's top-level folders are not)."""
    package = Path(__file__).resolve().parents[2] / "data"
    return folder.resolve().is_relative_to(package)


def is_built_in(decisions: Path) -> bool:
    """Whether ``decisions`` is the built-in decisions folder."""
    return decisions.resolve() == default_dir("decisions").resolve()


def sources_beside(decisions: Path) -> Path:
    """The sources folder of a decisions folder: ``sources`` beside it."""
    if is_built_in(decisions):
        return default_dir("sources")
    return decisions.parent / "sources"


SET_FOLDER = "decisions"
"""The folder that makes a folder a decision set (with ``population/`` and ``sources/``
beside it, both optional)."""


def find_decision_set(start: Path) -> Path | None:
    """The nearest decision set: ``start`` or the first of its parents that holds a
    ``decisions/`` folder, as ruff and pre-commit find their configuration; None if none
    does."""
    return _nearest_holding(start, SET_FOLDER)


def _nearest_holding(start: Path, name: str) -> Path | None:
    """``start`` or the first of its parents that holds a folder ``name``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / name).is_dir():
            return folder
    return None


def data_dirs(
    decisions: Path | None,
    population: Path | None,
    sources: Path | None = None,
    find_from: Path | None = None,
) -> DataDirs:
    """The folders to use: the given ones; else, when ``find_from`` is given (the command
    line passes the current folder), those of the nearest decision set (its ``decisions/``,
    and its ``population/`` where it has one, else the nearest ``population/`` of one's own
    data); else the built-in ones. A decisions folder given without a population folder
    takes the ``population/`` beside it where there is one. Built-in and own
    decisions are never mixed. Decisions and population must exist; a sources folder that
    does not leaves every quote unverified."""
    origin = Origin.GIVEN
    found = find_decision_set(find_from) if find_from is not None and decisions is None else None
    if decisions is None:
        if found is not None:
            decisions, origin = found / SET_FOLDER, Origin.FOUND
        else:
            decisions, origin = default_dir("decisions"), Origin.BUILT_IN
    if population is None:
        holder = (
            found if found is not None else decisions.parent if origin is Origin.GIVEN else None
        )
        own = holder / "population" if holder is not None else None
        if (own is None or not own.is_dir()) and find_from is not None:
            holder = _nearest_holding(find_from, "population")  # data of one's own, no set
            own = holder / "population" if holder is not None else None
        population = own if own is not None and own.is_dir() else default_dir("population")
    dirs = DataDirs(decisions=decisions, population=population, sources=sources, origin=origin)
    given = [("sources", sources)] if sources is not None else []
    for what, path in (("decisions", dirs.decisions), ("population", dirs.population), *given):
        if not path.is_dir():
            raise StatsbidragError(
                _("{what} folder {path} does not exist or is not a folder").format(
                    what=what, path=path
                )
            )
    return dirs


def decision_id(reference: str) -> str:
    """The file id for a user's reference: ``S2026/00953`` and ``S2026-00953`` both give
    ``S2026-00953``. Refuses anything that is not a plain name (no ``..``, no path)."""
    candidate = reference.strip()
    if candidate.endswith(DECISION_SUFFIX):
        candidate = candidate[: -len(DECISION_SUFFIX)]
    candidate = candidate.replace("/", "-")
    if not _DECISION_ID.fullmatch(candidate) or ".." in candidate:
        raise DecisionNotFoundError(
            _(
                "{reference!r} is not a decision id: use a diarienummer such as "
                "S2026/00953 or a file name from the decisions folder, without folders"
            ).format(reference=reference)
        )
    return candidate


def decision_path(dirs: DataDirs, reference: str) -> Path:
    """The decision file for ``reference``: a decision file's path as given, or the file of
    that id or diarienummer in the decisions folder of ``dirs``; it must exist. The error
    says where it looked, and points to the built-in decisions when the id is one of them."""
    from ..cache.reads import note_folder

    decisions_dir = dirs.decisions
    given = Path(reference)
    if given.suffix in (".yaml", ".yml") and given.is_file():
        return given
    note_folder(decisions_dir)  # a file of another case, or the one asked for, may appear
    wanted = decision_id(reference)
    path = decisions_dir / f"{wanted}{DECISION_SUFFIX}"
    if path.is_file():
        return path
    ids = available_ids(decisions_dir)
    same = [known for known in ids if known.casefold() == wanted.casefold()]
    if len(same) == 1:  # diarienummer are matched whatever the case: s2026/00953
        return decisions_dir / f"{same[0]}{DECISION_SUFFIX}"
    near = _nearest(wanted, ids)
    hint = "; " + _("did you mean {id}?").format(id=_shown(near)) if near else ""
    shipped = default_dir("decisions")
    if not dirs.built_in and (shipped / f"{wanted}{DECISION_SUFFIX}").is_file():
        hint += "; " + _(
            "{id} is a built-in decision: give --decisions-dir {folder} to use it"
        ).format(id=_shown(wanted), folder=shipped)
    elif dirs.origin is Origin.BUILT_IN:
        hint += "; " + _(
            "no decisions/ folder in the current folder or its parents, so only the built-in "
            "decisions were searched (give --decisions-dir FOLDER)"
        )
    known = ", ".join(_shown(known) for known in ids)
    raise DecisionNotFoundError(
        _("no decision {reference!r} in {folder}{hint} (there are: {value})").format(
            reference=reference,
            folder=dirs.describe(),
            hint=hint,
            value=known or _("none"),
        )
    )


def _shown(name: str) -> str:
    """A decision id as people write it: the diarienummer where the id is one."""
    if re.fullmatch(r"[A-ZÅÄÖ]{1,3}[0-9]{4}-[0-9]{1,5}", name):
        return name.replace("-", "/", 1)
    return name


def _nearest(wanted: str, ids: list[str]) -> str | None:
    """The id the user most likely meant: the same series with the number zero-padded
    (S2026-953 -> S2026-00953), else the closest spelling."""
    from difflib import get_close_matches

    padded = re.fullmatch(r"([A-Za-zÅÄÖåäö]{1,3}[0-9]{4})-([0-9]{1,5})", wanted)
    if padded:
        candidate = f"{padded.group(1)}-{int(padded.group(2)):05d}".casefold()
        for known in ids:
            if known.casefold() == candidate:
                return known
    close = get_close_matches(wanted.casefold(), [i.casefold() for i in ids], n=1, cutoff=0.6)
    return next((i for i in ids if close and i.casefold() == close[0]), None)


def available_ids(decisions_dir: Path) -> list[str]:
    """Ids of the decision files in ``decisions_dir``, sorted."""
    return sorted(path.stem for path in decision_files(decisions_dir))


def decision_files(decisions_dir: Path) -> list[Path]:
    """The decision files in ``decisions_dir``, sorted by name."""
    return [Path(file) for file in decision_file_texts(decisions_dir)]


def decision_file_texts(decisions_dir: Path) -> list[str]:
    """The paths of the decision files in ``decisions_dir`` as text, sorted by name (every
    name ending ``.yaml``, as ``glob("*.yaml")``): what a ``check`` of ten thousand files
    keeps, a fifth of the memory of a Path each. A folder that exists but cannot be read is
    an error saying so (never an empty set that passes)."""
    from ..cache.reads import note_folder
    from .text import names_ending

    note_folder(decisions_dir)  # a file added to the set is another answer
    unreadable = _("cannot read the decisions folder {folder} ({strerror})")
    names = names_ending(decisions_dir, DECISION_SUFFIX, unreadable)
    folder = str(decisions_dir / "_")[:-1]  # as a child's path starts: "" for ".", "/" for "/"
    return [folder + name for name in names]  # no Path each (pathlib interns every part)


def load_decision_file(
    path: Path, text: str | None = None, *, cached: bool = True
) -> LoadedDecision:
    """Read and validate one decision file (from the cache when its content was validated
    before; see :mod:`.cache`); ``text`` is the file's text when the caller has read it.
    ``cached=False`` neither reads nor writes the cache: for ``check``, whose own entry (the
    report) is the one a second run reads, so that a file costs one cache write, not two."""
    from .. import cache
    from .text import YamlDocument, read_text

    if text is None:
        text = read_text(path)
    key = cache.fingerprint("decision", text) if cached else ""
    hit = cache.load("decisions", key, _decode_validated) if cached else None
    if hit is not None:
        decision, marks = hit
        document = YamlDocument(path=path, data=None, marks=marks)
    else:
        from ...models.decision import Decision
        from .validation import validate_document
        from .yamlfile import parse_yaml

        document = parse_yaml(text, path, collect=True)
        decision = validate_document(document, Decision, _("decision file"))
        if cached:
            cache.store("decisions", key, (decision, document.marks), _encode_validated)
    return LoadedDecision(id=path.stem, path=path, decision=decision, document=document)


Marks = dict[tuple[str | int, ...], tuple[int, int]]


def _encode_validated(
    value: tuple[Decision, Mapping[tuple[str | int, ...], tuple[int, int]]],
) -> dict[str, object]:
    """A validated decision and where its values stand, as plain JSON data for the cache."""
    decision, marks = value
    return {
        "decision": decision.model_dump(mode="json"),
        "marks": [[list(path), line, column] for path, (line, column) in marks.items()],
    }


def _decode_validated(value: object) -> tuple[Decision, Marks]:
    """The cache's JSON back as a decision, validated again by its model (an entry that is
    not a valid decision raises, and the cache treats it as a miss)."""
    import json

    from ...models.decision import Decision

    if not isinstance(value, dict) or set(value) != {"decision", "marks"}:
        raise ValueError("not a cached decision")
    # Not strict: JSON has no dates, and the strict models take a date only as a date (so an
    # entry never matched before); the decision was validated strictly when it was made.
    decision = Decision.model_validate_json(json.dumps(value["decision"]), strict=False)
    marks: Marks = {}
    for item in value["marks"]:
        path, line, column = item
        if not all(isinstance(part, str | int) and not isinstance(part, bool) for part in path):
            raise ValueError("not a field path")
        if not (type(line) is int and type(column) is int):
            raise ValueError("not a line and column")
        marks[tuple(path)] = (line, column)
    return decision, marks


def load_decision(dirs: DataDirs, reference: str) -> LoadedDecision:
    """Find, read and validate the decision the user named."""
    return load_decision_file(decision_path(dirs, reference))
