"""The archive's pages as Markdown, through Jinja2 templates that a team can override, and the
files beside them (schema, charts, exports, stylesheet)."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2

from ..core.model import DURATIONS, LIFECYCLE, Incident
from ..core.moments import Span
from ..core.moments import written as moment_written
from ..core.quantities import QuantityError, read_quantity
from ..core.schema import schema_document
from ..core.settings import Settings
from ..core.validate import SchemaValidator
from ..insights import similarity
from ..insights.index import ArchiveIndex
from ..insights.metrics import counts
from ..insights.taxonomy import RECURRENCE_LIMIT, recurrences
from . import charts, exports
from . import markdown_text as mdtext
from .addresses import Paths, href, relative
from .field_reference import field_rows
from .fragments import FRAGMENT, splice, splice_markdown, tidy

REQUIRED_EXTENSIONS = (
    ("admonition", ("admonition", "markdown.extensions.admonition")),
    ("attr_list", ("attr_list", "markdown.extensions.attr_list")),
    ("tables", ("tables", "markdown.extensions.tables", "extra", "markdown.extensions.extra")),
    ("pymdownx.details", ("pymdownx.details",)),
    ("pymdownx.superfences", ("pymdownx.superfences",)),
)
"""Markdown extensions the pages use, each with the spellings that turn it on: the plugin adds
the missing ones; without the plugin, ``render`` says which ones mkdocs.yml lacks."""


@dataclass(frozen=True)
class GeneratedAsset:
    """A generated file that is not a page: schema, charts, exports."""

    src_uri: str
    content: str


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    content: str
    """Markdown; the derived lists are placeholders for ``fragments``."""
    in_nav: bool
    incident: Incident | None = None
    fragments: tuple[str, ...] = ()
    """HTML of the lists the archive derives (incidents of a term, recurrence, similar pairs).
    They are made as HTML because converting their thousands of Markdown list items was most
    of the cost of a large archive's index pages; the plugin puts them into the converted page."""

    @property
    def text(self) -> str:
        """The page as one Markdown file, its fragments as raw HTML blocks: for builds that run
        no plugin (``mkdocs-postmortem render``)."""
        return splice_markdown(self.content, self.fragments)

    def html(self, converted: str) -> str:
        """The HTML MkDocs made of ``content``, with the fragments in their places."""
        return splice(converted, self.fragments)


