"""The one output layer: records (plain dicts) to table, tsv, json, jsonl, csv, yaml or md.

Machine formats are written here with the standard library and never pass through rich,
so they carry no colour, no borders, no wrapping and no markup. Tables for a person are
drawn by `itfind.render.terminal`, the only module that imports rich.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

from itfind.errors import UsageError
from itfind.i18n import N_
from itfind.render.cells import (
    HEADERS,
    LIST_SEPARATOR,
    SHORTCUTS,
    cell_text,
    get_field,
    getter,
    money,
    share_in_words,
)
from itfind.text import did_you_mean, escape_control, quote, split_list

__all__ = [
    "DEFAULT_FIELDS",
    "FORMATS",
    "HEADERS",
    "LIST_SEPARATOR",
    "SHORTCUTS",
    "cell_text",
    "get_field",
    "money",
    "pivot",
    "resolve_fields",
    "share_in_words",
    "write",
]

FORMATS = ("table", "tsv", "json", "jsonl", "csv", "yaml", "md")
DEFAULT_FIELDS = ("id", "name", "status", "max_hkd", "applicant_types", "per")


def resolve_fields(
    requested: str | None, records: Sequence[dict], default: Sequence[str]
) -> list[str]:
    """Parse `--fields a,b,c`, checking each name against what the records carry."""
    if not requested:
        return list(default)
    fields = split_list([requested])
    known = set(SHORTCUTS)
    for record in records[:1]:
        for name, value in record.items():
            known.add(name)
            if isinstance(value, dict):
                known.update(f"{name}.{sub}" for sub in value)
    for name in fields:
        if records and name not in known:
            close = did_you_mean(name, sorted(known))
            hint = (
                f"did you mean '{close}'?" if close else f"known fields: {', '.join(sorted(known))}"
            )
            raise UsageError(f"unknown field {quote(name)} in --fields", hint=hint)
    return fields


def project(record: dict, fields: Sequence[str]) -> dict:
    return {name: get_field(record, name) for name in fields}


# ---------------------------------------------------------------- cells


def tsv_escape(text: str) -> str:
    """Tabs, newlines and control characters as visible escapes: one record, one line."""
    text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return escape_control(text)


def csv_safe(value: Any) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP's CSV injection advice):
    any cell but a number that starts with = + - @ (or a tab or return)."""
    text = escape_control(cell_text(value))
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


