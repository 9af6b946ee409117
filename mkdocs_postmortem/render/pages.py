"""The archive's pages as Markdown, through Jinja2 templates that a team can override, and the
files beside them (schema, charts, exports, stylesheet)."""

from __future__ import annotations

import html
import json
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from ..core.lifecycle import DURATIONS, LIFECYCLE
from ..core.model import Incident
from ..core.moments import written as moment_written
from ..core.schema import schema_document
from ..core.settings import Settings
from ..core.site_markdown import SiteMarkdown
from ..core.spans import Span
from ..core.validate import SchemaValidator
from ..insights import similarity
from ..insights.index import ArchiveIndex
from ..insights.ledger import standing
from ..insights.metrics import counts
from ..insights.taxonomy import RECURRENCE_LIMIT, recurrences
from . import charts, exports
from . import markdown_text as mdtext
from .addresses import Paths, href, link_base, relative
from .facets import facets
from .field_reference import field_rows
from .fragments import FRAGMENT, splice, splice_markdown, tidy
from .html_filters import CURRENT_PAGE, ticket_target
from .html_filters import FILTERS as HTML_FILTERS
from .incident_view import (
    figure_written,
    flatten,
    headline_figures,
    milestones,
    shown,
    timeline,
    window,
    written_value,
)
from .outline import Document, HeadingStyle, Outline, html_block
from .text_html import NO_POSTMORTEMS, PageText, Postmortems, converter_for

REQUIRED_EXTENSIONS = (
    ("admonition", ("admonition", "markdown.extensions.admonition")),
    ("attr_list", ("attr_list", "markdown.extensions.attr_list")),
    ("tables", ("tables", "markdown.extensions.tables", "extra", "markdown.extensions.extra")),
    ("pymdownx.details", ("pymdownx.details",)),
    ("pymdownx.superfences", ("pymdownx.superfences",)),
)
"""Markdown extensions the pages use, each with the spellings that turn it on: the plugin adds
the missing ones; without the plugin, ``render`` says which ones mkdocs.yml lacks."""


DIAGRAM_THEMES = frozenset({"material"})
"""Themes that draw Mermaid diagrams from the ``mermaid`` fence by themselves."""


def draws_diagrams(theme: Any, extra_javascript: Any = ()) -> bool:
    """Whether a site draws the family diagrams: its theme does (Material), or it loads
    Mermaid itself (a script of ``extra_javascript`` named for it). ``theme`` as mkdocs.yml
    writes it (a name, or a mapping with ``name``) or MkDocs' theme object."""
    name = theme.get("name") if isinstance(theme, Mapping) else getattr(theme, "name", theme)
    if name in DIAGRAM_THEMES:
        return True
    for script in extra_javascript or ():
        path = (
            script.get("path") if isinstance(script, Mapping) else getattr(script, "path", script)
        )
        if "mermaid" in str(path).lower():
            return True
    return False


@dataclass(frozen=True)
class GeneratedAsset:
    """A generated file that is not a page: schema, charts, exports."""

    src_uri: str
    content: str


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    content: str
    """What MkDocs converts: Markdown, where the derived lists are placeholders for
    ``fragments``; for a page written as HTML, its front matter alone."""
    in_nav: bool
    incident: Incident | None = None
    fragments: tuple[str, ...] = ()
    """HTML of the lists the archive derives (incidents of a term, recurrence, similar pairs).
    They are made as HTML because converting their thousands of Markdown list items was most
    of the cost of a large archive's index pages; the plugin puts them into the converted page."""
    document: Document | None = None
    """The body of a page written as HTML (an incident page): MkDocs never parses its
    structure, only the free text in it went through Markdown."""

    @property
    def text(self) -> str:
        """The page as one Markdown file, its HTML as raw HTML blocks: for builds that run no
        plugin (``mkdocs-postmortem render``)."""
        if self.document is not None:
            return self.content + "\n" + self.document.markdown()
        return splice_markdown(self.content, self.fragments)

    def html(self, converted: str) -> str:
        """The page's HTML, given the HTML MkDocs made of ``content``: the fragments in their
        places, or the document itself."""
        if self.document is not None:
            return self.document.html()
        return splice(converted, self.fragments)

    def packed(self) -> GeneratedPage:
        """The page holding its HTML compressed until MkDocs asks for it (``Document.packed``):
        a build makes every page before MkDocs converts the first one."""
        if self.document is None or self.document.packed_html:
            return self
        return replace(self, document=self.document.packed())

    def detached(self) -> GeneratedPage:
        """What the build still needs once MkDocs has the page's file: its HTML, not the
        incident behind it (a large archive's postmortems are not held for the whole build)."""
        return replace(self.packed(), content="", incident=None)


