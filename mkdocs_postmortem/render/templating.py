"""The Jinja environment every page is rendered with: the team's templates over the bundled
ones, the bundled ones also under a prefix of their own, and the filters and globals the
templates use. Every page is HTML, so Jinja escapes every value (``autoescape``); free text is
converted by the filters of ``html_filters``.

A team's file of the same name as a bundled template replaces it, and may extend it to
override one block: ``{% extends "postmortem/incident.html.j2" %}`` always names the bundled
template (``BUNDLED``), whatever the team's folder holds."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import lru_cache
from typing import Any

import jinja2

from ..core.lifecycle import DURATIONS, LIFECYCLE
from ..core.spans import format_duration
from ..insights import similarity
from ..insights.comparisons import figure
from ..insights.taxonomy import RECURRENCE_LIMIT
from .family_drawing import draw as family_drawing
from .html_filters import FILTERS
from .incident_view import flatten
from .reader_look import reader_look
from .severity_look import look

BUNDLED = "postmortem"
"""The prefix that names a bundled template (``postmortem/home.html.j2``): a team template
extends the bundled one of its own name through it."""

LEGACY_TEMPLATES = (
    "incident.md.j2",
    "home.md.j2",
    "browse.md.j2",
    "severity.md.j2",
    "taxonomy.md.j2",
    "term.md.j2",
    "related.md.j2",
    "similar.md.j2",
    "metrics.md.j2",
    "action_items.md.j2",
    "health.md.j2",
    "changes.md.j2",
    "fields.md.j2",
    "_macros.md.j2",
)
"""The Markdown page templates of earlier versions. A team's copy of one would be silently
ignored (every page is HTML now): the renderer refuses it, saying what replaces it."""


def elapsed(value: timedelta | None) -> str:
    """A duration in a table of figures, written as incident pages write one (``1 h 28 min``),
    to the minute: figures are medians of durations between times written to the minute."""
    if value is None:
        return "—"
    if value < timedelta(minutes=1):
        return "< 1 min"
    return format_duration(value, "minute")


def ratio(value: float | None, way: int = 0) -> str:
    """A ratio of the Patterns page, rounded as its sentences round it (bounds outwards)."""
    if value is None:
        return "—"
    return "∞" if value == math.inf else figure(value, way)


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


def listing(templates_dir: str | None) -> tuple[str, ...]:
    """The team's template files: adding one replaces a bundled template, so it is part of
    what the environment is cached by."""
    if not templates_dir:
        return ()
    return tuple(
        sorted(
            os.path.relpath(os.path.join(root, name), templates_dir).replace(os.sep, "/")
            for root, _, names in os.walk(templates_dir)
            for name in names
        )
    )


RENAMED_TEMPLATES = {"metrics.html.j2": "patterns.html.j2"}
"""Page templates of earlier versions that another one replaced: a team's copy would be
silently ignored."""


def refuse_legacy(templates_dir: str | None, files: Iterable[str]) -> None:
    """ValueError when the team's folder holds a page template of earlier versions: its changes
    would be lost without a word."""
    for name, now in RENAMED_TEMPLATES.items():
        if name in files:
            raise ValueError(
                f"templates: {templates_dir}/{name} overrides a page this version no longer has: "
                f"the metrics page became the Patterns page; move your changes to {now} (its "
                "blocks are listed at its top) and remove "
                f"{name}"
            )
    for name in LEGACY_TEMPLATES:
        if name not in files:
            continue
        page = name.replace(".md.j2", ".html.j2")
        page = RENAMED_TEMPLATES.get(page, page)
        if name.startswith("_"):
            instead = f"its macros are in {page}, shared by every page template"
        else:
            instead = (
                "move your changes to a template that extends the bundled one and overrides a "
                f'block of it ({{% extends "{BUNDLED}/{page}" %}}; see the configuration '
                "reference, Templates)"
            )
        raise ValueError(
            f"templates: {templates_dir}/{name} is a Markdown page template, which this "
            f"version no longer uses: every page is HTML from an autoescaped template; "
            f"{instead}, and remove {name}"
        )


def bundled_loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader(__package__, "templates")


@lru_cache(maxsize=8)
def environment(
    templates_dir: str | None,
    files: tuple[str, ...],
    ticket_links: tuple[tuple[str, str], ...] = (),
    techdocs: bool = False,
) -> jinja2.Environment:
    """The template environment of a templates folder, kept for the process: compiling every
    template took a third of a small build, and under ``mkdocs serve`` every rebuild paid it
    again. Jinja reloads a template whose file changed; ``files`` (the folder's ``listing``)
    starts afresh when a template is added or removed. ``techdocs``: the pages are for
    Backstage's reader (``reader_look``), a global because macros see no page's context.

    Names are looked up under the prefix first (``postmortem/...``: the bundled template, never
    the team's), then in the team's folder, then among the bundled templates."""
    bundled = bundled_loader()
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({BUNDLED: bundled})]
    if templates_dir:
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders.append(bundled)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an included list ends its line, as a Markdown block did
    )
    env.filters.update(FILTERS, elapsed=elapsed, ratio=ratio, similar_pairs=similarity.pairs)
    env.globals.update(
        DURATIONS=DURATIONS,
        LIFECYCLE=LIFECYCLE,
        RECURRENCE_LIMIT=RECURRENCE_LIMIT,
        extensions=extensions,
        present=present,
        flatten=flatten,
        ticket_links=ticket_links,
        severity_look=look,
        family_drawing=family_drawing,
        reader=reader_look(techdocs),
    )
    return env
