"""The scheme record: its fields (declared once, here), the summary that matching uses,
and the status a record has on a given day.

Each field below is declared with `itfind.schema`, which the validator, the JSON
contract, the cache and the README's field table read; see that module. Standard library
only, so that shell completion can use it without paying for yaml, rapidfuzz or rich.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Callable, Collection, Mapping
from typing import Any

from itfind import schema as f
from itfind.vocab import CLOSED_STATUSES, STATUS_ORDER

__all__ = [
    "CLOSED_STATUSES",
    "STATUS_ORDER",
    "Change",
    "Eligibility",
    "Entry",
    "Funding",
    "Scheme",
    "Source",
    "effective_status",
    "parse_ratio",
    "entry_to_dict",
    "plain_to_dict",
    "scheme_to_dict",
]


@f.record
class Source:
    url: str = f.url("official page the facts come from", required=True)
    title: str | None = f.text("the page's title")
    dated: dt.date | None = f.date("the page's own date, when it gives one")


@f.record
class Change:
    date: str | None = f.partial_date(
        "when it changed (`YYYY-MM` or `YYYY` when no source gives the day)"
    )
    change: str = f.text("what changed", required=True)
    status: str | None = f.vocab(
        "status", "the status from that date, when the change is a launch, end, ..."
    )


@f.record
class Planned:
    date: dt.date | None = f.date("the day the change takes effect", required=True)
    change: str = f.text("what is to change, in our words", required=True)
    status: str | None = f.vocab("status", "the status from that date, if it changes")
    source: str | None = f.url("the official announcement")


@f.record
class Window:
    opens: dt.date | None = f.date("the day applications opened")
    closes: dt.date | None = f.date("the last day for applications")
    what: str | None = f.text('which call, e.g. "2025 call"')


@f.record
class Participant:
    type: str = f.vocab("type", "who takes part: `itfind vocab type`", required=True)
    role: str = f.vocab("role", "how: `itfind vocab role`", required=True)


@f.record
class Pointer:
    id: str = f.slug("the other scheme's id", required=True)
    reason: str | None = f.text("why to look there, in a line")
    source: str | None = f.url("the official page that names it, if one does")


@f.record
class Enquiries:
    email: str | None = f.text("enquiry email address")
    phone: str | None = f.text("enquiry telephone number")
    url: str | None = f.url("enquiry or contact page")


@f.record
class LastSeen:
    date: dt.date | None = f.date("the date of the evidence", eager=True)
    what: str | None = f.text('what was seen, e.g. "intake closing 2 Jan 2026"')
    source: str | None = f.url("the official page")


@f.record
class Funding:
    kind: str | None = f.vocab("kind", "kind of help: `itfind vocab kind`", eager=True)
    max_hkd: float | None = f.money("headline maximum, counted in `per`", eager=True)
    per: str | None = f.vocab(
        "per", "what the maximum is counted in: `itfind vocab per`", eager=True
    )
    basis: str | None = f.text("the maximum and its unit in words, with any detail")
    basis_zh: str | None = f.text("`basis` in Traditional Chinese")
    matching_ratio: str | None = f.ratio('government:applicant share of cost, e.g. "3:1"')
    percent_cap: float | None = f.number("government share at most this % of cost", maximum=100)
    per_project_max_hkd: float | None = f.money("cap per project")
    cumulative_max_hkd: float | None = f.money("cap over all projects of one applicant")
    max_projects: int | None = f.integer("projects one applicant may have", maximum=10_000)
    duration_months: float | None = f.number("longest project or support period", maximum=1200)
    notes: str | None = f.text("other funding terms, in our words")
    notes_zh: str | None = f.text("`notes` in Traditional Chinese")


@f.record
class Eligibility:
    text: str | None = f.text("who can apply, in plain words")
    text_zh: str | None = f.text("`text` in Traditional Chinese")
    hk_registered: bool | None = f.flag("true: must be registered in Hong Kong", eager=True)
    listed: bool | None = f.flag("false: must not be listed; true: must be listed", eager=True)
    max_employees: int | None = f.integer(
        "the largest headcount allowed", maximum=10_000_000, eager=True
    )
    min_age_years: float | None = f.number(
        "years since incorporation, at least", maximum=200, eager=True
    )
    max_age_years: float | None = f.number(
        "years since incorporation, at most", maximum=200, eager=True
    )
    membership: tuple[str, ...] = f.vocabs(
        "member", "park membership required (any one of)", eager=True
    )
    routes: tuple[str, ...] = f.vocabs(
        "route", "how the applicant must come (any one of): `itfind vocab route`", eager=True
    )
    via: str | None = f.text('the route to apply in words, e.g. "a designated university"')


@f.record
class Scheme:
    """One funding scheme, as the catalogue records it."""

    id: str = f.slug("lowercase slug, unique", required=True, eager=True)
    acronym: str | None = f.text("official acronym", eager=True)
    name: str = f.text("official English name", required=True, eager=True)
    name_zh: str | None = f.text("official Traditional Chinese name", eager=True)
    aliases: tuple[str, ...] = f.texts(
        "former names, other acronyms, Simplified Chinese", eager=True
    )
    administrator: str | None = f.text("who runs it")
    summary: str | None = f.text("what it does, in our own words")
    summary_zh: str | None = f.text("`summary` in Traditional Chinese, in our own words")
    url: str | None = f.url("official page", eager=True)
    keywords: tuple[str, ...] = f.texts("words a user with a need would type")
    applicant_types: tuple[str, ...] = f.vocabs(
        "type", "who may apply as lead applicant: `itfind vocab type`", required=True, eager=True
    )
    participants: tuple[Participant, ...] = f.entries(
        Participant, "who else takes part, and how (never a lead applicant type)"
    )
    stages: tuple[str, ...] = f.vocabs(
        "stage",
        "business stages (`itfind vocab stage`), or any",
        required=True,
        allow_any=True,
        eager=True,
        default=("any",),
    )
    sectors: tuple[str, ...] = f.vocabs(
        "sector",
        "sectors (`itfind vocab sector`), or any",
        required=True,
        allow_any=True,
        eager=True,
        default=("any",),
    )
    status: str = f.vocab(
        "status",
        "open, upcoming, invitation, unknown, closed or ended; in JSON, the effective "
        "status on the as-of date (its dates may overrule the record's)",
        required=True,
        eager=True,
        default="unknown",
    )
    intake: str | None = f.vocab("intake", "`rolling`, `rounds` or `invitation`", eager=True)
    opens: dt.date | None = f.date("the current or last window opens", eager=True)
    closes: dt.date | None = f.date("the current or last window closes", eager=True)
    windows: tuple[Window, ...] = f.entries(Window, "past application windows, for rounds")
    planned: tuple[Planned, ...] = f.entries(
        Planned, "announced changes; from its date each takes effect"
    )
    last_seen: LastSeen = f.group(
        LastSeen, "for an unknown status: the latest evidence it was running"
    )
    apply_url: str | None = f.url("where to apply: the official form or portal")
    enquiries: Enquiries = f.group(Enquiries, "where to ask")
    successors: tuple[Pointer, ...] = f.entries(
        Pointer, "what to use instead of an ended, closed or merged scheme"
    )
    see_also: tuple[Pointer, ...] = f.entries(Pointer, "related schemes worth a look")
    parts: tuple[str, ...] = f.texts("for a programme: the ids of the schemes under it")
    funding: Funding = f.group(Funding, "how much, and on what terms")
    eligibility: Eligibility = f.group(Eligibility, "who can apply, as checkable rules")
    history: tuple[Change, ...] = f.entries(Change, "what changed and when")
    sources: tuple[Source, ...] = f.entries(
        Source, "official pages the facts come from", required=True
    )
    last_verified: dt.date | None = f.date(
        "when the record was last checked", required=True, eager=True
    )
    unconfirmed: tuple[str, ...] = f.texts("facts no official source confirmed")

    def effective_status(self, as_of: dt.date) -> str:
        return self.entry().effective_status(as_of)

    def entry(self) -> Entry:
        """The summary of this record that matching uses."""
        plain = f.to_plain(self)
        eager = [_get(self, leaf.path) for leaf in EAGER]
        return Entry._make([*eager, *(derive(plain) for derive in DERIVED.values())])


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        obj = getattr(obj, part)
    return obj


# The summary of a record that filtering, sorting, searching and the default columns need:
# every field declared `eager`, under its own name (`max_hkd` for funding.max_hkd). A big
# catalogue is opened as summaries alone; full records are read for what is printed.
EAGER: tuple[f.Leaf, ...] = tuple(leaf for leaf in f.leaves(Scheme) if leaf.spec.eager)


def _full_date(value: str) -> str:
    """A history date as a day: "2024-06" -> "2024-06-01", "2016" -> "2016-01-01"."""
    return value if len(value) == 10 else (value + "-01-01")[:10]


def _day_after(value: str) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()


def timeline_of(record: Mapping[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """A plain record's dated statuses, oldest first, as (ISO day, status, kind): kind
    `h` for history entries with a status, `w` for past windows (open on the first day,
    closed the day after the last), `p` for an announced change, `s` for the day after
    an unknown scheme was last seen running."""
    events = []
    for change in record.get("history") or ():
        if change.get("status") and change.get("date"):
            events.append((_full_date(change["date"]), change["status"], "h"))
    for window in record.get("windows") or ():
        if window.get("opens"):
            events.append((window["opens"], "open", "w"))
        if window.get("closes"):
            events.append((_day_after(window["closes"]), "closed", "w"))
    for planned in record.get("planned") or ():
        if planned.get("status") and planned.get("date"):
            events.append((planned["date"], planned["status"], "p"))
    seen = (record.get("last_seen") or {}).get("date")
    if record.get("status") == "unknown" and seen:
        # Seen running until then; what came after is not known, whatever came before.
        events.append((_day_after(seen), "unknown", "s"))
    return tuple(sorted(events))


def usual_window(record: Mapping[str, Any]) -> tuple[int, int] | None:
    """For a scheme that runs in rounds, the months its calls usually open and close:
    those of its latest past window. Only when the record shows a yearly habit: two
    windows at least, the latest two opening within two months of the year apart (a
    call in 2018 and another in 2023 say nothing about next year). None otherwise."""
    windows = sorted(
        (w for w in record.get("windows") or () if w.get("opens") and w.get("closes")),
        key=lambda w: w["opens"],
    )
    if len(windows) < 2:
        return None
    before, latest = windows[-2]["opens"], windows[-1]["opens"]
    years = int(latest[:4]) - int(before[:4])
    months = abs(int(latest[5:7]) - int(before[5:7]))
    if not 1 <= years <= 2 or min(months, 12 - months) > 2:
        return None
    return int(latest[5:7]), int(windows[-1]["closes"][5:7])


# Fields worked out from a record for matching, kept with the eager ones in its summary.
DERIVED: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "timeline": timeline_of,
    "usual": usual_window,
    "planned_dates": lambda record: tuple(p["date"] for p in record.get("planned") or ()),
    "partners": lambda record: tuple(
        (p["type"], p["role"]) for p in record.get("participants") or ()
    ),
}
LAUNCH_STATUSES = frozenset({"open", "upcoming", "invitation"})


# Each English text and its Traditional Chinese twin (dotted paths). The validator
# requires the twin of every text but the name (no official Chinese name is a fact to
# record, not to invent); people reading Chinese see the twin; zh-hans converts them.
ZH_TWINS = {
    "name": "name_zh",
    "summary": "summary_zh",
    "eligibility.text": "eligibility.text_zh",
    "funding.basis": "funding.basis_zh",
    "funding.notes": "funding.notes_zh",
}


class Entry(namedtuple("Entry", [leaf.name for leaf in EAGER] + list(DERIVED))):  # type: ignore[misc]
    """A record's eager fields: what matching needs, without the long texts."""

    __slots__ = ()

    def effective_status(self, as_of: dt.date) -> str:
        return status_on(
            self.status, self.opens, self.closes, self.last_verified, self.timeline, as_of
        )

    def unchecked_planned(self, as_of: dt.date) -> list[str]:
        """The dates of announced changes that have come by `as_of` with nobody checking
        the record since: in effect by announcement only."""
        checked = self.last_verified.isoformat() if self.last_verified else ""
        return [d for d in self.planned_dates if checked < d <= as_of.isoformat()]


