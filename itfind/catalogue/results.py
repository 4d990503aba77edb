"""One record in a result (a listing, a match, a search hit), tied to the catalogue it came
from, so that its full record is read only when it is asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from itfind import model, vocab
from itfind.catalogue.records import Records
from itfind.text import quote


class Item:
    """A record in a result: its position in the catalogue, its summary (`entry`) and
    the date the result was worked out for."""

    __slots__ = ("position", "entry", "records", "as_of")

    def __init__(self, position: int, entry: model.Entry, records: Records, as_of: dt.date):
        self.position, self.entry, self.records, self.as_of = position, entry, records, as_of

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.entry.id!r})"

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def status(self) -> str:
        """The effective status on the as-of date."""
        return self.entry.effective_status(self.as_of)

    @property
    def scheme(self) -> model.Scheme:
        """The full record (read from the cache on first use)."""
        return self.records.scheme(self.position)

    def to_dict(self, *, full: bool = True, keys: Collection[str] | None = None) -> dict[str, Any]:
        """The record as the JSON contract gives it (README, "JSON contract"). With
        `full=False`, only the eager fields, without reading the full record; `keys`
        then narrows it to the top-level keys an output needs."""
        if full:
            out = model.plain_to_dict(self.records.record(self.position), self.as_of)
        else:
            out = model.entry_to_dict(self.entry, self.as_of, keys)
        if keys is None or "catalogue" in keys:
            out["catalogue"] = self.records.origin(self.position)
        return out


def items(
    records: Records, as_of: dt.date, positions: range | list[int] | None = None
) -> list[Item]:
    chosen = range(len(records)) if positions is None else positions
    return [Item(i, records.entries[i], records, as_of) for i in chosen]


SORTS = ("fit", "amount", "closes", "name")  # `--sort`: fit is each command's own order
UNIT_ORDER = {unit: rank for rank, unit in enumerate(vocab.PER)}


def amount_key(entry: model.Entry) -> tuple:
    """Amounts compared only within one unit: a loan facility or a monthly allowance is
    never weighed against a project grant. Cash for projects first, unknown units last,
    and within a unit the larger amount first."""
    amount = entry.max_hkd
    return (UNIT_ORDER.get(entry.per, len(UNIT_ORDER)), amount is None, -(amount or 0))


def sort_items(items: list, by: str) -> list:
    """Items ordered by `amount`, `closes` (soonest deadline first, none last) or
    `name`; `fit` keeps the order they came in. By amount: matches estimated for a
    project's cost (`eligible --cost`) by the grant, largest first, then the rest by
    their cap, within a unit."""
    if by == "amount":

        def amount(item: Any) -> tuple:
            estimate = getattr(item, "estimate", None)
            grant = estimate.grant_hkd if estimate is not None else None
            return (grant is None, -(grant or 0), *amount_key(item.entry), item.entry.id)

        return sorted(items, key=amount)
    if by == "closes":
        return sorted(
            items, key=lambda i: (i.entry.closes is None, i.entry.closes or dt.date.max, i.entry.id)
        )
    if by == "name":
        return sorted(items, key=lambda i: (i.entry.name.casefold(), i.entry.id))
    if by != "fit":
        raise ValueError(f"unknown sort {quote(by)}: choose one of {', '.join(SORTS)}")
    return list(items)
