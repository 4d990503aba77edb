"""The library's English phrases (eligibility rules, estimate steps, reasons) as a person
reads them in the current language.

The library writes these phrases in English, because they are part of the JSON contract
(`criteria[].rule`, `steps[].step`, `excluded`...), which never changes with the
language. For a person reading Chinese, each phrase is matched against the patterns the
library writes and rebuilt from the translated template, with its parts (amounts,
vocabulary words, dates) in the reader's language. A phrase no pattern knows is shown
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from itfind.i18n import N_

# (pattern, template): the groups are formatted by their names' prefixes:
# money*, type*/stage*/sector*/status*/role*/member*, route (list of route phrases),
# date*, phrase* (another phrase, recursively), anything else as it is.
PATTERNS: tuple[tuple[str, str], ...] = (
    # eligibility rules and the applicant's answers
    (r"open to (?P<values>.*); takes part as (?P<role>[a-z-]+)", N_("open to {values}; takes part as {role}")),
    (r"open to (?P<values>.*)", N_("open to {values}")),
    (r"at most (?P<n>\d+) employees", N_("at most {n} employees")),
    (r"at least (?P<low>[\d.]+) years old and at most (?P<high>[\d.]+) years old", N_("at least {low} and at most {high} years old")),
    (r"at least (?P<n>[\d.]+) years old", N_("at least {n} years old")),
    (r"at most (?P<n>[\d.]+) years old", N_("at most {n} years old")),
    (r"must be listed", N_("must be listed")),
    (r"must not be listed", N_("must not be listed")),
    (r"must be registered in Hong Kong", N_("must be registered in Hong Kong")),
    (r"must be a (?P<member>.+) incubatee, graduate or tenant", N_("must be a {member} incubatee, graduate or tenant")),
    (r"only through (?P<route>.+)", N_("only through {route}")),
    (r"by invitation or nomination only", N_("by invitation or nomination only")),
    (r"not given", N_("not given")),
    (r"no fact decides it", N_("no fact decides it")),
    (r"(?P<values>.+) \(broader: say which\)", N_("{values} (broader: say which)")),
    (r"(?P<who>[a-z, -]+) \(which counts as (?P<values>.+)\)", N_("{who} (which counts as {values})")),
    (r"(?P<n>[\d.]+) years", N_("{n} years")),
    (r"listed", N_("listed")),
    (r"not listed", N_("not listed")),
    (r"registered in HK", N_("registered in HK")),
    (r"not registered in HK", N_("not registered in HK")),
    # why a scheme is left out, and eligible --why-not's status rules and verdicts
    (r"taking applications", N_("taking applications")),
    (r"announced; applications open later", N_("announced; applications open later")),
    (r"by invitation or nomination", N_("by invitation or nomination")),
    (r"no official source says whether it is taking applications", N_("no official source says whether it is taking applications")),
    (r"not taking applications now", N_("not taking applications now")),
    (r"finished; will not reopen", N_("finished; will not reopen")),
    (r"did not exist yet on that date", N_("did not exist yet on that date")),
    (r"status: (?P<status>[a-z-]+) \(closed (?P<date>[\d-]+)\)", N_("status: {status} (closed {date})")),
    (r"status: (?P<status>[a-z-]+)", N_("status: {status}")),
    (r"(?P<criterion>[a-z_]+): (?P<phrase>.+) \(you: (?P<phrase2>.+)\)", N_("{criterion}: {phrase} (you: {phrase2})")),
    (r"listed as (?P<fit>yes|maybe)", N_("listed as {fit}")),
    (r"not listed: (?P<phrase>.+)", N_("not listed: {phrase}")),
    # estimate: steps, the rule that set the grant, notes
    (r"Matching (?P<ratio>[\d.:]+) \(government:applicant\): (?P<share>[\d.]+)% of (?P<money>HK\$[\d,]+)", N_("Matching {ratio} (government:applicant): {share}% of {money}")),
    (r"Government share at most (?P<share>[\d.]+)% of (?P<money>HK\$[\d,]+)", N_("Government share at most {share}% of {money}")),
    (r"Project limit: (?P<used>\d+) of (?P<limit>\d+) already used", N_("Project limit: {used} of {limit} already used")),
    (r"Capped at (?P<money>HK\$[\d,]+) per project", N_("Capped at {money} per project")),
    (r"Cumulative cap (?P<money>HK\$[\d,]+) less (?P<money2>HK\$[\d,]+) already received", N_("Cumulative cap {money} less {money2} already received")),
    (r"Grant \(set by (?P<phrase>.+)\)", N_("Grant (set by {phrase})")),
    (r"Applicant's own share", N_("Applicant's own share")),
    (r"matching ratio (?P<ratio>[\d.:]+)", N_("matching ratio {ratio}")),
    (r"the (?P<share>[\d.]+)% cap on the government's share", N_("the {share}% cap on the government's share")),
    (r"the limit of (?P<n>\d+) projects", N_("the limit of {n} projects")),
    (r"the per-project cap", N_("the per-project cap")),
    (r"the cumulative cap", N_("the cumulative cap")),
    (r"at most (?P<n>\d+) projects per applicant; --projects N checks it", N_("at most {n} projects per applicant; --projects N checks it")),
    (r"no cumulative cap is recorded, so --used does not change the sum", N_("no cumulative cap is recorded, so --used does not change the sum")),
    (r"the record's maximum \((?P<money>HK\$[\d,]+), (?P<text>.+)\) is not stated as a per-project or cumulative cap, so it was not applied", N_("the record's maximum ({money}, {text}) is not stated as a per-project or cumulative cap, so it was not applied")),
    (r"no cap is recorded; the grant may be lower in practice", N_("no cap is recorded; the grant may be lower in practice")),
    (r"funding\.matching_ratio or funding\.percent_cap \(the share of cost the scheme pays\)", N_("funding.matching_ratio or funding.percent_cap (the share of cost the scheme pays)")),
    (r"this scheme (?P<phrase>.+)", N_("this scheme {phrase}")),
    (r"pays a monthly allowance per person, not a share of a project's cost", N_("pays a monthly allowance per person, not a share of a project's cost")),
    (r"invests for equity; the amount is negotiated, not computed from cost", N_("invests for equity; the amount is negotiated, not computed from cost")),
    (r"guarantees a bank loan; it pays nothing towards cost", N_("guarantees a bank loan; it pays nothing towards cost")),
    (r"is an award to a person, not a share of a project's cost", N_("is an award to a person, not a share of a project's cost")),
    (r"gives space, services or computing, not cash towards cost", N_("gives space, services or computing, not cash towards cost")),
    (r"is an umbrella for schemes with their own terms: estimate one of its parts", N_("is an umbrella for schemes with their own terms: estimate one of its parts")),
)  # fmt: skip


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern + r"\Z"), template) for pattern, template in PATTERNS)


def phrase(text: str, kind: str | None = None) -> str:
    """An English phrase of the library's in the current language; `kind` says what
    vocabulary a bare list of words in it belongs to (type, stage, sector...)."""
    from itfind import i18n

    if not i18n.chinese() or not text:
        return text
    for pattern, template in _compiled():
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            inner = CRITERION_KINDS.get(groups.get("criterion") or "", kind)
            parts = {name: _part(name, value, inner) for name, value in groups.items()}
            return i18n._(template).format(**parts)
    if kind:
        return _values(text, kind)
    return text


def _part(name: str, value: str, kind: str | None) -> str:
    from itfind import i18n

    if name.startswith("money"):
        amount = float(value.removeprefix("HK$").replace(",", ""))
        return i18n.money_exact(amount)
    if name.startswith("phrase"):
        return phrase(value, kind)
    if name == "values":
        return _values(value, kind)
    if name in ("role", "status", "fit", "criterion"):
        return i18n.word(name, value)
    if name == "member":
        return i18n._(" or ").join(i18n.word("member", m) for m in value.split(" or "))
    if name == "route":
        return i18n._(" or ").join(_routes(value))
    if name == "who":  # an applicant type, or park memberships
        from itfind import vocab

        return _values(value, "type" if value in vocab.APPLICANT_TYPES else "member")
    if name.startswith("date"):
        return i18n.day(value)
    return value


def _values(text: str, kind: str | None) -> str:
    from itfind import i18n

    if text == "none":
        return i18n._("none")
    if kind is None:
        return text
    return i18n._(", ").join(i18n.word(kind, v) for v in text.split(", "))


def _routes(text: str) -> list[str]:
    """Route phrases joined by " or ", each in the reader's language. A route's own
    words may contain " or " ("an R&D centre or public research institute"), so the
    known phrases are matched whole, longest first; what none matches stays as it is."""
    from itfind import i18n
    from itfind.eligibility import ROUTE_WORDS

    known = sorted(ROUTE_WORDS.items(), key=lambda item: -len(item[1]))
    out: list[str] = []
    rest = text
    while rest:
        for route, english in known:
            if rest == english or rest.startswith(f"{english} or "):
                out.append(i18n.word("route", route))
                rest = rest[len(english) + len(" or ") :]
                break
        else:
            out.append(rest)
            break
    return out


# Which vocabulary a criterion's lists of words come from.
CRITERION_KINDS: Mapping[str, str] = {
    "type": "type",
    "stage": "stage",
    "sector": "sector",
    "membership": "member",
    "route": "route",
}


def criterion(c: Mapping[str, Any]) -> tuple[str, str, str]:
    """A criterion (as `criteria[]` holds it) for a person: its name, rule and value."""
    from itfind.i18n import word

    kind = CRITERION_KINDS.get(str(c.get("criterion")))
    return (
        word("criterion", c.get("criterion")),
        phrase(str(c.get("rule") or ""), kind),
        phrase(str(c.get("value") or ""), kind),
    )
