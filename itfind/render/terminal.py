"""Drawing for a person at a terminal: tables that fit its width, stacked blocks when a
table would not, one record's details, an estimate, a "why not".

The only module that imports rich (ruff's banned-api rule enforces it). Catalogue text is
handed to rich as `Text`, never as markup, and control characters are made visible.

Tables fit the terminal (README, "Tables"): ids, fit, status, dates and amounts never wrap
and are never cut; names and other text wrap between words, never inside one. When the
terminal is too narrow, columns are dropped in a fixed order (the Chinese name line, the
kind of funding, who can apply, which fields matched, web addresses); when even the
essential columns do not fit, each record becomes a block of a few lines instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from itfind.render.cells import (
    cell_text,
    get_field,
    header,
    money_phrase,
    planned_words,
    share_in_words,
    short_money,
    shown,
    unit_short,
    usual_words,
)
from itfind.text import escape_control


def make_console(*, no_color: bool = False, stderr: bool = False) -> Any:
    """A rich console; `--no-color`, NO_COLOR and TERM=dumb mean plain text: no colour
    and no bold either, which rich's own no_color would still send."""

    plain = no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    kwargs: dict[str, Any] = {"color_system": None} if plain else {}
    console = _Console(stderr=stderr, highlight=False, soft_wrap=False, **kwargs)
    if console.width < MIN_WIDTH:  # COLUMNS=0 or a tiny pane: lay out for a usable width
        console.width = 80
    return console


MIN_WIDTH = 20


def _console_class() -> Any:
    from rich.console import Console

    class QuietConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 when the reader leaves; itfind's rule is a quiet exit 0, which
            # the command line's handler gives a BrokenPipeError.
            raise BrokenPipeError

    return QuietConsole


def _Console(**kwargs: Any) -> Any:  # noqa: N802 - stands for the class
    return _console_class()(**kwargs)


STATUS_STYLES = {
    "open": "bold green",
    "upcoming": "yellow",
    "invitation": "cyan",
    "unknown": "magenta",
    "closed": "red",
    "ended": "dim red",
}
FIT_STYLES = {"yes": "green", "maybe": "yellow", "no": "red"}
# Criteria by short names, for the "maybe (...)" line.
SHORT_CRITERIA = {
    "hk_registered": "hk-reg",
    "employees": "staff",
    "membership": "member",
    "route": "via",
    "invitation": "invite",
}
# Which unknown fact a "maybe" names first: the one most likely to rule the scheme out.
TELLING = ("route", "invitation", "type", "sector", "membership", "stage", "age", "employees")


def _telling(criterion: str) -> int:
    return TELLING.index(criterion) if criterion in TELLING else len(TELLING)


ESSENTIAL = frozenset(
    {"id", "fit", "status", "date", "days_left", "event", "opens", "closes", "last_verified"}
    | {"max_hkd", "score", "grant_hkd", "applicant_share_hkd", "schemes", "value", "per"}
)
# Columns given up first when the terminal is narrow (earliest first). The Chinese name
# takes a line, not width: it goes only in the stacked layout's narrowest blocks.
DROP_ORDER = ("kind", "applicant_types", "matched", "aliases", "url")
MIN_TEXT = 18  # a wrapped text column is never narrower than this (or its longest word)
WHY_WIDTH = 44  # the criteria column of --explain


def clean(value: Any, separator: str = ", ") -> str:
    return escape_control(cell_text(value, separator))


# ---------------------------------------------------------------- cells


def _fit_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    from itfind.i18n import _, chinese, word

    fit = str(record.get("fit") or "")
    lines = [(word("fit", fit), FIT_STYLES.get(fit, ""))]
    unknown = sorted(record.get("unknown") or [], key=_telling)
    if fit == "maybe" and unknown:  # the most telling fact it waits for, and how many more
        more = f" +{len(unknown) - 1}" if len(unknown) > 1 else ""
        first = unknown[0]
        short = word("criterion", first) if chinese() else SHORT_CRITERIA.get(first, first)
        lines.append((f"({short}{more})", "dim"))
    excluded = record.get("excluded")
    if fit != "no" and excluded and str(excluded).startswith("status"):
        lines.append((_("(closed)"), "dim"))
    role = record.get("role")
    if role and role != "applicant" and fit != "no":
        lines.append((_("(as {role})").format(role=word("role", role)), ROLE_STYLE))
    return lines


