"""Patterns a team can act on: recurrences read against the earlier incident's follow-ups (how
quickly and how punctually follow-ups are done: test_follow_through); the cost of both."""

from __future__ import annotations

import cProfile
import pstats
from datetime import date, timedelta
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.follow_through import follow_through
from mkdocs_postmortem.insights.follow_ups import (
    STALE,
    UNDATED,
    UNKNOWN_STATUS,
    FollowUpsAtRecurrence,
    Recurrences,
    follow_ups_at_recurrence,
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


@pytest.mark.parametrize(
    ("stated", "state"),
    [("2026-02-01", "all-done-before"), (LATER, "all-done-before"), ("2026-04-01", "cannot-tell")],
)
def test_done_stated_on_a_day_before_the_recurrence_was_done_before(
    stated: str, state: str
) -> None:
    """Without a completed day, a status_as_of on or before the recurrence says it was done by
    then; a later one says nothing of that day."""
    _, found = pair([item("Fix", status="done", status_as_of=stated)])
    assert only(found).state == state


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
