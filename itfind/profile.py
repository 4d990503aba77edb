"""Applicant profiles: the company questions answered once, in a small YAML file.

    type: [startup]
    stage: seed
    sectors: [fintech, ai-data]
    employees: 8
    age_years: 2
    listed: false
    hk_registered: true
    member: [cyberport]        # or [] / none: a member of neither park
    received: {tvp: 200000}    # HK$ already received per scheme (for `estimate`)
    projects: {tvp: 2}         # projects already approved per scheme (for `estimate`)

Command-line options override the profile, value by value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from itfind import model
from itfind.eligibility import Applicant
from itfind.errors import ItfindError
from itfind.paths import profile_path

KEYS = (
    "type",
    "stage",
    "sectors",
    "employees",
    "age_years",
    "listed",
    "hk_registered",
    "member",
    "received",
    "projects",
)


class ProfileError(ItfindError):
    pass


class Profile(NamedTuple):
    applicant: Applicant
    received: dict[str, float]
    projects: dict[str, int]
    path: Path | None = None


def default_path(env: Mapping[str, str] = os.environ) -> Path:
    return profile_path(env)


def load_profile(path: Path) -> Profile:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"profile {path} does not exist", hint="itfind profile init") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"profile {path} cannot be read ({exc})") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ProfileError(f"profile {path} is not valid YAML: {exc}") from None
    return parse_profile(data or {}, path)


def parse_profile(data: Any, path: Path | None = None) -> Profile:
    where = str(path) if path else "profile"

    def fail(message: str) -> ProfileError:
        return ProfileError(
            f"{where}: {message}", hint="fix the profile, or run: itfind profile init"
        )

    if not isinstance(data, dict):
        raise fail("must be a mapping of answers such as 'type: sme'")
    for name in data:
        if name not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(name), KEYS, n=1)
            raise fail(f"unknown key {name!r}" + (f"; did you mean '{close[0]}'?" if close else ""))

    def listish(name: str, kind: str) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        try:
            return tuple(model.normalise(kind, [str(v) for v in items]))
        except ValueError as exc:
            raise fail(f"{name}: {exc}") from None

    def number(name: str, integer: bool = False) -> Any:
        value = data.get(name)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if value is None or (ok and (not integer or float(value).is_integer())):
            return int(value) if (integer and value is not None) else value
        raise fail(f"{name} must be a non-negative {'whole ' if integer else ''}number")

    def flag(name: str) -> bool | None:
        value = data.get(name)
        if value is None or isinstance(value, bool):
            return value
        raise fail(f"{name} must be true or false")

    member = data.get("member", None)
    memberships: tuple[str, ...] | None
    if member is None:
        memberships = None
    elif member in ("none", [], ["none"]):
        memberships = ()
    else:
        memberships = listish("member", "member")

    def amounts(name: str, integer: bool) -> dict:
        value = data.get(name) or {}
        if not isinstance(value, dict):
            raise fail(f"{name} must map scheme ids to numbers, e.g. {{tvp: 200000}}")
        out = {}
        for scheme_id, amount in value.items():
            ok = isinstance(amount, int | float) and not isinstance(amount, bool) and amount >= 0
            if not ok or (integer and not float(amount).is_integer()):
                raise fail(f"{name}.{scheme_id} must be a non-negative number")
            out[str(scheme_id)] = int(amount) if integer else amount
        return out

    applicant = Applicant(
        types=listish("type", "type"),
        stages=listish("stage", "stage"),
        sectors=listish("sectors", "sector"),
        employees=number("employees", integer=True),
        age_years=number("age_years"),
        listed=flag("listed"),
        hk_registered=flag("hk_registered"),
        memberships=memberships,
    )
    return Profile(applicant, amounts("received", False), amounts("projects", True), path)


def combine(base: Applicant, override: Applicant) -> Applicant:
    """The profile's answers, with every fact given on the command line taking precedence."""
    changes = {}
    for name in Applicant._fields:
        value = getattr(override, name)
        if value not in (None, ()) or (name == "memberships" and value == ()):
            changes[name] = value
    return base._replace(**changes)


def dump_profile(answers: Mapping[str, Any]) -> str:
    import yaml

    clean = {k: v for k, v in answers.items() if v not in (None, [], {})}
    header = "# itfind applicant profile; see `itfind profile --help`.\n"
    return header + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False)
