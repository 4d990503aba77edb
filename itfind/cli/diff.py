"""`itfind diff OLD NEW`: what changed between two catalogue files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import CatalogueError, Problem
from itfind.i18n import _, ngettext

DEFAULT = ("id", "change", "field", "old", "new")
MAX_STDIN_BYTES = 512 * 1024 * 1024


class BadInput(CatalogueError):
    exit_code = 2  # as diff(1): 0 same, 1 different, 2 trouble


@options.command(catalogue=False, as_of=False)
def command(
    run: Run,
    old: Annotated[
        str, typer.Argument(help="The older catalogue: a file, @builtin, or - (stdin).")
    ],
    new: Annotated[
        str, typer.Argument(help="The newer catalogue: a file, @builtin, or - (stdin).")
    ],
) -> None:
    """Show what changed between two catalogues: records added, removed or renamed, and
    each changed field with its old and new value. Exit 0 when they are the same, 1 when
    they differ, 2 when one cannot be read (as diff does).

    Example: git show HEAD~5:data/schemes.yaml | itfind diff - data/schemes.yaml
    """
    from itfind.changes import as_row, diff_records

    if old == "-" and new == "-":
        raise BadInput([Problem("-", None, None, None, _("only one side can be stdin"))])
    before, after = _records(run, old), _records(run, new)
    found = diff_records(before, after)
    run.emit([as_row(d) for d in found], DEFAULT)
    if not found:
        run.tell(_("The catalogues are the same."))
        return
    records = len({d.id for d in found})
    run.tell(
        ngettext(
            "{n} difference(s) in {records} record.",
            "{n} difference(s) in {records} records.",
            records,
        ).format(n=len(found), records=records)
    )
    raise typer.Exit(1)


def _records(run: Run, label: str) -> list[dict]:
    """A side's records. One written under older rules (an old revision, before a field
    became required) is compared as far as it can be read, with a note; only a file that
    is not a catalogue at all (unreadable, not YAML, no `schemes` list) stops the diff."""
    from itfind.catalogue import validate
    from itfind.paths import packaged_catalogue

    if label == "-":
        raw = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
        if len(raw) > MAX_STDIN_BYTES:
            raise BadInput([Problem("-", None, None, None, _("is larger than 512 MiB"))])
        checked = validate.check_raw(raw, "-", keep_flawed=True)
    else:
        try:
            path = packaged_catalogue() if label == "@builtin" else Path(label).expanduser()
        except RuntimeError:  # ~nosuchuser
            path = Path(label)
        checked = validate.check_file(path, keep_flawed=True)
    fatal = [p for p in checked.problems if p.record is None]
    if fatal:
        raise BadInput(fatal)
    if checked.problems:
        run.tell(
            ngettext(
                "note: {label} has {n} problem under today's rules (itfind validate lists it); "
                "compared as far as it can be read.",
                "note: {label} has {n} problems under today's rules (itfind validate lists "
                "them); compared as far as it can be read.",
                len(checked.problems),
            ).format(label=label, n=len(checked.problems))
        )
    # Only records that could be told apart: an id is what a diff lines them up by.
    return [r for r in checked.records if isinstance(r.get("id"), str)]
