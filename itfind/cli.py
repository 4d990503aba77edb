"""The command line: parse arguments, call the core, render, map errors to exit codes.

Exit codes: 0 success (an empty result too), 1 data or runtime error, 2 usage error,
130 interrupted. Data goes to stdout; every message goes to stderr.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from itfind import __version__, model
from itfind.errors import CatalogueError, ItfindError, UsageError


def _new_app() -> typer.Typer:
    return typer.Typer(
        name="itfind",
        help="Find Hong Kong innovation-and-technology funding schemes.\n\n"
        "Examples:\n\n"
        "  itfind eligible --type sme --sector fintech\n\n"
        '  itfind search "research talent"\n\n'
        "  itfind show tvp",
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help: keeps rich out of --help (start-up time)
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _new_app()


def _app_for(argv: list[str]) -> typer.Typer:
    """Typer converts every registered command's signature on each run (about 9 ms for
    this app). When the first argument names a command, run an app holding that command
    alone: its parsing, errors and help are the same, and the run starts sooner."""
    name = argv[0] if argv else ""
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not (commands or groups):
        return app  # no command, or an unknown one: the full app answers (with suggestions)
    one = _new_app()
    one.registered_callback = app.registered_callback
    one.registered_commands = commands
    one.registered_groups = groups
    return one


# ---------------------------------------------------------------- shared options


def _version_callback(value: bool) -> None:
    if value:
        from itfind.paths import catalogue_as_of

        print(f"itfind {__version__} (catalogue as of {catalogue_as_of()})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Find Hong Kong innovation-and-technology funding schemes."""


def _split(values: Iterable[str] | None) -> list[str]:
    return [part.strip() for v in values or () for part in v.split(",") if part.strip()]


def _vocab_parser(kind: str):
    def parse(items: list[str] | None) -> list[str]:
        try:
            return model.normalise(kind, list(items or ()))
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return parse


def _complete_vocab(kind: str):
    values, _ = model.VOCABULARIES[kind]

    def complete(incomplete: str) -> list[str]:
        prefix = incomplete.rsplit(",", 1)
        head = prefix[0] + "," if len(prefix) == 2 else ""
        last = prefix[-1]
        return [head + v for v in values if v != "any" and v.startswith(last)]

    return complete


def _complete_ids(incomplete: str) -> list[str]:
    try:
        from itfind.catalogue import resolve_sources
        from itfind.store import load_catalogue

        catalogue = load_catalogue(resolve_sources(()).files)
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [s.id for s in catalogue.schemes if s.id.startswith(incomplete.lower())]


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table, tsv, json, jsonl, csv, yaml or md. "
        "Default: table on a terminal, tsv when piped.",
        metavar="FORMAT",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated fields to show, e.g. id,name,max_hkd,closes.",
        metavar="A,B,C",
    ),
]
CatalogueOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--catalogue",
        "-c",
        help="Catalogue file to use instead of the default (repeatable; "
        "later files override earlier ones; @builtin is the packaged one).",
        metavar="PATH",
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text, no colour.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Evaluate statuses and deadlines as of this date (YYYY-MM-DD).",
        metavar="DATE",
    ),
]
IncludeClosedOpt = Annotated[
    bool, typer.Option("--include-closed", help="Also show closed and ended schemes.")
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Applicant type (repeatable or comma-separated): "
        + ", ".join(model.APPLICANT_TYPES)
        + ".",
        metavar="TYPE",
        autocompletion=_complete_vocab("type"),
    ),
]
StageOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--stage",
        "-s",
        help="Stage: " + ", ".join(v for v in model.STAGES if v != "any") + ".",
        metavar="STAGE",
        autocompletion=_complete_vocab("stage"),
    ),
]
SectorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        help="Sector: " + ", ".join(v for v in model.SECTORS if v != "any") + ".",
        metavar="SECTOR",
        autocompletion=_complete_vocab("sector"),
    ),
]
EmployeesOpt = Annotated[
    int | None,
    typer.Option("--employees", min=0, help="Number of employees in Hong Kong.", metavar="N"),
]
AgeOpt = Annotated[
    float | None,
    typer.Option(
        "--age-years", min=0, help="Years since incorporation or registration.", metavar="N"
    ),
]
ListedOpt = Annotated[
    bool | None,
    typer.Option(
        "--listed/--not-listed",
        help="Whether the company is listed on a stock exchange.",
        show_default=False,
    ),
]
HkOpt = Annotated[
    bool | None,
    typer.Option(
        "--hk-registered/--not-hk-registered",
        help="Whether it is registered in Hong Kong.",
        show_default=False,
    ),
]
MemberOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--member",
        help="cyberport or hkstp (incubatee, graduate or tenant); 'none' if neither.",
        metavar="PARK",
        autocompletion=_complete_vocab("member"),
    ),
]
ExplainOpt = Annotated[
    bool,
    typer.Option(
        "--explain", help="Show why each scheme fits: every criterion as pass, fail or unknown."
    ),
]


ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="Applicant profile (YAML) to answer the questions; options override it. "
        "Default: $XDG_CONFIG_HOME/itfind/profile.yaml when it exists.",
        metavar="FILE",
    ),
]
NoProfileOpt = Annotated[bool, typer.Option("--no-profile", help="Ignore the default profile.")]


