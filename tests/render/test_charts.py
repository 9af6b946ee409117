"""The static SVG charts: no script, no comment, the same bytes for the same input; labels never
cut short nor overlapping; colours that follow the page inline and the reader's scheme alone;
every rule and id the chart's own; untrusted text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.scale import Level
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.insights.ledger import Ledger
from mkdocs_postmortem.insights.metrics import Metrics
from mkdocs_postmortem.render import charts
from mkdocs_postmortem.render.severity_look import COLOURS, UNRATED_COLOUR

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> \"&'"


def stamps(started: str, resolved: str) -> dict[str, str]:
    return {"started": f"2026-01-05T{started}:00Z", "resolved": f"2026-01-05T{resolved}:00Z"}


def archive() -> ArchiveIndex:
    """SEV2: one incident resolved in 2 h and one with resolved before started; SEV1: 30 min."""
    s = settings()
    return index(
        [
            incident(s, id="INC-1", date="2025-11-03", timestamps=stamps("10:00", "12:00")),
            incident(s, id="INC-2", timestamps=stamps("10:00", "09:00")),
            incident(
                s,
                id="INC-3",
                severity="SEV1",
                timestamps=stamps("10:00", "10:30"),
                action_items=[{"action": "Fix", "status": "open"}],
            ),
        ],
        s,
    )


def levels() -> tuple[Level, ...]:
    return archive().levels


def quarters(count: int, first: int = 2023) -> list[str]:
    return [f"{first + i // 4} Q{i % 4 + 1}" for i in range(count)]


def months(count: int, first: int = 2020) -> list[str]:
    return [f"{first + i // 12}-{i % 12 + 1:02d}" for i in range(count)]


def monthly(spanned: list[str], lv: tuple[Level, ...]) -> Metrics:
    """Metrics with one SEV1 incident in every month: only the months matter here."""
    counts = {m: {level.id: int(level.id == "SEV1") for level in lv} for m in spanned}
    return Metrics(overall={}, by_severity=[], by_quarter=[], months=spanned, monthly=counts)


def _per_month(a: ArchiveIndex) -> str:
    assert a.metrics is not None
    return charts.incidents_per_month(a.metrics, a.levels)


def _resolve(a: ArchiveIndex) -> str:
    return charts.resolve_time_by_severity(a.levels, a.by_severity)


def _open_items(a: ArchiveIndex) -> str:
    assert a.ledger is not None
    return charts.open_action_items(a.ledger)


def _per_period(a: ArchiveIndex) -> str:
    counts = {"SEV1": [1, 0, 2], "SEV2": [0, 3, 1], "unrated": [1, 1, 0]}
    return charts.incidents_per_period(quarters(3), a.levels, counts)


def _median(a: ArchiveIndex) -> str:
    points = [("2025 Q2", 5400, 1800, 9000), ("2025 Q3", None, None, None)]
    return charts.median_per_period("sev1", "SEV1", [*points, ("2025 Q4", 3600, None, None)])


CHARTS: list[tuple[str, Callable[[ArchiveIndex], str], tuple[int, int]]] = [
    ("incidents-per-month", _per_month, (600, 320)),
    ("resolve-time", _resolve, (600, 320)),
    ("open-action-items", _open_items, (600, 320)),
    ("incidents-per-period", _per_period, (600, 320)),
    ("sev1", _median, (300, 210)),
]
IDS = [name for name, _, _ in CHARTS]


def tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in tree(svg).iter(f"{SVG}text")]


def groups(svg: str, css_class: str) -> Iterator[ET.Element]:
    return (g for g in tree(svg).iter(f"{SVG}g") if g.get("class", "").startswith(css_class))


def x_labels(svg: str) -> list[str]:
    return [t.text or "" for g in groups(svg, "axis x") for t in g.iter(f"{SVG}text")]


def y_labels(svg: str) -> list[str]:
    return [t.text or "" for g in groups(svg, "axis y") for t in g.iter(f"{SVG}text")]


def style(svg: str) -> str:
    found = tree(svg).find(f"{SVG}defs/{SVG}style")
    assert found is not None and found.text
    return found.text


def values(svg: str) -> list[str]:
    """The value of every drawn element, series after series."""
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


def series(svg: str) -> list[str]:
    """The series drawn (each appears in several groups of the SVG)."""
    return sorted(set(re.findall(r'<g class="series serie-(\d+) ', svg)))


def legend(svg: str) -> list[str]:
    return [t.text or "" for g in groups(svg, "legends") for t in g.iter(f"{SVG}text")]


def colours(svg: str) -> dict[int, str]:
    """Series number -> its fill, the same on every group of the series and legend box."""
    found: dict[int, set[str]] = {}
    for element in tree(svg).iter():
        for css_class in element.get("class", "").split():
            if css_class.startswith("color-"):
                assert element.get("stroke") == element.get("fill")
                found.setdefault(int(css_class[6:]), set()).add(element.get("fill", ""))
    assert all(len(fills) == 1 for fills in found.values()), found
    return {n: fills.pop() for n, fills in found.items()}


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_chart_is_static_svg_that_scales(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    """A viewBox, so CSS can scale it to any width; the size written, for an image alone."""
    svg = chart(archive())
    width, height = size
    assert svg.startswith(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="chart-pm-{name}" class="pygal-chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" fill="currentColor" '
        f'font-size="{charts.PANEL.text if width < 600 else charts.FULL.text}">'
    )
    assert svg.endswith("</svg>\n")
    assert "<script" not in svg
    assert "<!--" not in svg
    assert "<?xml" not in svg
    assert not [e for e in tree(svg).iter() if e.tag == f"{SVG}script"]


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_chart_is_the_same_bytes_every_time(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    """pygal's random chart id would change every build's output and its diff."""
    assert chart(archive()).encode() == chart(archive()).encode()


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_no_text_is_cut_short(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    svg = chart(archive())
    assert texts(svg)
    assert not [t for t in texts(svg) if t.endswith(("…", "..."))]
    assert "…" not in svg


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_every_rule_and_id_is_the_charts_own(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    """Inline, a chart's ``<style>`` applies to the whole page: every selector names the chart,
    and the chart holds no other id (two charts on one page would repeat it)."""
    svg = chart(archive())
    css = re.sub(r"@media[^{]*\{", "", style(svg))
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert selectors
    assert not [s for s in selectors if not s.startswith(f"#chart-pm-{name}")]
    assert [e.get("id") for e in tree(svg).iter() if e.get("id")] == [f"chart-pm-{name}"]


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_drawn_by_attributes_in_the_page_colour(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    """Inline, ``currentColor`` is the page's text colour, so a dark scheme flips the text,
    axes and guides; and attributes, not a stylesheet, draw them: a reader that removes the
    inline SVG's ``<style>`` (Backstage's does) keeps the chart whole."""
    root = tree(chart(archive()))
    assert root.get("fill") == "currentColor" and root.get("color") is None
    assert root.get("font-size") and "font-family" not in root.attrib  # the page's font
    for element in root.iter():
        tag, css = element.tag.rpartition("}")[2], element.get("class", "").split()
        if tag == "rect" and "background" in css:
            assert element.get("fill") == "none"  # the page's background shows through
        if tag == "path" and "line" in css and element.get("stroke") != "none":
            assert element.get("fill") == "none" and element.get("stroke"), element.attrib
        if "axis" in css and "x" in css:
            assert element.get("text-anchor") == "middle"
        for key in ("fill", "stroke"):
            value = element.get(key)
            assert value in (None, "none", "currentColor", UNRATED_COLOUR, *COLOURS), value
    axis_lines = [p for p in root.iter(f"{SVG}path") if "line" in p.get("class", "").split()]
    assert {p.get("stroke") for p in axis_lines if "guide" not in p.get("class", "")} == {
        "currentColor"
    }


@pytest.mark.parametrize(("name", "chart", "size"), CHARTS, ids=IDS)
def test_a_chart_file_has_its_own_colours_and_font(
    name: str, chart: Callable[[ArchiveIndex], str], size: tuple[int, int]
) -> None:
    """Alone or as an image, ``:root`` is the chart: dark on light, light on dark for a reader
    who prefers dark. Inline, ``:root`` is the page: the rules never apply."""
    css = style(chart(archive()))
    chart_id = f"#chart-pm-{name}:root"
    font = "font-family:Roboto,Helvetica,Arial,sans-serif"
    assert f"{chart_id}{{color:#212121;background-color:#ffffff;{font}}}" in css
    dark = f"{chart_id}{{color:#e3e5ea;background-color:#1e2129}}"
    assert f"@media (prefers-color-scheme:dark){{{dark}}}" in css
    assert "font-family:inherit" in css  # every other rule leaves the font to the page
    # No other rule colours anything: attributes do.
    assert not re.search(r"(fill|stroke|color):", re.sub(r"[^{}]*:root\{[^}]*\}", "", css))


def test_a_panel_has_no_text_under_11_px() -> None:
    """Panels are shown at about their design width, two to a column or one to a phone."""
    svg = _median(archive())
    sizes = [int(px) for px in re.findall(r"font-size:(\d+)px", style(svg))]
    sizes += [int(e.get("font-size", 99)) for e in tree(svg).iter() if e.get("font-size")]
    assert sizes and min(sizes) >= 11


def test_resolve_time_one_box_per_severity_with_its_count() -> None:
    svg = _resolve(archive())
    assert series(svg) == ["0", "1", "2", "3"]
    assert legend(svg) == ["SEV1 (1)", "SEV2 (1)", "SEV3 (0)", "SEV4 (0)"]
    assert colours(svg) == dict(enumerate(COLOURS[:4]))


def test_resolve_time_leaves_out_negative_durations() -> None:
    """INC-2's resolved is before its started: not counted, not drawn as a negative time."""
    svg = _resolve(archive())
    assert values(svg)[:2] == [
        "Min: 0.5\nLower Whisker: 0.5\nQ1: 0.5\nQ2: 0.5\nQ3: 0.5\nUpper Whisker: 0.5\nMax: 0.5",
        "Min: 2\nLower Whisker: 2\nQ1: 2\nQ2: 2\nQ3: 2\nUpper Whisker: 2\nMax: 2",
    ]
    assert "-1" not in "".join(values(svg))
    assert y_labels(svg) == ["0", "0.5", "1", "1.5", "2"]


