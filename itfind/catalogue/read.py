"""Reading a catalogue file's bytes, refusing what is not a regular file of sane size.

A FIFO or a device (/dev/zero) would block or never end, and a huge file would exhaust
memory, so only regular files are read, and no more than the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from itfind.errors import Problem

MAX_FILE_BYTES = 512 * 1024 * 1024  # a catalogue larger than this is refused unread
ENV_MAX_MB = "ITFIND_MAX_CATALOGUE_MB"


def max_file_bytes() -> int:
    try:
        return int(float(os.environ.get(ENV_MAX_MB, "")) * 1024 * 1024)
    except ValueError:
        return MAX_FILE_BYTES


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    """The file's contents, or the one problem that stopped us reading it."""
    label = str(path)

    def refuse(message: str) -> tuple[None, Problem]:
        return None, Problem(label, None, None, None, message)

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return refuse("is a directory, not a YAML file")
        if not stat.S_ISREG(info.st_mode):
            return refuse("is not a regular file")
        limit = max_file_bytes()
        too_big = f"is larger than {limit // (1024 * 1024)} MiB"
        if info.st_size > limit:
            return refuse(f"{too_big} (set {ENV_MAX_MB} to allow more)")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # the file may grow after stat: never read more
        if len(raw) > limit:
            return refuse(too_big)
    except FileNotFoundError:
        return refuse("no such file")
    except PermissionError:
        return refuse("cannot be read (permission denied)")
    except OSError as exc:
        return refuse(f"cannot be read ({exc.strerror or exc})")
    return raw, None