ROLE_STYLE = "dim italic"  # the fit column keeps a role line whole


def _amount_lines(record: Mapping[str, Any], field: str) -> list[tuple[str, str]]:
    from itfind.i18n import _

    per = get_field(record, "funding.per")
    value = get_field(record, field)
    if field == "max_hkd":
        if per == "in-kind":
            return [(_("in kind"), "")]
        figure = (short_money(value), "bold" if value is not None else "dim")
        return [figure, (unit_short(per), "dim")]
    if value is None:
        return [(_("n/a"), "dim")]
    return [(short_money(value), "")]


class Column(NamedTuple):
    key: str  # the field, or "scheme" for name-with-id
    header: str
    cell: Callable[[Mapping[str, Any]], list[tuple[str, str]]]  # lines of (text, style)
    essential: bool  # never wraps, never dropped
    justify: str = "left"


# How a criterion's result reads: a mark and its colour.
MARKS = {"pass": ("✓", "green"), "fail": ("✗", "red"), "unknown": ("?", "yellow")}


def _name_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A scheme's names, bold then dim: in Chinese the Chinese name first and the English
    under it; otherwise the English (marked when Chinese was asked for) and the Chinese
    name under it."""
    from itfind import i18n

    chinese = record.get("name_zh")
    if i18n.chinese() and chinese:
        return [(clean(i18n.script(chinese)), "bold"), (clean(record.get("name")), "dim")]
    lines = [(clean(_marked(record.get("name"))), "bold")]
    if chinese:
        lines.append((clean(i18n.script(chinese)), "dim"))
    return lines


def _columns(fields: Sequence[str]) -> list[Column]:
    from itfind import i18n

    columns: list[Column] = []
    combine = "id" in fields and "name" in fields
    for field in fields:
        if combine and field == "id":
            continue
        if combine and field == "name":

            def scheme(record: Mapping[str, Any]) -> list[tuple[str, str]]:
                return [*_name_lines(record), (clean(record.get("id")), "cyan")]

            columns.append(Column("scheme", header("scheme"), scheme, False))
        elif field == "fit":  # "maybe" never wraps; what it waits for may, between words
            columns.append(Column(field, header("fit"), _fit_lines, False))
        elif field in ("max_hkd", "grant_hkd", "applicant_share_hkd"):
            label = {"max_hkd": "up to", "grant_hkd": "grant", "applicant_share_hkd": "you pay"}
            columns.append(
                Column(
                    field,
                    header(label[field]),
                    lambda r, f=field: _amount_lines(r, f),
                    True,
                    "right",
                )
            )
        elif field == "status":
            columns.append(Column(field, header("status"), _status_lines, True))
        elif field == "why":
            columns.append(Column(field, header("why"), _why_lines, False))
        else:

            def plain(record: Mapping[str, Any], f: str = field) -> list[tuple[str, str]]:
                return [(clean(shown(record, f), i18n._(", ")), "")]

            essential = field in ESSENTIAL
            columns.append(Column(field, header(field), plain, essential))
    return columns


def _status_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    from itfind.i18n import _, word

    status = str(record.get("status") or "unknown")
    lines = [(clean(word("status", status)), STATUS_STYLES.get(status, ""))]
    seen = (record.get("last_seen") or {}).get("date")
    if status == "unknown" and seen:
        from itfind.i18n import month

        lines.append((_("(seen {month})").format(month=month(seen[:7])), "dim"))
    return lines


def _why_lines(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    from itfind.i18n import _
    from itfind.render.phrases import criterion, phrase

    lines = []
    for c in record.get("criteria") or []:
        mark, style = MARKS.get(c["result"], ("·", ""))
        name, rule, value = criterion(c)
        text = _("{criterion}: {rule} (you: {value})").format(
            criterion=name, rule=rule, value=value
        )
        lines.append((clean(f"{mark} {text}"), style))
    if not lines and record.get("why"):
        lines.append((clean(phrase(record["why"])), ""))
    return lines


def _text(lines: list[tuple[str, str]], justify: str = "left") -> Any:
    from rich.text import Text

    text = Text(justify=justify)  # type: ignore[arg-type]
    for i, (line, style) in enumerate(lines):
        if i:
            text.append("\n")
        text.append(line, style=style)
    return text


def _longest_word(texts: Iterable[str]) -> int:
    """The widest unit a text cannot be broken inside (a word, or a Chinese character
    with its closing punctuation)."""
    from rich.cells import cell_len

    return max((cell_len(w.strip()) for t in texts for w in _TOKEN.findall(t)), default=0)


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _ljust(text: str, width: int) -> str:
    """Pad to a display width (a Chinese character takes two cells)."""
    from rich.cells import cell_len

    return text + " " * max(width - cell_len(text), 0)


# ---------------------------------------------------------------- tables


def write_table(
    records: Sequence[dict],
    fields: Sequence[str],
    console: Any,
    title: str | None = None,
) -> None:
    """Records as a table that fits the console's width, or as stacked blocks."""
    if not records:
        return  # nothing to show: the command says so on stderr
    width = console.width
    dropped: list[str] = []
    for step in [None, *DROP_ORDER]:
        if step is not None:
            if step not in fields:
                continue
            dropped.append(step)
        kept = [f for f in fields if f not in dropped]
        table, needed = _table(records, _columns(kept), title)
        if needed <= width:
            console.print(table)
            return
    write_stacked(records, fields, console, title)


