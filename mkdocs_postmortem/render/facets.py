"""What an incident page tells Pagefind about itself when the archive is searched with it:
the filters a reader ticks, the sorts, and the fields a result shows. Declared in the page's
HTML (``incident.html.j2``), so any site folder holding the pages can be indexed."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..core.model import Incident
from ..insights.index import ArchiveIndex

FILTERS = ("severity", "status")
"""The filters every incident has, before those of the taxonomies (service, tag, category,
environment, year, organisation: each taxonomy's singular name)."""

RESOLVE = "time_to_resolve"


@dataclass(frozen=True)
class Facets:
    filters: tuple[tuple[str, str], ...]
    """(filter, value) pairs; a filter may come several times (services, tags)."""
    sorts: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]


def ui_value(value: str) -> str:
    """A filter value as Pagefind holds it. Pagefind's UI writes filter values into its
    checkbox labels as HTML, so a value is stored HTML-escaped once: a service named
    ``<img onerror=...>`` shows as text. The search page's script escapes the values of a deep
    link the same way."""
    return html.escape(value, quote=True)


def for_pagefind(value: str) -> str:
    """A filter value as the page writes it for Pagefind, before the template's own
    escaping: Pagefind 1.5 decodes the entities of a filter value twice, so the page holds
    them escaped once more. Should Pagefind decode once, a value would show with entities,
    never as markup. Result fields (``data-pagefind-meta``) are decoded once and shown as
    text (a result's title is a text node): they are written as they are."""
    return html.escape(value, quote=False)


def facets(archive: ArchiveIndex, incident: Incident) -> Facets:
    """The incident's filters, sorts and result fields, from the archive's own groupings (the
    same names its taxonomy pages list)."""
    filters: list[tuple[str, str]] = [("severity", incident.severity.id)]
    status = incident.data.get("status")
    if status:
        filters.append(("status", str(status)))
    for taxonomy in archive.taxonomies.values():
        filters.extend((taxonomy.singular, term.name) for term in taxonomy.terms_of(incident))
    sorts = [("date", incident.date), ("severity", str(incident.severity.rank + 1))]
    resolve = incident.durations.get(RESOLVE)
    exact = resolve.exact if resolve is not None else None
    if exact is not None and exact.total_seconds() >= 0:
        sorts.append(("resolve", str(round(exact.total_seconds() / 60))))
    meta = (
        ("id", incident.id),
        ("date", incident.date),
        ("severity", incident.severity.id),
        ("title", incident.title),
    )
    return Facets(
        tuple((name, for_pagefind(ui_value(str(value)))) for name, value in filters),
        tuple(sorts),
        meta,  # escaped once, by the template: Pagefind decodes them once
    )
