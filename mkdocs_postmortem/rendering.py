"""Archive to Markdown pages, through Jinja2 templates that a team can override."""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from . import charts, export, ledger, mdtext, similarity
from .archive import Archive
from .model import DURATIONS, LIFECYCLE, Incident
from .scale import Level
from .schema import SchemaValidator, SchemaWalker, schema_document
from .settings import Settings
from .taxonomy import RECURRENCE_LIMIT, Taxonomy, Term, recurrences
from .timeutil import format_duration


@dataclass(frozen=True)
class GeneratedAsset:
    """A generated file that is not a page: schema, charts, exports."""

    src_uri: str
    content: str


FRAGMENT = "<!-- postmortem:fragment {} -->"
_FRAGMENT = re.compile(r"^<!-- postmortem:fragment (\d+) -->$", re.MULTILINE)


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


def splice(html: str, fragments: Sequence[str]) -> str:
    """The HTML MkDocs made of a page, with each placeholder line replaced by its fragment.
    Postmortem text cannot add one: MkDocs' HTML escapes every ``<`` it holds, code included."""
    if not fragments:
        return html
    return _FRAGMENT.sub(lambda m: _fragment(fragments, m), html)


def splice_markdown(markdown: str, fragments: Sequence[str]) -> str:
    """The page's Markdown with each placeholder line replaced by its fragment. A code block
    of a postmortem may hold a line that reads like a placeholder: lines in code stay as
    they are."""
    if not fragments:
        return markdown
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        placeholder = None if fence else _FRAGMENT.fullmatch(line.lstrip(" "))
        fence = _fence_after(line, fence)
        if placeholder is None:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]  # inside an admonition, say
        out.extend(indent + part for part in _fragment(fragments, placeholder).split("\n"))
    return "\n".join(out)


def _fragment(fragments: Sequence[str], match: re.Match[str]) -> str:
    index = int(match.group(1))
    return fragments[index] if index < len(fragments) else ""


def stylesheet() -> str:
    return resources.files("mkdocs_postmortem").joinpath("assets/postmortem.css").read_text("utf-8")


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

    def chart(self, name: str) -> str:
        return f"{self.prefix}/charts/{name}.svg"

    def taxonomy(self, taxonomy: Taxonomy) -> str:
        return f"{self.prefix}/{taxonomy.key}/index.md"

    def term(self, taxonomy: Taxonomy, term: Term) -> str:
        return f"{self.prefix}/{taxonomy.key}/{term.slug}.md"

    def incident_url(self, incident: Incident, directory_urls: bool) -> str:
        """Site-relative URL of an incident page, as MkDocs will write it."""
        return page_url(self.incident(incident), directory_urls)

    def incident(self, incident: Incident) -> str:
        return f"{self.prefix}/incidents/{incident.slug}.md"

    def severity(self, level: Level) -> str:
        return f"{self.prefix}/severity/{level.slug}.md"


def _minutes(value: timedelta | None) -> str:
    """Durations in tables of figures: whole minutes, so columns compare at a glance."""
    return "—" if value is None else f"{round(value.total_seconds() / 60):,} min"


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


def cell_value(value: Any, kind: str) -> str:
    """A value shown as ``kind`` (md, code, link, list, ext, or plain), as the page templates'
    tables and field lists show it: a filter rather than a macro, because a Jinja macro call
    for every cell of every page was a large share of the render stage."""
    if value is None:
        return ""
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


