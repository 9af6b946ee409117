"""Statuses are statements made on a day, and exercises leave every count: what the ledger, the
Patterns page, the archive home, an incident page and the exports say of them, word for word."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from factories import incident, index, settings

from mkdocs_postmortem.core.schema import effective_schema
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.validate import SchemaValidator
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.render.exports import action_items_csv, incidents_json
from mkdocs_postmortem.render.pages import Renderer

AS_OF = "2026-11-01"
REPORT = {"kind": "public-report", "organisation": "Matrix", "published": "2019-05-08"}


def archive(**options: Any) -> tuple[Settings, ArchiveIndex]:
    """A 2019 public report (an item stated in-progress then, one done, one restated in
    2026), a team's own incident, and a game day with two items."""
    s = settings(as_of=AS_OF, **options)
    report = incident(
        s,
        id="MATRIX",
        date="2019-04-11",
        severity="unrated",
        source=REPORT,
        action_items=[
            {
                "action": "Roll out a VPN",
                "status": "in-progress",
                "status_text": "We are rolling out a VPN",
                "due": "2019-06",
            },
            {"action": "Disable agent forwarding", "status": "done"},
            {
                "action": "Review keys",
                "status": "open",
                "status_as_of": "2026-10-01",
                "due": "2026-10",
            },
        ],
    )
    own = incident(
        s, id="INC-1", date="2026-09-01", action_items=[{"action": "Fix", "status": "open"}]
    )
    drill = incident(
        s,
        id="GD-1",
        date="2026-10-01",
        exercise="game-day",
        action_items=[
            {"action": "Drill fix", "status": "open", "due": "2026-02-01"},
            {"action": "Drill done", "status": "done"},
        ],
    )
    return s, index([drill, own, report], s)


def pages(s: Settings, built: ArchiveIndex) -> dict[str, str]:
    """Every index page's HTML, and the report's incident page."""
    r = Renderer.for_settings(s, SchemaValidator.compiled(effective_schema(s)))
    r.prepare(built)
    found = {p.src_uri: p.html() for p in r.index_pages(built, in_nav=True)}
    found["report"] = r.incident_page(built, built.by_slug["matrix"]).html()
    return found


@pytest.mark.parametrize(
    ("page", "said"),
    [
        # The ledger: the 2019 status is neither open nor overdue now, and says when it was stated.
        (
            "postmortems/action-items.md",
            "4 action items in 2 incidents: <strong>2 open</strong>, of which <strong>1 overdue"
            "</strong> as of 2026-11-01, "
            "1 last stated open more than 180 days before (counted neither open nor overdue), and "
            "1 done or cancelled.",
        ),
        (
            "postmortems/action-items.md",
            "A status holds for 180 days after the day it was stated (<code>status_as_of</code>). "
            "1 exercise "
            "(game days, drills, fictional examples) and its 2 action items are left out.",
        ),
        ("postmortems/action-items.md", '<h2 id="last-stated-open">Last stated open</h2>\n'),
        (
            "postmortems/action-items.md",
            '<td>2019-06</td><td>last stated open on 2019-05-08 (in-progress: "We are rolling out '
            'a VPN")</td>',
        ),
        ("postmortems/action-items.md", "<td>open, stated 2026-10-01</td>"),
        ("postmortems/action-items.md", "<td>done, stated 2019-05-08</td>"),
        (
            "postmortems/action-items.md",
            "<td>(no owner)</td>\n<td>2</td>\n<td>1</td>\n<td>1</td>\n<td>0</td>\n<td>1</td>",
        ),
        (
            "postmortems/action-items.md",
            "<td>2019-10</td>\n<td>2</td>\n</tr>\n<tr>\n<td>2019-09</td>\n<td>2</td>",
        ),
        (
            "postmortems/action-items.md",
            "<td>2019-12</td>\n<td>1</td>\n</tr>\n<tr>\n<td>2019-11</td>\n<td>1</td>",
        ),
        # The Patterns page: the exercise is out of the incidents and the action items.
        ("postmortems/patterns.md", "2 in the archive in all (the 1 exercise, game days, drills"),
        (
            "postmortems/patterns.md",
            "2 open, 1 overdue as of 2026-11-01; 1 more last stated open more than 180 days "
            "before, counted neither open nor overdue (the 2 action items of exercises left out)",
        ),
        # The archive home says how many of its incidents are exercises.
        (
            "postmortems/index.md",
            "3 incidents in the archive (1 of them an exercise, left out of the patterns and action "
            "items).",
        ),
        # The incident page: each status with the day it was stated, the lapsed one as such.
        (
            "report",
            '<br><small class="pm-lapsed" title="the report&#39;s publication day '
            "(source.published); more than 180 days before 2026-11-01: counted neither open nor "
            'overdue">last stated open on 2019-05-08</small>',
        ),
        (
            "report",
            '<span class="pm-badge pm-item pm-item-done">done</span><br><small title="the '
            'report&#39;s publication day (source.published)">stated 2019-05-08</small>',
        ),
        ("report", '<small title="the item&#39;s status_as_of">stated 2026-10-01</small>'),
    ],
)
def test_pages_say_when_a_status_was_stated(page: str, said: str) -> None:
    assert said in pages(*archive())[page]