def test_incidents_per_month_stacks_severities_over_every_month() -> None:
    svg = _per_month(archive())
    assert series(svg) == ["0", "1", "2", "3"]
    assert legend(svg) == ["SEV1", "SEV2", "SEV3", "SEV4"]
    # Per severity, one value per month 2025-11, 2025-12, 2026-01.
    assert values(svg) == ["0", "0", "1", "1", "0", "1"] + ["0"] * 6
    assert x_labels(svg) == ["Nov 25", "Dec 25", "Jan 26"]
    assert y_labels(svg) == ["0", "1", "2"]  # whole incidents, never 0.5


def test_open_action_items_month_by_month_up_to_as_of() -> None:
    svg = _open_items(archive())
    title = " ".join(t.text or "" for g in groups(svg, "titles") for t in g.iter(f"{SVG}text"))
    assert title == "Open action items at the end of each month (as of 2026-06-30)"
    assert values(svg) == ["1"] * 6
    assert legend(svg) == []  # one series: the title says what it is
    assert x_labels(svg) == ["Jan 26", "Feb 26", "Mar 26", "Apr 26", "May 26", "Jun 26"]
    assert colours(svg) == {0: "currentColor"}  # every severity: none's colour


def translation(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\((\d+), (\d+)\)", element.get("transform", ""))
    assert match, element.attrib
    return float(match.group(1)), float(match.group(2))


def text_boxes(svg: str, css_class: str, font_size: int) -> list[tuple[float, float]]:
    """Each text's left and right ends in the chart's viewBox, at 0.6 em a character (Roboto's
    digits and capitals are narrower): the axis's labels centred on their x, the legend's
    starting there."""
    if css_class == "legends":
        container = next(groups(svg, "legends"))
        centred = 0.0
    else:
        container = next(g for g in tree(svg).iter(f"{SVG}g") if g.get("class") == "plot")
        centred = 0.5
    left = translation(container)[0]
    boxes = []
    for g in groups(svg, css_class):
        for t in g.iter(f"{SVG}text"):
            width = len(t.text or "") * 0.6 * font_size
            start = left + float(t.get("x", 0)) - centred * width
            boxes.append((start, start + width))
    return boxes


def assert_apart_and_inside(boxes: list[tuple[float, float]], width: int) -> None:
    assert boxes
    assert boxes[0][0] >= 0 and boxes[-1][1] <= width, boxes
    for (_, right), (left, _) in pairwise(boxes):
        assert left - right >= 4, boxes


@pytest.mark.parametrize("count", [1, 3, 12, 13, 25, 40, 61, 121, 360])
def test_month_labels_never_overlap_and_name_the_same_months_each_year(count: int) -> None:
    lv = levels()[:1]  # one series: the axis is what counts here
    svg = charts.incidents_per_month(monthly(months(count), lv), lv)
    shown = x_labels(svg)
    assert shown and all(re.fullmatch(r"[A-Z][a-z]{2} \d\d", label) for label in shown), shown
    assert len({label[:3] for label in shown}) in (1, 2, 3, 4, 6, 12)
    assert_apart_and_inside(text_boxes(svg, "axis x", charts.FULL.text), charts.FULL.width)


def test_month_labels_name_the_full_year_when_two_digits_would_repeat() -> None:
    lv = levels()[:1]  # one series: the axis is what counts here
    svg = charts.incidents_per_month(monthly(months(101 * 12, first=1950), lv), lv)
    shown = x_labels(svg)
    assert shown == [f"Jan {year}" for year in range(1960, 2041, 20)]
    assert_apart_and_inside(text_boxes(svg, "axis x", charts.FULL.text), charts.FULL.width)


@pytest.mark.parametrize("count", [1, 2, 4, 5, 8, 12, 20, 41])
def test_quarter_labels_are_written_as_given_and_never_overlap(count: int) -> None:
    labels = quarters(count)
    svg = charts.incidents_per_period(labels, levels(), {"SEV1": [2] * count})
    shown = x_labels(svg)
    assert shown[0] == "2023 Q1" and set(shown) <= set(labels)
    step = labels.index(shown[1]) if len(shown) > 1 else 1
    assert shown == labels[::step]
    assert_apart_and_inside(text_boxes(svg, "axis x", charts.FULL.text), charts.FULL.width)
    panel = charts.median_per_period("p", "All", [(q, 600, 300, 900) for q in labels])
    assert set(x_labels(panel)) <= set(labels)
    assert_apart_and_inside(text_boxes(panel, "axis x", charts.PANEL.text), charts.PANEL.width)


def test_a_legend_of_many_rows_stays_inside_the_chart() -> None:
    """pygal reckons a row too few when the columns do not divide the series."""
    lv = tuple(Level(f"LEVEL-{n}-LONG-NAME", f"L{n}", "", n) for n in range(5))
    svg = charts.incidents_per_period(["2025 Q1"], lv, {level.id: [1] for level in lv})
    assert legend(svg) == [level.id for level in lv]
    rows = sorted({float(t.get("y", 0)) for t in next(groups(svg, "legends")).iter(f"{SVG}text")})
    assert len(rows) == 2
    assert translation(next(groups(svg, "legends")))[1] + rows[-1] + 4 <= charts.FULL.height
    boxes = text_boxes(svg, "legends", charts.FULL.text)
    columns = len(boxes) - 2
    for row in (boxes[:columns], boxes[columns:]):
        assert_apart_and_inside(row, charts.FULL.width)


def test_incidents_per_period_one_series_per_level_given_and_unrated_in_grey() -> None:
    svg = _per_period(archive())
    assert legend(svg) == ["SEV1", "SEV2", "not rated"]
    assert colours(svg) == {0: COLOURS[0], 1: COLOURS[1], 2: UNRATED_COLOUR}
    assert values(svg) == ["1", "0", "2", "0", "3", "1", "1", "1", "0"]
    assert x_labels(svg) == ["2023 Q1", "2023 Q2", "2023 Q3"]
    assert y_labels(svg) == ["0", "1", "2", "3", "4"]


def test_incidents_per_period_refuses_counts_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="not on the scale: SEV9"):
        charts.incidents_per_period(["2025 Q1"], levels(), {"SEV9": [1]})
    with pytest.raises(ValueError, match="one count per period"):
        charts.incidents_per_period(["2025 Q1", "2025 Q2"], levels(), {"SEV1": [1]})


