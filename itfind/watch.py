"""Saved searches: a command line remembered under a name, and a snapshot of what it
found last time, so that the next run says what is new.

Each saved search is one JSON file, $XDG_STATE_HOME/itfind/watch/NAME.json, written
atomically: {"name", "argv", "added", "ran", "snapshot"}. A snapshot maps each result's
key (a scheme id; for deadlines, "id event") to the facts worth being told about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from itfind.changes import flatten

COMMANDS = ("eligible", "search", "deadlines")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Options the watch itself sets, so a saved command line may not.
RESERVED = ("--format", "-f", "--json", "--fields", "--as-of", "--quiet", "-q", "--lang")
MAX_BYTES = 64 * 1024 * 1024
# What a result is worth telling about when it changes.
TRACKED = (
    "name",
    "status",
    "fit",
    "opens",
    "closes",
    "date",
    "expected",
    "applicant_types",
    "funding.max_hkd",
    "funding.per",
    "funding.matching_ratio",
    "funding.percent_cap",
    "funding.per_project_max_hkd",
    "funding.cumulative_max_hkd",
    "funding.max_projects",
    "eligibility.max_employees",
    "eligibility.min_age_years",
    "eligibility.max_age_years",
    "eligibility.listed",
    "eligibility.hk_registered",
    "eligibility.membership",
    "eligibility.routes",
)


class WatchError(ValueError):
    pass


class News(NamedTuple):
    watch: str
    id: str
    name: str
    change: str  # new, dropped, changed
    field: str | None
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise WatchError(
            f"a saved search's name is lowercase letters, digits, - and _ (got {name!r})"
        )
    return name


def check_argv(argv: list[str]) -> list[str]:
    """A command line a watch may save: eligible, search or deadlines, without the
    options the watch sets itself."""
    if not argv or argv[0] not in COMMANDS:
        raise WatchError(f"a saved search runs one of: {', '.join(COMMANDS)}")
    for arg in argv[1:]:
        option = arg.split("=", 1)[0]
        if option in RESERVED:
            raise WatchError(f"{option} is set by the watch itself; leave it out")
    return argv


def snapshot(command: str, records: Iterable[Mapping[str, Any]]) -> dict[str, dict]:
    """What to remember of a run's results (its JSON records)."""
    out: dict[str, dict] = {}
    for record in records:
        key = f"{record['id']} {record['event']}" if command == "deadlines" else record["id"]
        flat = flatten(record)
        out[key] = {field: flat[field] for field in TRACKED if field in flat}
    return out


def compare(name: str, old: Mapping[str, dict], new: Mapping[str, dict]) -> list[News]:
    """What is new in `new` since `old`: results that appear, drop out, or changed."""
    out: list[News] = []
    for key in sorted(old.keys() | new.keys()):
        scheme = key.split(" ")[0]
        if key not in old:
            out.append(News(name, scheme, new[key].get("name", ""), "new", _event(key), None, None))
        elif key not in new:
            out.append(
                News(name, scheme, old[key].get("name", ""), "dropped", _event(key), None, None)
            )
        else:
            for field in TRACKED:
                a, b = old[key].get(field), new[key].get(field)
                if a != b:
                    label = f"{_event(key)}.{field}" if _event(key) else field
                    out.append(News(name, scheme, new[key].get("name", ""), "changed", label, a, b))
    return out


def _event(key: str) -> str | None:
    return key.split(" ", 1)[1] if " " in key else None


# ---------------------------------------------------------------- storage


def directory(state: Path) -> Path:
    return state / "watch"


def path_of(state: Path, name: str, part: str = "") -> Path:
    return directory(state) / f"{check_name(name)}{part}.json"


def names(state: Path) -> list[str]:
    try:
        found = directory(state).glob("*.json")
        return sorted(p.stem for p in found if NAME.match(p.stem))
    except OSError:
        return []


def _read(path: Path) -> Any:
    """A JSON file through the hardened reader: None when absent; raises WatchError
    when unreadable, ValueError when it is not JSON."""
    from itfind.catalogue.read import read_blob

    blob, problem = read_blob(path, MAX_BYTES)
    if blob is None:
        if problem and problem.message == "no such file":
            return None
        raise WatchError(f"{path}: {problem.message if problem else 'cannot be read'}")
    try:
        return json.loads(blob.read().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    finally:
        blob.close()


def load(state: Path, name: str) -> dict[str, Any]:
    """A saved search's definition ({"name", "argv", "added"}); raises WatchError."""
    try:
        data = _read(path_of(state, name))
    except ValueError as exc:
        raise WatchError(f"saved search {name!r} is damaged ({exc}); add it again") from None
    if data is None:
        raise WatchError(f"no saved search named {name!r}")
    if not isinstance(data, dict) or not isinstance(data.get("argv"), list):
        raise WatchError(f"saved search {name!r} is damaged; add it again")
    return data


def load_snapshot(state: Path, name: str) -> tuple[dict[str, dict] | None, str | None]:
    """The last run's results and when they were taken, or (None, None) before a first
    run. Raises Damaged when the snapshot cannot be used (the caller replaces it)."""
    try:
        data = _read(path_of(state, name, ".snapshot"))
    except ValueError as exc:
        raise Damaged(name, str(exc)) from None
    if data is None:
        return None, None
    snap = data.get("snapshot") if isinstance(data, dict) else None
    if not isinstance(snap, dict) or not all(isinstance(v, dict) for v in snap.values()):
        raise Damaged(name, "not a snapshot of results")
    return snap, data.get("ran")


class Damaged(WatchError):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"the snapshot of {name!r} was damaged ({reason})")
        self.name = name


def _write(path: Path, data: Any) -> None:
    from itfind.fileio import write_atomically

    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomically(path, [text.encode("utf-8")])


def save(state: Path, data: Mapping[str, Any]) -> None:
    _write(path_of(state, data["name"]), dict(data))


def save_snapshot(state: Path, name: str, snap: Mapping[str, dict], ran: str) -> None:
    _write(path_of(state, name, ".snapshot"), {"ran": ran, "snapshot": dict(snap)})


def remove_snapshot(state: Path, name: str) -> bool:
    """Forget what a saved search last saw (its next run starts afresh)."""
    return _unlink(path_of(state, name, ".snapshot"))


def remove(state: Path, name: str) -> bool:
    saved = _unlink(path_of(state, name))
    return remove_snapshot(state, name) or saved


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
