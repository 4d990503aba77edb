"""Typed errors raised by the core; the CLI turns each into a message and an exit code."""

from __future__ import annotations

from typing import NamedTuple


class ItfindError(Exception):
    """An expected failure: the CLI prints it without a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Problem(NamedTuple):
    """One thing wrong with a catalogue, located as precisely as we can."""

    path: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"{self.path}:{self.line}" if self.line else self.path]
        if self.record:
            parts.append(self.record)
        subject = f"{self.field} " if self.field else ""
        return f"{': '.join(parts)}: {subject}{self.message}"


class CatalogueError(ItfindError):
    def __init__(self, problems: list[Problem]) -> None:
        from itfind.i18n import _, ngettext

        count = len(problems)
        super().__init__(
            ngettext(
                "the catalogue has {n} problem", "the catalogue has {n} problems", count
            ).format(n=count),
            hint=_("fix the lines above, then check with: itfind validate PATH"),
        )
        self.problems = problems


class UnknownScheme(ItfindError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        from itfind.i18n import _
        from itfind.text import quote

        hint = (
            _("did you mean: {ids}?").format(ids=", ".join(suggestions))
            if suggestions
            else _("list the ids with: itfind list --fields id,name")
        )
        super().__init__(_("no scheme matches {query}").format(query=quote(query)), hint=hint)
        self.query = query
        self.suggestions = suggestions


class UsageError(ItfindError):
    exit_code = 2