GAP = 2  # between two columns of the table's box


def _table(
    records: Sequence[Mapping[str, Any]], columns: list[Column], title: str | None
) -> tuple[Any, int]:
    """The table, and the narrowest width it fits in without wrapping an essential
    value or breaking a word."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(clean(title)) if title else None,  # a Text: never read as markup
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        collapse_padding=True,
    )
    cells = [[column.cell(record) for column in columns] for record in records]
    needed = GAP * (len(columns) - 1)
    for i, column in enumerate(columns):
        texts = [line for row in cells for line, _ in row[i]]
        natural = max([cell_len(column.header), *(cell_len(t) for t in texts)], default=1)
        if column.essential:
            table.add_column(column.header, no_wrap=True, justify=column.justify, min_width=natural)
            needed += natural
        else:
            floor = max(min(natural, MIN_TEXT), _longest_word(texts), cell_len(column.header))
            if column.key == "fit":  # narrow: what a maybe waits for wraps, a word a line
                roles = [cell_len(t) for row in cells for t, style in row[i] if style == ROLE_STYLE]
                # Chinese lines ("或符合", "（香港註冊）") are kept whole, as words are
                chinese = [cell_len(t) for t in texts if cell_len(t) != len(t)]
                floor = max(_longest_word(texts), cell_len(column.header), *roles, *chinese)
            elif column.key == "why":  # sentences: below this, a block a scheme reads better
                floor = max(floor, WHY_WIDTH)
            table.add_column(
                column.header,
                min_width=floor,
                max_width=floor if column.key == "fit" else None,
                overflow="fold",
                justify=column.justify,
            )
            needed += floor
    for row in cells:
        table.add_row(*(_text(lines, col.justify) for lines, col in zip(row, columns, strict=True)))
    return table, needed


# ---------------------------------------------------------------- stacked blocks


def write_stacked(
    records: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    console: Any,
    title: str | None = None,
) -> None:
    """One block a record: the essentials on the first line, the name under it, then
    each other field as `label: value`, wrapped between words to the console's width."""
    from rich.text import Text

    width = max(console.width, 30)
    if title:
        console.print(Text(clean(title), style="bold"))
    for n, record in enumerate(records):
        if n:
            console.print()
        for line in stacked_block(record, fields, width):
            console.print(line, no_wrap=True, crop=False, overflow="ignore")


