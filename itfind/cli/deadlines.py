"""`itfind deadlines`: windows that open or close soon, and an iCalendar export."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from itfind import i18n
from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.errors import UsageError
from itfind.i18n import _, word
from itfind.render import FORMATS


@options.command(formats=(*FORMATS, "ics", "atom"))
def command(
    run: Run,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            help="Only events within this time: 30d, 6w, 3m, 1y (all-year schemes are then "
            "counted, not listed).",
            metavar="TIME",
        ),
    ] = None,
    remind: Annotated[
        str | None,
        typer.Option(
            "--remind",
            help="With --format ics: an alarm this long before each closing date, e.g. 7d.",
            metavar="TIME",
        ),
    ] = None,
) -> None:
    """Application windows that open or close, soonest first; all-year schemes listed apart.

    Schemes that run in rounds and are between them get their next window as `expected`
    (the months past rounds ran in), never as a confirmed date. --format also takes ics
    (iCalendar).

    Example: itfind deadlines --within 90d     (calendar: itfind deadlines -f ics > hk.ics)
    """
    from itfind.dates import parse_duration

    span = alarm = None
    try:
        span = parse_duration(within) if within is not None else None
        alarm = parse_duration(remind) if remind is not None else None
    except ValueError as exc:
        raise UsageError(f"--within/--remind: {exc}") from None
    found = run.catalogue.deadlines(span)
    rolling = [] if span is not None else found.rolling
    if run.fmt == "ics":
        from itfind.deadlines import to_ics

        with stdout_guard():
            sys.stdout.write(to_ics(found.dated, run.as_of, alarm))
        if not found.dated:
            run.tell(_("No dated application windows in that period."))
        return
    if run.fmt == "atom":
        from itfind.render import atom

        entries = []
        for event in found.dated:
            row = event.to_dict(run.as_of)
            what = _("expected") + " " if row["expected"] else ""
            entries.append(
                atom.Entry(
                    atom.entry_key("deadline", row["id"], row["event"], row["date"]),
                    f"{row['name']}: {what}{row['event']} {row['date']}",
                    row["date"],
                    row["url"],
                    None,  # the feed's author: the entry has no administrator of its own
                    f"{row['name']}: applications {row['event'].removesuffix('s')} "
                    f"{'(expected) ' if row['expected'] else ''}{row['date']}",
                )
            )
        with stdout_guard():
            sys.stdout.write(atom.feed("Hong Kong I&T funding: deadlines", "deadlines", entries))
        return
    records = [event.to_dict(run.as_of) for event in found.dated + rolling]
    fields: tuple[str, ...] = ("date", "days_left", "event", "id", "name", "status", "expected")
    if run.fmt == "table" and not run.fields:  # a person reads "opens (expected)"
        records = [
            {
                **r,
                "event": _("{event} (expected)").format(event=word("event", r["event"]))
                if r["expected"]
                else word("event", r["event"]),
                "date": i18n.month(r["date"]) if r["expected"] else i18n.day(r["date"]),
            }
            for r in records
        ]
        fields = fields[:-1]
    run.emit(records, fields)
    if not found.dated:
        run.tell(_("No dated application windows in that period."))
    if span is not None and found.rolling:
        run.tell(
            f"{len(found.rolling)} scheme(s) take applications all year; "
            "without --within they are listed too."
        )
