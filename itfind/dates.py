"""Dates: today's date in one place (so tests can fix it), and the durations and dates
people type (`30d`, `6m`, `2026-01-31`)."""

from __future__ import annotations

import datetime as dt
import re

from itfind.i18n import _

_DURATION = re.compile(r"^\s*(\d{1,6})\s*([dwmy]?)\s*$", re.IGNORECASE)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365, "": 1}
# Dates itfind reasons about: schemes of the last century to well past any plan. A date
# outside is an input error, never an overflow deep in a computation.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
LONGEST = dt.timedelta(days=100 * 365)
# English month names: words to translate (pgettext "month"), as tables and feeds show them.
MONTHS = (
    "January February March April May June July August September October November December".split()
)


def today() -> dt.date:
    """The date statuses are evaluated on when no --as-of is given."""
    return dt.date.today()


def parse_date(value: str | dt.date | None) -> dt.date:
    """An ISO date between 1900 and 2199, or today for None; raises ValueError."""
    if value is None:
        return today()
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(
            _("{day} is outside {first} to {last}").format(
                day=day, first=EARLIEST.year, last=LATEST.year
            )
        )
    return day


def first_day(date: str) -> str:
    """A date as precise as its source (2026-03-31, 2026-03 or 2026) as the ISO day it
    starts on, so that dates of every precision sort and compare together."""
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def parse_duration(text: str) -> dt.timedelta:
    """`30d`, `6w`, `3m` (30-day months), `1y`, or a bare number of days."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(
            _("not a duration: {value} (try 30d, 6w, 3m or 1y)").format(value=repr(text[:40]))
        )
    number, unit = match.groups()
    span = dt.timedelta(days=int(number) * _DAYS[unit.lower()])
    if span > LONGEST:
        raise ValueError(_("{value} is longer than 100 years").format(value=text.strip()))
    return span
