"""The language itfind answers in: English, Traditional or Simplified Chinese.

Chosen by `--lang`, else ITFIND_LANG, else the profile's `lang:`, else the locale
(LC_ALL, LC_MESSAGES, LANG: zh_HK, zh_TW, zh_MO mean Traditional; zh_CN, zh_SG
Simplified), else English (README, "Languages").

Messages and labels are translated with standard gettext catalogues
(itfind/locale/<lang>/LC_MESSAGES/itfind.po, compiled to .mo by `tools/i18n.py compile`
and committed; a test keeps them current). Simplified messages are derived from the
Traditional ones by `itfind.chinese.to_simplified`, unless zh_Hans/itfind.po gives one by
hand. English needs no catalogue: `_()` then costs one comparison, and `gettext` is never
imported.

Only what a person reads changes with the language (tables, `show`, `compare`,
`estimate`, `deadlines`, calendars, messages on stderr); json, jsonl, yaml, tsv and csv
keep their keys and English values, so scripts never break.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

LANGS = ("en", "zh-hant", "zh-hans")
ENV_LANG = "ITFIND_LANG"
LOCALE_DIR = Path(__file__).parent / "locale"

# Spellings people type, folded to lower case with "_" as "-".
SPELLINGS = {
    **dict.fromkeys(("en", "english", "eng", "en-hk", "en-us", "en-gb", "c", "posix"), "en"),
    **dict.fromkeys(
        (
            "zh-hant", "hant", "zh-hk", "zh-tw", "zh-mo", "zh", "tc", "zht", "cht",
            "繁", "繁體", "繁体", "繁體中文", "中文", "zh-hant-hk", "zh-hant-tw",
        ),
        "zh-hant",
    ),
    **dict.fromkeys(
        (
            "zh-hans", "hans", "zh-cn", "zh-sg", "sc", "zhs", "chs", "简", "簡", "简体",
            "簡體", "简体中文", "zh-hans-cn",
        ),
        "zh-hans",
    ),
}  # fmt: skip
ALLOWED_HINT = "en, zh-hant or zh-hans (also zh, zh-HK, zh-TW, zh-CN, tc, sc, 繁, 简)"


def normalise(value: str) -> str:
    """The language a spelling names; raises ValueError naming the allowed ones."""
    spelling = value.strip().lower().replace("_", "-")
    spelling = spelling.split(".")[0].split("@")[0]  # zh_HK.UTF-8, sr@latin
    found = SPELLINGS.get(spelling)
    if found is None:
        from itfind.text import quote

        raise ValueError(f"unknown language {quote(value)}; choose {ALLOWED_HINT}")
    return found


def from_locale(env: Mapping[str, str] = os.environ) -> str | None:
    """The language the POSIX locale asks for (LC_ALL, then LC_MESSAGES, then LANG), or
    None when it names no language itfind speaks."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            try:
                return normalise(value)
            except ValueError:
                return "en" if value.split("_")[0].split(".")[0].isalpha() else None
    return None


def choose(option: str | None, env: Mapping[str, str], profile: str | None) -> str:
    """The language for a run: --lang, ITFIND_LANG, the profile's, the locale's, English.
    Raises ValueError for an unknown spelling in the option, the variable or the profile."""
    for value in (option, env.get(ENV_LANG), profile):
        if value:
            return normalise(value)
    return from_locale(env) or "en"


# ---------------------------------------------------------------- translation

_lang = "en"
_catalogues: list[Any] = []  # gettext translations to try, in order


def use(lang: str) -> None:
    """Answer in `lang` from now on (the CLI calls this once, as a run starts)."""
    global _lang, _catalogues
    _lang = lang
    _catalogues = _load(lang) if lang != "en" else []


def chinese() -> bool:
    return _lang != "en"


def _load(lang: str) -> list[Any]:
    import gettext

    names = ["zh_Hans", "zh_Hant"] if lang == "zh-hans" else ["zh_Hant"]
    found = []
    for name in names:
        path = LOCALE_DIR / name / "LC_MESSAGES" / "itfind.mo"
        try:
            with path.open("rb") as handle:
                found.append((name, gettext.GNUTranslations(handle)))
        except OSError:
            continue
    return found


