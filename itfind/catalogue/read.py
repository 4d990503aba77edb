"""Reading a catalogue file's bytes, refusing what is not a regular file of sane size.

A FIFO or a device (/dev/zero) would block or never end, and a huge file would exhaust
memory, so only regular files are read, and no more than the size limit. A big file is
not read into memory at once: it is read a piece at a time, as parsing needs it
(`Blob.read`), so that a 400 MB catalogue never costs 400 MB of memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from itfind.errors import Problem

MAX_FILE_BYTES = 512 * 1024 * 1024  # a catalogue larger than this is refused unread
ENV_MAX_MB = "ITFIND_MAX_CATALOGUE_MB"
IN_MEMORY_BYTES = 4 * 1024 * 1024  # smaller files are read whole


class Blob:
    """A catalogue's bytes: in memory, or in an open file read by offset. `read` past
    the end gives fewer bytes; a file changed meanwhile gives what it now holds (the
    checks that follow, and the cache's key, catch a file that changed)."""

    def __init__(self, data: bytes | None = None, fd: int | None = None, size: int = 0):
        self._data, self._fd = data, fd
        self.size = len(data) if data is not None else size

    def __len__(self) -> int:
        return self.size

    def read(self, start: int = 0, end: int | None = None) -> bytes:
        end = self.size if end is None else min(end, self.size)
        if self._data is not None:
            return self._data[start:end]
        if self._fd is None or end <= start:
            return b""
        parts, at = [], start
        while at < end:
            part = os.pread(self._fd, min(end - at, 64 * 1024 * 1024), at)
            if not part:
                break  # the file shrank
            parts.append(part)
            at += len(part)
        return b"".join(parts)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def max_file_bytes() -> int:
    """The size limit: ITFIND_MAX_CATALOGUE_MB (MiB) when set, else 512 MiB. Raises
    ValueError for a value that is not a number of MiB."""
    value = os.environ.get(ENV_MAX_MB, "").strip()
    if not value:
        return MAX_FILE_BYTES
    try:
        mib = float(value)
    except ValueError:
        mib = -1.0
    if not 0 < mib <= 1024 * 1024:  # NaN and infinity fail this too
        raise ValueError(f"{ENV_MAX_MB} must be a number of MiB, from 0 to 1048576")
    return int(mib * 1024 * 1024)


def read_blob(path: Path, limit: int | None = None) -> tuple[Blob | None, Problem | None]:
    """The file's contents (close the blob when done), or the one problem that stopped
    us reading it. `limit` (bytes) replaces the catalogue size limit, for small files
    such as a profile."""
    label = str(path)

    def refuse(message: str) -> tuple[None, Problem]:
        return None, Problem(label, None, None, None, message)

    fd = None
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return refuse("is a directory, not a YAML file")
        if not stat.S_ISREG(info.st_mode):
            return refuse("is not a regular file")
        hint = ""
        if limit is None:
            try:
                limit = max_file_bytes()
            except ValueError as exc:
                return refuse(f"was not read: {exc}")
            hint = f" (set {ENV_MAX_MB} to allow more)"
        too_big = f"is larger than {_size(limit)}"
        if info.st_size > limit:
            return refuse(too_big + hint)
        with path.open("rb") as handle:
            if info.st_size > IN_MEMORY_BYTES:
                fd = os.dup(handle.fileno())
                size = os.fstat(fd).st_size
                if size > limit:
                    os.close(fd)
                    return refuse(too_big)
                return Blob(fd=fd, size=size), None
            raw = handle.read(limit + 1)  # the file may grow after stat: never read more
        if len(raw) > limit:
            return refuse(too_big)
    except FileNotFoundError:
        return refuse("no such file")
    except PermissionError:
        return refuse("cannot be read (permission denied)")
    except (RuntimeError, ValueError):  # a symbolic link loop; a name the system refuses
        return refuse("cannot be read (a symbolic link loop, or not a usable file name)")
    except OSError as exc:
        if fd is not None:
            os.close(fd)
        return refuse(f"cannot be read ({exc.strerror or exc})")
    return Blob(raw), None


def _size(limit: int) -> str:
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit >= mib else f"{limit // 1024} KiB"
