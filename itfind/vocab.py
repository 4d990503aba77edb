"""The fixed vocabularies of a record: applicant types, stages, sectors, statuses, kinds
of funding and park memberships, each value with the meaning `itfind vocab` shows, and
the synonyms users type for them.

Plain data with no third-party imports, so that `--help` and shell completion can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from itfind.text import did_you_mean, quote, split_list

# Each vocabulary maps a value to the meaning shown by `itfind vocab`.
APPLICANT_TYPES: dict[str, str] = {
    "startup": "a young company (also counts as an SME and an enterprise)",
    "sme": "a small or medium enterprise (also counts as an enterprise)",
    "enterprise": "any company, whatever its size",
    "university": "a university or its tech-transfer office",
    "research-institute": "an R&D centre or research institute",
    "researcher": "an individual researcher, academic or graduate",
    "student": "a student or recent graduate applying in person",
    "school": "a primary or secondary school",
    "ngo": "a non-profit or charitable organisation",
    "public-body": "a government department or public body",
    "investor": "a venture capital fund or other investor",
}

# Broader types a type implies: a start-up is an SME is an enterprise, never the reverse.
TYPE_IMPLIES: dict[str, tuple[str, ...]] = {
    "startup": ("startup", "sme", "enterprise"),
    "sme": ("sme", "enterprise"),
}

STAGES: dict[str, str] = {
    "idea": "an idea, no company yet",
    "pre-seed": "a prototype or proof of concept",
    "seed": "first product and first customers",
    "early": "early revenue, raising a first round",
    "growth": "scaling up sales, staff or markets",
    "established": "an established business",
    "any": "(in a scheme) open to every stage",
}

SECTORS: dict[str, str] = {
    "ai-data": "artificial intelligence and data science",
    "life-health": "life and health technology, biotech, medtech",
    "fintech": "financial technology",
    "manufacturing": "manufacturing and production",
    "new-energy": "new energy and clean technology",
    "microelectronics": "microelectronics and semiconductors",
    "smart-city": "smart city, transport and urban technology",
    "digital": "digital technology, software and internet",
    "retail": "retail, food and beverage, trade",
    "tourism": "tourism and hospitality",
    "education": "education and edtech",
    "logistics": "logistics and supply chain",
    "environment": "environment and green technology",
    "creative": "creative industries, design and media",
    "materials": "advanced materials",
    "robotics": "robotics and automation",
    "agri-food": "agriculture, food and aquaculture technology",
    "construction": "construction and property technology",
    "any": "(in a scheme) open to every sector",
}

# Common words users type for a vocabulary value.
SECTOR_ALIASES: dict[str, str] = {
    "ai": "ai-data",
    "data": "ai-data",
    "biotech": "life-health",
    "biomedical": "life-health",
    "healthtech": "life-health",
    "medtech": "life-health",
    "health": "life-health",
    "cleantech": "new-energy",
    "energy": "new-energy",
    "semiconductor": "microelectronics",
    "semiconductors": "microelectronics",
    "chips": "microelectronics",
    "ict": "digital",
    "software": "digital",
    "internet": "digital",
    "web3": "digital",
    "proptech": "construction",
    "edtech": "education",
    "ecommerce": "retail",
    "e-commerce": "retail",
    "f&b": "retail",
    "trade": "retail",
    "greentech": "environment",
    "green": "environment",
    "design": "creative",
    "media": "creative",
    "automation": "robotics",
    "agritech": "agri-food",
    "foodtech": "agri-food",
    "transport": "smart-city",
}
TYPE_ALIASES: dict[str, str] = {
    "start-up": "startup",
    "company": "enterprise",
    "business": "enterprise",
    "corporate": "enterprise",
    "university-startup": "startup",
    "npo": "ngo",
    "charity": "ngo",
    "academic": "researcher",
    "postdoc": "researcher",
    "vc": "investor",
    "government": "public-body",
}
STAGE_ALIASES: dict[str, str] = {
    "preseed": "pre-seed",
    "mature": "established",
    "scale-up": "growth",
}

STATUSES: dict[str, str] = {
    "open": "taking applications now",
    "upcoming": "announced, not yet taking applications",
    "invitation": "by invitation or nomination only",
    "unknown": "no official source says whether it is open",
    "closed": "not taking applications now (may reopen)",
    "ended": "finished or replaced; will not reopen",
    "not-launched": "(as of a past date) the scheme did not exist yet",
}
# Display and sort order: what a user can act on first.
STATUS_ORDER: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}
CLOSED_STATUSES = frozenset({"closed", "ended", "not-launched"})
# Statuses a record may declare (`not-launched` is only ever worked out from dates).
DECLARED_STATUSES = {k: v for k, v in STATUSES.items() if k != "not-launched"}

INTAKES: dict[str, str] = {
    "rolling": "applications all year",
    "rounds": "calls with deadlines",
    "invitation": "by invitation",
}

FUNDING_KINDS: dict[str, str] = {
    "grant": "money that need not be repaid",
    "investment": "equity or co-investment",
    "allowance": "a monthly allowance for staff or trainees",
    "subsidy": "a share of approved costs paid back",
    "rebate": "cash back on money spent",
    "loan-guarantee": "a government-backed guarantee on a loan",
    "scholarship": "a scholarship or award to a person",
    "in-kind": "space, services, mentoring or computing rather than cash",
    "programme": "an umbrella for several schemes (see its parts)",
}

MEMBERSHIPS: dict[str, str] = {
    "cyberport": "Cyberport incubatee, graduate or tenant",
    "hkstp": "HKSTP incubatee, graduate or tenant",
}

# How someone other than the lead applicant takes part in a scheme.
ROLES: dict[str, str] = {
    "co-applicant": "applies jointly with the lead applicant",
    "partner": "works on the project with the lead applicant",
    "sponsor": "puts in money or kind, e.g. industry sponsorship",
    "beneficiary": "benefits (is hired, trained, funded through the applicant)",
    "host": "hosts people the scheme places, e.g. interns",
}

# Narrower sectors within broader ones, as applicant types: a fintech company is a
# digital-technology company, so it matches a scheme open to `digital`; a scheme for
# fintech is not open to every digital company.
SECTOR_PARENT: dict[str, str] = {
    "fintech": "digital",
    "ai-data": "digital",
    "smart-city": "digital",
    "robotics": "manufacturing",
    "materials": "manufacturing",
    "microelectronics": "manufacturing",
    "new-energy": "environment",
}


def sector_and_broader(sector: str) -> tuple[str, ...]:
    """A sector and every sector it is within: fintech -> (fintech, digital)."""
    out = [sector]
    while out[-1] in SECTOR_PARENT:
        out.append(SECTOR_PARENT[out[-1]])
    return tuple(out)


# How an applicant must come to a scheme, when the record says it cannot apply alone.
ROUTES: dict[str, str] = {
    "university": "backed, nominated or hosted by a university (its start-up, staff or student)",
    "research-institute": "with an ITF R&D centre or a designated public research institute",
    "itf-project": "building on a completed ITF-funded R&D project",
    "park": "as a Cyberport or HKSTP incubatee, graduate or tenant",
    "financial-institution": "with a regulated financial institution as partner",
    "fund-manager": "as a venture fund or fund manager the scheme selects",
}
ROUTE_ALIASES: dict[str, str] = {
    "uni": "university",
    "spin-off": "university",
    "spinoff": "university",
    "rdc": "research-institute",
    "r&d-centre": "research-institute",
    "bank": "financial-institution",
    "vc": "fund-manager",
    "incubatee": "park",
}
# Applicant types that are a route themselves: a university applying comes through one
# (and is a designated public research institute too).
TYPE_ROUTES: dict[str, tuple[str, ...]] = {
    "university": ("university", "research-institute"),
    "research-institute": ("research-institute",),
    "investor": ("fund-manager",),
}

# What a scheme's headline amount is counted in. Amounts are compared only within one.
PER: dict[str, str] = {
    "project": "per project",
    "applicant": "per applicant, over all its projects",
    "year": "per applicant a year",
    "hire": "per person hired, in all",
    "month-per-person": "a month for each person supported",
    "person": "per person: an award, a place or a professorship",
    "prize": "a prize per winning entry",
    "investment": "equity invested in one company",
    "fund": "committed to one fund (for investors)",
    "loan-facility": "the largest loan the guarantee covers",
    "in-kind": "services, space or computing, not cash",
}

# Lookups for `itfind vocab` and the command-line validators.
VOCABULARIES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "type": (APPLICANT_TYPES, TYPE_ALIASES),
    "stage": (STAGES, STAGE_ALIASES),
    "sector": (SECTORS, SECTOR_ALIASES),
    "status": (STATUSES, {}),
    "kind": (FUNDING_KINDS, {}),
    "member": (MEMBERSHIPS, {}),
    "route": (ROUTES, ROUTE_ALIASES),
    "per": (PER, {}),
    "role": (ROLES, {}),
}


# Every vocabulary a record field may use, by the name the schema gives it.
RECORD_VOCABULARIES: dict[str, dict[str, str]] = {
    **{name: values for name, (values, _) in VOCABULARIES.items()},
    "status": DECLARED_STATUSES,
    "intake": INTAKES,
}


def allowed(kind: str) -> list[str]:
    """The values a user may give for a vocabulary (`any` belongs to records only)."""
    return [v for v in VOCABULARIES[kind][0] if v != "any"]


def normalise(kind: str, items: Iterable[str]) -> list[str]:
    """Check user-given vocabulary values, accepting synonyms and commas.

    Raises ValueError with the allowed values and a did-you-mean for an unknown one.
    """
    _, aliases = VOCABULARIES[kind]
    values = allowed(kind)
    out: list[str] = []
    for part in split_list(str(item) for item in items):
        word = aliases.get(part.lower(), part.lower())
        if word not in values:
            close = did_you_mean(word, [*values, *aliases])
            from itfind import i18n

            message = (
                i18n._("{value} is not a known {kind}. Did you mean '{close}'? Allowed: {allowed}.")
                if close
                else i18n._("{value} is not a known {kind}. Allowed: {allowed}.")
            )
            raise ValueError(
                message.format(
                    value=quote(part),
                    kind=i18n.word("field", kind),
                    close=aliases.get(close, close) if close else "",
                    allowed=", ".join(values),
                )
            )
        if word not in out:
            out.append(word)
    return out
