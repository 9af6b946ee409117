"""Where every generated page and file lives (relative to docs_dir), the site's navigation
section for them, and the links between pages, computed as MkDocs will write the URLs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..core.model import Incident
from ..core.scale import Level
from ..core.schema import BUNDLED_ID_PATTERN
from ..core.settings import Settings
from ..insights.taxonomy import Term

ARCHIVE_NAMES = frozenset(
    {
        "index", "readme", "browse", "related", "fields", "health", "changes", "patterns",
        "action-items", "similar", "unrated", "severity", "charts", "assets", "schema.json",
        "incidents.json", "patterns.json", "action-items.csv", "services", "categories", "tags",
        "environments", "years", "organisations", "pagefind", "feed.xml", "feeds",
    }
)  # fmt: skip
"""The names of the archive's pages, folders and files in the prefix's folder (lower case)."""

_SAFE_ID = re.compile(BUNDLED_ID_PATTERN)
"""The ids the schema accepts: letters, digits, ``-``, ``_`` and single dots."""

CHARTS = ("incidents-per-month", "incidents-per-period", "resolve-time", "open-action-items")
"""The charts every archive has (``charts/<name>.svg``); the small multiple's panels depend on
the incidents."""

NAV_TAXONOMIES = ("services", "categories", "tags", "environments", "years", "organisations")
"""The taxonomies in the order the Browse page lists them (they are not in the navigation:
``Paths.nav_section``)."""


class Paths:
    """Where each generated page lives, relative to docs_dir. Incidents get their own folder so
    that no incident id can collide with an index page."""

    browse_taxonomies = NAV_TAXONOMIES
    """The taxonomies whose pages the Browse page links, in its order."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.incidents = (
            prefix if posixpath.basename(prefix) == "incidents" else f"{prefix}/incidents"
        )
        """The folder of the incident pages: ``<prefix>/incidents``, or the prefix itself when
        it already ends in ``incidents`` (``/incidents/INC-1/``, never a doubled segment)."""
        self.home = f"{prefix}/index.md"
        self.related = f"{prefix}/related.md"
        self.fields = f"{prefix}/fields.md"
        self.health = f"{prefix}/health.md"
        self.changes = f"{prefix}/changes.md"
        self.schema = f"{prefix}/schema.json"
        self.stylesheet = f"{prefix}/assets/postmortem.css"
        self.patterns = f"{prefix}/patterns.md"
        self.ledger = f"{prefix}/action-items.md"
        self.ledger_csv = f"{prefix}/action-items.csv"
        self.similar = f"{prefix}/similar.md"
        self.export = f"{prefix}/incidents.json"
        self.patterns_export = f"{prefix}/patterns.json"
        self.unrated = f"{prefix}/unrated.md"
        self.browse = f"{prefix}/browse.md"
        self.search_script = f"{prefix}/assets/search.js"
        self.search_style = f"{prefix}/assets/search.css"
        self.search_module = f"{prefix}/assets/pagefind-any/pagefind.js"
        self.header_search_script = f"{prefix}/assets/header-search.js"
        """On every page with Pagefind (the plugin adds it to the site's scripts): a line at
        the top of the theme's search results leads to the archive's search page."""
        """Pagefind's module as the search page's interface loads it: a filter's values are any
        of them (``static/pagefind-any.js``); it imports Pagefind's own from ``search_bundle``."""
        self.feed = f"{prefix}/feed.xml"
        """The Atom feed of the newest postmortems (``render.feeds``)."""
        self.search_bundle = f"{prefix}/pagefind"
        """Pagefind's files, written after the build (``render.site_search``)."""

    def fixed(self, levels: Iterable[Level]) -> list[str]:
        """The pages and files every archive has, whatever its incidents (those of
        ``nav_section``, the severity levels, the taxonomies, the charts and exports): what a
        postmortem may link to before the pages are made."""
        return [
            self.home, self.browse, self.related, self.fields, self.health, self.patterns,
            self.ledger, self.similar, self.schema, self.stylesheet, self.ledger_csv,
            self.export, self.patterns_export, self.feed,
            *(self.chart(n) for n in CHARTS),
            *(self.severity(level) for level in levels),
            *(self.level_feed(level) for level in levels),
            *(self.taxonomy(key) for key in NAV_TAXONOMIES),
        ]  # fmt: skip

    def chart(self, name: str) -> str:
        return f"{self.prefix}/charts/{name}.svg"

    def taxonomy(self, key: str) -> str:
        """The page of a taxonomy (``services``, ``tags``...), listing its terms."""
        return f"{self.prefix}/{key}/index.md"

    def term(self, key: str, term: Term) -> str:
        return f"{self.prefix}/{key}/{term.slug}.md"

    def incident_url(self, incident: Incident, directory_urls: bool) -> str:
        """Site-relative URL of an incident page, as MkDocs will write it."""
        return page_url(self.incident(incident), directory_urls)

    def incident(self, incident: Incident) -> str:
        """The incident's page, named by its id as written (``incidents/INC-2025-008/``): the
        URL is the id a reader has in hand. Ids are unique case-insensitively, so no two pages
        share a file even where the file system ignores case. ``README``, which MkDocs would
        make the folder's index page, is written in lower case; an id that is not a safe URL
        segment (never published: the schema refuses it) falls back to its slug."""
        name = incident.id
        if name == "README" or not _SAFE_ID.fullmatch(name):
            name = incident.slug if name != "README" else "readme"
        return f"{self.incidents}/{name}.md"

    def taken(self, incident: Incident) -> str | None:
        """The archive's page or folder whose address the incident's page would take: only
        where incident pages share the prefix's folder with the index pages."""
        if self.incidents != self.prefix:
            return None
        name = posixpath.basename(self.incident(incident)).removesuffix(".md").lower()
        return name if name in ARCHIVE_NAMES else None

    def severity(self, level: Level) -> str:
        return f"{self.prefix}/severity/{level.slug}.md"

    def level_feed(self, level: Level) -> str:
        """The Atom feed of one severity level (``unrated`` for the unrated group: no level
        of a scale may take that name)."""
        return f"{self.prefix}/feeds/{level.slug}.xml"

    def nav_section(self, settings: Settings | None = None) -> list[Any]:
        """The archive's entries for an explicit ``nav:``: six pages, never more, the same for
        every archive (``settings`` changes nothing). Every page of the site renders the whole
        navigation, so each entry costs on every page of a large archive; the Browse page links
        the other index pages (severity and taxonomy pages, possible relations, fields,
        changes), which are built but kept out of the navigation. Incident and term pages are
        never in it."""
        return [
            self.home,
            {"Patterns": self.patterns},
            {"Action items": self.ledger},
            {"Related incidents": self.related},
            {"Browse": self.browse},
            {"Archive health": self.health},
        ]

    @property
    def in_nav(self) -> frozenset[str]:
        """The pages of ``nav_section``: the only generated pages the navigation may show (any
        other would be listed by the automatic navigation, and reported as missing from an
        explicit one)."""
        return frozenset(_sources(self.nav_section()))


