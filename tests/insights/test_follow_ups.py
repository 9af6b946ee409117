"""Patterns a team can act on: recurrences read against the earlier incident's follow-ups, and
how quickly and how punctually follow-ups are done."""

from __future__ import annotations

import cProfile
import pstats
from datetime import date, timedelta
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.follow_ups import (
    STALE,
    UNDATED,
    UNKNOWN_STATUS,
    FollowThroughReport,
    FollowUpsAtRecurrence,
    Recurrences,
    follow_through,
    follow_ups_at_recurrence,
    period_of,
)
from mkdocs_postmortem.insights.index import ArchiveIndex

EARLIER = "2026-01-05"
LATER = "2026-03-10"


def item(action: str, **fields: Any) -> dict[str, Any]:
    return {"action": action, **fields}


def recurrence_of(target: str) -> list[dict[str, str]]:
    return [{"id": target, "type": "recurrence-of"}]


def pair(
    items: list[dict[str, Any]], later: str = LATER, **options: Any
) -> tuple[ArchiveIndex, Recurrences]:
    """OLD (dated EARLIER, with ``items``) and NEW (dated ``later``, a recurrence of OLD)."""
    made = settings(**options)
    old = incident(made, id="OLD", date=EARLIER, action_items=items)
    new = incident(made, id="NEW", date=later, related_incidents=recurrence_of("OLD"))
    archive = index([new, old], made)
    return archive, follow_ups_at_recurrence(archive)


def only(found: Recurrences) -> FollowUpsAtRecurrence:
    [record] = [*found.after_done, *found.others]
    assert not found.suggested
    return record


def summary(record: FollowUpsAtRecurrence) -> tuple[str, str, str, int, int, int, int]:
    return (
        record.earlier.id,
        record.later.id,
        record.state,
        record.done_before,
        record.open_then,
        record.unknown_timing,
        record.cancelled,
    )


def test_recurrence_after_every_follow_up_was_done_comes_first() -> None:
    _, found = pair(
        [
            item("Fix A", status="done", completed="2026-02-01"),
            item("Fix B", status="done", completed=LATER),  # on the day itself: done before
        ]
    )
    assert [summary(r) for r in found.after_done] == [("OLD", "NEW", "all-done-before", 2, 0, 0, 0)]
    assert found.others == ()
    [record] = found.after_done
    assert record.declared and record.score is None and record.reasons == ()
    assert [i.item.data["action"] for i in record.items] == ["Fix A", "Fix B"]


@pytest.mark.parametrize("status", ["open", "in-progress", "blocked"])
def test_recurrence_while_a_follow_up_was_open_is_listed_apart(status: str) -> None:
    _, found = pair(
        [item("Fix A", status="done", completed="2026-02-01"), item("B", status=status)]
    )
    assert found.after_done == ()
    assert summary(only(found)) == ("OLD", "NEW", "some-still-open", 1, 1, 0, 0)


def test_completed_after_the_recurrence_was_still_open_then() -> None:
    _, found = pair([item("Fix", status="done", completed="2026-03-11")])
    assert summary(only(found)) == ("OLD", "NEW", "some-still-open", 0, 1, 0, 0)


def test_no_action_items_is_none() -> None:
    _, found = pair([])
    assert summary(only(found)) == ("OLD", "NEW", "none", 0, 0, 0, 0)


def test_cancelled_items_are_no_fix_and_no_wait() -> None:
    _, found = pair(
        [item("Fix", status="done", completed="2026-02-01"), item("X", status="cancelled")]
    )
    assert summary(only(found)) == ("OLD", "NEW", "all-done-before", 1, 0, 0, 1)
    _, found = pair([item("X", status="cancelled", completed="2026-02-01")])
    assert summary(only(found)) == ("OLD", "NEW", "none", 0, 0, 0, 1)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": "done"}, UNDATED),
        ({"status": "unknown"}, UNKNOWN_STATUS),
        ({}, UNKNOWN_STATUS),  # no status at all: the source never said
    ],
)
def test_cannot_tell_names_why(fields: dict[str, str], reason: str) -> None:
    _, found = pair([item("Fix A", status="done", completed="2026-02-01"), item("B", **fields)])
    record = only(found)
    assert summary(record) == ("OLD", "NEW", "cannot-tell", 1, 0, 1, 0)
    assert record.reasons == (reason,)
    assert [i.reason for i in record.items] == ["", reason]


