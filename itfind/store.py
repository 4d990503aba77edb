"""A cache of parsed catalogue files, so a run does not re-parse YAML it has seen.

One file per catalogue file in $XDG_CACHE_HOME/itfind/, keyed by the catalogue's
absolute path, size, modification time, the itfind version and the cache format:

    line 1            JSON: the key, as_of, and one compact row per record (the fields
                      needed to filter, sort, search and print default columns)
    5 lines a record  its search fields, already folded (see search.search_fields);
                      names and keys NUL-separated
    1 line a record   the full record as JSON, read only when a command needs it

Opening a 100,000-record catalogue therefore parses one JSON line and splits some text;
full records are read one by one, by byte offset, for the schemes actually printed.

Safety: JSON and text only, so reading a cache can never run code (no pickle). Writes go
to a temporary file renamed into place, so readers see the old entry or the new one and
two processes writing at once both succeed. Any problem with the cache (unreadable,
truncated, corrupt, read-only directory) is silent: the cache is skipped and the YAML
is parsed, and the next good parse replaces the entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from itfind import __version__, catalogue, model
from itfind.errors import Problem
from itfind.paths import cache_dir

CACHE_FORMAT = 5
DOC_LINES = 5  # search fields a record: codes, names, keys, keyword doc, summary doc
ENV_NO_CACHE = "ITFIND_NO_CACHE"


class CacheMiss(Exception):
    """The entry is absent, stale or damaged: parse the catalogue instead."""


def _entry_path(directory: Path, source: Path) -> Path:
    digest = zlib.crc32(str(source).encode("utf-8", "surrogateescape"))
    return directory / f"catalogue-{digest:08x}-{source.name[:40]}.cache"


def _fingerprint(source: Path, stat: os.stat_result) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "version": __version__,
        "path": str(source),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def _parse(path: Path) -> tuple[catalogue.FileContents, list[Problem]]:
    from itfind.validate import read_file

    return read_file(path)


def read_cached(path: Path, directory: Path | None) -> tuple[catalogue.FileContents, list[Problem]]:
    """`validate.read_file`, answered from the cache when the file has not changed."""
    if directory is None:
        return _parse(path)
    try:
        source = path.resolve()
        stat = source.stat()
        if not source.is_file():
            raise OSError
    except OSError:
        return _parse(path)  # reports the missing or unreadable file
    fingerprint = _fingerprint(source, stat)
    entry = _entry_path(directory, source)
    try:
        return _read_entry(entry, fingerprint, str(path)), []
    except CacheMiss:
        pass
    contents, problems = _parse(path)
    if not problems:
        _write_entry(entry, fingerprint, contents)
        try:  # lazy schemes from the new entry: a big catalogue's full records can go
            return _read_entry(entry, fingerprint, str(path)), []
        except CacheMiss:
            pass  # the entry could not be written: use what was parsed
    return contents, problems


# ---------------------------------------------------------------- writing


def _row(record: dict[str, Any]) -> list[Any]:
    e = record["eligibility"]
    return [
        record["id"],
        record["name"],
        record["acronym"],
        record["name_zh"],
        record["aliases"],
        record["applicant_types"],
        record["stages"],
        record["sectors"],
        record["status"],
        record["intake"],
        record["opens"],
        record["closes"],
        record["last_verified"],
        record["funding"]["max_hkd"],
        record["funding"]["kind"],
        [
            e["hk_registered"],
            e["listed"],
            e["max_employees"],
            e["min_age_years"],
            e["max_age_years"],
            e["membership"],
        ],
    ]


def _write_entry(entry: Path, fingerprint: dict, contents: catalogue.FileContents) -> None:
    from itfind.search import search_fields

    docs: list[str] = []
    lines: list[bytes] = []
    for record in contents.records:
        codes, names, keys, kw, text = search_fields(record)
        docs += [codes, names.replace("\n", "\x00"), keys.replace("\n", "\x00"), kw, text]
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
    docs_blob = ("\n".join(docs) + "\n").encode("utf-8")
    rows = [_row(r) for r in contents.records]
    # Offsets of the full records depend on the header's own length: lay them out after
    # a header with placeholder offsets, then fix the header (lengths stay the same).
    lengths = [len(line) + 1 for line in lines]
    header = {
        "key": fingerprint,
        "as_of": contents.as_of,
        "rows": rows,
        "docs_bytes": len(docs_blob),
        "offsets": [0] * len(rows),
    }
    for _ in range(3):  # the header's size settles after a pass or two
        head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        start = len(head) + len(docs_blob)
        offsets, position = [], start
        for length in lengths:
            offsets.append(position)
            position += length
        if offsets == header["offsets"]:
            break
        header["offsets"] = offsets
    _atomic_write(entry, [head, docs_blob, *(line + b"\n" for line in lines)])


def _atomic_write(entry: Path, chunks: Sequence[bytes]) -> None:
    from itfind.fileio import write_atomically

    try:
        write_atomically(entry, chunks)
    except OSError:
        pass  # a read-only or full cache directory only costs speed


# ---------------------------------------------------------------- reading


def _read_entry(entry: Path, fingerprint: Mapping[str, Any], label: str) -> catalogue.FileContents:
    try:
        # The handle stays open for lazy reads: if another process replaces the entry
        # meanwhile, this handle still reads the file whose offsets we hold.
        handle = open(entry, "rb")  # owned by the readers below
    except OSError:
        raise CacheMiss from None
    try:
        header = json.loads(handle.readline())
        if not isinstance(header, dict) or header.get("key") != fingerprint:
            raise CacheMiss
        docs = handle.read(header["docs_bytes"]).decode("utf-8").split("\n")
        rows, offsets = header["rows"], header["offsets"]
        if len(docs) != DOC_LINES * len(rows) + 1 or len(offsets) != len(rows):
            raise CacheMiss
        schemes = [
            _scheme(row, docs, index, _RecordReader(handle, offsets[index], row[0]), label)
            for index, row in enumerate(rows)
        ]
    except (CacheMiss, OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        handle.close()
        raise CacheMiss from None
    return catalogue.FileContents(label, header.get("as_of"), [], schemes)


_day = dt.date.fromisoformat


def _scheme(row: list, docs: list[str], index: int, load: Any, origin: str) -> model.Scheme:
    (
        id_,
        name,
        acronym,
        name_zh,
        aliases,
        types,
        stages,
        sectors,
        status,
        intake,
        opens,
        closes,
        verified,
        max_hkd,
        kind,
        rules,
    ) = row
    base = DOC_LINES * index
    search = (
        docs[base],
        docs[base + 1].replace("\x00", "\n"),
        docs[base + 2].replace("\x00", "\n"),
        docs[base + 3],
        docs[base + 4],
    )
    return model.Scheme.lazy(
        id_,
        name,
        acronym,
        name_zh,
        tuple(aliases),
        tuple(types),
        tuple(stages),
        tuple(sectors),
        status,
        intake,
        _day(opens) if opens else None,
        _day(closes) if closes else None,
        _day(verified) if verified else None,
        max_hkd,
        kind,
        model.Rules(rules[0], rules[1], rules[2], rules[3], rules[4], tuple(rules[5])),
        load,
        origin,
        search,
    )


class _RecordReader:
    """Reads one full record from its cache entry when a lazy field is first used."""

    __slots__ = ("handle", "offset", "scheme_id")

    def __init__(self, handle: Any, offset: int, scheme_id: str) -> None:
        self.handle, self.offset, self.scheme_id = handle, offset, scheme_id

    def __call__(self) -> model.Scheme:
        try:
            self.handle.seek(self.offset)
            record = json.loads(self.handle.readline())
            if record.get("id") != self.scheme_id:
                raise ValueError("record moved")
            return catalogue.scheme_from_clean(record)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            from itfind.errors import ItfindError

            try:  # make sure the next run parses the catalogue afresh
                os.unlink(self.handle.name)
            except OSError:
                pass
            raise ItfindError(
                f"the catalogue cache is damaged ({exc}); it has been removed",
                hint="run the command again",
            ) from None


def cache_directory(env: Mapping[str, str] = os.environ) -> Path | None:
    if env.get(ENV_NO_CACHE):
        return None
    return cache_dir(env)


def load_catalogue(paths: Sequence[Path], env: Mapping[str, str] = os.environ) -> model.Catalogue:
    """Load and merge catalogue files through the cache; raises CatalogueError."""
    directory = cache_directory(env)
    return catalogue.load(paths, read=lambda p: read_cached(p, directory))
