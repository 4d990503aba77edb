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
        return "unknown"
    return f"{value:,.0f}" if isinstance(value, int | float) else str(value)


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
    windows = [w for w in record.get("windows") or () if w.get("opens") and w.get("closes")]
    if record.get("intake") != "rounds" or not windows:
        return None
    latest = max(windows, key=lambda w: w["opens"])
    opens, closes = (int(latest[k][5:7]) for k in ("opens", "closes"))
    return f"usually opens {MONTHS[opens - 1]}, closes {MONTHS[closes - 1]} (from past rounds)"


MONTHS = (
    "January February March April May June July August September October November December".split()
)


def planned_words(planned: Mapping[str, Any], record: Mapping[str, Any], as_of: Any) -> str:
    """An announced change in words, and whether it has taken effect on the as-of date:
    by announcement, and whether anyone has checked since."""
    day = planned.get("date") or "?"
    text = f"{day}  {planned.get('change')}"
    if as_of is not None and planned.get("date") and planned["date"] <= as_of.isoformat():
        checked = record.get("last_verified") or ""
        if checked < planned["date"]:
            text += " (in effect by announcement; not confirmed since)"
        else:
            text += " (in effect)"
    return text


def short_money(amount: float | None) -> str:
    """HK$7.5M, HK$200M, HK$250,000: an amount at a glance (exact figures are in json)."""
    if amount is None:
        return "unknown"
    if amount >= 1_000_000:
        millions = amount / 1_000_000
        return f"HK${millions:,.1f}M".replace(".0M", "M")
    return f"HK${amount:,.0f}"


def money_phrase(amount: float | None, per: str | None, *, short: bool = False) -> str:
    """An amount with its unit: "HK$45,000 a month per person", "HK$18M loan guarantee";
    "in kind" for support that is not cash; "unknown" when no source gives the amount."""
    if per == "in-kind":
        return "in kind"
    units = UNIT_SHORT if short else UNIT_LONG
    unit = units.get(per or "", "")
    if amount is None:
        return f"unknown ({unit})" if unit and not short else "unknown"
    figure = short_money(amount) if short else f"HK${amount:,.0f}"
    return f"{figure} {unit}".strip()
