"""What the core needs to know about a team's archive, and the one declaration of the plugin's
options: each option is a field of ``Settings`` with its default, its kind and its documentation.
The MkDocs config class and the configuration reference are made from these fields."""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .option_kinds import (
    _CONVERT,
    FAMILY_DIAGRAMS,
    PAGEFIND_MODES,
    PERIOD_KINDS,
    Category,
    Option,
    _categories,
    _same,
    check_choice,
    check_date,
    check_ticket_links,
    option,
)
from .scale import DEFAULT_FACTOR_CATEGORIES, DEFAULT_PRIORITIES, DEFAULT_SEVERITIES, Scale
from .site_markdown import SiteMarkdown


@dataclass(frozen=True)
class Settings:
    """The team's archive options; every front end builds one with ``from_options``."""

    docs_dir: str
    project_dir: str
    enabled: bool = field(
        default=True,
        metadata=option(
            "enabled",
            "flag",
            "Turn the plugin off without removing its configuration.",
        ),
    )
    paths: tuple[str, ...] = field(
        default=("postmortems/**/*.yaml", "postmortems/**/*.yml"),
        metadata=option(
            "paths",
            "globs",
            """Which files in `docs_dir` are postmortems. `**` spans folders, `*` does not. Matching
            files are validated and published as pages; they are not copied to the site as raw
            YAML.""",
        ),
    )
    prefix: str = field(
        default="postmortems",
        metadata=option(
            "prefix",
            "text",
            """Folder of the generated pages: the archive home is `<prefix>/`, incidents are
            `<prefix>/incidents/<id>/` with the id as written (`<prefix>/<id>/` when the prefix
            ends in `incidents`: `incidents/INC-2026-001/`, never `incidents/incidents/...`),
            severity pages `<prefix>/severity/<level>/`, then
            `<prefix>/browse/`, `<prefix>/related/`, `<prefix>/health/`, `<prefix>/fields/`,
            `<prefix>/changes/` (previews), `<prefix>/patterns/`, `<prefix>/action-items/`,
            `<prefix>/similar/`, `<prefix>/unrated/` (incidents without a severity), one folder per
            taxonomy (`services`, `tags`, `categories`, `environments`, `years`, `organisations`),
            and the files `<prefix>/schema.json`, `<prefix>/incidents.json`,
            `<prefix>/patterns.json`, `<prefix>/action-items.csv`, `<prefix>/charts/*.svg`,
            and the Atom feeds `<prefix>/feed.xml` and `<prefix>/feeds/<level>.xml`. A page
            of your own at one of these paths is never replaced: the plugin warns instead.""",
        ),
    )
    nav: bool = field(
        default=True,
        metadata=option(
            "nav",
            "flag",
            """Put the archive in the navigation as one section of six pages: the archive home,
            patterns, action items, related incidents, Browse (which links every severity,
            service, tag, category, environment, year and organisation page, and the field
            reference; *Search the archive* when Pagefind is on) and archive health. With an
            explicit `nav:` in `mkdocs.yml` the section is appended, or added to your own
            top-level entry titled `nav_title` (one section of that name, never two), unless
            your `nav` already lists `<prefix>/index.md`. `false`
            keeps every generated page out of the navigation: link to the archive yourself.
            Incident and
            index pages are never entries of their own: every page renders the whole navigation,
            so an entry per incident or per term makes a large archive slow to build.""",
        ),
    )
    nav_title: str = field(
        default="Postmortems",
        metadata=option(
            "nav_title",
            "text",
            "Title of that section.",
        ),
    )
    severity: Scale = field(
        default_factory=lambda: Scale.build("severity", DEFAULT_SEVERITIES),
        metadata=option(
            "severity_levels",
            "levels",
            """Ordered list, most severe first. Each level has `id`, `label`, `description`,
            `aliases` and `response_target`. A postmortem's `severity` must be an id or an
            alias.""",
            "SEV1..SEV4",
        ),
    )
    priority: Scale = field(
        default_factory=lambda: Scale.build("priority", DEFAULT_PRIORITIES),
        metadata=option(
            "priorities",
            "levels",
            "The scale of action-item `priority`, same shape as the severity scale.",
            "P0..P3 (aliases Critical, High, Medium, Low)",
        ),
    )
    factor_categories: tuple[Category, ...] = field(
        default_factory=lambda: _categories(DEFAULT_FACTOR_CATEGORIES),
        metadata=option(
            "factor_categories",
            "categories",
            """Allowed `category` values of contributing factors: each has `id`, `label`,
            `description`.""",
            "the nine categories of the SEV1-SEV4 template",
        ),
    )
    team_schema: str | None = field(
        default=None,
        metadata=option(
            "schema",
            "file",
            """Path (relative to `mkdocs.yml`) of a JSON Schema (JSON or YAML) that every postmortem
            must also satisfy.""",
            "none",
        ),
    )
    templates_dir: str | None = field(
        default=None,
        metadata=option(
            "templates",
            "folder",
            """Folder of Jinja2 templates: one named as a bundled template replaces it, and one
            that extends `postmortem/<name>` overrides only the blocks it writes.""",
            "none",
        ),
    )
    timezone: str = field(
        default="UTC",
        metadata=option(
            "timezone",
            "text",
            """IANA name used for timestamps without an offset (a postmortem can set its own
            `timezone`).""",
        ),
    )
    max_file_size: int = field(
        default=1_048_576,
        metadata=option(
            "max_file_size",
            "count",
            "Files larger than this many bytes are reported and not parsed.",
        ),
    )
    max_list_items: int = field(
        default=2_000,
        metadata=option(
            "max_list_items",
            "count",
            """A list (timeline, action items, log lines...) with more entries is reported at its
            line, and the file is neither validated further nor published. Keeps the work of one
            hostile file bounded.""",
        ),
    )
    recent: int = field(
        default=20,
        metadata=option(
            "recent",
            "count",
            """How many of the newest incidents the archive home lists. Every incident is listed on
            its severity page.""",
        ),
    )
    id_format: str = field(
        default="INC-{year}-{seq:03d}",
        metadata=option(
            "id_format",
            "text",
            "The ids `mkdocs-postmortem new` gives out: the next free `seq` of the year.",
        ),
    )
    as_of: str = field(
        default="",
        metadata=option(
            "as_of",
            "date",
            """The ledger's date, YYYY-MM-DD (`as_of: 2026-11-25`, quoted or not): action items
            are counted open or overdue as of this day. Pin it when pages must not change from
            one day to the next.""",
            "the day of the build",
        ),
    )
    status_window: int = field(
        default=180,
        metadata=option(
            "status_window",
            "count",
            """How many days an action item's status holds after the day it was stated
            (`status_as_of`, by default a report's `published` day or the postmortem's date).
            An open item stated longer before `as_of` is listed as *last stated open on* that
            day, and counted neither open nor overdue. See
            [action items](writing.md#action-items).""",
        ),
    )
    similar_k: int = field(
        default=3,
        metadata=option(
            "similar_k",
            "count",
            """How many *possibly related* incidents each incident page suggests (0 turns
            suggestions off).""",
        ),
    )
    similar_threshold: float = field(
        default=0.1,
        metadata=option(
            "similar_threshold",
            "ratio",
            """Minimum TF-IDF cosine similarity (above 0, at most 1) for a suggestion. Long
            postmortems share few distinctive words, so useful values are low.""",
        ),
    )
    compare_ref: str = field(
        default="",
        metadata=option(
            "compare_ref",
            "optional text",
            """A git ref to compare the postmortems with; adds the *Changes in this preview* page.
            See [checks where authors work](authoring.md#pull-request-previews).""",
            "none (or `$POSTMORTEM_COMPARE_REF`)",
        ),
    )
    time_zones: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=option(
            "time_zones",
            "zones",
            """Zone abbreviations your postmortems use, added to (or changing) the built-in table
            (PST, PDT, EST, EDT, CST, CDT, MST, MDT, BST, CET, CEST, UTC, GMT...): each stands
            for an offset (`-06:00`), an IANA name (`America/Chicago`) or `ambiguous` (refused,
            asking for an offset or IANA name; IST is ambiguous by default). See
            [times as written](writing.md#times-as-written).""",
            "none",
        ),
    )
    require_severity_from: str = field(
        default="",
        metadata=option(
            "require_severity_from",
            "date",
            """Postmortems dated from this day (YYYY-MM-DD) on must have a severity of the scale;
            older ones may be `unrated` (a library of other organisations' reports usually
            is).""",
            "none: `unrated` is always allowed",
        ),
    )
    count_exercises: bool = field(
        default=False,
        metadata=option(
            "count_exercises",
            "flag",
            """Count game days, drills and fictional examples (`exercise:`) in the action-item
            ledger, the follow-through and the all-time figures like real incidents (never in
            the Patterns page's comparisons of periods). Off, they are left out of every count
            of those pages, their headers included, and the pages say how many they leave
            out.""",
        ),
    )
    patterns_period: str = field(
        default="quarter",
        metadata=option(
            "patterns_period",
            "text",
            """The periods the archive's *Patterns* page compares: `quarter`,
            `half` (half-years) or `year`. The last complete one is set against the one before;
            the period still running is never compared.""",
        ),
    )
    patterns_level: float = field(
        default=0.90,
        metadata=option(
            "patterns_level",
            "ratio",
            """How sure an interval of the Patterns page is (0.5 to 0.99): a change is claimed
            only when its whole interval is on one side. At 0.90, about one comparison in ten
            with no real change still shows one; higher levels claim less, and later.""",
        ),
    )
    ticket_links: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=option(
            "ticket_links",
            "ticket links",
            """Turn ticket references into links: a list of `match` (a regular expression for
            the whole reference, such as `[A-Z]+-[0-9]+` or `#(?P<number>[0-9]+)`) and `url`
            (with `{id}` for the reference and `{name}` for each named group). A reference no
            rule matches stays plain text; a postmortem value never becomes a link to an anchor
            of the page.""",
            "none",
        ),
    )
    pagefind: str = field(
        default="auto",
        metadata=option(
            "pagefind",
            "switch",
            """Search the incidents with [Pagefind](search.md): a chunked index that a reader's
            browser fetches a few kilobytes of per query, with filters (severity, status,
            service, tag, category, environment, year, organisation) on the *Search the archive*
            page (Browse, renamed). `auto`: on from `pagefind_threshold` incidents when the
            Pagefind binary runs on this machine; `true`: on whatever the size, when the binary
            runs; `required`: on, and a warning (`--strict` fails) when the binary cannot run;
            `false`: off. When on, incident pages leave Material's search index (the rest of the
            site stays in it); when the binary cannot run under `auto` or `true`, the build says
            so once and the incident pages stay in Material's search.""",
        ),
    )
    pagefind_threshold: int = field(
        default=500,
        metadata=option(
            "pagefind_threshold",
            "count",
            """With `pagefind: auto`, the number of published incidents from which Pagefind is
            used: below it Material's own index stays small enough to download whole.""",
        ),
    )
    family_diagrams: str = field(
        default="svg",
        metadata=option(
            "family_diagrams",
            "text",
            """How the *Related incidents* page draws each family: `svg`, made at build time,
            shown by every theme and reader with nothing fetched; or `mermaid`, for a theme
            that draws Mermaid (Material, from a CDN; see [themes](#themes)). The family's
            table of relations is shown either way.""",
        ),
    )
    site_url: str = ""
    directory_urls: bool = True
    markdown: SiteMarkdown = field(default_factory=SiteMarkdown)
    diagrams: bool = True
    """Whether the site draws Mermaid diagrams (Material does; MkDocs' own themes do not): with
    ``family_diagrams: mermaid`` elsewhere, the families are their tables alone."""
    techdocs: bool = False
    """Built for Backstage TechDocs, whose reader drops the plugin's stylesheet and scripts."""

    def __post_init__(self) -> None:
        """Every Settings is usable: a bad value is a ValueError with a message for a person."""
        prefix = self.prefix
        if not prefix or ".." in prefix.split("/") or posixpath.isabs(prefix):
            raise ValueError(
                f"prefix must be a relative folder such as 'postmortems', got {prefix!r}"
            )
        if self.max_file_size <= 0:
            raise ValueError("max_file_size must be a positive number of bytes")
        if self.max_list_items <= 0:
            raise ValueError("max_list_items must be a positive number")
        if self.recent < 0:
            raise ValueError("recent must be zero or more")
        if self.status_window <= 0:
            raise ValueError("status_window must be a positive number of days")
        for name, spec in options_of(type(self)):
            if spec.kind == "date" and getattr(self, name):
                check_date(spec.name, getattr(self, name))
        check_choice("pagefind", self.pagefind, PAGEFIND_MODES)
        if self.pagefind_threshold < 0:
            raise ValueError("pagefind_threshold must be zero or more")
        check_choice("family_diagrams", self.family_diagrams, FAMILY_DIAGRAMS)
        check_choice("patterns_period", self.patterns_period, PERIOD_KINDS)
        if not 0.5 <= self.patterns_level <= 0.99:
            raise ValueError(f"patterns_level is from 0.5 to 0.99, not {self.patterns_level}")
        if not 0 < self.similar_threshold <= 1:
            raise ValueError("similar_threshold must be above 0 and at most 1")
        check_ticket_links(self.ticket_links)

    @property
    def as_of_date(self) -> str:
        return self.as_of or date.today().isoformat()

    @classmethod
    def from_options(
        cls,
        options: Mapping[str, Any],
        *,
        docs_dir: str,
        project_dir: str,
        site_url: str | None = None,
        directory_urls: bool = True,
        markdown: SiteMarkdown | None = None,
        diagrams: bool = True,
    ) -> Settings:
        """Settings from option values as written under the plugin (missing or None: the
        default); raises ValueError with a message for a person."""
        values: dict[str, Any] = {}
        for name, spec in options_of(cls):
            value = options.get(spec.name)
            if value is not None:
                values[name] = _CONVERT.get(spec.kind, _same)(spec.name, value)
        unknown = set(options) - {spec.name for _, spec in options_of(cls)}
        if unknown:
            raise ValueError(f"unknown option {sorted(unknown)[0]!r}")
        return cls(
            docs_dir=docs_dir,
            project_dir=project_dir,
            site_url=site_url or "",
            directory_urls=directory_urls,
            markdown=markdown or SiteMarkdown(),
            diagrams=diagrams,
            **values,
        )

    def option_values(self) -> dict[str, Any]:
        """The options as mkdocs.yml writes them (the inverse of ``from_options``)."""
        values = {}
        for name, spec in options_of(type(self)):
            value = getattr(self, name)
            if isinstance(value, Scale):
                value = value.entries()
            elif spec.kind == "categories":
                value = [dataclasses.asdict(c) for c in value]
            elif spec.kind == "zones":
                value = dict(value)
            elif spec.kind == "ticket links":
                value = [{"match": m, "url": u} for m, u in value]
            elif isinstance(value, tuple):
                value = list(value)
            values[spec.name] = value
        return values


def options_of(cls: type[Settings] = Settings) -> Iterator[tuple[str, Option]]:
    """(field name, option) for every field that is a plugin option, in declaration order."""
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("option")
        if isinstance(spec, Option):
            yield f.name, spec
