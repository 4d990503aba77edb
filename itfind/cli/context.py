"""The per-run context: the shared options of one command, checked once, and what a
command needs from them: the catalogue, the profile, the applicant, and the output.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from itfind.cli import PipeClosed, say
from itfind.errors import ItfindError, UsageError
from itfind.i18n import _, day
from itfind.render import FORMATS, SHORTCUTS
from itfind.text import did_you_mean, quote, split_list

__all__ = ["Run", "say", "stdout_guard"]

# Keys results add to a record (see Match.to_dict, Hit.to_dict).
COMPUTED_KEYS = frozenset(
    (
        "fit",
        "role",
        "why",
        "criteria",
        "unknown",
        "excluded",
        "score",
        "matched",
        "grant_hkd",
        "applicant_share_hkd",
        "estimate_note",
    )
)


class Run:
    """One command's run: its checked shared options, and what it loads from them."""

    def __init__(
        self,
        *,
        fmt: str = "tsv",
        fields: str | None = None,
        no_color: bool = False,
        as_of: dt.date | None = None,
        catalogue_paths: Sequence[str] = (),
        profile_path: Path | None = None,
        no_profile: bool = False,
        facts: Mapping[str, Any] | None = None,
        quiet: bool = False,
        sort: str = "fit",
        limit: int | None = None,
    ) -> None:
        self.fmt, self.fields, self.no_color = fmt, fields, no_color
        self.fmt_given = False  # --format or --json on the command line
        self.quiet, self.sort, self.limit = quiet, sort, limit
        self.as_of = as_of or dt.date.today()
        self.as_of_given = as_of is not None  # else "today", which a long run may outlive
        self.catalogue_paths, self.profile_path = catalogue_paths, profile_path
        self.no_profile, self.facts = no_profile, facts
        self.lang = "en"

    @classmethod
    def create(
        cls,
        *,
        fmt: str | None = None,
        as_json: bool = False,
        fields: str | None = None,
        no_color: bool = False,
        as_of: str | None = None,
        catalogue: Sequence[str] | None = None,
        profile: Path | None = None,
        no_profile: bool = False,
        facts: Mapping[str, Any] | None = None,
        formats: Sequence[str] = FORMATS,
        quiet: bool = False,
        sort: str = "fit",
        limit: int | None = None,
        lang: str | None = None,
    ) -> Run:
        """Check the shared options (raising UsageError) and make the context. The
        language is chosen first, so that every message after it is in it."""
        from itfind.catalogue.results import SORTS

        run = cls(
            quiet=quiet,
            sort=sort,
            limit=limit,
            fields=fields,
            no_color=no_color,
            catalogue_paths=tuple(catalogue or ()),
            profile_path=profile,
            no_profile=no_profile,
            facts=facts,
        )
        run.choose_language(lang)
        if sort not in SORTS:
            raise _not_one_of(_("unknown --sort {value}"), sort, SORTS)
        run.fmt = _format(fmt, as_json, formats)
        run.as_of = _as_of(as_of)
        run.as_of_given = as_of is not None
        run.fmt_given = fmt is not None or as_json
        return run

    def choose_language(self, option: str | None) -> None:
        """--lang, else ITFIND_LANG, else the profile's `lang`, else the locale."""
        from itfind import i18n

        profile = None
        if not option and not os.environ.get(i18n.ENV_LANG):
            try:
                loaded = self.profile
                profile = loaded.lang if loaded else None
            except ItfindError:
                pass  # a broken profile is reported by the commands that use it
        try:
            self.lang = i18n.choose(option, os.environ, profile)
        except ValueError as exc:
            raise UsageError(str(exc), hint="for example: --lang zh-hant") from None
        i18n.use(self.lang)

    def tell(self, message: str) -> None:
        """A hint, count or warning for the person, on stderr; none with --quiet."""
        if not self.quiet:
            say(message)  # escaped there

    def order(self, items: list) -> list:
        """Items in the --sort order (fit: as the command ordered them), then --limit."""
        from itfind.catalogue.results import sort_items

        ordered = sort_items(items, self.sort)
        return ordered[: self.limit] if self.limit else ordered

    # ------------------------------------------------------------ inputs

    @cached_property
    def catalogue(self) -> Any:
        """The catalogue in use (`itfind.api.Catalogue`), as of the run's date."""
        from itfind.api import load_catalogue

        return load_catalogue(self.catalogue_paths, as_of=self.as_of)

    @cached_property
    def profile(self) -> Any:
        """The --profile file, else the default profile when it exists, else None."""
        from itfind.paths import presence
        from itfind.profile import default_path, load_profile

        if self.no_profile:
            return None
        if self.profile_path is not None:
            return load_profile(self.profile_path)
        path = default_path()
        if presence(path) != "absent":
            if sys.stderr.isatty():
                self.tell(
                    _("Using the profile {path} (--no-profile ignores it).").format(path=path)
                )
            return load_profile(path)
        return None

    def profile_amounts(self) -> tuple[dict[str, float], dict[str, int]]:
        """The profile's `received` and `projects`, keyed by scheme id: a key may be any
        name `show` takes (id, acronym, alias, Chinese name); an unknown one is an error
        that names it, never an amount silently dropped."""
        from itfind.errors import UnknownScheme
        from itfind.profile import ProfileError

        loaded = self.profile
        if loaded is None:
            return {}, {}
        out: list[dict] = []
        for name, amounts in (("received", loaded.received), ("projects", loaded.projects)):
            resolved = {}
            for key, value in amounts.items():
                try:
                    resolved[self.catalogue.item(key).id] = value
                except UnknownScheme as missing:
                    hint = (
                        _("did you mean: {ids}?").format(ids=", ".join(missing.suggestions))
                        if missing.suggestions
                        else None
                    )
                    named = quote(str(key))
                    raise ProfileError(
                        _("profile {path}: {key} names {value}, which is no scheme").format(
                            path=loaded.path, key=name, value=named
                        ),
                        hint=hint,
                    ) from None
            out.append(resolved)
        return out[0], out[1]

    @property
    def profile_label(self) -> str | None:
        """The profile file in use, for messages."""
        loaded = self.profile
        return str(loaded.path) if loaded is not None and loaded.path else None

    @cached_property
    def applicant(self) -> Any:
        """What the user told us: the profile's answers, overridden by the options."""
        from itfind.eligibility import Applicant

        try:
            given = Applicant.from_facts(
                {k: v for k, v in (self.facts or {}).items() if v is not None}
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        loaded = self.profile
        return loaded.applicant.combine(given) if loaded else given

    # ------------------------------------------------------------ output

    @property
    def chosen_fields(self) -> list[str] | None:
        if not self.fields:
            return None
        return split_list([self.fields])

    def needs_full(self, default_fields: Sequence[str]) -> bool:
        """Whether output needs full records, or only what the entries hold (so that
        printing 100,000 ids and names does not read 100,000 full records)."""
        from itfind.model import EAGER_KEYS

        if self.fmt in ("json", "jsonl", "yaml"):
            return True
        fields = self.chosen_fields or default_fields
        return any(SHORTCUTS.get(f, f) not in EAGER_KEYS and f not in COMPUTED_KEYS for f in fields)

    def records(self, items: Sequence[Any], default_fields: Sequence[str]) -> list[dict]:
        """Result items as output records: the JSON contract, or, when the chosen fields
        need no more, just those fields of its eager part (and what the freshness
        warning reads)."""
        if self.needs_full(default_fields):
            return [item.to_dict() for item in items]
        fields = self.chosen_fields or default_fields
        keys = {SHORTCUTS.get(f, f).split(".")[0] for f in fields} | {"id", "last_verified"}
        if "fit" in keys:
            keys |= {"unknown", "excluded", "role"}  # a table says what a maybe waits for
        if "status" in keys:
            keys.add("last_seen")  # an unknown status says when the scheme was last seen
        if "why" in keys:
            keys.add("criteria")
        if "name" in keys:
            keys.add("name_zh")  # a table gives the Chinese name under the English one
        if keys & {"max_hkd", "grant_hkd"}:
            keys.add("funding")  # the unit goes with the amount
        return [item.to_dict(full=False, keys=keys) for item in items]

    def console(self, stderr: bool = False) -> Any:
        from itfind.render.terminal import make_console

        return make_console(no_color=self.no_color, stderr=stderr)

    def emit(
        self, records: list[dict], default_fields: Sequence[str], *, title: str | None = None
    ) -> None:
        """Write records to stdout in the chosen format and fields."""
        from itfind import render

        if self.lang == "zh-hans":  # the Chinese fields in Simplified, in every format
            records = [simplified(r) for r in records]
        fields = render.resolve_fields(self.fields, records, default_fields)
        explicit = self.fields is not None
        with stdout_guard():
            render.write(
                records,
                self.fmt,
                fields if (explicit or self.fmt not in ("json", "jsonl", "yaml")) else None,
                sys.stdout,
                console=self.console() if self.fmt == "table" else None,
                title=title,
            )

    def warn_stale(self, records: Sequence[Mapping[str, Any]]) -> None:
        """A warning on stderr for shown records not verified for a year."""
        cutoff = self.as_of - dt.timedelta(days=365)
        stale = [
            r["id"]
            for r in records
            if r.get("last_verified") and dt.date.fromisoformat(r["last_verified"]) < cutoff
        ]
        if stale:
            shown = ", ".join(stale[:5]) + (" ..." if len(stale) > 5 else "")
            self.tell(
                _(
                    "warning: {n} shown record(s) last verified over 12 months before {day}: {ids}"
                ).format(n=len(stale), day=day(self.as_of), ids=shown)
            )


@contextmanager
def stdout_guard() -> Iterator[None]:
    """Turn a closed stdout (`itfind list | head -1`) into PipeClosed: a quiet exit 0."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed from None


def _format(fmt: str | None, as_json: bool, formats: Sequence[str]) -> str:
    if as_json:
        if fmt and fmt != "json":
            raise UsageError(_("--json and --format disagree"), hint=_("use one of them"))
        fmt = "json"
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    fmt = fmt.lower()
    if fmt not in formats:
        raise _not_one_of(_("unknown format {value}"), fmt, formats)
    return fmt


def _not_one_of(message: str, value: str, choices: Sequence[str]) -> UsageError:
    """A word that is none of the choices: the message, a did-you-mean and the choices."""
    close = did_you_mean(value, choices)
    return UsageError(
        message.format(value=quote(value)),
        hint=_did_you_mean(close) + _("choose one of: {values}").format(values=", ".join(choices)),
    )


def _as_of(value: str | None) -> dt.date:
    """The --as-of date. Told apart by what is wrong, never by reading the (translated)
    message of an error."""
    from itfind.dates import EARLIEST, LATEST, parse_date

    if value is None:
        return parse_date(None)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        shown = repr(value[:40])
        raise UsageError(
            _("--as-of needs a date like 2026-01-31 (got {value})").format(value=shown)
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise UsageError(
            _("--as-of needs a date like 2026-01-31 ({value} is outside {first} to {last})").format(
                value=value, first=EARLIEST.year, last=LATEST.year
            )
        )
    return day


def _did_you_mean(close: str | None) -> str:
    return _("did you mean '{value}'? ").format(value=close) if close else ""


def simplified(record: dict) -> dict:
    """A record whose Chinese fields are in Simplified characters (the catalogue keeps
    Traditional; `--lang zh-hans` asks for Simplified, in json as in tables)."""
    from itfind.chinese import to_simplified
    from itfind.model import ZH_TWINS

    out = dict(record)
    for path in (twin.split(".") for twin in ZH_TWINS.values()):
        holder = out
        for part in path[:-1]:
            if not isinstance(holder.get(part), dict):
                break
            holder[part] = holder = dict(holder[part])
        else:
            value = holder.get(path[-1])
            if isinstance(value, str):
                holder[path[-1]] = to_simplified(value)
    return out
