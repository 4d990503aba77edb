"""Who can apply: the applicant's facts, and a verdict of pass, fail or unknown on every
rule a scheme states.

A fact the applicant did not give is never a silent "no": a rule that needs it comes out
`unknown`, and a scheme that fails only on unknowns is a "maybe", not dropped.

`FACTS` lists what an applicant can tell us; the command line's filter options and the
profile file's keys are made from it, so a new fact is declared here once.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Collection, Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

from itfind import model, vocab
from itfind.catalogue.records import Records
from itfind.catalogue.results import Item, amount_key
from itfind.i18n import N_
from itfind.text import split_list

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
    routes: tuple[str, ...] | None = None  # () means "none of these routes"

    def expanded_types(self) -> frozenset[str]:
        return _expand_types(self.types)

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Applicant:
        """An applicant from facts as people give them: vocabulary words with synonyms
        and commas (`sector="biotech, ai"`), `member="none"`. Keys are the names in
        FACTS; a fact left out or None is not given. Raises ValueError for a word that
        is not in its vocabulary (with a did-you-mean)."""
        unknown = set(facts) - {fact.name for fact in FACTS}
        if unknown:
            raise ValueError(f"unknown fact(s): {', '.join(sorted(unknown))}")
        values = {}
        for fact in FACTS:
            value = facts.get(fact.name)
            if value is None:
                continue
            values[fact.field] = fact.parse(value)
        return cls(**values)

    def combine(self, override: Applicant) -> Applicant:
        """These answers, with every fact `override` gives taking precedence."""
        changes = {}
        for name in Applicant._fields:
            value = getattr(override, name)
            if value not in (None, ()) or (name in NONE_IS_AN_ANSWER and value == ()):
                changes[name] = value
        return self._replace(**changes)


NONE_IS_AN_ANSWER = frozenset({"memberships", "routes"})  # () there says "none of them"


@cache
def _expand_types(types: tuple[str, ...]) -> frozenset[str]:
    return frozenset(b for t in types for b in vocab.TYPE_IMPLIES.get(t, (t,)))


class Fact(NamedTuple):
    """Something an applicant can tell us: the `--option`, the profile key (`name`) and
    the question `profile init` asks."""

    name: str  # the option (--age-years for age_years), Applicant.from_facts keyword
    field: str  # the Applicant field
    kind: str  # words (from a vocabulary), integer, number, flag
    help: str
    question: str
    vocabulary: str | None = None
    many: bool = True  # more than one word
    key: str | None = None  # in a profile file, when not `name`
    short: str | None = None  # a one-letter option
    none: bool = False  # "none" is an answer: a member of no park, no route

    @property
    def profile_key(self) -> str:
        return self.key or self.name

    def parse(self, value: Any) -> Any:
        """A fact's value from what a person or a profile gives; raises ValueError."""
        if self.kind == "words":
            items = value if isinstance(value, list | tuple) else [value]
            words = split_list(str(item) for item in items)
            if self.none:
                words = [w for w in words if w.lower() != "none"]  # "none": none of them
                if not words:
                    return ()
            return tuple(vocab.normalise(self.vocabulary or self.name, words))
        if self.kind == "flag":
            if isinstance(value, bool):
                return value
            from itfind.i18n import _

            raise ValueError(_("{name} must be true or false").format(name=self.name))
        from itfind.numbers import checked

        maximum = 10_000_000 if self.kind == "integer" else 200
        return checked(value, self.name, maximum=maximum, whole=self.kind == "integer")


