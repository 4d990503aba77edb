"""`itfind eligible`: what an applicant can apply for, best fit first."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run, say

DEFAULT = ("id", "fit", "name", "status", "kind", "max_hkd")


@options.command(facts=True, profile=True)
def command(
    run: Run,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show why each scheme fits: every criterion as pass, fail or unknown.",
        ),
    ] = False,
    include_closed: Annotated[
        bool, typer.Option("--include-closed", help="Also show closed and ended schemes.")
    ] = False,
) -> None:
    """List the schemes an applicant can apply for, best fit first.

    A fact you do not give is never a silent "no": schemes whose rules need it are
    listed as "maybe". Closed schemes are hidden unless --include-closed.

    Example: itfind eligible --type sme --sector fintech --employees 20 --explain
    """
    who = run.applicant
    selection = run.catalogue.eligible(who, include_closed=include_closed)
    # Who can apply is what the filters already answered: show what kind of help it is.
    default = (*DEFAULT, "why") if explain else DEFAULT
    records = run.records(selection.matches, default)
    run.emit(records, default)
    if selection.hidden_closed:
        say(
            f"{selection.hidden_closed} closed or ended scheme(s) hidden; "
            "--include-closed shows them."
        )
    maybes = sum(1 for m in selection.matches if m.fit == "maybe")
    if maybes and not explain:
        say(
            f"{maybes} scheme(s) are a 'maybe': they depend on facts you did not give. "
            "--explain shows which."
        )
    if not records:
        say("No scheme fits these filters. Try fewer filters, or --include-closed.")
    run.warn_stale(records)
