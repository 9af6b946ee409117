"""How quickly and how punctually follow-ups are done: by priority and by period, and one
period against another, read by the same rules, with the sample sizes beside the comparisons,
in one pass over the archive."""

from __future__ import annotations

import cProfile
import pstats
from datetime import date, timedelta
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.comparisons import period_of
from mkdocs_postmortem.insights.follow_through import (
    ON_TIME,
    WITHIN,
    WITHIN_DAYS,
    FollowThroughChange,
    FollowThroughReport,
    follow_through,
    follow_through_change,
)
from mkdocs_postmortem.insights.follow_through import period_of as period_key
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.insights.shares import compare_shares

EARLIER = "2026-01-05"


def item(action: str, **fields: Any) -> dict[str, Any]:
    return {"action": action, **fields}


def through(*made: Incident, **options: Any) -> FollowThroughReport:
    chosen = settings(**options)
    return follow_through(index(list(made), chosen))


def done_after(days: int, priority: str | None = None, start: str = EARLIER) -> dict[str, Any]:
    day = (date.fromisoformat(start) + timedelta(days=days)).isoformat()
    extra = {"priority": priority} if priority else {}
    return item(f"after {days}", status="done", completed=day, **extra)


def test_median_days_to_done_by_priority() -> None:
    items = [
        done_after(10, "P1"),
        done_after(2, "P1"),
        done_after(4, "High"),  # an alias of P1
        done_after(1, "P2"),
        done_after(3, "P2"),
        item("undated", status="done", priority="P2"),
        item("open", status="open", priority="P0"),
        done_after(-1),  # before the incident: a date is wrong
        done_after(7),
    ]
    report = through(incident(action_items=items))
    rows = {
        (level.id if level else None): (d.done, d.measured, d.undated, d.out_of_order, d.median)
        for level, d in report.overall.by_priority
    }
    assert rows == {
        "P0": (0, 0, 0, 0, None),
        "P1": (3, 3, 0, 0, 4.0),  # odd count: the middle value
        "P2": (3, 2, 1, 0, 2.0),  # even count: the mean of the middle two
        None: (2, 1, 0, 1, 7.0),
    }
    [first, *_] = report.overall.by_priority
    assert first[0] is not None and first[0].id == "P0"  # the scale's order
    overall = report.overall.days
    assert (overall.done, overall.measured, overall.undated, overall.median) == (8, 6, 1, 3.5)
    assert (report.overall.incidents, report.overall.items) == (1, 9)


def test_share_done_by_the_end_of_the_due_period() -> None:
    """As of 2026-06-30: each due period's last day, a quarter's, a month's, a day's."""
    items = [
        item("q on time", status="done", due="2026-Q1", completed="2026-03-31"),
        item("q late", status="done", due="2026-Q1", completed="2026-04-01"),
        item("m on time", status="done", due="2026-02", completed="2026-02-28"),
        item("m late", status="done", due="2026-02", completed="2026-03-01"),
        item("d on time", status="done", due="2026-02-10", completed="2026-02-10"),
        item("d late", status="done", due="2026-02-10", completed="2026-02-11"),
        item("h open", status="open", due="2026-H1"),  # ends 06-30: not yet due on 06-30
        item("open at end", status="in-progress", due="2026-06-29"),
        item("not yet due", status="done", due="2026-Q3", completed="2026-04-01"),
        item("no due", status="done", completed="2026-02-01"),
        item("cancelled", status="cancelled", due="2026-02"),
        item("undated", status="done", due="2026-02"),
    ]
    due = through(incident(action_items=items)).overall.due
    assert (due.on_time, due.late, due.unknown, due.cancelled, due.not_yet_due, due.no_due) == (
        3,
        4,
        1,
        1,
        2,
        1,
    )
    assert due.share == 3 / 7


def test_an_open_status_stated_too_long_before_the_due_end_cannot_tell() -> None:
    items = [item("old open", status="open", due="2025-12")]
    due = through(incident(date="2025-01-02", action_items=items)).overall.due
    assert (due.on_time, due.late, due.unknown, due.share) == (0, 0, 1, None)


@pytest.mark.parametrize("count_exercises", [False, True])
def test_exercises_are_left_out_of_follow_through(count_exercises: bool) -> None:
    made = settings(count_exercises=count_exercises)
    real = incident(made, id="REAL", action_items=[done_after(2)])
    drill = incident(
        made,
        id="DRILL",
        date="2026-01-06",
        exercise="game-day",
        action_items=[done_after(20, start="2026-01-06")],
    )
    report = follow_through(index([drill, real], made))
    days = report.overall.days
    if count_exercises:
        assert (report.overall.items, days.median, report.exercises) == (2, 11.0, 0)
    else:
        assert (report.overall.items, days.median, report.exercises) == (1, 2.0, 1)
        assert report.exercise_items == 1