class Out(NamedTuple):
    """Output settings shared by every command that prints records."""

    fmt: str
    fields: str | None
    no_color: bool

    def console(self, stderr: bool = False) -> Any:
        from rich.console import Console

        # --no-color, NO_COLOR and TERM=dumb mean plain text: no colour and no bold
        # either, which rich's own no_color would still send.
        plain = (
            self.no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        )
        kwargs: dict[str, Any] = {"color_system": None} if plain else {}
        return Console(stderr=stderr, highlight=False, soft_wrap=False, **kwargs)


def _out(fmt: str | None, as_json: bool, fields: str | None, no_color: bool) -> Out:
    from itfind.render import FORMATS

    if as_json:
        if fmt and fmt != "json":
            raise UsageError("--json and --format disagree", hint="use one of them")
        fmt = "json"
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        close = difflib.get_close_matches(fmt, FORMATS, n=1)
        raise UsageError(
            f"unknown format {fmt!r}",
            hint=(f"did you mean '{close[0]}'? " if close else "")
            + f"choose one of: {', '.join(FORMATS)}",
        )
    return Out(fmt, fields, no_color)


def _as_of(value: str | None) -> dt.date:
    if value is None:
        from itfind.dates import today

        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of needs a date like 2026-01-31, got {value!r}") from None


def _load(catalogue: list[str] | None):
    from itfind.catalogue import resolve_sources
    from itfind.store import load_catalogue

    return load_catalogue(resolve_sources(catalogue or ()).files)


def say(message: str) -> None:
    """A message for the person: stderr, never mixed with data."""
    print(message, file=sys.stderr)


COMPUTED_KEYS = frozenset(("fit", "why", "criteria", "score", "matched"))


def _dicts(
    schemes: Iterable[Any], out: Out, default_fields: tuple[str, ...], day: dt.date
) -> list[dict]:
    """Records for output: the full contract for json/jsonl/yaml or when a chosen field
    needs it, else only the eager fields (no full-record reads for big catalogues)."""
    fields = (
        [f.strip() for f in out.fields.split(",") if f.strip()]
        if out.fields
        else list(default_fields)
    )
    full = out.fmt in ("json", "jsonl", "yaml") or any(
        f not in model.LIGHT_KEYS and f not in COMPUTED_KEYS for f in fields
    )
    build = model.scheme_to_dict if full else model.scheme_to_light_dict
    return [build(s, day) for s in schemes]


class PipeClosed(Exception):
    """The reader of stdout went away (`itfind list | head -1`). Not an OSError, so that
    typer's own EPIPE handling (exit 1) does not see it; main() exits quietly with 0."""


@contextmanager
def _stdout_guard() -> Iterator[None]:
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed from None


def _emit(
    records: list[dict], out: Out, default_fields: tuple[str, ...], *, title: str | None = None
) -> None:
    from itfind import render

    fields = render.resolve_fields(out.fields, records, default_fields)
    explicit = out.fields is not None
    with _stdout_guard():
        render.write(
            records,
            out.fmt,
            fields if (explicit or out.fmt not in ("json", "jsonl", "yaml")) else None,
            sys.stdout,
            console_factory=out.console,
            title=title,
        )


def _freshness_warning(records: list[dict], as_of: dt.date) -> None:
    cutoff = as_of - dt.timedelta(days=365)
    stale = [
        r["id"]
        for r in records
        if r.get("last_verified") and dt.date.fromisoformat(r["last_verified"]) < cutoff
    ]
    if stale:
        shown = ", ".join(stale[:5]) + (" ..." if len(stale) > 5 else "")
        say(
            f"warning: {len(stale)} shown record(s) last verified over 12 months before "
            f"{as_of}: {shown}"
        )


