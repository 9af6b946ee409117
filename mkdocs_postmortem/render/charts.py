"""Static SVG charts made at build time with pygal: no CDN and no JavaScript needed to see them,
and byte-identical for the same input (pygal's random chart id, its comments and its script are
left out).

Drawn by attributes, not by pygal's stylesheet: a reader that removes a page's ``<style>``
elements, an inline SVG's too (Backstage's does), still shows the chart whole, and no rule of
the chart reaches the rest of the page. Inline, text, axes and guides are ``currentColor`` and
the font is the page's, so a dark scheme flips them; a chart file opened alone or as an image has
its own colours, dark on light or light on dark as the reader prefers. No label is cut short:
pygal's truncation is off, and the x axis names every k-th period, k chosen from the widest
label and the room each period has, so that no two labels overlap."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from ..core.model import Incident
from ..core.scale import UNRATED, Level
from ..insights.ledger import Ledger
from ..insights.metrics import Metrics, entry
from .severity_look import UNRATED_COLOUR, look

pygal_etree.to_etree()
# pygal writes with lxml when it is installed (the feeds' library brings it) and with the
# standard library otherwise, and the two serialize differently: one writer, the same bytes.

Unit = Literal["minutes", "hours", "days"]
"""The unit a duration chart's axis is written in."""


@dataclass(frozen=True)
class Size:
    """A chart's design size and type sizes, in pixels of its viewBox (CSS scales it)."""

    width: int
    height: int
    text: int
    """Axis labels and legend."""
    title: int
    intervals: int
    """The most steps on the y axis: fewer, wider apart, on a smaller chart."""


FULL = Size(width=600, height=320, text=14, title=16, intervals=5)
"""Across a column of about 600 px (the Backstage reader's is 616); scaled down on a phone."""
PANEL = Size(width=300, height=210, text=12, title=14, intervals=4)
"""One panel of a small multiple: two to a column, one to a phone's width, so shown at about
its design width; no text under 11 px."""

_EM_PER_CHAR = 0.65  # a character's width, estimated: pygal's 0.6, and room for wide capitals
_PYGAL_EM_PER_CHAR = 0.6  # pygal's estimate, which its margins are made from
_MARGIN, _SPACING, _LEGEND_BOX = 12, 10, 12
_INK, _PAPER = ("#212121", "#e3e5ea"), ("#ffffff", "#1e2129")
"""A chart file's own text and background, light then dark (the slate scheme's)."""
_FONT = "Roboto, Helvetica, Arial, sans-serif"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

_STEPS: dict[str, tuple[float, ...]] = {
    "count": (1, 2, 5, 10),
    "minutes": (1, 2, 5, 10, 15, 30, 60),
    "hours": (0.5, 1, 2, 3, 6, 12, 24),
    "days": (0.5, 1, 2, 5, 7, 14, 28),
}
"""The steps a y axis may take, smallest first: a quarter hour, not 12.5 minutes."""
_UNITS: dict[Unit, tuple[int, str]] = {
    "minutes": (60, "min"),
    "hours": (3600, "h"),
    "days": (86400, "d"),
}
"""Seconds in a unit, and its symbol on the axis."""
_MONTH_STEPS = (1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200)
"""Months between two named: parts of a year, or years that are round numbers."""
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class _Axis:
    """The x axis: every label, those shown, and the margins the outermost ones need."""

    labels: list[str]
    shown: list[str]
    margin_left: int
    margin_right: int
    plot_width: float
    every: int
    """A label every how many periods."""


def _width(text: str, size: int, per_char: float = _EM_PER_CHAR) -> float:
    return len(text) * per_char * size


def _number(value: float) -> str:
    """At most two decimals, none written when they are zero: ``0.5``, ``2``, ``12.25``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ticks(top: float, kind: str, most: int) -> list[float]:
    """From 0 up to the first tick at or over ``top``, at the smallest step of ``kind`` that
    takes at most ``most`` steps: the axis always starts at 0 and holds every value."""
    base = _STEPS[kind]
    steps = (*base, *(base[-1] * f * 10**e for e in range(12) for f in (2, 5, 10)))

    def needed(step: float) -> int:
        return max(1, math.ceil(top / step - 1e-9))

    step = next((s for s in steps if needed(s) <= most), steps[-1])
    return [step * i for i in range(needed(step) + 1)]


def _left_of_plot(size: Size, y_labels: Sequence[str]) -> float:
    """pygal's room for the y labels, between the left margin and the plot."""
    return _SPACING + _width(max(y_labels, key=len, default=""), size.text, _PYGAL_EM_PER_CHAR)


