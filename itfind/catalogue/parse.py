"""YAML to Python values, safely and in bounded memory.

A catalogue is parsed with libyaml's safe loader (`yamlsafe`), never an unsafe one:
tags are refused, never run, and a document whose aliases would expand past MAX_NODES
values ("billion laughs") is refused without expanding it. Problems come back as located
`Problem`s, never as exceptions.

Big catalogues (over CHUNK_BYTES) are parsed a few hundred records at a time: libyaml's
node tree costs about 20 times the text in memory, and decoding a whole 400 MB file at
once would cost more again. Only an optimisation: a file that does not split cleanly is
parsed whole, so every error is reported exactly as it would be anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from itfind.catalogue.read import Blob, read_blob
from itfind.errors import Problem

MAX_NODES = 20_000_000  # YAML nodes after alias expansion: stops "billion laughs"
CHUNK_BYTES = 4 * 1024 * 1024  # files larger than this are parsed in slices
CHUNK_RECORDS = 500  # records a slice


class Document(NamedTuple):
    """A parsed YAML document: its values and its node tree (for line numbers)."""

    data: Any
    node: Any


class Slice(NamedTuple):
    """Some records of a big catalogue's `schemes` list, parsed on their own."""

    items: list[Any]  # the records' values
    nodes: list[Any]  # their nodes, for line numbers
    line_offset: int  # lines in the file before the slice


class Unsplittable(Exception):
    """A slice did not parse on its own: parse the whole document instead."""


