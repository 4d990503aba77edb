"""`itfind show`: everything known about one scheme."""

from __future__ import annotations

import sys
from typing import Any

from itfind import i18n
from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.cli.options import SchemeArg
from itfind.i18n import _
from itfind.render import DEFAULT_FIELDS
from itfind.text import quote


@options.command()
def command(run: Run, scheme: SchemeArg) -> None:
    """Show everything known about one scheme.

    Takes an id, acronym, alias, former name or a name close enough to one scheme.
    Piped, it prints one `key: value` line a fact; --format tsv gives the row.

    Example: itfind show RAISe+     (also: itfind show 科技券 --json)
    """
    catalogue = run.catalogue
    item, guessed = catalogue.find(scheme)
    if guessed:
        run.tell(
            _("Showing {id} ({name}), the clear best match for {query}.").format(
                id=item.id, name=item.entry.name, query=quote(scheme)
            )
        )
    record = item.to_dict()
    replaced = item.records.replaced.get(item.id)
    if replaced:
        run.tell(
            _(
                "Note: this record of {id} comes from {file} and replaces the one in {files}."
            ).format(id=item.id, file=record["catalogue"], files=", ".join(replaced))
        )
    if run.fmt == "table" and not run.fields:
        from itfind.render.terminal import write_details

        as_of_line = _(
            "Catalogue as of {catalogue}; statuses evaluated on {day}. "
            "Check the official page before you apply."
        ).format(
            catalogue=i18n.day(catalogue.catalogue_date) or _("unknown"), day=i18n.day(run.as_of)
        )
        with stdout_guard():
            write_details(_named(record, catalogue), run.console(), as_of_line, run.as_of)
    elif run.fmt == "tsv" and not run.fmt_given and not run.fields:
        from itfind.render import write_keyvalue

        if run.lang == "zh-hans":
            from itfind.cli.context import simplified

            record = simplified(record)
        with stdout_guard():
            write_keyvalue(record, sys.stdout)
    else:
        run.emit([record], DEFAULT_FIELDS)
    run.warn_stale([record])


def _named(record: dict, catalogue: Any) -> dict:
    """The record for a person: the schemes it points to (parts, successors, see also)
    with their names, not ids alone."""

    def name(scheme_id: str) -> str:
        position = catalogue.records.position(scheme_id)
        if position is None:
            return ""
        entry = catalogue.records.entries[position]
        if i18n.chinese() and entry.name_zh:
            return i18n.script(entry.name_zh)
        return entry.name

    shown = dict(record)
    shown["parts"] = [f"{p}  {name(p)}".rstrip() for p in record.get("parts") or []]
    for key in ("successors", "see_also"):
        shown[key] = [
            {**p, "id": f"{p['id']} ({name(p['id'])})" if name(p["id"]) else p["id"]}
            for p in record.get(key) or []
        ]
    return shown
