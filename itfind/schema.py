"""A record's fields, defined once.

The record classes in `itfind.model` declare every field with one of the constructors
below (`text()`, `money()`, `vocab()`, ...), which carry the field's kind, vocabulary,
whether a catalogue must give it, whether matching needs it (`eager`) and its meaning.
Everything else that needs to know a record's fields derives it from those declarations:
the validator, the JSON contract (`to_plain`), the summary kept for matching (the eager
fields), the cache's columns and the README's field table. Adding a field is one line in
a class of `itfind.model`.

Standard library only; this module knows no domain words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple

# Kinds of value a field holds, with how the README's table describes each.
KINDS: dict[str, str] = {
    "slug": "string",
    "text": "string",
    "url": "string (URL)",
    "ratio": 'string ("government:applicant")',
    "texts": "list of strings",
    "vocab": "string",
    "vocabs": "list of strings",
    "date": "ISO date",
    "partial-date": "ISO date, `YYYY-MM` or `YYYY`",
    "money": "number (HK$)",
    "number": "number",
    "integer": "integer",
    "flag": "true / false",
    "group": "object",
    "entries": "list of objects",
}
MANY = frozenset({"texts", "vocabs", "entries"})  # lists: empty, never null, when unknown


@dataclasses.dataclass(frozen=True, slots=True)
class Spec:
    """What a field holds and how it is checked."""

    kind: str
    doc: str
    required: bool = False
    vocabulary: str | None = None  # a name in vocab.RECORD_VOCABULARIES
    allow_any: bool = False  # `any` is allowed (stages, sectors)
    maximum: float | None = None
    eager: bool = False  # needed to filter, sort, search or print default columns
    item: type | None = None  # the record class of a group, or of each entry

    @property
    def json_type(self) -> str:
        base = KINDS[self.kind]
        if self.kind in MANY or self.kind == "group" or self.required:
            return base
        return f"{base} / null"


def _declare(spec: Spec, default: Any) -> Any:
    return dataclasses.field(default=default, metadata={"spec": spec})


# ---------------------------------------------------------------- field constructors
# Each returns a dataclass field; `default` is what a record that leaves it out gets.


def slug(doc: str, *, required: bool = False, eager: bool = False) -> Any:
    return _declare(Spec("slug", doc, required, eager=eager), "")


def text(doc: str, *, required: bool = False, eager: bool = False) -> Any:
    return _declare(Spec("text", doc, required, eager=eager), "" if required else None)


def url(doc: str, *, required: bool = False, eager: bool = False) -> Any:
    return _declare(Spec("url", doc, required, eager=eager), "" if required else None)


def ratio(doc: str, *, eager: bool = False) -> Any:
    return _declare(Spec("ratio", doc, eager=eager), None)


def texts(doc: str, *, eager: bool = False) -> Any:
    return _declare(Spec("texts", doc, eager=eager), ())


def vocab(
    vocabulary: str, doc: str, *, required: bool = False, eager: bool = False, default: Any = None
) -> Any:
    return _declare(Spec("vocab", doc, required, vocabulary, eager=eager), default)


def vocabs(
    vocabulary: str,
    doc: str,
    *,
    required: bool = False,
    allow_any: bool = False,
    eager: bool = False,
    default: tuple[str, ...] = (),
) -> Any:
    spec = Spec("vocabs", doc, required, vocabulary, allow_any, eager=eager)
    return _declare(spec, default)


def date(doc: str, *, required: bool = False, eager: bool = False) -> Any:
    return _declare(Spec("date", doc, required, eager=eager), None)


def partial_date(doc: str) -> Any:
    return _declare(Spec("partial-date", doc), None)


def money(doc: str, *, eager: bool = False, maximum: float = 100_000_000_000) -> Any:
    # HK$100 billion: any larger amount is a typo.
    return _declare(Spec("money", doc, maximum=maximum, eager=eager), None)


def number(doc: str, *, maximum: float, eager: bool = False) -> Any:
    return _declare(Spec("number", doc, maximum=maximum, eager=eager), None)


def integer(doc: str, *, maximum: float, eager: bool = False) -> Any:
    return _declare(Spec("integer", doc, maximum=maximum, eager=eager), None)


def flag(doc: str, *, eager: bool = False) -> Any:
    return _declare(Spec("flag", doc, eager=eager), None)


def group(item: type, doc: str) -> Any:
    return _declare(Spec("group", doc, item=item), item())


def entries(item: type, doc: str, *, required: bool = False) -> Any:
    return _declare(Spec("entries", doc, required, item=item), ())


# ---------------------------------------------------------------- reading the declarations


class Field(NamedTuple):
    name: str
    spec: Spec
    default: Any  # what a record that leaves the field out holds


@cache
def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of a record class, in order."""
    return tuple(Field(f.name, f.metadata["spec"], f.default) for f in dataclasses.fields(cls))


@cache
def names_of(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields_of(cls))


class Leaf(NamedTuple):
    """A field that holds a value (not a group), with where it sits: ("funding", "kind")."""

    path: tuple[str, ...]
    spec: Spec

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def leaves(cls: type, prefix: tuple[str, ...] = ()) -> Iterator[Leaf]:
    """Every value-holding field, groups opened: id, ..., funding.kind, funding.max_hkd, ..."""
    for name, spec, _ in fields_of(cls):
        if spec.kind == "group" and spec.item is not None:
            yield from leaves(spec.item, (*prefix, name))
        else:
            yield Leaf((*prefix, name), spec)


# ---------------------------------------------------------------- conversions


def from_plain(cls: type, data: Mapping[str, Any]) -> Any:
    """A record object from its plain (JSON-able, validated) dict."""
    values = {}
    for name, spec, _ in fields_of(cls):
        value = data.get(name)
        kind = spec.kind
        if kind == "group":
            value = from_plain(spec.item, value or {})  # type: ignore[arg-type]
        elif kind == "entries":
            value = tuple(from_plain(spec.item, item) for item in value or ())  # type: ignore[arg-type]
        elif kind in MANY:
            value = tuple(value or ())
        elif kind == "date":
            value = dt.date.fromisoformat(value) if value else None
        elif value is None and spec.required:
            continue  # the class's own default
        values[name] = value
    return cls(**values)


def to_plain(obj: Any) -> dict[str, Any]:
    """A record object as its plain dict: every field present, lists for tuples, ISO
    dates, whole amounts as integers (JSON reads 600000, not 600000.0)."""
    out: dict[str, Any] = {}
    for name, spec, _ in fields_of(type(obj)):
        out[name] = plain_value(spec, getattr(obj, name))
    return out


def plain_value(spec: Spec, value: Any) -> Any:
    kind = spec.kind
    if kind == "group":
        return to_plain(value)
    if kind == "entries":
        return [to_plain(item) for item in value]
    if kind in MANY:
        return list(value)
    if kind == "date":
        return value.isoformat() if value else None
    if kind in ("money", "number"):
        return whole(value)
    return value


def whole(value: float | None) -> float | int | None:
    """Whole amounts as integers so JSON reads 600000, not 600000.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
