"""Check catalogue documents against the record schema: clean records, or every problem
with its file, line and field.

A catalogue file is YAML: a mapping with an optional `as_of` date and a `schemes` list
(README, "Record format"). Each record is checked field by field as `itfind.model`
declares them; the clean records are plain JSON-able dicts, which is also what the cache
stores. Problems are collected, never raised, so a file's every problem is reported at
once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from itfind import model, schema, vocab
from itfind.catalogue import parse
from itfind.catalogue.read import Blob, read_blob
from itfind.dates import EARLIEST, LATEST
from itfind.errors import Problem
from itfind.text import did_you_mean, shorten
from itfind.text import key as name_key

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A link is written into terminal escape codes (OSC 8) and Markdown: nothing in it may
# end or reorder them.
URL_PATTERN = re.compile(
    r"^https?://[^\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+$"
)
PARTIAL_DATE = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")
RATIO_PATTERN = re.compile(r"^\d+(\.\d+)?:\d+(\.\d+)?$")
TOP_KEYS = ("as_of", "schemes")


class FileCheck:
    """One file being checked. `as_of` is known at once; `records` yields the clean
    records (slice by slice for a big file) and `problems` is complete once it is spent.

    Iterating a big file's records may raise `parse.Unsplittable`: the caller then checks
    the file again with `check_bytes(..., whole=True)`.
    """

    def __init__(
        self, label: str, as_of: str | None, problems: list[Problem], records: Iterator[dict]
    ) -> None:
        self.label, self.as_of, self.problems, self.records = label, as_of, problems, records


class CheckedFile(NamedTuple):
    """A file's result, all at once."""

    path: str
    as_of: str | None
    records: list[dict[str, Any]]
    problems: list[Problem]


def check_bytes(
    raw: bytes | Blob, label: str, *, whole: bool = False, keep_flawed: bool = False
) -> FileCheck:
    """Check a catalogue's bytes: big files a slice at a time unless `whole`. With
    `keep_flawed`, records with problems are kept as far as they could be read (for
    `diff`, which compares catalogues written under older rules)."""
    import gc

    # Parsing allocates millions of small objects and no cycles: the cyclic collector
    # would walk them over and over for nothing (a third of the time on big files).
    gc.disable()
    blob = raw if isinstance(raw, Blob) else Blob(raw)
    if blob.read(0, 4096).lstrip()[:1] in (b"{", b"[") and len(blob) <= JSON_MAX_BYTES:
        fast = _check_json(blob.read(), label)
        if fast is not None:
            return fast
    if not whole and len(blob) > parse.CHUNK_BYTES:
        sliced = _check_in_slices(blob, label, keep_flawed)
        if sliced is not None:
            return sliced
    text, problem = parse.decode(blob.read(), label)
    if problem or text is None:
        return FileCheck(label, None, [problem] if problem else [], iter(()))
    document, problem = parse.parse_document(text, label)
    if problem or document is None:
        return FileCheck(label, None, [problem] if problem else [], iter(()))
    return _check_document(document, label, keep_flawed=keep_flawed)


def check_raw(raw: bytes | Blob, label: str, *, keep_flawed: bool = False) -> CheckedFile:
    """Check a catalogue's bytes (from stdin, say), all at once."""
    try:
        check = check_bytes(raw, label, keep_flawed=keep_flawed)
        records = list(check.records)
    except parse.Unsplittable:
        check = check_bytes(raw, label, whole=True, keep_flawed=keep_flawed)
        records = list(check.records)
    return CheckedFile(label, check.as_of, records, check.problems)


def check_file(path: Path, *, keep_flawed: bool = False) -> CheckedFile:
    """Read and check one file, all at once."""
    label = str(path)
    blob, problem = read_blob(path)
    if blob is None:
        return CheckedFile(label, None, [], [problem] if problem else [])
    try:
        return check_raw(blob, label, keep_flawed=keep_flawed)
    finally:
        blob.close()


NAME_FIELDS = ("id", "acronym", "name", "name_zh", "aliases")


