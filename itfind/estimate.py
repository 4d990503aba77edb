"""What a scheme's matching ratio and caps mean in dollars for one project.

The arithmetic is shown step by step, and a scheme whose record lacks what the sum needs
says exactly what is missing instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itfind import model
from itfind.schema import whole

# Kinds where "how much of my project cost is paid" is the wrong question.
NOT_COST_SHARED = {
    "allowance": "pays a monthly allowance per person, not a share of a project's cost",
    "investment": "invests for equity; the amount is negotiated, not computed from cost",
    "loan-guarantee": "guarantees a bank loan; it pays nothing towards cost",
    "scholarship": "is an award to a person, not a share of a project's cost",
    "in-kind": "gives space, services or computing, not cash towards cost",
    "programme": "is an umbrella for schemes with their own terms: estimate one of its parts",
}


@dataclass(frozen=True, slots=True)
class Step:
    step: str
    amount_hkd: float | None


@dataclass(slots=True)
class Estimate:
    scheme: model.Scheme
    cost_hkd: float
    used_hkd: float
    projects_used: int | None
    grant_hkd: float | None = None
    applicant_share_hkd: float | None = None
    cumulative_headroom_hkd: float | None = None  # left under the cumulative cap afterwards
    binding: str | None = None  # the rule that set the grant
    not_applicable: str | None = None  # why a cost-share sum means nothing for this scheme
    steps: list[Step] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def to_dict(self, as_of: Any) -> dict[str, Any]:
        """The estimate as `itfind estimate --format json` gives it (README, "estimate")."""

        return {
            "id": self.scheme.id,
            "name": self.scheme.name,
            "status": self.scheme.effective_status(as_of),
            "cost_hkd": money(self.cost_hkd),
            "used_hkd": money(self.used_hkd),
            "projects_used": self.projects_used,
            "grant_hkd": money(self.grant_hkd),
            "applicant_share_hkd": money(self.applicant_share_hkd),
            "cumulative_headroom_hkd": money(self.cumulative_headroom_hkd),
            "binding": self.binding,
            "matching_ratio": self.scheme.funding.matching_ratio,
            "steps": [{"step": s.step, "amount_hkd": money(s.amount_hkd)} for s in self.steps],
            "not_applicable": self.not_applicable,
            "missing": list(self.missing),
            "caveats": list(self.caveats),
        }


def money(value: float | None) -> float | int | None:
    """An amount for machines: to the cent, whole dollars as integers (2/3 of a cost
    is 1333333.33, and float noise such as 665999.9999999999 reads 666000)."""
    return whole(round(value, 2)) if value is not None else None


def _hkd(value: float) -> str:
    return f"HK${value:,.0f}"


def estimate(
    scheme: model.Scheme, cost_hkd: float, used_hkd: float = 0.0, projects_used: int | None = None
) -> Estimate:
    """The grant for a project of `cost_hkd`, given what was already received."""
    f = scheme.funding
    result = Estimate(scheme, cost_hkd, used_hkd, projects_used)
    if f.kind in NOT_COST_SHARED:
        result.not_applicable = f"this scheme {NOT_COST_SHARED[f.kind]}"
        return result

    ratio = model.parse_ratio(f.matching_ratio)
    shares: list[tuple[float, str]] = []
    percent: float | None = None  # the ratio as the government's percentage
    if ratio:
        gov, own = ratio
        share = cost_hkd * gov / (gov + own)
        percent = 100 * gov / (gov + own)
        shares.append((share, f"matching ratio {f.matching_ratio}"))
        result.steps.append(
            Step(
                f"Matching {f.matching_ratio} (government:applicant): {percent:.4g}% of "
                f"{_hkd(cost_hkd)}",
                share,
            )
        )
    # A percentage that restates the ratio, rounded (1:2 written as 33.3%), is not a
    # second, tighter cap: the ratio is exact, and the rounded figure would shave
    # HK$200,000 off a HK$600M project's one-third.
    restated = (
        percent is not None and f.percent_cap is not None and abs(f.percent_cap - percent) < 1
    )
    if f.percent_cap is not None and not restated:
        share = cost_hkd * f.percent_cap / 100
        shares.append((share, f"the {f.percent_cap:g}% cap on the government's share"))
        result.steps.append(
            Step(f"Government share at most {f.percent_cap:g}% of {_hkd(cost_hkd)}", share)
        )
    if not shares:
        result.missing.append(
            "funding.matching_ratio or funding.percent_cap (the share of cost the scheme pays)"
        )
        return result
    grant, binding = min(shares)

    if f.max_projects is not None and projects_used is not None:
        if projects_used >= f.max_projects:
            result.steps.append(
                Step(f"Project limit: {projects_used} of {f.max_projects} already used", 0)
            )
            grant, binding = 0.0, f"the limit of {f.max_projects} projects"
    elif f.max_projects is not None:
        result.caveats.append(
            f"at most {f.max_projects} projects per applicant; --projects N checks it"
        )

    if f.per_project_max_hkd is not None and grant > f.per_project_max_hkd:
        grant, binding = f.per_project_max_hkd, "the per-project cap"
        result.steps.append(Step(f"Capped at {_hkd(f.per_project_max_hkd)} per project", grant))

    if f.cumulative_max_hkd is not None:
        headroom = max(f.cumulative_max_hkd - used_hkd, 0.0)
        result.steps.append(
            Step(
                f"Cumulative cap {_hkd(f.cumulative_max_hkd)} less {_hkd(used_hkd)} already "
                "received",
                headroom,
            )
        )
        if grant > headroom:
            grant, binding = headroom, "the cumulative cap"
        result.cumulative_headroom_hkd = headroom - grant
    elif used_hkd:
        result.caveats.append("no cumulative cap is recorded, so --used does not change the sum")

    if f.per_project_max_hkd is None and f.cumulative_max_hkd is None:
        if f.max_hkd is not None:
            result.caveats.append(
                f"the record's maximum ({_hkd(f.max_hkd)}, {f.basis or 'basis unknown'}) is "
                "not stated as a per-project or cumulative cap, so it was not applied"
            )
        else:
            result.caveats.append("no cap is recorded; the grant may be lower in practice")

    result.grant_hkd = grant
    result.applicant_share_hkd = cost_hkd - grant
    result.binding = binding
    result.steps.append(Step(f"Grant (set by {binding})", grant))
    result.steps.append(Step("Applicant's own share", cost_hkd - grant))
    return result