FACTS: tuple[Fact, ...] = (
    Fact(
        "type",
        "types",
        "words",
        "Applicant type (repeatable or comma-separated): " + ", ".join(vocab.APPLICANT_TYPES) + ".",
        N_("What kind of applicant are you?"),
        "type",
        short="-t",
    ),
    Fact(
        "stage",
        "stages",
        "words",
        "Stage: " + ", ".join(vocab.allowed("stage")) + ".",
        N_("What stage is the business at?"),
        "stage",
        many=False,
        short="-s",
    ),
    Fact(
        "sector",
        "sectors",
        "words",
        "Sector: " + ", ".join(vocab.allowed("sector")) + ".",
        N_("Which sectors?"),
        "sector",
        key="sectors",
    ),
    Fact(
        "employees",
        "employees",
        "integer",
        "Number of employees in Hong Kong.",
        N_("How many employees in Hong Kong?"),
    ),
    Fact(
        "age_years",
        "age_years",
        "number",
        "Years since incorporation or registration.",
        N_("How many years since incorporation?"),
    ),
    Fact(
        "listed",
        "listed",
        "flag",
        "Whether the company is listed on a stock exchange.",
        N_("Is the company listed on a stock exchange?"),
    ),
    Fact(
        "hk_registered",
        "hk_registered",
        "flag",
        "Whether it is registered in Hong Kong.",
        N_("Is it registered or incorporated in Hong Kong?"),
    ),
    Fact(
        "member",
        "memberships",
        "words",
        "cyberport or hkstp (incubatee, graduate or tenant); 'none' if neither.",
        N_("Cyberport or HKSTP incubatee, graduate or tenant? (or none)"),
        "member",
        none=True,
    ),
    Fact(
        "route",
        "routes",
        "words",
        "How you can come to a scheme that takes applications only through one: "
        + ", ".join(vocab.ROUTES)
        + "; 'none' if none.",
        N_(
            "Do you come through a university, an R&D centre, an ITF project, a park, a "
            "financial institution or a fund manager? (or none)"
        ),
        "route",
        none=True,
    ),
)


class Criterion(NamedTuple):
    criterion: str  # type, stage, sector, employees, age, listed, hk_registered, ...
    result: str  # pass | fail | unknown
    rule: str  # what the scheme requires, in words
    value: str  # what the applicant said, or "not given"

    def as_dict(self) -> dict[str, str]:
        return {"criterion": self[0], "result": self[1], "rule": self[2], "value": self[3]}


# The fact each criterion reads (None: no fact decides it), for "why not" and hints.
CRITERION_FACT = {
    "type": "type",
    "stage": "stage",
    "sector": "sector",
    "employees": "employees",
    "age": "age_years",
    "listed": "listed",
    "hk_registered": "hk_registered",
    "membership": "member",
    "route": "route",
    "invitation": None,
}
NOT_GIVEN = "not given"
ROUTE_WORDS = {
    "university": "a university",
    "research-institute": "an R&D centre or public research institute",
    "itf-project": "an ITF-funded project",
    "park": "Cyberport or HKSTP",
    "financial-institution": "a financial institution as partner",
    "fund-manager": "a fund manager the scheme selects",
}


def _join(values: Iterable[str]) -> str:
    return ", ".join(values) or "none"


class Rules(NamedTuple):
    """What a record requires of an applicant: the fields `judge` reads, and all of
    them (many records state the same rules, so `eligible` judges each set once)."""

    applicant_types: tuple[str, ...]
    stages: tuple[str, ...]
    sectors: tuple[str, ...]
    max_employees: int | None
    min_age_years: float | None
    max_age_years: float | None
    listed: bool | None
    hk_registered: bool | None
    membership: tuple[str, ...]
    routes: tuple[str, ...]
    status: str
    intake: str | None
    partners: tuple[tuple[str, str], ...]  # (type, role) of those who take part


_rules_of = operator.attrgetter(*Rules._fields)


def rules_of(entry: model.Entry) -> Rules:
    return Rules._make(_rules_of(entry))


def assess(
    entry: model.Entry, who: Applicant, *, partners: bool = False
) -> tuple[str, tuple[Criterion, ...]]:
    """The fit (yes, maybe, no) of a record for an applicant, and every criterion.
    `entry` is a record's summary (`Scheme.entry()` gives one for a full record)."""
    return judge(rules_of(entry), who, partners=partners)