def stylesheet() -> str:
    return resources.files(__package__).joinpath("static/postmortem.css").read_text("utf-8")


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
    """A scalar as the page shows it: booleans as yes/no, everything else as written."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "—"
    return mdtext.plain(value)


def flatten(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Extension values of any shape as (sub-path, scalar) rows, so every value is shown."""
    if isinstance(value, dict):
        rows: list[tuple[str, Any]] = []
        for key, item in value.items():
            rows.extend(flatten(item, f"{path}.{key}" if path else str(key)))
        return rows or [(path, "{}")]
    if isinstance(value, list):
        rows = []
        for index, item in enumerate(value):
            rows.extend(flatten(item, f"{path}[{index}]"))
        return rows or [(path, "[]")]
    return [(path, value)]


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
    """A ticket reference as a link when a team rule matches it whole (``JIRA-123`` with
    ``https://tracker/browse/{id}``); an http(s) URL as a link; anything else as plain text,
    never a link to an anchor of the page (``#1095`` is a ticket, not a heading)."""
    text = " ".join(str(value).split())
    for pattern, template in rules:
        match = re.fullmatch(pattern, text)
        if match is not None:
            url = template.format(
                id=quote(text, safe=""),
                **{k: quote(v or "", safe="") for k, v in match.groupdict().items()},
            )
            return mdtext.link(url, text)
    if re.match(r"(?i)https?://", text):
        return mdtext.link(text)
    return mdtext.plain(text)


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
        return f"{shown}<br>{mdtext.cell(note)}" if note else shown
    if kind == "figure":
        return figure_text(value)
    if kind == "ticket":
        return ticket_link(value, ticket_links)
    if kind == "md":
        return mdtext.cell(value)
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
    """A figure as written: the number, the text, or the structured form's parts."""
    if isinstance(value, dict):
        try:
            figure = read_quantity(value)
        except QuantityError:
            return mdtext.plain(str(value))
        return mdtext.plain(figure.text + (f" ({figure.note})" if figure.note else ""))
    return display(value)


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
        md=mdtext.markdown,
        cell=mdtext.cell,
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
        title=mdtext.title,
    )
    env.globals.update(
        DURATIONS=DURATIONS,
        LIFECYCLE=LIFECYCLE,
        RECURRENCE_LIMIT=RECURRENCE_LIMIT,
        extensions=extensions,
        flatten=flatten,
        present=present,
        front_matter=front_matter,
        ticket_links=ticket_links,
    )
    # Fragments are HTML: escaped by Jinja itself, and built from the same loaders, so a team
    # overrides them as it overrides the page templates.
    html_env = jinja2.Environment(
        loader=env.loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env, html_env


class Renderer:
    """Renders every page of an archive with the templates of one configuration."""

    @classmethod
    def for_settings(cls, settings: Settings, validator: SchemaValidator) -> Renderer:
        """The renderer every front end uses: pages under the prefix, the team's templates."""
        return cls(
            Paths(settings.prefix),
            validator,
            settings.templates_dir,
            settings.directory_urls,
            settings.ticket_links,
        )

    def __init__(
        self,
        paths: Paths,
        validator: SchemaValidator,
        templates_dir: str | None,
        directory_urls: bool = True,
        ticket_links: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.paths = paths
        self.validator = validator
        self.env, self.html_env = environments(templates_dir, _listing(templates_dir), ticket_links)
        self.directory_urls = directory_urls

    def index_pages(self, archive: ArchiveIndex, *, in_nav: bool) -> list[GeneratedPage]:
        """The archive home, severity, related and field pages, in a fixed order."""
        paths = self.paths
        page = self._page
        pages = [page("home.md.j2", paths.home, archive, in_nav)]
        for level in archive.levels:
            incidents = archive.by_severity[level.id]
            src = paths.severity(level)
            pages.append(
                page("severity.md.j2", src, archive, in_nav, level=level, incidents=incidents)
            )
        if archive.unrated:  # a group of its own, reached from the home page: not a level
            level = archive.unrated[0].severity
            pages.append(
                page(
                    "severity.md.j2",
                    paths.unrated,
                    archive,
                    False,
                    level=level,
                    incidents=archive.unrated,
                )
            )
        pages.append(page("related.md.j2", paths.related, archive, in_nav))
        fields = field_rows(self.validator.schema)
        pages.append(page("fields.md.j2", paths.fields, archive, in_nav, fields=fields))
        pages.append(page("health.md.j2", paths.health, archive, in_nav))
        if archive.changes is not None:
            changes = archive.changes
            pages.append(page("changes.md.j2", paths.changes, archive, in_nav, changes=changes))
        for template, src in (
            ("metrics.md.j2", paths.metrics),
            ("action_items.md.j2", paths.ledger),
            ("similar.md.j2", paths.similar),
        ):
            pages.append(page(template, src, archive, in_nav))
        for taxonomy in archive.taxonomies.values():
            src = paths.taxonomy(taxonomy.key)
            pages.append(page("taxonomy.md.j2", src, archive, in_nav, taxonomy=taxonomy))
            for term in taxonomy.terms:
                src = paths.term(taxonomy.key, term)
                pages.append(page("term.md.j2", src, archive, False, taxonomy=taxonomy, term=term))
        return pages

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
        ]

    def incident_page(self, archive: ArchiveIndex, incident: Incident) -> GeneratedPage:
        return self._page(
            "incident.md.j2",
            self.paths.incident(incident),
            archive,
            False,
            incident,
            incident=incident,
            d=incident.data,
            links=archive.links.get(incident.slug, []),
            family=archive.family_of.get(incident.slug),
            change=archive.change_of(incident),
            recurrences=[] if incident.preview else recurrences(archive.taxonomies, incident),
            suggestions=archive.suggestions.get(incident.slug, []),
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

        def html_block(name: str, **values: Any) -> str:
            """Render the HTML template ``name``; the page holds a placeholder for it."""
            fragment = self.html_env.get_template(name).render(
                archive=archive, settings=archive.settings, incident_href=incident_href, **values
            )
            # No blank line inside: CommonMark ends an HTML block there (Python-Markdown does
            # not), so the Markdown files of `render` stay right for either kind of reader.
            fragments.append("\n".join(line for line in fragment.split("\n") if line.strip()))
            return "\n" + FRAGMENT.format(len(fragments) - 1) + "\n"

        markdown = self.env.get_template(template).render(
            archive=archive,
            settings=archive.settings,
            paths=paths,
            src=src,
            url=url,
            html_block=html_block,
            incident_url=lambda i: url(paths.incident(i)),
            severity_url=lambda level: url(paths.severity(level)),
            term_url=lambda taxonomy, term: url(paths.term(taxonomy.key, term)),
            taxonomy_url=lambda taxonomy: url(paths.taxonomy(taxonomy.key)),
            **context,
        )
        return GeneratedPage(src, tidy(markdown), in_nav, incident, tuple(fragments))
