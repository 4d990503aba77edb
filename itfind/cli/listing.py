"""`itfind list`: every scheme with its status."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind import vocab
from itfind.cli import options
from itfind.cli.context import Run
from itfind.cli.options import complete_vocab
from itfind.errors import UsageError
from itfind.i18n import _
from itfind.render import DEFAULT_FIELDS


@options.command(sort=True)
def command(
    run: Run,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only these statuses (repeatable or comma-separated): "
            + ", ".join(vocab.STATUSES)
            + ".",
            metavar="STATUS",
            autocompletion=complete_vocab("status"),
        ),
    ] = None,
) -> None:
    """List every scheme in the catalogue with its status as of today.

    Closed and ended schemes are listed too, marked as such; `eligible` is the command
    that hides them.

    Example: itfind list --status open,upcoming --fields id,name,status,closes
    """
    try:
        wanted = vocab.normalise("status", status or [])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    records = run.records(run.order(run.catalogue.list(status=wanted)), DEFAULT_FIELDS)
    run.emit(records, DEFAULT_FIELDS)
    if not records:
        run.tell(
            _("No schemes to list. Try without --status.") if wanted else _("No schemes to list.")
        )
    run.warn_stale(records)
