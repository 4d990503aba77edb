"""`itfind changes`: every dated change across the catalogue, newest first."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from itfind import vocab
from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.cli.options import complete_ids, complete_vocab
from itfind.errors import UsageError
from itfind.i18n import _, ngettext
from itfind.render import FORMATS

DEFAULT = ("date", "id", "name", "kind", "change")


@options.command(facts=True, formats=(*FORMATS, "atom"))
def command(
    run: Run,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="From this date (YYYY-MM-DD), or this long before the as-of date (30d, 6m, 1y).",
            metavar="WHEN",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Up to this date, or this long after the as-of date.", metavar="WHEN"
        ),
    ] = None,
    ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            help="Only these schemes (repeatable).",
            metavar="ID",
            autocompletion=complete_ids,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only schemes with these statuses now (repeatable or comma-separated).",
            metavar="STATUS",
            autocompletion=complete_vocab("status"),
        ),
    ] = None,
) -> None:
    """Every dated change across the catalogue, newest first: launches, windows opening
    and closing, caps and ratios changed, ends, and changes announced for a date.

    Each row: date, id, name, kind (launch, opens, closes, ends, rename, cap, ratio,
    rule, other), change, source, planned. --format atom writes an Atom feed.

    Example: itfind changes --since 6m     (feed: itfind changes -f atom > changes.xml)
    """
    try:
        wanted = vocab.normalise("status", status or [])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    low = _when(since, run.as_of, -1, "--since")
    high = _when(until, run.as_of, 1, "--until")
    catalogue = run.catalogue
    found = catalogue.changes(
        since=low, until=high, ids=ids or (), status=wanted, applicant=run.applicant
    )
    if run.fmt == "atom":
        from itfind.render import atom

        authors = {}
        for change in found:
            if change.id not in authors:
                authors[change.id] = catalogue.item(change.id).scheme.administrator
        entries = [
            atom.Entry(
                atom.entry_key("change", c.id, c.date, f"{c.kind} {c.change}"),
                f"{c.name}: {c.change}",
                c.date,
                c.source,
                authors.get(c.id),
                f"{c.date} {c.kind}{' (announced)' if c.planned else ''}: {c.change}",
            )
            for c in found
        ]
        with stdout_guard():
            sys.stdout.write(atom.feed("Hong Kong I&T funding: changes", "changes", entries))
        return
    run.emit([c.to_dict() for c in found], DEFAULT)
    if not found:
        run.tell(_("No dated changes in that period."))
    # Newest first puts what is still to come on top: say so, or a reader may take a
    # scheduled close for one that happened.
    ahead = sum(1 for c in found if c.date[:10] > run.as_of.isoformat())
    if ahead and high is None:
        run.tell(
            ngettext(
                "The first {n} is dated after {day}: scheduled or announced, not yet "
                "happened; --until 0d leaves it out.",
                "The first {n} are dated after {day}: scheduled or announced, not yet "
                "happened; --until 0d leaves them out.",
                ahead,
            ).format(n=ahead, day=run.as_of.isoformat())
        )


def _when(value: str | None, as_of: dt.date, sign: int, option: str) -> dt.date | None:
    """A date, or a duration counted from the as-of date (back for --since)."""
    from itfind.dates import parse_date, parse_duration

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        pass
    try:
        return as_of + sign * parse_duration(value)
    except ValueError as exc:
        raise UsageError(
            _("{option} needs a date (2026-01-31) or a duration (30d, 6m, 1y): {reason}").format(
                option=option, reason=exc
            )
        ) from None
