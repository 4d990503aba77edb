"""What changed, when: every dated fact across the catalogue (history entries, announced
changes, windows opening and closing), and what differs between two catalogues.

Both are plain data for the output layer: `record_changes` and `select` feed `itfind
changes` (and its Atom feed) through `Catalogue.changes`; `diff_records` feeds `itfind
diff`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from itfind.dates import first_day
from itfind.text import key as name_key

# What kind of change a history entry is, when its own status does not say: the first
# pattern its text matches (English text, as the catalogue writes it), else `other`.
KIND_WORDS = (
    ("rename", re.compile(r"\brenamed?\b|\bformerly\b|\bnow called\b", re.I)),
    ("ratio", re.compile(r"\bratio\b|\bmatching\b|\d+:\d+", re.I)),
    ("cap", re.compile(r"\bcap\b|\bceiling\b|\bmaximum\b|\bup to HK\$", re.I)),
    ("ends", re.compile(r"\bended\b|\bstop(?:ped|s)? (?:taking|accepting)\b", re.I)),
    ("launch", re.compile(r"\blaunch(?:ed)?\b", re.I)),
    ("rule", re.compile(
        r"\beligib|\brequirement|\brule|\bwidened\b|\brelaxed\b|\brestriction|\bstreamlined\b",
        re.I,
    )),
    # Windows stated in words (a round that had no dates in the record's windows)
    ("closes", re.compile(r"\bapplications? closed\b|\bno longer accept", re.I)),
    ("opens", re.compile(
        r"\bapplication (?:period|window)\b|\binvited (?:proposals|applications)\b"
        r"|\bcall for (?:applications|proposals)\b|\bEOIs? (?:due|invited)\b"
        r"|\bapplications? (?:open|opened|reopened)\b",
        re.I,
    )),
)  # fmt: skip
KINDS = ("launch", "opens", "closes", "ends", "rename", "cap", "ratio", "rule", "other")
STATUS_KINDS = {
    "open": "launch",
    "upcoming": "launch",
    "invitation": "launch",
    "closed": "closes",
    "ended": "ends",
}


class Change(NamedTuple):
    """One dated change of one scheme."""

    date: str  # ISO date, or YYYY-MM / YYYY as precise as the source
    id: str
    name: str
    kind: str  # one of KINDS
    change: str
    source: str | None  # the official page: the announcement, else the scheme's page
    planned: bool  # announced for this date, not (yet) confirmed as happened

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def kind_of(text: str, status: str | None = None, first_status: bool = False) -> str:
    if status:
        if status == "open" and not first_status:
            return "opens"  # a reopening
        return STATUS_KINDS.get(status, "other")
    for kind, pattern in KIND_WORDS:
        if pattern.search(text):
            return kind
    return "other"


def record_changes(record: Mapping[str, Any]) -> list[Change]:
    """Every dated change one (plain) record states."""
    rid, name = record["id"], record["name"]
    page = record.get("url") or next((s["url"] for s in record.get("sources") or ()), None)
    out: list[Change] = []
    seen_status = False
    for entry in record.get("history") or ():
        if not entry.get("date"):
            continue
        status = entry.get("status")
        out.append(
            Change(
                entry["date"],
                rid,
                name,
                kind_of(entry["change"], status, first_status=not seen_status),
                entry["change"],
                page,
                False,
            )
        )
        seen_status = seen_status or bool(status)
    for entry in record.get("planned") or ():
        out.append(
            Change(
                entry["date"],
                rid,
                name,
                kind_of(entry["change"], entry.get("status")),
                entry["change"],
                entry.get("source") or page,
                True,
            )
        )
    # Windows (each round's dates), then the record's current dates unless a round or
    # a history entry already gives that change on that day.
    events = (("opens", "applications open"), ("closes", "applications close"))
    for window in record.get("windows") or ():
        what = window.get("what") or "a call"
        for kind, words in events:
            if window.get(kind):
                out.append(Change(window[kind], rid, name, kind, f"{what}: {words}", page, False))
    for kind, words in events:
        day = record.get(kind)
        if day and not any(c.date == day and c.kind == kind for c in out):
            out.append(Change(day, rid, name, kind, words, page, False))
    return out


def select(
    per_record: Iterable[Iterable[Change]],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Change]:
    """The changes (each record's, from `record_changes`) between `since` and `until`,
    newest first."""
    low = since.isoformat() if since else ""
    high = until.isoformat() if until else "9999"
    found = [c for found in per_record for c in found if low <= first_day(c.date) <= high]
    found.sort(key=lambda c: (first_day(c.date), c.id, c.kind, c.change), reverse=True)
    return found


# ---------------------------------------------------------------- differences


class Difference(NamedTuple):
    """One difference between two versions of a catalogue (or of a saved search's
    results): a record added, removed or renamed, or one field's old and new value."""

    id: str
    name: str
    change: str  # added, removed, renamed, changed
    field: str | None
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def as_row(difference: Any) -> dict[str, Any]:
    """A difference (or a saved search's news) as an output row: a list value reads as
    its items joined, in every format, so a row's old and new stay one cell each."""
    row = difference.to_dict()
    for side in ("old", "new"):
        if isinstance(row[side], list):
            row[side] = "; ".join(map(str, row[side]))
    return row


# Fields compared for each record.
IGNORED = frozenset({"last_verified", "sources", "unconfirmed", "catalogue"})


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record as dotted fields: `funding.max_hkd`; lists stay lists."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out |= flatten(value, f"{name}.")
        else:
            out[name] = value
    return out


def diff_records(
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    fields: Sequence[str] | None = None,
) -> list[Difference]:
    """What changed from `old` to `new` (lists of plain records): records added,
    removed, renamed (a removed id whose name lives on as a new record's alias), and
    per field the old and new values (only `fields`, when given)."""
    before = {r["id"]: r for r in old}
    after = {r["id"]: r for r in new}
    out: list[Difference] = []
    renamed: dict[str, str] = {}
    for rid in before.keys() - after.keys():
        names = {name_key(before[rid]["name"]), name_key(rid)}
        for nid in after.keys() - before.keys():
            known = {name_key(a) for a in after[nid].get("aliases") or ()}
            if names & known:
                renamed[rid] = nid
    for rid in sorted(before.keys() | after.keys()):
        if rid in before and rid not in after:
            if rid in renamed:
                out.append(Difference(rid, before[rid]["name"], "renamed", "id", rid, renamed[rid]))
            else:
                out.append(Difference(rid, before[rid]["name"], "removed", None, None, None))
            continue
        if rid not in before:
            if rid not in renamed.values():
                out.append(Difference(rid, after[rid]["name"], "added", None, None, None))
            continue
        a, b = flatten(before[rid]), flatten(after[rid])
        for field in fields or sorted(a.keys() | b.keys()):
            if field in IGNORED or field.split(".")[0] in IGNORED:
                continue
            if a.get(field) != b.get(field):
                out.append(
                    Difference(
                        rid, after[rid]["name"], "changed", field, a.get(field), b.get(field)
                    )
                )
    return out
