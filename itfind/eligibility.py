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
from itfind.catalogue.results import Item
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
            if value not in (None, ()) or (name == "memberships" and value == ()):
                changes[name] = value
        return self._replace(**changes)


@cache
def _expand_types(types: tuple[str, ...]) -> frozenset[str]:
    return frozenset(b for t in types for b in vocab.TYPE_IMPLIES.get(t, (t,)))


class Fact(NamedTuple):
    """Something an applicant can tell us: the `--option`, the profile key (`name`) and
    the question `profile init` asks."""

    name: str  # the option (--age-years for age_years), Applicant.from_facts keyword
    field: str  # the Applicant field
    kind: str  # words (a vocabulary), integer, number, flag, member
    help: str
    question: str
    vocabulary: str | None = None
    many: bool = True  # more than one word
    key: str | None = None  # in a profile file, when not `name`
    short: str | None = None  # a one-letter option

    @property
    def profile_key(self) -> str:
        return self.key or self.name

    def parse(self, value: Any) -> Any:
        """A fact's value from what a person or a profile gives; raises ValueError."""
        if self.kind in ("words", "member"):
            items = value if isinstance(value, list | tuple) else [value]
            words = split_list(str(item) for item in items)
            if self.kind == "member":
                words = [w for w in words if w.lower() != "none"]  # "none": a member of none
                if not words:
                    return ()
            return tuple(vocab.normalise(self.vocabulary or "member", words))
        if self.kind == "flag":
            if isinstance(value, bool):
                return value
            raise ValueError(f"{self.name} must be true or false")
        whole = self.kind == "integer"
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ValueError(
                f"{self.name} must be a non-negative {'whole ' if whole else ''}number"
            )
        if value < 0 or (whole and not float(value).is_integer()):
            raise ValueError(
                f"{self.name} must be a non-negative {'whole ' if whole else ''}number"
            )
        return int(value) if whole else value


FACTS: tuple[Fact, ...] = (
    Fact(
        "type",
        "types",
        "words",
        "Applicant type (repeatable or comma-separated): " + ", ".join(vocab.APPLICANT_TYPES) + ".",
        "What kind of applicant are you?",
        "type",
        short="-t",
    ),
    Fact(
        "stage",
        "stages",
        "words",
        "Stage: " + ", ".join(vocab.allowed("stage")) + ".",
        "What stage is the business at?",
        "stage",
        many=False,
        short="-s",
    ),
    Fact(
        "sector",
        "sectors",
        "words",
        "Sector: " + ", ".join(vocab.allowed("sector")) + ".",
        "Which sectors?",
        "sector",
        key="sectors",
    ),
    Fact(
        "employees",
        "employees",
        "integer",
        "Number of employees in Hong Kong.",
        "How many employees in Hong Kong?",
    ),
    Fact(
        "age_years",
        "age_years",
        "number",
        "Years since incorporation or registration.",
        "How many years since incorporation?",
    ),
    Fact(
        "listed",
        "listed",
        "flag",
        "Whether the company is listed on a stock exchange.",
        "Is the company listed on a stock exchange?",
    ),
    Fact(
        "hk_registered",
        "hk_registered",
        "flag",
        "Whether it is registered in Hong Kong.",
        "Is it registered or incorporated in Hong Kong?",
    ),
    Fact(
        "member",
        "memberships",
        "member",
        "cyberport or hkstp (incubatee, graduate or tenant); 'none' if neither.",
        "Cyberport or HKSTP incubatee, graduate or tenant? (or none)",
        "member",
    ),
)


class Criterion(NamedTuple):
    criterion: str  # type, stage, sector, employees, age, listed, hk_registered, membership
    result: str  # pass | fail | unknown
    rule: str  # what the scheme requires, in words
    value: str  # what the applicant said, or "not given"

    def as_dict(self) -> dict[str, str]:
        return {"criterion": self[0], "result": self[1], "rule": self[2], "value": self[3]}


def _join(values: Iterable[str]) -> str:
    return ", ".join(values) or "none"


class Rules(NamedTuple):
    """What a record requires of an applicant: the fields `assess` reads, and all of
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


_rules_of = operator.attrgetter(*Rules._fields)


def rules_of(entry: model.Entry) -> Rules:
    return Rules._make(_rules_of(entry))


def assess(entry: model.Entry, who: Applicant) -> tuple[str, tuple[Criterion, ...]]:
    """The fit (yes, maybe, no) of a record for an applicant, and every criterion.
    `entry` is a record's summary (`Scheme.entry()` gives one for a full record)."""
    return judge(rules_of(entry), who)


