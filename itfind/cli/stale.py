"""`itfind stale`: records due for re-checking."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind import i18n
from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import UsageError
from itfind.i18n import _

DEFAULT = ("id", "last_verified", "status", "name", "url")


@options.command()
def command(
    run: Run,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than", help="Age of the last check: 180d, 26w, 6m, 1y.", metavar="TIME"
        ),
    ] = "180d",
) -> None:
    """List records due for re-checking: last verified longer ago than --older-than.

    Example: itfind stale --older-than 6m --fields id,last_verified,url
    """
    from itfind.dates import parse_duration

    try:
        span = parse_duration(older_than)
    except ValueError as exc:
        raise UsageError(f"--older-than: {exc}") from None
    due = run.catalogue.stale(span)
    run.emit(run.records(due, DEFAULT), DEFAULT)
    if not due:
        run.tell(
            _("Every record was verified within {span} of {day}.").format(
                span=older_than, day=i18n.day(run.as_of)
            )
        )
