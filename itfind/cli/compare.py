"""`itfind compare`: schemes side by side."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.cli.options import complete_ids
from itfind.i18n import _


@options.command()
def command(
    run: Run,
    schemes: Annotated[
        list[str],
        typer.Argument(help="Two or more ids, acronyms or aliases.", autocompletion=complete_ids),
    ],
) -> None:
    """Compare schemes side by side: a column per scheme, a row per fact.

    json, jsonl and yaml give the full records; the other formats give the side-by-side
    table (tsv/csv: one fact per line, a column per scheme).

    Example: itfind compare nifs nias production-line-upgrade-pilot
    """
    from itfind import render

    catalogue = run.catalogue
    found = {}
    for query in schemes:
        item = catalogue.item(query)
        found.setdefault(item.id, item)
    records = [item.to_dict() for item in found.values()]
    if run.fmt in ("json", "jsonl", "yaml"):
        run.emit(records, ())
    else:
        rows = render.COMPARE_ROWS
        if run.fields:
            wanted = run.chosen_fields or []
            render.resolve_fields(",".join(wanted), records, ())
            rows = tuple((f, f) for f in wanted)
        table, columns = render.pivot(records, rows)
        with stdout_guard():
            if run.fmt == "table":
                from itfind.render.terminal import write_compare

                write_compare(records, rows, run.console())
            else:
                if run.fmt == "tsv":
                    print("\t".join(columns))  # the header names the schemes: one line
                render.write(table, run.fmt, columns, sys.stdout)
    run.warn_stale(records)
    if len(found) < 2:
        run.tell(_("Only one scheme to compare; give two or more."))