# ---------------------------------------------------------------- commands


@app.command("list")
def list_cmd(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only these statuses (repeatable or comma-separated): "
            + ", ".join(model.STATUSES)
            + ".",
            metavar="STATUS",
            autocompletion=_complete_vocab("status"),
        ),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List every scheme in the catalogue with its status as of today.

    Closed and ended schemes are listed too, marked as such; `eligible` is the command
    that hides them.

    Example: itfind list --status open,upcoming --fields id,name,status,closes
    """
    try:
        wanted = set(_vocab_parser("status")(status))
    except typer.BadParameter as exc:
        raise UsageError(str(exc)) from None
    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    shown = [s for s in cat.schemes if not wanted or s.effective_status(day) in wanted]
    shown.sort(key=lambda s: (model.STATUS_ORDER[s.effective_status(day)], s.id))
    default = ("id", "name", "status", "max_hkd", "applicant_types")
    records = _dicts(shown, out, default, day)
    _emit(records, out, default)
    if not records:
        say("No schemes to list." + (" Try without --status." if wanted else ""))
    _freshness_warning(records, day)


@app.command("show")
def show_cmd(
    scheme: Annotated[
        str, typer.Argument(help="Id, acronym, alias or former name.", autocompletion=_complete_ids)
    ],
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show everything known about one scheme.

    Example: itfind show RAISe+     (also: itfind show 科技券 --json)
    """
    from itfind.catalogue import find_scheme

    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    found = find_scheme(cat, scheme)
    record = model.scheme_to_dict(found, day)
    if out.fmt == "table" and not fields:
        from itfind import render

        as_of_line = (
            f"Catalogue as of {cat.as_of or 'unknown'}; statuses evaluated on {day}. "
            "Check the official page before you apply."
        )
        with _stdout_guard():
            render.write_details(record, out.console(), as_of_line)
    else:
        _emit([record], out, ("id", "name", "status", "max_hkd", "applicant_types"))
    _freshness_warning([record], day)


