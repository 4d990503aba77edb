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
