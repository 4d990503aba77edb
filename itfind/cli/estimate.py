"""`itfind estimate`: the grant for a project, step by step."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind import i18n, vocab
from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.cli.options import SchemeArg
from itfind.i18n import _
from itfind.render.phrases import phrase

DEFAULT = (
    "id",
    "cost_hkd",
    "grant_hkd",
    "applicant_share_hkd",
    "cumulative_headroom_hkd",
    "binding",
)


@options.command(profile=True)
def command(
    run: Run,
    scheme: SchemeArg,
    cost: Annotated[
        float,
        typer.Option(
            "--cost",
            help="Total project cost in HK$.",
            metavar="HKD",
            callback=options.amount("--cost"),
        ),
    ],
    used: Annotated[
        float | None,
        typer.Option(
            "--used",
            help="HK$ already received under this scheme.",
            metavar="HKD",
            callback=options.amount("--used"),
        ),
    ] = None,
    projects: Annotated[
        int | None,
        typer.Option(
            "--projects", min=0, help="Projects already approved under this scheme.", metavar="N"
        ),
    ] = None,
) -> None:
    """Work out the grant for a project: matching ratio, caps and your own share, step by step.

    Example: itfind estimate bud-fund --cost 1200000 --used 6500000
    """
    catalogue = run.catalogue
    found = catalogue.item(scheme)
    received, approved = run.profile_amounts()
    if used is None:
        used = received.get(found.id, 0.0)
    if projects is None:
        projects = approved.get(found.id)
    result = catalogue.estimate(found.id, cost, used_hkd=used, projects_used=projects)
    record = result.to_dict(run.as_of)
    if run.fmt == "table" and not run.fields:
        from itfind.render.terminal import write_estimate

        with stdout_guard():
            write_estimate(record, run.console())
    else:
        run.emit([record], DEFAULT)
    status = record["status"]
    if status in vocab.CLOSED_STATUSES:
        run.tell(
            _("Note: {id} is {status} as of {day}; this is what its terms would give.").format(
                id=found.id, status=i18n.word("status", status), day=i18n.day(run.as_of)
            )
        )
    if result.not_applicable:
        run.tell(
            _("No grant to compute for {id}: {reason}.").format(
                id=found.id,
                reason=phrase(result.not_applicable),
            )
        )
    if result.missing:
        run.tell(
            _("Cannot compute a grant for {id}: the record lacks {missing}.").format(
                id=found.id, missing="; ".join(phrase(m) for m in result.missing)
            )
        )
    for caveat in result.caveats:
        run.tell(_("Note: {caveat}.").format(caveat=phrase(caveat)))
