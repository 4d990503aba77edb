"""The records of the catalogue files in use, merged: a summary (`Entry`) of every record
for matching, and the full record of any one on demand.

Each file's records come either from the cache (`itfind.catalogue.cache`) or, when it
cannot be used, straight from parsing (`ParsedFile`, here). Both answer the same three
questions: the entries, the search documents and one full record by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from itfind import model, schema
from itfind.catalogue.index import DocColumns, search_docs
from itfind.errors import UnknownScheme
from itfind.paths import packaged_catalogue
from itfind.text import key


class RecordFile(Protocol):
    """One catalogue file's validated records."""

    label: str
    as_of: str | None

    def entries(self) -> list[model.Entry]: ...

    def docs(self) -> DocColumns: ...

    def record(self, row: int) -> dict[str, Any]: ...


class ParsedFile:
    """Records held in memory, as the validator produced them."""

    def __init__(self, label: str, as_of: str | None, records: list[dict[str, Any]]) -> None:
        self.label, self.as_of, self._records = label, as_of, records

    def entries(self) -> list[model.Entry]:
        return [entry_from_plain(r) for r in self._records]

    def docs(self) -> DocColumns:
        return DocColumns.of([search_docs(r) for r in self._records])

    def record(self, row: int) -> dict[str, Any]:
        return self._records[row]


def entry_from_plain(record: Mapping[str, Any]) -> model.Entry:
    """The summary of a plain (validated) record."""
    values = []
    for leaf in model.EAGER:
        value: Any = record
        for part in leaf.path:
            value = value[part]
        values.append(_typed(leaf.spec, value))
    values += [derive(record) for derive in model.DERIVED.values()]
    return model.Entry._make(values)


def _typed(spec: schema.Spec, value: Any) -> Any:
    if spec.kind in schema.MANY:
        return tuple(value)
    if spec.kind == "date":
        return dt.date.fromisoformat(value) if value else None
    return value


class Records:
    """The merged catalogue. A later file's record replaces an earlier one with the same
    id, in the earlier one's place; new ids are added in order."""

    def __init__(self, files: Sequence[RecordFile]) -> None:
        self.files = tuple(f.label for f in files)
        dates = [dt.date.fromisoformat(f.as_of) for f in files if f.as_of]
        self.catalogue_date: dt.date | None = max(dates) if dates else None
        self._files = list(files)
        # id -> the files whose record of it a later file replaced (an overlay's TVP
        # replacing the packaged TVP must be visible, never silent)
        self.replaced: dict[str, list[str]] = {}
        if len(files) == 1:
            self.entries: list[model.Entry] = files[0].entries()
            self._rows: list[tuple[int, int]] | None = None  # position is the row
        else:
            by_id: dict[str, tuple[model.Entry, int, int]] = {}
            for number, part in enumerate(files):
                for row, entry in enumerate(part.entries()):
                    earlier = by_id.get(entry.id)
                    if earlier is not None:
                        self.replaced.setdefault(entry.id, []).append(self.files[earlier[1]])
                    by_id[entry.id] = (entry, number, row)
            self.entries = [entry for entry, _, _ in by_id.values()]
            self._rows = [(number, row) for _, number, row in by_id.values()]
        self._positions: dict[str, int] | None = None
        # Values worked out from the records once, for callers that ask many times (the
        # MCP server): keyed by the caller; the records never change under them.
        self.derived: dict[str, Any] = {}
        self._docs: DocColumns | None = None
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def _where(self, position: int) -> tuple[RecordFile, int]:
        if self._rows is None:
            return self._files[0], position
        number, row = self._rows[position]
        return self._files[number], row

    def origin(self, position: int) -> str:
        """The file the record at a position comes from: "packaged" for the catalogue
        shipped with itfind (whose path depends on the install), else its path."""
        label = self._where(position)[0].label
        return "packaged" if label == str(packaged_catalogue()) else label

    def record(self, position: int) -> dict[str, Any]:
        """The full plain record at a position (may raise CacheDamaged)."""
        part, row = self._where(position)
        return part.record(row)

    def scheme(self, position: int) -> model.Scheme:
        return schema.from_plain(model.Scheme, self.record(position))

    def schemes(self) -> Iterator[model.Scheme]:
        return (self.scheme(i) for i in range(len(self.entries)))

    def docs(self) -> DocColumns:
        """The search documents of every record, in position order."""
        if self._docs is None:
            if self._rows is None:
                self._docs = self._files[0].docs()
            else:
                per_file = [part.docs() for part in self._files]
                starts = [columns.starts() for columns in per_file]
                self._docs = DocColumns.of(
                    [per_file[number].record(row, starts[number]) for number, row in self._rows]
                )
        return self._docs

    def position(self, scheme_id: str) -> int | None:
        if self._positions is None:
            self._positions = {entry.id: i for i, entry in enumerate(self.entries)}
        return self._positions.get(scheme_id)

    # ------------------------------------------------------------ lookup

    def lookup_keys(self, position: int) -> list[str]:
        """Every spelling `show` and exact search accept for a record."""
        docs = self.docs()
        if self._starts is None:
            self._starts = docs.starts()
        begin = self._starts[position]
        return [k for k in docs.keys[begin : begin + len(docs.codes[position])] if k]

    def find(self, query: str) -> int:
        """The position of the record an id, acronym, alias or former name names, in any
        case or Chinese script. An id wins over another record's alias."""
        exact = self.position(query)
        if exact is not None:
            return exact
        wanted = key(query)
        if wanted:
            alias_match = None
            for position, entry in enumerate(self.entries):
                keys = self.lookup_keys(position)
                if keys and keys[0] == wanted and key(entry.id) == wanted:
                    return position  # the id, spelled differently
                if alias_match is None and wanted in keys:
                    alias_match = position
            if alias_match is not None:
                return alias_match
        raise UnknownScheme(query, self.suggest(query))

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """The ids whose spellings are closest to a mistyped one (rapidfuzz: this runs on
        the error path only, and stays quick for very large catalogues)."""
        from rapidfuzz import fuzz, process

        spellings: list[str] = []
        owners: list[str] = []
        for position, entry in enumerate(self.entries):
            for k in self.lookup_keys(position):
                spellings.append(k)
                owners.append(entry.id)
        close = process.extract(
            key(query), spellings, scorer=fuzz.ratio, limit=limit * 5, score_cutoff=60
        )
        return list(dict.fromkeys(owners[j] for _, _, j in close))[:limit]
