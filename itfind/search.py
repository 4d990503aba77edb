"""Ranking schemes for a query: exact names first, then fuzzy names, then needs.

Three signals, each 0-100, and a scheme's score is the best of them:
- exact: the folded query equals an id, acronym, alias, name or Chinese name;
- name: rapidfuzz similarity to a name-like field (typos, partial names, either script);
- need: how much of the query's words (English stems, Chinese bigrams) the record's
  keywords, name and summary cover, weighted by how rare each word is in the catalogue.
Matching against names is one vectorised rapidfuzz call over every name in the catalogue,
and words are matched through an inverted index, so cost grows linearly with records.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from itfind import model
from itfind.text import fold, key

NAME_FIELDS = ("id", "acronym", "aliases", "name", "name_zh")
# How much a word found in each field says about the scheme.
FIELD_WEIGHTS = {
    "keywords": 1.0,
    "name": 1.0,
    "aliases": 0.9,
    "name_zh": 1.0,
    "summary": 0.6,
    "administrator": 0.3,
}
MIN_SCORE = 45.0

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

_WORD = re.compile(r"[a-z0-9]+(?:[+&][a-z0-9]*)?|[\u3400-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
        if _CJK.match(word):
            if len(word) == 1:
                out.append(word)
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        elif word not in STOPWORDS:
            out.append(stem(word))
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    scheme: model.Scheme
    score: float
    matched: tuple[str, ...]  # fields that matched, best first


class Index:
    """What ranking needs, built once per catalogue."""

    def __init__(self, schemes: Sequence[model.Scheme]) -> None:
        self.schemes = list(schemes)
        self.exact: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.names: list[str] = []
        self.name_owner: list[tuple[int, str]] = []
        postings: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
        for i, s in enumerate(self.schemes):
            for field in NAME_FIELDS:
                value = getattr(s, field)
                for text in value if isinstance(value, tuple) else (value,):
                    if not text:
                        continue
                    k = key(text)
                    if k:
                        self.exact[k].append((i, field))
                    self.names.append(fold(text.replace("-", " ") if field == "id" else text))
                    self.name_owner.append((i, field))
            for field, weight in FIELD_WEIGHTS.items():
                value = getattr(s, field)
                text = " ".join(value) if isinstance(value, tuple) else (value or "")
                for term in set(terms(text)):
                    best = postings[term].get(i)
                    if best is None or best[0] < weight:
                        postings[term][i] = (weight, field)
        self.postings = dict(postings)
        self.vocabulary = list(self.postings)
        n = max(len(self.schemes), 1)
        self.idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}

    # ------------------------------------------------------------ signals

    def _exact(self, query: str) -> dict[int, tuple[float, str]]:
        return {i: (100.0, field) for i, field in self.exact.get(key(query), [])}

    def _names(self, query: str) -> dict[int, tuple[float, str]]:
        from rapidfuzz import fuzz, process

        folded = fold(query).strip()
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
            i, field = self.name_owner[j]
            if not compact and words < 3:
                # Token overlap keeps word order and extra words from costing too much.
                score = max(score, fuzz.token_set_ratio(folded, self.names[j]))
            score *= 0.95  # an exact name always ranks above a near one
            if score > best.get(i, (0.0, ""))[0]:
                best[i] = (score, field)
        return best

    def _need(self, query: str) -> dict[int, tuple[float, list[str]]]:
        from rapidfuzz import fuzz, process

        query_terms = list(dict.fromkeys(terms(query)))
        if not query_terms:
            return {}
        gained: dict[int, float] = defaultdict(float)
        fields: dict[int, set[str]] = defaultdict(set)
        total = 0.0
        for term in query_terms:
            expansions = self._expand(term, fuzz, process)
            weight = max((self.idf[t] for t, _ in expansions), default=math.log(2))
            total += weight
            credit: dict[int, tuple[float, str]] = {}
            for vocab_term, quality in expansions:
                for i, (field_weight, field) in self.postings[vocab_term].items():
                    value = quality * field_weight
                    if value > credit.get(i, (0.0, ""))[0]:
                        credit[i] = (value, field)
            for i, (value, field) in credit.items():
                gained[i] += weight * value
                fields[i].add(field)
        return {i: (100.0 * g / total, sorted(fields[i])) for i, g in gained.items() if total}

    def _expand(self, term: str, fuzz, process) -> list[tuple[str, float]]:
        """Catalogue terms a query term stands for, with how well each matches (0-1)."""
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = 1.0
        for synonym in SYNONYMS.get(term, ()):
            for t in terms(synonym):
                if t in self.postings:
                    found.setdefault(t, 0.8)
        if len(term) >= 4 and not _CJK.match(term):
            for vocab_term, score, _ in process.extract(
                term, self.vocabulary, scorer=fuzz.ratio, limit=8, score_cutoff=80
            ):
                found.setdefault(vocab_term, 0.9 * score / 100)
            for vocab_term in self.vocabulary:  # "postdoc" finds "postdoctoral"
                if vocab_term.startswith(term) and vocab_term != term:
                    found.setdefault(vocab_term, 0.85)
        return list(found.items())

    # ------------------------------------------------------------ ranking

    def rank(self, query: str, keep: set[int] | None = None) -> list[Hit]:
        signals: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for i, (score, field) in self._exact(query).items():
            signals[i].append((score, field))
        for i, (score, field) in self._names(query).items():
            signals[i].append((score, field))
        for i, (score, found_in) in self._need(query).items():
            for field in found_in:
                signals[i].append((score * 0.9, field))
        hits = []
        for i, found in signals.items():
            if keep is not None and i not in keep:
                continue
            found.sort(reverse=True)
            best = found[0][0]
            # A second independent signal breaks ties between equally named schemes.
            bonus = 0.05 * found[1][0] if len(found) > 1 and found[1][1] != found[0][1] else 0.0
            score = min(best + bonus, 100.0) if best < 100 else 100.0 + bonus / 100
            if score >= MIN_SCORE:
                matched = tuple(dict.fromkeys(field for _, field in found))
                hits.append(Hit(self.schemes[i], round(score, 1), matched))
        hits.sort(key=lambda h: (-h.score, h.scheme.id))
        return hits


def search(
    schemes: Sequence[model.Scheme],
    query: str,
    keep: set[str] | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Rank schemes for a query; `keep` limits results to these ids (the filters)."""
    index = Index(schemes)
    keep_idx = None if keep is None else {i for i, s in enumerate(index.schemes) if s.id in keep}
    hits = index.rank(query, keep_idx)
    return hits[:limit] if limit else hits