def status_on(
    declared: str,
    opens: dt.date | None,
    closes: dt.date | None,
    last_verified: dt.date | None,
    timeline: tuple[tuple[str, str, str], ...],
    as_of: dt.date,
) -> str:
    """A scheme's status on a date, from its dated facts (README, "Dates and status").

    - Before its launch (the first dated status in its history, if it is an opening and
      comes before every recorded window) it did not exist: `not-launched`.
    - An announced change (`planned`) takes effect on its date, over what the record
      declares, unless something dated later happened.
    - From the day the record was last verified, its declared status stands; before it,
      the latest dated status does (a past question gets a past answer), and a day
      before the current window opened is answered by the dated facts alone.
    - The current window then decides as it always has: a window that has closed makes
      a scheme `closed`, one not yet open `upcoming`, one we are inside `open`; `ended`
      is final.
    """
    day = as_of.isoformat()
    happened = [event for event in timeline if event[2] != "p"]
    if happened and happened[0][2] == "h" and happened[0][1] in LAUNCH_STATUSES:
        if day < happened[0][0]:
            return "not-launched"
    past = [event for event in happened if event[0] <= day]
    announced = [event for event in timeline if event[2] == "p" and event[0] <= day]
    if announced and (not past or past[-1][0] <= announced[-1][0]):
        base = announced[-1][1]
    elif last_verified is not None and as_of >= last_verified:
        base = declared
    elif past:
        base = past[-1][1]
        if opens is not None and as_of < opens:
            # A day before the current window: the window says nothing about it (a call
            # two years ago was open, not "upcoming"); the dated facts do.
            return base
    else:
        base = declared
    return effective_status(base, opens, closes, as_of)


