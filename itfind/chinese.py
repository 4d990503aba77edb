"""Traditional to Simplified Chinese, for `--lang zh-hans`: Simplified text is derived,
never stored. OpenCC's phrase table goes first, where a character alone would go wrong
(乾坤 keeps 乾, 瞭解 becomes 了解), then its character table (itfind/_t2s.py)."""

from __future__ import annotations

import re
from functools import cache

# Phrases of our own, for words in the catalogue or the messages that the tables above
# get wrong (none found so far beyond OpenCC's; tests/test_i18n.py pins the traps).
EXTRA_PHRASES: dict[str, str] = {}


@cache
def _tables() -> tuple[re.Pattern[str] | None, dict[str, str], dict[int, str]]:
    from itfind._t2s import PHRASES, SIMPLIFIED, TRADITIONAL

    phrases = {**PHRASES, **EXTRA_PHRASES}
    pattern = (
        re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
        if phrases
        else None
    )
    return pattern, phrases, str.maketrans(TRADITIONAL, SIMPLIFIED)


def to_simplified(text: str) -> str:
    """`text` in Simplified characters: phrases first, then character by character."""
    pattern, phrases, table = _tables()
    if pattern is None:
        return text.translate(table)
    out, at = [], 0
    for match in pattern.finditer(text):
        out.append(text[at : match.start()].translate(table))
        out.append(phrases[match.group(0)])
        at = match.end()
    out.append(text[at:].translate(table))
    return "".join(out)


def traditional_only() -> frozenset[str]:
    """Characters that Simplified text never holds (they convert to another one)."""
    from itfind._t2s import SIMPLIFIED, TRADITIONAL

    return frozenset(TRADITIONAL) - frozenset(SIMPLIFIED)
