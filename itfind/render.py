"""The one output layer: records (plain dicts) to table, tsv, json, jsonl, csv, yaml or md.

Machine formats are written with the standard library and never pass through rich, so
they carry no colour, no borders, no wrapping and no markup. Rich is imported only to
draw a table for a person, and catalogue text is handed to it as `Text`, never markup.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections.abc import Callable, Sequence
from typing import IO, Any

from itfind.errors import UsageError
from itfind.text import escape_control

FORMATS = ("table", "tsv", "json", "jsonl", "csv", "yaml", "md")
DEFAULT_FIELDS = ("id", "name", "status", "max_hkd", "applicant_types")

# Short names for nested fields, so `--fields id,max_hkd` reads naturally.
SHORTCUTS = {
    "max_hkd": "funding.max_hkd",
    "kind": "funding.kind",
    "ratio": "funding.matching_ratio",
    "matching_ratio": "funding.matching_ratio",
    "basis": "funding.basis",
}
HEADERS = {
    "max_hkd": "up to (HK$)",
    "applicant_types": "who",
    "name_zh": "中文名稱",
    "last_verified": "verified",
}
LIST_SEPARATOR = "; "  # in tsv and csv cells; data never needs it


def resolve_fields(
    requested: str | None, records: Sequence[dict], default: Sequence[str]
) -> list[str]:
    """Parse `--fields a,b,c`, checking each name against what the records carry."""
    if not requested:
        return list(default)
    fields = [f.strip() for f in requested.split(",") if f.strip()]
    known = set(SHORTCUTS)
    for record in records[:1]:
        for name, value in record.items():
            known.add(name)
            if isinstance(value, dict):
                known.update(f"{name}.{sub}" for sub in value)
    for name in fields:
        if records and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else f"known fields: {', '.join(sorted(known))}"
            )
            raise UsageError(f"unknown field {name!r} in --fields", hint=hint)
    return fields


def get_field(record: dict, name: str) -> Any:
    path = SHORTCUTS.get(name, name)
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def project(record: dict, fields: Sequence[str]) -> dict:
    return {name: get_field(record, name) for name in fields}


# ---------------------------------------------------------------- cells


def cell_text(value: Any, separator: str = LIST_SEPARATOR) -> str:
    """One value as the text of a cell: unknown is empty, lists are joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return separator.join(cell_text(item, separator) for item in value)
    if isinstance(value, dict):
        if "url" in value:
            return str(value["url"])
        if "change" in value:
            return f"{value.get('date') or ''} {value['change']}".strip()
        if "criterion" in value:
            return f"{value['criterion']}={value['result']}"
        return separator.join(f"{k}={cell_text(v, separator)}" for k, v in value.items())
    return str(value)


def tsv_escape(text: str) -> str:
    """Tabs, newlines and control characters as visible escapes: one record, one line."""
    text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return escape_control(text)


def csv_safe(value: Any) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP's CSV injection advice)."""
    text = escape_control(cell_text(value))
    if isinstance(value, str | list) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def money(value: Any) -> str:
    if value is None:
        return "unknown"
    return f"{value:,.0f}" if isinstance(value, int | float) else str(value)


# ---------------------------------------------------------------- writers


def write(
    records: Sequence[dict],
    fmt: str,
    fields: Sequence[str] | None,
    out: IO[str],
    *,
    console_factory: Callable[[], Any] | None = None,
    title: str | None = None,
) -> None:
    """Write records in a format. `fields` None means the format's default selection:
    the full record for json/jsonl/yaml, DEFAULT_FIELDS for the tabular formats."""
    if fmt in ("json", "jsonl", "yaml"):
        chosen = records if fields is None else [project(r, fields) for r in records]
        if fmt == "json":
            out.write(json.dumps(list(chosen), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "jsonl":
            for record in chosen:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            import yaml

            out.write(yaml.safe_dump(list(chosen), allow_unicode=True, sort_keys=False))
        return
    fields = list(fields or DEFAULT_FIELDS)
    if fmt == "tsv":
        for record in records:
            out.write("\t".join(tsv_escape(cell_text(get_field(record, f))) for f in fields) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for record in records:
            writer.writerow([csv_safe(get_field(record, f)) for f in fields])
    elif fmt == "md":
        write_markdown(records, fields, out)
    elif fmt == "table":
        write_table(records, fields, console_factory, title)
    else:  # the CLI checks formats; this guards library callers
        raise UsageError(f"unknown format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")


def write_markdown(records: Sequence[dict], fields: Sequence[str], out: IO[str]) -> None:
    def md(value: Any) -> str:
        text = escape_control(cell_text(value, ", "))
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    out.write("| " + " | ".join(HEADERS.get(f, f) for f in fields) + " |\n")
    out.write("|" + "|".join(" --- " for _ in fields) + "|\n")
    for record in records:
        out.write("| " + " | ".join(md(get_field(record, f)) for f in fields) + " |\n")


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
    records: Sequence[dict],
    fields: Sequence[str],
    console_factory: Callable[[], Any] | None,
    title: str | None = None,
) -> None:
    from rich.table import Table

    console = console_factory() if console_factory else _default_console()
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


def _default_console() -> Any:
    from rich.console import Console

    return Console()


def share_in_words(ratio: str | None, percent_cap: float | None) -> str | None:
    """`3:1` -> `3:1 (government:applicant): the scheme pays 75% of approved cost`."""
    from itfind.model import parse_ratio

    parsed = parse_ratio(ratio)
    if parsed:
        gov, own = parsed
        share = f"{100 * gov / (gov + own):.4g}%"
        return f"{ratio} (government:applicant): the scheme pays {share} of approved cost"
    if percent_cap is not None:
        return f"the scheme pays at most {percent_cap:g}% of approved cost"
    return ratio


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
