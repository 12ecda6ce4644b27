"""Drafting a decision from its text: the facts a Swedish regeringsbeslut states in set phrases.

Pure: text in, facts out, each with the sentence it was read from (the quote the decision file
will carry). Regeringsbeslut are formulaic, so a few patterns find most facts:

* the title: the heading that starts with "Uppdrag" before "Regeringens beslut";
* the diarienummer (``S2026/00953``) and beslutsdatum, where the text gives them;
* the total: "betala ut … N kronor" (amounts in every form a Swedish text writes them:
  ``63 000 000 kronor``, ``42 000 000,00 kronor``, ``300 tkr``, ``2,5 miljoner kronor``; an
  amount that is not whole kronor is left to fill in);
* the equal and population parts: "N kronor … fördelas lika", "N kronor … efter
  befolkningsmängd";
* funding: "använda (totalt) N kronor", utgiftsområde, anslaget, anslagsposten, budgetåret;
* the own-work allowance: "högst N … eget arbete";
* deadlines: "återbetalas senast den D månad ÅÅÅÅ", "rekvireras senast", "användas senast",
  "betalas ut … senast", "senast … lämna en redovisning … till Regeringskansliet".

What a pattern does not find stays a placeholder for the author to fill in; nothing is
guessed. Every pattern is bounded (at most a few hundred characters between its parts), so a
text of any size is read in time linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {
    name: number
    for number, name in enumerate(
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
         "september", "oktober", "november", "december"],
        start=1,
    )
}  # fmt: skip
_GAP = r"[^.]{0,300}?"
"""Words between two parts of a phrase: bounded, so no pattern can backtrack across a whole
text (a text of 240 kB without a full stop is scanned in linear time)."""
_SPACE = "[ \u00a0\u2009\u202f]"
"""What separates groups of thousands: a space, a no-break space, a (narrow) thin space."""
_MONEY = (
    r"(?<![\d,.])(?<!\d[ \u00a0\u2009\u202f])"
    rf"(\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:,(\d{{1,6}}))?"
    r"[ \u00a0](kronor|kr\b|tkr|tusen kronor|mnkr|mkr|miljoner kronor|miljon kronor|"
    r"mdkr|miljarder kronor|miljard kronor)"
)
"""An amount of money as Swedish texts write it: ``63 000 000 kronor``, ``42 000 000,00
kronor``, ``300 tkr``, ``2,5 miljoner kronor``, ``1,2 mdkr``; never the tail of a longer
number. Three groups: the whole part, the decimals, the unit (see :func:`money`)."""
_MONEY_UNIT_IMPLIED = _MONEY.replace("[ \\u00a0](kronor|", "(?:[ \\u00a0](kronor|").replace(
    "miljard kronor)", "miljard kronor))?"
)
"""The same with the unit left out (``högst 250 000 användas för … eget arbete``): kronor."""
_UNITS = {"tkr": 1_000, "tusen kronor": 1_000, "mnkr": 10**6, "mkr": 10**6,
          "miljoner kronor": 10**6, "miljon kronor": 10**6, "mdkr": 10**9,
          "miljarder kronor": 10**9, "miljard kronor": 10**9}  # fmt: skip
_DATE = r"den (\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
"""Soft hyphens and zero-width characters: they may stand inside a number and mean nothing."""


@dataclass(frozen=True)
class Fact:
    """A value read from the text, and the sentence it stands in."""

    value: object
    sentence: str


@dataclass
class Draft:
    """The facts found in a decision's text, by field; deadlines by kind."""

    facts: dict[str, Fact] = field(default_factory=dict)
    deadlines: dict[str, Fact] = field(default_factory=dict)
    payouts: list[Fact] = field(default_factory=list)
    """Every "betala ut … N kronor": the total only when they all name one amount."""

    def value(self, name: str) -> object | None:
        fact = self.facts.get(name)
        return fact.value if fact else None


def sentences(text: str) -> list[str]:
    """The text's sentences, with line breaks and hyphenation at line ends undone."""
    joined = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    flat = " ".join(joined.split())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", flat) if s.strip()]


def kronor(text: str) -> int:
    """``63 000 000`` -> 63000000."""
    return int(re.sub(_SPACE, "", text))


def money(whole: str, decimals: str | None, unit: str) -> int | None:
    """The whole kronor an amount states, or None where it is not whole kronor (``12,50
    kronor``): a draft states only what it can read exactly. Exact: ``2,5 miljoner kronor``
    is 2 500 000, computed with integers."""
    scale = _UNITS.get(unit, 1)
    digits = decimals or ""
    numerator = (kronor(whole) * 10 ** len(digits) + int(digits or "0")) * scale
    whole_kronor, rest = divmod(numerator, 10 ** len(digits))
    return None if rest else whole_kronor