def test_an_open_item_outweighs_one_that_cannot_be_placed() -> None:
    _, found = pair([item("A", status="done"), item("B", status="open")])
    assert summary(only(found)) == ("OLD", "NEW", "some-still-open", 0, 1, 1, 0)


@pytest.mark.parametrize(
    ("later", "stated", "state"),
    [
        ("2026-07-04", None, "some-still-open"),  # 180 days after the statement: it holds
        ("2026-07-05", None, "cannot-tell"),  # 181 days: the statement has lapsed
        ("2027-01-01", "2027-02-01", "some-still-open"),  # stated open after the recurrence
    ],
)
def test_an_open_status_holds_for_the_status_window(
    later: str, stated: str | None, state: str
) -> None:
    extra = {"status_as_of": stated} if stated else {}
    _, found = pair([item("Fix", status="open", **extra)], later=later)
    record = only(found)
    assert record.state == state
    assert record.reasons == ((STALE,) if state == "cannot-tell" else ())


@pytest.mark.parametrize(
    ("new_fields", "old_fields"),
    [
        ({"related_incidents": recurrence_of("OLD")}, {}),
        ({}, {"related_incidents": recurrence_of("NEW")}),  # declared the wrong way round
        ({"related_incidents": recurrence_of("OLD")}, {"related_incidents": recurrence_of("NEW")}),
    ],
)
def test_either_file_declaring_it_gives_one_record(
    new_fields: dict[str, Any], old_fields: dict[str, Any]
) -> None:
    done = [item("Fix", status="done", completed="2026-02-01")]
    old = incident(id="OLD", date=EARLIER, action_items=done, **old_fields)
    new = incident(id="NEW", date=LATER, action_items=[item("N", status="open")], **new_fields)
    found = follow_ups_at_recurrence(index([new, old]))
    assert summary(only(found)) == ("OLD", "NEW", "all-done-before", 1, 0, 0, 0)


def test_on_the_same_day_the_declaration_says_which_came_back() -> None:
    first = incident(id="A", date=EARLIER, related_incidents=recurrence_of("B"))
    second = incident(id="B", date=EARLIER, action_items=[item("Fix", status="open")])
    record = only(follow_ups_at_recurrence(index([first, second])))
    assert (record.earlier.id, record.later.id, record.state) == ("B", "A", "some-still-open")


def test_declared_records_are_ordered() -> None:
    """All done before first, newest recurrence first; then still open, cannot tell, none."""
    done = [item("Fix", status="done", completed="2025-01-02")]
    specs = [
        ("R1", "2025-01-01", done, None),
        ("R2", "2025-02-01", [], "R1"),
        ("R3", "2025-03-01", [item("Open", status="open")], "R2"),
        ("R4", "2025-04-01", [item("Undated", status="done")], "R3"),
        ("R5", "2025-05-01", done, "R4"),
        ("R6", "2025-06-01", [], "R5"),
    ]
    made = [
        incident(
            id=name,
            date=day,
            action_items=items,
            related_incidents=recurrence_of(target) if target else None,
        )
        for name, day, items, target in specs
    ]
    found = follow_ups_at_recurrence(index(made[::-1]))
    assert [(r.later.id, r.state) for r in found.after_done] == [
        ("R6", "all-done-before"),
        ("R2", "all-done-before"),
    ]
    assert [(r.later.id, r.state) for r in found.others] == [
        ("R4", "some-still-open"),
        ("R5", "cannot-tell"),
        ("R3", "none"),
    ]


def similar(n: int, day: str, title: str, **fields: Any) -> Incident:
    return incident(id=f"S-{n}", date=day, title=title, summary=title, **fields)