def role_of(rules: Rules, who: Applicant) -> str | None:
    """How the applicant comes to a scheme: `applicant` when its type may apply (or no
    type was given), else the role of a participant type it has, else None."""
    if not who.types or not who.expanded_types().isdisjoint(rules.applicant_types):
        return "applicant"
    for kind, role in rules.partners:
        if kind in who.expanded_types():
            return role
    return None


def judge(
    rules: Rules, who: Applicant, *, partners: bool = False
) -> tuple[str, tuple[Criterion, ...]]:
    """Every rule the record states, as pass, fail or unknown, and the fit: `yes` when
    every rule passed, `maybe` when none failed but some depend on facts not given,
    `no` when one failed. With `partners`, a type that takes part without applying
    (a sponsor, a host) passes the type rule, in that role."""
    out: list[Criterion] = []

    def given(name: str, ok: bool, rule: str, value: str) -> None:
        out.append(Criterion(name, PASS if ok else FAIL, rule, value))

    def unknown(name: str, rule: str, value: str = NOT_GIVEN) -> None:
        out.append(Criterion(name, UNKNOWN, rule, value))

    rule = f"open to {_join(rules.applicant_types)}"
    if who.types:
        role = role_of(rules, who)
        if partners and role not in (None, "applicant"):
            rule = f"{rule}; takes part as {role}"
        ok = role == "applicant" or (partners and role is not None)
        given("type", ok, rule, _join(who.types))
    else:
        unknown("type", rule)
    if "any" not in rules.stages or who.stages:
        rule = f"open to {_join(rules.stages)}"
        if not who.stages:
            unknown("stage", rule)
        else:
            ok = "any" in rules.stages or not set(rules.stages).isdisjoint(who.stages)
            given("stage", ok, rule, _join(who.stages))
    if "any" not in rules.sectors or who.sectors:
        rule = f"open to {_join(rules.sectors)}"
        if not who.sectors:
            unknown("sector", rule)
        else:
            result = sector_result(rules.sectors, who.sectors)
            if result == UNKNOWN:
                unknown("sector", rule, f"{_join(who.sectors)} (broader: say which)")
            else:
                given("sector", result == PASS, rule, _join(who.sectors))
    if rules.max_employees is not None:
        rule = f"at most {rules.max_employees} employees"
        if who.employees is None:
            unknown("employees", rule)
        else:
            given("employees", who.employees <= rules.max_employees, rule, str(who.employees))
    low, high = rules.min_age_years, rules.max_age_years
    if low is not None or high is not None:
        parts = []
        if low is not None:
            parts.append(f"at least {low:g} years old")
        if high is not None:
            parts.append(f"at most {high:g} years old")
        rule = " and ".join(parts)
        if who.age_years is None:
            unknown("age", rule)
        else:
            ok = (low is None or who.age_years >= low) and (high is None or who.age_years <= high)
            given("age", ok, rule, f"{who.age_years:g} years")
    if rules.listed is not None:
        rule = "must be listed" if rules.listed else "must not be listed"
        if who.listed is None:
            unknown("listed", rule)
        else:
            value = "listed" if who.listed else "not listed"
            given("listed", who.listed == rules.listed, rule, value)
    if rules.hk_registered:
        rule = "must be registered in Hong Kong"
        if who.hk_registered is None:
            unknown("hk_registered", rule)
        else:
            value = "registered in HK" if who.hk_registered else "not registered in HK"
            given("hk_registered", who.hk_registered, rule, value)
    if rules.membership:
        rule = f"must be a {' or '.join(rules.membership)} incubatee, graduate or tenant"
        if who.memberships is None:
            unknown("membership", rule)
        else:
            ok = not set(rules.membership).isdisjoint(who.memberships)
            given("membership", ok, rule, _join(who.memberships))
    if rules.routes:
        rule = "only through " + " or ".join(ROUTE_WORDS.get(r, r) for r in rules.routes)
        have = routes_of(who)
        if not have.isdisjoint(rules.routes):
            given("route", True, rule, _route_answer(who, [r for r in rules.routes if r in have]))
        elif who.routes is not None:
            given("route", False, rule, _join(who.routes))
        else:
            unknown("route", rule)
    if rules.status == "invitation" or rules.intake == "invitation":
        unknown("invitation", "by invitation or nomination only", "no fact decides it")
    results = {c.result for c in out}
    fit = "no" if FAIL in results else "maybe" if UNKNOWN in results else "yes"
    return fit, tuple(out)


