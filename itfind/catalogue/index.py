"""What search needs from each record, folded once when a catalogue is parsed and kept in
the cache with it, so that ranking never re-reads or re-folds a record.

Per record, five plain strings (`SearchDocs`): one field code per name (i id, a acronym,
l alias, n name, z Chinese name), the folded names and their exact-match keys (one per
line), the keyword document and the summary document. Documents are a record's words,
folded and space-padded (` word r&d 科技券 `), split exactly as queries are, so "R&D"
or "RAISe+" stay one word on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from itfind.text import fold, key


@cache
def word_pattern() -> re.Pattern[str]:
    """A word: letters and digits (with `R&D`, `RAISe+` kept whole), or a run of Chinese
    characters. Compiled on first use: its character ranges take milliseconds, which a
    run that does not search should not pay."""
    return re.compile(r"[a-z0-9]+(?:[+&][a-z0-9]*)?|[\u3400-\u9fff\uf900-\ufaff]+")


FIELD_CODES = {"id": "i", "acronym": "a", "aliases": "l", "name": "n", "name_zh": "z"}
CODE_FIELDS = {v: k for k, v in FIELD_CODES.items()}


class SearchDocs(NamedTuple):
    codes: str
    names: str  # one per line, in the order of `codes`
    keys: str  # one per line, in the order of `codes`
    keywords: str
    text: str


class DocColumns(NamedTuple):
    """The search documents of a whole catalogue, a column each: what ranking reads.
    `names` and `keys` hold every record's names in record order, `len(codes[i])` of
    them for record i."""

    codes: list[str]
    names: list[str]
    keys: list[str]
    keywords: list[str]
    text: list[str]

    @classmethod
    def of(cls, docs: Sequence[SearchDocs]) -> DocColumns:
        return cls(
            [d.codes for d in docs],
            "\n".join(d.names for d in docs).split("\n") if docs else [],
            "\n".join(d.keys for d in docs).split("\n") if docs else [],
            [d.keywords for d in docs],
            [d.text for d in docs],
        )

    def starts(self) -> list[int]:
        """Where each record's names begin in `names` and `keys`."""
        out, at = [], 0
        for codes in self.codes:
            out.append(at)
            at += len(codes)
        return out

    def record(self, row: int, starts: Sequence[int]) -> SearchDocs:
        begin, end = starts[row], starts[row] + len(self.codes[row])
        return SearchDocs(
            self.codes[row],
            "\n".join(self.names[begin:end]),
            "\n".join(self.keys[begin:end]),
            self.keywords[row],
            self.text[row],
        )


def words_doc(parts: Sequence[str | None]) -> str:
    return " " + " ".join(word_pattern().findall(fold(" ".join(p for p in parts if p)))) + " "


def search_docs(record: Mapping[str, Any]) -> SearchDocs:
    """The search documents of one record (a plain dict, or anything with `.get`)."""
    codes, names, keys = [], [], []
    for field, code in FIELD_CODES.items():
        value = record.get(field)
        for text in value if isinstance(value, list | tuple) else [value]:
            if text:
                name = " ".join(fold(text.replace("-", " ") if field == "id" else text).split())
                codes.append(code)
                names.append(name)
                keys.append(key(text))
    keywords = words_doc(
        [
            (record.get("id") or "").replace("-", " "),
            record.get("acronym"),
            record.get("name"),
            record.get("name_zh"),
            *(record.get("aliases") or []),
            *(record.get("keywords") or []),
        ]
    )
    text = words_doc([record.get("summary"), record.get("administrator")])
    return SearchDocs("".join(codes), "\n".join(names), "\n".join(keys), keywords, text)
