"""The JSON Schema of the decision format, generated from the pydantic models, and the field
reference in the README generated from it.

The schema is *standard* JSON Schema (draft 2020-12): the component kinds are chosen with
``if``/``then`` on ``kind`` rather than pydantic's ``discriminator`` (an OpenAPI keyword that
standard validators ignore), so an editor or the ``jsonschema`` library points a typo at the
field itself. Every field and every deadline kind has a description.

The repository keeps a copy in ``schema/decision.schema.json`` (installed with the package as
``statsbidrag_cli/data/schema/decision.schema.json``); a test fails when it, or the README's
field reference, is out of date. Regenerate with ``statsbidrag schema -o
schema/decision.schema.json --force`` and ``statsbidrag schema --reference``.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from .decision import DEADLINE_LABELS, PART_MODELS, Decision

DEADLINE_MEANINGS: dict[str, str] = {
    "use_period_start": "the first day the grant may be used",
    "use_period_end": "the last day the grant may be used",
    "rekvisition_opens": "the first day the recipient may requisition (rekvirera) the money",
    "rekvisition_closes": "the last day of the rekvisition window",
    "payment_by": "the day by which the agency pays out",
    "report_due": "the recipient's redovisning of how the money was used is due",
    "financial_report_due": "the recipient's ekonomisk redovisning is due",
    "repayment_due": "unused or misused money must be repaid (återbetalning) by this day",
    "agency_report_due": "the agency's redovisning to the government is due",
}
"""What each deadline kind means (the schema and the README say it)."""

PERCENT_HELP = (
    "The part's share of the decision total in whole percent, when the text "
    'states it so ("70 procent"): the amount is then exactly that share and may be left '
    "out; a share that is not whole kronor is refused (state the amount)."
)
"""The help of ``percent``, which every kind of part has."""

FIELD_DOCS: dict[str, dict[str, str]] = {
    "Decision": {
        "diarienummer": "The decision's diarienummer, e.g. S2026/00953; null when the text "
        "does not give it (then say so in diarienummer_note). The file is named after it.",
        "diarienummer_note": "Why diarienummer is null, e.g. 'not stated in the source'.",
        "title": "The decision's title, as the text gives it.",
        "beslutsdatum": "The date of the decision, YYYY-MM-DD; null when not stated.",
        "beslutsdatum_note": "Why beslutsdatum is null.",
        "ministry": "The ministry (departement) that decided, e.g. Socialdepartementet; null "
        "when the text does not say (then say so in ministry_note).",
        "ministry_note": "Why ministry is null.",
        "agency": "The agency that pays out, e.g. Socialstyrelsen; null when the texts at "
        "hand do not say (then say so in agency_note).",
        "agency_note": "Why agency is null.",
        "budget_year": "The budget year the money belongs to.",
        "total": "Kronor paid to recipients in all (the sum of the components).",
        "own_work_max": "The most the agency may use for its own work (medel för eget "
        "arbete), not paid to recipients.",
        "tie_rule": "How equal remainders are ordered when they decide a krona: "
        "larger_population_then_code or code. Required only when a tie decides.",
        "funding": "What the decision charges to each anslagspost; null when the texts at "
        "hand do not name the anslag (then say so in funding_note: never guess a budget line).",
        "funding_note": "Why funding is null, e.g. 'the decision text is not at hand'.",
        "components": "The parts of the money: equal splits, population splits, fixed amounts.",
        "dates": "The decision's deadlines; null when the texts at hand give none (then say "
        "so in dates_note).",
        "dates_note": "Why dates is null.",
        "published": "The agency's published allocation table, as printed, if there is one.",
        "conditions": "Conditions attached to the grant, in the words of the text.",
        "repayment": "Repayment terms, e.g. the invoicing threshold.",
        "derived": "Amounts worked out rather than read, with the rule check verifies.",
        "source": "Where the decision's own facts (title, date, total) are read.",
    },
    "Source": {
        "document": "A file name in the decision set's sources folder.",
        "quotes": "The words the fact is read from, exactly as in the document.",
    },
    "FundingLine": {
        "utgiftsomrade": "The utgiftsområde number, 1 to 27.",
        "utgiftsomrade_name": "The utgiftsområde's name.",
        "anslag": 'The anslag, e.g. "1:6" (quoted: unquoted YAML reads 1:6 as a number).',
        "anslag_name": "The anslag's name.",
        "anslagspost": "The anslagspost number.",
        "anslagspost_name": "The anslagspost's name; null when the text does not give it "
        "(then say so in anslagspost_name_note).",
        "anslagspost_name_note": "Why anslagspost_name is null.",
        "budget_year": "The budget year charged.",
        "amount": "Kronor charged to this anslagspost, own-work allowance included.",
        "own_work_max": "Of amount, the most the agency may use for its own work.",
        "component": "The component (id) this line pays for, if the text says.",
        "source": "Where the line is read.",
    },
    "EqualComponent": {
        "kind": "equal: an amount split equally.",
        "id": "A short id, lower case (used in CSV columns and funding lines).",
        "label": "The part's name, as people read it.",
        "amount": "Kronor in this part.",
        "percent": PERCENT_HELP,
        "recipients": "Region (2-digit) or kommun (4-digit) codes, quoted; or all (the 21 "
        "regions).",
        "purpose": "What the money is for.",
        "source": "Where the part is read.",
    },
    "PopulationComponent": {
        "kind": "population: an amount split by population.",
        "id": "A short id, lower case.",
        "label": "The part's name.",
        "amount": "Kronor in this part.",
        "units": "What the population is counted per: samverkansregioner, regions, "
        "kommuner or groups.",
        "codes": "For regions or kommuner: only these codes (default all).",
        "groups": "For groups: the custom units and what they contain.",
        "population": "The dataset split by (see population list): population, or any other "
        "count per unit a dataset holds (asylsökande, elever), as its measure says.",
        "payees": "Who is paid each unit's share: unit id -> region or kommun code. "
        "Required for samverkansregioner and groups; regions and kommuner are paid their own.",
        "rounding": "largest_remainder (default), half_up, dhondt or sainte_lague.",
        "percent": PERCENT_HELP,
        "floor": "The least each unit gets, in kronor (golv): units below it are lifted to it "
        "and the rest split again by the key among the others (0, the default: no floor).",
        "cap": "The most each unit gets, in kronor (tak): units above it are held at it and the "
        "rest split again among the others (default: no cap).",
        "purpose": "What the money is for.",
        "source": "Where the part is read.",
    },
    "Group": {
        "id": "The group's id.",
        "name": "The group's name.",
        "counties": "Whole counties in the group (codes).",
        "kommuner": "Single kommuner in the group (codes).",
    },
    "RateComponent": {
        "kind": "rate: kronor per counted unit of a key, paid exactly (no rounding).",
        "id": "A short id, lower case.",
        "label": "The part's name.",
        "amount": "Kronor the rate comes to in all (rate × the counts); check says when it "
        "does not. Where the text states no total, state it with a derived note.",
        "percent": PERCENT_HELP,
        "rate": "Kronor per counted unit, as the text states it (e.g. 4358).",
        "units": "Who is paid: regions or kommuner, each for its own count.",
        "codes": "Only these codes (default all).",
        "population": "The dataset whose counts the rate is paid for (see population list).",
        "purpose": "What the money is for.",
        "source": "Where the part and its rate are read.",
    },
    "FixedComponent": {
        "kind": "fixed: a fixed amount to one recipient.",
        "id": "A short id, lower case.",
        "label": "The part's name.",
        "amount": "Kronor paid.",
        "percent": PERCENT_HELP,
        "recipient": "The region or kommun code paid.",
        "role": "The recipient's role, e.g. värdregion.",
        "project": "The project the money is for, e.g. GMS.",
        "earmarks": "Parts of the amount set aside for purposes; they must sum to it.",
        "purpose": "What the money is for.",
        "source": "Where the part is read.",
    },
    "Earmark": {
        "id": "A short id, unique in the component.",
        "label": "The earmark's name.",
        "amount": "Kronor set aside.",
        "purpose": "What it is for.",
        "children": "Parts of this earmark; they must sum to it.",
    },
    "Condition": {
        "text": "The condition, in the text's words.",
        "source": "Where it is read.",
    },
    "Dates": {
        "deadlines": "One entry per kind of deadline the decision sets.",
        "source": "Where the dates are read.",
    },
    "Deadline": {
        "kind": "What the date is: "
        + "; ".join(f"{kind}: {meaning}" for kind, meaning in DEADLINE_MEANINGS.items()),
        "date": "The day, YYYY-MM-DD.",
        "actor": "Who must act, or 'Ej angivet i beslutet'.",
        "description": "More detail from the text.",
    },
    "RepaymentTerms": {
        "invoice_above": "The agency invoices repayments over this many kronor.",
        "source": "Where the terms are read.",
    },
    "Tolerance": {
        "kronor": "How far computed amounts may differ from the published ones.",
        "reason": "Why they may differ.",
    },
    "PublishedTable": {
        "publisher": "Who published the table.",
        "rows": "The table's rows, as printed.",
        "complete": "false when the source shows only some rows (the others are unknown).",
        "tolerance": "How far the computation may differ from the table, and why.",
        "source": "Where the table is read.",
    },
    "PublishedRow": {
        "code": "The recipient's code.",
        "name": "The recipient's name as printed.",
        "amounts": "Kronor per component id; null when not given; left out when nothing.",
        "total": "The row's total, or null when not given.",
        "derived": "true when the row was worked out rather than read.",
        "note": "How a derived row was worked out.",
    },
    "DerivedAmount": {
        "field": "The amount: total, own_work_max or funding.N.amount.",
        "rule": "sum_of_components, component_plus_own_work or sum_of_own_work.",
        "note": "Why the amount is derived (what the text states instead).",
    },
}
"""A description of every field of every model, for the schema and the README."""

COMPONENT_KINDS = {
    get_args(model.model_fields["kind"].annotation)[0]: model.__name__ for model in PART_MODELS
}
"""Each kind's name and the model of its parts, from the one list of part models."""