def test_two_charts_have_their_own_ids() -> None:
    a = charts.incidents_per_period(["2025 Q1"], levels(), {"SEV1": [1]}, name="per-quarter")
    b = charts.incidents_per_period(["2025"], levels(), {"SEV1": [1]}, name="per-year")
    assert 'id="chart-pm-per-quarter"' in a and "#chart-pm-per-year" not in a
    assert 'id="chart-pm-per-year"' in b and "#chart-pm-per-quarter" not in b


@pytest.mark.parametrize("name", ["", "a b", 'x"{', "-lead", "é"])
def test_a_chart_name_is_a_plain_slug(name: str) -> None:
    """It is written into an id and the stylesheet's selectors."""
    with pytest.raises(ValueError, match="chart name"):
        charts.median_per_period(name, "All", [("2025 Q1", 60, None, None)])


def dots(svg: str) -> int:
    return len(list(tree(svg).iter(f"{SVG}circle")))


def whiskers(svg: str) -> int:
    return len(list(groups(svg, "ci")))


def test_median_per_period_draws_a_dot_per_median_and_a_whisker_per_interval() -> None:
    svg = _median(archive())
    assert "SEV1" in texts(svg)
    assert dots(svg) == 2  # 2025 Q3 has no median: a gap, no dot, no zero
    assert whiskers(svg) == 1  # 2025 Q4 has no interval
    assert values(svg) == ["1.5 h", "1 h"]
    assert x_labels(svg) == ["2025 Q2", "2025 Q3", "2025 Q4"]
    # From 0, up to a tick over the highest end of an interval (2.5 h).
    assert y_labels(svg) == ["0 h", "1 h", "2 h", "3 h"]
    assert lines(svg) == []  # nothing joins 2025 Q2 to 2025 Q4 over the gap


