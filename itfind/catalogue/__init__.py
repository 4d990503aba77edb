"""Loading catalogue files into `Records`, in one direction:

    sources (which files) -> read (bytes) -> parse (YAML) -> validate (clean records)
        -> cache (written as records arrive; read instead of all of the above next time)
        -> records (merged, summaries for matching, full records on demand)

Each step is its own module and imports only the steps before it. Every problem in
every file is reported at once, as a `CatalogueError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from itfind.catalogue.read import Blob
from itfind.catalogue.records import ParsedFile, RecordFile, Records
from itfind.catalogue.sources import BUILTIN, ENV_CATALOGUE, Sources, resolve_sources
from itfind.errors import CatalogueError, Problem

__all__ = [
    "BUILTIN",
    "ENV_CATALOGUE",
    "Records",
    "Sources",
    "load_records",
    "resolve_sources",
]


def load_records(
    paths: Sequence[Path], env: Mapping[str, str] = os.environ, *, use_cache: bool = True
) -> Records:
    """Read, check and merge catalogue files, through the cache unless it is off.
    Raises CatalogueError listing every problem in every file."""
    from itfind.catalogue import cache

    where = cache.directory(env) if use_cache else None
    files: list[RecordFile] = []
    problems: list[Problem] = []
    for path in paths:
        loaded, found = _load_file(Path(path), where)
        problems += found
        if loaded is not None:
            files.append(loaded)
    if problems:
        raise CatalogueError(problems)
    return Records(files)


def _load_file(path: Path, where: Path | None) -> tuple[RecordFile | None, list[Problem]]:
    from itfind.catalogue import cache
    from itfind.catalogue.read import read_blob

    label = str(path)
    source: Path | None = None
    if where is not None:
        try:
            source = path.resolve()
            if source.is_file():
                return cache.open_entry(label, source, where), []
        except (OSError, RuntimeError, cache.CacheMiss):
            pass  # parse it; a missing or unreadable file is reported below
    blob, problem = read_blob(path)
    if blob is None:
        return None, [problem] if problem else []
    try:
        return _check_file(blob, label, source, where)
    finally:
        blob.close()


def _check_file(
    raw: Blob, label: str, source: Path | None, where: Path | None
) -> tuple[RecordFile | None, list[Problem]]:
    from itfind.catalogue import cache

    if where is not None and source is not None:
        writer = cache.Writer(source, where)
        if writer.ok:
            check = _check(raw, label, writer.add, writer.restart)
            if check.problems:
                writer.abandon()
                return None, check.problems
            writer.commit(check.as_of)
            if writer.ok:
                try:  # summaries from the entry: a big file's full records can go
                    return cache.open_entry(label, source, where), []
                except cache.CacheMiss:
                    pass
    records: list[dict] = []  # without the cache, the records stay in memory
    check = _check(raw, label, records.append, records.clear)
    if check.problems:
        return None, check.problems
    return ParsedFile(label, check.as_of, records), []


def _check(raw: Blob, label: str, add: Callable[[dict], None], restart: Callable[[], None]):
    """Check a file, handing each clean record to `add`. A big file that does not split
    into slices is checked again whole, after `restart` has dropped what was added."""
    from itfind.catalogue import parse, validate

    try:
        return _drain(validate.check_bytes(raw, label), add)
    except parse.Unsplittable:
        restart()
        return _drain(validate.check_bytes(raw, label, whole=True), add)


def _drain(check, add: Callable[[dict], None]):
    for record in check.records:
        if not check.problems:  # once a problem is found, nothing will be kept
            add(record)
    return check
