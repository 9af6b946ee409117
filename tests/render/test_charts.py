"""The static SVG charts: no script, no comment, the same bytes for the same archive."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.render import charts


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


def _per_month(a: ArchiveIndex) -> str:
    assert a.metrics is not None
    return charts.incidents_per_month(a.metrics, a.levels)


def _resolve(a: ArchiveIndex) -> str:
    return charts.resolve_time_by_severity(a.levels, a.by_severity)


def _open_items(a: ArchiveIndex) -> str:
    assert a.ledger is not None
    return charts.open_action_items(a.ledger)


CHARTS: list[tuple[str, Callable[[ArchiveIndex], str]]] = [
    ("incidents-per-month", _per_month),
    ("resolve-time", _resolve),
    ("open-action-items", _open_items),
]


@pytest.mark.parametrize(("name", "chart"), CHARTS, ids=[name for name, _ in CHARTS])
def test_chart_is_static_svg(name: str, chart: Callable[[ArchiveIndex], str]) -> None:
    svg = chart(archive())
    assert svg.startswith(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="chart-pm-{name}" class="pygal-chart" '
        'viewBox="0 0 800 360" width="800" height="360">'
    )
    assert svg.endswith("</svg>\n")
    assert "<script" not in svg
    assert "<!--" not in svg
    assert "<?xml" not in svg


@pytest.mark.parametrize(("name", "chart"), CHARTS, ids=[name for name, _ in CHARTS])
def test_chart_is_the_same_bytes_every_time(
    name: str, chart: Callable[[ArchiveIndex], str]
) -> None:
    """pygal's random chart id would change every build's output and its diff."""
    assert chart(archive()).encode() == chart(archive()).encode()


def values(svg: str) -> list[str]:
    """The value of every drawn element, series after series."""
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


def series(svg: str) -> list[str]:
    """The series drawn (each appears in several groups of the SVG)."""
    return sorted(set(re.findall(r'<g class="series serie-(\d+) ', svg)))


def legend(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text></g>", svg.split('class="legends"', 1)[1])


def test_resolve_time_one_box_per_severity_with_its_count() -> None:
    svg = _resolve(archive())
    assert series(svg) == ["0", "1", "2", "3"]
    assert legend(svg) == ["SEV1 (1)", "SEV2 (1)", "SEV3 (0)", "SEV4 (0)"]


def test_resolve_time_leaves_out_negative_durations() -> None:
    """INC-2's resolved is before its started: not counted, not drawn as a negative time."""
    svg = _resolve(archive())
    assert values(svg)[:2] == [
        "Min: 0.5\nLower Whisker: 0.5\nQ1: 0.5\nQ2: 0.5\nQ3: 0.5\nUpper Whisker: 0.5\nMax: 0.5",
        "Min: 2\nLower Whisker: 2\nQ1: 2\nQ2: 2\nQ3: 2\nUpper Whisker: 2\nMax: 2",
    ]
    assert "-1" not in "".join(values(svg))


def test_incidents_per_month_stacks_severities_over_every_month() -> None:
    svg = _per_month(archive())
    assert series(svg) == ["0", "1", "2", "3"]
    assert legend(svg) == ["SEV1", "SEV2", "SEV3", "SEV4"]
    # Per severity, one value per month 2025-11, 2025-12, 2026-01.
    assert values(svg) == ["0", "0", "1", "1", "0", "1"] + ["0"] * 6


def test_open_action_items_month_by_month_up_to_as_of() -> None:
    svg = _open_items(archive())
    assert "Open action items at the end of each month (as of 2026-06-30)" in svg
    assert values(svg) == ["1"] * 6
    assert legend(svg) == ["open items"]
    assert re.findall(r"<text[^>]*>(2026-[^<]*)</text>", svg) == [f"2026-0{m}" for m in range(1, 7)]


def test_labels_name_about_twelve_months() -> None:
    months = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(30)]
    every, major = charts._labels(months)
    assert every == months
    assert major == months[::2]
    assert charts._labels(months[:12]) == (months[:12], months[:12])
