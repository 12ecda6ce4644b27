"""Every figure traced to its source: quotes stand in their documents, amounts in their quotes.

Pure: the caller reads the source documents (see :mod:`statsbidrag_cli.files.local.sources`) and
passes their text; a document it could not read locally is ``None`` and is reported as
*unverified*, a note rather than a failure. For every decision:

* each quote stands, whitespace-normalised, in the document its ``source`` names;
* a document name is a plain file name inside the sources folder (no folders, no ``..``);
* every amount (total, own-work allowance, components, earmarks, funding lines) appears in a
  quote attached to it, written as Swedish texts write amounts: ``63 000 000 kronor``,
  ``63000000``, ``63 miljoner kronor`` or ``63,5 miljoner``.

Each finding carries the field path of what it is about, so the caller can name file:line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..i18n import _, kr
from ..models.decision import Decision, DerivedAmount, Source, derived_location
from .checks import Finding
from .kinds import kind_of

Location = tuple[str | int, ...]
_SPACE = "[ \u00a0\u202f]"


@dataclass(frozen=True)
class SourceUse:
    """One ``source`` entry of a decision and where it stands in the file."""

    location: Location
    source: Source


@dataclass(frozen=True)
class AmountFact:
    """An amount of the decision, where it stands, and the sources attached to it."""

    what: str
    amount: int
    location: Location
    sources: tuple[Source, ...]
    percent: bool = False
    """A share of the total ("70 procent"), which its quotes must state instead of kronor."""


def normalised(text: str) -> str:
    """Text with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


@lru_cache(maxsize=32)
def _normalised_document(text: str) -> str:
    """A source document's text normalised once per run, however many decisions quote it
    (a folder of decisions quotes a handful of documents; few are kept)."""
    return normalised(text)