@pytest.mark.parametrize(
    ("page", "unsaid"),
    [
        ("postmortems/action-items.md", "in 3 incidents"),  # the game day is not one of them
        ("postmortems/action-items.md", "Drill fix"),
        ("postmortems/patterns.md", "3 in the archive in all"),
        ("report", 'title="due 2019-06'),  # the 2019 item is not overdue on its page either
    ],
)
def test_pages_leave_out_what_is_not_counted(page: str, unsaid: str) -> None:
    assert unsaid not in pages(*archive())[page]


def test_the_report_page_marks_only_the_restated_item_overdue() -> None:
    html = pages(*archive())["report"]
    assert html.count("pm-overdue-mark") == 1
    assert '<tr class="pm-overdue">\n<td>Review keys</td>' in html


def test_counting_exercises_counts_them_everywhere() -> None:
    found = pages(*archive(count_exercises=True))
    assert (
        "6 action items in 3 incidents: <strong>3 open</strong>, of which <strong>2 overdue"
        in found["postmortems/action-items.md"]
    )
    assert "exercise" not in found["postmortems/action-items.md"].split('id="open-backlog"')[0]
    # Counted in the ledger and the all-time figures; never compared across periods.
    assert "2 in the archive in all (the 1 exercise" in found["postmortems/patterns.md"]
    assert (
        "(1 of them an exercise, counted in the action items and the all-time figures like real"
        " incidents)" in (found["postmortems/index.md"])
    )


def test_the_csv_carries_the_day_stated_and_whether_the_item_is_open() -> None:
    _, built = archive()
    assert built.ledger is not None
    rows = list(csv.DictReader(io.StringIO(action_items_csv(built.ledger))))
    assert [
        (
            r["incident_id"],
            r["status"],
            r["status_as_of"],
            r["status_as_of_from"],
            r["open"],
            r["overdue"],
        )
        for r in rows
    ] == [
        ("INC-1", "open", "2026-09-01", "date", "yes", "no"),
        ("MATRIX", "in-progress", "2019-05-08", "source.published", "no", "no"),
        ("MATRIX", "done", "2019-05-08", "source.published", "no", "no"),
        ("MATRIX", "open", "2026-10-01", "status_as_of", "yes", "yes"),
    ]


def test_incidents_json_carries_each_items_standing() -> None:
    _, built = archive()
    document = json.loads(incidents_json(built, {i.slug: i.slug for i in built.incidents}))
    assert (document["as_of"], document["status_window_days"]) == (AS_OF, 180)
    items = {i["id"]: i["action_items"] for i in document["incidents"]}
    assert items["MATRIX"] == [
        {
            "item": 1,
            "status": "in-progress",
            "status_as_of": "2019-05-08",
            "status_as_of_from": "source.published",
            "last_stated_open": True,
            "open": False,
            "overdue": False,
        },
        {
            "item": 2,
            "status": "done",
            "status_as_of": "2019-05-08",
            "status_as_of_from": "source.published",
            "last_stated_open": False,
            "open": False,
            "overdue": False,
        },
        {
            "item": 3,
            "status": "open",
            "status_as_of": "2026-10-01",
            "status_as_of_from": "status_as_of",
            "last_stated_open": False,
            "open": True,
            "overdue": True,
        },
    ]
    # An exercise the ledger leaves out: its open item counts neither open nor overdue.
    assert [(i["status"], i["open"], i["overdue"]) for i in items["GD-1"]] == [
        ("open", False, False),
        ("done", False, False),
    ]
    assert [(i["status_as_of"], i["open"]) for i in items["INC-1"]] == [("2026-09-01", True)]
