"""Write a catalogue in its canonical layout, or check that it is in it.

    python tools/format_catalogue.py data/schemes.yaml           # rewrite in place
    python tools/format_catalogue.py --check data/schemes.yaml   # exit 1 if it would change

The layout is the one people edit by hand: a record's fields in the order the record
format declares them (itfind/model.py), short lists in brackets, history, sources and
other small entries one `{...}` a line, groups as indented blocks, the file's own
comments kept where they were. A rewrite never changes what the file means: the result
is parsed and compared with the input before it is written.

Tools that change records (adding fields, applying research) load the file with
`load()`, edit plain dicts and write them back with `dump()`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from itfind import model, schema

PLAIN = re.compile(r"^[A-Za-z\u0080-\uffff(][^\n]*$")
RESOLVES = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~|[-+]?[0-9].*|\.[0-9].*|\.inf|\.nan|[0-9]{4}-[0-9]{2}-[0-9]{2}.*)$"
)


def scalar(value: Any, flow: bool = False) -> str:
    """A YAML scalar: plain where that reads back as the same string, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    unsafe = (
        not PLAIN.match(text)
        or RESOLVES.match(text)
        or ": " in text
        or " #" in text
        or text.endswith((":", " "))
        or text != text.strip()
        or "\t" in text
        or (flow and any(c in text for c in ",[]{}"))
        or text.startswith(("- ", "? ", "!", "&", "*", "|", ">", "%", "@", "`", "'", '"'))
    )
    return json.dumps(text, ensure_ascii=False) if unsafe else text


def flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def flow_map(item: dict[str, Any], cls: type) -> str:
    parts = []
    for name in schema.names_of(cls):
        value = item.get(name)
        if value is None and name not in _KEEP_NULL.get(cls, ()):
            continue
        parts.append(f"{name}: {_flow_value(value)}")
    return "{" + ", ".join(parts) + "}"


def _flow_value(value: Any) -> str:
    if isinstance(value, str) and not isinstance(value, bool):
        return json.dumps(value, ensure_ascii=False)  # entries read best all quoted
    return scalar(value, flow=True)


# Entry fields written even when null (the catalogue has always shown them).
_KEEP_NULL = {model.Source: ("dated",)}


def dump_record(record: dict[str, Any]) -> list[str]:
    lines = []
    first = True
    for name, spec, _ in schema.fields_of(model.Scheme):
        if name not in record:
            continue
        value = record[name]
        lead = "  - " if first else "    "
        first = False
        lines += _field(lead, name, spec, value, "    ")
    return lines


def _field(lead: str, name: str, spec: schema.Spec, value: Any, indent: str) -> list[str]:
    if spec.kind == "group":
        if not value:
            return [f"{lead}{name}: {{}}"]
        out = [f"{lead}{name}:"]
        for sub, sub_spec, _ in schema.fields_of(spec.item):  # type: ignore[arg-type]
            if sub in value:
                out += _field(indent + "  ", sub, sub_spec, value[sub], indent + "  ")
        return out
    if spec.kind == "entries":
        if not value:
            return [f"{lead}{name}: []"]
        return [f"{lead}{name}:"] + [
            f"{indent}  - {flow_map(item, spec.item)}"  # type: ignore[arg-type]
            for item in value
        ]
    if name == "unconfirmed":
        if not value:
            return [f"{lead}{name}: []"]
        return [f"{lead}{name}:"] + [f"{indent}  - {scalar(v)}" for v in value]
    if isinstance(value, list):
        return [f"{lead}{name}: {flow_list(value)}"]
    return [f"{lead}{name}: {scalar(value)}"]


def load(path: Path) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The document, and the comment lines that stand before each record (by id)."""
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    comments: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in text.splitlines():
        if line.strip().startswith("#") and line.startswith("  "):
            pending.append(line)
        match = re.match(r"^  - id: (\S+)", line)
        if match:
            comments[match.group(1)] = pending
            pending = []
    return data, comments


def dump(data: dict[str, Any], comments: dict[str, list[str]], header: str) -> str:
    out = [header.rstrip("\n"), f"as_of: {scalar(data['as_of'])}", "schemes:"]
    for record in data["schemes"]:
        out.append("")
        out += comments.get(record["id"], [])
        out += dump_record(record)
    return "\n".join(out) + "\n"


def header_of(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


def meaning(text: str, label: str) -> tuple:
    """What a catalogue says, as the validator reads it (a null left out is a null)."""
    from itfind.catalogue.validate import check_bytes

    check = check_bytes(text.encode("utf-8"), label, whole=True)
    records = list(check.records)
    return check.as_of, records, [str(p) for p in check.problems]


def formatted(path: Path) -> str:
    data, comments = load(path)
    text = dump(data, comments, header_of(path))
    before = path.read_text(encoding="utf-8")
    if meaning(text, str(path))[:2] != meaning(before, str(path))[:2]:
        raise SystemExit(f"{path}: the layout would change what the file means; not written")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only say whether it would change")
    args = parser.parse_args()
    changed = []
    for path in args.paths:
        text = formatted(path)
        if text != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path}", file=sys.stderr)
    sys.exit(1 if args.check and changed else 0)


if __name__ == "__main__":
    main()