def decode(raw: bytes, label: str, line_offset: int = 0) -> tuple[str | None, Problem | None]:
    """UTF-8 text without a leading byte-order mark, and no NUL bytes."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = line_offset + raw[: exc.start].count(b"\n") + 1
        return None, Problem(label, line, None, None, "is not UTF-8 text")
    if "\x00" in text:
        line = line_offset + text[: text.index("\x00")].count("\n") + 1
        return None, Problem(label, line, None, None, "contains a NUL byte: binary data, not YAML")
    return text, None


def parse_document(text: str, label: str) -> tuple[Document | None, Problem | None]:
    """One YAML document, or the problem that stopped it."""
    import yaml

    from itfind.catalogue import yamlsafe

    loader = yamlsafe.Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Problem(label, None, None, None, "is empty")
        built = yamlsafe.construct(node)
        if built.shared:  # the values are shared, but whoever walks them pays in full
            _check_expansion(node)
        return Document(built.value, node), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # At the end of a file without a final newline libyaml points one line past it.
        line = min(mark.line + 1, text.count("\n") + 1) if mark else None
        what = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag '" in what:
            what = f"{what} (only plain YAML is allowed; tags are refused, never run)"
        return None, Problem(label, line, None, None, f"YAML error: {what}")
    except yaml.YAMLError as exc:
        return None, Problem(label, None, None, None, f"YAML error: {exc}")
    except _TooLarge:
        message = f"expands to more than {MAX_NODES:,} values through aliases; refused"
        return None, Problem(label, None, None, None, message)
    except RecursionError:
        return None, Problem(label, None, None, None, "is nested too deeply")
    except (ValueError, OverflowError) as exc:
        # libyaml accepted the shape of a value that does not exist, e.g. 2026-13-01.
        message = f"invalid value, not a real date or number: {exc}"
        return None, Problem(label, _bad_timestamp_line(node), None, None, message)
    finally:
        loader.dispose()


def read_yaml_file(path: Path, limit: int | None = None) -> tuple[Any, Problem | None]:
    """The one way to read a small YAML file (a profile, a state file): the catalogue's
    protections (regular files only, a size limit, UTF-8, no tags, bounded aliases and
    depth, YAML 1.2 typing) and its located messages. The value, or the problem."""
    blob, problem = read_blob(path, limit)
    if problem or blob is None:
        return None, problem
    try:
        raw = blob.read()
    finally:
        blob.close()
    text, problem = decode(raw, str(path))
    if problem or text is None:
        return None, problem
    if not text.strip():
        return None, None
    document, problem = parse_document(text, str(path))
    return (document.data if document else None), problem


# ---------------------------------------------------------------- big files in slices

_SCHEMES_LINE = re.compile(rb"[ \t]*(?:#[^\n]*)?\r?\n")
_TOP_LEVEL = re.compile(rb"\n[^\s#-]")  # starts with a literal: the engine jumps to "\n"
_FIRST_ITEM = re.compile(rb"\n( {0,60})- ")
BLOCK = 16 * 1024 * 1024  # how much of a big file is scanned at a time
OVERLAP = 64  # longer than any pattern's match, so none is cut between two blocks


class Split(NamedTuple):
    head: bytes  # the document with `schemes: []`, padded so later lines keep numbers
    bounds: list[int]  # byte offsets: slice i is bytes bounds[i] to bounds[i + 1]


def _matches(blob: Blob, pattern: re.Pattern[bytes], start: int, end: int) -> Iterator[re.Match]:
    """Matches of `pattern` in blob[start:end], read a block at a time; each match's
    `pos_in_file` is `block_start + match.start()` (yielded as pairs)."""
    at = start
    while at < end:
        block = blob.read(at, min(at + BLOCK + OVERLAP, end))
        for match in pattern.finditer(block):
            if match.start() >= BLOCK:
                break  # the next block finds it
            yield at, match
        at += BLOCK


def _count_lines(blob: Blob, start: int, end: int) -> int:
    return sum(blob.read(at, min(at + BLOCK, end)).count(b"\n") for at in range(start, end, BLOCK))


def split(blob: Blob) -> Split | None:
    """Where a block-style catalogue's `schemes` list can be cut into slices of
    CHUNK_RECORDS records, or None when its layout is not the plain one."""
    size = len(blob)
    key = b"schemes:"
    starts = [at + m.start() + 1 for at, m in _matches(blob, re.compile(rb"\nschemes:"), 0, size)]
    if blob.read(0, len(key)) == key:
        starts.insert(0, 0)
    if len(starts) != 1:
        return None
    after_key = starts[0] + len(key)
    line_end = _SCHEMES_LINE.match(blob.read(after_key, after_key + 4096))
    if line_end is None:
        return None  # `schemes: [...]` on one line, or something else after the key
    region_start = after_key + line_end.end()
    region_end = size
    for at, match in _matches(blob, _TOP_LEVEL, region_start - 1, size):
        region_end = at + match.start() + 1
        break
    first = next(_matches(blob, _FIRST_ITEM, region_start - 1, region_end), None)
    if first is None:
        return None
    item = re.compile(re.escape(b"\n" + first[1].group(1) + b"- "))
    items = [at + m.start() + 1 for at, m in _matches(blob, item, region_start - 1, region_end)]
    bounds = items[::CHUNK_RECORDS] + [region_end]
    padding = b"\n" * _count_lines(blob, region_start, region_end)
    head = blob.read(0, starts[0]) + b"schemes: []\n" + padding + blob.read(region_end)
    return Split(head, bounds)


def slices(blob: Blob, bounds: Sequence[int], label: str) -> Iterator[Slice]:
    """Parse each slice of the `schemes` list on its own; raises Unsplittable when one
    does not (the caller then parses the whole document)."""
    line = _count_lines(blob, 0, bounds[0])
    for begin, end in zip(bounds, bounds[1:], strict=False):
        chunk = blob.read(begin, end)
        text, problem = decode(chunk, label, line)
        if problem or text is None:
            raise Unsplittable
        document, problem = parse_document(text, label)
        if problem or document is None or not isinstance(document.data, list):
            raise Unsplittable
        yield Slice(document.data, list(document.node.value), line)
        line += chunk.count(b"\n")


# ---------------------------------------------------------------- nodes


def line_of(node: Any, path: Sequence[str | int]) -> int | None:
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


def duplicate_keys(node: Any) -> list[tuple[str, int]]:
    """Keys that appear twice in a mapping node, with the line of the second."""
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


def child(node: Any, name: str) -> Any:
    for k, v in getattr(node, "value", []) or []:
        if getattr(k, "value", None) == name:
            return v
    return None


def _bad_timestamp_line(root: Any) -> int | None:
    import yaml

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
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
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            if total > MAX_NODES:
                raise _TooLarge
            sizes[ident] = total
            continue
        if ident in sizes:
            continue
        sizes[ident] = 0  # a node that contains itself counts once
        stack.append((node, True))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((c, False) for c in node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, False))
                stack.append((v, False))