def shared_names(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """Spellings (id, acronym, name, Chinese name, alias; compared as `show` compares
    them: any case, either Chinese script) that name more than one record, with the
    records' ids. `show` can pick only one of them, so a maintainer should know."""
    owners: dict[str, dict[str, str]] = {}  # key -> {id: the spelling as written}
    for record in records:
        for field in NAME_FIELDS:
            value = record.get(field)
            for text in value if isinstance(value, list) else [value]:
                if text:
                    owners.setdefault(name_key(text), {}).setdefault(record["id"], text)
    return [
        (next(iter(named.values())), list(named))
        for spelling, named in owners.items()
        if spelling and len(named) > 1
    ]


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    return [problem for path in paths for problem in check_file(path).problems]


# ---------------------------------------------------------------- documents

# Bounds on one record, far above any real one (the longest text is about 600
# characters; the longest list, 12 keywords), so a hostile record cannot make every
# search slow: matching costs grow with the keywords and text a record holds.
MAX_TEXT_CHARS = 20_000
MAX_ITEMS = 200
JSON_MAX_BYTES = 128 * 1024 * 1024  # past this, JSON's objects would take gigabytes


class _NotPlainJson(Exception):
    pass


def _check_json(raw: bytes, label: str) -> FileCheck | None:
    """A catalogue written as JSON (which is YAML too), read by the standard library's
    parser: for a big machine-made catalogue, twenty times quicker than YAML's. Only when
    the file is valid and clean; otherwise None, and the YAML path checks it again, so
    that every problem is reported with its line, exactly as for any catalogue."""
    import json

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) != len(items):
            raise _NotPlainJson  # a key twice: the YAML path names it and its line
        return mapping

    def constant(name: str) -> Any:
        raise _NotPlainJson  # NaN, Infinity: not JSON proper, and not numbers in YAML

    try:
        data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, RecursionError, _NotPlainJson):
        return None
    if isinstance(data, list):
        data = {"schemes": data}
    if not isinstance(data, dict) or not isinstance(data.get("schemes"), list):
        return None
    check = _check_document(parse.Document(data, None), label)
    records = list(check.records)
    if check.problems:
        return None
    return FileCheck(label, check.as_of, [], iter(records))


def _check_in_slices(blob: Blob, label: str, keep_flawed: bool = False) -> FileCheck | None:
    cut = parse.split(blob)
    if cut is None:
        return None
    text, problem = parse.decode(cut.head, label)
    if problem or text is None:
        return None
    head, problem = parse.parse_document(text, label)
    if problem or head is None or not isinstance(head.data, dict):
        return None
    as_of, problems, _ = _check_top(head, label)

    def records() -> Iterator[dict]:
        ids = _IdTracker(label, problems)
        index = 0
        for part in parse.slices(blob, cut.bounds, label):
            for item, node in zip(part.items, part.nodes, strict=True):
                clean, found = check_record(item, node, label, index, keep_flawed=keep_flawed)
                problems.extend(_shift(p, part.line_offset) for p in found)
                ids.note(item, node, part.line_offset)
                if clean:
                    yield clean
                index += 1

    return FileCheck(label, as_of, problems, records())


def _check_document(
    document: parse.Document, label: str, *, keep_flawed: bool = False
) -> FileCheck:
    data, node = document
    if isinstance(data, list):
        data = {"schemes": data}  # a bare list of records is accepted too
        schemes_node = node
    elif isinstance(data, dict):
        schemes_node = parse.child(node, "schemes")
    else:
        problem = Problem(
            label,
            node.start_mark.line + 1,
            None,
            None,
            f"must be a mapping with a 'schemes' list, got {_show(data)}",
        )
        return FileCheck(label, None, [problem], iter(()))
    as_of, problems, schemes = _check_top(parse.Document(data, node), label)
    records = []
    ids = _IdTracker(label, problems)
    for index, raw in enumerate(schemes):
        item_node = schemes_node.value[index] if schemes_node is not None else None
        clean, found = check_record(raw, item_node, label, index, keep_flawed=keep_flawed)
        problems += found
        ids.note(raw, item_node, 0)
        if clean:
            records.append(clean)
    return FileCheck(label, as_of, problems, iter(records))