def test_a_possibly_related_pair_is_listed_apart_as_suggested() -> None:
    done = [item("Fix", status="done", completed="2026-01-20")]
    made = [
        similar(3, "2026-04-01", "Certificate expired on the public load balancer endpoint"),
        similar(2, "2026-03-01", "Replica disk filled with orphaned snapshot files overnight"),
        similar(1, EARLIER, "Primary disk filled with orphaned snapshot files", action_items=done),
    ]
    archive = index(made)
    found = follow_ups_at_recurrence(archive)
    assert found.after_done == found.others == ()
    [record] = found.suggested
    assert (record.earlier.id, record.later.id, record.state) == ("S-1", "S-2", "all-done-before")
    assert not record.declared
    assert record.score is not None and record.score >= archive.settings.similar_threshold


@pytest.mark.parametrize("count_exercises", [False, True])
def test_exercises_are_left_out_unless_counted(count_exercises: bool) -> None:
    made = settings(count_exercises=count_exercises)
    old = incident(made, id="OLD", date=EARLIER, action_items=[item("Fix", status="open")])
    drill = incident(
        made, id="NEW", date=LATER, exercise="drill", related_incidents=recurrence_of("OLD")
    )
    found = follow_ups_at_recurrence(index([drill, old], made))
    kept = [*found.after_done, *found.others]
    assert (len(kept), found.exercises) == ((1, 0) if count_exercises else (0, 1))


# Follow-through ---------------------------------------------------------------------------


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
    assert [period_of("2026-07-01", g) for g in ("quarter", "half", "year")] == [  # type: ignore[arg-type]
        "2026-Q3",
        "2026-H2",
        "2026",
    ]


# Cost -------------------------------------------------------------------------------------


def generated(n: int) -> ArchiveIndex:
    """``n`` incidents a day apart, three items each, in families of 50: each a recurrence of
    the one before, every fifth also of its family's first (one incident with many). Text
    shared across families' edges makes suggested pairs too."""
    start = date(2015, 1, 1)
    made = []
    for k in range(n):
        first = k - k % 50
        related = recurrence_of(f"G-{k - 1}") if k != first else []
        if k % 5 == 0 and k - first > 1:
            related += recurrence_of(f"G-{first}")
        day = start + timedelta(days=k)
        items = [
            item("a", status="done", completed=(day + timedelta(days=3)).isoformat(), due="2016"),
            item("b", status="open", priority="P1", due=f"{day.year}-Q{(day.month - 1) // 3 + 1}"),
            item("c", status="done"),
        ]
        made.append(
            incident(
                id=f"G-{k}",
                date=day.isoformat(),
                title=f"Generated outage {k // 2} term{k // 3}",
                summary=f"Failure of group{k // 4} subsystem{k % 7}",
                action_items=items,
                related_incidents=related or None,
            )
        )
    return index(made[::-1])


def calls(archive: ArchiveIndex) -> tuple[int, Recurrences]:
    """Every function call made while both steps run (Python's and C's, as cProfile counts):
    exact on any machine, unlike timings. A pairwise loop over incidents calls something for
    each pair (a property, a comparison helper) and so shows here."""
    profile = cProfile.Profile()
    profile.enable()
    found = follow_ups_at_recurrence(archive)
    follow_through(archive)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(c for (_, c, *_rest) in stats.values()), found


def test_cost_is_linear_in_incidents_and_items() -> None:
    small, large = generated(500), generated(1000)
    small_calls, small_found = calls(small)
    large_calls, large_found = calls(large)
    for n, found in ((500, small_found), (1000, large_found)):
        declared = [*found.after_done, *found.others]
        assert len(declared) == n - n // 50 + 9 * (n // 50)
        assert {r.state for r in declared} == {"some-still-open"}
    assert small_found.suggested and large_found.suggested  # read too
    assert large_calls <= 2.2 * small_calls
    # Each incident and each item costs a few dozen calls (about 42 here), whatever the size.
    assert large_calls <= 50 * (1000 + 3 * 1000)