def _sources(nav: Any) -> list[str]:
    """Every page source a ``nav:`` value names."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [src for value in nav.values() for src in _sources(value)]
    return [src for value in nav for src in _sources(value)]


def relative(from_src: str, to_src: str) -> str:
    """A Markdown link target from one page's source to another's; MkDocs resolves .md links."""
    start = posixpath.dirname(from_src)
    folder, name = posixpath.split(to_src)
    return name if folder == start else _relative_folder(start, folder) + name


def page_url(src: str, directory_urls: bool) -> str:
    """Site-relative URL of the page built from ``src``, as MkDocs gives it (``File.url``)."""
    stem = posixpath.splitext(src)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if not folder:
            return "./" if directory_urls else "index.html"
        return f"{folder}/" if directory_urls else f"{folder}/index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def link_root(site_url: str, directory_urls: bool) -> str:
    """Where the links of the files ``render`` writes start: the path of ``site_url`` (``/``
    without one) with directory URLs, else nothing (relative links). MkDocs leaves the HTML of
    a Markdown page as written, for the browser to resolve from the page's URL; Zensical
    resolves a relative link there from the Markdown file's folder. Those are one folder only
    without directory URLs (``a/b.md`` is ``a/b.html``); with them, ``a/b.md`` is ``a/b/`` and
    only a site-absolute link leads to the same page under both. The plugin's own build, which
    MkDocs alone runs, keeps relative links (a site that moves keeps working)."""
    if not directory_urls:
        return ""
    path = urlsplit(site_url).path if site_url else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def rendered_link_root(settings: Settings) -> str:
    """``link_root`` for the files ``render`` writes with these settings. For TechDocs, which
    builds with MkDocs alone under an address of Backstage's (``/docs/<entity>/``), nothing:
    only relative links lead there."""
    return "" if settings.techdocs else link_root(settings.site_url, settings.directory_urls)


def href(from_src: str, to_src: str, directory_urls: bool, root: str = "") -> str:
    """A link from one built page to another, for HTML that MkDocs does not rewrite; from
    ``root`` when given (``link_root``)."""
    if root:
        return root + page_url(to_src, True).removeprefix("./")
    base = link_base(from_src, directory_urls)
    target = page_url(to_src, directory_urls)
    path = target.rstrip("/")
    folder, _, name = path.rpartition("/")
    if not folder or (base + "/").startswith(path + "/"):  # the target holds this page
        rel = posixpath.relpath(target, base)
        if rel == ".":
            return "./"
        return rel + "/" if target.endswith("/") else rel
    # The common case, a page in another folder: the path between the two folders is computed
    # once, as the lists link thousands of incidents that all live in one folder.
    suffix = "/" if target.endswith("/") else ""
    return _relative_folder(base.rstrip("/"), folder).removeprefix("./") + name + suffix


def file_href(from_src: str, target: str, directory_urls: bool, root: str = "") -> str:
    """A link to a file of the site (a chart, an export, an image) from a built page; from
    ``root`` when given (``link_root``)."""
    if root:
        return root + target
    return posixpath.relpath(target, link_base(from_src, directory_urls))


@lru_cache(maxsize=256)
def link_base(src: str, directory_urls: bool) -> str:
    """The folder a page's relative links start from; a page links many incidents in a row."""
    start = page_url(src, directory_urls)
    return (start if start.endswith("/") else posixpath.dirname(start)) or "."


@lru_cache(maxsize=4096)
def _relative_folder(start: str, folder: str) -> str:
    """Pages live in a handful of folders: the path between two folders is computed once."""
    return posixpath.relpath(folder or ".", start or ".") + "/"
