"""The public Python API: a catalogue loaded once, and every question the command line
answers, as methods that return plain, typed results.

    import itfind

    catalogue = itfind.load_catalogue()               # as the CLI would, on today's date
    for match in catalogue.eligible(type="sme", sector="fintech").matches:
        print(match.id, match.fit, match.why)
    catalogue.get("tvp").funding.max_hkd              # a full record
    catalogue.search("research talent", limit=3)[0].to_dict()   # the JSON contract

The command line is a thin layer over this module; everything it prints comes from here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itfind import model
from itfind.catalogue import Records, load_records, resolve_sources
from itfind.catalogue.results import Item
from itfind.dates import parse_date
from itfind.eligibility import Applicant

NAME_FIELDS = frozenset({"id", "acronym", "aliases", "name", "name_zh"})

if TYPE_CHECKING:  # imported where used: a run pays only for the question it asks
    from itfind.changes import Change
    from itfind.deadlines import Deadlines
    from itfind.eligibility import Match, Selection
    from itfind.estimate import Estimate
    from itfind.search import Hit


def load_catalogue(
    paths: Sequence[str | Path] | None = None,
    *,
    as_of: dt.date | str | None = None,
    env: Mapping[str, str] = os.environ,
    cache: bool = True,
) -> Catalogue:
    """Load, check and merge catalogue files, answering as of a date (default today).

    With no `paths`, the files the CLI would use: ITFIND_CATALOGUE, else the packaged
    catalogue with the user's overlay on top. `"@builtin"` in `paths` stands for the
    packaged catalogue. Raises CatalogueError (every problem, located) and ValueError
    for a date that is not ISO.
    """
    sources = resolve_sources([str(p) for p in paths or ()], env)
    records = load_records(sources.files, env, use_cache=cache)
    return Catalogue(records, parse_date(as_of))


def catalogue_stamp(
    paths: Sequence[str | Path] | None = None, *, env: Mapping[str, str] = os.environ
) -> tuple:
    """The catalogue files `load_catalogue(paths)` would read, as they are now: each
    one's identity, size and change times (what the cache keys on). An equal stamp means
    loading again would read the same files unchanged; a long-running caller (the MCP
    server) compares stamps to know when to load again."""
    from itfind.catalogue.cache import fingerprint

    def stamp(path: Path) -> tuple:
        try:
            return tuple(fingerprint(path).values())
        except OSError:
            return (str(path), None)  # missing now: loading would report it

    return tuple(stamp(p) for p in resolve_sources([str(p) for p in paths or ()], env).files)


class Catalogue:
    """The schemes of the catalogue files in use, and the questions asked of them, as of
    one date (`as_of`: statuses, deadlines and "closed" are evaluated on it)."""

    def __init__(self, records: Records, as_of: dt.date) -> None:
        self.records = records
        self.as_of = as_of

    @property
    def catalogue_date(self) -> dt.date | None:
        """The newest `as_of` date the catalogue files give."""
        return self.records.catalogue_date

    @property
    def files(self) -> tuple[str, ...]:
        return self.records.files

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[model.Scheme]:
        """Every full record (reads them all: for big catalogues prefer `list()`)."""
        return self.records.schemes()

    def at(self, as_of: dt.date | str) -> Catalogue:
        """The same catalogue, answering as of another date."""
        return Catalogue(self.records, parse_date(as_of))

    # ------------------------------------------------------------ records

    def item(self, id_or_name: str) -> Item:
        """The record an id, acronym, alias or former name names (either Chinese
        script); raises UnknownScheme with suggestions."""
        return self._item(self.records.find(id_or_name))

    def _item(self, position: int) -> Item:
        return Item(position, self.records.entries[position], self.records, self.as_of)

    def get(self, id_or_name: str) -> model.Scheme:
        """The full record an id, acronym, alias or former name names."""
        return self.item(id_or_name).scheme

    def list(self, *, status: Sequence[str] | None = None) -> list[Item]:
        """Every scheme, or those with these effective statuses, in status order (what
        a user can act on first), then by id."""
        wanted = set(status or ())
        found = [
            Item(i, entry, self.records, self.as_of)
            for i, entry in enumerate(self.records.entries)
            if not wanted or entry.effective_status(self.as_of) in wanted
        ]
        found.sort(key=lambda item: (model.STATUS_ORDER[item.status], item.id))
        return found

    def stale(self, older_than: dt.timedelta) -> list[Item]:
        """Records last verified longer ago than `older_than`, or not since an announced
        change took effect, oldest first."""
        cutoff = self.as_of - older_than
        due = [
            Item(i, entry, self.records, self.as_of)
            for i, entry in enumerate(self.records.entries)
            if entry.last_verified is None
            or entry.last_verified < cutoff
            or entry.unchecked_planned(self.as_of)
        ]
        due.sort(key=lambda item: (item.entry.last_verified or dt.date.min, item.id))
        return due

    # ------------------------------------------------------------ questions

    def eligible(
        self,
        applicant: Applicant | None = None,
        *,
        include_closed: bool = False,
        include_partners: bool = False,
        cost_hkd: float | None = None,
        **facts: Any,
    ) -> Selection:
        """The schemes an applicant can apply for, best fit first, each with its fit
        (yes or maybe) and every criterion as pass, fail or unknown; and those left out,
        each with its `reason`. Give an `Applicant`, or its facts as keywords
        (`type="sme", sector="fintech", employees=20`; see `itfind.eligibility.FACTS`);
        keywords override the applicant's answers. Closed and ended schemes are left out
        (and counted) unless `include_closed`. With `include_partners`, also the schemes
        the applicant can take part in without applying (as sponsor, partner, host...;
        `Match.role` says which). With `cost_hkd`, each match carries the grant a
        project of that cost would get (`Match.estimate`)."""
        from itfind.eligibility import eligible
        from itfind.estimate import estimate

        who = _applicant(applicant, facts)
        selection = eligible(
            self.records,
            who,
            self.as_of,
            include_closed=include_closed,
            partners=include_partners,
        )
        if cost_hkd is not None:
            for match in selection.matches:
                match.estimate = estimate(match.scheme, cost_hkd)
        return selection

    def why_not(self, id_or_name: str, applicant: Applicant | None = None, **facts: Any) -> Match:
        """One scheme judged for an applicant whatever its fit or status: `.criteria`
        and `.reason` say why `eligible` leaves it out, or that it would not."""
        from itfind.eligibility import why_not

        who = _applicant(applicant, facts)
        return why_not(self.records, self.records.find(id_or_name), who, self.as_of)

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        applicant: Applicant | None = None,
        **facts: Any,
    ) -> list[Hit]:
        """Schemes ranked for a query (a name, acronym, Chinese name in either script,
        former name or need), closed ones included. Filters work as in `eligible`: a
        scheme is left out only when a given fact rules it out, except a scheme the
        query names exactly (its id, acronym or a name), which is kept with the reason
        in `Hit.excluded`."""
        from itfind.eligibility import passes_filters, why_not
        from itfind.search import EXACT, search

        who = _applicant(applicant, facts)
        hits = search(self.records, query, self.as_of, limit=None)
        if who != Applicant():
            kept = []
            for hit in hits:
                if passes_filters(hit.entry, who):
                    kept.append(hit)
                elif hit.score >= EXACT:  # named exactly: never hidden
                    hit.excluded = why_not(self.records, hit.position, who, self.as_of).reason
                    kept.append(hit)
            hits = kept
        return hits[:limit] if limit else hits

    def find(self, id_or_name: str) -> tuple[Item, bool]:
        """The record a name means, forgiving like search: an exact id, acronym, alias or
        name first; else the single clearly best search match (`True` then says it was a
        guess). Raises UnknownScheme, with the candidates, when nothing or several fit."""
        from itfind.errors import UnknownScheme
        from itfind.search import MIN_SCORE, search

        try:
            return self.item(id_or_name), False
        except UnknownScheme as missing:
            hits = search(self.records, id_or_name, self.as_of, limit=3)
            # Only a name-like match counts: a word found in a summary is not a name.
            named = [h for h in hits if h.score >= 80 and h.matched[0] in NAME_FIELDS]
            if named:
                close = [h for h in named if named[0].score - h.score < 10]
                if len(close) > 1:  # names equally near: the one nearest as a whole wins
                    from rapidfuzz import fuzz

                    from itfind.text import key

                    def nearness(hit: Hit) -> float:
                        return fuzz.ratio(key(id_or_name), key(hit.entry.name))

                    close.sort(key=nearness, reverse=True)
                    if nearness(close[0]) - nearness(close[1]) >= 10:
                        return self._item(close[0].position), True
                else:
                    return self._item(named[0].position), True
            candidates = [
                h.id for h in hits if h.score >= MIN_SCORE and h.matched[0] in NAME_FIELDS
            ] or missing.suggestions
            raise UnknownScheme(id_or_name, candidates) from None

    def estimate(
        self,
        id_or_name: str,
        cost_hkd: float,
        *,
        used_hkd: float = 0.0,
        projects_used: int | None = None,
    ) -> Estimate:
        """The grant for a project of `cost_hkd` under a scheme's ratio and caps, step
        by step; says what is missing when the record lacks a rule."""
        from itfind.estimate import estimate

        return estimate(self.get(id_or_name), cost_hkd, used_hkd, projects_used)

    def deadlines(self, within: dt.timedelta | None = None) -> Deadlines:
        """Windows that open or close from the as-of date on, soonest first, and the
        schemes that take applications all year."""
        from itfind.deadlines import deadlines

        return deadlines(self.records.entries, self.as_of, within)

    def changes(
        self,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        ids: Sequence[str] = (),
        status: Sequence[str] = (),
        applicant: Applicant | None = None,
        **facts: Any,
    ) -> list[Change]:
        """Every dated change across the catalogue (history entries, announced changes,
        windows opening and closing), newest first, between `since` and `until`; only
        for the schemes `ids` name (ids, acronyms or names), with these effective
        statuses, and that the applicant's facts do not rule out. Each record's changes
        are worked out once per catalogue (reading every record is the slow part)."""
        from itfind.changes import record_changes, select
        from itfind.eligibility import passes_filters

        who = _applicant(applicant, facts)
        wanted = {self.records.find(i) for i in ids}
        positions = [
            position
            for position, entry in enumerate(self.records.entries)
            if (not wanted or position in wanted)
            and (not status or entry.effective_status(self.as_of) in status)
            and (who == Applicant() or passes_filters(entry, who))
        ]
        memo: dict[int, list[Change]] = self.records.derived.setdefault("changes", {})
        for p in positions:
            if p not in memo:
                memo[p] = record_changes(self.records.record(p))
        return select(
            (memo[p] for p in positions),
            parse_date(since) if since else None,
            parse_date(until) if until else None,
        )

    def vocab_counts(self) -> dict[tuple[str, str], int]:
        """How many schemes use each vocabulary value: {("sector", "fintech"): 3, ...}."""
        counts: dict[tuple[str, str], int] = {}
        for entry in self.records.entries:
            used = {
                "type": entry.applicant_types,
                "stage": entry.stages,
                "sector": entry.sectors,
                "status": (entry.effective_status(self.as_of),),
                "kind": (entry.kind,),
                "member": entry.membership,
                "route": entry.routes,
                "per": (entry.per,),
            }
            for kind, values in used.items():
                for value in set(values):
                    counts[(kind, value)] = counts.get((kind, value), 0) + 1
        return counts


def _applicant(applicant: Applicant | None, facts: Mapping[str, Any]) -> Applicant:
    given = Applicant.from_facts(facts) if facts else Applicant()
    return applicant.combine(given) if applicant is not None else given
