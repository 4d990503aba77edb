"""Where itfind's files live. Standard library only: `--version` and shell completion
use it without loading anything else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def config_dir(env: Mapping[str, str] = os.environ) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "itfind"


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "itfind"


def state_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where itfind keeps what it remembers between runs (saved searches' snapshots)."""
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "itfind"


def overlay_path(env: Mapping[str, str] = os.environ) -> Path:
    return config_dir(env) / "schemes.yaml"


def profile_path(env: Mapping[str, str] = os.environ) -> Path:
    return config_dir(env) / "profile.yaml"


def presence(path: Path) -> str:
    """ "exists", "absent", or "unreadable" when the directory cannot be searched (so
    whether the file is there cannot be told: reading it then reports the problem,
    rather than a file the user wrote being silently skipped)."""
    try:
        path.stat()
    except PermissionError:
        return "unreadable"
    except (OSError, ValueError):
        return "absent"
    return "exists"


def packaged_catalogue() -> Path:
    """The catalogue shipped in the wheel, or the repository's copy in a source checkout."""
    inside = Path(__file__).parent / "data" / "schemes.yaml"
    if inside.is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "data" / "schemes.yaml"


def catalogue_as_of() -> str:
    """The packaged catalogue's `as_of` date, read from its first lines without parsing
    YAML (it is written near the top of the file on purpose)."""
    try:
        with open(packaged_catalogue(), encoding="utf-8") as handle:
            for _, line in zip(range(50), handle, strict=False):
                if line.startswith("as_of:"):
                    return line.split(":", 1)[1].split("#")[0].strip().strip("'\"")
    except OSError:
        pass
    return "unknown"
