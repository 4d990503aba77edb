"""Planning commands: estimate, deadlines, compare, stale and the applicant profile.

They register on the same `app` as the core commands and share its options and output
layer (see `itfind.cli`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from itfind import model
from itfind.cli import (
    AsOfOpt,
    CatalogueOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    NoColorOpt,
    NoProfileOpt,
    Out,
    ProfileOpt,
    _as_of,
    _complete_ids,
    _emit,
    _freshness_warning,
    _load,
    _out,
    _profile,
    _stdout_guard,
    app,
    say,
)
from itfind.errors import ItfindError, UsageError


@app.command("estimate")
def estimate_cmd(
    scheme: Annotated[
        str, typer.Argument(help="Id, acronym or alias.", autocompletion=_complete_ids)
    ],
    cost: Annotated[
        float, typer.Option("--cost", min=0, help="Total project cost in HK$.", metavar="HKD")
    ],
    used: Annotated[
        float | None,
        typer.Option(
            "--used", min=0, help="HK$ already received under this scheme.", metavar="HKD"
        ),
    ] = None,
    projects: Annotated[
        int | None,
        typer.Option(
            "--projects", min=0, help="Projects already approved under this scheme.", metavar="N"
        ),
    ] = None,
    profile: ProfileOpt = None,
    no_profile: NoProfileOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Work out the grant for a project: matching ratio, caps and your own share, step by step.

    Example: itfind estimate bud-fund --cost 1200000 --used 6500000
    """
    from itfind.catalogue import find_scheme
    from itfind.estimate import estimate

    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    found = find_scheme(cat, scheme)
    loaded = _profile(profile, no_profile)
    if used is None:
        used = loaded.received.get(found.id, 0.0) if loaded else 0.0
    if projects is None and loaded:
        projects = loaded.projects.get(found.id)
    result = estimate(found, cost, used, projects)
    record = result.as_dict(day)
    if out.fmt == "table" and not fields:
        _estimate_table(record, out)
    else:
        _emit(
            [record],
            out,
            (
                "id",
                "cost_hkd",
                "grant_hkd",
                "applicant_share_hkd",
                "cumulative_headroom_hkd",
                "binding",
            ),
        )
    status = record["status"]
    if status in model.CLOSED_STATUSES:
        say(f"Note: {found.id} is {status} as of {day}; this is what its terms would give.")
    if result.not_applicable:
        say(f"No grant to compute for {found.id}: {result.not_applicable}.")
    if result.missing:
        say(
            f"Cannot compute a grant for {found.id}: the record lacks "
            + "; ".join(result.missing)
            + "."
        )
    for caveat in result.caveats:
        say(f"Note: {caveat}.")


def _estimate_table(record: dict, out: Out) -> None:
    from rich.table import Table
    from rich.text import Text

    from itfind.render import money

    console = out.console()
    table = Table(
        title=Text(f"{record['name']}: a project of HK${money(record['cost_hkd'])}"),
        header_style="bold",
    )
    table.add_column("step", overflow="fold")
    table.add_column("HK$", justify="right", no_wrap=True)
    for step in record["steps"]:
        table.add_row(Text(step["step"]), Text(money(step["amount_hkd"])))
    with _stdout_guard():
        console.print(table)
        if record["grant_hkd"] is None:
            console.print(Text("No grant computed; see the note below."))


