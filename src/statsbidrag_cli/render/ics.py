"""iCalendar (RFC 5545) for deadlines: all-day events a calendar program imports.

Written by hand because the format needed is small: escaped text, lines folded at 75 octets
without splitting a UTF-8 character, CRLF line ends. Output is deterministic (the DTSTAMP is
derived from the event's date, not the clock), so the same decisions give the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..i18n import language
from ..reports.report import CalendarEvent

MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines led by a space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = " ", 1
            limit = MAX_LINE_OCTETS
        current += character
        size += width
    chunks.append(current)
    return "\r\n".join(chunks)


def calendar(
    events: Sequence[CalendarEvent], name: str, stamp: dt.datetime, remind_days: int = 0
) -> str:
    """A VCALENDAR with one all-day VEVENT per event, CRLF line ends; ``stamp`` (UTC) is when
    the entries were made, every event's DTSTAMP (RFC 5545).

    With ``remind_days`` > 0 each event carries a display alarm (VALARM) that many days before
    the deadline, so the calendar program reminds whoever must act in time. The texts are in
    the run's language, which the events declare (``LANGUAGE=sv``).
    """
    lang = language()
    made = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//statsbidrag//deadlines//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        day = event.date.strftime("%Y%m%d")
        next_day = (event.date + dt.timedelta(days=1)).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{made}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{next_day}",
            f"SUMMARY;LANGUAGE={lang}:{escape_text(event.summary)}",
            f"DESCRIPTION;LANGUAGE={lang}:{escape_text(event.description)}",
            "TRANSP:TRANSPARENT",
            *reminder(event, remind_days),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def reminder(event: CalendarEvent, days: int) -> list[str]:
    """The VALARM lines reminding of ``event`` ``days`` days ahead (none for 0 days)."""
    if days <= 0:
        return []
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:-P{days}D",
        f"DESCRIPTION:{escape_text(event.summary)}",
        "END:VALARM",
    ]
