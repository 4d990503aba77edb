"""Dates: today's date in one place (so tests can fix it), and the durations and dates
people type (`30d`, `6m`, `2026-01-31`)."""

from __future__ import annotations

import datetime as dt
import re

_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365, "": 1}


def today() -> dt.date:
    """The date statuses are evaluated on when no --as-of is given."""
    return dt.date.today()


def parse_date(value: str | dt.date | None) -> dt.date:
    """An ISO date, or today for None; raises ValueError."""
    if value is None:
        return today()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def parse_duration(text: str) -> dt.timedelta:
    """`30d`, `6w`, `3m` (30-day months), `1y`, or a bare number of days."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 30d, 6w, 3m or 1y)")
    number, unit = match.groups()
    return dt.timedelta(days=int(number) * _DAYS[unit.lower()])