class Renderer:
    """Renders every page of an archive; one Jinja environment per configuration."""

    @classmethod
    def for_settings(cls, settings: Settings, validator: SchemaValidator) -> Renderer:
        """The renderer every front end uses: pages under the prefix, the team's templates."""
        return cls(
            Paths(settings.prefix), validator, settings.templates_dir, settings.directory_urls
        )

    def __init__(
        self,
        paths: Paths,
        validator: SchemaValidator,
        templates_dir: str | None,
        directory_urls: bool = True,
    ) -> None:
        self.paths = paths
        self.validator = validator
        loaders: list[jinja2.BaseLoader] = []
        if templates_dir:
            loaders.append(jinja2.FileSystemLoader(templates_dir))
        loaders.append(jinja2.PackageLoader("mkdocs_postmortem", "templates"))
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
            value=cell_value,
            duration=self._duration,
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
        )
        self.env = env
        # Fragments are HTML: escaped by Jinja itself, and built from the same loaders, so a
        # team overrides them as it overrides the page templates.
        self.html_env = jinja2.Environment(
            loader=env.loader,
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.directory_urls = directory_urls

    @staticmethod
    def _duration(value: timedelta | None) -> str:
        return "—" if value is None else format_duration(value)

    def index_pages(self, archive: Archive, *, in_nav: bool) -> list[GeneratedPage]:
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
            src = paths.taxonomy(taxonomy)
            pages.append(page("taxonomy.md.j2", src, archive, in_nav, taxonomy=taxonomy))
            for term in taxonomy.terms:
                src = paths.term(taxonomy, term)
                pages.append(page("term.md.j2", src, archive, False, taxonomy=taxonomy, term=term))
        return pages

    def assets(self, archive: Archive) -> list[GeneratedAsset]:
        """Files other than pages: the effective schema, the charts and the exports."""
        paths = self.paths
        assert archive.metrics is not None and archive.ledger is not None
        levels = archive.levels
        resolve_times = {
            level.id: [
                i.durations["time_to_resolve"]
                for i in archive.by_severity[level.id]
                if "time_to_resolve" in i.durations
            ]
            for level in levels
        }
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
                charts.resolve_time_by_severity(archive.metrics, levels, resolve_times),
            ),
            GeneratedAsset(
                paths.chart("open-action-items"), charts.open_action_items(archive.ledger)
            ),
            GeneratedAsset(paths.ledger_csv, ledger.to_csv(archive.ledger)),
            GeneratedAsset(paths.export, export.incidents_json(archive, urls)),
            GeneratedAsset(paths.stylesheet, stylesheet()),
        ]

    def incident_page(self, archive: Archive, incident: Incident) -> GeneratedPage:
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
        archive: Archive,
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
            term_url=lambda taxonomy, term: url(paths.term(taxonomy, term)),
            taxonomy_url=lambda taxonomy: url(paths.taxonomy(taxonomy)),
            **context,
        )
        return GeneratedPage(src, tidy(markdown), in_nav, incident, tuple(fragments))


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def _fence_after(line: str, fence: str) -> str:
    """The fence open after ``line`` ("" outside code), given the one open before it."""
    match = _FENCE.match(line)
    if not fence:
        return match.group(1) if match else ""
    if (
        match
        and match.group(1)[0] == fence[0]
        and len(match.group(1)) >= len(fence)
        and not line.strip()[len(match.group(1)) :]
    ):
        return ""
    return fence


def tidy(markdown: str) -> str:
    """Collapse the blank lines that optional sections leave behind, except inside code."""
    out: list[str] = []
    fence = ""
    blank = 0
    for line in markdown.split("\n"):
        if fence:
            out.append(line)
            fence = _fence_after(line, fence)
            continue
        fence = _fence_after(line, fence)
        if not line.strip():
            blank += 1
            if blank > 1:
                continue
        else:
            blank = 0
        out.append(line.rstrip() if not line.strip() else line)
    return "\n".join(out).strip("\n") + "\n"


def field_rows(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every field of the effective schema, depth first, for the field reference page."""
    walker = SchemaWalker(schema)

    def type_of(node: Mapping[str, Any]) -> str:
        node = walker.resolve(node)
        if "enum" in node:
            return "one of: " + ", ".join(f"`{v}`" for v in node["enum"])
        if "anyOf" in node:
            return " or ".join(type_of(option) for option in node["anyOf"])
        kind = node.get("type", "any")
        if kind == "array":
            return f"list of {type_of(node.get('items', {}))}"
        if kind == "object":
            return "mapping"
        if isinstance(kind, list):
            return " or ".join(kind)
        fmt = node.get("format")
        return f"{kind} ({fmt})" if fmt and not str(fmt).startswith("postmortem") else str(kind)

    rows: list[dict[str, Any]] = []

    def walk(node: Mapping[str, Any], prefix: str, depth: int) -> None:
        required = set(node.get("required", []))
        for name, child in node.get("properties", {}).items():
            child = walker.resolve(child)
            path = f"{prefix}.{name}" if prefix else name
            rows.append(
                {
                    "path": path,
                    "depth": depth,
                    "title": child.get("title", name),
                    "description": child.get("description", ""),
                    "type": type_of(child),
                    "required": name in required,
                }
            )
            target = walker.object_branch(child)
            if target.get("type") == "array":
                target = walker.object_branch(target.get("items", {}))
                path += "[]"
            if target.get("type") == "object":
                walk(target, path, depth + 1)

    walk(walker.root, "", 0)
    return rows