def judge(entry: Rules, who: Applicant) -> tuple[str, tuple[Criterion, ...]]:
    """`assess`, from the rules alone."""
    out: list[Criterion] = []
    if who.types:
        ok = not who.expanded_types().isdisjoint(entry.applicant_types)
        rule = f"open to {_join(entry.applicant_types)}"
        out.append(Criterion("type", PASS if ok else FAIL, rule, _join(who.types)))
    for name, offered, given in (
        ("stage", entry.stages, who.stages),
        ("sector", entry.sectors, who.sectors),
    ):
        if given:
            ok = "any" in offered or bool(set(offered) & set(given))
            out.append(
                Criterion(name, PASS if ok else FAIL, f"open to {_join(offered)}", _join(given))
            )
    if entry.max_employees is not None:
        rule = f"at most {entry.max_employees} employees"
        if who.employees is None:
            out.append(Criterion("employees", UNKNOWN, rule, "not given"))
        else:
            ok = who.employees <= entry.max_employees
            out.append(Criterion("employees", PASS if ok else FAIL, rule, str(who.employees)))
    low, high = entry.min_age_years, entry.max_age_years
    if low is not None or high is not None:
        parts = []
        if low is not None:
            parts.append(f"at least {low:g} years old")
        if high is not None:
            parts.append(f"at most {high:g} years old")
        rule = " and ".join(parts)
        if who.age_years is None:
            out.append(Criterion("age", UNKNOWN, rule, "not given"))
        else:
            ok = (low is None or who.age_years >= low) and (high is None or who.age_years <= high)
            out.append(Criterion("age", PASS if ok else FAIL, rule, f"{who.age_years:g} years"))
    if entry.listed is not None:
        rule = "must be listed" if entry.listed else "must not be listed"
        if who.listed is None:
            out.append(Criterion("listed", UNKNOWN, rule, "not given"))
        else:
            value = "listed" if who.listed else "not listed"
            ok = who.listed == entry.listed
            out.append(Criterion("listed", PASS if ok else FAIL, rule, value))
    if entry.hk_registered:
        rule = "must be registered in Hong Kong"
        if who.hk_registered is None:
            out.append(Criterion("hk_registered", UNKNOWN, rule, "not given"))
        else:
            value = "registered in HK" if who.hk_registered else "not registered in HK"
            out.append(Criterion("hk_registered", PASS if who.hk_registered else FAIL, rule, value))
    if entry.membership:
        rule = f"must be a {' or '.join(entry.membership)} incubatee, graduate or tenant"
        if who.memberships is None:
            out.append(Criterion("membership", UNKNOWN, rule, "not given"))
        else:
            ok = bool(set(entry.membership) & set(who.memberships))
            out.append(Criterion("membership", PASS if ok else FAIL, rule, _join(who.memberships)))
    results = {c.result for c in out}
    fit = "no" if FAIL in results else "maybe" if UNKNOWN in results else "yes"
    return fit, tuple(out)


class Match(Item):
    """A scheme judged against an applicant: its fit (yes, maybe or no) and every
    criterion as pass, fail or unknown."""

    __slots__ = ("fit", "criteria")

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

    @property
    def why(self) -> str:
        """Every criterion in words: `employees: unknown (at most 49 employees; you: not given)`."""
        return _why(self.criteria)

    def to_dict(self, *, full: bool = True, keys: Collection[str] | None = None) -> dict[str, Any]:
        record = Item.to_dict(self, full=full, keys=keys)
        record["fit"] = self.fit
        if keys is None or "criteria" in keys:
            record["criteria"] = [c.as_dict() for c in self.criteria]
        if keys is None or "why" in keys:
            record["why"] = self.why
        return record


@cache
def _why(criteria: tuple[Criterion, ...]) -> str:
    # Matches share their criteria (see `eligible`): each text is made once.
    return "; ".join(f"{c.criterion}: {c.result} ({c.rule}; you: {c.value})" for c in criteria)


def sort_key(match: Match) -> tuple:
    """Best fit first, then what a user can act on (open, upcoming, ...), then larger funding."""
    amount = match.entry.max_hkd
    return (
        FIT_ORDER[match.fit],
        model.STATUS_ORDER[match.status],
        -(amount if amount is not None else -1),
        match.entry.id,
    )


class Selection(NamedTuple):
    matches: list[Match]
    hidden_closed: int  # fitting schemes left out because they are closed or ended
    not_fitting: int


def eligible(
    records: Records,
    who: Applicant,
    as_of: dt.date,
    *,
    include_closed: bool = False,
    include_failing: bool = False,
) -> Selection:
    """The schemes an applicant can apply for, best first."""
    kept, hidden, failing = [], 0, 0
    # Many records state the same rules: judge each set of rules once.
    judged: dict[tuple, tuple[str, tuple[Criterion, ...]]] = {}
    for position, entry in enumerate(records.entries):
        rules = _rules_of(entry)
        verdict = judged.get(rules)
        if verdict is None:
            verdict = judged[rules] = judge(Rules._make(rules), who)
        fit, criteria = verdict
        if fit == "no" and not include_failing:
            failing += 1
            continue
        if not include_closed and entry.effective_status(as_of) in model.CLOSED_STATUSES:
            hidden += 1
            continue
        kept.append(Match(position, entry, records, as_of, fit, criteria))
    kept.sort(key=sort_key)
    return Selection(kept, hidden, failing)


def passes_filters(entry: model.Entry, who: Applicant) -> bool:
    """For search: keep a scheme unless a given fact rules it out."""
    return assess(entry, who)[0] != "no"
