"""Every action item in one ledger: open or closed, overdue, by owner, by priority, and the
open backlog month by month."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from factories import AS_OF, incident, settings

from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.insights.ledger import (
    NO_OWNER,
    RECENTLY_CLOSED,
    Item,
    Ledger,
    build_ledger,
)


def item(action: str, **fields: Any) -> dict[str, Any]:
    return {"action": action, **fields}


def ledger(*incidents: Incident, as_of: str = AS_OF, **options: Any) -> Ledger:
    """The ledger of ``incidents`` (give them newest first, as the index does)."""
    return build_ledger(settings(**options), incidents, as_of)


def actions(items: Iterable[Item]) -> list[str]:
    return [str(i.data["action"]) for i in items]


@pytest.mark.parametrize(
    ("status", "group"),
    [
        (None, "unknown"),  # no status: the source never said it is open
        ("unknown", "unknown"),
        ("open", "open"),
        ("in-progress", "open"),
        ("blocked", "open"),
        ("done", "closed"),
        ("cancelled", "closed"),
    ],
)
def test_open_closed_and_unknown(status: str | None, group: str) -> None:
    fields = {"status": status} if status else {}
    built = ledger(incident(action_items=[item("A", **fields)]))
    [only] = built.items
    assert only.status == (status or "unknown")
    assert (only.is_open, only.is_closed, only.is_unknown) == (
        group == "open",
        group == "closed",
        group == "unknown",
    )
    assert (actions(built.open), actions(built.closed), actions(built.unknown)) == (
        ["A"] if group == "open" else [],
        ["A"] if group == "closed" else [],
        ["A"] if group == "unknown" else [],
    )


def test_the_status_as_written_is_kept_beside() -> None:
    built = ledger(
        incident(
            action_items=[
                item("A", status_text="Deployed to 50% of the fleet", status_as_of="2026-02-01")
            ]
        )
    )
    [only] = built.items
    assert (only.status, only.status_text, only.is_open) == (
        "unknown",
        "Deployed to 50% of the fleet",
        False,
    )


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("open", "2026-06-29", True),
        ("open", "2026-06-30", False),  # due on the as-of day: not yet late
        ("open", "2026-07-01", False),
        ("open", None, False),  # no due date: never overdue
        (None, "2025-01-01", False),  # no status: never overdue
        ("unknown", "2025-01-01", False),
        ("open", "2026-05", True),  # a month: overdue once the whole month has passed
        ("open", "2026-06", False),
        ("open", "2026-Q1", True),
        ("open", "2026-Q2", False),  # the quarter ends on the as-of day
        ("open", "2025-H2", True),
        ("open", "2026", False),
        ("in-progress", "2026-01-01", True),
        ("blocked", "2026-01-01", True),
        ("done", "2026-01-01", False),
        ("cancelled", "2026-01-01", False),
    ],
)
def test_overdue_against_as_of(status: str | None, due: str | None, overdue: bool) -> None:
    fields = {k: v for k, v in (("status", status), ("due", due)) if v is not None}
    built = ledger(incident(action_items=[item("A", **fields)]))
    assert built.as_of == "2026-06-30"
    assert built.items[0].overdue is overdue
    assert actions(built.overdue) == (["A"] if overdue else [])


def test_overdue_depends_on_the_as_of_given() -> None:
    made = incident(
        action_items=[
            item("A", due="2026-03-01", status="open", status_as_of="2026-11-01"),
            item("B", due="2026-05-01", status="open", status_as_of="2026-11-01"),
        ]
    )
    assert actions(ledger(made, as_of="2026-01-01").overdue) == []
    assert actions(ledger(made, as_of="2026-04-01").overdue) == ["A"]
    assert actions(ledger(made, as_of="2026-12-31").overdue) == ["A", "B"]


def test_items_newest_incident_first_then_as_listed() -> None:
    older = incident(id="INC-1", action_items=[item("1a"), item("1b")])
    newer = incident(id="INC-2", date="2026-02-01", action_items=[item("2a"), item("2b")])
    built = ledger(newer, incident(id="INC-3"), older)
    assert [(i.incident.id, i.index, i.data["action"]) for i in built.items] == [
        ("INC-2", 0, "2a"),
        ("INC-2", 1, "2b"),
        ("INC-1", 0, "1a"),
        ("INC-1", 1, "1b"),
    ]


def test_by_owner_sorted_with_no_owner_last() -> None:
    """Owners by name without regard to case; items without one together, at the end."""
    newer = incident(
        id="INC-2",
        date="2026-02-01",
        action_items=[item("n1"), item("b1", owner="bob"), item("z1", owner="Zed")],
    )
    older = incident(
        action_items=[
            item("a1", owner="Ana"),
            item("b2", owner="bob"),
            item("n2"),
            item("c1", owner="carol"),
        ]
    )
    built = ledger(newer, older)
    assert [(owner, actions(items)) for owner, items in built.by_owner] == [
        ("Ana", ["a1"]),
        ("bob", ["b1", "b2"]),
        ("carol", ["c1"]),
        ("Zed", ["z1"]),
        (NO_OWNER, ["n1", "n2"]),
    ]
    assert NO_OWNER == "(no owner)"
    assert [i.owner for i in built.items] == [
        "(no owner)",
        "bob",
        "Zed",
        "Ana",
        "bob",
        "(no owner)",
        "carol",
    ]


def test_by_priority_in_scale_order_unresolved_last() -> None:
    """Aliases resolve to their level; levels without items are left out; items without a
    priority or with one the scale does not know are one group, last."""
    made = incident(
        action_items=[
            item("none"),
            item("p2", priority="P2"),
            item("high", priority="High"),
            item("unknown", priority="urgent"),
            item("p0", priority="P0"),
            item("p1", priority="P1"),
        ]
    )
    built = ledger(made)
    assert [(lv.id if lv else None, actions(items)) for lv, items in built.by_priority] == [
        ("P0", ["p0"]),
        ("P1", ["high", "p1"]),
        ("P2", ["p2"]),
        (None, ["none", "unknown"]),
    ]
    assert [i.priority.id if i.priority else None for i in built.items] == [
        None,
        "P2",
        "P1",
        None,
        "P0",
        "P1",
    ]


def test_by_priority_follows_a_team_scale() -> None:
    scale = Scale.build("priority", [{"id": "now"}, {"id": "soon"}, {"id": "later"}])
    made = incident(action_items=[item("a", priority="later"), item("b", priority="now")])
    built = ledger(made, priority=scale)
    assert [(lv.id if lv else None, actions(items)) for lv, items in built.by_priority] == [
        ("now", ["b"]),
        ("later", ["a"]),
    ]


def test_backlog_month_by_month() -> None:
    """An item opens with its incident and closes on ``completed``; months without events
    carry the count on, up to the as-of month; closures after it are not seen yet."""
    older = incident(
        id="INC-1",
        date="2026-02-10",
        action_items=[
            item("open", status="open"),
            item("not stated"),
            item("done in April", status="done", completed="2026-04-15"),
            item("cancelled, undated", status="cancelled"),
        ],
    )
    newer = incident(
        id="INC-2",
        date="2026-04-01",
        action_items=[
            item("open", status="in-progress"),
            item("done the same month", status="done", completed="2026-04-20"),
            item("done after as-of", status="done", completed="2026-08-01"),
        ],
    )
    built = ledger(newer, older)
    assert built.backlog == [
        ("2026-02", 2),
        ("2026-03", 2),
        ("2026-04", 3),
        ("2026-05", 3),
        ("2026-06", 3),
    ]
    assert built.undated_closures == 1


@pytest.mark.parametrize(
    ("items", "backlog", "undated"),
    [
        ([], [], 0),
        ([item("x", status="done"), item("y", status="cancelled")], [], 2),
        ([item("x", status="open")], [("2026-01", 1), ("2026-02", 1), ("2026-03", 1)], 0),
        ([item("x")], [], 0),  # of unknown status: in no backlog
        (
            [item("x", status="done", completed="2026-01-20")],
            [("2026-01", 0), ("2026-02", 0), ("2026-03", 0)],
            0,
        ),
    ],
)
def test_backlog_edges(
    items: list[dict[str, Any]], backlog: list[tuple[str, int]], undated: int
) -> None:
    built = ledger(incident(action_items=items) if items else incident(), as_of="2026-03-31")
    assert (built.backlog, built.undated_closures) == (backlog, undated)


def test_backlog_of_incidents_after_as_of_is_empty() -> None:
    built = ledger(incident(date="2026-08-01", action_items=[item("x")]))
    assert built.backlog == []


def test_recently_closed_by_completion_then_undated() -> None:
    """Latest completion first (ties in ledger order), then closed items without a date, in
    ledger order; open items are not closed."""
    newer = incident(
        id="INC-2",
        date="2026-03-01",
        action_items=[
            item("n-undated", status="done"),
            item("n-may", status="done", completed="2026-05-01"),
            item("n-open"),
            item("n-march", status="cancelled", completed="2026-03-10"),
        ],
    )
    older = incident(
        id="INC-1",
        action_items=[
            item("o-march", status="done", completed="2026-03-10"),
            item("o-undated", status="cancelled"),
            item("o-june", status="done", completed="2026-06-01"),
        ],
    )
    built = ledger(newer, older)
    assert actions(built.recently_closed) == [
        "o-june",
        "n-may",
        "n-march",
        "o-march",
        "n-undated",
        "o-undated",
    ]


def test_recently_closed_is_limited() -> None:
    """Of 51 dated and 1 undated closed items, the 50 latest dated ones."""
    assert RECENTLY_CLOSED == 50
    dated = [
        item(f"d{n:02d}", status="done", completed=f"2026-0{1 + n // 28}-{1 + n % 28:02d}")
        for n in range(51)
    ]
    built = ledger(incident(action_items=[*dated, item("undated", status="done")]))
    assert len(built.closed) == 52
    assert actions(built.recently_closed) == [f"d{n:02d}" for n in range(50, 0, -1)]


def test_backlog_is_never_negative() -> None:
    """Completed (2026-01-20) before the incident (2026-03-05): the count of open items at the
    end of a month cannot be below zero (the wrong date is reported on the file: see
    tests/core/test_load.py)."""
    made = incident(
        date="2026-03-05",
        action_items=[item("x", status="done", completed="2026-01-20")],
    )
    built = ledger(made, as_of="2026-04-30")
    assert all(count >= 0 for _, count in built.backlog), built.backlog


# --- a status is a statement made on a day -----------------------------------------------------

REPORT_2019 = {"kind": "public-report", "organisation": "Matrix", "published": "2019-05-08"}


def report(**fields: Any) -> Incident:
    """A public report of 2019 (published 2019-05-08) with ``fields``."""
    return incident(date="2019-04-11", source=REPORT_2019, **fields)


@pytest.mark.parametrize(
    ("made", "as_of", "options", "counted"),
    [
        # A report's open status is as of its publication: seven years on it is not open.
        (report(action_items=[item("VPN", status="in-progress", due="2019-06")]),
         "2026-11-01", {}, "lapsed"),
        (report(action_items=[item("VPN", status="open")]), "2026-11-01", {}, "lapsed"),
        (report(action_items=[item("VPN", status="blocked", due="2019-Q3")]),
         "2026-11-01", {}, "lapsed"),
        # ... within the window of its publication it is open, and overdue once due.
        (report(action_items=[item("VPN", status="in-progress", due="2019-06")]),
         "2019-10-01", {}, "overdue"),
        (report(action_items=[item("VPN", status="in-progress", due="2019-06")]),
         "2019-11-04", {}, "overdue"),  # day 180 after 2019-05-08: still holds
        (report(action_items=[item("VPN", status="in-progress", due="2019-06")]),
         "2019-11-05", {}, "lapsed"),  # day 181
        # A later status_as_of on the item, or for the whole postmortem, renews it.
        (report(action_items=[item("VPN", status="in-progress", status_as_of="2026-10-01")]),
         "2026-11-01", {}, "open"),
        (report(follow_up={"status_as_of": "2026-06-01"}, action_items=[item("VPN", status="open")]),
         "2026-11-01", {}, "open"),
        (report(
            follow_up={"status_as_of": "2026-06-01"},
            action_items=[item("VPN", status="open", status_as_of="2020-01-01")],
        ), "2026-11-01", {}, "lapsed"),  # the item's own day wins
        # An internal postmortem's status is as of its date when nothing says later.
        (incident(action_items=[item("A", status="open")]), "2026-07-04", {}, "open"),
        (incident(action_items=[item("A", status="open")]), "2026-07-05", {}, "lapsed"),
        (incident(source={"kind": "internal", "published": "2026-06-01"},
                  action_items=[item("A", status="open")]), "2026-07-05", {}, "lapsed"),
        (incident(source={"kind": "external", "published": "2026-06-01"},
                  action_items=[item("A", status="open")]), "2026-07-05", {}, "open"),
        # The team's window.
        (incident(action_items=[item("A", status="open")]), "2026-02-04", {"status_window": 30},
         "open"),
        (incident(action_items=[item("A", status="open")]), "2026-02-05", {"status_window": 30},
         "lapsed"),
        (incident(action_items=[item("A", status="open")]), "2030-01-01",
         {"status_window": 3650}, "open"),
        # Closed and unknown statuses never lapse: they were never counted open.
        (report(action_items=[item("Done", status="done")]), "2026-11-01", {}, "closed"),
        (report(action_items=[item("Dropped", status="cancelled")]), "2026-11-01", {}, "closed"),
        (report(action_items=[item("Said nothing")]), "2026-11-01", {}, "unknown"),
        (report(action_items=[item("Words", status_text="Being explored")]), "2026-11-01", {},
         "unknown"),
    ],
)  # fmt: skip
def test_an_open_status_holds_for_the_window_after_it_was_stated(
    made: Incident, as_of: str, options: dict[str, Any], counted: str
) -> None:
    built = ledger(made, as_of=as_of, **options)
    assert len(built.open) == (counted in ("open", "overdue"))
    assert bool(built.overdue) is (counted == "overdue")
    assert bool(built.lapsed) is (counted == "lapsed")
    assert bool(built.closed) is (counted == "closed")
    assert bool(built.unknown) is (counted == "unknown")
    [only] = built.items
    assert (only.is_open, only.lapsed, only.overdue) == (
        counted in ("open", "overdue"),
        counted == "lapsed",
        counted == "overdue",
    )


@pytest.mark.parametrize(
    ("fields", "stated_on", "basis"),
    [
        ({}, "2019-05-08", "source.published"),
        ({"status_as_of": "2019-06-01"}, "2019-06-01", "status_as_of"),
    ],
)
def test_each_item_says_when_its_status_was_stated(
    fields: dict[str, Any], stated_on: str, basis: str
) -> None:
    [only] = ledger(report(action_items=[item("A", status="open", **fields)])).items
    assert (only.stated_on, only.statement.basis) == (stated_on, basis)


@pytest.mark.parametrize(
    ("as_of", "backlog"),
    [
        # Stated open on 2019-05-08: counted at the end of each month until 2019-11-04.
        ("2019-06-30", [("2019-04", 1), ("2019-05", 1), ("2019-06", 1)]),
        (
            "2026-11-01",
            [("2019-04", 1), ("2019-05", 1), ("2019-06", 1), ("2019-07", 1), ("2019-08", 1),
             ("2019-09", 1), ("2019-10", 1), ("2019-11", 0)],
        ),
    ],
)  # fmt: skip
def test_the_backlog_counts_a_status_only_while_it_holds(
    as_of: str, backlog: list[tuple[str, int]]
) -> None:
    """What a ledger of each month's end would have counted: history does not change as the
    years pass, and the last month is what the ledger counts today."""
    built = ledger(report(action_items=[item("VPN", status="in-progress")]), as_of=as_of)
    months = dict(built.backlog)
    assert [(m, months[m]) for m in sorted(months) if m <= "2019-11"] == backlog
    assert all(count == 0 for month, count in built.backlog if month > "2019-11")
    assert built.backlog[-1] == (as_of[:7], len(built.open))


@pytest.mark.parametrize(
    ("made", "backlog"),
    [
        # Completed after the ledger's date, in the same month: still open on that date.
        (
            incident(
                date="2026-06-10",
                action_items=[
                    item("closed after as_of", status="done", completed="2026-06-28"),
                    item("open", status="open"),
                ],
            ),
            [("2026-06", 2)],
        ),
        # Opened after the ledger's date, in the same month: not open yet.
        (incident(date="2026-06-25", action_items=[item("later", status="open")]), []),
    ],
)
def test_the_backlog_ends_with_the_count_of_the_ledgers_date(
    made: Incident, backlog: list[tuple[str, int]]
) -> None:
    """Nothing after ``as_of`` has happened yet: the last month counts on the ledger's date."""
    assert ledger(made, as_of="2026-06-20").backlog == backlog


@pytest.mark.parametrize("count_exercises", [False, True])
def test_exercises_leave_every_count_of_the_ledger(count_exercises: bool) -> None:
    """The ledger reads every incident and leaves exercises out itself: its items, its
    incidents, its backlog; it says how many exercises and items it left out."""
    real = incident(id="REAL", action_items=[item("Real fix", status="open", due="2026-02-01")])
    drill = incident(
        id="DRILL",
        date="2026-03-01",
        exercise="game-day",
        action_items=[item("Drill fix", status="open", due="2026-02-01"), item("Drill done")],
    )
    built = ledger(drill, real, count_exercises=count_exercises)
    if count_exercises:
        assert actions(built.open) == ["Drill fix", "Real fix"]
        assert (built.incidents, built.exercises, built.exercise_items) == (2, 0, 0)
        assert dict(built.backlog)["2026-03"] == 2
    else:
        assert actions(built.items) == actions(built.open) == actions(built.overdue) == ["Real fix"]
        assert (built.incidents, built.exercises, built.exercise_items) == (1, 1, 2)
        assert dict(built.backlog)["2026-03"] == 1
        assert [owner for owner, _ in built.by_owner] == [NO_OWNER]
