"""itfind: find Hong Kong innovation-and-technology funding schemes.

The public API (see README, "Python API"):

    import itfind

    catalogue = itfind.load_catalogue()
    selection = catalogue.eligible(type="startup", sector="fintech", employees=8)
    for match in selection.matches:
        print(match.id, match.fit, match.why)

Names are imported on first use, so that `itfind --version` and shell completion, which
import this package, stay as quick as Python's own start-up.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import`: this module must import nothing

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "load_catalogue": "itfind.api",
    "Catalogue": "itfind.api",
    "Scheme": "itfind.model",
    "Funding": "itfind.model",
    "Eligibility": "itfind.model",
    "Source": "itfind.model",
    "Change": "itfind.model",
    "Entry": "itfind.model",
    "Item": "itfind.catalogue.results",
    "Applicant": "itfind.eligibility",
    "Criterion": "itfind.eligibility",
    "Match": "itfind.eligibility",
    "Selection": "itfind.eligibility",
    "FACTS": "itfind.eligibility",
    "Hit": "itfind.search",
    "Estimate": "itfind.estimate",
    "Deadlines": "itfind.deadlines",
    "Event": "itfind.deadlines",
    "Profile": "itfind.profile",
    "load_profile": "itfind.profile",
    "ItfindError": "itfind.errors",
    "CatalogueError": "itfind.errors",
    "UnknownScheme": "itfind.errors",
    "UsageError": "itfind.errors",
    "Problem": "itfind.errors",
    "ProfileError": "itfind.profile",
}

__all__ = [
    "__version__",
    "load_catalogue",
    "Catalogue",
    "Scheme",
    "Funding",
    "Eligibility",
    "Source",
    "Change",
    "Entry",
    "Item",
    "Applicant",
    "Criterion",
    "Match",
    "Selection",
    "FACTS",
    "Hit",
    "Estimate",
    "Deadlines",
    "Event",
    "Profile",
    "load_profile",
    "ItfindError",
    "CatalogueError",
    "UnknownScheme",
    "UsageError",
    "Problem",
    "ProfileError",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'itfind' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and editors; at run time the names load lazily
    from itfind.api import Catalogue, load_catalogue
    from itfind.catalogue.results import Item
    from itfind.deadlines import Deadlines, Event
    from itfind.eligibility import FACTS, Applicant, Criterion, Match, Selection
    from itfind.errors import CatalogueError, ItfindError, Problem, UnknownScheme, UsageError
    from itfind.estimate import Estimate
    from itfind.model import Change, Eligibility, Entry, Funding, Scheme, Source
    from itfind.profile import Profile, ProfileError, load_profile
    from itfind.search import Hit