# Field keys (and `--fields` names) an entry can answer without its full record.
EAGER_KEYS = frozenset(
    {"status", "declared_status"}
    | {leaf.dotted for leaf in EAGER}
    | {leaf.name for leaf in EAGER if len(leaf.path) == 1}
)


def effective_status(
    status: str, opens: dt.date | None, closes: dt.date | None, as_of: dt.date
) -> str:
    """The status as of a date: the record's dates win over its declared status.

    A window that has closed makes a scheme `closed`, one that has not opened makes it
    `upcoming`, and a window we are inside makes it `open`. `ended` is final.
    """
    if status == "ended":
        return "ended"
    if closes is not None and as_of > closes:
        return "closed"
    if opens is not None and as_of < opens:
        return "upcoming"
    if status == "invitation":
        return status
    if opens is not None and closes is not None:
        return "open"  # inside a window both of whose ends are known
    if status == "upcoming" and opens is not None:
        return "open"  # the announced opening date has come
    return status


def parse_ratio(ratio: str | None) -> tuple[float, float] | None:
    """`"3:1"` -> (3.0, 1.0); None or a malformed ratio -> None."""
    if not ratio or ratio.count(":") != 1:
        return None
    left, right = ratio.split(":")
    try:
        gov, own = float(left), float(right)
    except ValueError:
        return None
    if gov < 0 or own < 0 or gov + own == 0:
        return None
    return gov, own