def stacked_block(record: Mapping[str, Any], fields: Sequence[str], width: int) -> list[Any]:
    from rich.text import Text

    head: list[list[tuple[str, str]]] = []
    rest: list[tuple[str, list[tuple[str, str]]]] = []
    name_lines: list[tuple[str, str]] = []
    from itfind import i18n
    from itfind.i18n import _

    for field in fields:
        if field == "id":
            head.insert(0, [(clean(record.get("id")), "bold cyan")])
        elif field == "name":
            name_lines += _name_lines(record)
        elif field == "fit":
            fit = _fit_lines(record)
            head.append([(" ".join(t for t, _s in fit), fit[0][1])])
        elif field == "status":
            status = str(record.get("status") or "unknown")
            head.append([(clean(i18n.word("status", status)), STATUS_STYLES.get(status, ""))])
        elif field == "max_hkd":
            amount = get_field(record, "max_hkd")
            head.append([(money_phrase(amount, get_field(record, "funding.per"), short=True), "")])
        elif field == "kind":
            kind = get_field(record, "kind")
            head.append([(clean(i18n.word("kind", kind)) or _("kind unknown"), "dim")])
        elif field in ("grant_hkd", "applicant_share_hkd"):
            label = header("grant" if field == "grant_hkd" else "you pay")
            value = get_field(record, field)
            amount = short_money(value) if value is not None else _("n/a")
            head.append([(f"{label} {amount}", "")])
        elif field == "why":
            rest.append(("", _why_lines(record)))
        elif field in ESSENTIAL:
            value = clean(shown(record, field))
            if field == "days_left" and value:
                value = _("in {n} days").format(n=value)
            elif field in ("date", "opens", "closes", "last_verified") and value:
                value = i18n.day(value)
            if value:
                head.append([(value, "")])
        else:
            value = clean(shown(record, field), _(", "))
            if field == "excluded":
                value = clean(_phrase(get_field(record, field)))
            if value:
                rest.append((header(field), [(value, "")]))
    lines: list[Any] = []
    current = Text()
    for segment in head:
        piece = Text()
        for text, style in segment:
            piece.append(text, style=style)
        if current.cell_len and current.cell_len + 3 + piece.cell_len > width:
            lines.append(current)
            current = Text("    ")
        elif current.cell_len:
            current.append(" · ", style="dim")
        current.append_text(piece)
    lines.append(current)
    for text, style in name_lines:
        lines += [Text("  " + part, style=style) for part in wrap(text, width - 2)]
    for label, values in rest:
        for text, style in values:
            prefix = f"  {label}: " if label else "  "
            wrapped = wrap(text, width - len(prefix))
            for i, part in enumerate(wrapped):
                lead = prefix if i == 0 else " " * len(prefix)
                line = Text(lead, style="dim" if label else "")
                line.append(part, style=style)
                lines.append(line)
    return lines


def _marked(text: Any) -> str:
    """English text shown where Chinese was asked for, marked as such."""
    from itfind.i18n import chinese
    from itfind.render.cells import FALLBACK_MARK

    return f"{FALLBACK_MARK}{text}" if chinese() and text else str(text or "")


def _phrase(text: Any) -> str:
    from itfind.render.phrases import phrase

    return phrase(str(text)) if text else ""


def wrap(text: str, width: int) -> list[str]:
    """Wrap to a display width (a Chinese character takes two cells): between words,
    and between two Chinese characters (never before a closing mark such as ，or 。),
    never inside a word (a word longer than the line keeps its own line: web addresses
    stay whole)."""
    from rich.cells import cell_len

    width = max(width, 10)
    if cell_len(text) <= width and "\n" not in text:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKEN.findall(paragraph):
            if line and cell_len(line + token.rstrip()) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines or [""]


