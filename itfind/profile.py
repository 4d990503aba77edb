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
    lang: zh-hant              # answer in Traditional Chinese (or en, zh-hans)

The answer keys are the facts `itfind.eligibility.FACTS` declares. Options given on the
command line override the profile, fact by fact.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from itfind.eligibility import FACTS, Applicant
from itfind.errors import ItfindError
from itfind.i18n import _
from itfind.numbers import MAX_HKD, checked
from itfind.paths import profile_path
from itfind.text import did_you_mean, quote

AMOUNT_KEYS = ("received", "projects")
KEYS = (*(fact.profile_key for fact in FACTS), *AMOUNT_KEYS, "lang")


class ProfileError(ItfindError):
    pass


class Profile(NamedTuple):
    applicant: Applicant
    received: dict[str, float]  # HK$ already received, by scheme id
    projects: dict[str, int]  # projects already approved, by scheme id
    path: Path | None = None
    lang: str | None = None  # en, zh-hant or zh-hans: the language to answer in

    def to_dict(self) -> dict[str, Any]:
        """The answers as `itfind profile show --json` gives them (unknown is null)."""
        out: dict[str, Any] = {"path": str(self.path) if self.path else None}
        for fact in FACTS:
            value = getattr(self.applicant, fact.field)
            out[fact.profile_key] = list(value) if isinstance(value, tuple) else value
        out["received"] = dict(self.received)
        out["projects"] = dict(self.projects)
        out["lang"] = self.lang
        return out


def default_path(env: Mapping[str, str] = os.environ) -> Path:
    return profile_path(env)


MAX_PROFILE_BYTES = 1024 * 1024  # answers to a dozen questions: far less than this


def load_profile(path: Path) -> Profile:
    """The profile at `path`, read by the catalogue's hardened reader (a FIFO, a device,
    a huge file or an alias bomb is refused, not waited on)."""
    from itfind.catalogue.parse import read_yaml_file

    data, problem = read_yaml_file(path, MAX_PROFILE_BYTES)
    if problem is not None:
        if problem.message == "no such file":
            raise ProfileError(
                _("profile {path} does not exist").format(path=path),
                hint=_("create one with: itfind profile init"),
            )
        raise ProfileError(_("profile {problem}").format(problem=problem))
    return parse_profile(data or {}, path)


def parse_profile(data: Any, path: Path | None = None) -> Profile:
    where = _("profile {path}").format(path=path) if path else _("profile")

    def fail(message: str) -> ProfileError:
        return ProfileError(
            f"{where}: {message}", hint=_("fix the profile, or run: itfind profile init")
        )

    if not isinstance(data, dict):
        raise fail(_("must be a mapping of answers such as 'type: sme'"))
    for name in data:
        if name not in KEYS:
            close = did_you_mean(str(name), KEYS)
            message = (
                _("unknown key {key}; did you mean '{close}'?") if close else _("unknown key {key}")
            )
            raise fail(message.format(key=quote(name), close=close))
    answers = {}
    for fact in FACTS:
        value = data.get(fact.profile_key)
        if value is None:
            continue
        try:
            answers[fact.field] = fact.parse(value)
        except ValueError as exc:
            message = str(exc)
            if fact.kind == "words":  # a vocabulary message names the value
                message = f"{fact.profile_key}: {message}"
            raise fail(message) from None

    def amounts(name: str, integer: bool) -> dict:
        value = data.get(name) or {}
        if not isinstance(value, dict):
            raise fail(
                _("{key} must map scheme ids to numbers, e.g. {example}").format(
                    key=name, example="{tvp: 200000}"
                )
            )
        out = {}
        for scheme_id, amount in value.items():
            limit = 10_000 if integer else MAX_HKD
            try:
                out[str(scheme_id)] = checked(
                    amount, f"{name}.{scheme_id}", maximum=limit, whole=integer
                )
            except ValueError as exc:
                raise fail(str(exc)) from None
        return out

    lang = data.get("lang")
    if lang is not None:
        from itfind.i18n import normalise

        try:
            lang = normalise(str(lang))
        except ValueError as exc:
            raise fail(f"lang: {exc}") from None
    return Profile(
        Applicant(**answers), amounts("received", False), amounts("projects", True), path, lang
    )


def dump_profile(answers: Mapping[str, Any]) -> str:
    import yaml

    clean = {k: v for k, v in answers.items() if v not in (None, [], {})}
    header = "# itfind applicant profile; see `itfind profile --help`.\n"
    return header + yaml.safe_dump(clean, allow_unicode=True, sort_keys=False)


def write_profile(target: Path, answers: Mapping[str, Any]) -> None:
    """Write answers (profile keys to values) as a profile file, atomically. Refuses to
    write a profile it could not read back."""
    from itfind.catalogue.parse import parse_document
    from itfind.fileio import write_atomically

    text = dump_profile(answers)
    document, problem = parse_document(text, str(target))
    if problem or document is None:  # cannot happen: we wrote it
        raise ProfileError(f"cannot write {target}: {problem}")
    parse_profile(document.data, target)
    try:
        write_atomically(target, [text.encode("utf-8")])
    except OSError as exc:
        raise ProfileError(f"cannot write {target} ({exc.strerror or exc})") from None
