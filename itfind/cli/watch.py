"""`itfind watch`: saved searches, and what is new since they last ran."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from typing import Annotated, Any

import typer

from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import ItfindError, UsageError
from itfind.i18n import _, ngettext

app = typer.Typer(
    help="Saved searches: remember an eligible, search or deadlines command line, and "
    "say what is new each time it runs (for cron: watch run --exit-code).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
NEWS = ("watch", "id", "change", "field", "old", "new")
LISTED = ("name", "command", "ran", "results")


class Failed(ItfindError):
    pass


def _state():
    from itfind.paths import state_dir

    return state_dir()


def capture(argv: list[str]) -> tuple[int, str, str]:
    """Run an itfind command line in this process: its exit code, stdout and stderr."""
    from itfind.cli import _report, app_for

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = app_for(argv)(args=argv, prog_name="itfind", standalone_mode=False)
        except ItfindError as error:
            _report(error)
            code = error.exit_code
        except Exception as error:  # click's usage errors
            show = getattr(error, "show", None)
            if show is None:
                raise
            show()
            code = getattr(error, "exit_code", 2)
    return (code if isinstance(code, int) else 0), out.getvalue(), err.getvalue()


def results(argv: list[str], as_of: str | None = None) -> list[dict]:
    """The JSON records a saved command line gives now; raises Failed with its message."""
    args = [*argv, "--format", "json", "--quiet"]
    if as_of:
        args += ["--as-of", as_of]
    code, out, err = capture(args)
    if code != 0:
        raise Failed(
            _("the saved command line failed: itfind {argv}").format(argv=" ".join(argv)),
            hint=err.strip().splitlines()[0] if err.strip() else None,
        )
    return json.loads(out or "[]")


def _why_dropped(item: Any, argv: list[str], day: str) -> Any:
    """A scheme that dropped out of a saved `eligible` search, with the reason the same
    command line gives for it (`--why-not`): its status, or the rule it now fails."""
    if item.change != "dropped" or argv[0] != "eligible":
        return item
    try:
        judged = results([*argv, "--why-not", item.id], day)
    except Failed:  # the catalogue no longer has it
        return item._replace(field="why", new="not in the catalogue any more")
    reason = judged[0].get("excluded") if judged else None
    return item._replace(field="why", new=reason) if reason else item


@app.command("add")
@options.command(output=False, catalogue=False, as_of=False)
def add_command(
    run: Run,
    name: Annotated[str, typer.Argument(help="A name for the search: letters, digits, - and _.")],
    command: Annotated[
        list[str],
        typer.Argument(help="After --: an eligible, search or deadlines command line."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace a search of that name.")] = False,
) -> None:
    """Save a search under a name (checked by running it once).

    Example: itfind watch add fintech -- eligible --type sme --sector fintech
    """
    import datetime as dt

    from itfind import watch

    try:
        watch.check_name(name)
        argv = watch.check_argv(list(command))
    except watch.WatchError as exc:
        raise UsageError(
            str(exc), hint=_("for example: itfind watch add fintech -- eligible --type sme")
        ) from None
    state = _state()
    if name in watch.names(state) and not force:
        raise UsageError(
            _("a saved search named {name} exists").format(name=name),
            hint=_("use --force to replace it"),
        )
    found = results(argv)
    watch.save(state, {"name": name, "argv": argv, "added": dt.date.today().isoformat()})
    watch.remove_snapshot(state, name)
    run.tell(
        _(
            "Saved {name}: itfind {argv} ({n} result(s) now). `itfind watch run` says what changes."
        ).format(name=name, argv=" ".join(argv), n=len(found))
    )


@app.command("list")
@options.command(catalogue=False, as_of=False)
def list_command(run: Run) -> None:
    """List the saved searches, each with its command line and last run.

    Example: itfind watch list
    """
    from itfind import watch

    state = _state()
    rows = []
    for name in watch.names(state):
        try:
            data = watch.load(state, name)
            snap, ran = watch.load_snapshot(state, name)
        except watch.WatchError as exc:
            run.tell(str(exc))
            continue
        rows.append(
            {
                "name": name,
                "command": " ".join(data["argv"]),
                "ran": ran,
                "results": len(snap) if snap is not None else None,
            }
        )
    run.emit(rows, LISTED)
    if not rows:
        run.tell(_("No saved searches. Add one: itfind watch add NAME -- eligible --type sme"))


@app.command("remove")
@options.command(output=False, catalogue=False, as_of=False)
def remove_command(
    run: Run, name: Annotated[str, typer.Argument(help="The saved search to forget.")]
) -> None:
    """Forget a saved search and its snapshot.

    Example: itfind watch remove fintech
    """
    from itfind import watch

    try:
        found = watch.remove(_state(), name)
    except watch.WatchError as exc:
        raise UsageError(str(exc)) from None
    if not found:
        raise UsageError(_("no saved search named {name}").format(name=name))
    run.tell(_("Removed {name}.").format(name=name))


@app.command("run")
@options.command(catalogue=False)
def run_command(
    run: Run,
    names: Annotated[
        list[str] | None, typer.Argument(help="Saved searches to run (default: all).")
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when there is news (for cron and CI)."),
    ] = False,
) -> None:
    """Run saved searches and say what is new since their last run: schemes that
    appear or drop out, and changes of status, window, cap, ratio or eligibility.

    Example: news=$(itfind watch run --exit-code) || echo "$news" | mail -s news me@example.com
    """
    from itfind import watch
    from itfind.changes import as_row

    state = _state()
    chosen = list(names or watch.names(state))
    if not chosen:
        run.tell(_("No saved searches. Add one: itfind watch add NAME -- eligible --type sme"))
        return
    news: list[dict] = []
    day = run.as_of.isoformat()
    for name in chosen:
        try:
            data = watch.load(state, name)
        except watch.WatchError as exc:
            raise UsageError(str(exc)) from None
        argv = data["argv"]
        now = watch.snapshot(argv[0], results(argv, day))
        try:
            before, _ran = watch.load_snapshot(state, name)
        except watch.Damaged as exc:
            run.tell(
                _(
                    "{reason}; it has been replaced, so there is nothing to compare with this time."
                ).format(reason=exc)
            )
            before = None
        try:
            watch.save_snapshot(state, name, now, day)
        except OSError as exc:
            raise Failed(
                _("cannot save the snapshot of {name} ({reason})").format(
                    name=name, reason=exc.strerror or exc
                )
            ) from None
        if before is None:
            run.tell(
                _(
                    "{name}: first run, nothing to compare with yet ({n} result(s) remembered)."
                ).format(name=name, n=len(now))
            )
            continue
        found = [_why_dropped(n, argv, day) for n in watch.compare(name, before, now)]
        news += [as_row(n) for n in found]
        if found:
            run.tell(
                ngettext("{name}: {n} change.", "{name}: {n} changes.", len(found)).format(
                    name=name, n=len(found)
                )
            )
        else:
            run.tell(_("{name}: nothing new.").format(name=name))
    run.emit(news, NEWS)
    if news and exit_code:
        raise typer.Exit(1)
