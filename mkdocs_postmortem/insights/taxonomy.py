"""Incidents grouped by service, tag, contributing-factor category, environment and year, in
one pass; and, for each incident, the earlier incidents that share a term with it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..core.model import Incident
from ..core.settings import Settings

RECURRENCE_LIMIT = 5


_SEPARATORS = re.compile(r"[\s\-_./\\:,;|]+")


def term_key(name: str) -> str:
    """What makes two written names one term: case, Unicode forms and the separators between
    words do not (``Payments API``, ``payments-api`` and ``payments_api`` are one service);
    every other character does (``C++`` and ``C#``, ``café`` and ``cafè`` are two)."""
    return _SEPARATORS.sub("-", unicodedata.normalize("NFKC", name).casefold()).strip("-")


def term_slug(name: str) -> str:
    """A URL segment for a term, one per ``term_key``: the key itself when it is made of ASCII
    letters, digits and dashes (so such a term's address stays readable and stable); else its
    ASCII part with a short hash of the key, so names that differ only elsewhere (``C++``,
    ``C#``) never share a page; a hash alone for a name with nothing ASCII."""
    key = term_key(name)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()  # noqa: S324 - a name, not security
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:60].strip("-")
    if slug and slug == key:
        return slug
    return f"{slug}-{digest[:8]}" if slug else f"t-{digest[:10]}"


@dataclass
class Term:
    name: str
    slug: str
    incidents: list[Incident] = field(default_factory=list)
    """Newest first."""
    position: dict[str, int] = field(default_factory=dict, repr=False)

    def earlier_than(self, incident: Incident, limit: int) -> tuple[list[Incident], int]:
        """Up to ``limit`` incidents of this term older than ``incident``, newest first, and
        how many there are in all (a slice of the whole tail per page would be quadratic)."""
        index = self.position.get(incident.slug)
        if index is None:
            return [], 0
        return self.incidents[index + 1 : index + 1 + limit], len(self.incidents) - index - 1


@dataclass
class Taxonomy:
    key: str
    title: str
    singular: str
    description: str
    terms: list[Term] = field(default_factory=list)
    of_incident: dict[str, list[Term]] = field(default_factory=dict, repr=False)

    def terms_of(self, incident: Incident) -> list[Term]:
        return self.of_incident.get(incident.slug, [])


@dataclass(frozen=True)
class Earlier:
    """An earlier incident and what it shares with the incident whose page lists it."""

    incident: Incident
    shared: list[tuple[Taxonomy, Term]]

    @property
    def by_taxonomy(self) -> list[tuple[Taxonomy, list[Term]]]:
        """``shared`` grouped, taxonomies in the order they were given."""
        groups: dict[str, tuple[Taxonomy, list[Term]]] = {}
        for taxonomy, term in self.shared:
            groups.setdefault(taxonomy.key, (taxonomy, []))[1].append(term)
        return list(groups.values())


def _categories(settings: Settings) -> Callable[[Incident], Iterable[str]]:
    labels = {c.id: c.label for c in settings.factor_categories}

    def extract(incident: Incident) -> Iterable[str]:
        for factor in incident.data.get("contributing_factors", []):
            if isinstance(factor, dict) and "category" in factor:
                yield labels.get(factor["category"]) or str(factor["category"])

    return extract


@dataclass(frozen=True)
class TaxonomyKind:
    """A way of grouping incidents, known before any incident is loaded (for page addresses
    and the navigation)."""

    key: str
    title: str
    singular: str
    description: str
    nav_title: str


TAXONOMIES = (
    TaxonomyKind("services", "Services", "service", "Incidents by affected service.", "By service"),
    TaxonomyKind("tags", "Tags", "tag", "Incidents by tag.", "By tag"),
    TaxonomyKind(
        "categories",
        "Contributing factors",
        "category",
        "Incidents by contributing-factor category.",
        "By contributing factor",
    ),
    TaxonomyKind(
        "environments", "Environments", "environment", "Incidents by environment.", "By environment"
    ),
    TaxonomyKind("years", "Years", "year", "Incidents by year.", "By year"),
    TaxonomyKind(
        "organisations",
        "Organisations",
        "organisation",
        "Incidents by the organisation whose incident it was (a report's source).",
        "By organisation",
    ),
)
"""In the order their pages are made."""


def build_taxonomies(settings: Settings, incidents: list[Incident]) -> dict[str, Taxonomy]:
    """``incidents`` newest first; every term keeps that order. Linear in memberships."""
    extractors: dict[str, Callable[[Incident], Iterable[str]]] = {
        "services": lambda i: i.services,
        "tags": lambda i: i.tags,
        "categories": _categories(settings),
        "environments": lambda i: [i.data["environment"]] if "environment" in i.data else [],
        "years": lambda i: [i.date[:4]],
        "organisations": lambda i: [i.organisation] if i.organisation else [],
    }
    specs = [
        (Taxonomy(kind.key, kind.title, kind.singular, kind.description), extractors[kind.key])
        for kind in TAXONOMIES
    ]
    result = {}
    for taxonomy, extract in specs:
        by_key: dict[str, Term] = {}
        for incident in incidents:
            seen = set()
            for name in extract(incident):
                key = term_key(str(name))
                if key in seen:
                    continue
                seen.add(key)
                term = by_key.get(key)
                if term is None:  # named as the newest incident writes it
                    term = by_key[key] = Term(str(name), term_slug(str(name)))
                term.position[incident.slug] = len(term.incidents)
                term.incidents.append(incident)
                taxonomy.of_incident.setdefault(incident.slug, []).append(term)
        if taxonomy.key == "years":
            taxonomy.terms = sorted(by_key.values(), key=lambda t: t.name, reverse=True)
        else:
            taxonomy.terms = sorted(
                by_key.values(), key=lambda t: (-len(t.incidents), t.name.lower(), t.slug)
            )
        result[taxonomy.key] = taxonomy
    return result


def recurrences(taxonomies: dict[str, Taxonomy], incident: Incident) -> list[Earlier]:
    """The ``RECURRENCE_LIMIT`` newest earlier incidents sharing a service, factor category or
    tag with ``incident``, each once with everything it shares.

    They are among the newest ``RECURRENCE_LIMIT`` of each of its terms, so each term gives a
    bounded slice and a page's cost does not grow with the archive.
    """
    terms: list[tuple[Taxonomy, Term]] = []
    candidates: dict[str, Incident] = {}
    for key in ("services", "categories", "tags"):
        taxonomy = taxonomies[key]
        for term in taxonomy.terms_of(incident):
            earlier, _ = term.earlier_than(incident, RECURRENCE_LIMIT)
            if earlier:
                terms.append((taxonomy, term))
                candidates.update((i.slug, i) for i in earlier)
    newest = sorted(candidates.values(), key=lambda i: i.sort_key, reverse=True)
    return [
        Earlier(other, [(x, term) for x, term in terms if other.slug in term.position])
        for other in newest[:RECURRENCE_LIMIT]
    ]
