"""A cache of parsed catalogue files, so a run does not re-parse YAML it has seen.

One JSON file per catalogue file in $XDG_CACHE_HOME/itfind/, keyed by the catalogue's
absolute path, size, modification time and the itfind version. JSON, because reading a
cache must never be able to run code (no pickle). Writes go to a temporary file that is
renamed into place, so a reader sees the old entry or the new one, never half of one, and
two processes writing at once both succeed. Any problem with the cache (unreadable,
corrupt, read-only directory) is silent: the cache is skipped and the file is parsed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from itfind import __version__, catalogue, model
from itfind.errors import Problem

CACHE_FORMAT = 1
ENV_NO_CACHE = "ITFIND_NO_CACHE"


def _entry_path(directory: Path, source: Path) -> Path:
    digest = hashlib.sha256(str(source).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return directory / f"catalogue-{digest}.json"


def _fingerprint(source: Path, stat: os.stat_result) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "version": __version__,
        "path": str(source),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def read_cached(path: Path, directory: Path | None) -> tuple[catalogue.FileContents, list[Problem]]:
    """`catalogue.read_file`, answered from the cache when the file has not changed."""
    if directory is None:
        return catalogue.read_file(path)
    try:
        source = path.resolve()
        stat = source.stat()
    except OSError:
        return catalogue.read_file(path)  # reports the missing or unreadable file
    if not source.is_file():
        return catalogue.read_file(path)
    fingerprint = _fingerprint(source, stat)
    entry = _entry_path(directory, source)
    cached = _read_entry(entry, fingerprint)
    if cached is not None:
        return catalogue.FileContents(str(path), cached["as_of"], cached["records"]), []
    contents, problems = catalogue.read_file(path)
    if not problems:
        _write_entry(
            entry, {"key": fingerprint, "as_of": contents.as_of, "records": contents.records}
        )
    return contents, problems


def _read_entry(entry: Path, fingerprint: Mapping[str, Any]) -> dict | None:
    try:
        with open(entry, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None  # absent, unreadable, truncated or not JSON: parse the YAML instead
    if not isinstance(data, dict) or data.get("key") != fingerprint:
        return None
    records = data.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        return None
    return data


def _write_entry(entry: Path, data: dict) -> None:
    tmp_name = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp_name, entry)
        tmp_name = None
    except OSError:
        pass  # a read-only or full cache directory only costs speed
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def cache_directory(env: Mapping[str, str] = os.environ) -> Path | None:
    if env.get(ENV_NO_CACHE):
        return None
    return catalogue.cache_dir(env)


def load_catalogue(paths: Sequence[Path], env: Mapping[str, str] = os.environ) -> model.Catalogue:
    """Load and merge catalogue files through the cache; raises CatalogueError."""
    directory = cache_directory(env)
    try:
        return catalogue.load(paths, read=lambda p: read_cached(p, directory))
    except (KeyError, TypeError, ValueError, AttributeError):
        # A cache entry with the right key but the wrong content (edited by hand, or
        # damaged): ignore the cache for this run; the next good parse replaces it.
        return catalogue.load(paths)
