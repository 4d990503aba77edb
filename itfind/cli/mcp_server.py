"""`itfind mcp`: a Model Context Protocol server over stdio, for AI assistants.

A thin layer over the public Python API (`itfind.api.Catalogue`): each tool asks the
catalogue the question the matching CLI command asks and returns what that command's
`--format json` prints, as `results`, with `schemes` (each scheme's url, apply_url,
sources, last_verified and effective status, to cite) and the dates the answer is for.
Bad arguments come back as tool errors with the CLI's messages; a catalogue that cannot
be read is an error result, and the server keeps serving.

Needs the optional extra: pip install 'itfind[mcp]'. Imported only by `itfind mcp`; an
interface like the command line, so it lives beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from pydantic import Field

from itfind import __version__, vocab
from itfind.catalogue.results import SORTS
from itfind.errors import ItfindError, UnknownScheme


def _words(kind: str, *more: str) -> Any:
    """A vocabulary argument: an enum in the tool's JSON schema, but checked by the
    matcher, so that a wrong word gets the command line's message (did-you-mean and the
    allowed values) rather than the schema validator's, and synonyms work as there."""
    return Annotated[str, Field(json_schema_extra={"enum": [*vocab.allowed(kind), *more]})]


TypeWord = _words("type")
StageWord = _words("stage")
SectorWord = _words("sector")
MemberWord = _words("member", "none")
RouteWord = _words("route", "none")
SortWord = Literal[SORTS]  # type: ignore[valid-type]

INSTRUCTIONS = """\
itfind answers questions about Hong Kong innovation-and-technology funding schemes from
a catalogue in which every fact comes from an official page, listed with the date it was
checked. When you answer from these tools:
- cite each scheme's official page (`url`) and, for facts, its `sources`;
- say "unknown" where a result says unknown or null: unknown is not no;
- never present a closed or ended scheme as open: the `status` given is the effective
  status on `as_of`;
- say when the record was last verified (`last_verified`), and tell the user to check
  the official page (and `apply_url`) before applying.
A `maybe` fit means some rule depends on a fact the user did not give: ask for it.
`exact: false` (get_scheme) and `strong: false` (search_schemes) mean the answer is the
closest match, not the scheme or need named: say so."""

# Results an assistant can use: a whole 10,000-record answer would not fit its context.
MAX_LIMIT = 200
Fields = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=100)]] | None,
    Field(
        max_length=60,
        description="Only these fields of each result, as the command line's --fields "
        "(e.g. id, name, status, fit, why, max_hkd, closes, url): a full record is several "
        "KB. The citations in `schemes` come whatever the fields.",
    ),
]

CITE = (
    " Results carry each scheme's url, apply_url, sources, last_verified and effective "
    "status: cite them, say unknown where the data says unknown, and send the user to the "
    "official page before applying."
)


class Server:
    """The catalogue a server answers from, reloaded when its files change."""

    def __init__(self, run: Any) -> None:
        self.run = run
        self._catalogue: Any = None
        self._stamp: tuple | None = None

    def catalogue(self) -> Any:
        """The catalogue as of the day asked for, or today: an assistant may keep a
        server running past midnight, and a window that closed must show closed."""
        from itfind.api import catalogue_stamp, load_catalogue

        day = self.run.as_of if self.run.as_of_given else dt.date.today()
        stamp = catalogue_stamp(self.run.catalogue_paths)
        if self._catalogue is None or stamp != self._stamp:
            self._catalogue = load_catalogue(self.run.catalogue_paths, as_of=day)
            self._stamp = stamp
        elif self._catalogue.as_of != day:
            self._catalogue = self._catalogue.at(day)
        return self._catalogue

    def answer(
        self, catalogue: Any, results: list[dict], fields: list[str] | None = None
    ) -> dict[str, Any]:
        """`results` as the CLI's JSON gives them (with `--fields`, when given), with
        the facts to cite, from the catalogue the tool asked (a file may change between
        two calls)."""
        from itfind import render
        from itfind.cli.context import simplified

        schemes = {}
        for scheme_id in dict.fromkeys(r["id"] for r in results):
            record = catalogue.item(scheme_id).to_dict()
            schemes[scheme_id] = {key: record[key] for key in CITED}
        if self.run.lang == "zh-hans":  # as in the CLI's JSON: the Chinese fields only
            results = [simplified(r) for r in results]
            schemes = {key: simplified(facts) for key, facts in schemes.items()}
        if fields:
            chosen = render.resolve_fields(",".join(fields), results, ())
            results = [render.project(r, chosen) for r in results]
        return {
            "as_of": catalogue.as_of.isoformat(),
            "catalogue_date": _iso(catalogue.catalogue_date),
            "results": results,
            "schemes": schemes,
        }


