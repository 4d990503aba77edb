"""`itfind eligible`: what an applicant can apply for, best fit first; and why not."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from itfind import vocab
from itfind.cli import options
from itfind.cli.context import Run, stdout_guard
from itfind.i18n import _, ngettext

DEFAULT = ("id", "fit", "name", "status", "kind", "max_hkd", "per")
EXCLUDED = ("id", "fit", "name", "status", "excluded")
COST = ("grant_hkd", "applicant_share_hkd")
WHY_NOT = ("id", "criterion", "result", "rule", "value", "from")
STATUS_RULES = {
    "open": "taking applications",
    "upcoming": "announced; applications open later",
    "invitation": "by invitation or nomination",
    "unknown": "no official source says whether it is taking applications",
    "closed": "not taking applications now",
    "ended": "finished; will not reopen",
    "not-launched": "did not exist yet on that date",
}


@options.command(facts=True, profile=True, sort=True)
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
    show_excluded: Annotated[
        bool,
        typer.Option(
            "--show-excluded",
            help="Also list every scheme left out, with the first rule it fails or its status.",
        ),
    ] = False,
    why_not: Annotated[
        list[str] | None,
        typer.Option(
            "--why-not",
            help="Explain, rule by rule, why a scheme is or is not listed (repeatable).",
            metavar="ID",
            autocompletion=options.complete_ids,
        ),
    ] = None,
    include_partners: Annotated[
        bool,
        typer.Option(
            "--include-partners",
            help="Also schemes you can take part in without applying (as sponsor, "
            "partner, host, beneficiary): the role shows with the fit.",
        ),
    ] = False,
    cost: Annotated[
        float | None,
        typer.Option(
            "--cost",
            help="A project's cost in HK$: adds the grant each scheme would pay and your "
            "own share (n/a where a scheme does not share costs).",
            metavar="HKD",
            callback=options.amount("--cost"),
        ),
    ] = None,
) -> None:
    """List the schemes an applicant can apply for, best fit first.

    A fact you do not give is never a silent "no": schemes whose rules need it are
    listed as "maybe". Closed schemes are hidden unless --include-closed.

    Example: itfind eligible --type sme --sector fintech --employees 20 --explain
    """
    if why_not:
        return _why_not(run, why_not)
    catalogue = run.catalogue
    selection = catalogue.eligible(
        run.applicant,
        include_closed=include_closed,
        include_partners=include_partners,
        cost_hkd=cost,
    )
    shown: list[Any] = run.order(selection.matches)
    default: tuple[str, ...] = DEFAULT
    if explain:
        default = (*default, "why")
    if cost is not None:
        default = (*default, *COST)
    if show_excluded:
        shown += selection.excluded
        default = EXCLUDED if not explain else (*EXCLUDED, "why")
    records = run.records(shown, default)
    run.emit(records, default)
    if selection.hidden_closed and not show_excluded:
        rounds = [
            m
            for m in selection.excluded
            if m.fit != "no" and m.status == "closed" and m.entry.intake == "rounds"
        ]
        run.tell(
            _("{n} closed or ended scheme(s) hidden; --include-closed shows them.").format(
                n=selection.hidden_closed
            )
        )
        if rounds:
            listed = _(", ").join(m.id for m in rounds[:4]) + (", ..." if len(rounds) > 4 else "")
            usual = [m.id for m in rounds if m.entry.usual]
            if usual:
                template = ngettext(
                    "{n} of them runs in rounds and is between rounds ({ids}); "
                    "`itfind deadlines` shows when {usual} usually opens.",
                    "{n} of them run in rounds and are between rounds ({ids}); "
                    "`itfind deadlines` shows when {usual} usually open.",
                    len(usual),
                )
            else:
                template = ngettext(
                    "{n} of them runs in rounds and is between rounds ({ids}); "
                    "`itfind show ID` lists their past rounds.",
                    "{n} of them run in rounds and are between rounds ({ids}); "
                    "`itfind show ID` lists their past rounds.",
                    len(rounds),
                )
            run.tell(template.format(n=len(rounds), ids=listed, usual=_(", ").join(usual[:4])))
    maybes = sum(1 for m in selection.matches if m.fit == "maybe")
    if maybes and not explain:
        run.tell(
            _(
                "{n} scheme(s) are a 'maybe': they depend on facts you did not give. "
                "--explain shows which."
            ).format(n=maybes)
        )
    if selection.not_fitting and not show_excluded:
        run.tell(
            _(
                "{n} scheme(s) do not fit what you said; "
                "--show-excluded lists them, --why-not ID explains one."
            ).format(n=selection.not_fitting)
        )
    if cost is not None:
        shared = [m for m in selection.matches if m.estimate and m.estimate.grant_hkd is not None]
        run.tell(
            _(
                "Estimated for {n} of {total} scheme(s); the others do not share project costs "
                "or their records lack the rule (estimate ID shows why)."
            ).format(n=len(shared), total=len(selection.matches))
        )
    if not selection.matches:
        run.tell(_("No scheme fits these filters. Try fewer filters, or --include-closed."))
    run.warn_stale(records)


def _why_not(run: Run, queries: list[str]) -> None:
    """Each scheme's rules against what the applicant said, and where each fact came
    from (an option or the profile), so that a profile value that hides a scheme shows."""
    catalogue = run.catalogue
    who = run.applicant
    from_options = {name for name, value in (run.facts or {}).items() if value is not None}
    matches = [catalogue.why_not(query, who) for query in queries]
    if run.fmt in ("json", "jsonl", "yaml"):
        run.emit([m.to_dict() for m in matches], ())
        return
    rows = []
    for match in matches:
        status = match.status
        closed = status in vocab.CLOSED_STATUSES  # as eligible hides them
        listed = match.fit != "no" and not closed
        rows.append(
            {
                "id": match.id,
                "criterion": "status",
                "result": "fail" if closed else "unknown" if status == "unknown" else "pass",
                "rule": STATUS_RULES.get(status, status),
                "value": status,
                "from": "catalogue",
            }
        )
        for c in match.criteria:
            fact = _fact_of(c.criterion)
            source = ""
            if fact and c.value != "not given":
                source = "option" if fact in from_options else "profile"
            rows.append({"id": match.id, **c.as_dict(), "from": source})
        verdict = f"listed as {match.fit}" if listed else f"not listed: {match.reason}"
        if run.fmt == "table":
            rows.append({"id": match.id, "criterion": "verdict", "result": "", "rule": verdict})
        else:
            from itfind.render.phrases import phrase

            run.tell(f"{match.id}: {phrase(verdict)}")
    if run.fmt == "table":
        with stdout_guard():
            from itfind.render.terminal import write_why_not

            write_why_not(rows, run.console(), run.profile_label)
    else:
        run.emit(rows, WHY_NOT)


def _fact_of(criterion: str) -> str | None:
    from itfind.eligibility import CRITERION_FACT

    return CRITERION_FACT.get(criterion)
