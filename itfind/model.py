"""The scheme record: typed values, fixed vocabularies and the effective status.

Everything here is plain data with no third-party imports, so that `itfind --version`
and shell completion can use it without paying for yaml, rapidfuzz or rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

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
}
# Display and sort order: what a user can act on first.
STATUS_ORDER: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}
CLOSED_STATUSES = frozenset({"closed", "ended"})

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
}

MEMBERSHIPS: dict[str, str] = {
    "cyberport": "Cyberport incubatee, graduate or tenant",
    "hkstp": "HKSTP incubatee, graduate or tenant",
}

# Lookups for `itfind vocab` and the command-line validators.
VOCABULARIES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "type": (APPLICANT_TYPES, TYPE_ALIASES),
    "stage": (STAGES, STAGE_ALIASES),
    "sector": (SECTORS, SECTOR_ALIASES),
    "status": (STATUSES, {}),
    "kind": (FUNDING_KINDS, {}),
    "member": (MEMBERSHIPS, {}),
}


def normalise(kind: str, items: list[str] | tuple[str, ...]) -> list[str]:
    """Check user-given vocabulary values, accepting synonyms and commas.

    Raises ValueError with the allowed values and a did-you-mean for an unknown one.
    """
    import difflib

    values, aliases = VOCABULARIES[kind]
    allowed = [v for v in values if v != "any"]
    out: list[str] = []
    for part in (p.strip() for item in items for p in str(item).split(",")):
        if not part:
            continue
        word = aliases.get(part.lower(), part.lower())
        if word not in allowed:
            close = difflib.get_close_matches(word, allowed + list(aliases), n=1)
            hint = f" Did you mean '{aliases.get(close[0], close[0])}'?" if close else ""
            raise ValueError(
                f"{part!r} is not a known {kind}.{hint} Allowed: {', '.join(allowed)}."
            )
        if word not in out:
            out.append(word)
    return out


class Source(NamedTuple):
    url: str
    title: str | None = None
    dated: dt.date | None = None


class Change(NamedTuple):
    date: str | None  # ISO date, or "YYYY-MM" / "YYYY" when no source gives the day
    change: str


class Funding(NamedTuple):
    kind: str | None = None
    max_hkd: float | None = None
    basis: str | None = None
    matching_ratio: str | None = None  # "government:applicant", e.g. "3:1"
    percent_cap: float | None = None  # government share capped at this % of cost
    per_project_max_hkd: float | None = None
    cumulative_max_hkd: float | None = None
    max_projects: int | None = None
    duration_months: float | None = None
    notes: str | None = None


class Eligibility(NamedTuple):
    text: str | None = None
    hk_registered: bool | None = None  # True: must be registered in Hong Kong
    listed: bool | None = None  # False: must not be listed; True: must be listed
    max_employees: int | None = None
    min_age_years: float | None = None
    max_age_years: float | None = None
    membership: tuple[str, ...] = ()  # any one of these is required
    via: str | None = None  # applies through a university, public body, ...


class Rules(NamedTuple):
    """The checkable part of `Eligibility`: what the matcher needs, kept small."""

    hk_registered: bool | None = None
    listed: bool | None = None
    max_employees: int | None = None
    min_age_years: float | None = None
    max_age_years: float | None = None
    membership: tuple[str, ...] = ()

    @classmethod
    def of(cls, e: Eligibility) -> Rules:
        return cls(
            e.hk_registered,
            e.listed,
            e.max_employees,
            e.min_age_years,
            e.max_age_years,
            e.membership,
        )


# Fields every Scheme holds from the start: enough to filter, sort, search and print the
# default columns. The rest (long texts, sources, history) can be loaded on first use,
# which keeps a 100,000-record catalogue quick to open from the cache.
EAGER_FIELDS = (
    "id",
    "name",
    "acronym",
    "name_zh",
    "aliases",
    "applicant_types",
    "stages",
    "sectors",
    "status",
    "intake",
    "opens",
    "closes",
    "last_verified",
    "max_hkd",
    "kind",
    "rules",
)
LAZY_FIELDS = (
    "administrator",
    "summary",
    "url",
    "keywords",
    "funding",
    "eligibility",
    "history",
    "sources",
    "unconfirmed",
)


class Scheme:
    """One funding scheme. Treat it as immutable.

    Built whole from a parsed catalogue, or from a cache row with `load` standing in for
    the lazy fields: the first access to any of them reads the full record once.
    """

    __slots__ = (*EAGER_FIELDS, *LAZY_FIELDS, "origin", "search", "_load")

    def __init__(
        self,
        id: str,
        name: str,
        acronym: str | None = None,
        name_zh: str | None = None,
        aliases: tuple[str, ...] = (),
        administrator: str | None = None,
        summary: str | None = None,
        url: str | None = None,
        keywords: tuple[str, ...] = (),
        applicant_types: tuple[str, ...] = (),
        stages: tuple[str, ...] = ("any",),
        sectors: tuple[str, ...] = ("any",),
        status: str = "unknown",
        intake: str | None = None,
        opens: dt.date | None = None,
        closes: dt.date | None = None,
        funding: Funding | None = None,
        eligibility: Eligibility | None = None,
        history: tuple[Change, ...] = (),
        sources: tuple[Source, ...] = (),
        last_verified: dt.date | None = None,
        unconfirmed: tuple[str, ...] = (),
        origin: str | None = None,
        search: tuple[str, ...] | None = None,
    ) -> None:
        funding = funding or Funding()
        eligibility = eligibility or Eligibility()
        self.id, self.name, self.acronym, self.name_zh = id, name, acronym, name_zh
        self.aliases, self.applicant_types = aliases, applicant_types
        self.stages, self.sectors, self.status, self.intake = stages, sectors, status, intake
        self.opens, self.closes, self.last_verified = opens, closes, last_verified
        self.max_hkd, self.kind, self.rules = funding.max_hkd, funding.kind, Rules.of(eligibility)
        self.administrator, self.summary, self.url, self.keywords = (
            administrator,
            summary,
            url,
            keywords,
        )
        self.funding, self.eligibility = funding, eligibility
        self.history, self.sources, self.unconfirmed = history, sources, unconfirmed
        self.origin, self.search, self._load = origin, search, None

    @classmethod
    def lazy(
        cls,
        id: str,
        name: str,
        acronym: str | None,
        name_zh: str | None,
        aliases: tuple[str, ...],
        applicant_types: tuple[str, ...],
        stages: tuple[str, ...],
        sectors: tuple[str, ...],
        status: str,
        intake: str | None,
        opens: dt.date | None,
        closes: dt.date | None,
        last_verified: dt.date | None,
        max_hkd: float | None,
        kind: str | None,
        rules: Rules,
        load: Any,
        origin: str | None,
        search: tuple[str, ...] | None,
    ) -> Scheme:
        """A scheme with only EAGER_FIELDS set; `load()` returns the full Scheme on the
        first use of any other field."""
        self = cls.__new__(cls)
        self.id, self.name, self.acronym, self.name_zh = id, name, acronym, name_zh
        self.aliases, self.applicant_types = aliases, applicant_types
        self.stages, self.sectors, self.status, self.intake = stages, sectors, status, intake
        self.opens, self.closes, self.last_verified = opens, closes, last_verified
        self.max_hkd, self.kind, self.rules = max_hkd, kind, rules
        self.origin, self.search, self._load = origin, search, load
        return self

    def __getattr__(self, name: str) -> Any:
        # Called only for a slot not yet set: a lazy field of a scheme built from cache.
        load = object.__getattribute__(self, "_load") if name in LAZY_FIELDS else None
        if load is None:
            raise AttributeError(name)
        full = load()
        for field_name in LAZY_FIELDS:
            setattr(self, field_name, getattr(full, field_name))
        self._load = None
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"Scheme(id={self.id!r}, name={self.name!r})"

    def effective_status(self, as_of: dt.date) -> str:
        return effective_status(self.status, self.opens, self.closes, as_of)


def effective_status(
    status: str, opens: dt.date | None, closes: dt.date | None, as_of: dt.date
) -> str:
    """The status as of a date: the record's dates win over its declared status.

    A window that has closed makes a scheme `closed`, one that has not opened makes it
    `upcoming`, and a window we are inside makes it `open`. `ended` is final.
    """
    if status == "ended":
        return "ended"
    if closes is not None and as_of > closes:
        return "closed"
    if opens is not None and as_of < opens:
        return "upcoming"
    if status == "invitation":
        return status
    if opens is not None and closes is not None:
        return "open"  # inside a window both of whose ends are known
    if status == "upcoming" and opens is not None:
        return "open"  # the announced opening date has come
    return status


class Catalogue(NamedTuple):
    schemes: tuple[Scheme, ...]
    as_of: dt.date | None
    files: tuple[str, ...]

    def by_id(self) -> dict[str, Scheme]:
        return {s.id: s for s in self.schemes}


def parse_ratio(ratio: str | None) -> tuple[float, float] | None:
    """`"3:1"` -> (3.0, 1.0); None or a malformed ratio -> None."""
    if not ratio or ratio.count(":") != 1:
        return None
    left, right = ratio.split(":")
    try:
        gov, own = float(left), float(right)
    except ValueError:
        return None
    if gov < 0 or own < 0 or gov + own == 0:
        return None
    return gov, own


def scheme_to_dict(scheme: Scheme, as_of: dt.date) -> dict[str, Any]:
    """The JSON contract of one record: every key always present, null when unknown."""
    f, e = scheme.funding, scheme.eligibility
    return {
        "id": scheme.id,
        "acronym": scheme.acronym,
        "name": scheme.name,
        "name_zh": scheme.name_zh,
        "aliases": list(scheme.aliases),
        "administrator": scheme.administrator,
        "summary": scheme.summary,
        "url": scheme.url,
        "keywords": list(scheme.keywords),
        "applicant_types": list(scheme.applicant_types),
        "stages": list(scheme.stages),
        "sectors": list(scheme.sectors),
        "status": scheme.effective_status(as_of),
        "declared_status": scheme.status,
        "intake": scheme.intake,
        "opens": _iso(scheme.opens),
        "closes": _iso(scheme.closes),
        "funding": {
            "kind": f.kind,
            "max_hkd": _number(f.max_hkd),
            "basis": f.basis,
            "matching_ratio": f.matching_ratio,
            "percent_cap": _number(f.percent_cap),
            "per_project_max_hkd": _number(f.per_project_max_hkd),
            "cumulative_max_hkd": _number(f.cumulative_max_hkd),
            "max_projects": f.max_projects,
            "duration_months": _number(f.duration_months),
            "notes": f.notes,
        },
        "eligibility": {
            "text": e.text,
            "hk_registered": e.hk_registered,
            "listed": e.listed,
            "max_employees": e.max_employees,
            "min_age_years": _number(e.min_age_years),
            "max_age_years": _number(e.max_age_years),
            "membership": list(e.membership),
            "via": e.via,
        },
        "history": [{"date": c.date, "change": c.change} for c in scheme.history],
        "sources": [
            {"url": s.url, "title": s.title, "dated": _iso(s.dated)} for s in scheme.sources
        ],
        "last_verified": _iso(scheme.last_verified),
        "unconfirmed": list(scheme.unconfirmed),
    }


def scheme_to_light_dict(scheme: Scheme, as_of: dt.date) -> dict[str, Any]:
    """Only the eager fields, for output that needs no more (tsv/csv/table defaults):
    printing 100,000 ids and names must not read 100,000 full records."""
    return {
        "id": scheme.id,
        "acronym": scheme.acronym,
        "name": scheme.name,
        "name_zh": scheme.name_zh,
        "aliases": list(scheme.aliases),
        "applicant_types": list(scheme.applicant_types),
        "stages": list(scheme.stages),
        "sectors": list(scheme.sectors),
        "status": scheme.effective_status(as_of),
        "declared_status": scheme.status,
        "intake": scheme.intake,
        "opens": _iso(scheme.opens),
        "closes": _iso(scheme.closes),
        "funding": {"max_hkd": _number(scheme.max_hkd), "kind": scheme.kind},
        "last_verified": _iso(scheme.last_verified),
    }


LIGHT_KEYS = frozenset(
    (
        "id",
        "acronym",
        "name",
        "name_zh",
        "aliases",
        "applicant_types",
        "stages",
        "sectors",
        "status",
        "declared_status",
        "intake",
        "opens",
        "closes",
        "last_verified",
        "max_hkd",
        "funding.max_hkd",
        "kind",
        "funding.kind",
    )
)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float | None) -> float | int | None:
    """Whole amounts as integers so JSON reads 600000, not 600000.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