# A wrapping unit: a Chinese character (with the punctuation that must follow it on the
# same line), or a run of anything else up to and including the spaces after it.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CLOSING = "，。、；：！？）」』》〉】﹂%"
_TOKEN = re.compile(f"[{_CJK}][{_CLOSING}]*\\s*|[^\\s{_CJK}]+[{_CLOSING}]*\\s*|\\s+")


# ---------------------------------------------------------------- one record


def write_details(
    record: dict, console: Any, as_of_line: str | None = None, as_of: Any = None
) -> None:
    """`show` for a person: every fact of one record, unknowns said out loud, lists one
    item a line, web addresses whole (and links, where the terminal supports them)."""
    from rich.text import Text

    from itfind import i18n
    from itfind.i18n import _

    width = max(console.width, 30)
    f, e = record["funding"], record["eligibility"]
    zh = i18n.chinese() and record.get("name_zh")
    first, second = (
        (i18n.script(record["name_zh"]), record["name"]) if zh else (record["name"], None)
    )
    if not zh and record.get("name_zh"):
        second = record["name_zh"]
    title = Text(clean(first if zh else _marked(first)), style="bold")
    if second:
        title.append("  " + clean(second))
    console.print(title, no_wrap=True, crop=False, overflow="ignore")
    status = record["status"]
    status_text = i18n.word("status", status)
    if record["declared_status"] != status:
        status_text += " " + _("(catalogue says {declared}; dates say {status})").format(
            declared=i18n.word("status", record["declared_status"]),
            status=i18n.word("status", status),
        )
    seen = record.get("last_seen") or {}
    if status == "unknown" and seen.get("date"):
        status_text += " " + _("(last seen: {what}, {date})").format(
            what=seen.get("what") or _("running"), date=i18n.day(seen["date"])
        )
    usual = usual_words(record)
    window = _(" to ").join(i18n.day(x) for x in (record["opens"], record["closes"]) if x)
    amount = money_phrase(f["max_hkd"], f.get("per"))
    unknown, none = _("unknown"), _("none")
    rows: list[tuple[str, Any, str]] = [
        (_("id"), record["id"], "cyan"),
        (_("acronym"), record["acronym"] or none, ""),
        (_("also known as"), shown(record, "aliases") or none, ""),
        (_("administrator"), record["administrator"] or unknown, ""),
        (_("summary"), shown(record, "summary") or unknown, ""),
        (_("status"), status_text, STATUS_STYLES.get(status, "")),
        (_("intake"), shown(record, "intake") or unknown, ""),
        (_("window"), window or _("no dates"), ""),
        (_("who can apply"), shown(record, "applicant_types"), ""),
        (
            _("also takes part"),
            [
                f"{i18n.word('type', p['type'])} ({i18n.word('role', p['role'])})"
                for p in record.get("participants") or []
            ]
            or _("no one"),
            "",
        ),
        (_("stages"), shown(record, "stages"), ""),
        (_("sectors"), shown(record, "sectors"), ""),
        (_("eligibility"), shown(record, "eligibility.text") or unknown, ""),
        (_("applies through"), e.get("via") or _("no one: applicants apply themselves"), ""),
        (_("funding"), shown(record, "funding.kind") or unknown, ""),
        (_("up to"), amount, "bold"),
        (_("in detail"), shown(record, "funding.basis") or none, ""),
        (
            _("matching ratio"),
            share_in_words(f["matching_ratio"], f["percent_cap"]) or _("none or unknown"),
            "",
        ),
        (_("notes"), shown(record, "funding.notes") or none, ""),
        (_("last verified"), i18n.day(record["last_verified"]) or unknown, ""),
    ]
    quiet = {unknown, none, _("no dates"), _("none or unknown"), _("no one")}
    label_width = max(_cell_len(label) for label, _v, _s in rows) + 2
    for label, value, style in rows:
        text = clean(value, _(", "))
        wrapped = wrap(text, width - label_width)
        for n, part in enumerate(wrapped):
            line = Text(_ljust(label if n == 0 else "", label_width), style="bold")
            line.append(part, style="dim italic" if text in quiet else style)
            console.print(line, no_wrap=True, crop=False, overflow="ignore")
    if usual:
        _list(console, _("rounds"), [(None, usual)], width)
    _list(console, _("url"), [(record["url"], record["url"])] if record["url"] else [], width)
    apply = record.get("apply_url")
    _list(console, _("apply at"), [(apply, apply)] if apply else [], width)
    asks = record.get("enquiries") or {}
    _list(
        console,
        _("enquiries"),
        [
            (asks[k], asks[k]) if k == "url" else (None, asks[k])
            for k in ("email", "phone", "url")
            if asks.get(k)
        ],
        width,
    )
    _list(
        console,
        _("planned"),
        [(None, planned_words(p, record, as_of)) for p in record.get("planned") or []],
        width,
        "yellow",
    )
    _list(console, _("schemes under it"), [(None, p) for p in record.get("parts") or []], width)
    for label, key in ((_("see instead"), "successors"), (_("see also"), "see_also")):
        _list(
            console,
            label,
            [
                (None, f"{p['id']}: {_marked(p.get('reason'))}".rstrip(": "))
                for p in record.get(key) or []
            ],
            width,
        )
    _list(
        console,
        _("past windows"),
        [
            (
                None,
                _("{opens} to {closes}").format(
                    opens=i18n.day(w.get("opens")) or "?", closes=i18n.day(w.get("closes")) or "?"
                )
                + f"  {w.get('what') or ''}".rstrip(),
            )
            for w in record.get("windows") or []
        ],
        width,
    )
    _list(
        console,
        _("sources"),
        [(s["url"], f"{s['url']}  {s.get('title') or ''}".strip()) for s in record["sources"]],
        width,
    )
    _list(
        console,
        _("history"),
        [(None, f"{i18n.day(h.get('date')) or '?'}  {h['change']}") for h in record["history"]],
        width,
    )
    _list(console, _("unconfirmed"), [(None, u) for u in record["unconfirmed"]], width, "yellow")
    if as_of_line:
        console.print(Text(as_of_line, style="dim"))