def stylesheet(name: str = "postmortem.css") -> str:
    return resources.files(__package__).joinpath(f"static/{name}").read_text("utf-8")


SEARCH_TITLE = "Search the archive"
"""The Browse page's title when the incidents are searched with Pagefind."""


def _minutes(value: timedelta | None) -> str:
    """Durations in tables of figures: whole minutes, so columns compare at a glance."""
    return "—" if value is None else f"{round(value.total_seconds() / 60):,} min"


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter. Material prints title, description and tags unescaped: escape them.
    Written as JSON, which is YAML too, and some hundred times faster to write than
    PyYAML's pure-Python dumper."""
    # ASCII only: YAML 1.1 would read a raw U+2028 or U+0085 inside a string as a line break.
    lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def escape_attr(value: object) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def display(value: Any) -> str:
    """A scalar as a Markdown page shows it: booleans as yes/no, everything else as written
    (escaped for Markdown)."""
    if value is None or isinstance(value, bool):
        return written_value(value)
    return mdtext.plain(value)


def extensions(obj: Any) -> list[tuple[str, Any]]:
    """The ``x-`` fields of one mapping, flattened."""
    if not isinstance(obj, dict):
        return []
    rows: list[tuple[str, Any]] = []
    for key, value in obj.items():
        if str(key).startswith("x-"):
            rows.extend(flatten(value, str(key)))
    return rows


def present(rows: Iterable[Mapping[str, Any]], columns: Iterable[Any]) -> list[Any]:
    """The columns that at least one row fills, plus every x- key the rows carry."""
    rows = list(rows)
    kept = [c for c in columns if any(c[0] in r for r in rows)]
    extra: list[str] = []
    for row in rows:
        for key in row:
            if str(key).startswith("x-") and key not in extra:
                extra.append(key)
    return kept + [(key, key, "ext") for key in extra]


def ticket_link(value: object, rules: Iterable[tuple[str, str]]) -> str:
    """A ticket reference in a Markdown page."""
    text, url = ticket_target(value, rules)
    return mdtext.plain(text) if url is None else mdtext.link(url, None if url == text else text)


@jinja2.pass_context
def _cell_filter(context: jinja2.runtime.Context, value: Any, kind: str) -> str:
    """``value(kind)`` in templates, with the team's ticket rules from the environment."""
    return cell_value(value, kind, context.get("ticket_links", ()))


def cell_value(value: Any, kind: str, ticket_links: Iterable[tuple[str, str]] = ()) -> str:
    """A value shown as ``kind`` (md, code, link, ticket, list, ext, moment, figure, or plain),
    as the page templates' tables and field lists show it: a filter rather than a macro,
    because a Jinja macro call for every cell of every page was a large share of the render
    stage."""
    if value is None:
        return ""
    if kind == "moment":  # as written, with the note of the structured form
        note = value.get("note") if isinstance(value, dict) else None
        shown = mdtext.plain(moment_written(value))
        return f"{shown}<br>{mdtext.plain(note)}" if note else shown
    if kind == "figure":
        return figure_text(value)
    if kind == "ticket":
        return ticket_link(value, ticket_links)
    if kind == "md":  # free text in a Markdown table: shown as written, never read as HTML
        return mdtext.plain(value)
    if kind == "code":
        return mdtext.inline_code(value)
    if kind == "link":
        return mdtext.link(value)
    if kind == "list":
        return ", ".join(display(item) for item in value)
    if kind == "ext":
        return "<br>".join(
            (mdtext.plain(path) + ": " if path else "") + display(item)
            for path, item in flatten(value)
        )
    return display(value)