@pytest.mark.parametrize(
    ("grouping", "periods"),
    [
        ("quarter", ["2025-Q4", "2026-Q1", "2026-Q2"]),
        ("half", ["2025-H2", "2026-H1"]),
        ("year", ["2025", "2026"]),
    ],
)
def test_follow_through_by_period(grouping: Any, periods: list[str]) -> None:
    made = [
        incident(id="A", date="2026-04-01", action_items=[done_after(6, start="2026-04-01")]),
        incident(id="B", date="2026-03-31", action_items=[done_after(2, start="2026-03-31")]),
        incident(id="C", date="2026-01-02"),
        incident(id="D", date="2025-12-31", action_items=[done_after(9, start="2025-12-31")]),
    ]
    report = follow_through(index(made), grouping)
    assert [p.period for p in report.by_period] == periods
    assert sum(p.incidents for p in report.by_period) == 4
    assert sum(p.items for p in report.by_period) == report.overall.items == 3
    medians = {p.period: p.days.median for p in report.by_period}
    if grouping == "quarter":
        assert medians == {"2025-Q4": 9.0, "2026-Q1": 2.0, "2026-Q2": 6.0}
        assert [p.incidents for p in report.by_period] == [1, 2, 1]


def test_period_of() -> None:
    assert [period_key("2026-07-01", g) for g in ("quarter", "half", "year")] == [  # type: ignore[arg-type]
        "2026-Q3",
        "2026-H2",
        "2026",
    ]


# One period against another ---------------------------------------------------------------

Q4, Q1 = period_of("2025-10-01"), period_of("2026-01-01")


def change(*made: Incident, **options: Any) -> FollowThroughChange:
    return follow_through_change(index(list(made), settings(**options)), Q4, Q1)


def on(day: str, name: str, *items: dict[str, Any], **fields: Any) -> Incident:
    return incident(id=name, date=day, action_items=list(items), **fields)


def test_each_period_is_read_as_follow_through_reads_it() -> None:
    """Incidents on a period's first and last days are in it, those a day outside are not;
    exercises are out; undated and out-of-order items are counted, not measured; an item whose
    status is unknown on its due period's end is not judged."""
    made = [
        on("2025-09-30", "OUT-1", done_after(1, start="2025-09-30")),
        on(
            "2025-10-01",
            "B-1",
            item("on time", status="done", due="2025-10", completed="2025-10-03"),
            item("late", status="done", due="2025-10-02", completed="2025-10-06"),
        ),
        on(
            "2025-12-31",
            "B-2",
            item("undated", status="done", due="2026-01"),
            item("out of order", status="done", due="2026-01", completed="2025-12-30"),
            item("unknown", status="unknown", due="2026-01"),
            item("cancelled", status="cancelled", due="2026-01"),
            item("open", status="open", due="2026-Q1"),  # open on 31 March: late
        ),
        on("2025-11-15", "DRILL", done_after(9, start="2025-11-15"), exercise="drill"),
        on("2026-01-01", "A-1", done_after(4, start="2026-01-01"), item("no due", status="open")),
        on("2026-03-31", "A-2", item("not yet due", status="open", due="2026-H2")),
        on("2026-04-01", "OUT-2", done_after(1, start="2026-04-01")),
    ]
    found = change(*made)
    assert found.as_of == "2026-06-30"
    before, after = found.before, found.after
    assert (before.period, before.incidents, before.items) == ("2025-Q4", 2, 7)
    assert (before.days.done, before.days.measured, before.days.undated) == (4, 2, 1)
    assert (before.days.out_of_order, before.days.median) == (1, 3.5)
    due = before.due
    assert (due.on_time, due.late, due.unknown, due.cancelled, due.judged) == (2, 2, 2, 1, 4)
    assert (after.period, after.incidents, after.items, after.days.measured) == ("2026-Q1", 2, 3, 1)
    assert (after.due.judged, after.due.not_yet_due, after.due.no_due) == (0, 1, 2)
    # The same figures as follow_through's own periods, and the comparisons of them.
    by_period = {p.period: p for p in follow_through(index(made)).by_period}
    assert (before, after) == (by_period["2025-Q4"], by_period["2026-Q1"])
    labels = {"before_label": "2025 Q4", "after_label": "2026 Q1"}
    assert found.on_time == compare_shares(2, 4, 0, 0, measure=ON_TIME, **labels)
    # Within 30 days, judged for every item whose incident is 30 days old: done within, or open
    # then; not judged: status unknown, done without a day, completed before the incident (a
    # wrong date), cancelled.
    assert (found.within.before_yes, found.within.before) == (2, 3)
    assert (found.within.after_yes, found.within.after) == (1, 3)
    assert found.on_time.sentence == (
        "Too few items to tell: the share of action items done by their due period is known for"
        " 4 items in 2025 Q4 and 0 in 2026 Q1; a comparison needs at least 10 in each."
    )


