"""How one value reads in a cell, shared by every format: unknown is empty, lists are
joined, amounts have thousands separators, nested fields have short names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# Short names for nested fields, so `--fields id,max_hkd` reads naturally.
SHORTCUTS = {
    "max_hkd": "funding.max_hkd",
    "kind": "funding.kind",
    "ratio": "funding.matching_ratio",
    "matching_ratio": "funding.matching_ratio",
    "basis": "funding.basis",
    "per": "funding.per",
}
HEADERS = {
    "max_hkd": "up to (HK$)",
    "applicant_types": "who",
    "name_zh": "中文名稱",
    "last_verified": "verified",
}
LIST_SEPARATOR = "; "  # in tsv and csv cells; data never needs it

# What a person reads changes with the language (itfind.i18n); what a program reads
# never does. Vocabulary fields read as words, fields with a Chinese twin read as it.
WORD_FIELDS = {
    "status": "status",
    "declared_status": "status",
    "applicant_types": "type",
    "stages": "stage",
    "sectors": "sector",
    "funding.kind": "kind",
    "intake": "intake",
    "event": "event",
    "fit": "fit",
    "role": "role",
    "eligibility.membership": "member",
    "eligibility.routes": "route",
}
FALLBACK_MARK = "〔英〕"  # before English text shown where Chinese was asked for


def header(field: str) -> str:
    """A column header or label in the current language."""
    from itfind.i18n import pgettext

    return pgettext("field", HEADERS.get(field, field))


def shown(record: dict, field: str) -> Any:
    """A field's value as a person reads it in the current language: vocabulary words
    translated, the Chinese twin of a text in its script (English, marked, when the
    record has none). In English, the value itself."""
    from itfind import i18n

    value = get_field(record, field)
    if not i18n.chinese() or value is None:
        return value
    name = SHORTCUTS.get(field, field)
    kind = WORD_FIELDS.get(name)
    if kind is not None:
        return i18n.words(kind, value) if isinstance(value, list) else i18n.word(kind, value)
    from itfind.model import ZH_TWINS

    twin = ZH_TWINS.get(name)
    if twin is not None and value:
        chinese = get_field(record, twin)
        return i18n.script(chinese) if chinese else f"{FALLBACK_MARK}{value}"
    if name in ZH_TWINS.values() and isinstance(value, str):
        return i18n.script(value)
    if name == "funding.per":
        return unit_short(value)
    if name == "aliases" and isinstance(value, list):  # in one script, each once
        return list(dict.fromkeys(i18n.script(v) for v in value))
    if name == "matched" and isinstance(value, list):  # search --explain: which fields
        return [i18n.word("field", v) for v in value]
    return value


def get_field(record: dict, name: str) -> Any:
    return getter(name)(record)


def getter(name: str) -> Callable[[dict], Any]:
    """A function that reads a field (`id`, `funding.max_hkd`, or a shortcut such as
    `max_hkd`) from a record; None when it is missing."""
    parts = SHORTCUTS.get(name, name).split(".")
    if len(parts) == 1:
        key = parts[0]
        return lambda record: record.get(key)

    def get(record: dict) -> Any:
        if name in record:  # a row's own key wins over a shortcut (`kind` of a change)
            return record[name]
        value: Any = record
        for part in parts:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    return get


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


def money(value: Any) -> str:
    if value is None:
        from itfind.i18n import _

        return _("unknown")
    return f"{value:,.0f}" if isinstance(value, int | float) else str(value)


def share_in_words(ratio: str | None, percent_cap: float | None) -> str | None:
    """`3:1` -> `3:1 (government:applicant): the scheme pays 75% of approved cost`."""
    from itfind.i18n import _
    from itfind.model import parse_ratio

    parsed = parse_ratio(ratio)
    if parsed:
        gov, own = parsed
        share = f"{100 * gov / (gov + own):.4g}%"
        return _("{ratio} (government:applicant): the scheme pays {share} of approved cost").format(
            ratio=ratio, share=share
        )
    if percent_cap is not None:
        return _("the scheme pays at most {share}% of approved cost").format(
            share=f"{percent_cap:g}"
        )
    return ratio


# What an amount is counted in, as people read it: in a table cell under the amount
# (short) and in a sentence (long). Keys: funding.per (`itfind vocab per`).
UNIT_SHORT = {
    "project": "a project",
    "applicant": "an applicant",
    "year": "a year",
    "hire": "a hire",
    "month-per-person": "a month each",
    "person": "a person",
    "prize": "a prize",
    "investment": "equity",
    "fund": "a fund",
    "loan-facility": "loan guarantee",
    "in-kind": "in kind",
}
UNIT_LONG = {
    "project": "per project",
    "applicant": "per applicant, all projects together",
    "year": "a year",
    "hire": "per person hired",
    "month-per-person": "a month per person",
    "person": "per person",
    "prize": "per prize",
    "investment": "of equity",
    "fund": "per fund",
    "loan-facility": "loan guarantee",
    "in-kind": "in kind",
}


def usual_words(record: Mapping[str, Any]) -> str | None:
    """ "usually opens May, closes July" for a scheme that runs in rounds."""
    from itfind.i18n import _, pgettext
    from itfind.model import usual_window

    if record.get("intake") != "rounds":
        return None
    usual = usual_window(record)
    if usual is None:
        return None
    from itfind.dates import MONTHS

    opens, closes = (pgettext("month", MONTHS[m - 1]) for m in usual)
    return _("usually opens {opens}, closes {closes} (from past rounds)").format(
        opens=opens, closes=closes
    )


def planned_words(planned: Mapping[str, Any], record: Mapping[str, Any], as_of: Any) -> str:
    """An announced change in words, and whether it has taken effect on the as-of date:
    by announcement, and whether anyone has checked since."""
    from itfind.i18n import _, day

    when = day(planned.get("date")) or "?"
    text = f"{when}  {planned.get('change')}"
    if as_of is not None and planned.get("date") and planned["date"] <= as_of.isoformat():
        checked = record.get("last_verified") or ""
        if checked < planned["date"]:
            text += " " + _("(in effect by announcement; not confirmed since)")
        else:
            text += " " + _("(in effect)")
    return text


def short_money(amount: float | None) -> str:
    """HK$7.5M, HK$200M, HK$250,000 (HK$750萬, HK$2億 in Chinese): an amount at a
    glance (exact figures are in json)."""
    from itfind.i18n import money as glance

    return glance(amount)


def unit_short(per: str | None) -> str:
    """What an amount is counted in, under it in a table cell: "a month each"."""
    from itfind import i18n

    if i18n.chinese():
        return i18n.word("per", per) if per else i18n._("unit unknown")
    return UNIT_SHORT.get(per or "", "unit unknown")


def unit_long(per: str | None) -> str:
    from itfind import i18n

    if i18n.chinese():
        return i18n.word("per-long", per) if per else ""
    return UNIT_LONG.get(per or "", "")


def money_phrase(amount: float | None, per: str | None, *, short: bool = False) -> str:
    """An amount with its unit: "HK$45,000 a month per person", "HK$18M loan guarantee";
    "in kind" for support that is not cash; "unknown" when no source gives the amount."""
    from itfind.i18n import _, chinese, money_exact

    if per == "in-kind":
        return _("in kind")
    unit = unit_short(per) if short else unit_long(per)
    if amount is None:
        return _("unknown ({unit})").format(unit=unit) if unit and not short else _("unknown")
    figure = short_money(amount) if short else money_exact(amount)
    if chinese():  # 每個項目 HK$60萬: the unit reads first in Chinese
        return f"{unit} {figure}".strip()
    return f"{figure} {unit}".strip()
