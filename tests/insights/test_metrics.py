"""Response times as distributions, per severity and per quarter; incidents per month."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.insights.metrics import (
    Distribution,
    Metrics,
    compute_metrics,
    distribution,
    month_range,
    quarter,
)

TTD, TTA, TTM, TTR = "time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve"
NONE = Distribution(0, 0, None, None, None)


def mins(*values: float) -> list[timedelta]:
    return [timedelta(minutes=v) for v in values]


def dist(count: int, missing: int, median: float, p90: float, top: float) -> Distribution:
    """A distribution with its figures in minutes."""
    return Distribution(count, missing, *mins(median, p90, top))


@pytest.mark.parametrize(
    ("values", "total", "expected"),
    [
        ([], 0, NONE),
        ([], 3, Distribution(0, 3, None, None, None)),
        ([10], 1, dist(1, 0, 10, 10, 10)),
        ([30, 10, 20], 3, dist(3, 0, 20, 30, 30)),  # odd count: the middle value
        ([40, 10, 30, 20], 5, dist(4, 1, 25, 40, 40)),  # even: mean of the two middle ones
        (list(range(1, 11)), 10, dist(10, 0, 5.5, 9, 10)),  # p90 of 10 is the 9th, no interpolation
        (list(range(1, 12)), 11, dist(11, 0, 6, 10, 11)),  # ceil(9.9) = 10th
        (list(range(1, 21)), 20, dist(20, 0, 10.5, 18, 20)),
        ([0, 0], 2, dist(2, 0, 0, 0, 0)),  # zero is a duration, not a missing one
        ([-5, 10, 20], 3, dist(2, 1, 15, 20, 20)),  # negative: out of order, counted missing
        ([-1, -2], 4, Distribution(0, 4, None, None, None)),
    ],
)
def test_distribution(values: list[float], total: int, expected: Distribution) -> None:
    assert distribution(mins(*values), total) == expected


def test_median_of_an_even_count_keeps_seconds() -> None:
    assert distribution([timedelta(seconds=1), timedelta(seconds=2)], 2).median == timedelta(
        seconds=1.5
    )


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-01-01", "2026-Q1"),
        ("2026-03-31", "2026-Q1"),
        ("2026-04-01", "2026-Q2"),
        ("2026-09-30", "2026-Q3"),
        ("2026-10-01", "2026-Q4"),
        ("2025-12-31", "2025-Q4"),
    ],
)
def test_quarter(date: str, expected: str) -> None:
    assert quarter(date) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2026-03", "2026-03", ["2026-03"]),
        ("2025-11", "2026-02", ["2025-11", "2025-12", "2026-01", "2026-02"]),
        ("2026-01", "2026-04-15", ["2026-01", "2026-02", "2026-03", "2026-04"]),
        ("2026-05", "2026-04", []),
    ],
)
def test_month_range(first: str, last: str, expected: list[str]) -> None:
    assert month_range(first, last) == expected


def test_month_range_across_years() -> None:
    months = month_range("2024-01", "2026-12")
    assert len(months) == 36 and months[11:13] == ["2024-12", "2025-01"]


def times(day: str = "2026-01-05", **stamps: str) -> dict[str, Any]:
    """Lifecycle timestamps on ``day`` by time of day (HH:MM, UTC)."""
    return {"timestamps": {k: f"{day}T{v}:00Z" for k, v in stamps.items()}}


@pytest.fixture
def metrics() -> Metrics:
    made = [
        incident(
            id="INC-1",
            severity="SEV2",
            **times(started="10:00", detected="10:05", resolved="11:00"),
        ),
        incident(
            id="INC-2",
            date="2026-01-20",
            severity="Sev-1",
            **times(
                "2026-01-20",
                started="10:00",
                detected="10:10",
                acknowledged="10:15",
                mitigated="10:30",
                resolved="12:00",
            ),
        ),
        incident(id="INC-3", date="2026-04-02", severity="SEV2"),
        incident(
            id="INC-4",
            date="2026-04-10",
            severity="SEV2",
            **times("2026-04-10", started="10:00", resolved="10:20"),
        ),
    ]
    built = index(made).metrics
    assert built is not None
    return built


def test_overall(metrics: Metrics) -> None:
    assert metrics.overall == {
        TTD: dist(2, 2, 7.5, 10, 10),
        TTA: dist(1, 3, 5, 5, 5),
        TTM: dist(1, 3, 30, 30, 30),
        TTR: dist(3, 1, 60, 120, 120),
    }


def test_per_severity_in_scale_order(metrics: Metrics) -> None:
    """Every level, even one without incidents; an alias counts under its level."""
    assert [(level.id, figures) for level, figures in metrics.by_severity] == [
        (
            "SEV1",
            {
                TTD: dist(1, 0, 10, 10, 10),
                TTA: dist(1, 0, 5, 5, 5),
                TTM: dist(1, 0, 30, 30, 30),
                TTR: dist(1, 0, 120, 120, 120),
            },
        ),
        (
            "SEV2",
            {
                TTD: dist(1, 2, 5, 5, 5),
                TTA: Distribution(0, 3, None, None, None),
                TTM: Distribution(0, 3, None, None, None),
                TTR: dist(2, 1, 40, 60, 60),
            },
        ),
        ("SEV3", {TTD: NONE, TTA: NONE, TTM: NONE, TTR: NONE}),
        ("SEV4", {TTD: NONE, TTA: NONE, TTM: NONE, TTR: NONE}),
    ]


def test_per_quarter_oldest_first(metrics: Metrics) -> None:
    assert [(q, figures[TTR]) for q, figures in metrics.by_quarter] == [
        ("2026-Q1", dist(2, 0, 90, 120, 120)),
        ("2026-Q2", dist(1, 1, 20, 20, 20)),
    ]
    assert [(q, figures[TTA]) for q, figures in metrics.by_quarter] == [
        ("2026-Q1", dist(1, 1, 5, 5, 5)),
        ("2026-Q2", Distribution(0, 2, None, None, None)),
    ]


def test_monthly_counts_include_empty_months(metrics: Metrics) -> None:
    zero = {"SEV1": 0, "SEV2": 0, "SEV3": 0, "SEV4": 0}
    assert metrics.months == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert metrics.monthly == {
        "2026-01": {**zero, "SEV1": 1, "SEV2": 1},
        "2026-02": zero,
        "2026-03": zero,
        "2026-04": {**zero, "SEV2": 2},
    }
    assert [metrics.monthly_total(m) for m in metrics.months] == [2, 0, 0, 2]


def test_timestamps_out_of_order_are_missing_not_negative() -> None:
    """Resolved before started: the model reports it; the metrics count it missing."""
    made = [
        incident(id="INC-1", **times(started="10:00", resolved="09:00")),
        incident(id="INC-2", **times(started="10:00", resolved="10:30")),
    ]
    built = index(made).metrics
    assert built is not None
    assert built.overall[TTR] == dist(1, 1, 30, 30, 30)


def test_per_severity_reads_the_index_grouping() -> None:
    """The grouping is given, not made again: a level absent from it has no incidents."""
    made = [
        incident(id="INC-1", severity="SEV2", **times(started="10:00", resolved="10:10")),
        incident(id="INC-2", severity="SEV2", **times(started="10:00", resolved="10:50")),
    ]
    built = compute_metrics(settings(), made, {"SEV1": [made[0]]})
    assert [(lv.id, f[TTR]) for lv, f in built.by_severity] == [
        ("SEV1", dist(1, 0, 10, 10, 10)),
        ("SEV2", NONE),
        ("SEV3", NONE),
        ("SEV4", NONE),
    ]
    assert built.overall[TTR] == dist(2, 0, 30, 50, 50)
    assert built.monthly == {"2026-01": {"SEV1": 0, "SEV2": 2, "SEV3": 0, "SEV4": 0}}


def test_team_scale_and_years() -> None:
    options = settings(severity=Scale.build("severity", [{"id": "major"}, {"id": "minor"}]))
    made = [
        incident(options, id="INC-1", date="2025-12-30", severity="minor"),
        incident(options, id="INC-2", date="2026-02-01", severity="major"),
    ]
    built = index(made, options).metrics
    assert built is not None
    assert [lv.id for lv, _ in built.by_severity] == ["major", "minor"]
    assert [q for q, _ in built.by_quarter] == ["2025-Q4", "2026-Q1"]
    assert built.monthly == {
        "2025-12": {"major": 0, "minor": 1},
        "2026-01": {"major": 0, "minor": 0},
        "2026-02": {"major": 1, "minor": 0},
    }


def test_no_incidents() -> None:
    built = compute_metrics(settings(), [], {})
    assert built.overall == {TTD: NONE, TTA: NONE, TTM: NONE, TTR: NONE}
    assert [(lv.id, f[TTR]) for lv, f in built.by_severity] == [
        ("SEV1", NONE),
        ("SEV2", NONE),
        ("SEV3", NONE),
        ("SEV4", NONE),
    ]
    assert (built.by_quarter, built.months, built.monthly) == ([], [], {})


# --- as precise as written --------------------------------------------------------------------


def lifecycle(started: str, resolved: str) -> dict[str, str]:
    return {"started": started, "resolved": resolved}


def test_approximate_durations_count_and_are_said_to_be_approximate() -> None:
    made = [
        incident(id="A", timestamps=lifecycle("2026-01-05 10:00", "2026-01-05 11:00")),
        incident(id="B", timestamps=lifecycle("~2026-01-05 10:00", "2026-01-05 12:00")),
        incident(id="C", timestamps=lifecycle("2026-01-05 10:00", "2026-01-05 13:00 - 13:30")),
        incident(id="D", timestamps=lifecycle("2026-01-05", "2026-01-07")),
        incident(id="E", timestamps=lifecycle("2026-01-05 10:00", "after 2026-01-05 12:00")),
        incident(id="F"),
    ]
    ttr = index(made).metrics.overall["time_to_resolve"]  # type: ignore[union-attr]
    # A and B are one value each (B approximate); C a range, D dates only, E a bound.
    assert (ttr.count, ttr.approximate, ttr.imprecise, ttr.missing) == (2, 1, 3, 1)
    assert (ttr.median, ttr.max) == (timedelta(hours=1, minutes=30), timedelta(hours=2))


def test_unrated_incidents_are_their_own_group_and_never_a_level() -> None:
    made = [
        incident(id="A", severity="SEV1", date="2026-01-05"),
        incident(id="B", severity="unrated", date="2026-01-06"),
        incident(id="C", severity="unrated", date="2026-02-06"),
    ]
    metrics = index(made).metrics
    assert metrics is not None
    assert [level.id for level, _ in metrics.by_severity] == [
        "SEV1", "SEV2", "SEV3", "SEV4", "unrated",
    ]  # fmt: skip
    assert metrics.unrated == 2
    assert metrics.monthly == {
        "2026-01": {"SEV1": 1, "SEV2": 0, "SEV3": 0, "SEV4": 0, "unrated": 1},
        "2026-02": {"SEV1": 0, "SEV2": 0, "SEV3": 0, "SEV4": 0, "unrated": 1},
    }


def test_exercises_are_left_out_unless_counted() -> None:
    made = [
        incident(id="A", timestamps=lifecycle("2026-01-05T10:00Z", "2026-01-05T11:00Z")),
        incident(
            id="B",
            exercise="game-day",
            timestamps=lifecycle("2026-01-05T10:00Z", "2026-01-05T19:00Z"),
        ),
        incident(id="C", exercise={"kind": "fictional"}),
    ]
    metrics = index(made).metrics
    assert metrics is not None
    assert (metrics.counted, metrics.exercises) == (1, 2)
    assert metrics.overall["time_to_resolve"].max == timedelta(hours=1)
    counting = settings(count_exercises=True)
    metrics = index([incident(counting, **vars_of(i)) for i in made], counting).metrics
    assert metrics is not None
    assert (metrics.counted, metrics.exercises) == (3, 0)
    assert metrics.overall["time_to_resolve"].max == timedelta(hours=9)


def vars_of(made: Any) -> dict[str, Any]:
    return {k: v for k, v in made.data.items()}
