"""Dates: today's date in one place, so that tests can fix it."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """The date statuses are evaluated on when no --as-of is given."""
    return dt.date.today()