def sector_result(offered: tuple[str, ...], given: tuple[str, ...]) -> str:
    """A sector rule against the applicant's sectors, with the sector tree: a fintech
    company passes a scheme open to `digital`; a company that says only `digital` is
    unknown for a scheme open to `fintech` (it may or may not be one)."""
    if "any" in offered:
        return PASS
    for sector in given:
        if not set(vocab.sector_and_broader(sector)).isdisjoint(offered):
            return PASS
    for sector in given:
        if any(sector in vocab.sector_and_broader(o)[1:] for o in offered):
            return UNKNOWN
    return FAIL


def _route_answer(who: Applicant, matched: list[str]) -> str:
    """What the applicant said that opens the route: the route itself, or the type (or
    membership) it follows from, so that `(you: ...)` never puts words in their mouth."""
    stated = [r for r in matched if r in (who.routes or ())]
    if stated:
        return _join(stated)
    for t in who.types:
        if t in matched:
            return t  # a university comes through a university
        if set(vocab.TYPE_ROUTES.get(t, ())) & set(matched):
            return f"{t} (which counts as {_join(matched)})"
    if who.memberships:
        return f"{_join(who.memberships)} (which counts as {_join(matched)})"
    return _join(matched)


def routes_of(who: Applicant) -> set[str]:
    """The routes an applicant has: those it said, and those its type or membership
    give it (a university comes through a university; a park member through a park)."""
    have = set(who.routes or ())
    have.update(route for t in who.types for route in vocab.TYPE_ROUTES.get(t, ()))
    if who.memberships:
        have.add("park")
    return have


class Match(Item):
    """A scheme judged against an applicant: its fit (yes, maybe or no) and every
    criterion as pass, fail or unknown."""

    __slots__ = ("fit", "criteria", "estimate", "role")

    def __init__(
        self,
        position: int,
        entry: model.Entry,
        records: Records,
        as_of: dt.date,
        fit: str,
        criteria: tuple[Criterion, ...],
    ) -> None:
        super().__init__(position, entry, records, as_of)
        self.fit, self.criteria = fit, criteria
        self.estimate: Any = None  # an Estimate when a project cost was given
        self.role: str | None = "applicant"  # or how it takes part (see role_of)

    @property
    def why(self) -> str:
        """Every criterion in words: `employees: unknown (at most 49 employees; you: not given)`."""
        return _why(self.criteria)

    @property
    def unknown(self) -> tuple[str, ...]:
        """The criteria that depend on facts not given: what makes a `maybe`."""
        return tuple(c.criterion for c in self.criteria if c.result == UNKNOWN)

    @property
    def failed(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.result == FAIL)

    @property
    def reason(self) -> str | None:
        """Why the scheme is left out, in words (None when it is not): the first rule it
        fails, or its status."""
        failed = self.failed
        if failed:
            c = failed[0]
            return f"{c.criterion}: {c.rule} (you: {c.value})"
        status = self.status
        if status in model.CLOSED_STATUSES:
            closes = self.entry.closes
            when = f" (closed {closes})" if status == "closed" and closes else ""
            return f"status: {status}{when}"
        return None

    def to_dict(self, *, full: bool = True, keys: Collection[str] | None = None) -> dict[str, Any]:
        record = Item.to_dict(self, full=full, keys=keys)
        record["fit"] = self.fit
        record["role"] = self.role
        if keys is None or "criteria" in keys:
            record["criteria"] = [c.as_dict() for c in self.criteria]
        if keys is None or "why" in keys:
            record["why"] = self.why
        if keys is None or "unknown" in keys:
            record["unknown"] = list(self.unknown)
        reason = self.reason
        if self.fit == "no" or reason:
            record["excluded"] = reason
        if self.estimate is not None:
            from itfind.estimate import money

            record["grant_hkd"] = money(self.estimate.grant_hkd)
            record["applicant_share_hkd"] = money(self.estimate.applicant_share_hkd)
            record["estimate_note"] = self.estimate.not_applicable or (
                "; ".join(self.estimate.missing) if self.estimate.missing else None
            )
        return record


