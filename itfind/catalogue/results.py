"""One record in a result (a listing, a match, a search hit), tied to the catalogue it came
from, so that its full record is read only when it is asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from itfind import model
from itfind.catalogue.records import Records


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
            return model.plain_to_dict(self.records.record(self.position), self.as_of)
        return model.entry_to_dict(self.entry, self.as_of, keys)


def items(
    records: Records, as_of: dt.date, positions: range | list[int] | None = None
) -> list[Item]:
    chosen = range(len(records)) if positions is None else positions
    return [Item(i, records.entries[i], records, as_of) for i in chosen]
