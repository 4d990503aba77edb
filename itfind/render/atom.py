"""Atom 1.0 feeds (RFC 4287) of changes and deadlines, for feed readers.

Stable by construction: an entry's id is made from what it is about (the scheme, the
date, the change), and the feed's `updated` is its newest entry's date, never the time
of the run, so regenerating a feed updates entries rather than duplicating them. All
text is escaped; control characters are made visible first (XML cannot hold them), so
catalogue text cannot add elements or break the document.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from itfind.dates import first_day
from itfind.text import escape_control

TAG = "tag:itfind.local,2026:"


class Entry(NamedTuple):
    key: str  # what the entry is about, e.g. "change/tvp/2025-01-01/<hash>"
    title: str
    updated: str  # an ISO date (or YYYY-MM / YYYY)
    link: str | None
    author: str | None
    summary: str


def entry_key(*parts: str) -> str:
    """A stable key: readable parts, then a short hash of the last (free text)."""
    *named, text = parts
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return "/".join([*named, digest])


def _text(value: str | None) -> str:
    return escape(escape_control(value or ""))


def _stamp(date: str) -> str:
    return f"{first_day(date)}T00:00:00Z"


def feed(title: str, key: str, entries: Sequence[Entry], link: str | None = None) -> str:
    """The feed as text (UTF-8 XML)."""
    updated = max((_stamp(e.updated) for e in entries), default="2000-01-01T00:00:00Z")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{_text(TAG + key)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <updated>{updated}</updated>",
        "  <author><name>itfind</name></author>",
        '  <generator uri="https://pypi.org/project/itfind/">itfind</generator>',
    ]
    if link:
        lines.append(f'  <link rel="alternate" href={quoteattr(escape_control(link))}/>')
    for e in entries:
        lines += [
            "  <entry>",
            f"    <id>{_text(TAG + e.key)}</id>",
            f"    <title>{_text(e.title)}</title>",
            f"    <updated>{_stamp(e.updated)}</updated>",
        ]
        if e.link:
            lines.append(f'    <link rel="alternate" href={quoteattr(escape_control(e.link))}/>')
        if e.author:
            lines.append(f"    <author><name>{_text(e.author)}</name></author>")
        lines += [f'    <summary type="text">{_text(e.summary)}</summary>', "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
