"""Who can apply: filters and a per-criterion verdict of pass, fail or unknown.

A fact the applicant did not give is never a silent "no": a rule that needs it comes out
`unknown`, and a scheme that fails only on unknowns is a "maybe", not dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from itfind import model

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
FIT_ORDER = {"yes": 0, "maybe": 1, "no": 2}


class Applicant(NamedTuple):
    """What the user told us. None (or empty) means "not given", never "no"."""

    types: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    employees: int | None = None
    age_years: float | None = None
    listed: bool | None = None
    hk_registered: bool | None = None
    memberships: tuple[str, ...] | None = None  # () means "member of none"

    def expanded_types(self) -> frozenset[str]:
        return _expand_types(self.types)


@cache
def _expand_types(types: tuple[str, ...]) -> frozenset[str]:
    return frozenset(b for t in types for b in model.TYPE_IMPLIES.get(t, (t,)))


class Criterion(NamedTuple):
    criterion: str  # type, stage, sector, employees, age, listed, hk_registered, membership
    result: str  # pass | fail | unknown
    rule: str  # what the scheme requires, in words
    value: str  # what the applicant said, or "not given"

    def as_dict(self) -> dict[str, str]:
        return {
            "criterion": self.criterion,
            "result": self.result,
            "rule": self.rule,
            "value": self.value,
        }


class Verdict(NamedTuple):
    scheme: model.Scheme
    fit: str  # yes | maybe | no
    criteria: tuple[Criterion, ...] = ()


def _join(values: Iterable[str]) -> str:
    return ", ".join(values) or "none"


def assess(scheme: model.Scheme, who: Applicant) -> Verdict:
    """Judge every rule the scheme has against what the applicant told us."""
    out: list[Criterion] = []
    wanted = who.expanded_types()
    if who.types:
        ok = not wanted.isdisjoint(scheme.applicant_types)
        out.append(
            Criterion(
                "type",
                PASS if ok else FAIL,
                f"open to {_join(scheme.applicant_types)}",
                _join(who.types),
            )
        )
    for name, offered, given in (
        ("stage", scheme.stages, who.stages),
        ("sector", scheme.sectors, who.sectors),
    ):
        if given:
            ok = "any" in offered or bool(set(offered) & set(given))
            out.append(
                Criterion(name, PASS if ok else FAIL, f"open to {_join(offered)}", _join(given))
            )

    e = scheme.rules
    if e.max_employees is not None:
        rule = f"at most {e.max_employees} employees"
        if who.employees is None:
            out.append(Criterion("employees", UNKNOWN, rule, "not given"))
        else:
            ok = who.employees <= e.max_employees
            out.append(Criterion("employees", PASS if ok else FAIL, rule, str(who.employees)))
    if e.min_age_years is not None or e.max_age_years is not None:
        parts = []
        if e.min_age_years is not None:
            parts.append(f"at least {e.min_age_years:g} years old")
        if e.max_age_years is not None:
            parts.append(f"at most {e.max_age_years:g} years old")
        rule = " and ".join(parts)
        if who.age_years is None:
            out.append(Criterion("age", UNKNOWN, rule, "not given"))
        else:
            ok = (e.min_age_years is None or who.age_years >= e.min_age_years) and (
                e.max_age_years is None or who.age_years <= e.max_age_years
            )
            out.append(Criterion("age", PASS if ok else FAIL, rule, f"{who.age_years:g} years"))
    if e.listed is not None:
        rule = "must be listed" if e.listed else "must not be listed"
        if who.listed is None:
            out.append(Criterion("listed", UNKNOWN, rule, "not given"))
        else:
            value = "listed" if who.listed else "not listed"
            out.append(Criterion("listed", PASS if who.listed == e.listed else FAIL, rule, value))
    if e.hk_registered:
        rule = "must be registered in Hong Kong"
        if who.hk_registered is None:
            out.append(Criterion("hk_registered", UNKNOWN, rule, "not given"))
        else:
            value = "registered in HK" if who.hk_registered else "not registered in HK"
            out.append(Criterion("hk_registered", PASS if who.hk_registered else FAIL, rule, value))
    if e.membership:
        rule = f"must be a {' or '.join(e.membership)} incubatee, graduate or tenant"
        if who.memberships is None:
            out.append(Criterion("membership", UNKNOWN, rule, "not given"))
        else:
            ok = bool(set(e.membership) & set(who.memberships))
            out.append(Criterion("membership", PASS if ok else FAIL, rule, _join(who.memberships)))

    results = {c.result for c in out}
    fit = "no" if FAIL in results else "maybe" if UNKNOWN in results else "yes"
    return Verdict(scheme, fit, tuple(out))


def sort_key(verdict: Verdict, as_of: dt.date) -> tuple:
    """Best fit first, then what a user can act on (open, upcoming, ...), then larger funding."""
    scheme = verdict.scheme
    amount = scheme.max_hkd
    return (
        FIT_ORDER[verdict.fit],
        model.STATUS_ORDER[scheme.effective_status(as_of)],
        -(amount if amount is not None else -1),
        scheme.id,
    )


class Selection(NamedTuple):
    verdicts: list[Verdict]
    hidden_closed: int  # fitting schemes left out because they are closed or ended
    not_fitting: int


def eligible(
    schemes: Sequence[model.Scheme],
    who: Applicant,
    as_of: dt.date,
    *,
    include_closed: bool = False,
    include_failing: bool = False,
) -> Selection:
    """The schemes an applicant can apply for, best first."""
    kept, hidden, failing = [], 0, 0
    for scheme in schemes:
        verdict = assess(scheme, who)
        if verdict.fit == "no" and not include_failing:
            failing += 1
            continue
        if not include_closed and scheme.effective_status(as_of) in model.CLOSED_STATUSES:
            hidden += 1
            continue
        kept.append(verdict)
    kept.sort(key=lambda v: sort_key(v, as_of))
    return Selection(kept, hidden, failing)


def passes_filters(scheme: model.Scheme, who: Applicant) -> bool:
    """For search: keep a scheme unless a given fact rules it out."""
    return assess(scheme, who).fit != "no"
