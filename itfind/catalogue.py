"""Which catalogue files are in use, merging them into a `Catalogue`, and finding a
scheme by any of its names.

Reading and validating a file is `itfind.validate`'s job (imported only when a file is
actually parsed, not when it comes from the cache). Records from later files replace
records with the same id.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from itfind import model
from itfind.errors import CatalogueError, Problem, UnknownScheme
from itfind.paths import overlay_path, packaged_catalogue
from itfind.text import key

BUILTIN = "@builtin"  # stands for the packaged catalogue in --catalogue / ITFIND_CATALOGUE
ENV_CATALOGUE = "ITFIND_CATALOGUE"


# ---------------------------------------------------------------- where catalogues are


class Sources(NamedTuple):
    """Which catalogue files are in use, in merge order, and why."""

    files: tuple[Path, ...]
    chosen_by: str  # "--catalogue", "ITFIND_CATALOGUE" or "default"
    overlay: Path
    packaged: Path


def resolve_sources(cli_paths: Sequence[str] = (), env: Mapping[str, str] = os.environ) -> Sources:
    """`--catalogue` wins over ITFIND_CATALOGUE, which wins over the default.

    The default is the packaged catalogue with the user overlay on top when it exists.
    An explicit list replaces the default; `@builtin` in it stands for the packaged file.
    """
    packaged = packaged_catalogue()
    overlay = overlay_path(env)

    def expand(items: Iterable[str]) -> tuple[Path, ...]:
        return tuple(packaged if item == BUILTIN else Path(item).expanduser() for item in items)

    if cli_paths:
        return Sources(expand(cli_paths), "--catalogue", overlay, packaged)
    from_env = [p for p in env.get(ENV_CATALOGUE, "").split(":") if p]
    if from_env:
        return Sources(expand(from_env), ENV_CATALOGUE, overlay, packaged)
    files = (packaged, overlay) if overlay.is_file() else (packaged,)
    return Sources(files, "default", overlay, packaged)


# ---------------------------------------------------------------- reading one file


class FileContents(NamedTuple):
    """One file's validated records: plain JSON-able dicts when parsed, or the schemes
    themselves when they come ready-made from the cache."""

    path: str
    as_of: str | None
    records: list[dict[str, Any]]
    schemes: list[model.Scheme] | None = None


# ---------------------------------------------------------------- building and merging


def scheme_from_clean(d: Mapping[str, Any], origin: str | None = None) -> model.Scheme:
    day = _day
    f, e = d["funding"], d["eligibility"]
    return model.Scheme(
        id=d["id"],
        name=d["name"],
        acronym=d["acronym"],
        name_zh=d["name_zh"],
        aliases=tuple(d["aliases"]),
        administrator=d["administrator"],
        summary=d["summary"],
        url=d["url"],
        keywords=tuple(d["keywords"]),
        applicant_types=tuple(d["applicant_types"]),
        stages=tuple(d["stages"]),
        sectors=tuple(d["sectors"]),
        status=d["status"],
        intake=d["intake"],
        opens=day(d["opens"]),
        closes=day(d["closes"]),
        funding=model.Funding(**f),
        eligibility=model.Eligibility(**{**e, "membership": tuple(e["membership"])}),
        history=tuple(model.Change(c["date"], c["change"]) for c in d["history"]),
        sources=tuple(model.Source(s["url"], s["title"], day(s["dated"])) for s in d["sources"]),
        last_verified=day(d["last_verified"]),
        unconfirmed=tuple(d["unconfirmed"]),
        origin=origin,
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def merge(contents: Iterable[FileContents]) -> model.Catalogue:
    """Merge files in order: a later record with the same id replaces the earlier one."""
    by_id: dict[str, model.Scheme] = {}
    as_of: dt.date | None = None
    files = []
    for content in contents:
        files.append(content.path)
        if content.as_of:
            as_of = max(as_of, _day(content.as_of)) if as_of else _day(content.as_of)
        if content.schemes is not None:
            for scheme in content.schemes:
                by_id[scheme.id] = scheme
        else:
            for record in content.records:
                by_id[record["id"]] = scheme_from_clean(record, content.path)
    return model.Catalogue(tuple(by_id.values()), as_of, tuple(files))


ReadFn = Callable[[Path], tuple[FileContents, list[Problem]]]


def load(paths: Sequence[Path], read: ReadFn | None = None) -> model.Catalogue:
    """Read every file (parsing and validating it, unless `read` answers from a cache),
    report every problem at once, and merge."""
    if read is None:
        from itfind.validate import read_file as read
    contents, problems = [], []
    for path in paths:
        content, file_problems = read(path)
        contents.append(content)
        problems += file_problems
    if problems:
        raise CatalogueError(problems)
    return merge(contents)


# ---------------------------------------------------------------- lookup


def lookup_keys(scheme: model.Scheme) -> list[str]:
    """Every spelling `show` and exact search accept for a scheme (cached with the
    search fields when the scheme came from the cache)."""
    if scheme.search:
        return [k for k in scheme.search[2].split("\n") if k]
    names = [scheme.id, scheme.acronym, scheme.name, scheme.name_zh, *scheme.aliases]
    return [k for k in (key(n) for n in names if n) if k]


def find_scheme(catalogue: model.Catalogue, query: str) -> model.Scheme:
    """Resolve an id, acronym, alias or former name, in any case or Chinese script.
    An id wins over another scheme's alias."""
    for scheme in catalogue.schemes:
        if scheme.id == query:
            return scheme
    wanted = key(query)
    if wanted:
        alias_match = None
        for scheme in catalogue.schemes:
            keys = lookup_keys(scheme)
            if keys and keys[0] == wanted and key(scheme.id) == wanted:
                return scheme  # the id, spelled differently
            if alias_match is None and wanted in keys:
                alias_match = scheme
        if alias_match is not None:
            return alias_match
    raise UnknownScheme(query, suggest_ids(catalogue, query))


def suggest_ids(catalogue: model.Catalogue, query: str, limit: int = 3) -> list[str]:
    """The ids whose spellings are closest to a mistyped one (rapidfuzz: this runs on
    the error path only, and stays quick for very large catalogues)."""
    from rapidfuzz import fuzz, process

    spellings: list[str] = []
    owners: list[str] = []
    for scheme in catalogue.schemes:
        for k in lookup_keys(scheme):
            spellings.append(k)
            owners.append(scheme.id)
    close = process.extract(
        key(query), spellings, scorer=fuzz.ratio, limit=limit * 5, score_cutoff=60
    )
    return list(dict.fromkeys(owners[j] for _, _, j in close))[:limit]
