"""The renderer every front end uses: the archive's pages as HTML from Jinja2 templates that a
team can override block by block (``templating``), each with the outline of its headings
(``outline``), and the archive's other files (``assets``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.model import Incident
from ..core.settings import Settings
from ..core.site_markdown import SiteMarkdown
from ..core.validate import SchemaValidator
from ..insights.index import ArchiveIndex
from ..insights.ledger import standing
from ..insights.patterns import Patterns, build_patterns
from ..insights.taxonomy import recurrences
from .addresses import Paths, file_href, href
from .assets import archive_assets, archive_charts
from .facets import facets
from .generated import GeneratedAsset, GeneratedPage, escape_attr, front_matter
from .html_filters import CURRENT_PAGE
from .incident_view import headline_figures, milestones, timeline, window
from .index_pages import index_pages, search_page
from .outline import HeadingStyle, Outline
from .templating import environment, listing, refuse_legacy
from .text_html import NO_POSTMORTEMS, PageText, Postmortems, converter_for
from .times_shown import shown


class Renderer:
    """Renders every page of an archive with the templates of one configuration."""

    @classmethod
    def for_settings(
        cls, settings: Settings, validator: SchemaValidator, keep_text: bool = False
    ) -> Renderer:
        """The renderer every front end uses: pages under the prefix, the team's templates.
        ``keep_text`` keeps converted text for the next build (``mkdocs serve``)."""
        renderer = cls(
            Paths(settings.prefix),
            validator,
            settings.templates_dir,
            settings.directory_urls,
            settings.ticket_links,
            settings.markdown,
            settings.techdocs,
        )
        renderer.keep_text = keep_text
        return renderer

    def __init__(
        self,
        paths: Paths,
        validator: SchemaValidator,
        templates_dir: str | None,
        directory_urls: bool = True,
        ticket_links: tuple[tuple[str, str], ...] = (),
        markdown: SiteMarkdown | None = None,
        techdocs: bool = False,
    ) -> None:
        """Raises ValueError when the team's templates cannot be used."""
        self.paths = paths
        self.validator = validator
        files = listing(templates_dir)
        refuse_legacy(templates_dir, files)
        self.env = environment(templates_dir, files, ticket_links, techdocs)
        self.directory_urls = directory_urls
        markdown = markdown or SiteMarkdown()
        self.converter = converter_for(markdown)
        self.heading_style = HeadingStyle.of_site(markdown)
        self.keep_text = False
        self.postmortems = NO_POSTMORTEMS
        self._derived: tuple[ArchiveIndex, Patterns, dict[str, str]] | None = None
        self.search = False
        """The incidents are searched with Pagefind (``site_search.plan``): incident pages
        declare their filters and leave the theme's index; Browse holds the search."""
        self.link_root = ""
        """Where links between pages start (``addresses.link_root``): relative links (empty)
        for the plugin's build, site-absolute ones in the files ``render`` writes."""

    def prepare(self, archive: ArchiveIndex) -> None:
        """What the pages of this archive link to: each postmortem's page, by YAML file (a link
        to a postmortem's file leads there)."""
        pages = {}
        for loaded in archive.files:
            shown = archive.page_of(loaded)
            if shown is not None:
                pages[loaded.source.src_uri] = self.paths.incident(shown)
        self.postmortems = Postmortems(pages)

    def index_pages(self, archive: ArchiveIndex, *, in_nav: bool) -> list[GeneratedPage]:
        """The archive home, Browse, severity, related and field pages, in a fixed order. Only
        the pages of ``Paths.nav_section`` go in the navigation (with ``in_nav``); the others
        are built all the same, linked from Browse (term pages from their taxonomy's page)."""
        paths = self.paths
        nav = paths.in_nav if in_nav else frozenset()
        search = (
            search_page(paths, archive, self.directory_urls, self.link_root)
            if self.search
            else None
        )
        return [
            self._html_page(
                page.template, page.src, archive, None, {}, in_nav=page.src in nav, **page.context
            )
            for page in index_pages(
                paths, archive, self.validator.schema, search, *self.derived(archive)
            )
        ]

    def assets(self, archive: ArchiveIndex) -> list[GeneratedAsset]:
        """Files other than pages: the effective schema, the charts and the exports."""
        return archive_assets(
            self.paths, self.validator.schema, archive, self.search, *self.derived(archive)
        )

    def derived(self, archive: ArchiveIndex) -> tuple[Patterns, dict[str, str]]:
        """The archive's patterns and charts, made once for the page that shows them and the
        files that hold them, and only when a page or a file is asked for."""
        if self._derived is None or self._derived[0] is not archive:
            patterns = build_patterns(archive)
            self._derived = (archive, patterns, archive_charts(archive, patterns))
        return self._derived[1], self._derived[2]

    def incident_page(self, archive: ArchiveIndex, incident: Incident) -> GeneratedPage:
        d = incident.data
        # Material prints title, description and tags unescaped: they are escaped here.
        meta: dict[str, Any] = {
            "title": escape_attr(f"{incident.id}: {incident.title}"),
            "description": escape_attr(incident.description),
            "tags": [escape_attr(t) for t in dict.fromkeys(incident.services + incident.tags)],
        }
        search = self.search and not incident.preview  # a preview is in no index
        if search:  # Pagefind finds it: the theme's index, downloaded whole, stays small
            meta["search"] = {"exclude": True}
        src = self.paths.incident(incident)
        root = self.link_root
        chips: dict[str, Any] = {}
        if not incident.preview:  # a preview is in no index: its values are not links
            for key, taxonomy in archive.taxonomies.items():
                terms = [
                    (t.name, href(src, self.paths.term(key, t), self.directory_urls, root))
                    for t in taxonomy.terms_of(incident)
                ]
                if terms:
                    chips[key] = terms
                if key == "categories":
                    chips.update({f"categories:{name}": link for name, link in terms})
        zone = incident.zone.label if incident.zone else ""
        tz = incident.zone.tz if incident.zone else None
        # The ledger's date: an item overdue on the ledger is overdue on its incident's page.
        as_of = archive.ledger.as_of if archive.ledger else archive.settings.as_of_date
        days = archive.settings.status_window
        return self._html_page(
            "incident.html.j2",
            src,
            archive,
            incident,
            meta,
            search_body=bool(search),
            chips=chips,
            category_labels={c.id: c.label for c in archive.settings.factor_categories},
            when=lambda path, value: shown(value, incident.moments.get(path), zone, tz),
            **self._incident_context(archive, incident),
            window=window(incident),
            milestones=milestones(incident),
            figures=headline_figures(incident),
            timeline=timeline(incident, ("timeline",), d.get("timeline") or []),
            as_of=as_of,
            standing=lambda item: standing(item, d, as_of, days),
            overdue=lambda item: standing(item, d, as_of, days).overdue,
            search=facets(archive, incident) if search else None,
        )

    @staticmethod
    def _incident_context(archive: ArchiveIndex, incident: Incident) -> dict[str, Any]:
        """What the incident template is given about the incident and its neighbours."""
        return {
            "incident": incident,
            "d": incident.data,
            "links": archive.links.get(incident.slug, []),
            "family": archive.family_of.get(incident.slug),
            "change": archive.change_of(incident),
            "recurrences": [] if incident.preview else recurrences(archive.taxonomies, incident),
            "suggestions": archive.suggestions.get(incident.slug, []),
        }

    def _html_page(
        self,
        template: str,
        src: str,
        archive: ArchiveIndex,
        subject: Incident | None,
        meta: Mapping[str, Any],
        /,
        *,
        in_nav: bool = False,
        search_body: bool = False,
        **context: Any,
    ) -> GeneratedPage:
        """A page from an HTML template: its structure never goes through Markdown, only its
        free text does (``text_html``); its headings are placed by ``outline``. Its front
        matter is ``meta`` with what the template adds through ``page_meta``. With
        ``search_body`` Pagefind indexes the page (``Document.search_body``)."""
        paths = self.paths
        directory_urls, root = self.directory_urls, self.link_root
        outline = Outline(self.heading_style)
        text = PageText(
            self.converter,
            src,
            directory_urls,
            self.keep_text,
            source=subject.src_uri if subject is not None else "",
            postmortems=self.postmortems,
            root=root,
        )
        front = dict(meta)

        def page_meta(**values: Any) -> str:
            """Front matter from the template: title and description escaped, as Material
            prints them unescaped."""
            for key, value in values.items():
                front[key] = escape_attr(value) if key in ("title", "description") else value
            return ""

        def page_href(target: str) -> str:
            return href(src, target, directory_urls, root)

        token = CURRENT_PAGE.set(text)
        try:
            body = self.env.get_template(template).render(
                archive=archive,
                settings=archive.settings,
                paths=paths,
                src=src,
                page_text=text,
                page_meta=page_meta,
                heading=outline.add,
                page_href=page_href,
                asset_href=lambda target: file_href(src, target, directory_urls, root),
                incident_href=lambda i: page_href(paths.incident(i)),
                severity_href=lambda level: page_href(paths.severity(level)),
                term_href=lambda taxonomy, term: page_href(paths.term(taxonomy.key, term)),
                taxonomy_href=lambda taxonomy: page_href(paths.taxonomy(taxonomy.key)),
                **context,
            )
        finally:
            CURRENT_PAGE.reset(token)
        return GeneratedPage(
            src,
            front_matter(front),
            outline.document(body, search_body=search_body),
            in_nav,
            subject,
        )
