"""A cache of checked catalogue files, so that a run does not parse YAML it has seen.

One SQLite file per catalogue file in $XDG_CACHE_HOME/itfind/, valid for the catalogue's
absolute path, device and inode, size, modification and change times, the itfind
version and the cache format. The change time (ctime) is what no copy can keep: `cp -p`,
`rsync -t`, `tar x` and `touch -r` restore a modification time, never a ctime, so a
same-size edit that keeps the mtime is still seen.

    meta     the key above and the catalogue's as_of date
    columns  one JSON array per eager field (what matching needs), a value per record:
             opening a catalogue reads a few columns, however many records it has
    search   the search documents (`itfind.catalogue.index`), one text per column, a
             line per record (or per name), read only to search or to look a name up
    records  each full record once, as JSON, read only for the records a command prints

Safety: JSON and text only, so reading a cache can never run code (no pickle). An entry
is written to a temporary file and renamed into place, so readers see the old entry or
the new one and two processes writing at once both succeed; temporary files a killed
writer left behind are removed by the next write. Only a regular file is opened as an
entry, and its size must be what its own pages say. A problem with the cache
(unreadable, truncated, corrupt, read-only directory) is never fatal: the YAML is parsed
instead, and the next good parse replaces the entry. A record that cannot be read after
the entry was opened is an error (`CacheDamaged`), never wrong data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from itfind import __version__, model, schema
from itfind.catalogue.index import DocColumns, SearchDocs, search_docs
from itfind.errors import ItfindError
from itfind.paths import cache_dir

CACHE_FORMAT = 10
STALE_TEMP_SECONDS = 3600  # a writer's temporary file older than this was abandoned
ENV_NO_CACHE = "ITFIND_NO_CACHE"
DOC_COLUMNS = SearchDocs._fields


class CacheMiss(Exception):
    """The entry is absent, stale or damaged: parse the catalogue instead."""


class CacheDamaged(ItfindError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the catalogue cache is damaged ({reason}); it has been removed",
            hint="run the command again",
        )


def directory(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where entries live, or None when ITFIND_NO_CACHE turns the cache off."""
    if env.get(ENV_NO_CACHE):
        return None
    return cache_dir(env)


def entry_path(where: Path, source: Path) -> Path:
    digest = zlib.crc32(str(source).encode("utf-8", "surrogateescape"))
    return where / f"catalogue-{digest:08x}-{source.name[:40]}.sqlite"


def fingerprint(source: Path) -> dict[str, Any]:
    """What must not change for an entry to stay valid. Raises OSError."""
    info = source.stat()
    return {
        "format": CACHE_FORMAT,
        "version": __version__,
        "path": str(source),
        "device": info.st_dev,
        "inode": info.st_ino,
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "ctime_ns": info.st_ctime_ns,
    }


def _connect(path: Path, *, read_only: bool) -> Any:
    import sqlite3

    if read_only:
        # A URI so that a missing file is an error, not a new empty database.
        quoted = str(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        return sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, check_same_thread=False)
    return sqlite3.connect(str(path))


# ---------------------------------------------------------------- reading