def _list(
    console: Any, label: str, items: list[tuple[str | None, str]], width: int, style: str = ""
) -> None:
    """A heading and one item a line; a web address is a link and is never broken."""
    from rich.text import Text

    if not items:
        return
    console.print(Text(label, style="bold"))
    for link, text in items:
        for i, part in enumerate(wrap(clean(text), width - 4)):
            line = Text("  - " if i == 0 else "    ")
            piece_style = style
            if link and i == 0 and part.startswith(link):
                line.append(part[: len(link)], style=f"link {link}")
                line.append(part[len(link) :], style=piece_style)
            else:
                line.append(part, style=piece_style)
            console.print(line, no_wrap=True, crop=False, overflow="ignore")


def write_estimate(record: Mapping[str, Any], console: Any) -> None:
    """`estimate` for a person: the steps of the sum, with amounts right-aligned."""
    from rich.table import Table
    from rich.text import Text

    from itfind import i18n
    from itfind.i18n import _
    from itfind.render.cells import money
    from itfind.render.phrases import phrase

    name = record["name"]
    if i18n.chinese() and record.get("name_zh"):
        name = i18n.script(record["name_zh"])
    title = _("{name}: a project of {cost}").format(
        name=name, cost=i18n.money_exact(record["cost_hkd"])
    )
    table = Table(title=Text(clean(title)), header_style="bold")
    table.add_column(_("step"), overflow="fold")
    table.add_column("HK$", justify="right", no_wrap=True)
    for step in record["steps"]:
        table.add_row(Text(clean(phrase(step["step"]))), Text(money(step["amount_hkd"])))
    console.print(table)
    if record["grant_hkd"] is None:
        console.print(Text(_("No grant computed; see the note below.")))


