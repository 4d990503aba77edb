"""Text helpers shared by every layer: folding for lookup and search (case, width,
punctuation, Chinese script), did-you-mean suggestions, comma-separated lists, and
making control characters visible."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

_NON_KEY = re.compile(r"[\W_]+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cache
def _t2s_table() -> dict[int, str]:
    from itfind._t2s import SIMPLIFIED, TRADITIONAL

    return str.maketrans(TRADITIONAL, SIMPLIFIED)


def fold(text: str) -> str:
    """Lowercase, full-width to ASCII (NFKC) and Traditional to Simplified Chinese.

    Users type 科技券计划 for 科技券計劃 and ＴＶＰ for TVP; both sides of every comparison
    are folded the same way so either script matches.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = text.translate(_t2s_table())
    return text


def key(text: str) -> str:
    """An exact-match key: folded, `+` read as `plus`, punctuation and spaces dropped.

    `RAISe+`, `raise plus` and `raise-plus` all become `raiseplus`.
    """
    return _NON_KEY.sub("", fold(text).replace("+", "plus"))


def escape_control(text: str) -> str:
    """Make control characters and terminal escapes visible instead of active."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The choice closest to a mistyped word, or None when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def split_list(values: Iterable[str] | None) -> list[str]:
    """`--type sme,ngo --type school` -> ["sme", "ngo", "school"]: repeated options and
    comma-separated values alike, blanks dropped."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]
