"""Where every generated page and file lives (relative to docs_dir), the site's navigation
section for them, and the links between pages, computed as MkDocs will write the URLs."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

from ..core.model import Incident
from ..core.scale import Level
from ..core.settings import Settings
from ..insights.taxonomy import TAXONOMIES, Term

NAV_TAXONOMIES = ("services", "categories", "tags", "environments", "years", "organisations")
"""The taxonomies in the order the navigation lists them."""


class Paths:
    """Where each generated page lives, relative to docs_dir. Incidents get their own folder so
    that no incident id can collide with an index page."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.home = f"{prefix}/index.md"
        self.related = f"{prefix}/related.md"
        self.fields = f"{prefix}/fields.md"
        self.health = f"{prefix}/health.md"
        self.changes = f"{prefix}/changes.md"
        self.schema = f"{prefix}/schema.json"
        self.stylesheet = f"{prefix}/assets/postmortem.css"
        self.metrics = f"{prefix}/metrics.md"
        self.ledger = f"{prefix}/action-items.md"
        self.ledger_csv = f"{prefix}/action-items.csv"
        self.similar = f"{prefix}/similar.md"
        self.export = f"{prefix}/incidents.json"
        self.unrated = f"{prefix}/unrated.md"

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
        return f"{self.prefix}/incidents/{incident.slug}.md"

    def severity(self, level: Level) -> str:
        return f"{self.prefix}/severity/{level.slug}.md"

    def nav_section(self, settings: Settings) -> list[Any]:
        """The archive's entries for an explicit ``nav:`` (incident pages are never in it: an
        entry per incident makes every page of a large archive slow to build)."""
        titles = {kind.key: kind.nav_title for kind in TAXONOMIES}
        by_severity = [
            {f"{lv.id}: {lv.label}": self.severity(lv)} for lv in settings.severity.levels
        ]
        return [
            self.home,
            {"By severity": by_severity},
            {"Related incidents": self.related},
            {"Metrics": self.metrics},
            {"Action items": self.ledger},
            *({titles[key]: self.taxonomy(key)} for key in NAV_TAXONOMIES),
            {"Possible relations": self.similar},
            {"Archive health": self.health},
            *([{"Changes in this preview": self.changes}] if settings.compare_ref else []),
            {"Fields": self.fields},
        ]


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


def href(from_src: str, to_src: str, directory_urls: bool) -> str:
    """A link from one built page to another, for HTML that MkDocs does not rewrite."""
    base = _base_folder(from_src, directory_urls)
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


@lru_cache(maxsize=256)
def _base_folder(src: str, directory_urls: bool) -> str:
    """The folder a page's relative links start from; a page links many incidents in a row."""
    start = page_url(src, directory_urls)
    return (start if start.endswith("/") else posixpath.dirname(start)) or "."


@lru_cache(maxsize=4096)
def _relative_folder(start: str, folder: str) -> str:
    """Pages live in a handful of folders: the path between two folders is computed once."""
    return posixpath.relpath(folder or ".", start or ".") + "/"