class CachedFile:
    """A catalogue file's records, from its cache entry."""

    def __init__(self, label: str, entry: Path, key: Mapping[str, Any]) -> None:
        import sqlite3

        self.label, self._entry = label, entry
        self._db: Any = None
        try:
            info = os.stat(entry)
            if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never end
                raise CacheMiss
            self._db = _connect(entry, read_only=True)
            pages = self._db.execute("PRAGMA page_count").fetchone()[0]
            if pages * self._db.execute("PRAGMA page_size").fetchone()[0] != info.st_size:
                raise CacheMiss  # truncated, or grown by something other than SQLite
            meta = dict(self._db.execute("SELECT name, value FROM meta"))
            if json.loads(meta.get("key", "null")) != key:
                raise CacheMiss
            self.as_of: str | None = meta.get("as_of") or None
            self._count = int(meta["count"])
            self._columns = dict(self._db.execute("SELECT name, value FROM columns"))
            self._entries = list(
                map(
                    model.Entry._make,
                    zip(
                        *(
                            _typed_column(leaf.spec, self._column(leaf.dotted))
                            for leaf in model.EAGER
                        ),
                        *(_frozen(self._column(f"derived.{name}")) for name in model.DERIVED),
                        strict=True,
                    ),
                )
            )
            tables = self._db.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('records', 'search')"
            ).fetchone()
            if len(self._entries) != self._count or tables != (2,):
                raise ValueError("incomplete entry")
            self._columns = {}  # parsed: the text can go
        except (
            OSError,
            sqlite3.Error,
            ValueError,
            KeyError,
            TypeError,
            UnicodeError,
            CacheMiss,
        ) as exc:
            self.close()
            raise CacheMiss from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _column(self, name: str) -> list[Any]:
        values = json.loads(self._columns[name])
        if not isinstance(values, list) or len(values) != self._count:
            raise ValueError(f"column {name} has the wrong length")
        return values

    def entries(self) -> list[model.Entry]:
        return self._entries

    def docs(self) -> DocColumns:
        import sqlite3

        try:
            if self._db is None:
                raise ValueError("closed")
            found = dict(self._db.execute("SELECT name, value FROM search"))
            docs = DocColumns(*(found[name].split("\n") for name in DOC_COLUMNS))
            names = sum(len(codes) for codes in docs.codes)
            if not (
                len(docs.codes) == len(docs.keywords) == len(docs.text) == self._count
                and len(docs.names) == len(docs.keys) == names
            ):
                raise ValueError("search documents do not match the records")
        except (sqlite3.Error, ValueError, KeyError) as exc:
            raise self._damaged(exc) from None
        return docs

    def record(self, row: int) -> dict[str, Any]:
        import sqlite3

        try:
            if self._db is None:
                raise ValueError("closed")
            found = self._db.execute("SELECT record FROM records WHERE row = ?", (row,)).fetchone()
            if found is None:
                raise ValueError(f"record {row} is missing")
            record = json.loads(found[0])
            if not isinstance(record, dict):
                raise ValueError("not a record")
            return record
        except (sqlite3.Error, ValueError) as exc:
            raise self._damaged(exc) from None

    def _damaged(self, reason: Exception) -> CacheDamaged:
        self.close()
        try:  # so that the next run parses the catalogue afresh
            os.unlink(self._entry)
        except OSError:
            pass
        return CacheDamaged(str(reason))


def _frozen(values: list[Any]) -> list[Any]:
    """JSON lists back into the tuples a summary holds (a derived column's values)."""

    def freeze(value: Any) -> Any:
        return tuple(freeze(v) for v in value) if isinstance(value, list) else value

    return [freeze(v) for v in values]


def _typed_column(spec: schema.Spec, values: list[Any]) -> list[Any]:
    """JSON values as the entry holds them: tuples for lists, dates for ISO strings.
    Both repeat a lot across records, so each distinct value is converted once."""
    if spec.kind in schema.MANY:
        return list(map(tuple, values))
    if spec.kind == "date":
        days = {v: dt.date.fromisoformat(v) for v in set(values) if v}
        days[None] = None  # type: ignore[index]
        return [days[v] for v in values]
    return values


def open_entry(label: str, source: Path, where: Path) -> CachedFile:
    """The cached records of a catalogue file; raises CacheMiss."""
    try:
        key = fingerprint(source)
    except OSError:
        raise CacheMiss from None
    return CachedFile(label, entry_path(where, source), key)


# ---------------------------------------------------------------- writing


