"""Ranking schemes for a query: exact names first, then fuzzy names, then needs.

Three signals, each 0-100, and a scheme's score is the best of them:
- exact: the folded query equals an id, acronym, alias, name or Chinese name;
- name: rapidfuzz similarity to a name-like field (typos, partial names, either script);
- need: how much of the query's words (English stems, Chinese bigrams) the record's
  names and keywords (full weight) or summary (less) cover, weighted by how rare each
  word is in the catalogue.
Each record's search documents are folded once, when the catalogue is parsed, and
cached with it (`itfind.catalogue.index`). Ranking is a handful of whole-catalogue
passes: one vectorised rapidfuzz call over every name, and per query word a substring
scan of the word documents (a fuzzy rapidfuzz pass only for a word found nowhere, i.e.
a typo). Cost grows linearly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from itertools import chain, repeat
from typing import Any, NamedTuple

from itfind.catalogue.index import CODE_FIELDS, DocColumns, word_pattern
from itfind.catalogue.records import Records
from itfind.catalogue.results import Item
from itfind.text import fold, key

MIN_SCORE = 45.0  # a match; below it, a partial match, shown only when there is no match
EXACT = 100.0  # the query is the scheme's id, acronym or one of its names
PARTIAL_SCORE = 20.0
FAINT_SCORE = 5.0  # shares a meaningful word: shown only when nothing scores higher

STOPWORDS = frozenset(
    "a an and are as at be by can do for from get give how i in is it me my need of on or our "
    "the to want we what which who with you your any some into this that there their funding "
    "fund scheme programme program support hong kong hk".split()
)
# Everyday words for what the catalogue says in its own terms. Applied to the query only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "hire": ("recruit", "talent", "staff", "employ"),
    "recruit": ("hire", "talent", "staff"),
    "postdoc": ("postdoctoral", "researcher", "research"),
    "phd": ("postdoctoral", "researcher", "research"),
    "startup": ("start-up", "start"),
    "money": ("grant", "subsidy"),
    "chip": ("semiconductor", "microelectronics"),
    "factory": ("manufacturing", "production"),
    "automate": ("automation", "smart"),
    "export": ("overseas", "market"),
    "school": ("student", "secondary", "primary"),
    "ai": ("artificial", "intelligence"),
    "intern": ("internship",),
    "internship": ("intern",),
    "invest": ("investment", "venture", "co-invest"),
    "vc": ("venture", "investment"),
    "loan": ("financing", "guarantee"),
    "patent": ("intellectual", "ip"),
    "brand": ("branding",),
}

_WORD = word_pattern()


def _chinese(word: str) -> bool:
    """Whether a word (as `_WORD` splits text) is Chinese: words are runs of ASCII
    letters and digits, or runs of Chinese characters."""
    return not word[0].isascii()


def stem(word: str) -> str:
    """A deliberately small English stemmer: plurals and common verb endings."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    return word


def terms(text: str) -> list[str]:
    """Words of a text as index terms: English stems and Chinese character bigrams."""
    out = []
    for word in _WORD.findall(fold(text)):
        if _chinese(word):
            if len(word) == 1:
                out.append(word)
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        elif word not in STOPWORDS:
            out.append(stem(word))
    return out


class Hit(Item):
    """A scheme that matches a query: its score (0-100; above 100 for an exact name) and
    the fields that matched, best first."""

    __slots__ = ("score", "matched", "excluded")

    def __init__(
        self,
        position: int,
        entry: Any,
        records: Records,
        as_of: dt.date,
        score: float,
        matched: tuple[str, ...],
    ) -> None:
        super().__init__(position, entry, records, as_of)
        self.score, self.matched = score, matched
        self.excluded: str | None = None  # why the filters would leave it out, if they would

    def to_dict(self, *, full: bool = True, keys: Collection[str] | None = None) -> dict[str, Any]:
        record = Item.to_dict(self, full=full, keys=keys)
        record["score"] = self.score
        record["matched"] = list(self.matched)
        if self.excluded:
            record["excluded"] = self.excluded
        return record


