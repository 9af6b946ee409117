"""The Patterns page's statements: which incidents and durations enter each comparison, which
periods are compared and drawn, and what is said when the data cannot tell."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.insights import comparisons
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.insights.patterns import (
    MIN_DURATIONS,
    PERIODS_SHOWN,
    SERIES_MIN,
    Patterns,
    Statement,
    build_patterns,
)

AS_OF = "2026-06-30"
"""In 2026 Q2: the last complete quarter is 2026 Q1, compared with 2025 Q4."""


def stamps(day: str, minutes: int, *, approximate: bool = False) -> dict[str, str]:
    """Started at 10:00, resolved ``minutes`` later (``~`` marks an approximate end)."""
    end = (date.fromisoformat(day).toordinal(), 600 + minutes)
    moment = date.fromordinal(end[0] + end[1] // 1440).isoformat()
    clock = f"{end[1] % 1440 // 60:02d}:{end[1] % 60:02d}"
    resolved = f"{moment}T{clock}:00Z"
    return {
        "started": f"{day}T10:00:00Z",
        "resolved": f"~{resolved}" if approximate else resolved,
    }


def make(s: Settings, n: int, day: str, minutes: int, **fields: Any) -> Incident:
    return incident(s, id=f"INC-{n}", date=day, timestamps=stamps(day, minutes), **fields)


def days_of(period: comparisons.Period, count: int) -> list[str]:
    """``count`` days spread over a period."""
    step = max(1, period.days // max(count, 1))
    return [
        (period.start + timedelta(days=(k * step) % period.days)).isoformat() for k in range(count)
    ]


def archive_of(
    before: list[int], after: list[int], s: Settings | None = None, **fields: Any
) -> ArchiveIndex:
    """Incidents with these times to resolve (minutes) in 2025 Q4 and 2026 Q1."""
    s = s or settings(as_of=AS_OF)
    q4, q1 = comparisons.period_of("2025-10-01"), comparisons.period_of("2026-01-01")
    made = []
    for period, values in ((q4, before), (q1, after)):
        for day, minutes in zip(days_of(period, len(values)), values, strict=True):
            made.append(make(s, len(made) + 1, day, minutes, **fields))
    return index(made, s)


def statement(p: Patterns, measure: str, group: str = "all") -> Statement:
    [found] = [s for s in p.statements if s.measure == measure and s.group.id == group]
    return found


def test_the_last_complete_period_against_the_one_before() -> None:
    p = build_patterns(archive_of([60] * 10, [60] * 10))
    assert (p.before.key, p.after.key) == ("2025-Q4", "2026-Q1")
    s = statement(p, "time_to_resolve")
    assert (len(s.before.measured), len(s.after.measured)) == (10, 10)
    assert s.comparison.verdict == "no detectable change"
    assert s.before.median == timedelta(minutes=60)


def test_a_threefold_slower_resolution_is_said_with_its_interval() -> None:
    rng = random.Random(4)
    before = [round(60 * rng.lognormvariate(0, 0.5)) for _ in range(40)]
    after = [3 * v for v in before]
    s = statement(build_patterns(archive_of(before, after)), "time_to_resolve")
    c = s.comparison
    assert c.verdict == "slower"
    assert c.low is not None and c.high is not None and 1 < c.low < 3 < c.high
    assert "2026 Q1" in c.sentence and "2025 Q4" in c.sentence and "90% interval" in c.sentence


def test_below_the_minimum_it_says_too_few_incidents() -> None:
    few = MIN_DURATIONS - 1
    s = statement(build_patterns(archive_of([60] * few, [600] * 20)), "time_to_resolve")
    assert s.comparison.verdict == "too few incidents"
    assert s.comparison.estimate is None
    assert f"at least {MIN_DURATIONS}" in s.comparison.sentence


def test_approximate_durations_count_and_are_said() -> None:
    s = settings(as_of=AS_OF)
    p = build_patterns(archive_of([60] * 9, [60] * 9, s))
    q1 = comparisons.period_of("2026-01-01")
    extra = incident(
        s, id="APPROX", date="2026-02-02", timestamps=stamps("2026-02-02", 90, approximate=True)
    )
    p = build_patterns(index([*p_incidents(p), extra], s))
    found = statement(p, "time_to_resolve")
    assert found.after.period == q1
    assert len(found.after.measured) == 10
    assert found.after.approximate == 1


def p_incidents(p: Patterns) -> list[Incident]:
    return [i for s in p.counts[:1] for i in (*s.before.incidents, *s.after.incidents)]


def test_imprecise_and_missing_durations_are_left_out_and_counted() -> None:
    s = settings(as_of=AS_OF)
    base = build_patterns(archive_of([60] * 9, [60] * 9, s))
    dates_only = incident(
        s,
        id="DAYS",
        date="2026-02-03",
        timestamps={"started": "2026-02-03", "resolved": "2026-02-05"},
    )
    missing = incident(s, id="NONE", date="2026-02-04")
    p = build_patterns(index([*p_incidents(base), dates_only, missing], s))
    found = statement(p, "time_to_resolve")
    assert (len(found.after.measured), found.after.imprecise, found.after.missing) == (9, 1, 1)
    assert len(found.after.incidents) == 11
    assert statement(p, "incidents").after.incidents.__len__() == 11


@pytest.mark.parametrize("count_exercises", [False, True])
def test_exercises_are_never_compared(count_exercises: bool) -> None:
    """Whatever the team counts elsewhere: a drill's response is rehearsed."""
    s = settings(as_of=AS_OF, count_exercises=count_exercises)
    p = build_patterns(archive_of([60] * 9, [60] * 9, s, exercise={"kind": "game-day"}))
    assert (p.counted, p.exercises) == (0, 18)
    assert statement(p, "time_to_resolve").comparison.verdict == "too few incidents"
    assert statement(p, "incidents").comparison.before == 0


