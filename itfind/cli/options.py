"""Options shared by the commands, declared once.

Commands are written as `@command(...)`-decorated functions whose first parameter is the
per-run context (`Run`). The decorator adds the shared options the command asks for
(output, catalogue, as-of date, profile, the applicant's facts) to the function's
signature for typer, and builds the `Run` from them before the command runs. So a new
shared option, or a new fact in `itfind.eligibility.FACTS`, is one edit here or there,
not one per command.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from itfind import vocab
from itfind.eligibility import FACTS, Fact
from itfind.render import FORMATS


def complete_vocab(kind: str) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        head, _, last = incomplete.rpartition(",")
        prefix = head + "," if head else ""
        return [prefix + v for v in vocab.allowed(kind) if v.startswith(last)]

    return complete


def complete_ids(incomplete: str) -> list[str]:
    try:
        from itfind.api import load_catalogue

        entries = load_catalogue().records.entries
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [e.id for e in entries if e.id.startswith(incomplete.lower())]


def amount(what: str) -> Callable[[float | None], float | None]:
    """A callback that refuses NaN, infinity and absurd amounts with a usage error."""

    def check(value: float | None) -> float | None:
        from itfind.numbers import MAX_HKD, checked

        if value is None:
            return None
        try:
            return checked(value, what, maximum=MAX_HKD)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return check


SchemeArg = Annotated[
    str, typer.Argument(help="Id, acronym, alias or former name.", autocompletion=complete_ids)
]

# name -> (annotation, default) for each shared option; grouped as `@command` takes them.
OUTPUT = {
    "fmt": (
        Annotated[
            str | None,
            typer.Option(
                "--format",
                "-f",
                help="table, tsv, json, jsonl, csv, yaml or md. "
                "Default: table on a terminal, tsv when piped.",
                metavar="FORMAT",
            ),
        ],
        None,
    ),
    "as_json": (
        Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")],
        False,
    ),
    "fields": (
        Annotated[
            str | None,
            typer.Option(
                "--fields",
                help="Comma-separated fields to show, e.g. id,name,max_hkd,closes.",
                metavar="A,B,C",
            ),
        ],
        None,
    ),
}
CATALOGUE = {
    "catalogue": (
        Annotated[
            list[str] | None,
            typer.Option(
                "--catalogue",
                "-c",
                help="Catalogue file to use instead of the default (repeatable; "
                "later files override earlier ones; @builtin is the packaged one).",
                metavar="PATH",
            ),
        ],
        None,
    ),
}
AS_OF = {
    "as_of": (
        Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help="Evaluate statuses and deadlines as of this date (YYYY-MM-DD).",
                metavar="DATE",
            ),
        ],
        None,
    ),
}
LANG = {
    "lang": (
        Annotated[
            str | None,
            typer.Option(
                "--lang",
                help="Language for people: en, zh-hant (繁體) or zh-hans (简体). Default: "
                "ITFIND_LANG, the profile's lang, the locale (LANG), else en. json, tsv, "
                "csv and yaml do not change.",
                metavar="LANG",
                autocompletion=lambda: ["en", "zh-hant", "zh-hans"],
            ),
        ],
        None,
    ),
}
COLOR = {
    "no_color": (
        Annotated[bool, typer.Option("--no-color", help="Plain text, no colour.")],
        False,
    ),
    "quiet": (
        Annotated[
            bool,
            typer.Option(
                "--quiet", "-q", help="No hints, counts or warnings on stderr (errors still)."
            ),
        ],
        False,
    ),
}


def _complete_sort(incomplete: str) -> list[str]:
    from itfind.catalogue.results import SORTS

    return [s for s in SORTS if s.startswith(incomplete)]


SORT = {
    "sort": (
        Annotated[
            str,
            typer.Option(
                "--sort",
                help="fit (the command's own order), amount (largest first, within a unit), "
                "closes (soonest deadline first) or name.",
                metavar="ORDER",
                autocompletion=_complete_sort,
            ),
        ],
        "fit",
    ),
    "limit": (
        Annotated[
            int | None,
            typer.Option("--limit", "-n", min=1, help="At most N results.", metavar="N"),
        ],
        None,
    ),
}
PROFILE = {
    "profile": (
        Annotated[
            Path | None,
            typer.Option(
                "--profile",
                help="Applicant profile (YAML) to answer the questions; options override "
                "it. Default: $XDG_CONFIG_HOME/itfind/profile.yaml when it exists.",
                metavar="FILE",
            ),
        ],
        None,
    ),
    "no_profile": (
        Annotated[bool, typer.Option("--no-profile", help="Ignore the default profile.")],
        False,
    ),
}


def _fact_option(fact: Fact) -> tuple[Any, Any]:
    names = [f"--{fact.name.replace('_', '-')}"]
    if fact.kind == "flag":
        names = [f"{names[0]}/--not-{names[0][2:]}"]
    if fact.short:
        names.append(fact.short)
    common: dict[str, Any] = {"help": fact.help}
    if fact.kind == "words":
        option = typer.Option(
            *names,
            metavar=(fact.vocabulary or fact.name).upper(),
            autocompletion=complete_vocab(fact.vocabulary or fact.name),
            **common,
        )
        return Annotated[list[str] | None, option], None
    if fact.kind == "flag":
        return Annotated[bool | None, typer.Option(*names, show_default=False, **common)], None
    kind = int if fact.kind == "integer" else float
    option = typer.Option(*names, min=0, metavar="N", **common)
    return Annotated[kind | None, option], None


FACT_OPTIONS = {f"fact_{fact.name}": _fact_option(fact) for fact in FACTS}


def command(
    *,
    output: bool = True,
    catalogue: bool = True,
    as_of: bool = True,
    facts: bool = False,
    profile: bool = False,
    sort: bool = False,
    formats: tuple[str, ...] = FORMATS,
    lang: bool | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make `func(run, ...)` a command that takes the shared options asked for.

    The options come after the command's own, in a fixed order: the applicant's facts,
    then profile, output, catalogue, as-of date, language and colour. `--lang` comes
    with the output options unless `lang` says otherwise."""
    groups: dict[str, tuple[Any, Any]] = {}
    if facts:
        groups |= FACT_OPTIONS
    if profile:
        groups |= PROFILE
    if sort:
        groups |= SORT
    if output:
        groups |= OUTPUT
    if catalogue:
        groups |= CATALOGUE
    if as_of:
        groups |= AS_OF
    if output if lang is None else lang:
        groups |= LANG
    if output:
        groups |= COLOR

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        own = list(inspect.signature(func, eval_str=True).parameters.values())[1:]
        shared = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, (kind, default) in groups.items()
        ]
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + shared

        @functools.wraps(func)
        def run_command(**kwargs: Any) -> Any:
            from itfind.cli.context import Run

            values = {name: kwargs.pop(name) for name in groups}
            given_facts = {
                fact.name: values.pop(f"fact_{fact.name}")
                for fact in FACTS
                if f"fact_{fact.name}" in values
            }
            run = Run.create(**values, facts=given_facts if facts else None, formats=formats)
            return func(run, **kwargs)

        del run_command.__wrapped__  # typer must read the signature below, not func's
        run_command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        run_command.__annotations__ = {p.name: p.annotation for p in params}
        return run_command

    return decorate
