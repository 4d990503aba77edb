"""A record's fields, defined once.

The record classes in `itfind.model` declare every field with one of the constructors
below (`text()`, `money()`, `vocab()`, ...), which carry the field's kind, vocabulary,
whether a catalogue must give it, whether matching needs it (`eager`) and its meaning;
`@record` makes such a class an immutable, slotted, keyword-only record (what a frozen
dataclass would be, built without generating code: this runs on every start-up).
Everything else that needs to know a record's fields derives it from those declarations:
the validator, the JSON contract (`to_plain`), the summary kept for matching (the eager
fields), the cache's columns and the README's field table. Adding a field is one line in
a class of `itfind.model`.

Standard library only; this module knows no domain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple, TypeVar, dataclass_transform

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


class Spec(NamedTuple):
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


class Declared(NamedTuple):
    """A field as a class body declares it, before `@record` reads it."""

    spec: Spec
    default: Any


def _declare(spec: Spec, default: Any) -> Any:
    return Declared(spec, default)


# ---------------------------------------------------------------- field constructors
# Each declares a field; `default` is what a record that leaves it out holds.


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


# ---------------------------------------------------------------- record classes


class Field(NamedTuple):
    name: str
    spec: Spec
    default: Any  # what a record that leaves the field out holds


class Record:
    """The behaviour every record class shares: keyword construction with defaults,
    immutability, equality and hashing by value, a readable repr."""

    __slots__ = ()
    _fields: tuple[Field, ...] = ()

    def __init__(self, **values: Any) -> None:
        for name, _, default in self._fields:
            object.__setattr__(self, name, values.pop(name, default))
        if values:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _, _ in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in self._fields)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), dict(zip(self.__slots__, self._values(), strict=True))))

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed."""
        return type(self)(**{**dict(zip(self.__slots__, self._values(), strict=True)), **changes})


def _rebuild(cls: type, values: dict[str, Any]) -> Any:
    return cls(**values)


R = TypeVar("R")


@dataclass_transform(
    kw_only_default=True,
    frozen_default=True,
    field_specifiers=(slug, text, url, ratio, texts, vocab, vocabs, date, partial_date)
    + (money, number, integer, flag, group, entries),
)
def record(cls: type[R]) -> type[R]:
    """Make a class whose body declares fields (with the constructors above) a record:
    the declarations become its `_fields`, and its instances hold one slot each."""
    fields = tuple(
        Field(name, value.spec, value.default)
        for name, value in cls.__dict__.items()
        if isinstance(value, Declared)
    )
    body = {
        key: value
        for key, value in cls.__dict__.items()
        if not isinstance(value, Declared) and key not in ("__dict__", "__weakref__")
    }
    body["__slots__"] = tuple(name for name, _, _ in fields)
    body["_fields"] = fields
    bases = cls.__bases__ if issubclass(cls, Record) else (Record,)
    return type(cls.__name__, bases, body)  # type: ignore[return-value]


def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of a record class, in order."""
    return cls._fields  # type: ignore[attr-defined]


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