def decision_schema() -> dict[str, Any]:
    """The standard JSON Schema (draft 2020-12) of a decision file, every field described."""
    schema = Decision.model_json_schema()
    for name, definition in [("Decision", schema), *schema.get("$defs", {}).items()]:
        docs = FIELD_DOCS.get(name, {})
        for field, prop in definition.get("properties", {}).items():
            if field in docs:
                prop["description"] = docs[field]
    for model in COMPONENT_KINDS.values():  # a part stated as a share may leave out its amount
        definition = schema["$defs"][model]
        if "percent" in definition["properties"] and "amount" in definition["required"]:
            definition["required"].remove("amount")
            definition["anyOf"] = [{"required": ["amount"]}, {"required": ["percent"]}]
    components = schema["properties"]["components"]
    components["items"] = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(COMPONENT_KINDS)}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/{model}"},
            }
            for kind, model in COMPONENT_KINDS.items()
        ],
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def decision_schema_json() -> str:
    """The schema as stable, indented JSON text with a final newline."""
    return json.dumps(decision_schema(), ensure_ascii=False, indent=2) + "\n"


def field_reference() -> str:
    """The README's "Writing a decision file" reference, generated from the schema."""
    schema = decision_schema()
    definitions = schema["$defs"]
    order = [
        "Decision",
        "Source",
        "FundingLine",
        "EqualComponent",
        "PopulationComponent",
        "Group",
        "FixedComponent",
        "Earmark",
        "RateComponent",
        "Dates",
        "Deadline",
        "Condition",
        "RepaymentTerms",
        "PublishedTable",
        "PublishedRow",
        "Tolerance",
        "DerivedAmount",
    ]
    lines = []
    for name in order:
        definition = schema if name == "Decision" else definitions[name]
        required = set(definition.get("required", []))
        heading = "The decision file" if name == "Decision" else f"`{name}`"
        lines += [f"#### {heading}", "", "| field | required | meaning |", "| --- | --- | --- |"]
        for field, prop in definition.get("properties", {}).items():
            flag = "yes" if field in required else ""
            lines.append(f"| `{field}` | {flag} | {prop.get('description', '')} |")
        lines.append("")
    lines += ["#### Deadline kinds", "", "| kind | label | meaning |", "| --- | --- | --- |"]
    lines += [
        f"| `{kind}` | {DEADLINE_LABELS[kind]} | {meaning} |"
        for kind, meaning in DEADLINE_MEANINGS.items()
    ]
    return "\n".join(lines) + "\n"
