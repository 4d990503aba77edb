"""Application windows that open or close, and their iCalendar export (RFC 5545).

The iCalendar writer is a few dozen lines of the standard library: all-day events need
only escaping, folding and CRLF, which does not earn a runtime dependency. The tests
check the output with the `icalendar` library's parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from itfind import model


class Event(NamedTuple):
    scheme: model.Entry  # the record's summary
    event: str  # "opens", "closes" or "all-year"
    date: dt.date | None

    def to_dict(self, as_of: dt.date) -> dict[str, Any]:
        """One row of `itfind deadlines` (README, "deadlines")."""
        return {
            "id": self.scheme.id,
            "name": self.scheme.name,
            "event": self.event,
            "date": self.date.isoformat() if self.date else None,
            "days_left": (self.date - as_of).days if self.date else None,
            "status": self.scheme.effective_status(as_of),
            "url": self.scheme.url,
        }


class Deadlines(NamedTuple):
    dated: list[Event]  # windows opening or closing, soonest first
    rolling: list[Event]  # schemes open all year


def deadlines(
    entries: Sequence[model.Entry], as_of: dt.date, within: dt.timedelta | None = None
) -> Deadlines:
    """Dated events from `as_of` on (soonest first), and the schemes open all year."""
    dated, rolling = [], []
    horizon = as_of + within if within is not None else None
    for entry in entries:
        status = entry.effective_status(as_of)
        for name, day in (("opens", entry.opens), ("closes", entry.closes)):
            if day is None or day < as_of or (horizon and day > horizon):
                continue
            if status == "ended":
                continue
            dated.append(Event(entry, name, day))
        if entry.intake == "rolling" and status == "open" and entry.closes is None:
            rolling.append(Event(entry, "all-year", None))
    dated.sort(key=lambda e: (e.date, e.event != "closes", e.scheme.id))
    rolling.sort(key=lambda e: e.scheme.id)
    return Deadlines(dated, rolling)


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n"))
    return text.replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def to_ics(events: Sequence[Event], as_of: dt.date) -> str:
    """All-day events with stable UIDs, so re-importing updates rather than duplicates."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//itfind//Hong Kong I&T funding deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:itfind deadlines",
    ]
    for e in events:
        if e.date is None:
            continue
        scheme = e.scheme
        verb = "opens" if e.event == "opens" else "closes"
        summary = f"{scheme.acronym or scheme.name} {verb}"
        description = f"{scheme.name}: applications {verb} on {e.date.isoformat()}."
        if scheme.url:
            description += f"\nCheck the official page: {scheme.url}"
        stamp = scheme.last_verified or as_of
        lines += [
            "BEGIN:VEVENT",
            f"UID:{scheme.id}-{e.event}-{e.date:%Y%m%d}@itfind",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
        ]
        if scheme.url:  # a URI value: no text escaping, but never a line break
            lines.append("URL:" + re.sub(r"[\x00-\x20\x7f]", "", scheme.url))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
