"""A new decision file to fill in (``statsbidrag new``): every required field, commented, with
``"FYLL I: …"`` placeholders that ``validate`` refuses until they are filled in.

With a draft (:mod:`statsbidrag_cli.core.drafting`) the facts found in the decision's text are
filled in, each with the sentence it was read from as its quote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..core.drafting import Draft, Fact

SHAPES = ("equal-population", "fixed", "earmarked")


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


class _Writer:
    """Facts from the draft where there are some, placeholders elsewhere."""

    def __init__(self, draft: Draft, document: str) -> None:
        self.draft = draft
        self.document = document

    def value(self, name: str, hint: str) -> str:
        fact = self.draft.facts.get(name)
        return _q(fact.value) if fact else _fill(hint)

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
    schema_path: Path,
    draft: Draft | None = None,
    document: str = "FYLL I: källdokumentets filnamn i sources/",
) -> str:
    """The YAML text of a new decision file of ``shape`` (see :data:`SHAPES`)."""
    w = _Writer(draft or Draft(), document)
    diarienummer = w.value("diarienummer", "diarienummer, t.ex. S2027/00123 (null om okänt)")
    if "/" in decision_id and not (draft and "diarienummer" in draft.facts):
        diarienummer = _q(decision_id)
    parts = [
        f"# yaml-language-server: $schema={schema_path.resolve().as_uri()}",
        f'# {decision_id}: a new decision. Fill in every "FYLL I" and quote each fact from',
        "# its source document (a file in the sources/ folder beside decisions/); then run",
        f"#   statsbidrag validate {decision_id.replace('/', '-')}.yaml",
        f"diarienummer: {diarienummer}",
        f"title: {w.value('title', 'beslutets rubrik')}",
        f"beslutsdatum: {w.value('beslutsdatum', 'beslutsdatum, ÅÅÅÅ-MM-DD (null om okänt)')}",
        "ministry: " + _fill("departementet, t.ex. Socialdepartementet"),
        "agency: " + _fill("myndigheten som betalar ut, t.ex. Socialstyrelsen"),
        f"budget_year: {w.value('budget_year', 'budgetåret, t.ex. 2027')}",
        "# Paid to recipients in all: the sum of the components below.",
        f"total: {w.value('total', 'belopp till mottagarna i kronor, t.ex. 42000000')}",
        "# The most the agency may use for its own work (0 if the text gives nothing).",
        f"own_work_max: {w.value('own_work_max', 'högst … kronor för eget arbete')}",
        w.source(("title", "total"), "", "meningen där beslutet och beloppet står"),
        "",
        "funding:",
        f"  - utgiftsomrade: {w.value('utgiftsomrade', 'utgiftsområdets nummer')}",
        f"    utgiftsomrade_name: {w.value('utgiftsomrade_name', 'utgiftsområdets namn')}",
        "    # Quoted: unquoted 1:6 is a number in YAML 1.1.",
        f"    anslag: {w.value('anslag', 'anslaget, t.ex. 1:6')}",
        f"    anslag_name: {w.value('anslag_name', 'anslagets namn')}",
        f"    anslagspost: {w.value('anslagspost', 'anslagspostens nummer')}",
        f"    anslagspost_name: {w.value('anslagspost_name', 'anslagspostens namn')}",
        f"    budget_year: {w.value('budget_year', 'budgetåret')}",
        "    # Payments plus the own-work allowance. If the text does not state it, add under",
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
        *_components(shape, w),
        "",
        "dates:",
        "  deadlines:",
        *_deadlines(w),
        w.source(tuple(w.draft.deadlines), "  ", "meningarna med datumen"),
    ]
    return "\n".join(parts) + "\n"


def _components(shape: str, w: _Writer) -> list[str]:
    source = "    "
    if shape == "equal-population":
        return [
            "  - kind: equal",
            "    id: equal",
            "    label: Lika fördelning",
            f"    amount: {w.value('equal', 'belopp som fördelas lika, i kronor')}",
            '    # The recipients\' codes, quoted ("01", "12"), or all: the 21 regions.',
            "    recipients: all",
            "    purpose: " + _fill("vad medlen ska användas till"),
            w.source(("equal",), source, "meningen om den lika fördelningen"),
            "  - kind: population",
            "    id: population",
            "    label: Fördelning efter befolkningsmängd",
            f"    amount: {w.value('population', 'belopp som fördelas efter befolkning')}",
            "    # regions (each paid its own share), samverkansregioner or groups (with",
            "    # payees: unit -> region code), or kommuner.",
            "    units: regions",
            "    population: folkmangd_kommun_2025-12-31",
            "    purpose: " + _fill("vad medlen ska användas till"),
            w.source(("population",), source, "meningen om fördelningen efter befolkning"),
        ]
    lines = [
        "  - kind: fixed",
        "    id: projekt",
        "    label: " + _fill("delens namn"),
        f"    amount: {w.value('total', 'belopp i kronor')}",
        '    # The region that requisitions, quoted, e.g. "12" for Region Skåne.',
        "    recipient: " + _fill('regionkod, t.ex. "12"'),
        "    role: värdregion",
        "    purpose: " + _fill("vad medlen ska användas till"),
    ]
    if shape == "earmarked":
        lines += [
            "    # Parts set aside for purposes; each level must sum to the amount above it.",
            "    earmarks:",
            "      - id: del_1",
            "        label: " + _fill("öronmärkningens namn"),
            "        amount: " + _fill("belopp i kronor"),
            "        purpose: " + _fill("vad den är till"),
            "        children: []",
        ]
    lines.append(w.source(("total",), source, "meningen om beloppet"))
    return lines


def _deadlines(w: _Writer) -> list[str]:
    found: dict[str, Fact] = w.draft.deadlines
    if not found:
        return [
            "    # One per kind: use_period_end, rekvisition_closes, report_due, repayment_due, …",
            "    - kind: repayment_due",
            "      date: " + _fill("ÅÅÅÅ-MM-DD"),
            "      actor: Mottagarna",
        ]
    actors = {"agency_report_due": "FYLL I: myndigheten", "payment_by": "FYLL I: myndigheten"}
    return [
        f"    - {{kind: {kind}, date: {fact.value}, actor: {_q(actors.get(kind, 'FYLL I: vem'))}}}"
        for kind, fact in found.items()
    ]
