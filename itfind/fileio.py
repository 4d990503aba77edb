"""Writing files so that no reader ever sees half of one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def write_atomically(target: Path, chunks: Iterable[bytes]) -> None:
    """Write to a temporary file beside `target`, then rename it into place.

    A reader sees the old file or the new one; an interrupted write (Ctrl-C, a full disk)
    leaves the old file and no temporary one. Raises OSError when it cannot write.
    """
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
