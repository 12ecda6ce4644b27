"""Drafting a decision from its text: the facts a Swedish regeringsbeslut states in set phrases.

Pure: text in, facts out, each with the sentence it was read from (the quote the decision file
will carry). Regeringsbeslut are formulaic, so a few patterns find most facts:

* the title: the heading that starts with "Uppdrag" before "Regeringens beslut";
* the diarienummer (``S2026/00953``) and beslutsdatum, where the text gives them (a header
  "Regeringsbeslut I:5 2027-02-15", "beslutsdatum 2027-02-15", "regeringsbeslut S2026/00953
  den 7 maj 2026");
* the agency ("Regeringen ger Socialstyrelsen i uppdrag"), the ministry (when the text names
  exactly one departement) and the budget year ("budgetåret 2027", else "under 2027" in the
  sentence of the assignment);
* the total: "betala ut … N kronor" (amounts in every form a Swedish text writes them:
  ``63 000 000 kronor``, ``42 000 000,00 kronor``, ``300 tkr``, ``2,5 miljoner kronor``; an
  amount that is not whole kronor is left to fill in);
* the equal and population parts: "N kronor … fördelas lika", "N kronor … efter
  befolkningsmängd";
* funding: "använda (totalt) N kronor", utgiftsområde, anslaget, anslagsposten, budgetåret;
* the own-work allowance: "högst N … eget arbete";
* deadlines: "återbetalas senast den D månad ÅÅÅÅ", "rekvireras senast", "användas senast",
  "betalas ut … senast", "senast … lämna en redovisning … till Regeringskansliet",
  "Redovisning ska lämnas … senast …".

What a pattern does not find stays a placeholder for the author to fill in; nothing is
guessed. What the text suggests without stating it (who the recipients are, the units of a
population part) is kept apart, as :attr:`Draft.hints`, for a comment beside the
placeholder, never as a value. Every pattern is bounded (at most a few hundred characters
between its parts), so a text of any size is read in time linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .months import MONTHS

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
    phrase: str = ""
    """The words of the sentence the value was read from (``Regeringen ger Socialstyrelsen i
    uppdrag``), to show where a long sentence states it."""
    referred: bool = False
    """The value is what the text refers to (``enligt regeringsbeslut S2026/00953``): the
    decision itself on an agency's page, or another decision the text builds on."""


@dataclass
class Draft:
    """The facts found in a decision's text, by field; deadlines by kind."""

    facts: dict[str, Fact] = field(default_factory=dict)
    deadlines: dict[str, Fact] = field(default_factory=dict)
    payouts: list[Fact] = field(default_factory=list)
    """Every "betala ut … N kronor": the total only when they all name one amount."""
    hints: dict[str, Fact] = field(default_factory=dict)
    """What a sentence suggests for a field the text does not state (``recipients``,
    ``units``, ``population``): shown to the author as a question, never filled in."""

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
    if len(amounts) == 1 and None not in amounts:  # several payouts: no total is stated
        result.facts["total"] = result.payouts[0]
    under = result.facts.pop("budget_year_under", None)
    if "budget_year" in result.facts:  # "budgetåret 2027": the anslag's year, and the grant's
        result.facts["funding_budget_year"] = result.facts["budget_year"]
    elif under is not None:  # "under 2027": the year of the grant, not stated for the anslag
        result.facts["budget_year"] = under
    ministries = {m.group(1) for m in _MINISTRY.finditer(text)}
    if len(ministries) == 1:  # several: which of them decided is not for a pattern to say
        sentence = next(s for s in sentences(text) if _MINISTRY.search(s))
        name = ministries.pop()
        result.facts["ministry"] = Fact(name, sentence, name)
    return result


_MINISTRY = re.compile(r"(?<![a-zåäö])([A-ZÅÄÖ][a-zåäö]{2,40}departementet)(?![a-zåäö])")
"""A departement as texts name it (``Socialdepartementet``), also run together with the
next word of a letterhead (``SocialdepartementetSocialstyrelsen``)."""
_ISO_DATE = r"(\d{4})-(\d{2})-(\d{2})"


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


def _first(result: Draft, name: str, value: object, sentence: str, phrase: str = "") -> None:
    """Keep the first occurrence of a fact: decisions state the main figure first."""
    result.facts.setdefault(name, Fact(value, sentence, phrase))


def _read_sentence(sentence: str, result: Draft) -> None:
    found = re.search(r"\b([A-ZÅÄÖ]{1,3}\d{4}/\d{5})\b", sentence)
    if found and "regeringsbeslut" in sentence.lower():
        before = sentence[: found.start()].lower()
        referred = re.search(r"\benligt\s+(?:regerings)?beslut(?:et)?\s*$", before) is not None
        result.facts.setdefault("diarienummer", Fact(found.group(1), sentence, referred=referred))
    _read_identity(sentence, result)
    payout = rf"betala ut{_GAP}{_MONEY}"
    funding = rf"använda (?:totalt )?{_MONEY}"
    if re.search(payout, sentence) and not re.search(funding, sentence):
        # a sentence that states what may be used (funding) states no payout; the word alone
        # elsewhere ("… till regionerna att använda") does not make it one
        # kept even when not whole kronor (None): a second payout means no stated total
        result.payouts.append(Fact(_amount(payout, sentence), sentence))
    if amount := _amount(rf"{_MONEY}{_GAP}fördelas lika", sentence):
        _first(result, "equal", amount, sentence)
    if amount := _amount(rf"{_MONEY}{_GAP}efter befolkning", sentence):
        _first(result, "population", amount, sentence)
    if amount := _amount(rf"högst {_MONEY_UNIT_IMPLIED} {_GAP}eget arbete", sentence):
        _first(result, "own_work_max", amount, sentence)
    if amount := _amount(funding, sentence):
        _first(result, "funding_amount", amount, sentence)
    _read_funding(sentence, result)
    _read_deadlines(sentence, result)