class Ranked(NamedTuple):
    position: int
    score: float
    matched: tuple[str, ...]


class Index:
    """What ranking needs, gathered once per catalogue from each scheme's search fields."""

    def __init__(self, docs: DocColumns) -> None:
        # Columns as the cache holds them: no Python work per record or per name.
        self.size = len(docs.codes)
        self.codes = "".join(docs.codes)
        self.names = docs.names
        self.keys = docs.keys
        self.owner = list(chain.from_iterable(repeat(i, len(c)) for i, c in enumerate(docs.codes)))
        self.kw_docs = docs.keywords
        self.text_docs = docs.text

    def _field(self, j: int) -> str:
        return CODE_FIELDS[self.codes[j]]

    # ------------------------------------------------------------ signals

    def _exact(self, query: str) -> dict[int, tuple[float, str]]:
        wanted = key(query)
        if not wanted:
            return {}
        found: dict[int, tuple[float, str]] = {}
        for j in (j for j, k in enumerate(self.keys) if k == wanted):
            found.setdefault(self.owner[j], (100.0, self._field(j)))
        return found

    def _names(self, query: str) -> dict[int, tuple[float, str]]:
        from rapidfuzz import fuzz, process

        folded = " ".join(fold(query).split())
        if not folded:
            return {}
        compact = len(key(folded)) <= 3
        words = len(folded.split())
        # Short queries (acronyms) are compared whole: partial matching would find "ai"
        # inside every name that contains those letters. Queries of three or more words
        # are sentences more than names: partial matching of a sentence finds some
        # fragment in every long name, so those are compared whole too, in any order.
        if compact:
            scorer, cutoff = fuzz.ratio, 75
        elif words >= 3:
            scorer, cutoff = fuzz.token_sort_ratio, 70
        else:
            scorer, cutoff = fuzz.WRatio, 70
        best: dict[int, tuple[float, str]] = {}
        for _, score, j in process.extract(
            folded, self.names, scorer=scorer, limit=None, score_cutoff=cutoff
        ):
            i, field = self.owner[j], self._field(j)
            if not compact and words < 3:
                # Token overlap keeps word order and extra words from costing too much.
                score = max(score, fuzz.token_set_ratio(folded, self.names[j]))
            score *= 0.95  # an exact name always ranks above a near one
            if score > best.get(i, (0.0, ""))[0]:
                best[i] = (score, field)
        return best

    def _hits(self, needle: str, docs: list[str]) -> list[int]:
        return [i for i, doc in enumerate(docs) if needle in doc]

    def _term_hits(self, term: str) -> dict[int, tuple[float, str]]:
        """Schemes whose documents contain a query term (or its synonyms), with credit."""
        credit: dict[int, tuple[float, str]] = {}

        def add(indices: Iterable[int], value: float, field: str) -> None:
            for i in indices:
                old, old_field = credit.get(i, (0.0, ""))
                if old and field != old_field:
                    # Found in names/keywords and in the summary: a little more telling.
                    credit[i] = (
                        max(old, value) + 0.2 * min(old, value),
                        old_field if old >= value else field,
                    )
                elif value > old:
                    credit[i] = (value, field)

        variants = [(term, 1.0)] + [
            (t, 0.8) for synonym in SYNONYMS.get(term, ()) for t in terms(synonym)
        ]
        for word, quality in variants:
            if _chinese(word):
                needle = word  # Chinese has no spaces: a bigram anywhere
            elif len(word) <= 3:
                needle = f" {word} "  # short words whole: "ai" is not in "maintain"
            else:
                needle = f" {word}"  # word starts: "postdoc" finds "postdoctoral"
            add(self._hits(needle, self.kw_docs), quality, "keywords")
            add(self._hits(needle, self.text_docs), 0.6 * quality, "summary")
        if not credit and len(term) >= 5 and not _chinese(term):
            self._fuzzy_term(term, add)  # found nowhere as typed: perhaps a typo
        return credit

    def _fuzzy_term(self, term: str, add) -> None:
        from rapidfuzz import fuzz, process

        needle = f" {term} "
        for docs, weight, field in (
            (self.kw_docs, 0.85, "keywords"),
            (self.text_docs, 0.5, "summary"),
        ):
            found = process.extract(
                needle, docs, scorer=fuzz.partial_ratio, score_cutoff=86, limit=None
            )
            for _, score, i in found:
                add((i,), weight * score / 100, field)

    def _need(self, query: str) -> dict[int, tuple[float, list[str]]]:
        query_terms = list(dict.fromkeys(terms(query)))
        if not query_terms:
            return {}
        n = max(self.size, 1)
        gained: dict[int, float] = defaultdict(float)
        fields: dict[int, set[str]] = defaultdict(set)
        total = 0.0
        for term in query_terms:
            credit = self._term_hits(term)
            # Rare words say more: inverse document frequency of the term's matches.
            weight = math.log(1 + n / max(len(credit), 1))
            total += weight
            for i, (value, field) in credit.items():
                gained[i] += weight * value
                fields[i].add(field)
        # Words next to each other in the query and in a record ("spin off", "smart
        # production line") are a phrase the record is about.
        words = [w for w in _WORD.findall(fold(query)) if not _chinese(w)]
        for a, b in zip(words, words[1:], strict=False):
            if a in STOPWORDS or b in STOPWORDS:
                continue
            for i in self._hits(f" {a} {b}", self.kw_docs):
                gained[i] += 0.1 * total / max(len(query_terms), 1)
        # A term's credit tops out near 1.2 (both fields) plus the phrase bonus: scale so
        # that full coverage scores about 100 without saturating, which would tie.
        return {
            i: (min(100.0 * g / (1.3 * total), 99.0), sorted(fields[i]))
            for i, g in gained.items()
            if total
        }

    # ------------------------------------------------------------ ranking

    def rank(self, query: str) -> list[Ranked]:
        signals: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for i, (score, field) in self._exact(query).items():
            signals[i].append((score, field))
        for i, (score, field) in self._names(query).items():
            signals[i].append((score, field))
        for i, (score, found_in) in self._need(query).items():
            for field in found_in:
                signals[i].append((score * 0.9, field))
        hits, partial, faint = [], [], []
        for i, found in signals.items():
            found.sort(reverse=True)
            best = found[0][0]
            # A second independent signal breaks ties between equally named schemes.
            bonus = 0.05 * found[1][0] if len(found) > 1 and found[1][1] != found[0][1] else 0.0
            score = min(best + bonus, 100.0) if best < 100 else 100.0 + bonus / 100
            matched = tuple(dict.fromkeys(field for _, field in found))
            hit = Ranked(i, round(score, 1), matched)
            if score >= MIN_SCORE:
                hits.append(hit)
            elif score >= PARTIAL_SCORE:
                partial.append(hit)
            elif score >= FAINT_SCORE:
                faint.append(hit)
        # Nothing matches well: the best partial matches beat an empty answer (a user who
        # typed "R&D tax rebate" should see the R&D Cash Rebate Scheme). A long sentence
        # spreads its words thin, so that even the right schemes score low: then the
        # schemes that share most of its meaningful words, the top half of them.
        if not hits and not partial and faint:
            top = max(h.score for h in faint)
            partial = [h for h in faint if h.score >= top / 2]
        return hits or partial


def search(
    records: Records,
    query: str,
    as_of: dt.date,
    *,
    limit: int | None = None,
) -> list[Hit]:
    """Rank a catalogue's schemes for a query, best first (filters apply after:
    `Catalogue.search`)."""
    ranked = Index(records.docs()).rank(query)
    entries = records.entries
    ranked.sort(key=lambda h: (-h.score, entries[h.position].id))
    return [
        Hit(h.position, entries[h.position], records, as_of, h.score, h.matched)
        for h in (ranked[:limit] if limit else ranked)
    ]