def _check_top(document: parse.Document, label: str) -> tuple[str | None, list[Problem], list]:
    """The top-level keys: `as_of` and the `schemes` list."""
    data, node = document
    problems: list[Problem] = []
    for name in data:
        if name not in TOP_KEYS:
            problems.append(
                Problem(
                    label,
                    parse.line_of(node, [name]),
                    None,
                    str(name),
                    "is not a known top-level key (expected as_of, schemes)",
                )
            )
    top = _Checker(node, label, None)
    as_of = top.date(("as_of",), data.get("as_of"))
    problems += top.problems
    schemes = data.get("schemes")
    if schemes is None:
        problems.append(
            Problem(
                label,
                node.start_mark.line + 1,
                None,
                "schemes",
                "is missing: a catalogue lists its records under 'schemes'",
            )
        )
        schemes = []
    elif not isinstance(schemes, list):
        problems.append(
            Problem(
                label,
                parse.line_of(node, ["schemes"]),
                None,
                "schemes",
                f"must be a list of records, got {_show(schemes)}",
            )
        )
        schemes = []
    return as_of, problems, schemes


class _IdTracker:
    """Reports an id used twice in one file, naming the line of its first use."""

    def __init__(self, label: str, problems: list[Problem]) -> None:
        self.label, self.problems = label, problems
        self.first_line: dict[str, int | None] = {}

    def note(self, raw: Any, node: Any, offset: int) -> None:
        scheme_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(scheme_id, str):
            return
        line = node.start_mark.line + 1 + offset if node is not None else None
        if scheme_id in self.first_line:
            first = self.first_line[scheme_id]
            message = f"is used twice in this file (first on line {first})"
            self.problems.append(Problem(self.label, line, scheme_id, "id", message))
        else:
            self.first_line[scheme_id] = line


def _shift(problem: Problem, lines: int) -> Problem:
    return problem._replace(line=problem.line + lines) if problem.line else problem


# ---------------------------------------------------------------- records


def check_record(
    raw: Any, node: Any, label: str, index: int, *, keep_flawed: bool = False
) -> tuple[dict | None, list[Problem]]:
    """Check one record; return its clean dict (None when it has problems, unless
    `keep_flawed`) and the problems."""
    if not isinstance(raw, dict):
        line = node.start_mark.line + 1 if node is not None else None
        message = f"must be a mapping of fields, got {_show(raw)}"
        return None, [Problem(label, line, f"schemes[{index}]", None, message)]
    raw_id = raw.get("id")
    name = raw_id if isinstance(raw_id, str) and raw_id else f"schemes[{index}]"
    checker = _Checker(node, label, name)
    for key, line in parse.duplicate_keys(node):
        checker.problems.append(Problem(label, line, name, key, "appears twice in this record"))
    clean = checker.fields(model.Scheme, raw, ())
    _cross_field_rules(checker, clean)
    return (None if checker.problems and not keep_flawed else clean), checker.problems


def _cross_field_rules(checker: _Checker, clean: dict[str, Any]) -> None:
    """Rules that tie two fields together."""
    opens, closes = clean["opens"], clean["closes"]
    if opens and closes and closes < opens:
        checker.problem(("closes",), f"({closes}) is before opens ({opens})")
    for sector in clean["sectors"]:
        broader = [b for b in vocab.sector_and_broader(sector)[1:] if b in clean["sectors"]]
        if broader:
            checker.problem(
                ("sectors",),
                f"lists {sector} and {broader[0]}, which contains it: keep {broader[0]} "
                f"alone, or only the narrower sectors the scheme is for",
            )
    both = {p["type"] for p in clean["participants"]} & set(clean["applicant_types"])
    if both:
        checker.problem(
            ("participants",),
            f"lists {', '.join(sorted(both))}, also in applicant_types: a type applies or "
            "takes part, not both",
        )
    f = clean["funding"]
    if f["max_hkd"] is not None and f["per"] is None:
        checker.problem(
            ("funding", "per"),
            "is required with max_hkd: what the amount is counted in (itfind vocab per)",
        )
    e = clean["eligibility"]
    # Chinese readers get a record's text in Chinese: every English text has its twin.
    for english, chinese in model.ZH_TWINS.items():
        if english == "name":
            continue  # not every scheme has an official Chinese name
        *group, field = english.split(".")
        holder = clean[group[0]] if group else clean
        twin = tuple(chinese.split("."))
        if holder[field] and not holder[twin[-1]]:
            checker.problem(twin, f"is required with {field}: the same in Traditional Chinese")
    low, high = e["min_age_years"], e["max_age_years"]
    if low is not None and high is not None and low > high:
        checker.problem(
            ("eligibility", "max_age_years"), f"({high}) is below min_age_years ({low})"
        )