def lines(svg: str) -> list[str]:
    """The ``d`` of each line joining medians."""
    paths = tree(svg).iter(f"{SVG}path")
    return [p.get("d", "") for p in paths if p.get("class") == "line reactive nofill"]


def test_median_line_breaks_where_a_period_has_no_median() -> None:
    points = [(q, 3600.0 if q != "2023 Q3" else None, None, None) for q in quarters(5)]
    svg = charts.median_per_period("p", "All", points)
    assert [d.count("L") for d in lines(svg)] == [1, 1]  # Q1 to Q2, then Q4 to 2024 Q1


@pytest.mark.parametrize(
    ("largest", "labels"),
    [
        (0, ["0 min", "1 min"]),
        (45 * 60, ["0 min", "15 min", "30 min", "45 min"]),
        (5 * 3600, ["0 h", "2 h", "4 h", "6 h"]),
        (30 * 3600, ["0 h", "12 h", "24 h", "36 h"]),
        (9 * 86400, ["0 d", "5 d", "10 d"]),
        (90 * 86400, ["0 d", "28 d", "56 d", "84 d", "112 d"]),
    ],
)
def test_median_axis_unit_reads_best_for_the_largest_value(largest: int, labels: list[str]) -> None:
    svg = charts.median_per_period("p", "All", [("2025 Q1", largest / 2, 0, largest)])
    assert y_labels(svg) == labels


