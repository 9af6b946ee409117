"""Static SVG charts made at build time with pygal: no CDN and no JavaScript needed to see them,
and byte-identical for the same input (pygal's random chart id, its date comment and its
inline configuration script are removed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pygal
from pygal.style import Style

from ..core.model import Incident
from ..core.scale import UNRATED, Level
from ..insights.ledger import Ledger
from ..insights.metrics import Metrics
from .severity_look import COLOURS, UNRATED_COLOUR, colour_of

_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#555",
    foreground_strong="#333",
    foreground_subtle="#999",
    colors=tuple(colour_of(rank) for rank in range(len(COLOURS) + 2)),
    font_family="Roboto, Helvetica, Arial, sans-serif",
)
_COMMON = {
    "js": [],
    "disable_xml_declaration": True,
    "style": _STYLE,
    "width": 800,
    "height": 360,
    "explicit_size": True,
    "legend_at_bottom": True,
    "x_label_rotation": 0,
    "truncate_legend": -1,
}


def _render(chart: pygal.graph.graph.Graph, name: str) -> str:
    chart.uuid = f"pm-{name}"  # pygal's default is a random uuid
    svg = str(chart.render(is_unicode=True))
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", "", svg, flags=re.S)
    return svg + "\n"


def _labels(months: list[str]) -> tuple[list[str], list[str]]:
    """Every month on the axis, but only about twelve labelled, so long ranges stay legible."""
    step = max(1, len(months) // 12)
    return months, [m for i, m in enumerate(months) if i % step == 0]


def incidents_per_month(metrics: Metrics, levels: tuple[Level, ...]) -> str:
    chart = pygal.StackedBar(title="Incidents per month, by severity", **_COMMON)
    chart.x_labels, chart.x_labels_major = _labels(metrics.months)
    chart.show_minor_x_labels = False
    for level in levels:
        chart.add(level.id, [metrics.monthly[m][level.id] for m in metrics.months])
    if metrics.unrated:  # a group of its own, in grey: never a colour of the scale
        counts = [metrics.monthly[m].get(UNRATED, 0) for m in metrics.months]
        chart.add("not rated", [{"value": n, "color": UNRATED_COLOUR} for n in counts])
    return _render(chart, "incidents-per-month")


def resolve_time_by_severity(
    levels: tuple[Level, ...], by_severity: dict[str, list[Incident]]
) -> str:
    """Every incident's time to resolve, in hours, one box per severity (min, quartiles, max);
    ``by_severity`` is the archive index's grouping."""
    chart = pygal.Box(title="Time to resolve by severity (hours)", box_mode="tukey", **_COMMON)
    for level in levels:
        resolved = (i.durations.get("time_to_resolve") for i in by_severity.get(level.id, []))
        # One value per incident: a range or a day count would be drawn more precise than
        # written, so only exact and approximate durations are in the boxes.
        exact = (span.exact for span in resolved if span is not None)
        hours = sorted(
            round(v.total_seconds() / 3600, 2) for v in exact if v is not None and v >= timedelta(0)
        )
        chart.add(f"{level.id} ({len(hours)})", hours)
    return _render(chart, "resolve-time")


def open_action_items(ledger: Ledger) -> str:
    chart = pygal.Bar(
        title=f"Open action items at the end of each month (as of {ledger.as_of})", **_COMMON
    )
    months = [m for m, _ in ledger.backlog]
    chart.x_labels, chart.x_labels_major = _labels(months)
    chart.show_minor_x_labels = False
    chart.add("open items", [count for _, count in ledger.backlog])
    return _render(chart, "open-action-items")
