"""`itfind profile`: answer the company questions once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from itfind import vocab
from itfind.cli import options
from itfind.cli.context import Run, say
from itfind.eligibility import FACTS, Fact
from itfind.errors import UsageError
from itfind.i18n import _

app = typer.Typer(
    help="Answer the company questions once: create or show an applicant profile.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("init")
def init_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="Where to write it (default: $XDG_CONFIG_HOME/itfind/profile.yaml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Ask the applicant questions in a terminal and write a profile.

    Example: itfind profile init      (then: itfind eligible --explain)
    """
    from itfind.profile import KEYS, default_path, write_profile

    target = path or default_path()
    if not stdin_is_terminal():
        raise UsageError(
            _("profile init asks questions, so it needs a terminal"),
            hint=_("write {path} by hand (keys: {keys}; see README)").format(
                path=target, keys=", ".join(KEYS)
            ),
        )
    if target.exists() and not force:
        raise UsageError(
            _("{path} already exists").format(path=target), hint=_("use --force to replace it")
        )
    write_profile(target, {fact.profile_key: ask(fact) for fact in FACTS})
    say(
        _(
            "Wrote {path}. eligible, search and estimate now use it (--no-profile ignores it)."
        ).format(path=target)
    )


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def ask(fact: Fact) -> Any:
    """Ask one question until the answer is valid or skipped (Enter): None, or the
    answer as the profile file writes it."""
    if fact.kind == "words":
        choices = ", ".join(vocab.allowed(fact.vocabulary or fact.name))
        choices += ", none" if fact.none else ""
        say(
            _("{question}\n  choices: {choices}").format(question=_(fact.question), choices=choices)
        )
        prompt = _("  answer (Enter to skip)")
    elif fact.kind == "flag":
        prompt = _("{question} [y/n, Enter to skip]").format(question=_(fact.question))
    else:
        prompt = _("{question} (Enter to skip)").format(question=_(fact.question))
    while True:
        raw = typer.prompt(prompt, default="", show_default=False, err=True).strip()
        if not raw:
            return None
        if fact.kind == "flag":
            if raw.lower() in ("y", "yes", "n", "no"):
                return raw.lower().startswith("y")
            continue
        if fact.none and raw.lower() == "none":
            return "none"
        if fact.kind in ("integer", "number"):
            try:
                number: Any = int(raw) if fact.kind == "integer" else float(raw)
                return fact.parse(number)  # finite and in range, as in a profile file
            except ValueError as exc:
                say(f"  {exc}" if "must be" in str(exc) else _("  a number, please"))
                continue
        try:
            chosen = list(fact.parse([raw]))
        except ValueError as exc:
            say(f"  {exc}")
            continue
        if not fact.many and len(chosen) > 1:
            say(_("  one value, please"))
            continue
        return chosen if fact.many else chosen[0]


@app.command("show")
@options.command(profile=True, catalogue=False, as_of=False)
def show_command(run: Run) -> None:
    """Show the profile in use and what it answers (unknown answers are empty/null).

    Example: itfind profile show --json
    """
    from itfind.profile import default_path

    loaded = run.profile
    if loaded is None:
        run.tell(
            f"No profile: {default_path()} does not exist. Create one with: itfind profile init"
        )
        return
    record = loaded.to_dict()
    run.emit([record], tuple(record))
