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
from itfind.dates import MONTHS


class Event(NamedTuple):
    scheme: model.Entry  # the record's summary
    event: str  # "opens", "closes" or "all-year"
    date: dt.date | None  # for an expected event, the first day of its month
    expected: bool = False  # from the months past rounds ran in, not a confirmed date

    def to_dict(self, as_of: dt.date) -> dict[str, Any]:
        """One row of `itfind deadlines` (README, "deadlines"). An expected event gives
        its month (`2027-05`), never a day."""
        day = None
        if self.date:
            day = self.date.strftime("%Y-%m") if self.expected else self.date.isoformat()
        return {
            "id": self.scheme.id,
            "name": self.scheme.name,
            "event": self.event,
            "date": day,
            "days_left": (self.date - as_of).days if self.date and not self.expected else None,
            "status": self.scheme.effective_status(as_of),
            "url": self.scheme.url,
            "expected": self.expected,
        }


class Deadlines(NamedTuple):
    dated: list[Event]  # windows opening or closing, soonest first (expected ones too)
    rolling: list[Event]  # schemes open all year


def deadlines(
    entries: Sequence[model.Entry], as_of: dt.date, within: dt.timedelta | None = None
) -> Deadlines:
    """Dated events from `as_of` on (soonest first), the expected next windows of schemes
    between rounds, and the schemes open all year."""
    dated, rolling = [], []
    horizon = as_of + within if within is not None else None

    def keep(day: dt.date) -> bool:
        return day >= as_of and (horizon is None or day <= horizon)

    for entry in entries:
        if entry.kind == "programme":
            continue  # an umbrella (the ITF): its parts have the windows
        status = entry.effective_status(as_of)
        if status in ("ended", "not-launched"):
            continue
        confirmed = False
        for name, day in (("opens", entry.opens), ("closes", entry.closes)):
            if day is not None and day >= as_of:
                confirmed = True
                if keep(day):
                    dated.append(Event(entry, name, day))
        # Between rounds, or "open" with no dates (ITSP: R&D Centres all year, the
        # universities' call once a year): the usual window, marked expected.
        if entry.intake == "rounds" and entry.usual and not confirmed:
            opens, closes = next_window(entry.usual, as_of)
            for name, day in (("opens", opens), ("closes", closes)):
                if keep(day):
                    dated.append(Event(entry, name, day, expected=True))
        if entry.intake == "rolling" and status == "open" and entry.closes is None:
            rolling.append(Event(entry, "all-year", None))
    dated.sort(key=lambda e: (e.date, e.expected, e.event != "closes", e.scheme.id))
    rolling.sort(key=lambda e: e.scheme.id)
    return Deadlines(dated, rolling)


def next_window(usual: tuple[int, int], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first days of the months the next round would open and close in, if it runs
    when the last one did."""
    open_month, close_month = usual
    year = as_of.year if open_month >= as_of.month else as_of.year + 1
    opens = dt.date(year, open_month, 1)
    closes = dt.date(year + (close_month < open_month), close_month, 1)
    return opens, closes


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


def to_ics(events: Sequence[Event], as_of: dt.date, remind: dt.timedelta | None = None) -> str:
    """All-day events with stable UIDs, so re-importing updates rather than duplicates.
    An expected event says so and spans its month's first day; with `remind`, each
    closing date gets an alarm that long before it."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//itfind//Hong Kong I&T funding deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:itfind deadlines",
    ]
    from itfind import i18n
    from itfind.i18n import _

    for e in events:
        if e.date is None:
            continue
        scheme = e.scheme
        name = scheme.name
        if i18n.chinese() and scheme.name_zh:
            name = i18n.script(scheme.name_zh)
        opens = e.event == "opens"
        if e.expected:
            month = i18n.pgettext("month", MONTHS[e.date.month - 1])
            summary = (
                _("{name}: applications usually open in {month} (expected)")
                if opens
                else _("{name}: applications usually close in {month} (expected)")
            ).format(name=name, month=month)
            description = (
                _(
                    "{name}: past rounds opened in {month}, so the next may open in {month} "
                    "{year}. Not a confirmed date."
                )
                if opens
                else _(
                    "{name}: past rounds closed in {month}, so the next may close in {month} "
                    "{year}. Not a confirmed date."
                )
            ).format(name=name, month=month, year=e.date.year)
            uid = f"{scheme.id}-expected-{e.event}-{e.date:%Y%m}@itfind"
        else:
            summary = (
                _("{name}: applications open") if opens else _("{name}: applications close")
            ).format(name=name)
            description = (
                _("{name}: applications open on {date}.")
                if opens
                else _("{name}: applications close on {date}.")
            ).format(name=name, date=i18n.day(e.date))
            uid = f"{scheme.id}-{e.event}-{e.date:%Y%m%d}@itfind"
        if scheme.url:
            description += "\n" + _("Check the official page: {url}").format(url=scheme.url)
        stamp = scheme.last_verified or as_of
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "TRANSP:TRANSPARENT",
        ]
        if scheme.url:  # a URI value: no text escaping, but never a line break
            lines.append("URL:" + re.sub(r"[\x00-\x20\x7f]", "", scheme.url))
        if remind is not None and e.event == "closes" and not e.expected:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{_escape(summary)}",
                f"TRIGGER;RELATED=START:-P{remind.days}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