def figure_text(value: Any) -> str:
    """A figure as written, for a Markdown page."""
    return display(value) if not isinstance(value, dict) else mdtext.plain(figure_written(value))


@jinja2.pass_context
def _text_block(context: jinja2.runtime.Context, value: Any) -> str:
    """Free text in a Markdown page: converted as on incident pages (no HTML read from it,
    cleaned), and put in place after MkDocs has converted the page, as a derived list is."""
    return str(context["text_block"](value))


def _one_line(value: Any) -> str:
    """A value inside a quoted admonition title: one line, no double quote, shown as written
    (Jinja's own ``title`` filter would print it raw)."""
    return mdtext.plain(" ".join(str(value).split()).replace('"', "'"))


def _duration(value: Span | None) -> str:
    return "—" if value is None else value.text


def _listing(templates_dir: str | None) -> tuple[str, ...]:
    """The team's template files: adding one replaces a bundled template, so it is part of
    what the environments are cached by."""
    if not templates_dir:
        return ()
    return tuple(
        sorted(
            os.path.relpath(os.path.join(root, name), templates_dir)
            for root, _, names in os.walk(templates_dir)
            for name in names
        )
    )


@lru_cache(maxsize=8)
def environments(
    templates_dir: str | None,
    listing: tuple[str, ...],
    ticket_links: tuple[tuple[str, str], ...] = (),
) -> tuple[jinja2.Environment, jinja2.Environment]:
    """The Markdown and HTML template environments of a templates folder, kept for the
    process: compiling every template took a third of a small build, and under
    ``mkdocs serve`` every rebuild paid it again. Jinja reloads a template whose file changed;
    ``listing`` starts afresh when a template is added or removed."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir:
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders.append(jinja2.PackageLoader(__package__, "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - the output is Markdown; text is escaped by filters
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=_text_block,
        cell=mdtext.plain,
        text=mdtext.plain,
        code=mdtext.code_block,
        icode=mdtext.inline_code,
        link=mdtext.link,
        display=display,
        value=_cell_filter,
        moment=moment_written,
        figure=figure_text,
        duration=_duration,
        minutes=_minutes,
        similar_pairs=similarity.pairs,
        attr=escape_attr,
        title=_one_line,
    )
    shared = {
        "DURATIONS": DURATIONS,
        "LIFECYCLE": LIFECYCLE,
        "RECURRENCE_LIMIT": RECURRENCE_LIMIT,
        "extensions": extensions,
        "present": present,
        "ticket_links": ticket_links,
    }
    env.globals.update(shared, flatten=flatten, front_matter=front_matter)
    # Fragments are HTML: escaped by Jinja itself, and built from the same loaders, so a team
    # overrides them as it overrides the page templates.
    html_env = jinja2.Environment(
        loader=env.loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html_env.filters.update(HTML_FILTERS)
    html_env.globals.update(shared)
    return env, html_env


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
    ) -> None:
        self.paths = paths
        self.validator = validator
        self.env, self.html_env = environments(templates_dir, _listing(templates_dir), ticket_links)
        self.directory_urls = directory_urls
        markdown = markdown or SiteMarkdown()
        self.converter = converter_for(markdown)
        self.heading_style = HeadingStyle.of_site(markdown)
        self.keep_text = False
        if "incident.md.j2" in _listing(templates_dir):
            raise ValueError(
                f"templates: {templates_dir}/incident.md.j2 is a Markdown incident page, which "
                "this version no longer uses: incident pages are HTML from incident.html.j2 "
                "(see the configuration reference, Templates). Free text in a Markdown template "
                "could not be kept from running script; move your changes to a copy of "
                "incident.html.j2 and remove incident.md.j2"
            )
        self.postmortems = NO_POSTMORTEMS
        self.search = False
        """The incidents are searched with Pagefind (``site_search.plan``): incident pages
        declare their filters and leave the theme's index; Browse holds the search."""

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

        def page(template: str, src: str, **context: Any) -> GeneratedPage:
            return self._page(template, src, archive, src in nav, **context)

        pages = [
            page("home.md.j2", paths.home),
            page("browse.md.j2", paths.browse, search=self._search_page(archive)),
        ]
        for level in archive.levels:
            incidents = archive.by_severity[level.id]
            src = paths.severity(level)
            pages.append(page("severity.md.j2", src, level=level, incidents=incidents))
        if archive.unrated:  # a group of its own, reached from home and Browse: not a level
            level = archive.unrated[0].severity
            unrated = archive.unrated
            pages.append(page("severity.md.j2", paths.unrated, level=level, incidents=unrated))
        pages.append(page("related.md.j2", paths.related))
        fields = field_rows(self.validator.schema)
        pages.append(page("fields.md.j2", paths.fields, fields=fields))
        pages.append(page("health.md.j2", paths.health))
        if archive.changes is not None:
            pages.append(page("changes.md.j2", paths.changes, changes=archive.changes))
        for template, src in (
            ("metrics.md.j2", paths.metrics),
            ("action_items.md.j2", paths.ledger),
            ("similar.md.j2", paths.similar),
        ):
            pages.append(page(template, src))
        for taxonomy in archive.taxonomies.values():
            src = paths.taxonomy(taxonomy.key)
            pages.append(page("taxonomy.md.j2", src, taxonomy=taxonomy))
            for term in taxonomy.terms:
                src = paths.term(taxonomy.key, term)
                pages.append(page("term.md.j2", src, taxonomy=taxonomy, term=term))
        return pages

    def _search_page(self, archive: ArchiveIndex) -> dict[str, Any] | None:
        """What the search page's interface needs: where Pagefind's files and the site's root
        are from the page (HTML that MkDocs does not rewrite), and each level's badge."""
        if not self.search:
            return None
        paths = self.paths
        base = link_base(paths.browse, self.directory_urls)
        levels = [*archive.levels, *(i.severity for i in archive.unrated[:1])]
        return {
            "title": SEARCH_TITLE,
            "bundle": posixpath.relpath(paths.search_bundle, base) + "/",
            "root": posixpath.relpath(".", base) + "/",
            "script": posixpath.relpath(paths.search_script, base),
            "style": posixpath.relpath(paths.search_style, base),
            "badges": json.dumps(
                {
                    level.id: "pm-sev-unrated"
                    if level.id == "unrated"
                    else f"pm-sev-{min(level.rank, 5)}"
                    for level in levels
                },
                sort_keys=True,
            ),
        }

    def assets(self, archive: ArchiveIndex) -> list[GeneratedAsset]:
        """Files other than pages: the effective schema, the charts and the exports."""
        paths = self.paths
        assert archive.metrics is not None and archive.ledger is not None
        levels = archive.levels
        urls = {
            i.slug: paths.incident_url(i, archive.settings.directory_urls)
            for i in archive.incidents
        }
        return [
            GeneratedAsset(paths.schema, schema_document(self.validator.schema)),
            GeneratedAsset(
                paths.chart("incidents-per-month"),
                charts.incidents_per_month(archive.metrics, levels),
            ),
            GeneratedAsset(
                paths.chart("resolve-time"),
                charts.resolve_time_by_severity(
                    levels,
                    {
                        level: [i for i in group if counts(archive.settings, i)]
                        for level, group in archive.by_severity.items()
                    },
                ),
            ),
            GeneratedAsset(
                paths.chart("open-action-items"), charts.open_action_items(archive.ledger)
            ),
            GeneratedAsset(paths.ledger_csv, exports.action_items_csv(archive.ledger)),
            GeneratedAsset(paths.export, exports.incidents_json(archive, urls)),
            GeneratedAsset(paths.stylesheet, stylesheet()),
            *(
                [
                    GeneratedAsset(paths.search_style, stylesheet("search.css")),
                    GeneratedAsset(paths.search_script, stylesheet("search.js")),
                ]
                if self.search
                else []
            ),
        ]

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
        chips: dict[str, Any] = {}
        if not incident.preview:  # a preview is in no index: its values are not links
            for key, taxonomy in archive.taxonomies.items():
                terms = [
                    (t.name, href(src, self.paths.term(key, t), self.directory_urls))
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
        **context: Any,
    ) -> GeneratedPage:
        """A page written as HTML: its structure from an HTML template, only its free text
        through Markdown (``text_html``), its headings placed by ``outline``."""
        paths = self.paths
        directory_urls = self.directory_urls
        outline = Outline(self.heading_style)
        text = PageText(
            self.converter,
            src,
            directory_urls,
            self.keep_text,
            source=subject.src_uri if subject is not None else "",
            postmortems=self.postmortems,
        )

        def page_href(target: str) -> str:
            return href(src, target, directory_urls)

        token = CURRENT_PAGE.set(text)
        try:
            body = self.html_env.get_template(template).render(
                archive=archive,
                settings=archive.settings,
                paths=paths,
                src=src,
                page_text=text,
                heading=outline.add,
                page_href=page_href,
                asset_href=lambda target: posixpath.relpath(target, link_base(src, directory_urls)),
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
            front_matter(meta),
            False,
            subject,
            document=outline.document(body, search_body=context.get("search") is not None),
        )

    def _page(
        self,
        template: str,
        src: str,
        archive: ArchiveIndex,
        in_nav: bool,
        incident: Incident | None = None,
        /,
        **context: Any,
    ) -> GeneratedPage:
        paths = self.paths
        directory_urls = self.directory_urls
        fragments: list[str] = []

        def url(target: str) -> str:
            return relative(src, target)

        def incident_href(incident: Incident) -> str:
            return href(src, paths.incident(incident), directory_urls)

        text = PageText(
            self.converter, src, directory_urls, self.keep_text, postmortems=self.postmortems
        )

        def placed(fragment: str) -> str:
            """A placeholder line for ``fragment`` (HTML), which takes its place later. No
            blank line inside: CommonMark ends an HTML block there (Python-Markdown does not),
            so the Markdown files of `render` stay right for either kind of reader."""
            fragments.append(html_block(fragment))
            return "\n" + FRAGMENT.format(len(fragments) - 1) + "\n"

        def template_block(name: str, **values: Any) -> str:
            """Render the HTML template ``name``; the page holds a placeholder for it. Its
            free text is converted for this page (``md``, ``md_inline``)."""
            token = CURRENT_PAGE.set(text)
            try:
                fragment = self.html_env.get_template(name).render(
                    archive=archive,
                    settings=archive.settings,
                    incident_href=incident_href,
                    **values,
                )
            finally:
                CURRENT_PAGE.reset(token)
            return placed(fragment)

        def text_block(value: Any) -> str:
            return placed(text.block(str(value)))

        markdown = self.env.get_template(template).render(
            archive=archive,
            settings=archive.settings,
            paths=paths,
            src=src,
            url=url,
            html_block=template_block,
            text_block=text_block,
            incident_url=lambda i: url(paths.incident(i)),
            severity_url=lambda level: url(paths.severity(level)),
            term_url=lambda taxonomy, term: url(paths.term(taxonomy.key, term)),
            taxonomy_url=lambda taxonomy: url(paths.taxonomy(taxonomy.key)),
            **context,
        )
        return GeneratedPage(src, tidy(markdown), in_nav, incident, tuple(fragments))