_DECIDED_ON = re.compile(
    r"(?i:regeringsbeslut(?:et)?)(?: [IVX]{1,4}:\d{1,3})?(?: [A-ZÅÄÖ]{1,3}\d{4}/\d{5})?"
    rf" (?:{_ISO_DATE}|{_DATE})|(?i:beslutsdatum):? (?:{_ISO_DATE}|{_DATE})"
)
"""The date of the decision: a header ``Regeringsbeslut I:5 2027-02-15``, ``beslutsdatum
2027-02-15``, or a reference ``regeringsbeslut S2026/00953 den 7 maj 2026``."""
_AGENCY = re.compile(
    r"Regeringen ger ([A-ZÅÄÖ][\wåäöÅÄÖ-]{1,60}(?: [\wåäöÅÄÖ-]{1,40}){0,4}) i uppdrag"
)
_UNDER_YEAR = re.compile(r"\bunder (?:år )?(\d{4})\b")


def _read_identity(sentence: str, result: Draft) -> None:
    """The beslutsdatum, the agency and the year of the assignment."""
    found = _DECIDED_ON.search(sentence)
    if found:
        parts = [g for g in found.groups() if g is not None][:3]
        if parts[1].isdigit():  # ISO
            try:
                date: dt.date | None = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                date = None
        else:
            date = swedish_date(*parts)
        if date is not None:
            _first(result, "beslutsdatum", date, sentence, found.group(0))
    agency = _AGENCY.search(sentence)
    if agency:
        _first(result, "agency", agency.group(1), sentence, agency.group(0))
    under = _UNDER_YEAR.search(sentence)
    if under and ("i uppdrag" in sentence or "betala ut" in sentence):
        _first(result, "budget_year_under", int(under.group(1)), sentence, under.group(0))
    _read_hints(sentence, result)


_ALL_REGIONS = re.compile(r"\b(?:samtliga|alla|landets) (?:21 )?regioner\b|\btill regionerna\b")
_UNIT_WORDS = (
    ("samverkansregion", "samverkansregioner"),
    ("kommun", "kommuner"),
    ("län", "regions"),
    ("region", "regions"),
)


def _read_hints(sentence: str, result: Draft) -> None:
    """What a sentence suggests without stating a field's value (see :attr:`Draft.hints`)."""
    if "fördelas lika" in sentence or "betala ut" in sentence:
        if _ALL_REGIONS.search(sentence):
            result.hints.setdefault("recipients", Fact("all", sentence))
        elif "fördelas lika" in sentence:
            result.hints.setdefault("recipients", Fact(None, sentence))
    if "efter befolkning" in sentence:
        lowered = sentence.lower()
        unit = next((units for word, units in _UNIT_WORDS if word in lowered), None)
        result.hints.setdefault("units", Fact(unit, sentence))
        dated = re.search(_DATE, sentence)
        result.hints.setdefault("population", Fact(dated.group(0) if dated else None, sentence))


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
        "utgiftsomrade": r"utgiftsområde (\d{1,2})\b(?: (.{0,200}?) för budgetåret)?",
        "budget_year": r"budgetåret (\d{4})",
        "anslag": r"anslaget (\d+:\d+)(?: ([^,]{0,200}?)(?:,|\.?$))?",
        "anslagspost": r"anslagsposten (\d+)\b(?: ([^,.]{0,200}))?",
    }
    for name, pattern in patterns.items():
        found = re.search(pattern, sentence)
        if found:
            code = found.group(1)
            value: object = int(code) if name != "anslag" else code
            _first(result, name, value, sentence)
            named = found.group(2).strip() if found.lastindex == 2 and found.group(2) else ""
            if named[:1].isalpha() and named[:1].isupper():  # a name, not the next words
                _first(result, f"{name}_name", named, sentence)


DEADLINE_PATTERNS = (
    ("repayment_due", rf"återbetalas senast {_DATE}|senast återbetalas {_DATE}"),
    ("repayment_due", rf"^Återbetalning(?:en)? ska (?:ske|göras){_GAP}senast {_DATE}"),
    ("rekvisition_closes", rf"rekvireras senast {_DATE}"),
    ("use_period_end", rf"användas senast {_DATE}|användas till och med {_DATE}"),
    ("payment_by", rf"betalas ut{_GAP}senast {_DATE}"),
    ("agency_report_due", rf"senast {_DATE} lämna en{_GAP}redovisning av uppdraget"),
    ("agency_report_due", rf"^(?:En )?[Rr]edovisning(?:en)?{_GAP} ska lämnas{_GAP}senast {_DATE}"),
    ("agency_report_due", rf"^Uppdraget ska redovisas{_GAP}senast {_DATE}"),
)


def _read_deadlines(sentence: str, result: Draft) -> None:
    for kind, pattern in DEADLINE_PATTERNS:
        found = re.search(pattern, sentence)
        if found:
            day, month, year = [g for g in found.groups() if g is not None][:3]
            date = swedish_date(day, month, year)
            if date is not None:
                result.deadlines.setdefault(kind, Fact(date, sentence))