def _lookup(key: str) -> str | None:
    for name, catalogue in _catalogues:
        text = catalogue._catalog.get(key)
        if text:
            return text if (name == "zh_Hans" or _lang != "zh-hans") else script(text)
    return None


def _(message: str) -> str:
    """`message` in the current language (itself in English, or when untranslated)."""
    if _lang == "en":
        return message
    return _lookup(message) or message


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, for one meaning of it (`status` "open" is not
    the verb)."""
    if _lang == "en":
        return message
    return _lookup(f"{context}\x04{message}") or message


def script(text: str) -> str:
    """Chinese text in the script of the current language (the catalogue stores
    Traditional; Simplified is derived)."""
    if _lang == "zh-hans" and text:
        from itfind.chinese import to_simplified

        return to_simplified(text)
    return text


# ---------------------------------------------------------------- words people read


def word(kind: str, value: Any) -> str:
    """A vocabulary word (a status, a type, a sector, a kind of funding...) as a person
    reads it in the current language."""
    if value is None:
        return ""
    return pgettext(kind, str(value))


def words(kind: str, values: Any) -> list[str]:
    return [word(kind, v) for v in values or ()]


def day(value: dt.date | str | None) -> str:
    """A date as a person reads it: 2026-12-03, or 2026年12月3日 in Chinese. A year or
    a year-month (history dates) stays as precise as it is."""
    if not value:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if _lang == "en":
        return text
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return text
    units = ("年", "月", "日")
    return "".join(f"{n}{u}" for n, u in zip(numbers, units, strict=False))


def month(value: str) -> str:
    """`2027-05` as a person reads it: 2027-05, or 2027年5月."""
    return day(value)


def money(amount: float | None) -> str:
    """An amount at a glance: HK$7.5M, HK$250,000; in Chinese HK$750萬, HK$25萬,
    HK$2億 (exact figures are in json)."""
    if amount is None:
        return _("unknown")
    if _lang == "en":
        if amount >= 1_000_000:
            return f"HK${amount / 1_000_000:,.1f}M".replace(".0M", "M")
        return f"HK${amount:,.0f}"
    if amount >= 100_000_000:
        return script(f"HK${_trim(amount / 100_000_000)}億")
    if amount >= 10_000:
        return script(f"HK${_trim(amount / 10_000)}萬")
    return f"HK${amount:,.0f}"


def money_exact(amount: float) -> str:
    """An exact amount: HK$600,000, or HK$60萬 in Chinese when it is a whole number of
    萬 (HK$12,345 stays as it is)."""
    if _lang != "en" and amount >= 10_000 and amount % 10_000 == 0:
        return money(amount)
    return f"HK${amount:,.0f}"


def _trim(number: float) -> str:
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Marks text for the catalogue without translating it now (tables of phrases built
    at import time, before the language is chosen); `_()` translates it where used."""
    return message


# Column headers and field labels: the English header of every field a table can show.
FIELD_HEADERS = (
    "id", "acronym", "name", "中文名稱", "aliases", "administrator", "summary", "url",
    "keywords", "who", "participants", "stages", "sectors", "status", "intake", "opens",
    "closes", "windows", "planned", "last_seen", "apply_url", "enquiries", "successors",
    "see_also", "parts", "funding", "eligibility", "history", "sources", "verified",
    "unconfirmed", "catalogue", "declared_status", "up to (HK$)", "kind", "per", "basis",
    "ratio", "fit", "why", "criteria", "unknown", "excluded", "role", "score", "matched",
    "date", "days_left", "event", "expected", "scheme", "grant", "you pay", "up to",
    "fact", "criterion", "result", "rule", "value", "from", "older_than", "count",
    "meaning", "vocabulary", "word", "schemes", "synonyms", "parent", "cost_hkd",
    "grant_hkd", "applicant_share_hkd", "binding", "estimate_note", "max_hkd",
    "type", "stage", "sector", "member", "name_zh",
)  # fmt: skip


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for `n` (Chinese has one form: the plural's
    translation)."""
    if _lang == "en":
        return singular if n == 1 else plural
    return _lookup(plural) or _lookup(singular) or (singular if n == 1 else plural)
