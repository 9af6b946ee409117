"""The archive's files that are not pages: the effective schema, the charts, the exports, the
Atom feeds and the stylesheets (and the search page's scripts, and the one that leads from the
theme's search to it, when Pagefind searches the incidents)."""

from __future__ import annotations

import json
import posixpath
from datetime import timedelta
from importlib import resources
from typing import Any

from ..core.scale import UNRATED
from ..core.schema import schema_document
from ..insights.index import ArchiveIndex
from ..insights.metrics import counts
from ..insights.patterns import Patterns
from . import charts, exports
from .addresses import Paths, page_url
from .feeds import feed_files
from .generated import GeneratedAsset
from .patterns_export import patterns_json
from .severity_look import stylesheet_rules


def stylesheet(name: str = "postmortem.css") -> str:
    """A file of the package's ``static`` folder."""
    return resources.files(__package__).joinpath(f"static/{name}").read_text("utf-8")


def header_search_script(paths: Paths, archive: ArchiveIndex) -> str:
    """The script that leads from the theme's search to the archive's search page: where that
    page is from the script's folder, and how many incidents it searches."""
    page = page_url(paths.browse, archive.settings.directory_urls)
    folder = posixpath.dirname(paths.header_search_script)
    target = posixpath.relpath(page.rstrip("/"), folder) + ("/" if page.endswith("/") else "")
    data = json.dumps({"page": target, "count": len(archive.incidents)})
    return stylesheet("header-search.js").replace("__PM_ARCHIVE__", data)


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def archive_charts(archive: ArchiveIndex, patterns: Patterns) -> dict[str, str]:
    """Every chart of the archive by name, made once: the Patterns page shows each inline and
    the same SVG is written as ``charts/<name>.svg``."""
    assert archive.metrics is not None and archive.ledger is not None
    levels = archive.levels
    groups = [level.id for level in levels] + ([UNRATED] if archive.unrated else [])
    drawn = {
        "incidents-per-month": charts.incidents_per_month(archive.metrics, levels),
        "incidents-per-period": charts.incidents_per_period(
            [period.label for period in patterns.periods],
            levels,
            {g: [patterns.per_period[p.key][g] for p in patterns.periods] for g in groups},
        ),
        "resolve-time": charts.resolve_time_by_severity(
            levels,
            {
                level: [i for i in group if counts(archive.settings, i)]
                for level, group in archive.by_severity.items()
            },
        ),
        "open-action-items": charts.open_action_items(archive.ledger),
    }
    for series in patterns.series:
        drawn[series.chart] = charts.median_per_period(
            series.chart,
            f"{series.measure.label}, {series.group.label}",
            [
                (p.period.label, _seconds(p.median), _seconds(p.low), _seconds(p.high))
                for p in series.points
            ],
        )
    return drawn


def archive_assets(
    paths: Paths,
    schema: dict[str, Any],
    archive: ArchiveIndex,
    search: bool,
    patterns: Patterns,
    drawn: dict[str, str],
) -> list[GeneratedAsset]:
    """Every file other than the pages, in a fixed order; ``drawn``: ``archive_charts``."""
    assert archive.ledger is not None
    urls = {
        i.slug: paths.incident_url(i, archive.settings.directory_urls) for i in archive.incidents
    }
    return [
        GeneratedAsset(paths.schema, schema_document(schema)),
        *(GeneratedAsset(paths.chart(name), svg) for name, svg in drawn.items()),
        GeneratedAsset(paths.ledger_csv, exports.action_items_csv(archive.ledger)),
        GeneratedAsset(paths.export, exports.incidents_json(archive, urls)),
        GeneratedAsset(paths.patterns_export, patterns_json(patterns)),
        *(GeneratedAsset(src, xml) for src, xml in feed_files(paths, archive)),
        GeneratedAsset(paths.stylesheet, stylesheet() + stylesheet_rules()),
        *(
            [
                GeneratedAsset(paths.search_style, stylesheet("search.css")),
                GeneratedAsset(paths.search_script, stylesheet("search.js")),
                GeneratedAsset(paths.search_module, stylesheet("pagefind-any.js")),
                GeneratedAsset(paths.header_search_script, header_search_script(paths, archive)),
            ]
            if search
            else []
        ),
    ]
