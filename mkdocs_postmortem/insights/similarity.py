"""Possibly related incidents: similar in text but not (yet) linked.

TF-IDF vectors over title, summary, root cause, trigger and contributing factors, compared
through an inverted index. A term shared by more than MAX_POSTINGS incidents says little about
any pair and is skipped, and each incident looks for partners through its QUERY_TERMS
strongest terms; that bounds the work per incident, so the whole step is linear in the number
of incidents, never all pairs. The score is the cosine restricted to those terms.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.model import Incident

MAX_POSTINGS = 100
QUERY_TERMS = 24
"""Each incident is compared through its strongest terms only: work per incident is at most
QUERY_TERMS * MAX_POSTINGS additions, whatever the size of the archive."""
_TOKEN = re.compile(r"[a-z0-9][a-z0-9_]{2,}")
_STOP_WORDS = """
    about above after again against all also and any are because been before being below between
    both but can could did does doing down during each few for from further had has have having
    her here hers him his how into its itself just more most not now off once only other our out
    over own same she should some such than that the their them then there these they this those
    through too under until very was were what when where which while who whom why will with
    would you your onto per via yet
"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Suggestion:
    incident: Incident
    other: Incident
    score: float


def document_text(data: dict[str, Any]) -> Iterable[str]:
    yield str(data.get("title", ""))
    yield str(data.get("summary", ""))
    cause = data.get("root_cause", {})
    for key in ("summary", "why", "trigger", "systemic", "escaped_prevention"):
        if key in cause:
            yield str(cause[key])
    for factor in data.get("contributing_factors", []):
        if isinstance(factor, dict):
            yield str(factor.get("factor", ""))
            yield str(factor.get("details", ""))
        else:
            yield str(factor)


def tokens(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        for token in _TOKEN.findall(text.lower()):
            if token in _STOP or token.isdigit():
                continue
            if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
                token = token[:-1]
            counts[token] += 1
    return counts


def suggest(
    incidents: list[Incident], excluded: dict[str, set[str]], k: int, threshold: float
) -> dict[str, list[Suggestion]]:
    """Up to ``k`` suggestions per incident with cosine similarity >= ``threshold``, best first.
    ``excluded`` maps an incident's slug to the slugs it must not be paired with."""
    n = len(incidents)
    if n < 2 or k <= 0:
        return {}
    counts = [tokens(document_text(i.data)) for i in incidents]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    vectors: list[dict[str, float]] = []
    for c in counts:
        weights = {t: (1 + math.log(tf)) * math.log(n / df[t]) for t, tf in c.items() if df[t] < n}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})
    postings: dict[str, list[tuple[int, float]]] = {}
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            if 2 <= df[term] <= MAX_POSTINGS:
                postings.setdefault(term, []).append((index, weight))
    result: dict[str, list[Suggestion]] = {}
    for index, vector in enumerate(vectors):
        incident = incidents[index]
        skip = excluded.get(incident.slug, set())
        scores: dict[int, float] = {}
        strongest = sorted(vector.items(), key=lambda tw: (-tw[1], tw[0]))[:QUERY_TERMS]
        for term, weight in strongest:
            for other, other_weight in postings.get(term, ()):
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight * other_weight
        best = heapq.nsmallest(
            k,
            (
                (round(score, 4), incidents[other])
                for other, score in scores.items()
                if score >= threshold and incidents[other].slug not in skip
            ),
            key=lambda pair: (-pair[0], pair[1].id),
        )
        if best:
            result[incident.slug] = [Suggestion(incident, other, score) for score, other in best]
    return result


def pairs(suggestions: dict[str, list[Suggestion]]) -> list[Suggestion]:
    """Each suggested pair once, best first."""
    seen: dict[tuple[str, str], Suggestion] = {}
    for items in suggestions.values():
        for s in items:
            a, b = sorted((s.incident.slug, s.other.slug))
            key = (a, b)
            if key not in seen or s.score > seen[key].score:
                seen[key] = s
    return sorted(seen.values(), key=lambda s: (-s.score, s.incident.id, s.other.id))
