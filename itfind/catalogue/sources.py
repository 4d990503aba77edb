"""Which catalogue files are in use, in merge order, and why.

`--catalogue` wins over ITFIND_CATALOGUE, which wins over the default: the packaged
catalogue with the user's overlay on top when it exists. An explicit list replaces the
default; `@builtin` in it stands for the packaged file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from itfind.paths import overlay_path, packaged_catalogue, presence

BUILTIN = "@builtin"  # stands for the packaged catalogue in --catalogue / ITFIND_CATALOGUE
ENV_CATALOGUE = "ITFIND_CATALOGUE"


class Sources(NamedTuple):
    files: tuple[Path, ...]
    chosen_by: str  # "--catalogue", "ITFIND_CATALOGUE" or "default"
    overlay: Path
    packaged: Path


def resolve_sources(cli_paths: Sequence[str] = (), env: Mapping[str, str] = os.environ) -> Sources:
    packaged = packaged_catalogue()
    overlay = overlay_path(env)

    def expand_user(item: str) -> Path:
        try:
            return Path(item).expanduser()
        except RuntimeError:  # ~nosuchuser: kept as written, then reported as no such file
            return Path(item)

    def expand(items: Iterable[str]) -> tuple[Path, ...]:
        return tuple(packaged if item == BUILTIN else expand_user(item) for item in items)

    if cli_paths:
        return Sources(expand(cli_paths), "--catalogue", overlay, packaged)
    from_env = [p for p in env.get(ENV_CATALOGUE, "").split(":") if p]
    if from_env:
        return Sources(expand(from_env), ENV_CATALOGUE, overlay, packaged)
    files = (packaged, overlay) if presence(overlay) != "absent" else (packaged,)
    return Sources(files, "default", overlay, packaged)