def test_median_axis_unit_can_be_given() -> None:
    """Follow-through in days, even when the largest value is a few hours."""
    svg = charts.median_per_period("fu", "All", [("2025 Q1", 6 * 3600, None, None)], unit="days")
    assert y_labels(svg) == ["0 d", "0.5 d"]
    assert values(svg) == ["0.25 d"]


def test_a_panel_without_any_median_says_so() -> None:
    svg = charts.median_per_period("p", "SEV4", [("2025 Q1", None, None, None)] * 2)
    assert "No data" in texts(svg)
    assert dots(svg) == 0


def test_untrusted_text_is_escaped() -> None:
    """Period labels and titles may come from postmortems: text, never markup."""
    per_period = charts.incidents_per_period([HOSTILE, "2025 Q2"], levels(), {"SEV1": [1, 2]})
    panel = charts.median_per_period("p", HOSTILE, [(HOSTILE, 60, 30, 90)])
    for svg in (per_period, panel):
        root = tree(svg)  # well-formed XML
        assert not [e for e in root.iter() if e.tag.rpartition("}")[2] == "script"]
        assert "<script>" not in svg
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
        assert HOSTILE in texts(svg)
    assert HOSTILE in x_labels(per_period)


def test_the_metrics_ledger_chart_reads_a_ledger_as_given() -> None:
    """Exactly the months of the backlog, whatever the ledger's other contents."""
    ledger = Ledger(as_of="2025-03-31", items=[], backlog=[("2025-02", 4), ("2025-03", 7)])
    svg = charts.open_action_items(ledger)
    assert x_labels(svg) == ["Feb 25", "Mar 25"]
    assert values(svg) == ["4", "7"]
    assert y_labels(svg) == ["0", "2", "4", "6", "8"]
