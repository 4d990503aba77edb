"""`itfind vocab`: the allowed filter values."""

from __future__ import annotations

from typing import Annotated

import typer

from itfind import vocab
from itfind.cli import options
from itfind.cli.context import Run
from itfind.errors import UsageError
from itfind.text import did_you_mean, quote


@options.command()
def command(
    run: Run,
    kind: Annotated[
        str | None,
        typer.Argument(
            help="type, stage, sector, status, kind, member, route or per (default: all)."
        ),
    ] = None,
) -> None:
    """List every allowed filter value, its meaning and how many schemes use it.

    Sectors form a small tree: a narrower sector (fintech) is `within` a broader one
    (digital), so a fintech company matches a scheme open to digital technology.

    Example: itfind vocab sector
    """
    kinds = list(vocab.VOCABULARIES)
    if kind is not None and kind not in kinds:
        close = did_you_mean(kind, kinds)
        raise UsageError(
            f"unknown vocabulary {quote(kind)}",
            hint=(f"did you mean '{close}'? " if close else "")
            + f"choose one of: {', '.join(kinds)}",
        )
    counts = run.catalogue.vocab_counts()
    records = []
    for name in [kind] if kind else kinds:
        values, aliases = vocab.VOCABULARIES[name]
        for value in _tree_order(values) if name == "sector" else values:
            records.append(
                {
                    "vocabulary": name,
                    "value": value,
                    "meaning": values[value],
                    "schemes": counts.get((name, value), 0),
                    "aliases": sorted(a for a, v in aliases.items() if v == value),
                    "within": vocab.SECTOR_PARENT.get(value) if name == "sector" else None,
                }
            )
    run.emit(records, ("vocabulary", "value", "schemes", "meaning", "aliases", "within"))


def _tree_order(values: dict[str, str]) -> list[str]:
    """Sectors with each broad one followed by the narrower ones within it."""
    out = []
    for value in values:
        if value not in vocab.SECTOR_PARENT:
            out.append(value)
            out += [child for child, parent in vocab.SECTOR_PARENT.items() if parent == value]
    return out