@app.command("deadlines")
def deadlines_cmd(
    within: Annotated[
        str | None,
        typer.Option(
            "--within", help="Only events within this time: 30d, 6w, 3m, 1y.", metavar="TIME"
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, tsv, json, jsonl, csv, yaml, md or ics (iCalendar).",
        ),
    ] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Application windows that open or close, soonest first; all-year schemes listed apart.

    Example: itfind deadlines --within 90d     (calendar: itfind deadlines -f ics > hk.ics)
    """
    from itfind.deadlines import deadlines, parse_duration, to_ics

    span = None
    if within is not None:
        try:
            span = parse_duration(within)
        except ValueError as exc:
            raise UsageError(f"--within: {exc}") from None
    day = _as_of(as_of)
    if fmt and fmt.lower() == "ics":
        cat = _load(catalogue)
        dated, _ = deadlines(cat.schemes, day, span)
        with _stdout_guard():
            sys.stdout.write(to_ics(dated, day))
        if not dated:
            say("No dated application windows in that period.")
        return
    out = _out(fmt, as_json, fields, no_color)
    cat = _load(catalogue)
    dated, rolling = deadlines(cat.schemes, day, span)
    records = [e.as_dict(day) for e in dated + rolling]
    _emit(records, out, ("date", "days_left", "event", "id", "name", "status"))
    if not dated:
        say(
            "No dated application windows in that period"
            + (f"; {len(rolling)} scheme(s) take applications all year." if rolling else ".")
        )


COMPARE_ROWS = (
    ("name", "name"),
    ("中文名稱", "name_zh"),
    ("status", "status"),
    ("closes", "closes"),
    ("who can apply", "applicant_types"),
    ("stages", "stages"),
    ("sectors", "sectors"),
    ("eligibility", "eligibility.text"),
    ("funding", "funding.kind"),
    ("up to (HK$)", "funding.max_hkd"),
    ("per", "funding.basis"),
    ("matching ratio", "funding.matching_ratio"),
    ("% cap", "funding.percent_cap"),
    ("per-project cap", "funding.per_project_max_hkd"),
    ("cumulative cap", "funding.cumulative_max_hkd"),
    ("max projects", "funding.max_projects"),
    ("administrator", "administrator"),
    ("url", "url"),
    ("last verified", "last_verified"),
)


@app.command("compare")
def compare_cmd(
    schemes: Annotated[
        list[str],
        typer.Argument(help="Two or more ids, acronyms or aliases.", autocompletion=_complete_ids),
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Compare schemes side by side: a column per scheme, a row per fact.

    json, jsonl and yaml give the full records; the other formats give the side-by-side
    table (tsv/csv: one fact per line, a column per scheme).

    Example: itfind compare nifs nias production-line-upgrade-pilot
    """
    from itfind import render
    from itfind.catalogue import find_scheme

    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    found = list(dict.fromkeys(find_scheme(cat, q) for q in schemes))
    records = [model.scheme_to_dict(s, day) for s in found]
    if out.fmt in ("json", "jsonl", "yaml"):
        _emit(records, out, ())
    else:
        rows = COMPARE_ROWS
        if fields:
            wanted = [f.strip() for f in fields.split(",") if f.strip()]
            render.resolve_fields(",".join(wanted), records, ())
            rows = tuple((f, f) for f in wanted)
        table = []
        for label, path in rows:
            row = {"fact": label}
            for r in records:
                row[r["id"]] = render.get_field(r, path)
            table.append(row)
        columns = ("fact", *[r["id"] for r in records])
        with _stdout_guard():
            if out.fmt == "tsv":
                print("\t".join(columns))  # the header names the schemes: one line, no guess
            render.write(table, out.fmt, columns, sys.stdout, console_factory=out.console)
    _freshness_warning(records, day)
    if len(found) < 2:
        say("Only one scheme to compare; give two or more.")


@app.command("stale")
def stale_cmd(
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than", help="Age of the last check: 180d, 26w, 6m, 1y.", metavar="TIME"
        ),
    ] = "180d",
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List records due for re-checking: last verified longer ago than --older-than.

    Example: itfind stale --older-than 6m --fields id,last_verified,url
    """
    from itfind.deadlines import parse_duration

    try:
        span = parse_duration(older_than)
    except ValueError as exc:
        raise UsageError(f"--older-than: {exc}") from None
    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    due = [s for s in cat.schemes if s.last_verified is None or s.last_verified < day - span]
    due.sort(key=lambda s: (s.last_verified or dt.date.min, s.id))
    _emit(
        [model.scheme_to_dict(s, day) for s in due],
        out,
        ("id", "last_verified", "status", "name", "url"),
    )
    if not due:
        say(f"Every record was verified within {older_than} of {day}.")


profile_app = typer.Typer(
    help="Answer the company questions once: create or show an applicant profile.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(profile_app, name="profile")


@profile_app.command("init")
def profile_init_cmd(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write it (default: $XDG_CONFIG_HOME/itfind/profile.yaml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Ask the applicant questions in a terminal and write a profile.

    Example: itfind profile init      (then: itfind eligible --explain)
    """
    from itfind.profile import default_path, dump_profile, parse_profile

    target = path or default_path()
    if not _stdin_is_terminal():
        raise UsageError(
            "profile init asks questions, so it needs a terminal",
            hint=f"write {target} by hand (keys: type, stage, sectors, employees, age_years, "
            "listed, hk_registered, member, received, projects; see README)",
        )
    if target.exists() and not force:
        raise UsageError(f"{target} already exists", hint="use --force to replace it")
    answers = {
        "type": _ask_choice("What kind of applicant are you?", "type", many=True),
        "stage": _ask_choice("What stage is the business at?", "stage", many=False),
        "sectors": _ask_choice("Which sectors?", "sector", many=True),
        "employees": _ask_number("How many employees in Hong Kong?", integer=True),
        "age_years": _ask_number("How many years since incorporation?"),
        "listed": _ask_yes_no("Is the company listed on a stock exchange?"),
        "hk_registered": _ask_yes_no("Is it registered or incorporated in Hong Kong?"),
        "member": _ask_choice(
            "Cyberport or HKSTP incubatee, graduate or tenant? (or none)",
            "member",
            many=True,
            allow_none=True,
        ),
    }
    text = dump_profile(answers)
    import yaml

    parse_profile(yaml.safe_load(text), target)  # never write a profile we cannot read
    from itfind.fileio import write_atomically

    try:
        write_atomically(target, [text.encode("utf-8")])
    except OSError as exc:
        raise ItfindError(f"cannot write {target} ({exc.strerror or exc})") from None
    say(f"Wrote {target}. eligible, search and estimate now use it (--no-profile ignores it).")


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask_choice(question: str, kind: str, many: bool, allow_none: bool = False) -> Any:
    values = [v for v in model.VOCABULARIES[kind][0] if v != "any"]
    say(f"{question}\n  choices: {', '.join(values)}" + (", none" if allow_none else ""))
    while True:
        raw = typer.prompt(
            "  answer (Enter to skip)", default="", show_default=False, err=True
        ).strip()
        if not raw:
            return None
        if allow_none and raw.lower() == "none":
            return "none"
        try:
            chosen = model.normalise(kind, [raw])
        except ValueError as exc:
            say(f"  {exc}")
            continue
        if not many and len(chosen) > 1:
            say("  one value, please")
            continue
        return chosen if many else chosen[0]


