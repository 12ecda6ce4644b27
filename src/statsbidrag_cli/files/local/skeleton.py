"""A new decision file to fill in (``statsbidrag new``): every required field, commented, with
``"FYLL I: …"`` placeholders that ``validate`` refuses until they are filled in.

With a draft (:mod:`statsbidrag_cli.core.drafting`) the facts found in the decision's text are
filled in, each with the sentence it was read from as its quote.
"""

from __future__ import annotations

import datetime as dt
import json

from ...core.drafting import Draft, Fact

SHAPES = ("equal-population", "fixed", "earmarked", "shares", "rate")


def _q(value: object) -> str:
    """A YAML scalar: numbers as plain digits (which YAML 1.1 and 1.2 read alike), text
    quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _fill(hint: str) -> str:
    return _q(f"FYLL I: {hint}")


_QUOTE_IN_COMMENT = 160
"""How much of a sentence a comment quotes (the full sentence is in the source document)."""


def _said(sentence: str, focus: object = None) -> str:
    """A sentence of the text as a one-line YAML comment: «…», shortened where long to the
    words around ``focus`` (the value read from it), so the comment shows where it stands."""
    flat = " ".join(sentence.split())
    if len(flat) <= _QUOTE_IN_COMMENT:
        return f"«{flat}»"
    at = flat.find(str(focus)) if focus is not None else -1
    start = max(0, min(at - _QUOTE_IN_COMMENT // 3, len(flat) - _QUOTE_IN_COMMENT)) if at > 0 else 0
    shown = flat[start : start + _QUOTE_IN_COMMENT]
    return f"«{'…' if start else ''}{shown}…»"


class _Writer:
    """Facts from the draft where there are some, placeholders elsewhere."""

    def __init__(self, draft: Draft, document: str) -> None:
        self.draft = draft
        self.document = document

    def value(self, name: str, hint: str) -> str:
        fact = self.draft.facts.get(name)
        return _q(fact.value) if fact else _fill(hint)

    def field(self, indent: str, name: str, key: str, hint: str) -> list[str]:
        """``key: value`` for a field without a source block of its own: where the draft
        filled it, a comment above it quotes the sentence it was read from."""
        fact = self.draft.facts.get(name)
        comment = []
        if fact is not None:
            said = _said(fact.sentence, fact.phrase or fact.value)
            comment.append(f"{indent}# Ur texten: {said}")
        return [*comment, f"{indent}{key}: {self.value(name, hint)}"]

    def hint(self, indent: str, name: str, suggestion: str, always: bool = True) -> list[str]:
        """A comment with what the text suggests for a field it does not state: the sentence
        (unless only a suggestion is worth showing), and the suggestion, never the value."""
        fact = self.draft.hints.get(name)
        if fact is None or (fact.value is None and not always):
            return []
        lines = [f"{indent}# Texten säger: {_said(fact.sentence, fact.value)}"]
        if fact.value is not None:
            lines.append(f"{indent}# Förslag, inte ifyllt: {suggestion.format(value=fact.value)}")
        return lines

    def source(self, names: tuple[str, ...], indent: str, hint: str) -> str:
        quotes = []
        for name in names:
            fact = self.draft.facts.get(name) or self.draft.deadlines.get(name)
            if fact and fact.sentence not in quotes:
                quotes.append(fact.sentence)
        lines = [
            f"{indent}source:",
            f"{indent}  - document: {_q(self.document)}",
            f"{indent}    quotes:",
        ]
        if quotes:
            lines += [f"{indent}      - {_q(quote)}" for quote in quotes]
        else:
            lines.append(f"{indent}      - {_fill(hint)}")
        return "\n".join(lines)


def skeleton(
    decision_id: str,
    shape: str,
    schema_reference: str,
    draft: Draft | None = None,
    document: str = "FYLL I: källdokumentets filnamn i sources/",
    datasets: tuple[str, ...] = (),
) -> str:
    """The YAML text of a new decision file of ``shape`` (see :data:`SHAPES`).

    ``schema_reference`` is the modeline's schema, relative to the file (so the file works on
    any machine); ``datasets`` the population datasets there are, named in a comment where a
    population part needs one."""
    w = _Writer(draft or Draft(), document)
    diarienummer = w.value("diarienummer", "diarienummer, t.ex. S2027/00123 (null om okänt)")
    if "/" in decision_id and not (draft and "diarienummer" in draft.facts):
        diarienummer = _q(decision_id)
    parts = [
        f"# yaml-language-server: $schema={schema_reference}",
        f"# {decision_id}: ett nytt beslut. Fyll i varje ”FYLL I” och citera varje uppgift ur",
        "# källdokumentet (en fil i mappen sources/ bredvid decisions/); kör sedan",
        f"#   statsbidrag validate decisions/{decision_id.replace('/', '-')}.yaml",
        f"diarienummer: {diarienummer}",
        f"title: {w.value('title', 'beslutets rubrik')}",
        *w.field("", "beslutsdatum", "beslutsdatum", "beslutsdatum, ÅÅÅÅ-MM-DD (null om okänt)"),
        *w.field("", "ministry", "ministry", "departementet, t.ex. Socialdepartementet"),
        *w.field("", "agency", "agency", "myndigheten som betalar ut, t.ex. Socialstyrelsen"),
        *w.field("", "budget_year", "budget_year", "budgetåret, t.ex. 2027"),
        "# Det som betalas till mottagarna: summan av delarna nedan.",
        f"total: {w.value('total', 'belopp till mottagarna i kronor, t.ex. 42000000')}",
        "# Det mesta myndigheten får använda för eget arbete (0 om texten inte anger något).",
        f"own_work_max: {w.value('own_work_max', 'högst … kronor för eget arbete')}",
        w.source(("title", "total"), "", "meningen där beslutet och beloppet står"),
        "",
        "funding:",
        f"  - utgiftsomrade: {w.value('utgiftsomrade', 'utgiftsområdets nummer')}",
        f"    utgiftsomrade_name: {w.value('utgiftsomrade_name', 'utgiftsområdets namn')}",
        "    # Inom citattecken: 1:6 utan dem är ett tal i YAML 1.1.",
        f"    anslag: {w.value('anslag', 'anslaget, t.ex. 1:6')}",
        f"    anslag_name: {w.value('anslag_name', 'anslagets namn')}",
        f"    anslagspost: {w.value('anslagspost', 'anslagspostens nummer')}",
        f"    anslagspost_name: {w.value('anslagspost_name', 'anslagspostens namn')}",
        f"    budget_year: {w.value('funding_budget_year', 'budgetåret för anslaget')}",
        "    # Utbetalningarna plus det egna arbetet. Står beloppet inte i texten: lägg under",
        "    # `derived:` {field: funding.0.amount, rule: component_plus_own_work, note: …}.",
        f"    amount: {w.value('funding_amount', 'belopp mot anslagsposten i kronor')}",
        f"    own_work_max: {w.value('own_work_max', 'högst … kronor för eget arbete')}",
        w.source(
            ("funding_amount", "anslag", "anslagspost", "own_work_max"),
            "    ",
            "meningen om anslaget",
        ),
        "",
        "components:",
        *_components(shape, w, datasets),
        "",
        "dates:",
        "  deadlines:",
        *_deadlines(w),
        w.source(tuple(w.draft.deadlines), "  ", "meningarna med datumen"),
    ]
    return "\n".join(parts) + "\n"


def _components(shape: str, w: _Writer, datasets: tuple[str, ...]) -> list[str]:
    source = "    "
    if shape == "equal-population":
        available = _available(datasets)
        return [
            "  - kind: equal",
            "    id: equal",
            "    label: Lika fördelning",
            f"    amount: {w.value('equal', 'belopp som fördelas lika, i kronor')}",
            '    # Mottagarnas koder inom citattecken (["01", "12"]), eller all: de 21 regionerna.',
            *w.hint("    ", "recipients", "recipients: {value} (om texten menar alla 21)"),
            "    recipients: " + _fill('mottagarnas koder, t.ex. ["01", "03"], eller all'),
            "    purpose: " + _fill("vad medlen ska användas till"),
            w.source(("equal",), source, "meningen om den lika fördelningen"),
            "  - kind: population",
            "    id: population",
            "    label: Fördelning efter befolkningsmängd",
            f"    amount: {w.value('population', 'belopp som fördelas efter befolkning')}",
            "    # regions (var och en får sin egen andel), samverkansregioner eller groups (med",
            "    # payees: enhet -> regionkod), eller kommuner.",
            *w.hint("    ", "units", "units: {value}", always=False),
            "    units: " + _fill("regions, samverkansregioner, groups eller kommuner"),
            f"    # Befolkningsdata att fördela efter; det finns: {available}.",
            *w.hint("    ", "population", "en datamängd per {value}", always=False),
            "    population: " + _fill("befolkningsdatamängdens namn"),
            "    purpose: " + _fill("vad medlen ska användas till"),
            w.source(("population",), source, "meningen om fördelningen efter befolkning"),
        ]
    if shape == "shares":  # "70 procent till kommunerna och 30 procent till regionerna"
        return [
            *_share_part(w, "kommuner", "Kommunernas del", "kommuner"),
            *_share_part(w, "regioner", "Regionernas del", "regions"),
        ]
    if shape == "rate":  # "4 358 kronor per person i åldern 75-79 år"
        return [
            "  - kind: rate",
            "    id: belopp_per_person",
            "    label: " + _fill("delens namn, t.ex. 75-79 år"),
            "    # Kronor per räknad enhet (person, elev), som texten anger dem.",
            "    rate: " + _fill("kronor per räknad enhet"),
            "    # Vad beloppen per enhet blir sammanlagt; check säger till om det inte stämmer.",
            "    amount: " + _fill("summan i kronor"),
            "    # kommuner eller regions: var och en får beloppet gånger sitt antal.",
            "    units: " + _fill("kommuner eller regions"),
            f"    # Datamängden med det som räknas; det finns: {_available(datasets)}.",
            "    population: " + _fill("datamängdens namn, t.ex. personer_75-79_2026-12-31"),
            "    purpose: " + _fill("vad medlen ska användas till"),
            w.source((), "    ", "meningen om beloppet per enhet"),
        ]
    lines = [
        "  - kind: fixed",
        "    id: projekt",
        "    label: " + _fill("delens namn"),
        f"    amount: {w.value('total', 'belopp i kronor')}",
        '    # Regionen som rekvirerar, inom citattecken, t.ex. "12" för Region Skåne.',
        "    recipient: " + _fill('regionkod, t.ex. "12"'),
        "    role: värdregion",
        "    purpose: " + _fill("vad medlen ska användas till"),
    ]
    if shape == "earmarked":
        lines += [
            "    # Delar som öronmärks för ändamål; varje nivå summerar till beloppet ovanför.",
            "    earmarks:",
            "      - id: del_1",
            "        label: " + _fill("öronmärkningens namn"),
            "        amount: " + _fill("belopp i kronor"),
            "        purpose: " + _fill("vad den är till"),
            "        children: []",
        ]
    lines.append(w.source(("total",), source, "meningen om beloppet"))
    return lines


_LISTED_DATASETS = 3
"""How many dataset names a comment lists before it points to ``population list``."""


def _available(datasets: tuple[str, ...]) -> str:
    """The datasets there are, for a comment: a few by name, the rest counted."""
    if not datasets:
        return "se statsbidrag population list"
    if len(datasets) <= _LISTED_DATASETS + 1:
        return ", ".join(datasets)
    return (
        ", ".join(datasets[:_LISTED_DATASETS])
        + f" och {len(datasets) - _LISTED_DATASETS} till (statsbidrag population list)"
    )


def _share_part(w: _Writer, part_id: str, label: str, units: str) -> list[str]:
    """A part stated as a share of the total, split by population over ``units``."""
    return [
        "  - kind: population",
        f"    id: {part_id}",
        f"    label: {label}",
        "    # Andelen av totalbeloppet i hela procent; beloppet räknas ut (och måste bli",
        "    # hela kronor).",
        "    percent: " + _fill("andelen i procent, t.ex. 70"),
        f"    units: {units}",
        "    population: " + _fill("befolkningsdatamängdens namn"),
        "    purpose: " + _fill("vad medlen ska användas till"),
        w.source((), "    ", "meningen om andelen"),
    ]


def _deadlines(w: _Writer) -> list[str]:
    found: dict[str, Fact] = w.draft.deadlines
    if not found:
        return [
            "    # En per slag: use_period_end, rekvisition_closes, report_due, repayment_due, …",
            "    - kind: repayment_due",
            "      date: " + _fill("ÅÅÅÅ-MM-DD"),
            "      actor: " + _fill("vem som ska göra det, t.ex. Mottagarna"),
        ]
    actors = {"agency_report_due": "FYLL I: myndigheten", "payment_by": "FYLL I: myndigheten"}
    agency = w.draft.facts.get("agency")
    if agency is not None:  # the agency the text names is the one that reports and pays
        actors = {kind: str(agency.value) for kind in actors}
    return [
        f"    - {{kind: {kind}, date: {fact.value}, actor: {_q(actors.get(kind, 'FYLL I: vem'))}}}"
        for kind, fact in found.items()
    ]