@app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Catalogue files to check (default: the catalogues in use)."),
    ] = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check catalogue files and report every problem with file, line and field.

    Also notes (without failing) records whose dates overrule their status on the as-of
    date, and records not verified for over a year.

    Example: itfind validate ~/.config/itfind/schemes.yaml
    """
    from itfind.catalogue import resolve_sources
    from itfind.validate import validate_paths

    files = list(paths) if paths else list(resolve_sources(catalogue or ()).files)
    problems = validate_paths(files)
    if problems:
        raise CatalogueError(problems)
    from itfind.catalogue import load

    cat = load(files)
    today = _as_of(as_of)
    # Not errors, but what a maintainer should look at: the dates overrule the status,
    # or nobody has checked the record for a year.
    for s in cat.schemes:
        shown = s.effective_status(today)
        if shown != s.status:
            say(f"note: {s.id}: status says {s.status}, but its dates make it {shown} on {today}")
        if s.last_verified and s.last_verified < today - dt.timedelta(days=365):
            say(f"note: {s.id}: last verified {s.last_verified}, over a year ago")
    count = len(cat.schemes)
    say(f"OK: {count} schemes in {len(files)} file(s): {', '.join(map(str, files))}")


@app.command("paths")
def paths_cmd(catalogue: CatalogueOpt = None) -> None:
    """Show which catalogue files are in use, where the user overlay belongs, and the cache.

    Example: itfind paths
    """
    from itfind.catalogue import resolve_sources
    from itfind.paths import cache_dir

    sources = resolve_sources(catalogue or ())
    print(f"chosen by\t{sources.chosen_by}")
    for path in sources.files:
        print(f"catalogue\t{path}")
    state = "exists" if sources.overlay.is_file() else "not present"
    print(f"overlay\t{sources.overlay}\t({state})")
    print(f"packaged\t{sources.packaged}")
    from itfind.profile import default_path

    profile = default_path()
    print(f"profile\t{profile}\t({'exists' if profile.is_file() else 'not present'})")
    print(f"cache\t{cache_dir()}")


def _profile(profile: Path | None, no_profile: bool):
    """The --profile file, else the default profile when it exists, else none."""
    from itfind.profile import default_path, load_profile

    if no_profile:
        return None
    if profile is not None:
        return load_profile(profile)
    path = default_path()
    if path.is_file():
        if sys.stderr.isatty():
            say(f"Using the profile {path} (--no-profile ignores it).")
        return load_profile(path)
    return None


def _applicant(
    type_: list[str] | None,
    stage: list[str] | None,
    sector: list[str] | None,
    employees: int | None,
    age_years: float | None,
    listed: bool | None,
    hk_registered: bool | None,
    member: list[str] | None,
    profile: Path | None = None,
    no_profile: bool = False,
):
    """What the user told us: the profile's answers overridden by the options given."""
    from itfind.eligibility import Applicant
    from itfind.profile import combine

    try:
        members = None
        if member is not None:
            raw = [m.lower() for m in _split(member)]
            members = (
                ()
                if raw == ["none"]
                else tuple(model.normalise("member", [m for m in raw if m != "none"]))
            )
        given = Applicant(
            types=tuple(model.normalise("type", type_ or [])),
            stages=tuple(model.normalise("stage", stage or [])),
            sectors=tuple(model.normalise("sector", sector or [])),
            employees=employees,
            age_years=age_years,
            listed=listed,
            hk_registered=hk_registered,
            memberships=members,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    loaded = _profile(profile, no_profile)
    return (combine(loaded.applicant, given) if loaded else given), loaded


def _criteria_text(criteria: list[dict]) -> str:
    return "; ".join(
        f"{c['criterion']}: {c['result']} ({c['rule']}; you: {c['value']})" for c in criteria
    )


@app.command("eligible")
def eligible_cmd(
    type_: TypeOpt = None,
    stage: StageOpt = None,
    sector: SectorOpt = None,
    employees: EmployeesOpt = None,
    age_years: AgeOpt = None,
    listed: ListedOpt = None,
    hk_registered: HkOpt = None,
    member: MemberOpt = None,
    explain: ExplainOpt = False,
    include_closed: IncludeClosedOpt = False,
    profile: ProfileOpt = None,
    no_profile: NoProfileOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the schemes an applicant can apply for, best fit first.

    A fact you do not give is never a silent "no": schemes whose rules need it are
    listed as "maybe". Closed schemes are hidden unless --include-closed.

    Example: itfind eligible --type sme --sector fintech --employees 20 --explain
    """
    from itfind.eligibility import eligible

    who, _ = _applicant(
        type_,
        stage,
        sector,
        employees,
        age_years,
        listed,
        hk_registered,
        member,
        profile,
        no_profile,
    )
    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    cat = _load(catalogue)
    selection = eligible(cat.schemes, who, day, include_closed=include_closed)
    # Who can apply is what the filters already answered: show what kind of help it is.
    default = ("id", "fit", "name", "status", "kind", "max_hkd")
    if explain:
        default = ("id", "fit", "name", "status", "kind", "max_hkd", "why")
    records = _dicts((v.scheme for v in selection.verdicts), out, default, day)
    for record, verdict in zip(records, selection.verdicts, strict=True):
        record["fit"] = verdict.fit
        record["criteria"] = [c.as_dict() for c in verdict.criteria]
        record["why"] = _criteria_text(record["criteria"])
    _emit(records, out, default)
    if selection.hidden_closed:
        say(
            f"{selection.hidden_closed} closed or ended scheme(s) hidden; "
            "--include-closed shows them."
        )
    maybes = sum(1 for r in records if r["fit"] == "maybe")
    if maybes and not explain:
        say(
            f"{maybes} scheme(s) are a 'maybe': they depend on facts you did not give. "
            "--explain shows which."
        )
    if not records:
        say("No scheme fits these filters. Try fewer filters, or --include-closed.")
    _freshness_warning(records, day)


@app.command("search")
def search_cmd(
    query: Annotated[
        list[str], typer.Argument(help="Words to look for: a name, acronym, Chinese name or need.")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 10,
    type_: TypeOpt = None,
    stage: StageOpt = None,
    sector: SectorOpt = None,
    employees: EmployeesOpt = None,
    age_years: AgeOpt = None,
    listed: ListedOpt = None,
    hk_registered: HkOpt = None,
    member: MemberOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show score and matched fields.")
    ] = False,
    profile: ProfileOpt = None,
    no_profile: NoProfileOpt = False,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Find schemes by name, acronym, Chinese name (either script), former name or need.

    Closed schemes are included and marked. Filters work as in `eligible`.

    Example: itfind search "hire postdoc researchers"      (also: itfind search 科技券计划)
    """
    from itfind.eligibility import passes_filters
    from itfind.search import MIN_SCORE, search

    who, _ = _applicant(
        type_,
        stage,
        sector,
        employees,
        age_years,
        listed,
        hk_registered,
        member,
        profile,
        no_profile,
    )
    out = _out(fmt, as_json, fields, no_color)
    day = _as_of(as_of)
    text = " ".join(query).strip()
    if not text:
        raise UsageError("the search query is empty", hint='try: itfind search "voucher"')
    cat = _load(catalogue)
    keep = {s.id for s in cat.schemes if passes_filters(s, who)}
    hits = search(cat.schemes, text, keep=keep, limit=limit)
    default = ("id", "name", "status", "max_hkd", "applicant_types")
    if explain:
        default = ("id", "score", "matched", "name", "status", "max_hkd")
    records = _dicts((h.scheme for h in hits), out, default, day)
    for record, hit in zip(records, hits, strict=True):
        record["score"] = hit.score
        record["matched"] = list(hit.matched)
    _emit(records, out, default)
    if not records:
        say(f"Nothing matches {text!r}. Try other words, an acronym, or: itfind list")
    elif hits[0].score < MIN_SCORE:
        say(f"No strong match for {text!r}; these match some of its words.")


@app.command("vocab")
def vocab_cmd(
    kind: Annotated[
        str | None,
        typer.Argument(help="type, stage, sector, status, kind or member (default: all)."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    catalogue: CatalogueOpt = None,
    as_of: AsOfOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List every allowed filter value, its meaning and how many schemes use it.

    Example: itfind vocab sector
    """
    kinds = list(model.VOCABULARIES)
    if kind is not None and kind not in kinds:
        close = difflib.get_close_matches(kind, kinds, n=1)
        raise UsageError(
            f"unknown vocabulary {kind!r}",
            hint=(f"did you mean '{close[0]}'? " if close else "")
            + f"choose one of: {', '.join(kinds)}",
        )
    out = _out(fmt, as_json, fields, no_color)
    cat = _load(catalogue)
    today = _as_of(as_of)
    counts: dict[tuple[str, str], int] = {}
    for s in cat.schemes:
        used = {
            "type": s.applicant_types,
            "stage": s.stages,
            "sector": s.sectors,
            "status": (s.effective_status(today),),
            "kind": (s.funding.kind,),
            "member": s.rules.membership,
        }
        for k, values in used.items():
            for v in set(values):
                counts[(k, v)] = counts.get((k, v), 0) + 1
    records = []
    for k in [kind] if kind else kinds:
        values, aliases = model.VOCABULARIES[k]
        for value, meaning in values.items():
            records.append(
                {
                    "vocabulary": k,
                    "value": value,
                    "meaning": meaning,
                    "schemes": counts.get((k, value), 0),
                    "aliases": sorted(a for a, v in aliases.items() if v == value),
                }
            )
    _emit(records, out, ("vocabulary", "value", "schemes", "meaning", "aliases"))


# The planning commands (estimate, deadlines, compare, stale, profile) live in their own
# module; importing it registers them on `app`.
from itfind import cli_planning  # noqa: E402,F401

# ---------------------------------------------------------------- entry point


def _report(error: ItfindError) -> None:
    if isinstance(error, CatalogueError):
        from itfind.text import escape_control

        for problem in error.problems:
            say(escape_control(str(problem)))
    say(f"itfind: error: {error.message}")
    if error.hint:
        say(error.hint)


def _interrupted(signum: int, frame: Any) -> None:
    raise SystemExit(130)


def main(argv: list[str] | None = None) -> None:
    import gc

    # A run is short and builds many objects without cycles: reference counting frees
    # what it can, and the cyclic collector would only re-walk big catalogues for nothing.
    gc.disable()
    # Chinese text must not crash a terminal whose locale cannot show it.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    signal.signal(signal.SIGINT, _interrupted)
    try:
        args = sys.argv[1:] if argv is None else list(argv)
        code = _app_for(args)(args=args, prog_name="itfind", standalone_mode=False)
        sys.stdout.flush()
    except ItfindError as error:
        _report(error)
        code = error.exit_code
    except typer.Abort:
        say("Interrupted.")
        code = 130
    except (BrokenPipeError, PipeClosed):
        code = _quiet_broken_pipe()
    except Exception as error:  # click's usage errors: exit 2 with click's message
        from typer import core

        if isinstance(error, core._click.exceptions.ClickException):
            error.show()
            code = error.exit_code
        elif isinstance(error, OSError) and getattr(error, "errno", None) == 32:
            code = _quiet_broken_pipe()
        else:
            raise
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> int:
    """`itfind ... | head -1`: the reader left, which is not an error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