def _x_axis(labels: Sequence[str], size: Size, y_labels: Sequence[str]) -> _Axis:
    """The x axis, a label every k periods: the widest label and a gap of one em fit in k
    periods' room. Each label stands in the middle of its period's slot; when it is wider than
    the slot, the first and last stand out of the plot, so the margins make room for half a
    label (the y labels stand higher: no overlap with them)."""
    left_of_plot = _left_of_plot(size, y_labels)
    widest = max((_width(label, size.text) for label in labels), default=0.0)
    count = max(len(labels), 1)
    # The slot reckoned with the most room the right margin could take: never too wide.
    slot = (size.width - left_of_plot - _MARGIN - widest / 2) / count
    overhang = max(0.0, (widest - slot) / 2)
    right = max(_MARGIN, math.ceil(overhang) + 2)
    left = max(_MARGIN, math.ceil(overhang + 2 - left_of_plot))
    plot_width = size.width - left - left_of_plot - right
    every = max(1, math.ceil((widest + size.text) / (plot_width / count)))
    return _Axis(list(labels), list(labels[::every]), left, right, plot_width, every)


def _legend(titles: Sequence[str], size: Size, plot_width: float) -> dict[str, Any]:
    """As many legend columns as fit the widest title, and room below for all their rows
    (pygal reckons ``len // columns`` rows, one too few when they do not divide)."""
    if len(titles) <= 1:
        return {"show_legend": False}
    entry = _LEGEND_BOX + 5 + max(_width(t, size.text) for t in titles) + size.text
    columns = max(1, min(len(titles), int(plot_width // entry)))
    rows = math.ceil(len(titles) / columns)
    row = 1.5 * max(size.text, _LEGEND_BOX)
    missing = rows - max(1, len(titles) // columns)
    return {
        "legend_at_bottom": True,
        "legend_at_bottom_columns": columns,
        "margin_bottom": _MARGIN + math.ceil(row * missing),
    }


def _style(size: Size) -> Style:
    """The font sizes of pygal's one stylesheet left (its colours are attributes: see _static);
    the font is the page's."""
    texts = ("label", "major_label", "legend", "value", "value_label", "tooltip")
    return Style(
        font_family="inherit",
        title_font_size=size.title,
        no_data_font_size=size.title,
        **{f"{name}_font_size": size.text for name in texts},
    )


def _css(chart_id: str) -> str:
    """A chart file's own colours and font: ``:root`` is the SVG only when it is a document of
    its own, so an inline chart keeps the page's."""
    c = f"#{chart_id}:root"
    return (
        f"{c}{{color:{_INK[0]};background-color:{_PAPER[0]};font-family:{_FONT}}}"
        "@media (prefers-color-scheme:dark){"
        f"{c}{{color:{_INK[1]};background-color:{_PAPER[1]}}}}}"
    )


def _draw(
    kind: Callable[..., Any],
    name: str,
    title: str,
    size: Size,
    series: Sequence[tuple[str, str, Sequence[Any]]],
    ticks: list[float],
    axis: _Axis | None,
    **options: Any,
) -> str:
    """A pygal chart of ``kind`` with the settings every chart shares, its ``series`` (title,
    colour, values) drawn over the y axis's ``ticks``."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"chart name {name!r}: letters, digits, '-' and '_' only")
    config: dict[str, Any] = {
        "title": title,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": True,
        "width": size.width,
        "height": size.height,
        "style": _style(size),
        "css": ["inline:" + _css(f"chart-pm-{name}")],
        "margin": _MARGIN,
        "spacing": _SPACING,
        "legend_box_size": _LEGEND_BOX,
        "x_label_rotation": 0,
        "truncate_label": -1,
        "truncate_legend": -1,
        "no_data_text": "No data",
        "y_labels": ticks,
    }
    if axis is None:
        y_labels = [str(options.get("value_formatter", _number)(t)) for t in ticks]
        plot_width = size.width - 2 * _MARGIN - _left_of_plot(size, y_labels)
    else:
        plot_width = axis.plot_width
        config |= {
            "x_labels": axis.labels,
            "x_labels_major": axis.shown,
            "show_minor_x_labels": False,
            "margin_left": axis.margin_left,
            "margin_right": axis.margin_right,
        }
    config |= _legend([series_title for series_title, _, _ in series], size, plot_width)
    chart = kind(**(config | options))
    chart.uuid = f"pm-{name}"  # pygal's default is a random uuid
    colours = [colour for _, colour, _ in series]
    chart.add_xml_filter(lambda root: _static(root, size, colours))
    for series_title, _, values in series:
        chart.add(series_title, list(values))
    return str(chart.render(is_unicode=True)) + "\n"


def _classes(element: Any) -> set[str]:
    return set(str(element.get("class", "")).split())


def _static(root: Any, size: Size, colours: Sequence[str]) -> Any:
    """pygal's tree without its comments (one is dated), its script, the positions its script
    places tooltips at (half the file) and the ids it finds legends by (two charts on one page
    would repeat them), coloured by attributes. Each value's description stays."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
            if tag in ("", "script") or (tag == "desc" and _classes(child) & {"x", "y"}):
                parent.remove(child)
    root.attrib.update({"fill": "currentColor", "font-size": str(size.text)})
    for element in root.iter():
        classes = _classes(element)
        if str(element.get("id", "")).startswith("activate-serie-"):
            del element.attrib["id"]
        colour = next((c for c in classes if c.startswith("color-")), None)
        if colour is not None:
            value = colours[int(colour[6:])]
            opacity = ".6" if value == "currentColor" else ".85"  # text's colour: a lighter fill
            element.attrib.update({"fill": value, "stroke": value, "fill-opacity": opacity})
        if classes & {"background", "nofill"}:
            element.set("fill", "none")
        if classes >= {"axis", "x"} or classes & {"titles", "no_data"}:
            element.set("text-anchor", "middle")
        if classes & {"titles", "no_data"}:
            element.set("font-size", str(size.title))
        if classes >= {"axis", "y"}:
            element.set("text-anchor", "end")
        if "dot" in classes:
            element.set("fill-opacity", "1")
        if "subtle-fill" in classes:
            element.set("fill-opacity", ".2")
        if "ci" in classes:
            element.attrib.update({"stroke": "currentColor", "stroke-width": "1.5"})
        if classes >= {"line", "nofill"}:
            element.attrib.update({"stroke-width": "1.5", "stroke-opacity": ".5"})
        if "axis" in classes:
            for line in element.iter():
                if _classes(line) >= {"line"}:
                    line.attrib.update(
                        {"fill": "none", "stroke": "currentColor", "stroke-opacity": ".7"}
                    )
                if "guide" in _classes(line):  # faint and dashed; pygal hides the x axis's
                    line.attrib.update({"stroke-opacity": ".3", "stroke-dasharray": "4,4"})
                    if "x" in classes:
                        line.set("stroke", "none")
    return root


def _month_axis(months: Sequence[str], size: Size, y_labels: Sequence[str]) -> _Axis:
    """``2025-03`` as ``Mar 25`` (``Mar 2025`` when the range is long enough to repeat ``25``).
    Every k-th month is named, k rounded up to a whole part of a year or to whole years, so the
    months named are the same every year: January, April, July and October, say."""
    years = {m[:4] for m in months}
    short = len({y[2:] for y in years}) == len(years)
    labels = [f"{_MONTHS[int(m[5:7]) - 1]} {m[2:4] if short else m[:4]}" for m in months]
    axis = _x_axis(labels, size, y_labels)
    step = next((s for s in _MONTH_STEPS if s >= axis.every), 12 * math.ceil(axis.every / 12))
    shown = [
        label
        for month, label in zip(months, labels, strict=True)
        if (int(month[:4]) * 12 + int(month[5:7]) - 1) % step == 0
    ]
    return replace(axis, shown=shown, every=step)


def _stacked(
    name: str,
    title: str,
    periods: Sequence[str],
    levels: tuple[Level, ...],
    counts: Mapping[str, Sequence[int]],
    monthly: bool = False,
) -> str:
    """Stacked bars per period, one series per level in ``counts`` (in the scale's order) and
    the unrated group last, in grey: never a colour of the scale. ``monthly``: ``periods`` are
    months as ``2025-03``, else labels written as they are shown."""
    unknown = sorted(set(counts) - {level.id for level in levels} - {UNRATED})
    if unknown:
        raise ValueError(f"counts for levels not on the scale: {', '.join(unknown)}")
    drawn = [(level.id, level.id, look(level).colour) for level in levels if level.id in counts]
    if UNRATED in counts:
        drawn.append((UNRATED, "not rated", UNRATED_COLOUR))
    if any(len(counts[key]) != len(periods) for key, _, _ in drawn):
        raise ValueError("every level needs one count per period")
    totals = [sum(counts[key][i] for key, _, _ in drawn) for i in range(len(periods))]
    ticks = _ticks(max(totals, default=0), "count", FULL.intervals)
    y_labels = [_number(t) for t in ticks]
    axis = (_month_axis if monthly else _x_axis)(periods, FULL, y_labels)
    series = [(series_title, colour, counts[key]) for key, series_title, colour in drawn]
    return _draw(pygal.StackedBar, name, title, FULL, series, ticks, axis)


def incidents_per_month(metrics: Metrics, levels: tuple[Level, ...]) -> str:
    """Every level of the scale, even one with no incident, so its colour is always the same."""
    counts = {level.id: [metrics.monthly[m][level.id] for m in metrics.months] for level in levels}
    if metrics.unrated:
        counts[UNRATED] = [metrics.monthly[m].get(UNRATED, 0) for m in metrics.months]
    title = "Incidents per month, by severity"
    return _stacked("incidents-per-month", title, metrics.months, levels, counts, monthly=True)


def incidents_per_period(
    labels: Sequence[str],
    levels: tuple[Level, ...],
    counts: Mapping[str, Sequence[int]],
    *,
    name: str = "incidents-per-period",
    title: str = "Incidents by severity",
) -> str:
    """Stacked bars per period (``labels`` written as they are shown, ``2025 Q3``, oldest
    first, each once), one series per level id in ``counts``: a count per period each, the
    ``unrated`` key drawn in grey as "not rated". ``name`` makes the chart's id."""
    return _stacked(name, title, labels, levels, counts)


class _PeriodLine(pygal.Line):  # type: ignore[misc]
    """A line whose points stand in the middle of their period's slot, as bars do, not on the
    plot's edges: the first and last whiskers stay clear of the axis and of the chart's edge."""

    def _compute(self) -> None:
        super()._compute()
        self._x_pos = [(i + 0.5) / self._len for i in range(self._len)]
        self._points(self._x_pos)


def _unit_of(seconds: float) -> Unit:
    """Minutes under two hours, hours under three days, then days: axes read ``45 min``,
    ``6 h``, ``4 d``, never ``0.25 d`` or ``4320 min``."""
    if seconds < 2 * 3600:
        return "minutes"
    return "hours" if seconds < 3 * 86400 else "days"


def median_per_period(
    name: str,
    title: str,
    points: Sequence[tuple[str, float | None, float | None, float | None]],
    unit: Unit | None = None,
) -> str:
    """One panel of a small multiple: a median per period (a dot, joined to the next one) and
    its interval as a whisker. ``points`` are (period label, median, low, high) in seconds,
    oldest first; a period without a median is a gap, never a zero. The y axis starts at 0, in
    ``unit`` or the one that reads best for the largest value. ``name`` makes the chart's id
    (``chart-pm-NAME``): each panel of a page needs its own."""
    seconds = [max(0.0, v) for _, *values in points for v in values if v is not None]
    chosen = unit or _unit_of(max(seconds, default=0.0))
    per, suffix = _UNITS[chosen]

    def written(value: float) -> str:
        return f"{_number(value)} {suffix}"

    values: list[dict[str, Any] | None] = []
    for _, median, low, high in points:
        if median is None:
            values.append(None)
            continue
        value: dict[str, Any] = {"value": max(0.0, median) / per}
        if low is not None and high is not None:
            value["ci"] = {"low": max(0.0, low) / per, "high": max(0.0, high) / per}
        values.append(value)
    ticks = _ticks(max(seconds, default=0.0) / per, chosen, PANEL.intervals)
    axis = _x_axis([p[0] for p in points], PANEL, [written(t) for t in ticks])
    series = [(title, "currentColor", values)]
    return _draw(
        _PeriodLine,
        name,
        title,
        PANEL,
        series,
        ticks,
        axis,
        value_formatter=written,
        allow_interruptions=True,
        dots_size=3,
    )


def resolve_time_by_severity(
    levels: tuple[Level, ...], by_severity: dict[str, list[Incident]]
) -> str:
    """Every incident's time to resolve, in hours, one box per severity (min, quartiles, max);
    ``by_severity`` is the archive index's grouping."""
    boxes: list[tuple[str, str, list[float]]] = []
    for level in levels:
        # One value per incident (``entry``): a range or a day count would be drawn more
        # precise than written, so only exact and approximate durations are in the boxes.
        found = (entry(i.durations.get("time_to_resolve")) for i in by_severity.get(level.id, []))
        hours = sorted(round(v.total_seconds() / 3600, 2) for _, v in found if v is not None)
        boxes.append((f"{level.id} ({len(hours)})", look(level).colour, hours))
    ticks = _ticks(max((max(h) for _, _, h in boxes if h), default=0), "hours", FULL.intervals)
    title = "Time to resolve by severity (hours)"
    return _draw(pygal.Box, "resolve-time", title, FULL, boxes, ticks, None, box_mode="tukey")


def open_action_items(ledger: Ledger) -> str:
    months = [m for m, _ in ledger.backlog]
    ticks = _ticks(max((n for _, n in ledger.backlog), default=0), "count", FULL.intervals)
    axis = _month_axis(months, FULL, [_number(t) for t in ticks])
    title = f"Open action items at the end of each month (as of {ledger.as_of})"
    # Not a severity's colour: the backlog holds every severity.
    series = [("open items", "currentColor", [count for _, count in ledger.backlog])]
    return _draw(pygal.Bar, "open-action-items", title, FULL, series, ticks, axis)
