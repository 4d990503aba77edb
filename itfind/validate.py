"""Read and validate catalogue files: YAML in, clean records or located problems out.

A catalogue file is YAML: a mapping with an optional `as_of` date and a `schemes` list
(see README, "Record format"). Files are parsed with libyaml's safe loader when it is
available, never an unsafe one (`itfind.yamlread`), and every problem in every file is
reported at once with its file, line and field. The clean records are plain JSON-able
dicts, which is also what the cache stores.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from itfind import model
from itfind.catalogue import FileContents
from itfind.errors import Problem

MAX_FILE_BYTES = 512 * 1024 * 1024  # a catalogue larger than this is refused unread
ENV_MAX_MB = "ITFIND_MAX_CATALOGUE_MB"
MAX_NODES = 20_000_000  # YAML nodes after alias expansion: stops "billion laughs"
MAX_HKD = 100_000_000_000  # HK$100 billion: any larger amount is a typo
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARTIAL_DATE = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2]))?$")
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]", re.MULTILINE)
RATIO_PATTERN = re.compile(r"^\d+(\.\d+)?:\d+(\.\d+)?$")


def read_file(path: Path) -> tuple[FileContents, list[Problem]]:
    """Parse and validate one catalogue file; problems are returned, not raised."""
    import stat as stat_module

    label = str(path)
    empty = FileContents(label, None, [])

    def refuse(message: str) -> tuple[FileContents, list[Problem]]:
        return empty, [Problem(label, None, None, None, message)]

    try:
        info = path.stat()
        if stat_module.S_ISDIR(info.st_mode):
            return refuse("is a directory, not a YAML file")
        if not stat_module.S_ISREG(info.st_mode):
            # A FIFO or a device (/dev/zero) would block or never end: read files only.
            return refuse("is not a regular file")
        limit = max_file_bytes()
        if info.st_size > limit:
            return refuse(
                f"is larger than {limit // (1024 * 1024)} MiB (set {ENV_MAX_MB} to allow more)"
            )
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may grow after stat: never read more
        if len(raw) > limit:
            return refuse(f"is larger than {limit // (1024 * 1024)} MiB")
    except FileNotFoundError:
        return refuse("no such file")
    except PermissionError:
        return refuse("cannot be read (permission denied)")
    except OSError as exc:
        return refuse(f"cannot be read ({exc.strerror or exc})")
    return parse_text(raw, label)


def max_file_bytes() -> int:
    try:
        return int(float(os.environ.get(ENV_MAX_MB, "")) * 1024 * 1024)
    except ValueError:
        return MAX_FILE_BYTES


def parse_text(raw: bytes, label: str) -> tuple[FileContents, list[Problem]]:
    import gc

    # Parsing allocates millions of small objects and no cycles: the cyclic collector
    # would walk them over and over for nothing (a third of the time on big files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_text(raw, label)
    finally:
        if enabled:
            gc.enable()


def _parse_text(raw: bytes, label: str) -> tuple[FileContents, list[Problem]]:
    empty = FileContents(label, None, [])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return empty, [Problem(label, line, None, None, "is not UTF-8 text")]
    if "\x00" in text:
        return empty, [
            Problem(
                label,
                text[: text.index("\x00")].count("\n") + 1,
                None,
                None,
                "contains a NUL byte: binary data, not YAML",
            )
        ]
    if len(text) > CHUNK_BYTES and not ("&" in text and _ANCHOR.search(text)):
        chunked = _parse_in_chunks(text, label)
        if chunked is not None:
            return chunked
    node, data, problem = _parse_yaml(text, label)
    if problem:
        return empty, [problem]
    return _validate_document(data, node, label)


CHUNK_BYTES = 4 * 1024 * 1024  # larger catalogues are parsed a few hundred records at a time
CHUNK_RECORDS = 500
_SCHEMES_KEY = re.compile(r"^schemes:[ \t]*(?:#.*)?$", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#-]", re.MULTILINE)


def _parse_in_chunks(text: str, label: str) -> tuple[FileContents, list[Problem]] | None:
    """Parse a big block-style catalogue a few hundred records at a time.

    libyaml's node tree costs about 20 times the text in memory; parsing the `schemes`
    list in slices bounds that, whatever the file's size. Only an optimisation: when the
    file does not split cleanly (or a slice does not parse on its own), return None and
    let the whole document be parsed, so every error is reported as it would be anyway.
    """
    keys = list(_SCHEMES_KEY.finditer(text))
    if len(keys) != 1:
        return None
    region_start = keys[0].end() + 1
    after = _TOP_LEVEL.search(text, region_start)
    region_end = after.start() if after else len(text)
    first = re.compile(r"^( *)- ", re.MULTILINE).search(text, region_start, region_end)
    if first is None:
        return None
    item = re.compile(rf"^{first.group(1)}- ", re.MULTILINE)
    starts = [m.start() for m in item.finditer(text, region_start, region_end)]
    bounds = starts[::CHUNK_RECORDS] + [region_end]
    # The document without the list, padded with newlines so later lines keep numbers.
    region_lines = text.count("\n", region_start, region_end)
    head = text[: keys[0].start()] + "schemes: []\n" + "\n" * region_lines + text[region_end:]
    node, data, problem = _parse_yaml(head, label)
    if problem or not isinstance(data, dict):
        return None
    contents, problems = _validate_document(data, node, label)
    records: list[dict] = []
    first_line: dict[str, int | None] = {}
    line = text.count("\n", 0, bounds[0])
    index = 0
    for begin, end in zip(bounds, bounds[1:], strict=False):
        chunk_node, chunk, chunk_problem = _parse_yaml(text[begin:end], label)
        if chunk_problem or not isinstance(chunk, list):
            return None
        for position, raw in enumerate(chunk):
            item_node = chunk_node.value[position]
            clean, found = validate_record(raw, item_node, label, index)
            problems += [_shift(p, line) for p in found]
            _note_id(raw, item_node, line, label, first_line, problems)
            if clean:
                records.append(clean)
            index += 1
        line += text.count("\n", begin, end)
    return FileContents(label, contents.as_of, records), problems


def _shift(problem: Problem, lines: int) -> Problem:
    return problem._replace(line=problem.line + lines) if problem.line else problem


def _note_id(
    raw: Any,
    node: Any,
    offset: int,
    label: str,
    first_line: dict[str, int | None],
    problems: list[Problem],
) -> None:
    """Report an id used twice in one file, naming the line of its first use."""
    scheme_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(scheme_id, str):
        return
    line = node.start_mark.line + 1 + offset if node is not None else None
    if scheme_id in first_line:
        problems.append(
            Problem(
                label,
                line,
                scheme_id,
                "id",
                f"is used twice in this file (first on line {first_line[scheme_id]})",
            )
        )
    else:
        first_line[scheme_id] = line


def _parse_yaml(text: str, label: str) -> tuple[Any, Any, Problem | None]:
    import yaml

    from itfind import yamlread

    loader = yamlread.Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, Problem(label, None, None, None, "is empty")
        if "&" in text and _ANCHOR.search(text):  # no anchor, no alias: nothing expands
            _check_expansion(node)
        return node, yamlread.construct(node), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
            what = f"{what} (only plain YAML is allowed; tags are refused, never run)"
        return None, None, Problem(label, line, None, None, f"YAML error: {what}")
    except yaml.YAMLError as exc:
        return None, None, Problem(label, None, None, None, f"YAML error: {exc}")
    except _TooLarge:
        return (
            None,
            None,
            Problem(
                label,
                None,
                None,
                None,
                f"expands to more than {MAX_NODES:,} values through aliases; refused",
            ),
        )
    except RecursionError:
        return None, None, Problem(label, None, None, None, "is nested too deeply")
    except (ValueError, OverflowError) as exc:
        # libyaml accepted the shape of a value that does not exist, e.g. 2026-13-01.
        return (
            None,
            None,
            Problem(
                label,
                _bad_timestamp_line(node),
                None,
                None,
                f"invalid value, not a real date or number: {exc}",
            ),
        )
    finally:
        loader.dispose()


def _bad_timestamp_line(root: Any) -> int | None:
    import yaml

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":timestamp"):
                try:
                    yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return None


class _TooLarge(Exception):
    pass


def _check_expansion(root: Any) -> None:
    """Refuse documents whose aliases expand past MAX_NODES, without expanding them."""
    import yaml

    sizes: dict[int, int] = {}
    # Iterative post-order walk: deep documents must not exhaust the Python stack.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            if isinstance(node, yaml.SequenceNode):
                children: list[Any] = node.value
            elif isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            else:
                children = []
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            if total > MAX_NODES:
                raise _TooLarge
            sizes[ident] = total
            continue
        if ident in sizes:
            continue
        sizes[ident] = 0  # a node that contains itself counts once
        stack.append((node, True))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, False) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, False))
                stack.append((v, False))


def _line_of(node: Any, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node along `path` that exists."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if getattr(k, "value", None) == step:
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _duplicate_keys(node: Any) -> list[tuple[str, int]]:
    import yaml

    seen: set[Any] = set()
    duplicates = []
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            value = getattr(k, "value", None)
            if isinstance(value, str):
                if value in seen:
                    duplicates.append((value, k.start_mark.line + 1))
                seen.add(value)
    return duplicates


# ---------------------------------------------------------------- validation

TOP_KEYS = ("as_of", "schemes")
RECORD_KEYS = (
    "id",
    "acronym",
    "name",
    "name_zh",
    "aliases",
    "administrator",
    "summary",
    "url",
    "keywords",
    "applicant_types",
    "stages",
    "sectors",
    "status",
    "intake",
    "opens",
    "closes",
    "funding",
    "eligibility",
    "history",
    "sources",
    "last_verified",
    "unconfirmed",
)
FUNDING_KEYS = model.Funding._fields
ELIGIBILITY_KEYS = model.Eligibility._fields


class _Record:
    """Validates one record, collecting problems and building its clean dict."""

    def __init__(self, raw: Mapping[str, Any], node: Any, label: str, record: str) -> None:
        self.raw, self.node, self.label, self.record = raw, node, label, record
        self.problems: list[Problem] = []

    def problem(self, path: Sequence[str | int], message: str) -> None:
        field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
        field = field.replace(".[", "[")
        self.problems.append(
            Problem(self.label, _line_of(self.node, path), self.record, field or None, message)
        )

    def unknown_keys(
        self, mapping: Mapping[Any, Any], allowed: Sequence[str], prefix: tuple
    ) -> None:
        for name in mapping:
            if name not in allowed:
                close = difflib.get_close_matches(str(name), allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.problem((*prefix, str(name)), f"is not a known field{hint}")

    # Each getter returns the clean value, or None after reporting a problem.
    def text(self, path: tuple, value: Any, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(path, f"must be text, got {_show(value)}")
            return None
        value = str(value).strip()
        if required and not value:
            self.problem(path, "must not be empty")
        return value or None

    def texts(self, path: tuple, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"must be a list of text, got {_show(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            clean = self.text((*path, i), item)
            if clean:
                out.append(clean)
        return out

    def vocab(
        self,
        path: tuple,
        value: Any,
        vocabulary: Mapping[str, str],
        *,
        many: bool,
        allow_any: bool = False,
        required: bool = False,
    ) -> Any:
        allowed = [v for v in vocabulary if allow_any or v != "any"]
        items = value if many else [value]
        if value is None or (many and value == []):
            if required:
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
            close = difflib.get_close_matches(str(item), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
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
            return value.isoformat()
        if partial and isinstance(value, int) and 1900 <= value <= 2100:
            return str(value)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                if partial and PARTIAL_DATE.match(value.strip()):
                    return value.strip()
        self.problem(path, f"must be an ISO date such as 2026-01-31, got {_show(value)}")
        return None

    def number(
        self, path: tuple, value: Any, *, maximum: float = MAX_HKD, integer: bool = False
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
        return int(value) if integer else value

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


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if value is None:
        return "nothing"
    if isinstance(value, list | dict):
        return f"a {type(value).__name__}"
    return repr(value)


def validate_record(
    raw: Any, node: Any, label: str, index: int
) -> tuple[dict | None, list[Problem]]:
    """Check one record; return its clean dict (None when it has problems) and the problems."""
    if not isinstance(raw, dict):
        line = node.start_mark.line + 1 if node is not None else None
        return None, [
            Problem(
                label,
                line,
                f"schemes[{index}]",
                None,
                f"must be a mapping of fields, got {_show(raw)}",
            )
        ]
    raw_id = raw.get("id")
    record_name = raw_id if isinstance(raw_id, str) and raw_id else f"schemes[{index}]"
    r = _Record(raw, node, label, record_name)
    for name, line in _duplicate_keys(node):
        r.problems.append(Problem(label, line, record_name, name, "appears twice in this record"))
    r.unknown_keys(raw, RECORD_KEYS, ())

    scheme_id = r.text(("id",), raw_id, required=True)
    if scheme_id and not ID_PATTERN.match(scheme_id):
        r.problem(("id",), f"must be a lowercase slug like 'raise-plus', got {_show(scheme_id)}")
    clean: dict[str, Any] = {
        "id": scheme_id,
        "acronym": r.text(("acronym",), raw.get("acronym")),
        "name": r.text(("name",), raw.get("name"), required=True),
        "name_zh": r.text(("name_zh",), raw.get("name_zh")),
        "aliases": r.texts(("aliases",), raw.get("aliases")),
        "administrator": r.text(("administrator",), raw.get("administrator")),
        "summary": r.text(("summary",), raw.get("summary")),
        "url": r.text(("url",), raw.get("url")),
        "keywords": r.texts(("keywords",), raw.get("keywords")),
        "applicant_types": r.vocab(
            ("applicant_types",),
            raw.get("applicant_types"),
            model.APPLICANT_TYPES,
            many=True,
            required=True,
        ),
        "stages": r.vocab(
            ("stages",),
            raw.get("stages", ["any"]),
            model.STAGES,
            many=True,
            allow_any=True,
            required=True,
        ),
        "sectors": r.vocab(
            ("sectors",),
            raw.get("sectors", ["any"]),
            model.SECTORS,
            many=True,
            allow_any=True,
            required=True,
        ),
        "status": r.vocab(
            ("status",), raw.get("status"), model.STATUSES, many=False, required=True
        ),
        "intake": r.vocab(("intake",), raw.get("intake"), model.INTAKES, many=False),
        "opens": r.date(("opens",), raw.get("opens")),
        "closes": r.date(("closes",), raw.get("closes")),
        "last_verified": r.date(("last_verified",), raw.get("last_verified"), required=True),
        "unconfirmed": r.texts(("unconfirmed",), raw.get("unconfirmed")),
    }
    if clean["url"] and not clean["url"].startswith(("https://", "http://")):
        r.problem(("url",), f"must be a web address starting https://, got {_show(clean['url'])}")
    if clean["opens"] and clean["closes"] and clean["closes"] < clean["opens"]:
        r.problem(("closes",), f"({clean['closes']}) is before opens ({clean['opens']})")

    funding = r.mapping(("funding",), raw.get("funding"))
    r.unknown_keys(funding, FUNDING_KEYS, ("funding",))
    fp = ("funding",)
    ratio = r.text((*fp, "matching_ratio"), funding.get("matching_ratio"))
    if ratio and not RATIO_PATTERN.match(ratio):
        r.problem(
            (*fp, "matching_ratio"),
            f'must read government:applicant like "3:1", got {_show(ratio)}',
        )
    clean["funding"] = {
        "kind": r.vocab((*fp, "kind"), funding.get("kind"), model.FUNDING_KINDS, many=False),
        "max_hkd": r.number((*fp, "max_hkd"), funding.get("max_hkd")),
        "basis": r.text((*fp, "basis"), funding.get("basis")),
        "matching_ratio": ratio,
        "percent_cap": r.number((*fp, "percent_cap"), funding.get("percent_cap"), maximum=100),
        "per_project_max_hkd": r.number(
            (*fp, "per_project_max_hkd"), funding.get("per_project_max_hkd")
        ),
        "cumulative_max_hkd": r.number(
            (*fp, "cumulative_max_hkd"), funding.get("cumulative_max_hkd")
        ),
        "max_projects": r.number(
            (*fp, "max_projects"), funding.get("max_projects"), maximum=10_000, integer=True
        ),
        "duration_months": r.number(
            (*fp, "duration_months"), funding.get("duration_months"), maximum=1200
        ),
        "notes": r.text((*fp, "notes"), funding.get("notes")),
    }

    elig = r.mapping(("eligibility",), raw.get("eligibility"))
    r.unknown_keys(elig, ELIGIBILITY_KEYS, ("eligibility",))
    ep = ("eligibility",)
    clean["eligibility"] = {
        "text": r.text((*ep, "text"), elig.get("text")),
        "hk_registered": r.boolean((*ep, "hk_registered"), elig.get("hk_registered")),
        "listed": r.boolean((*ep, "listed"), elig.get("listed")),
        "max_employees": r.number(
            (*ep, "max_employees"), elig.get("max_employees"), maximum=10_000_000, integer=True
        ),
        "min_age_years": r.number((*ep, "min_age_years"), elig.get("min_age_years"), maximum=200),
        "max_age_years": r.number((*ep, "max_age_years"), elig.get("max_age_years"), maximum=200),
        "membership": r.vocab(
            (*ep, "membership"), elig.get("membership"), model.MEMBERSHIPS, many=True
        ),
        "via": r.text((*ep, "via"), elig.get("via")),
    }
    low, high = clean["eligibility"]["min_age_years"], clean["eligibility"]["max_age_years"]
    if low is not None and high is not None and low > high:
        r.problem((*ep, "max_age_years"), f"({high}) is below min_age_years ({low})")

    clean["history"] = _history(r, raw.get("history"))
    clean["sources"] = _sources(r, raw.get("sources"))
    if raw.get("sources") is not None and not clean["sources"] and not r.problems:
        r.problem(("sources",), "must list at least one official source")
    return (None if r.problems else clean), r.problems


def _history(r: _Record, value: Any) -> list[dict]:
    out = []
    if value is None:
        return out
    if not isinstance(value, list):
        r.problem(("history",), f"must be a list of {{date, change}}, got {_show(value)}")
        return out
    for i, item in enumerate(value):
        path = ("history", i)
        if not isinstance(item, dict):
            r.problem(path, f"must be a mapping with date and change, got {_show(item)}")
            continue
        r.unknown_keys(item, ("date", "change"), path)
        out.append(
            {
                "date": r.date((*path, "date"), item.get("date"), partial=True),
                "change": r.text((*path, "change"), item.get("change"), required=True),
            }
        )
    return out


def _sources(r: _Record, value: Any) -> list[dict]:
    out = []
    if value is None:
        r.problem(("sources",), "is required: list the official pages the facts come from")
        return out
    if not isinstance(value, list):
        r.problem(("sources",), f"must be a list, got {_show(value)}")
        return out
    for i, item in enumerate(value):
        path = ("sources", i)
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict):
            r.problem(path, f"must be a URL or a mapping with url, got {_show(item)}")
            continue
        r.unknown_keys(item, ("url", "title", "dated"), path)
        url = r.text((*path, "url"), item.get("url"), required=True)
        if url and not url.startswith(("https://", "http://")):
            r.problem((*path, "url"), f"must be a web address, got {_show(url)}")
        out.append(
            {
                "url": url,
                "title": r.text((*path, "title"), item.get("title")),
                "dated": r.date((*path, "dated"), item.get("dated")),
            }
        )
    return out


def _validate_document(data: Any, node: Any, label: str) -> tuple[FileContents, list[Problem]]:
    empty = FileContents(label, None, [])
    schemes_node = None
    if isinstance(data, list):
        data = {"schemes": data}  # a bare list of records is accepted too
        schemes_node = node
    if not isinstance(data, dict):
        line = node.start_mark.line + 1
        return empty, [
            Problem(
                label,
                line,
                None,
                None,
                f"must be a mapping with a 'schemes' list, got {_show(data)}",
            )
        ]
    problems: list[Problem] = []
    for name in data:
        if name not in TOP_KEYS:
            problems.append(
                Problem(
                    label,
                    _line_of(node, [name]),
                    None,
                    str(name),
                    "is not a known top-level key (expected as_of, schemes)",
                )
            )
    top = _Record(data, node, label, None)  # reuse the getters for the top-level keys
    as_of = top.date(("as_of",), data.get("as_of"))
    problems += top.problems
    schemes = data.get("schemes")
    schemes_node = schemes_node or _child(node, "schemes")
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
                _line_of(node, ["schemes"]),
                None,
                "schemes",
                f"must be a list of records, got {_show(schemes)}",
            )
        )
        schemes = []
    records: list[dict] = []
    first_line: dict[str, int | None] = {}
    for index, raw in enumerate(schemes):
        item_node = schemes_node.value[index] if schemes_node is not None else None
        clean, record_problems = validate_record(raw, item_node, label, index)
        problems += record_problems
        _note_id(raw, item_node, 0, label, first_line, problems)
        if clean:
            records.append(clean)
    return FileContents(label, as_of, records), problems


def _child(node: Any, name: str) -> Any:
    for k, v in getattr(node, "value", []) or []:
        if getattr(k, "value", None) == name:
            return v
    return None


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    return [problem for path in paths for problem in read_file(path)[1]]
