"""The command line: a thin layer over the Python API (`itfind.api`).

Each command is a module of this package, listed in COMMANDS; a run imports only the
module of the command it names (as pip does), so a command's start-up does not pay for
the others. Errors from the core are typed; `main` turns them into a message on stderr
and an exit code, in one place:

    0 success (an empty result too)   1 data or runtime error
    2 usage error                     130 interrupted

Data goes to stdout; every message goes to stderr.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any

import typer

from itfind import __version__
from itfind.errors import CatalogueError, ItfindError
from itfind.i18n import _

# Command name -> its module, in the order `itfind --help` lists them. A module defines
# `command` (a function) or `app` (a group of subcommands).
COMMANDS: dict[str, str] = {
    "list": "itfind.cli.listing",
    "show": "itfind.cli.show",
    "validate": "itfind.cli.validate",
    "paths": "itfind.cli.paths",
    "eligible": "itfind.cli.eligible",
    "search": "itfind.cli.search",
    "vocab": "itfind.cli.vocab",
    "estimate": "itfind.cli.estimate",
    "deadlines": "itfind.cli.deadlines",
    "compare": "itfind.cli.compare",
    "stale": "itfind.cli.stale",
    "changes": "itfind.cli.changes",
    "diff": "itfind.cli.diff",
    "watch": "itfind.cli.watch",
    "mcp": "itfind.cli.mcp",
    "profile": "itfind.cli.profile",
}

HELP = (
    "Find Hong Kong innovation-and-technology funding schemes.\n\n"
    "Examples:\n\n"
    "  itfind eligible --type sme --sector fintech\n\n"
    '  itfind search "research talent"\n\n'
    "  itfind show tvp"
)


def _version_callback(value: bool) -> None:
    if value:
        from itfind.paths import catalogue_as_of

        print(f"itfind {__version__} (catalogue as of {catalogue_as_of()})")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version_callback,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    """Find Hong Kong innovation-and-technology funding schemes."""


def build_app(names: list[str] | None = None) -> typer.Typer:
    """The app with these commands (default: all of them)."""
    app = typer.Typer(
        name="itfind",
        help=HELP,
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help: keeps rich out of --help (start-up time)
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in names or COMMANDS:
        module = importlib.import_module(COMMANDS[name])
        if hasattr(module, "app"):
            app.add_typer(module.app, name=name)
        else:
            app.command(name)(module.command)
    return app


def app_for(argv: list[str]) -> typer.Typer:
    """Only the named command when the first argument names one: parsing, errors and
    help are the same, and the run starts sooner. Otherwise (no command, an unknown one,
    or shell completion) the full app answers, with suggestions."""
    name = argv[0] if argv else ""
    if name in COMMANDS and not os.environ.get("_ITFIND_COMPLETE"):
        return build_app([name])
    return build_app()


MAX_MESSAGE_CHARS = 4000


def say(message: str) -> None:
    """A message for the person: stderr, never mixed with data (and dropped when stderr
    is closed). Control characters in it, from a catalogue or an input, are shown, not
    obeyed."""
    from itfind.text import escape_control, shorten

    stream = sys.stderr
    if stream is None:
        return
    if len(message) > MAX_MESSAGE_CHARS:  # a backstop: inputs are quoted short already
        message = shorten(message, MAX_MESSAGE_CHARS)
    try:
        text = escape_control(message)
        if stream.isatty():
            text = _fit_terminal(text)
        print(text, file=stream)
    except (OSError, ValueError):
        pass  # a closed or broken stderr must not end the run or reach stdout


def _fit_terminal(text: str) -> str:
    """A message wrapped between words to the terminal's width, as tables are: the
    terminal itself would cut `--explain` in two at the edge."""
    import shutil

    width = shutil.get_terminal_size().columns
    if len(text) <= width // 2:  # short enough whatever its script (a CJK char is 2 cells)
        return text
    from itfind.render.terminal import wrap

    return "\n".join(wrap(text, width))


class PipeClosed(Exception):
    """The reader of stdout went away (`itfind list | head -1`). Not an OSError, so that
    typer's own EPIPE handling (exit 1) does not see it; main() exits quietly with 0."""


def _report(error: ItfindError) -> None:
    if isinstance(error, CatalogueError):
        from itfind.text import escape_control

        for problem in error.problems:
            say(escape_control(str(problem)))
    say(f"itfind: error: {error.message}")  # the prefix stays English: scripts grep it
    if error.hint:
        say(error.hint)


def _interrupted(signum: int, frame: Any) -> None:
    raise SystemExit(130)


def main(argv: list[str] | None = None) -> None:
    import gc

    # A run is short and builds many objects without cycles: reference counting frees
    # what it can, and the cyclic collector would only re-walk big catalogues for nothing.
    gc.disable()
    if sys.stderr is None:  # started with stderr closed (cron, daemons): drop messages
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        say("itfind: error: " + _("standard output is closed, so there is nowhere to write to"))
        sys.exit(1)
    # Chinese text must not crash a terminal whose locale cannot show it.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    signal.signal(signal.SIGINT, _interrupted)
    try:
        args = sys.argv[1:] if argv is None else list(argv)
        code = app_for(args)(args=args, prog_name="itfind", standalone_mode=False)
        sys.stdout.flush()
    except ItfindError as error:
        _report(error)
        code = error.exit_code
    except typer.Abort:
        say(_("Interrupted."))
        code = 130
    except (BrokenPipeError, PipeClosed):
        code = _quiet_broken_pipe()
    except Exception as error:  # click's usage errors: exit 2 with click's message
        from typer import core

        if isinstance(error, core._click.exceptions.ClickException):
            error.show()
            code = error.exit_code
        elif isinstance(error, OSError) and getattr(error, "errno", None) == 32:
            code = _quiet_broken_pipe()
        elif isinstance(error, OSError):  # a full disk, an I/O error: say so, once
            say(
                "itfind: error: "
                + _("cannot write the output ({reason})").format(reason=error.strerror or error)
            )
            _quiet_broken_pipe()
            code = 1
        else:
            raise
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> int:
    """`itfind ... | head -1`: the reader left, which is not an error. What is still
    buffered goes nowhere, so Python's own flush at exit has nothing to complain of."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0
