"""Drawing for a person at a terminal: tables, one record's details, an estimate.

The only module that imports rich (ruff's banned-api rule enforces it). Catalogue text is
handed to rich as `Text`, never as markup, and control characters are made visible.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from itfind.render.cells import HEADERS, cell_text, get_field, money, share_in_words
from itfind.text import escape_control


def make_console(*, no_color: bool = False, stderr: bool = False) -> Any:
    """A rich console; `--no-color`, NO_COLOR and TERM=dumb mean plain text: no colour
    and no bold either, which rich's own no_color would still send."""
    from rich.console import Console

    plain = no_color or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    kwargs: dict[str, Any] = {"color_system": None} if plain else {}
    return Console(stderr=stderr, highlight=False, soft_wrap=False, **kwargs)


STATUS_STYLES = {
    "open": "bold green",
    "upcoming": "yellow",
    "invitation": "cyan",
    "unknown": "magenta",
    "closed": "red",
    "ended": "dim red",
}
FIT_STYLES = {"yes": "green", "maybe": "yellow", "no": "red"}


def _styled(field: str, value: Any, record: dict) -> Any:
    from rich.text import Text

    if field == "max_hkd":
        return Text(money(value), justify="right")
    if field == "name" and record.get("name_zh"):
        text = Text(escape_control(cell_text(value)))
        text.append("\n" + escape_control(record["name_zh"]), style="dim")
        return text
    text = escape_control(cell_text(value, ", "))
    if field == "status":
        return Text(text or "unknown", style=STATUS_STYLES.get(text, ""))
    if field == "fit":
        return Text(text, style=FIT_STYLES.get(text, ""))
    return Text(text)


def write_table(
    records: Sequence[dict], fields: Sequence[str], console: Any, title: str | None = None
) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for field in fields:
        header = HEADERS.get(field, field)
        if field == "max_hkd":
            table.add_column(header, justify="right", no_wrap=True)
        elif field in ("id", "status", "fit"):
            table.add_column(header, no_wrap=True, overflow="fold")
        else:
            table.add_column(header, overflow="fold")
    for record in records:
        table.add_row(*(_styled(f, get_field(record, f), record) for f in fields))
    console.print(table)


def write_details(record: dict, out_console: Any, as_of_line: str | None = None) -> None:
    """`show` for a person: every fact of one record, unknowns said out loud."""
    from rich.table import Table
    from rich.text import Text

    def line(value: Any, unknown: str = "unknown") -> Text:
        text = escape_control(cell_text(value, ", "))
        return Text(text) if text else Text(unknown, style="dim italic")

    f, e = record["funding"], record["eligibility"]
    title = Text(escape_control(record["name"]), style="bold")
    if record.get("name_zh"):
        title.append("  " + escape_control(record["name_zh"]))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    status = record["status"]
    status_text = Text(status, style=STATUS_STYLES.get(status, ""))
    if record["declared_status"] != status:
        status_text.append(
            f"  (catalogue says {record['declared_status']}; dates say {status})", style="dim"
        )
    window = " to ".join(x for x in (record["opens"], record["closes"]) if x)
    rows: list[tuple[str, Any]] = [
        ("id", line(record["id"])),
        ("acronym", line(record["acronym"], "none")),
        ("also known as", line(record["aliases"], "none")),
        ("administrator", line(record["administrator"])),
        ("summary", line(record["summary"])),
        ("status", status_text),
        ("intake", line(record["intake"])),
        ("window", line(window, "no dates")),
        ("who can apply", line(record["applicant_types"])),
        ("stages", line(record["stages"])),
        ("sectors", line(record["sectors"])),
        ("eligibility", line(e["text"])),
        ("funding", line(f["kind"])),
        ("up to", Text(f"HK${money(f['max_hkd'])}" if f["max_hkd"] is not None else "unknown")),
        ("per", line(f["basis"])),
        (
            "matching ratio",
            line(share_in_words(f["matching_ratio"], f["percent_cap"]), "none or unknown"),
        ),
        ("notes", line(f["notes"], "none")),
        ("url", line(record["url"])),
        ("sources", line(record["sources"], "none")),
        ("last verified", line(record["last_verified"])),
    ]
    if record["history"]:
        rows.append(("history", line([cell_text(h) for h in record["history"]])))
    if record["unconfirmed"]:
        rows.append(
            (
                "unconfirmed",
                Text("; ".join(escape_control(u) for u in record["unconfirmed"]), style="yellow"),
            )
        )
    for label, value in rows:
        grid.add_row(label, value)
    out_console.print(title)
    out_console.print(grid)
    if as_of_line:
        out_console.print(Text(as_of_line, style="dim"))


def write_estimate(record: Mapping[str, Any], console: Any) -> None:
    """`estimate` for a person: the steps of the sum, with amounts right-aligned."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(f"{record['name']}: a project of HK${money(record['cost_hkd'])}"),
        header_style="bold",
    )
    table.add_column("step", overflow="fold")
    table.add_column("HK$", justify="right", no_wrap=True)
    for step in record["steps"]:
        table.add_row(Text(step["step"]), Text(money(step["amount_hkd"])))
    console.print(table)
    if record["grant_hkd"] is None:
        console.print(Text("No grant computed; see the note below."))
