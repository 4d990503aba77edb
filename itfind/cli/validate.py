"""`itfind validate`: check catalogue files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import CatalogueError


@options.command(output=False)
def command(
    run: Run,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Catalogue files to check (default: the catalogues in use)."),
    ] = None,
) -> None:
    """Check catalogue files and report every problem with file, line and field.

    Also notes (without failing) records whose dates overrule their status on the as-of
    date, and records not verified for over a year.

    Example: itfind validate ~/.config/itfind/schemes.yaml
    """
    from itfind.catalogue import resolve_sources
    from itfind.catalogue.records import ParsedFile, Records
    from itfind.catalogue.validate import check_file, shared_names
    from itfind.text import key, quote

    files = list(paths) if paths else list(resolve_sources(run.catalogue_paths).files)
    checked = [check_file(path) for path in files]  # never the cache: check the files
    problems = [problem for result in checked for problem in result.problems]
    if problems:
        raise CatalogueError(problems)
    records = Records([ParsedFile(c.path, c.as_of, c.records) for c in checked])
    merged = {r["id"]: r for c in checked for r in c.records}  # as the files combine
    for spelling, ids in shared_names(merged.values()):
        picked = next((i for i in ids if key(i) == key(spelling)), ids[0])
        run.tell(
            f"note: {quote(spelling)} names {len(ids)} records ({', '.join(ids)}); "
            f"`itfind show` takes it as {picked}"
        )
    for scheme_id, earlier in records.replaced.items():
        later = records.origin(records.position(scheme_id) or 0)
        run.tell(
            f"note: {scheme_id}: the record in {later} replaces the one in {', '.join(earlier)}"
        )
    day = run.as_of
    # Not errors, but what a maintainer should look at: the dates overrule the status,
    # or nobody has checked the record for a year.
    for entry in records.entries:
        shown = entry.effective_status(day)
        if shown != entry.status:
            declared = entry.status
            run.tell(
                f"note: {entry.id}: status says {declared}, but its dates make it {shown} on {day}"
            )
        for date in entry.unchecked_planned(day):
            checked = entry.last_verified.isoformat() if entry.last_verified else "ever"
            run.tell(
                f"note: {entry.id}: the change planned for {date} has taken effect by "
                f"announcement; not verified since {checked}"
            )
        if not entry.name_zh:
            run.tell(f"note: {entry.id}: no official Chinese name (name_zh); say so in unconfirmed")
        if entry.last_verified and entry.last_verified < day - dt.timedelta(days=365):
            run.tell(f"note: {entry.id}: last verified {entry.last_verified}, over a year ago")
    run.tell(f"OK: {len(records)} schemes in {len(files)} file(s): {', '.join(map(str, files))}")
