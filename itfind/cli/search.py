"""`itfind search`: schemes by name, acronym, Chinese name, former name or need."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import UsageError
from itfind.i18n import _, word
from itfind.render import DEFAULT_FIELDS
from itfind.render.phrases import phrase
from itfind.text import quote


@options.command(facts=True, profile=True, sort=True)
def command(
    run: Run,
    query: Annotated[
        list[str], typer.Argument(help="Words to look for: a name, acronym, Chinese name or need.")
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help="Show score and matched fields.")
    ] = False,
) -> None:
    """Find schemes by name, acronym, Chinese name (either script), former name or need.

    Closed schemes are included and marked. Filters work as in `eligible`, but a scheme
    you name exactly is shown even when they leave it out (with a note). At most 10
    results unless --limit.

    Example: itfind search "hire postdoc researchers"      (also: itfind search 科技券计划)
    """
    from itfind.search import MIN_SCORE

    who = run.applicant
    text = " ".join(query).strip()
    if not text:
        raise UsageError(_("the search query is empty"), hint=_('try: itfind search "voucher"'))
    hits = run.catalogue.search(text, limit=run.limit or 10, applicant=who)
    hits = run.order(hits)
    default = ("id", "score", "matched", "name", "status", "max_hkd") if explain else DEFAULT_FIELDS
    records = run.records(hits, default)
    run.emit(records, default)
    for hit in hits:
        if hit.status in ("ended", "closed") and hit.scheme.successors:
            instead = ", ".join(p.id for p in hit.scheme.successors)
            run.tell(
                _("{id} is {status}; see instead: {ids} (itfind show {id}).").format(
                    id=hit.id, status=word("status", hit.status), ids=instead
                )
            )
        if hit.excluded:
            run.tell(
                _(
                    "{id} is shown because you named it, but your filters leave it out: {reason}."
                ).format(id=hit.id, reason=phrase(hit.excluded))
            )
    if not records:
        run.tell(
            _("Nothing matches {query}. Try other words, an acronym, or: itfind list").format(
                query=quote(text)
            )
        )
    elif max(h.score for h in hits) < MIN_SCORE:
        run.tell(
            _("No strong match for {query}; these match some of its words.").format(
                query=quote(text)
            )
        )
