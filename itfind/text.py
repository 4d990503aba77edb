"""Text helpers shared by every layer: folding for lookup and search (case, width,
punctuation, Chinese script), did-you-mean suggestions, comma-separated lists, and
making control characters visible."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

_NON_KEY = re.compile(r"[\W_]+", re.UNICODE)
# Characters that act instead of showing: C0 and C1 controls (escape sequences start with
# one), line and paragraph separators (line-splitting readers see a new record), and
# the bidirectional controls that reorder what a terminal shows ("Trojan Source").
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


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
    """Make control characters, terminal escapes, line separators and bidirectional
    controls visible instead of active: `\\x1b`, `\\u202e`."""
    return _CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shorten(text: str, limit: int = 80) -> str:
    """A long input cut for a message: the start, an ellipsis and how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def quote(value: object, limit: int = 60) -> str:
    """An input echoed in a message: quoted, and cut when long (a message must not
    repeat a 120 KB argument back)."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The choice closest to a mistyped word, or None when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def split_list(values: Iterable[str] | None) -> list[str]:
    """`--type sme,ngo --type school` -> ["sme", "ngo", "school"]: repeated options and
    comma-separated values alike, blanks dropped."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]