def scheme_to_dict(scheme: Scheme, as_of: dt.date) -> dict[str, Any]:
    """The JSON contract of one record: every key always present, null when unknown.
    `status` is the effective status on `as_of`; `declared_status` what the record says."""
    return plain_to_dict(f.to_plain(scheme), as_of)


def plain_to_dict(record: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The JSON contract of a validated plain record (what the cache holds), without
    building a Scheme: the validator already wrote it in contract form."""

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    status = status_on(
        record["status"],
        day(record["opens"]),
        day(record["closes"]),
        day(record["last_verified"]),
        timeline_of(record),
        as_of,
    )
    return _with_status(record, record["status"], status)


def entry_to_dict(
    entry: Any, as_of: dt.date, keys: Collection[str] | None = None
) -> dict[str, Any]:
    """The eager part of the JSON contract, for output that needs no more (tsv/csv/table
    default columns): printing 100,000 ids and names must not read 100,000 full records.
    With `keys`, only those top-level keys (`funding` for any of its fields)."""
    out: dict[str, Any] = {}
    for index, group, name, convert in _LIGHT_PLAN:
        if keys is not None and (group or name) not in keys:
            if name != "status" or "declared_status" not in keys:
                continue
        value = entry[index]
        if convert is not None and value is not None:
            value = convert(value)
        if group is not None:
            target = out.get(group)
            if target is None:
                target = out[group] = {}
            target[name] = value
        elif name == "status":
            out["status"] = entry.effective_status(as_of)
            out["declared_status"] = value
        else:
            out[name] = value
    return out


def _converter(spec: f.Spec) -> Any:
    if spec.kind in f.MANY:
        return list
    if spec.kind == "date":
        return dt.date.isoformat
    if spec.kind in ("money", "number"):
        return f.whole
    return None


# (position in the entry, its group or None, its key, how to make it plain): worked out
# once, so that a light record costs a loop, not a walk of the declarations.
_LIGHT_PLAN = tuple(
    (i, leaf.path[0] if len(leaf.path) > 1 else None, leaf.name, _converter(leaf.spec))
    for i, leaf in enumerate(EAGER)
)


def _with_status(record: dict[str, Any], declared: str, status: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if key == "status":
            out["status"] = status
            out["declared_status"] = declared
        else:
            out[key] = value
    return out


# Keys the JSON contract adds to a record's own fields: key -> (the field it follows,
# its type, its meaning).
COMPUTED_KEYS = {
    "declared_status": (
        "status",
        "string",
        "the status the catalogue records (its dates may overrule it)",
    ),
    "catalogue": (
        "unconfirmed",
        "string",
        "the file the record comes from: `packaged` (shipped with itfind) or a path",
    ),
}


def field_table() -> str:
    """The README's table of a record's keys, made from the declarations above."""
    rows = [
        "| key | type | required in a catalogue | meaning |",
        "| --- | --- | :---: | --- |",
    ]

    def add(key: str, spec: f.Spec, default: object) -> None:
        required = ""
        if spec.required:
            many = spec.kind == "vocabs" and default
            required = f"default `[{', '.join(default)}]`" if many else "yes"  # type: ignore[arg-type]
        rows.append(f"| `{key}` | {spec.json_type} | {required} | {spec.doc} |")

    def walk(cls: type, prefix: str) -> None:
        for name, spec, default in f.fields_of(cls):
            key = f"{prefix}{name}"
            add(key, spec, default)
            for computed, (after, kind, doc) in COMPUTED_KEYS.items():
                if not prefix and after == name:
                    rows.append(f"| `{computed}` | {kind} |  | {doc} |")
            if spec.kind == "group":
                walk(spec.item, f"{key}.")  # type: ignore[arg-type]
            elif spec.kind == "entries":
                walk(spec.item, f"{key}[].")  # type: ignore[arg-type]

    walk(Scheme, "")
    return "\n".join(rows) + "\n"