@pytest.mark.parametrize("count_exercises", [False, True])
def test_exercises_are_out_of_the_change_unless_counted(count_exercises: bool) -> None:
    drill = on("2025-11-15", "DRILL", done_after(9, start="2025-11-15"), exercise="drill")
    found = change(drill, count_exercises=count_exercises)
    assert (found.before.incidents, found.before.items) == ((1, 1) if count_exercises else (0, 0))


def a_quarter(prefix: str, start: str, days: list[int], due_in: int) -> list[Incident]:
    """An incident a week from ``start`` for each of ``days``, its one item done that many days
    after it and due ``due_in`` days after it."""
    made = []
    for k, taken in enumerate(days):
        day = date.fromisoformat(start) + timedelta(days=7 * k)
        made.append(
            on(
                day.isoformat(),
                f"{prefix}-{k}",
                item(
                    "fix",
                    status="done",
                    completed=(day + timedelta(days=taken)).isoformat(),
                    due=(day + timedelta(days=due_in)).isoformat(),
                ),
            )
        )
    return made


def test_a_planted_change_is_found_and_said_in_items() -> None:
    quick = a_quarter("B", "2025-10-01", [2, 3, 3, 4, 2, 5, 3, 4, 2, 3, 4, 3], due_in=7)
    slow = a_quarter("A", "2026-01-02", [20, 36, 31, 44, 22, 35, 48, 21, 30, 55, 27, 33], due_in=21)
    found = change(*quick, *slow)
    assert (found.before.due.judged, found.after.due.judged) == (12, 12)
    assert (found.within.before, found.within.after) == (12, 12)
    assert (found.within.before_yes, found.within.after_yes) == (12, 5)
    assert (found.within.verdict, found.on_time.verdict) == ("falling", "falling")
    labels = {"before_label": "2025 Q4", "after_label": "2026 Q1"}
    assert found.within == compare_shares(12, 12, 5, 12, measure=WITHIN, **labels)
    assert found.within.sentence.startswith(
        "The share of action items done within 30 days of their incident fell from 100% (12 of"
        " 12) in 2025 Q4 to 42% (5 of 12) in 2026 Q1"
    )


def test_items_of_a_recent_period_are_judged_only_once_they_have_had_the_time() -> None:
    """The bias of comparing days to done: a period that just ended has only its quick items
    done. Judged at 30 days, an item of an incident less than 30 days old is not judged at all,
    and an item still open 30 days after its incident counts against, whatever its period."""
    recent = on("2026-06-10", "NEW-1", item("open", status="open"))
    old = on("2026-04-20", "OLD-1", item("open", status="open"))
    found = follow_through_change(
        index([recent, old]), period_of("2026-01-01"), period_of("2026-04-01")
    )
    assert (found.within.after_yes, found.within.after) == (0, 1)  # NEW-1 not yet 30 days old
    assert found.after.items == 2 and WITHIN_DAYS == 30


def test_the_earlier_period_must_come_first() -> None:
    archive = index([on("2025-10-01", "B-1")])
    with pytest.raises(ValueError, match="2026 Q1 must end before 2025 Q4 starts"):
        follow_through_change(archive, Q1, Q4)
    with pytest.raises(ValueError, match="must end before"):
        follow_through_change(archive, period_of("2025-01-01", "year"), Q4)


# Cost -------------------------------------------------------------------------------------


def spread(n: int) -> ArchiveIndex:
    """``n`` incidents spread evenly over 2024 and 2025, three items each: one done some days
    after (0 to 39), due in the incident's quarter; one open, due in its month; one done
    without a day."""
    made = []
    for k in range(n):
        day = date(2024, 1, 1) + timedelta(days=k * 731 // n)
        items = [
            item(
                "a",
                status="done",
                completed=(day + timedelta(days=k % 40)).isoformat(),
                due=period_of(day).key,
            ),
            item("b", status="open", priority="P1", due=day.isoformat()[:7]),
            item("c", status="done"),
        ]
        made.append(on(day.isoformat(), f"G-{k}", *items))
    return index(made[::-1])


def calls(archive: ArchiveIndex) -> tuple[int, FollowThroughChange]:
    """Every function call made while the change is worked out (as cProfile counts them)."""
    profile = cProfile.Profile()
    profile.enable()
    found = follow_through_change(
        archive, period_of("2024-01-01", "year"), period_of("2025-01-01", "year")
    )
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(c for (_, c, *_rest) in stats.values()), found


def test_the_change_costs_one_pass() -> None:
    """Both periods grow with the archive, so the comparisons' own cost is in it too."""
    (small_calls, small), (large_calls, large) = calls(spread(500)), calls(spread(1000))
    for n, found in ((500, small), (1000, large)):
        assert found.before.items + found.after.items == 3 * n
        assert found.before.days.measured + found.after.days.measured == n
    assert large_calls <= 2.2 * small_calls
    # Each incident and each item costs a few dozen calls (about 31 here: each item is also
    # read on the day 30 days after its incident), whatever the size.
    assert large_calls <= 40 * (1000 + 3 * 1000), large_calls
