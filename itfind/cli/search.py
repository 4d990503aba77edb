"""`itfind search`: schemes by name, acronym, Chinese name, former name or need."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run, say
from itfind.errors import UsageError
from itfind.render import DEFAULT_FIELDS


@options.command(facts=True, profile=True)
def command(
    run: Run,
    query: Annotated[
        list[str], typer.Argument(help="Words to look for: a name, acronym, Chinese name or need.")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 10,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show score and matched fields.")
    ] = False,
) -> None:
    """Find schemes by name, acronym, Chinese name (either script), former name or need.

    Closed schemes are included and marked. Filters work as in `eligible`.

    Example: itfind search "hire postdoc researchers"      (also: itfind search 科技券计划)
    """
    from itfind.search import MIN_SCORE

    who = run.applicant
    text = " ".join(query).strip()
    if not text:
        raise UsageError("the search query is empty", hint='try: itfind search "voucher"')
    hits = run.catalogue.search(text, limit=limit, applicant=who)
    default = ("id", "score", "matched", "name", "status", "max_hkd") if explain else DEFAULT_FIELDS
    records = run.records(hits, default)
    run.emit(records, default)
    if not records:
        say(f"Nothing matches {text!r}. Try other words, an acronym, or: itfind list")
    elif hits[0].score < MIN_SCORE:
        say(f"No strong match for {text!r}; these match some of its words.")