class Writer:
    """Writes an entry as records arrive, so a big catalogue is never all in memory.

    Use `add` for each clean record, then `commit` to put the entry in place, or
    `abandon` (a problem was found, or the caller stopped). Any failure to write only
    turns the cache off for this file: `ok` becomes False.
    """

    def __init__(self, source: Path, where: Path) -> None:
        self.source, self.where = source, where
        self.target = entry_path(where, source)
        self._db: Any = None
        self._tmp: str | None = None
        self._open()

    def _open(self) -> None:
        import tempfile

        self.ok = True
        self._columns: dict[str, list[Any]] = {leaf.dotted: [] for leaf in model.EAGER}
        self._columns |= {f"derived.{name}": [] for name in model.DERIVED}
        # Lists that repeat (types, stages, sectors) are kept once: a big catalogue's
        # columns are in memory until the entry is complete.
        self._same: dict[tuple, list] = {}
        self._pending: list[tuple[int, str, str]] = []
        self._pending_docs: list[tuple] = []
        self._count = 0
        try:
            self.key = fingerprint(self.source)
            self.where.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(self.where)
            fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".sqlite", dir=self.where)
            os.close(fd)
            self._db = _connect(Path(self._tmp), read_only=False)
            self._db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE columns (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE records (row INTEGER PRIMARY KEY, id TEXT NOT NULL,"
                " record TEXT NOT NULL);"
                "CREATE TABLE search (name TEXT PRIMARY KEY, value TEXT);"
                # Each record's documents wait here, out of memory, until `commit`
                # joins each column into one text.
                f"CREATE TEMP TABLE docs (row INTEGER PRIMARY KEY, {', '.join(DOC_COLUMNS)});"
            )
        except Exception:  # OSError, sqlite3.Error: the cache is optional
            self.abandon()

    def restart(self) -> None:
        """Drop what was added and start an empty entry."""
        self.abandon()
        self._open()

    def add(self, record: dict[str, Any]) -> None:
        if not self.ok:
            return
        for leaf in model.EAGER:
            value: Any = record
            for part in leaf.path:
                value = value[part]
            if type(value) is list:
                value = self._same.setdefault(tuple(value), value)
            self._columns[leaf.dotted].append(value)
        for name, derive in model.DERIVED.items():
            self._columns[f"derived.{name}"].append(derive(record))
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        self._pending.append((self._count, record["id"], text))
        self._pending_docs.append((self._count, *search_docs(record)))
        self._count += 1
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        marks = ", ".join("?" * (1 + len(DOC_COLUMNS)))
        try:
            self._db.executemany("INSERT INTO records VALUES (?, ?, ?)", self._pending)
            self._db.executemany(f"INSERT INTO docs VALUES ({marks})", self._pending_docs)
        except Exception:
            self.abandon()
        self._pending, self._pending_docs = [], []

    def commit(self, as_of: str | None) -> None:
        if not self.ok:
            return
        self._flush()
        if not self.ok:
            return
        try:
            self._db.executemany(
                "INSERT INTO columns VALUES (?, ?)",
                _json_columns(self._columns.items()),
            )
            for name in DOC_COLUMNS:  # one text a column, a line a record, joined by SQLite
                self._db.execute(
                    "INSERT INTO search SELECT ?, group_concat(value, char(10)) FROM"
                    f" (SELECT {name} AS value FROM docs ORDER BY row)",
                    (name,),
                )
            # group_concat keeps the order it is given; check it, as SQL does not promise it.
            (ids,) = self._db.execute(
                "SELECT group_concat(id, char(10)) FROM (SELECT id FROM records ORDER BY row)"
            ).fetchone()
            if (ids or "") != "\n".join(self._columns["id"]):
                raise ValueError("records out of order")
            self._db.execute("DROP TABLE docs")
            self._db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("key", json.dumps(self.key)),
                    ("as_of", as_of or ""),
                    ("count", str(self._count)),
                ],
            )
            self._db.commit()
            self._db.close()
            self._db = None
            if fingerprint(self.source) != self.key:
                raise OSError("the catalogue changed while it was read")
            os.replace(self._tmp, self.target)  # type: ignore[arg-type]
            self._tmp = None
        except Exception:
            self.abandon()

    def abandon(self) -> None:
        self.ok = False
        if self._db is not None:
            try:
                self._db.close()
            except Exception:
                pass
            self._db = None
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None


def remove_stale_temp_files(where: Path, now: float | None = None) -> None:
    """Remove the temporary files of writers that were killed (older than an hour: a
    writer still at work is never that slow)."""
    cutoff = (time.time() if now is None else now) - STALE_TEMP_SECONDS
    try:
        names = [name for name in os.listdir(where) if name.startswith(".tmp-")]
    except OSError:
        return
    for name in names:
        path = where / name
        try:
            if os.lstat(path).st_mtime < cutoff:
                os.unlink(path)
        except OSError:
            pass


def _json_columns(columns: Iterable[tuple[str, list[Any]]]) -> Iterable[tuple[str, str]]:
    for name, values in columns:
        yield name, json.dumps(values, ensure_ascii=False, separators=(",", ":"))