# Characters JSON may carry raw but that line-splitting readers take for line breaks.
# Escaped although JSON allows them raw: line breaks for line-splitting readers (a jsonl
# line stays one line), bidirectional controls for whoever reads the JSON in a terminal.
_JSON_ESCAPES = {
    c: f"\\u{ord(c):04x}"
    for c in "\u2028\u2029\x85\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
}
_JSON_TABLE = str.maketrans(_JSON_ESCAPES)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON as itfind writes it: UTF-8 text, no NaN or Infinity (they are not JSON), and
    no raw line or paragraph separator (a `jsonl` line stays one line for any reader)
    and no raw bidirectional control."""
    from itfind.errors import ItfindError

    try:
        text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        raise ItfindError("a number to write is not finite (NaN or infinity)") from None
    return text.translate(_JSON_TABLE)


# ---------------------------------------------------------------- writers


def write(
    records: Sequence[dict],
    fmt: str,
    fields: Sequence[str] | None,
    out: IO[str],
    *,
    console: Any = None,
    title: str | None = None,
) -> None:
    """Write records in a format. `fields` None means the format's default selection:
    the full record for json/jsonl/yaml, DEFAULT_FIELDS for the tabular formats.
    `console` is the terminal to draw a table on (`terminal.make_console`)."""
    if fmt in ("json", "jsonl", "yaml"):
        chosen = records if fields is None else [project(r, fields) for r in records]
        if fmt == "json":
            out.write(json_text(list(chosen), indent=2) + "\n")
        elif fmt == "jsonl":
            for record in chosen:
                out.write(json_text(record) + "\n")
        else:
            import yaml

            out.write(yaml.safe_dump(list(chosen), allow_unicode=True, sort_keys=False))
        return
    fields = list(fields or DEFAULT_FIELDS)
    getters = [getter(f) for f in fields]
    if fmt == "tsv":
        for record in records:
            out.write("\t".join([tsv_escape(cell_text(get(record))) for get in getters]) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for record in records:
            writer.writerow([csv_safe(get(record)) for get in getters])
    elif fmt == "md":
        write_markdown(records, fields, out)
    elif fmt == "table":
        from itfind.render import terminal

        if "max_hkd" in fields:  # a table shows the unit with the amount
            fields = [f for f in fields if f != "per"]
        terminal.write_table(records, fields, console or terminal.make_console(), title)
    else:  # the CLI checks formats; this guards library callers
        raise UsageError(
            f"unknown format {quote(fmt)}", hint=f"choose one of: {', '.join(FORMATS)}"
        )


def write_markdown(records: Sequence[dict], fields: Sequence[str], out: IO[str]) -> None:
    """A Markdown table for people (headers and words in the reader's language)."""
    from itfind.i18n import _
    from itfind.render.cells import header, shown

    def md(value: Any) -> str:
        # Markdown passes HTML through and makes links of [text](target): escape both,
        # so a record cannot add a script or a javascript: link to the page the table
        # is pasted into. (Web addresses are validated http(s) and stay plain text.)
        text = escape_control(cell_text(value, _(", ")))
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return text.replace("|", "\\|").replace("\n", "<br>")

    out.write("| " + " | ".join(md(header(f)) for f in fields) + " |\n")
    out.write("|" + "|".join(" --- " for _f in fields) + "|\n")
    for record in records:
        out.write("| " + " | ".join(md(shown(record, f)) for f in fields) + " |\n")


# `compare`: a row per fact (label, field), a column per scheme.
COMPARE_ROWS = (
    (N_("name"), "name"),
    (N_("中文名稱"), "name_zh"),
    (N_("status"), "status"),
    (N_("closes"), "closes"),
    (N_("who can apply"), "applicant_types"),
    (N_("stages"), "stages"),
    (N_("sectors"), "sectors"),
    (N_("eligibility"), "eligibility.text"),
    (N_("funding"), "funding.kind"),
    (N_("up to (HK$)"), "funding.max_hkd"),
    (N_("per"), "funding.basis"),
    (N_("matching ratio"), "funding.matching_ratio"),
    (N_("% cap"), "funding.percent_cap"),
    (N_("per-project cap"), "funding.per_project_max_hkd"),
    (N_("cumulative cap"), "funding.cumulative_max_hkd"),
    (N_("max projects"), "funding.max_projects"),
    (N_("administrator"), "administrator"),
    (N_("url"), "url"),
    (N_("last verified"), "last_verified"),
)


def pivot(records: Sequence[dict], rows: Sequence[tuple[str, str]]) -> tuple[list[dict], list[str]]:
    """Records side by side: one row per (label, field), a column per record's id.
    Returns the rows and the column names (`fact`, then the ids)."""
    table = []
    for label, path in rows:
        row = {"fact": label}
        for record in records:
            row[record["id"]] = get_field(record, path)
        table.append(row)
    return table, ["fact", *(record["id"] for record in records)]


def write_keyvalue(record: dict, out: IO[str]) -> None:
    """One record for a person reading a pipe or a file: `key: value` a line, nested
    fields as `funding.kind`, lists of entries one per indented line; plain text."""

    def line(key: str, value: Any) -> None:
        out.write(f"{key}: {tsv_escape(cell_text(value))}".rstrip() + "\n")

    for key, value in record.items():
        if isinstance(value, dict):
            for sub, inner in value.items():
                line(f"{key}.{sub}", inner)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.write(f"{key}:\n")
            for item in value:
                text = "  ".join(tsv_escape(cell_text(v)) for v in item.values() if v is not None)
                out.write(f"  {text}\n")
        else:
            line(key, value)