def swedish_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), MONTHS[month], int(day))
    except ValueError:
        return None


def draft(text: str) -> Draft:
    """Every fact the patterns find in ``text`` (see the module docstring)."""
    result = Draft()
    text = text.translate(_INVISIBLE)
    title = _title(text)
    if title:
        result.facts["title"] = Fact(title, title)
    for sentence in sentences(text):
        _read_sentence(sentence, result)
    amounts = {fact.value for fact in result.payouts}
    if len(amounts) == 1:  # several payouts (to several projects): the total is not stated
        result.facts["total"] = result.payouts[0]
    return result


def _title(text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines()]
    try:
        end = lines.index("Regeringens beslut")
    except ValueError:
        return None
    start = next((i for i in range(end) if lines[i].startswith("Uppdrag")), None)
    if start is None:
        return None
    return " ".join(line for line in lines[start:end] if line) or None


def _first(result: Draft, name: str, value: object, sentence: str) -> None:
    """Keep the first occurrence of a fact: decisions state the main figure first."""
    result.facts.setdefault(name, Fact(value, sentence))


def _read_sentence(sentence: str, result: Draft) -> None:
    found = re.search(r"\b([A-ZÅÄÖ]{1,3}\d{4}/\d{5})\b", sentence)
    if found and "regeringsbeslut" in sentence.lower():
        _first(result, "diarienummer", found.group(1), sentence)
    if (amount := _amount(rf"betala ut{_GAP}{_MONEY}", sentence)) and "använda" not in sentence:
        result.payouts.append(Fact(amount, sentence))
    if amount := _amount(rf"{_MONEY}{_GAP}fördelas lika", sentence):
        _first(result, "equal", amount, sentence)
    if amount := _amount(rf"{_MONEY}{_GAP}efter befolkning", sentence):
        _first(result, "population", amount, sentence)
    if amount := _amount(rf"högst {_MONEY_UNIT_IMPLIED} {_GAP}eget arbete", sentence):
        _first(result, "own_work_max", amount, sentence)
    if amount := _amount(rf"använda (?:totalt )?{_MONEY}", sentence):
        _first(result, "funding_amount", amount, sentence)
    _read_funding(sentence, result)
    _read_deadlines(sentence, result)


def _amount(pattern: str, sentence: str) -> int | None:
    """The amount the first match of ``pattern`` (ending in :data:`_MONEY`) states, or None
    when nothing matches or the amount is not whole kronor (a draft leaves it to fill in)."""
    found = re.search(pattern, sentence)
    if found is None:
        return None
    whole, decimals, unit = found.groups()[-3:]
    return money(whole, decimals, unit or "kronor")


def _read_funding(sentence: str, result: Draft) -> None:
    patterns = {
        "utgiftsomrade": (r"utgiftsområde (\d{1,2}) (.{0,200}?) för budgetåret", True),
        "budget_year": (r"budgetåret (\d{4})", False),
        "anslag": (r"anslaget (\d+:\d+) ([^,]{0,200}?)(?:,|$)", True),
        "anslagspost": (r"anslagsposten (\d+) ([^,.]{0,200})", True),
    }
    for name, (pattern, named) in patterns.items():
        found = re.search(pattern, sentence)
        if found:
            code = found.group(1)
            value: object = int(code) if name != "anslag" else code
            _first(result, name, value, sentence)
            if named:
                _first(result, f"{name}_name", found.group(2).strip(), sentence)


DEADLINE_PATTERNS = (
    ("repayment_due", rf"återbetalas senast {_DATE}|senast återbetalas {_DATE}"),
    ("rekvisition_closes", rf"rekvireras senast {_DATE}"),
    ("use_period_end", rf"användas senast {_DATE}|användas till och med {_DATE}"),
    ("payment_by", rf"betalas ut{_GAP}senast {_DATE}"),
    ("agency_report_due", rf"senast {_DATE} lämna en{_GAP}redovisning av uppdraget"),
)


def _read_deadlines(sentence: str, result: Draft) -> None:
    for kind, pattern in DEADLINE_PATTERNS:
        found = re.search(pattern, sentence)
        if found:
            day, month, year = [g for g in found.groups() if g is not None][:3]
            date = swedish_date(day, month, year)
            if date is not None:
                result.deadlines.setdefault(kind, Fact(date, sentence))