@cache
def _why(criteria: tuple[Criterion, ...]) -> str:
    # Matches share their criteria (see `eligible`): each text is made once.
    return "; ".join(f"{c.criterion}: {c.result} ({c.rule}; you: {c.value})" for c in criteria)


def specificity(entry: model.Entry, who: Applicant) -> int:
    """0 for a scheme aimed at what the applicant said, more for a general one: a scheme
    for the applicant's own sector or type ranks above one open to all; with no sector
    given, a scheme open to every sector ranks above a sector-only one."""
    rank = 0
    if who.sectors:
        rank += "any" in entry.sectors
    else:
        rank += "any" not in entry.sectors
    if who.types:
        rank += set(who.types).isdisjoint(entry.applicant_types)
    return rank


def sort_key(match: Match, who: Applicant) -> tuple:
    """The order `eligible` lists schemes in (README, "eligible"): best fit; then what a
    user can act on (open, upcoming, invitation, unknown); then how specifically it fits
    what was said; then fewer facts left to check; then the amount, within one unit."""
    return (
        FIT_ORDER[match.fit],
        model.STATUS_ORDER[match.status],
        specificity(match.entry, who),
        len(match.unknown),
        *amount_key(match.entry),
        match.entry.id,
    )


class Selection(NamedTuple):
    matches: list[Match]  # what fits, best first
    excluded: list[Match]  # what does not, each with its `reason`
    hidden_closed: int  # fitting schemes left out because they are closed or ended
    not_fitting: int  # schemes left out because a given fact rules them out


def eligible(
    records: Records,
    who: Applicant,
    as_of: dt.date,
    *,
    include_closed: bool = False,
    partners: bool = False,
) -> Selection:
    """The schemes an applicant can apply for, best first, and those left out. With
    `partners`, also those it can take part in without applying (see `judge`)."""
    kept, excluded, hidden, failing = [], [], 0, 0
    # Many records state the same rules: judge each set of rules once (and the role).
    judged: dict[tuple, tuple[str, tuple[Criterion, ...], str | None]] = {}
    for position, entry in enumerate(records.entries):
        if entry.kind == "programme":
            continue  # an umbrella (the ITF) takes no applications: its parts are matched
        rules = _rules_of(entry)
        verdict = judged.get(rules)
        if verdict is None:
            stated = Rules._make(rules)
            verdict = judged[rules] = (
                *judge(stated, who, partners=partners),
                role_of(stated, who),
            )
        fit, criteria, role = verdict
        match = Match(position, entry, records, as_of, fit, criteria)
        match.role = role
        if match.fit == "no":
            failing += 1
            excluded.append(match)
        elif not include_closed and entry.effective_status(as_of) in model.CLOSED_STATUSES:
            hidden += 1
            excluded.append(match)
        else:
            kept.append(match)
    kept.sort(key=lambda m: sort_key(m, who))
    excluded.sort(key=lambda m: m.entry.id)
    return Selection(kept, excluded, hidden, failing)


def why_not(records: Records, position: int, who: Applicant, as_of: dt.date) -> Match:
    """One scheme judged, whatever its fit or status: its criteria and `reason` say
    why `eligible` would leave it out (or that it would not)."""
    entry = records.entries[position]
    match = Match(position, entry, records, as_of, *assess(entry, who))
    match.role = role_of(rules_of(entry), who)
    return match


def passes_filters(entry: model.Entry, who: Applicant) -> bool:
    """For search: keep a scheme unless a given fact rules it out."""
    return assess(entry, who)[0] != "no"