@lru_cache(maxsize=4096)
def amount_pattern(amount: int) -> re.Pattern[str]:
    """How Swedish texts write ``amount``: digit groups with spaces or none, or in millions
    (``63 miljoner``, ``63,5 miljoner``) or milliards; never part of a longer number."""
    grouped = _swedish_groups(amount)
    forms = [grouped]
    for unit, words in ((10**9, "miljard(?:er)?"), (10**6, "miljon(?:er)?")):
        if amount >= unit and amount % (unit // 10) == 0:
            whole, tenths = divmod(amount // (unit // 10), 10)
            number = _swedish_groups(whole) + (f",{tenths}" if tenths else "")
            forms.append(f"{number}{_SPACE}{words}")
    return re.compile(
        rf"(?<![0-9])(?<![0-9]{_SPACE})(?:{'|'.join(forms)})(?!,?[0-9])(?!{_SPACE}[0-9])"
    )


def _swedish_groups(amount: int) -> str:
    """A pattern for ``amount`` in thousands groups as the Swedish source texts write them, with
    or without the spaces, whatever the language of the run."""
    return f"{amount:,}".replace(",", f"{_SPACE}?")


def source_uses(decision: Decision) -> Iterator[SourceUse]:
    """Every ``source`` entry anywhere in the decision, with its field path."""

    def entries(location: Location, sources: Sequence[Source]) -> Iterator[SourceUse]:
        for index, source in enumerate(sources):
            yield SourceUse((*location, "source", index), source)

    yield from entries((), decision.source)
    for index, line in enumerate(decision.funding_lines):
        yield from entries(("funding", index), line.source)
    for index, component in enumerate(decision.components):
        yield from entries(("components", index), component.source)
    for index, condition in enumerate(decision.conditions):
        yield from entries(("conditions", index), condition.source)
    if decision.dates is not None:
        yield from entries(("dates",), decision.dates.source)
    if decision.published is not None:
        yield from entries(("published",), decision.published.source)


def amount_facts(decision: Decision) -> Iterator[AmountFact]:
    """Every amount the decision states, with the sources that must quote it."""
    top = tuple(decision.source)
    yield AmountFact("total", decision.total, ("total",), top)
    if decision.own_work_max:
        funding_sources = tuple(s for line in decision.funding_lines for s in line.source)
        yield AmountFact(
            _("own-work allowance"),
            decision.own_work_max,
            ("own_work_max",),
            top + funding_sources,
        )
    for index, component in enumerate(decision.components):
        where: Location = ("components", index)
        sources = tuple(component.source)
        for figure in kind_of(component).stated_figures(component):
            location = (*where, *figure.field)
            yield AmountFact(figure.label, figure.value, location, sources, percent=figure.percent)
    for index, line in enumerate(decision.funding_lines):
        where = ("funding", index)
        sources = tuple(line.source)
        label = _("funding line ap. {ap} ({year})").format(
            ap=line.anslagspost, year=line.budget_year
        )
        yield AmountFact(label, line.amount, (*where, "amount"), sources)
        if line.own_work_max:
            yield AmountFact(
                _("{label}, own-work allowance").format(label=label),
                line.own_work_max,
                (*where, "own_work_max"),
                sources,
            )


def document_problem(name: str) -> str | None:
    """Why ``name`` cannot be a document of the sources folder (None when it can)."""
    if "/" in name or "\\" in name or name.startswith(".") or ":" in name[:3]:
        return _(
            "document {name!r} must be a file name inside the sources folder, not a path"
        ).format(name=name)
    return None


def trace_sources(decision: Decision, documents: Mapping[str, str | None]) -> list[Finding]:
    """Quotes against their documents (``documents`` maps a name to its text, or to None
    when it is not a local file), and amounts against their quotes."""
    findings: list[Finding] = []
    quotes_checked = 0
    texts = {
        name: _normalised_document(text) for name, text in documents.items() if text is not None
    }
    unverified: dict[str, Location] = {}
    for use in source_uses(decision):
        name = use.source.document
        problem = document_problem(name)
        if problem:
            findings.append(Finding("sources", False, problem, (*use.location, "document")))
            continue
        if name not in texts:
            unverified.setdefault(name, (*use.location, "document"))
            continue
        for index, quote in enumerate(use.source.quotes):
            quotes_checked += 1
            if normalised(quote) not in texts[name]:
                findings.append(
                    Finding(
                        "sources",
                        False,
                        _("quote not found in {name}: {quote!r}").format(
                            name=name, quote=_short(quote)
                        ),
                        (*use.location, "quotes", index),
                    )
                )
    findings += [
        Finding(
            "sources",
            True,
            _("unverified: document {name!r} is not a local file").format(name=name),
            where,
        )
        for name, where in unverified.items()
    ]
    failed_quotes = sum(1 for f in findings if not f.ok)
    if quotes_checked and not failed_quotes:
        findings.append(
            Finding(
                "sources",
                True,
                _("{count} quotes stand in their documents").format(count=quotes_checked),
            )
        )
    derived = {derived_location(item): item for item in decision.derived}
    amounts = [fact for fact in amount_facts(decision) if fact.location not in derived]
    missing = [fact for fact in amounts if not _quoted(fact)]
    findings += [_derivation(decision, item, location) for location, item in derived.items()]
    findings += [
        Finding(
            "sources",
            False,
            (
                _("{what}: {percent} procent does not appear in a quote attached to it")
                if fact.percent
                else _("{what}: {amount} kr does not appear in a quote attached to it")
            ).format(what=fact.what, amount=kr(fact.amount), percent=fact.amount),
            fact.location,
        )
        for fact in missing
    ]
    if not missing:
        findings.append(
            Finding(
                "sources",
                True,
                _("{count} amounts appear in their quotes").format(count=len(amounts)),
            )
        )
    return findings


def _derivation(decision: Decision, item: DerivedAmount, location: Location) -> Finding:
    """A derived amount checked by its rule: the arithmetic must hold exactly."""
    if item.rule == "sum_of_components":
        stated, expected = decision.total, sum(c.amount for c in decision.components)
        rule = _("the sum of the components")
    elif item.rule == "sum_of_own_work":
        stated, expected = (
            decision.own_work_max,
            sum(f.own_work_max for f in decision.funding_lines),
        )
        rule = _("the sum of the funding lines' own-work allowances")
    else:
        line = decision.funding_lines[int(location[1])]
        component = next(c for c in decision.components if c.id == line.component)
        stated, expected = line.amount, component.amount + line.own_work_max
        rule = _("{label} plus the line's own-work allowance").format(label=component.label)
    ok = stated == expected
    relation = "=" if ok else "≠"
    return Finding(
        "sources",
        ok,
        _("derived {field} {stated} {relation} {rule} ({expected}): {note}").format(
            field=item.field,
            stated=kr(stated),
            relation=relation,
            rule=rule,
            expected=kr(expected),
            note=item.note,
        ),
        location,
    )


def _quoted(fact: AmountFact) -> bool:
    pattern = (
        re.compile(rf"(?<![0-9,]){fact.amount}{_SPACE}?(?:procent|%)")
        if fact.percent
        else amount_pattern(fact.amount)
    )
    return any(
        pattern.search(normalised(quote)) for source in fact.sources for quote in source.quotes
    )


def _short(text: str, limit: int = 60) -> str:
    text = normalised(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
