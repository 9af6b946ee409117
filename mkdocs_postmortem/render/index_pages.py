"""Which index pages an archive has, from which template, with what: the archive home, Browse
(the search page when Pagefind searches the incidents), a page per severity level, related
incidents, the field reference, health, changes, patterns, the action-item ledger, possible
relations, and a page per taxonomy and per term. ``Renderer`` renders them."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from typing import Any

from ..insights.index import ArchiveIndex
from ..insights.patterns import Patterns
from .addresses import Paths, file_href, link_base
from .field_reference import field_rows
from .severity_look import badge_classes

SEARCH_TITLE = "Search the archive"
"""The Browse page's title when the incidents are searched with Pagefind."""


@dataclass(frozen=True)
class IndexPage:
    """One index page to render: its template, its address and what its template is given
    beyond what every page is given."""

    template: str
    src: str
    context: dict[str, Any] = field(default_factory=dict)


def index_pages(
    paths: Paths,
    archive: ArchiveIndex,
    schema: dict[str, Any],
    search: dict[str, Any] | None,
    patterns: Patterns,
    drawn: dict[str, str],
) -> list[IndexPage]:
    """Every index page, in a fixed order. ``search``: what the search page's interface needs
    (``search_page``), None without Pagefind; ``patterns`` and ``drawn`` (the charts by name)
    are what the Patterns page shows."""
    pages = [
        IndexPage("home.html.j2", paths.home),
        IndexPage("browse.html.j2", paths.browse, {"search": search}),
    ]
    for level in archive.levels:
        incidents = archive.by_severity[level.id]
        context = {"level": level, "incidents": incidents}
        pages.append(IndexPage("severity.html.j2", paths.severity(level), context))
    if archive.unrated:  # a group of its own, reached from home and Browse: not a level
        context = {"level": archive.unrated_level, "incidents": archive.unrated}
        pages.append(IndexPage("severity.html.j2", paths.unrated, context))
    pages.append(IndexPage("related.html.j2", paths.related))
    pages.append(IndexPage("fields.html.j2", paths.fields, {"fields": field_rows(schema)}))
    pages.append(IndexPage("health.html.j2", paths.health))
    if archive.changes is not None:
        pages.append(IndexPage("changes.html.j2", paths.changes, {"changes": archive.changes}))
    pages.append(
        IndexPage("patterns.html.j2", paths.patterns, {"patterns": patterns, "charts": drawn})
    )
    pages.append(IndexPage("action_items.html.j2", paths.ledger))
    pages.append(IndexPage("similar.html.j2", paths.similar))
    for taxonomy in archive.taxonomies.values():
        src = paths.taxonomy(taxonomy.key)
        pages.append(IndexPage("taxonomy.html.j2", src, {"taxonomy": taxonomy}))
        for term in taxonomy.terms:
            src = paths.term(taxonomy.key, term)
            pages.append(IndexPage("term.html.j2", src, {"taxonomy": taxonomy, "term": term}))
    return pages


def search_page(
    paths: Paths, archive: ArchiveIndex, directory_urls: bool, root: str = ""
) -> dict[str, Any]:
    """What the search page's interface needs: where Pagefind's files and the site's root are
    from the page (HTML that MkDocs does not rewrite; from ``root`` when given:
    ``addresses.link_root``), and each level's badge."""
    levels = [*archive.levels, archive.unrated_level]

    def link(target: str) -> str:
        return file_href(paths.browse, target, directory_urls, root)

    return {
        "title": SEARCH_TITLE,
        "bundle": link(paths.search_bundle) + "/",
        "module": link(posixpath.dirname(paths.search_module)) + "/",
        "root": root or posixpath.relpath(".", link_base(paths.browse, directory_urls)) + "/",
        "script": link(paths.search_script),
        "style": link(paths.search_style),
        "badges": json.dumps(badge_classes(levels), sort_keys=True),
    }