def test_each_severity_is_compared_on_its_own_incidents() -> None:
    s = settings(as_of=AS_OF)
    p = build_patterns(archive_of([60] * 9, [60] * 9, s, severity="SEV1"))
    assert len(statement(p, "time_to_resolve", "SEV1").after.measured) == 9
    assert len(statement(p, "time_to_resolve", "SEV2").after.measured) == 0
    assert statement(p, "incidents", "SEV1").comparison.before == 9


def test_counts_per_service_and_category() -> None:
    s = settings(as_of=AS_OF)
    p = build_patterns(
        archive_of(
            [60] * 6,
            [60] * 14,
            s,
            services=["api"],
            contributing_factors=[{"factor": "Pool too small", "category": "capacity"}],
        )
    )
    [api] = p.services
    assert (api.group.kind, api.group.id) == ("service", "api")
    assert (api.comparison.before, api.comparison.after) == (6, 14)
    assert "incidents of the api service" in api.comparison.sentence
    [category] = p.categories
    assert category.group.kind == "category"
    assert category.comparison.after == 14


def test_the_running_period_is_never_compared_nor_drawn() -> None:
    s = settings(as_of="2026-04-01")  # the first day of 2026 Q2: Q1 is complete
    p = build_patterns(index([make(s, 1, "2026-04-01", 60), make(s, 2, "2026-03-31", 60)], s))
    assert p.after.key == "2026-Q1"
    assert [period.key for period in p.periods] == ["2026-Q1"]
    assert statement(p, "incidents").comparison.after == 1


def test_periods_shown_start_at_the_first_incident_and_stop_at_eight() -> None:
    s = settings(as_of=AS_OF)
    early = build_patterns(index([make(s, 1, "2025-08-01", 60)], s))
    assert [q.key for q in early.periods] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    old = build_patterns(index([make(s, 1, "2019-01-01", 60)], s))
    assert len(old.periods) == PERIODS_SHOWN and old.periods[-1].key == "2026-Q1"
    assert build_patterns(index([], s)).periods == []


def test_a_series_point_needs_enough_durations() -> None:
    p = build_patterns(archive_of([60] * (SERIES_MIN - 1), [30, 60, 90, 120, 150]))
    [overall] = [series for series in p.series if series.group.id == "all"]
    q4, q1 = overall.points[-2:]
    assert q4.median is None and q4.count == SERIES_MIN - 1
    assert q1.median == timedelta(minutes=90)
    assert q1.low is not None and q1.high is not None
    assert q1.low <= q1.median <= q1.high


def test_the_half_year_and_the_year_are_options() -> None:
    for kind, before, after in (("half", "2025-H1", "2025-H2"), ("year", "2024", "2025")):
        p = build_patterns(
            archive_of([60] * 9, [60] * 9, settings(as_of=AS_OF, patterns_period=kind))
        )
        assert (p.before.key, p.after.key) == (before, after)


@pytest.mark.parametrize(
    ("option", "value"), [("patterns_period", "month"), ("patterns_level", 1.0)]
)
def test_a_bad_option_is_refused_with_the_accepted_values(option: str, value: object) -> None:
    with pytest.raises(ValueError, match=option):
        settings(**{option: value})


def test_many_groups_say_how_many_changes_chance_alone_would_show() -> None:
    p = build_patterns(archive_of([60] * 10, [60] * 10))
    compared = [s for s in p.statements if s.compared]
    assert Patterns.by_chance(compared, 0.9) == pytest.approx(len(compared) * 0.1)
