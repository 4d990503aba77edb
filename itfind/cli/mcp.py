"""`itfind mcp`: serve the catalogue to AI assistants over the Model Context Protocol."""

from __future__ import annotations

import sys

from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import ItfindError
from itfind.i18n import _


@options.command(output=False, profile=True, lang=True)
def command(run: Run) -> None:
    """Serve the catalogue to AI assistants (Model Context Protocol, over stdio).

    An assistant launches it: command `itfind`, arguments `["mcp"]`. Tools: search_schemes,
    check_eligibility, why_not, get_scheme, estimate_grant, upcoming_deadlines,
    recent_changes; resources itfind://schemes and itfind://schemes/{id}; the prompt
    find_funding. --catalogue, ITFIND_CATALOGUE, the overlay, --as-of, the profile and
    --lang apply as for every command. Needs: pip install 'itfind[mcp]'.

    Example: itfind mcp --as-of 2026-12-01
    """
    try:
        from itfind.cli import mcp_server
    except ImportError as missing:
        raise ItfindError(
            _("itfind mcp needs the MCP extra ({module} is not installed)").format(
                module=(missing.name or "mcp").split(".")[0]
            ),
            hint=_("install it with: pip install 'itfind[mcp]'"),
        ) from None
    if sys.stdin.isatty():  # a person, not an assistant: say why nothing happens
        run.tell(
            _(
                "itfind mcp serves AI assistants over the Model Context Protocol on stdin "
                "and stdout; an assistant launches it (README: Assistants). Ctrl-C stops it."
            )
        )
    mcp_server.serve(run)
