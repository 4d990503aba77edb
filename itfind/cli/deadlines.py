"""`itfind deadlines`: windows that open or close soon, and an iCalendar export."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.errors import UsageError
from itfind.render import FORMATS


@options.command(formats=(*FORMATS, "ics"))
def command(
    run: Run,
    within: Annotated[
        str | None,
        typer.Option(
            "--within", help="Only events within this time: 30d, 6w, 3m, 1y.", metavar="TIME"
        ),
    ] = None,
) -> None:
    """Application windows that open or close, soonest first; all-year schemes listed apart.

    --format also takes ics (iCalendar).

    Example: itfind deadlines --within 90d     (calendar: itfind deadlines -f ics > hk.ics)
    """
    from itfind.dates import parse_duration

    span = None
    if within is not None:
        try:
            span = parse_duration(within)
        except ValueError as exc:
            raise UsageError(f"--within: {exc}") from None
    found = run.catalogue.deadlines(span)
    if run.fmt == "ics":
        from itfind.deadlines import to_ics

        with stdout_guard():
            sys.stdout.write(to_ics(found.dated, run.as_of))
        if not found.dated:
            run.tell("No dated application windows in that period.")
        return
    records = [event.to_dict(run.as_of) for event in found.dated + found.rolling]
    run.emit(records, ("date", "days_left", "event", "id", "name", "status"))
    if not found.dated:
        rolling = len(found.rolling)
        run.tell(
            "No dated application windows in that period"
            + (f"; {rolling} scheme(s) take applications all year." if rolling else ".")
        )
