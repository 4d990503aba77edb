"""Numbers people and files give: finite, not negative, and within sense.

NaN, infinity and absurd sizes are input errors, refused where they come in, never
arithmetic that goes wrong (or JSON that is not JSON) later on.
"""

from __future__ import annotations

import math
from typing import Any

MAX_HKD = 100_000_000_000  # HK$100 billion: any larger amount is a typo


def checked(value: Any, what: str, *, maximum: float, whole: bool = False) -> float | int:
    """`value` as a number from 0 to `maximum` (a whole one if `whole`); raises
    ValueError naming `what` otherwise."""
    from itfind.i18n import _

    template = (
        _("{what} must be a whole number from 0 to {maximum}")
        if whole
        else _("{what} must be a number from 0 to {maximum}")
    )
    problem = ValueError(template.format(what=what, maximum=f"{maximum:,.0f}"))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise problem
    if isinstance(value, float) and not math.isfinite(value):
        raise problem
    if not 0 <= value <= maximum:
        raise problem
    if whole and value != int(value):
        raise problem
    return int(value) if whole else value