class _Checker:
    """Checks values against their field specs, collecting problems located by path."""

    def __init__(self, node: Any, label: str, record: str | None) -> None:
        self.node, self.label, self.record = node, label, record
        self.problems: list[Problem] = []

    def problem(self, path: Sequence[str | int], message: str) -> None:
        field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
        field = field.replace(".[", "[")
        line = parse.line_of(self.node, path)
        self.problems.append(Problem(self.label, line, self.record, field or None, message))

    def fields(self, cls: type, raw: Mapping[str, Any], prefix: tuple) -> dict[str, Any]:
        """Every declared field of `cls` from `raw`, and a problem for any other key."""
        names = schema.names_of(cls)
        for key in raw:
            if key not in names:
                close = did_you_mean(str(key), names)
                hint = f"; did you mean '{close}'?" if close else ""
                self.problem((*prefix, str(key)), f"is not a known field{hint}")
        clean = {}
        for name, spec, default in schema.fields_of(cls):
            if name in raw:
                value = raw[name]
            else:  # a list with a default (`stages: [any]`) is taken to say it
                value = list(default) if spec.kind == "vocabs" and default else None
            clean[name] = self.value(spec, (*prefix, name), value)
        return clean

    def value(self, spec: schema.Spec, path: tuple, value: Any) -> Any:
        kind = spec.kind
        if kind in ("text", "slug", "url", "ratio"):
            clean = self.text(path, value, spec.required)
            if clean and kind in CHECKS:
                pattern, message = CHECKS[kind]
                if not pattern(clean):
                    self.problem(path, f"{message}, got {_show(clean)}")
            return clean
        if kind == "texts":
            return self.texts(path, value)
        if kind in ("vocab", "vocabs"):
            return self.vocab(path, value, spec)
        if kind in ("date", "partial-date"):
            return self.date(path, value, spec.required, partial=kind == "partial-date")
        if kind in ("money", "number", "integer"):
            assert spec.maximum is not None
            return self.number(path, value, maximum=spec.maximum, integer=kind == "integer")
        if kind == "flag":
            return self.boolean(path, value)
        if kind == "group":
            return self.fields(spec.item, self.mapping(path, value), path)  # type: ignore[arg-type]
        if kind == "entries":
            return self.entries(path, value, spec)
        raise AssertionError(f"no check for kind {kind!r}")

    # Each check returns the clean value, or None after reporting a problem.
    def text(self, path: tuple, value: Any, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if not isinstance(value, str):  # a number or a flag where text belongs: a slip
            hint = (
                " (put it in quotes if it is meant as text)"
                if not isinstance(value, list | dict)
                else ""
            )
            self.problem(path, f"must be text, got {_show(value)}{hint}")
            return None
        text = str(value).strip()
        if len(text) > MAX_TEXT_CHARS:
            self.problem(path, f"is {len(text):,} characters long; at most {MAX_TEXT_CHARS:,}")
            return None
        if required and not text:
            self.problem(path, "must not be empty")
            return None
        return text or None

    def texts(self, path: tuple, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"must be a list of text, got {_show(value)}")
            return []
        if not self.few(path, value):
            return []
        out = []
        for i, item in enumerate(value):
            clean = self.text((*path, i), item)
            if clean:
                out.append(clean)
        return out

    def few(self, path: tuple, items: list[Any]) -> bool:
        if len(items) <= MAX_ITEMS:
            return True
        self.problem(path, f"has {len(items):,} entries; at most {MAX_ITEMS}")
        return False

    def vocab(self, path: tuple, value: Any, spec: schema.Spec) -> Any:
        many = spec.kind == "vocabs"
        words = vocab.RECORD_VOCABULARIES[spec.vocabulary]  # type: ignore[index]
        allowed = [v for v in words if spec.allow_any or v != "any"]
        items = value if many else [value]
        if value is None or (many and value == []):
            if spec.required:
                self.problem(path, f"is required (one or more of: {', '.join(allowed)})")
            return [] if many else None
        if many and isinstance(value, str):
            items = [value]
        if many and not isinstance(items, list):
            self.problem(path, f"must be a list, got {_show(value)}")
            return []
        out = []
        for i, item in enumerate(items):
            where = (*path, i) if many else path
            if isinstance(item, str) and item in allowed:
                out.append(item)
                continue
            close = did_you_mean(str(item), allowed)
            hint = f"; did you mean '{close}'?" if close else ""
            self.problem(where, f"must be one of {', '.join(allowed)}; got {_show(item)}{hint}")
        return out if many else (out[0] if out else None)

    def date(
        self, path: tuple, value: Any, required: bool = False, partial: bool = False
    ) -> str | None:
        """An ISO date; with `partial`, also a bare year or year-month ("2024", "2024-06")
        for history entries whose day no source gives: better than an invented day."""
        if value is None:
            if required:
                self.problem(path, "is required (an ISO date such as 2026-01-31)")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            if not EARLIEST <= value <= LATEST:
                self.problem(path, f"({value}) is outside {EARLIEST.year} to {LATEST.year}")
                return None
            return value.isoformat()
        if partial and isinstance(value, int) and 1900 <= value <= 2100:
            return str(value)
        if isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value.strip())
                if not EARLIEST <= day <= LATEST:
                    self.problem(path, f"({day}) is outside {EARLIEST.year} to {LATEST.year}")
                    return None
                return day.isoformat()
            except ValueError:
                if partial and PARTIAL_DATE.match(value.strip()):
                    return value.strip()
        self.problem(path, f"must be an ISO date such as 2026-01-31, got {_show(value)}")
        return None

    def number(
        self, path: tuple, value: Any, *, maximum: float, integer: bool = False
    ) -> float | int | None:
        if value is None:
            return None
        kind = "a whole number" if integer else "a non-negative number"
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.problem(path, f"must be {kind}, got {_show(value)}")
            return None
        if integer and not float(value).is_integer():
            self.problem(path, f"must be a whole number, got {_show(value)}")
            return None
        if value < 0:
            self.problem(path, f"must not be negative, got {_show(value)}")
            return None
        if value > maximum:
            self.problem(path, f"is implausibly large ({value:,}); the limit is {maximum:,}")
            return None
        # Whole amounts as integers, as the JSON contract writes them (600000, not 600000.0).
        return int(value) if integer or float(value).is_integer() else value

    def boolean(self, path: tuple, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        self.problem(path, f"must be true, false or null, got {_show(value)}")
        return None

    def mapping(self, path: tuple, value: Any) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"must be a mapping, got {_show(value)}")
            return {}
        return value

    def entries(self, path: tuple, value: Any, spec: schema.Spec) -> list[dict]:
        """A list of small records (history entries, sources). A source may be given as
        its URL alone."""
        item_cls: type = spec.item  # type: ignore[assignment]
        names = [f.name for f in schema.fields_of(item_cls)]
        shape = "{" + ", ".join(names) + "}"
        if value is None:
            if spec.required:
                self.problem(path, f"is required: list the {spec.doc}")
            return []
        if not isinstance(value, list):
            self.problem(path, f"must be a list of {shape}, got {_show(value)}")
            return []
        if not self.few(path, value):
            return []
        out = []
        for i, item in enumerate(value):
            where = (*path, i)
            if isinstance(item, str) and "url" in names:
                item = {"url": item}
            if not isinstance(item, dict):
                self.problem(where, f"must be a mapping {shape}, got {_show(item)}")
                continue
            out.append(self.fields(item_cls, item, where))
        if spec.required and not out and not self.problems:
            self.problem(path, f"must list at least one entry ({spec.doc})")
        return out


# Text kinds with a shape to check: (test, what the problem says).
CHECKS = {
    "slug": (lambda v: bool(ID_PATTERN.match(v)), "must be a lowercase slug like 'raise-plus'"),
    "url": (
        lambda v: bool(URL_PATTERN.match(v)),
        "must be a web address starting https://, without spaces or control characters",
    ),
    "ratio": (lambda v: bool(RATIO_PATTERN.match(v)), 'must read government:applicant like "3:1"'),
}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if value is None:
        return "nothing"
    if isinstance(value, list | dict):
        return f"a {type(value).__name__}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return shorten(repr(value), 60)