def write_why_not(rows: Sequence[Mapping[str, Any]], console: Any, profile: str | None) -> None:
    """`eligible --why-not` for a person: each scheme's rules, what the applicant said
    and where that came from, then the verdict."""
    from rich.text import Text

    from itfind import i18n
    from itfind.i18n import _
    from itfind.render.phrases import criterion, phrase

    width = max(console.width, 30)
    current = None
    for row in rows:
        if row["id"] != current:
            if current is not None:
                console.print()
            current = row["id"]
            console.print(Text(str(row["id"]), style="bold cyan"))
        if row["criterion"] == "verdict":
            for n, part in enumerate(wrap(clean(phrase(row["rule"])), width - 4)):
                console.print(Text(("  " if n == 0 else "    ") + part, style="bold"))
            continue
        mark, style = MARKS.get(str(row["result"]), ("·", ""))
        if row["criterion"] == "status":
            text = _("status: {status}: {rule}").format(
                status=i18n.word("status", row["value"]), rule=phrase(row["rule"])
            )
        else:
            name, rule, value = criterion(row)
            if row.get("from") == "profile":
                template = (
                    _("{criterion}: {rule} (you: {value}, from the profile {profile})")
                    if profile
                    else _("{criterion}: {rule} (you: {value}, from the profile)")
                )
            else:
                template = _("{criterion}: {rule} (you: {value})")
            text = template.format(criterion=name, rule=rule, value=value, profile=profile)
        for n, part in enumerate(wrap(clean(text), width - 4)):
            line = Text(f"  {mark} " if n == 0 else "    ", style=style)
            line.append(part)
            console.print(line, no_wrap=True, crop=False, overflow="ignore")


def write_compare(
    records: Sequence[Mapping[str, Any]], rows: Sequence[tuple[str, str]], console: Any
) -> None:
    """Schemes side by side (a column a scheme, a row a fact) when that fits the
    console, else a block a scheme with one `fact: value` line each."""
    from itfind.i18n import _

    rows = [(_(label), path) for label, path in rows]
    # Web addresses are never broken: in the table they go under it, a line each.
    table_rows = [
        {"fact": label, **{r["id"]: _fact(r, path) for r in records}}
        for label, path in rows
        if path != "url"
    ]
    fields = ["fact", *(r["id"] for r in records)]
    table, needed = _table(
        table_rows,
        [
            Column(
                f,
                header(f),
                lambda r, f=f: [(clean(r.get(f)), "bold" if f == "fact" else "")],
                False,
            )
            for f in fields
        ],
        None,
    )
    from rich.text import Text

    if needed <= console.width:
        console.print(table)
        for record in records:
            if record.get("url"):
                line = Text(f"{record['id']}: ", style="dim")
                line.append(record["url"], style=f"link {record['url']}")
                console.print(line, no_wrap=True, crop=False, overflow="ignore")
        return
    width = max(console.width, 30)
    for n, record in enumerate(records):
        if n:
            console.print()
        console.print(Text(str(record["id"]), style="bold cyan"))
        label_width = max(_cell_len(label) for label, _p in rows) + 2
        for label, path in rows:
            text = _fact(record, path) or _("unknown")
            for k, part in enumerate(wrap(text, width - label_width - 2)):
                line = Text("  " + _ljust(label if k == 0 else "", label_width), style="dim")
                line.append(part)
                console.print(line, no_wrap=True, crop=False, overflow="ignore")


MONEY_FIELDS = ("funding.per_project_max_hkd", "funding.cumulative_max_hkd")


def _fact(record: Mapping[str, Any], path: str) -> str:
    """One fact of a record as a person reads it: amounts with their unit, words and
    texts in the reader's language."""
    from itfind import i18n

    value = get_field(record, path)
    if path == "funding.max_hkd":
        return money_phrase(value, get_field(record, "funding.per"))
    if path in MONEY_FIELDS and value is not None:
        return i18n.money_exact(value)
    if path == "funding.percent_cap" and value is not None:
        return f"{value:g}%"
    if path in ("closes", "opens", "last_verified"):
        return i18n.day(value)
    return clean(shown(record, path), i18n._(", "))