def _ask_number(question: str, integer: bool = False) -> Any:
    while True:
        raw = typer.prompt(
            f"{question} (Enter to skip)", default="", show_default=False, err=True
        ).strip()
        if not raw:
            return None
        try:
            value = int(raw) if integer else float(raw)
        except ValueError:
            say("  a number, please")
            continue
        if value >= 0:
            return value
        say("  not negative, please")


def _ask_yes_no(question: str) -> bool | None:
    while True:
        raw = (
            typer.prompt(
                f"{question} [y/n, Enter to skip]", default="", show_default=False, err=True
            )
            .strip()
            .lower()
        )
        if not raw:
            return None
        if raw in ("y", "yes", "n", "no"):
            return raw.startswith("y")


@profile_app.command("show")
def profile_show_cmd(
    profile: ProfileOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show the profile in use and what it answers (unknown answers are empty/null).

    Example: itfind profile show --json
    """
    from itfind.profile import default_path

    out = _out(fmt, as_json, fields, no_color)
    loaded = _profile(profile, False)
    if loaded is None:
        say(f"No profile: {default_path()} does not exist. Create one with: itfind profile init")
        return
    a = loaded.applicant
    record = {
        "path": str(loaded.path),
        "type": list(a.types),
        "stage": list(a.stages),
        "sectors": list(a.sectors),
        "employees": a.employees,
        "age_years": a.age_years,
        "listed": a.listed,
        "hk_registered": a.hk_registered,
        "member": None if a.memberships is None else list(a.memberships),
        "received": dict(loaded.received),
        "projects": dict(loaded.projects),
    }
    _emit([record], out, tuple(record))
