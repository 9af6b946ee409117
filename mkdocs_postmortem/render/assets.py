"""The archive's files that are not pages: the effective schema, the charts, the exports and
the stylesheets (and the search page's script when Pagefind searches the incidents)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..core.schema import schema_document
from ..insights.index import ArchiveIndex
from ..insights.metrics import counts
from . import charts, exports
from .addresses import Paths
from .generated import GeneratedAsset
from .severity_look import stylesheet_rules


def stylesheet(name: str = "postmortem.css") -> str:
    """A file of the package's ``static`` folder."""
    return resources.files(__package__).joinpath(f"static/{name}").read_text("utf-8")


def archive_assets(
    paths: Paths, schema: dict[str, Any], archive: ArchiveIndex, search: bool
) -> list[GeneratedAsset]:
    """Every file other than the pages, in a fixed order."""
    assert archive.metrics is not None and archive.ledger is not None
    levels = archive.levels
    urls = {
        i.slug: paths.incident_url(i, archive.settings.directory_urls) for i in archive.incidents
    }
    return [
        GeneratedAsset(paths.schema, schema_document(schema)),
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
        GeneratedAsset(paths.chart("open-action-items"), charts.open_action_items(archive.ledger)),
        GeneratedAsset(paths.ledger_csv, exports.action_items_csv(archive.ledger)),
        GeneratedAsset(paths.export, exports.incidents_json(archive, urls)),
        GeneratedAsset(paths.stylesheet, stylesheet() + stylesheet_rules()),
        *(
            [
                GeneratedAsset(paths.search_style, stylesheet("search.css")),
                GeneratedAsset(paths.search_script, stylesheet("search.js")),
            ]
            if search
            else []
        ),
    ]
