"""itfind's message catalogues: extract what the code translates, compile .po to .mo.

    python tools/i18n.py extract     # itfind/locale/itfind.pot from the code (and the
                                      # vocabularies), adding new entries to each .po
    python tools/i18n.py compile     # each itfind/locale/*/LC_MESSAGES/itfind.po -> .mo
    python tools/i18n.py check       # untranslated or stale entries, bad placeholders

Standard gettext files, so translators can use ordinary tools (Poedit, msgfmt). The .mo
files are committed; tests/test_i18n.py fails when one is not what `compile` makes from
its .po. Standard library only.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PACKAGE = ROOT / "itfind"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "itfind.pot"
HEADER = (
    "Project-Id-Version: itfind\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)
PLACEHOLDER = re.compile(r"\{[a-z_]*(?:[:!][^{}]*)?\}")


# ---------------------------------------------------------------- reading and writing .po


def unquote(text: str) -> str:
    return ast.literal_eval(text)


def quote(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def read_po(path: Path) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> msgstr; the header entry is left out."""
    entries: dict[tuple[str | None, str], str] = {}
    context: str | None = None
    msgid = msgstr = None
    field = None

    def flush() -> None:
        nonlocal context, msgid, msgstr
        if msgid is not None and msgid != "":
            entries[(context, msgid)] = msgstr or ""
        context = msgid = msgstr = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and msgid is not None:
                flush()
            continue
        if line.startswith("msgctxt "):
            if msgid is not None:
                flush()
            context, field = unquote(line[8:]), "ctx"
        elif line.startswith("msgid "):
            if msgid is not None and field == "str":
                flush()
            msgid, field = unquote(line[6:]), "id"
        elif line.startswith("msgstr "):
            msgstr, field = unquote(line[7:]), "str"
        elif line.startswith('"'):
            piece = unquote(line)
            if field == "ctx":
                context = (context or "") + piece
            elif field == "id":
                msgid = (msgid or "") + piece
            elif field == "str":
                msgstr = (msgstr or "") + piece
    flush()
    return entries


def write_po(path: Path, entries: dict[tuple[str | None, str], str], language: str) -> None:
    out = ['msgid ""', 'msgstr ""']
    out += [quote(line + "\n") for line in (HEADER + f"Language: {language}").splitlines()]
    for (context, msgid), msgstr in entries.items():
        out.append("")
        if context is not None:
            out.append(f"msgctxt {quote(context)}")
        out.append(f"msgid {quote(msgid)}")
        out.append(f"msgstr {quote(msgstr)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def mo_bytes(entries: dict[tuple[str | None, str], str]) -> bytes:
    """A GNU .mo file (what msgfmt writes), translated entries only, keys sorted."""
    catalog = {"": HEADER}
    for (context, msgid), msgstr in entries.items():
        if msgstr:
            catalog[f"{context}\x04{msgid}" if context is not None else msgid] = msgstr
    keys = sorted(catalog)
    ids = strs = b""
    offsets = []
    for key in keys:
        k, v = key.encode("utf-8"), catalog[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    table = []
    for id_offset, id_length, _str_offset, _str_length in offsets:
        table += [id_length, key_start + id_offset]
    values = []
    for _id_offset, _id_length, str_offset, str_length in offsets:
        values += [str_length, value_start + str_offset]
    head = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return (
        head
        + struct.pack(f"{len(table)}i", *table)
        + struct.pack(f"{len(values)}i", *values)
        + ids
        + strs
    )


# ---------------------------------------------------------------- what the code asks for


def word_vocabularies() -> dict[str, tuple[str, ...]]:
    """Every vocabulary word a person may read, by kind (`word(kind, value)`), for the
    message catalogue."""
    from itfind import vocab
    from itfind.dates import MONTHS
    from itfind.i18n import FIELD_HEADERS

    return {
        "status": (*vocab.STATUSES, "not-launched"),
        "type": tuple(vocab.APPLICANT_TYPES),
        "stage": tuple(vocab.STAGES),
        "sector": tuple(vocab.SECTORS),
        "kind": tuple(vocab.FUNDING_KINDS),
        "intake": tuple(vocab.INTAKES),
        "member": tuple(vocab.MEMBERSHIPS),
        "route": tuple(vocab.ROUTES),
        "role": ("applicant", *vocab.ROLES),
        "fit": ("yes", "maybe", "no"),
        "result": ("pass", "fail", "unknown"),
        "criterion": (
            "type", "stage", "sector", "employees", "age", "listed", "hk_registered",
            "membership", "route", "invitation", "status", "verdict",
        ),
        "event": ("opens", "closes", "all-year"),
        "per": tuple(vocab.PER),
        "per-long": tuple(vocab.PER),
        "field": FIELD_HEADERS,
        "month": tuple(MONTHS),
    }  # fmt: skip


def extracted() -> dict[tuple[str | None, str], str]:
    """Every message the code translates: `_("...")` and `pgettext("ctx", "...")` calls
    with literal text, and every vocabulary word under its kind (`i18n.word`)."""
    found: dict[tuple[str | None, str], str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            if not isinstance(node, ast.Call) or not isinstance(func, ast.Name | ast.Attribute):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("_", "N_") and len(args) == 1 and isinstance(args[0], str):
                found.setdefault((None, args[0]), where)
            elif (
                name == "ngettext" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2])
            ):
                found.setdefault((None, args[0]), where)
                found.setdefault((None, args[1]), where)
            elif name == "pgettext" and len(args) == 2 and all(isinstance(a, str) for a in args):
                found.setdefault((args[0], args[1]), where)
    for kind, values in word_vocabularies().items():
        for value in values:
            found.setdefault((kind, value), "itfind/vocab.py")
    return found


def extract() -> None:
    found = extracted()
    write_po(POT, dict.fromkeys(found, ""), "")
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/itfind.po")):
        current = read_po(po)
        merged = {key: current.get(key, "") for key in found}
        if po.parent.parent.name == "zh_Hans":  # hand-written overrides only
            merged = {key: text for key, text in current.items() if key in found}
        write_po(po, merged, po.parent.parent.name)
        missing = sum(1 for text in merged.values() if not text)
        print(f"{po.relative_to(ROOT)}: {len(merged)} entries, {missing} untranslated")


def compile_all() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/itfind.po")):
        po.with_suffix(".mo").write_bytes(mo_bytes(read_po(po)))
        print(f"{po.with_suffix('.mo').relative_to(ROOT)}")


def problems() -> list[str]:
    found = extracted()
    out = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/itfind.po")):
        entries = read_po(po)
        hand = po.parent.parent.name == "zh_Hans"
        for key, text in entries.items():
            if key not in found:
                out.append(f"{po.parent.parent.name}: stale entry {key!r}")
            elif text and sorted(PLACEHOLDER.findall(key[1])) != sorted(PLACEHOLDER.findall(text)):
                out.append(f"{po.parent.parent.name}: placeholders differ in {key!r}")
        if not hand:
            out += [
                f"{po.parent.parent.name}: untranslated {key!r} ({where})"
                for key, where in found.items()
                if not entries.get(key)
            ]
    return out


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    else:
        found = problems()
        print("\n".join(found) or "OK")
        sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