# What an answer must cite for each scheme in it.
CITED = ("name", "name_zh", "status", "url", "apply_url", "sources", "last_verified")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _tool(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Expected failures become tool errors with the CLI's message and hint."""
    import functools

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return func(*args, **kwargs)
        except ItfindError as error:
            raise ToolError(_message(error)) from None
        except ValueError as error:  # a fact the matcher refuses, with the allowed values
            raise ToolError(str(error)) from None

    return call


def _resource(func: Callable[..., str]) -> Callable[..., str]:
    """Expected failures become resource errors with the CLI's message: an unknown id is
    "not found"; neither is logged with a traceback as the SDK logs a crash."""
    import functools

    @functools.wraps(func)
    def read(*args: Any, **kwargs: Any) -> str:
        try:
            return func(*args, **kwargs)
        except UnknownScheme as error:
            raise ResourceNotFoundError(_message(error)) from None
        except ItfindError as error:
            raise ResourceError(_message(error)) from None

    return read


def _message(error: ItfindError) -> str:
    """An error as the CLI prints it: each problem, the message, the hint."""
    lines = [str(p) for p in getattr(error, "problems", None) or ()]
    return "\n".join([*lines, error.message, *([error.hint] if error.hint else [])])


def build(run: Any) -> MCPServer:
    """The MCP server for a CLI run's configuration (catalogues, as-of date, profile,
    language)."""
    from itfind import Applicant
    from itfind.search import MIN_SCORE

    server = Server(run)
    mcp = MCPServer(
        "itfind",
        version=__version__,
        instructions=INSTRUCTIONS,
        log_level="WARNING",
    )

    def applicant(arguments: dict[str, Any]) -> Applicant:
        """The user's profile (if any) with the facts among a tool's arguments over it,
        as the CLI does."""
        from itfind.eligibility import FACTS

        facts = {fact.name: arguments.get(fact.name) for fact in FACTS}
        if arguments.get("sectors"):  # the tools take a list of sectors
            facts["sector"] = arguments["sectors"]
        given = Applicant.from_facts(facts)  # a fact left None is not given
        profile = run.profile
        return profile.applicant.combine(given) if profile else given

    @mcp.tool(
        description="Find Hong Kong I&T funding schemes by name, acronym, Chinese name "
        "(either script), former name or need (e.g. 'hire postdoc researchers'). Closed "
        "schemes are included and marked by status; facts given leave out schemes they "
        "rule out. strong false means nothing matched well and the results only share "
        "some of the words: say so." + CITE
    )
    @_tool
    def search_schemes(
        query: Annotated[str, Field(min_length=1, max_length=500)],
        type: TypeWord | None = None,  # noqa: A002 - the vocabulary's own name
        stage: StageWord | None = None,
        sector: SectorWord | None = None,
        limit: Annotated[int, Field(ge=1, le=100)] = 10,
        fields: Fields = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        who = applicant(locals())
        hits = catalogue.search(query, limit=limit, applicant=who)
        answer = server.answer(catalogue, [h.to_dict() for h in hits], fields)
        # As the CLI says on stderr: when nothing matches well, the best partial matches
        # are given rather than nothing, and the assistant must not present them as hits.
        answer["strong"] = any(h.score >= MIN_SCORE for h in hits)
        return answer

    @mcp.tool(
        description="List the schemes an applicant can apply for now, best fit first, each "
        "with its fit (yes, or maybe when a rule depends on a fact not given) and every "
        "criterion as pass, fail or unknown. Closed and ended schemes are left out unless "
        "include_closed. With cost_hkd, each match carries the grant a project of that cost "
        "would get and the applicant's own share; sort=amount puts the largest first. "
        "Gives the first `limit` matches; `total` says how many fit. Ask for `fields` to "
        "list more schemes in less space." + CITE
    )
    @_tool
    def check_eligibility(
        type: TypeWord,  # noqa: A002
        stage: StageWord | None = None,
        sectors: list[SectorWord] | None = None,
        employees: Annotated[int, Field(ge=0, le=10_000_000)] | None = None,
        age_years: Annotated[float, Field(ge=0, le=200)] | None = None,
        listed: bool | None = None,
        hk_registered: bool | None = None,
        member: MemberWord | None = None,
        route: RouteWord | None = None,
        include_closed: bool = False,
        include_partners: bool = False,
        cost_hkd: Annotated[float, Field(ge=0, le=100_000_000_000)] | None = None,
        sort: SortWord = "fit",
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 10,
        fields: Fields = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        who = applicant(locals())
        selection = catalogue.eligible(
            who,
            include_closed=include_closed,
            include_partners=include_partners,
            cost_hkd=cost_hkd,
        )
        from itfind.catalogue.results import sort_items

        matches = sort_items(selection.matches, sort)
        answer = server.answer(catalogue, [m.to_dict() for m in matches[:limit]], fields)
        answer["total"] = len(matches)
        answer["hidden_closed"] = selection.hidden_closed
        answer["not_fitting"] = selection.not_fitting
        return answer

    @mcp.tool(
        description="Explain, rule by rule, why one scheme does or does not fit an "
        "applicant: each criterion as pass, fail or unknown, and the reason it is left "
        "out (a failed rule, or its status)." + CITE
    )
    @_tool
    def why_not(
        id: str,  # noqa: A002
        type: TypeWord | None = None,  # noqa: A002
        stage: StageWord | None = None,
        sectors: list[SectorWord] | None = None,
        employees: Annotated[int, Field(ge=0, le=10_000_000)] | None = None,
        age_years: Annotated[float, Field(ge=0, le=200)] | None = None,
        listed: bool | None = None,
        hk_registered: bool | None = None,
        member: MemberWord | None = None,
        route: RouteWord | None = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        who = applicant(locals())
        return server.answer(catalogue, [catalogue.why_not(id, who).to_dict()])

    @mcp.tool(
        description="Everything the catalogue knows about one scheme (id, acronym, alias, "
        "former name or Chinese name): who can apply, funding, dates, how to apply, "
        "enquiries, history, sources and facts no official source confirmed. A name that "
        "is no scheme's own gets the clear best match, with exact false: say so." + CITE
    )
    @_tool
    def get_scheme(
        id_or_name: Annotated[str, Field(min_length=1, max_length=500)],
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        item, guessed = catalogue.find(id_or_name)
        answer = server.answer(catalogue, [item.to_dict()])
        # As the CLI says on stderr: a name that is no scheme's own gets the clear best
        # match, and the assistant must not present it as the one asked for.
        answer["exact"] = not guessed
        return answer

    @mcp.tool(
        description="Work out the grant for a project of a given cost under one scheme: "
        "the government's share under its matching ratio or percentage cap, its caps, and "
        "the applicant's own share, step by step. Schemes that do not share costs say why. "
        "Notes that name the command line's --used and --projects mean this tool's "
        "used_hkd and projects." + CITE
    )
    @_tool
    def estimate_grant(
        id: str,  # noqa: A002
        cost_hkd: Annotated[float, Field(ge=0, le=100_000_000_000)],
        used_hkd: Annotated[float, Field(ge=0, le=100_000_000_000)] | None = None,
        projects: Annotated[int, Field(ge=0, le=10_000)] | None = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        found = catalogue.item(id)
        received, approved = run.profile_amounts()
        used = used_hkd if used_hkd is not None else received.get(found.id, 0.0)
        done = projects if projects is not None else approved.get(found.id)
        result = catalogue.estimate(found.id, cost_hkd, used_hkd=used, projects_used=done)
        return server.answer(catalogue, [result.to_dict(catalogue.as_of)])

    @mcp.tool(
        description="Application windows that open or close from today, soonest first: "
        "confirmed dates, and for schemes that run in rounds the expected next window "
        "(a month, marked expected: never a confirmed date). Without within_days, the "
        "schemes that take applications all year are listed too (after the dated ones). "
        "Gives the first `limit`; `total` says how many there are." + CITE
    )
    @_tool
    def upcoming_deadlines(
        within_days: Annotated[int, Field(ge=1, le=36_500)] | None = None,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50,
        fields: Fields = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        span = dt.timedelta(days=within_days) if within_days else None
        found = catalogue.deadlines(span)
        events = found.dated + ([] if span is not None else found.rolling)
        shown = [e.to_dict(catalogue.as_of) for e in events[:limit]]
        answer = server.answer(catalogue, shown, fields)
        answer["total"] = len(events)
        return answer

    @mcp.tool(
        description="What changed across the catalogue, newest first: launches, windows "
        "opening and closing, caps and ratios changed, schemes ended, and changes announced "
        "for a date (planned), between since and until (ISO dates, both included). Gives "
        "the newest `limit`; `total` says how many there are." + CITE
    )
    @_tool
    def recent_changes(
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50,
        fields: Fields = None,
    ) -> dict[str, Any]:
        catalogue = server.catalogue()
        found = catalogue.changes(since=since, until=until)
        answer = server.answer(catalogue, [c.to_dict() for c in found[:limit]], fields)
        answer["total"] = len(found)
        return answer

    @mcp.resource(
        "itfind://schemes/{scheme_id}",
        name="scheme",
        description="One scheme's full record, as `itfind show ID --json` gives it.",
        mime_type="application/json",
    )
    @_resource
    def scheme_resource(scheme_id: str) -> str:
        item = server.catalogue().item(scheme_id)
        return json.dumps(item.to_dict(), ensure_ascii=False, indent=1)

    @mcp.resource(
        "itfind://schemes",
        name="schemes",
        description="Every scheme: id, name, Chinese name, status and official page.",
        mime_type="application/json",
    )
    @_resource
    def schemes_resource() -> str:
        items = server.catalogue().list()
        rows = [
            {
                "id": i.id,
                "name": i.entry.name,
                "name_zh": i.entry.name_zh,
                "status": i.status,
                "url": i.entry.url,
            }
            for i in items
        ]
        return json.dumps(rows, ensure_ascii=False, indent=1)

    @mcp.prompt(
        name="find_funding",
        description="Find Hong Kong I&T funding for my company: asks for the facts the "
        "matcher uses, then checks eligibility.",
    )
    def find_funding(company: str = "") -> str:
        about = f" The company: {company}." if company else ""
        return (
            "Help me find Hong Kong innovation-and-technology funding I can apply for."
            + about
            + " First ask me, one short question each, for what you do not know yet: what "
            "kind of applicant we are (start-up, SME, larger enterprise, university, "
            "research institute, school, NGO...), our stage, our sectors, how many employees "
            "we have in Hong Kong, how many years since incorporation, whether we are listed, "
            "whether we are registered in Hong Kong, whether we are a Cyberport or HKSTP "
            "incubatee or tenant, and whether we come through a university or another route. "
            "Then call check_eligibility with what I said, explain each yes and maybe (and "
            "which fact would settle a maybe), estimate the grant for my project where I give "
            "a cost, give each scheme's official page and last verified date, say unknown "
            "where the data says unknown, and remind me to check the official page before "
            "applying."
        )

    return mcp


def serve(run: Any) -> None:
    """Serve over stdio until the client closes the connection. Nothing but protocol
    goes to stdout; logs go to stderr."""
    os.environ.setdefault("NO_COLOR", "1")  # plain stderr logs
    # Ctrl-C must stop it at once: the SDK reads stdin in a worker thread, and asyncio's
    # shutdown would wait for that read (for the next line, or end of input). The
    # server keeps no state to save.
    signal.signal(signal.SIGINT, _interrupted)
    build(run).run("stdio")


def _interrupted(signum: int, frame: Any) -> None:
    sys.stderr.flush()
    os._exit(130)
