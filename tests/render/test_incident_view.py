"""What an incident page works out for its reader: times in the incident's zone, the timeline
by day with the zone said once, milestones and headline figures; never more precise than the
postmortem."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import Archive, incident, incident_yaml

from mkdocs_postmortem.render.incident_view import headline_figures, milestones, timeline, window
from mkdocs_postmortem.render.times_shown import long_date, shown


def rows(*times: Any) -> list[dict[str, Any]]:
    return [{"time": t, "event": f"event {n}"} for n, t in enumerate(times)]


def shown_rows(made: Any) -> list[tuple[str, list[str]]]:
    view = timeline(made, ("timeline",), made.data["timeline"])
    return [(day.label, [t.text if t else "" for _, _, t in day.rows]) for day in view.days]


def test_plain_clock_times_under_their_day_with_the_zone_said_once() -> None:
    made = incident(timeline=rows("23:50", "23:59", "00:12", "2026-01-07 09:00"))
    view = timeline(made, ("timeline",), made.data["timeline"])
    assert view.zone == "UTC" and not view.mixed
    assert shown_rows(made) == [
        ("Monday 5 January 2026", ["23:50", "23:59"]),
        ("Tuesday 6 January 2026", ["00:12"]),
        ("Wednesday 7 January 2026", ["09:00"]),
    ]
    assert [d.next_day for d in view.days] == [False, True, False]
    first = view.days[0].rows[0][2]
    assert first is not None and first.clock
    assert first.iso == "2026-01-05T23:50:00+00:00"
    assert first.title == "Read as 2026-01-05 23:50 UTC"  # shown as written: no need to repeat it


def test_uncertain_times_show_as_written() -> None:
    made = incident(
        timeline=rows("~07:15", "07:20-07:40", "after 08:00", "shortly after", None, "9 PM")
    )
    assert shown_rows(made) == [
        ("Monday 5 January 2026", ["~07:15", "07:20-07:40", "after 08:00", "shortly after", "unknown", "9 PM"]),
    ]  # fmt: skip
    approximate = timeline(made, ("timeline",), made.data["timeline"]).days[0].rows[0][2]
    assert approximate is not None and approximate.approximate and not approximate.clock


def test_one_zone_written_on_every_row_is_said_once() -> None:
    made = incident(timeline=rows("06:57 PST", "07:15 PST"))
    view = timeline(made, ("timeline",), made.data["timeline"])
    assert view.zone == "PST"
    assert shown_rows(made) == [("Monday 5 January 2026", ["06:57", "07:15"])]


def test_rows_in_another_zone_keep_their_zone() -> None:
    made = incident(timeline=rows("14:02", "06:57 PST"))
    view = timeline(made, ("timeline",), made.data["timeline"])
    assert (view.zone, view.mixed) == ("UTC", True)
    assert shown_rows(made) == [("Monday 5 January 2026", ["14:02", "06:57 PST"])]


def test_rows_without_a_day_between_two_days_are_undated_and_stay_in_place() -> None:
    made = incident(
        timeline=[
            {"event": "Before anything"},
            {"time": "10:00", "event": "A"},
            {"event": "No time"},
            {"time": "2026-01-06", "event": "Next day"},
        ]
    )
    # "No time" may be on the 5th or the 6th: no heading gives it either day.
    assert shown_rows(made) == [
        ("Undated", [""]),
        ("Monday 5 January 2026", ["10:00"]),
        ("Undated", [""]),
        ("Tuesday 6 January 2026", ["2026-01-06"]),
    ]


def test_the_note_of_a_structured_time_is_kept() -> None:
    made = incident(timeline=[{"time": {"at": "10:00", "note": "from the pager log"}}])
    t = timeline(made, ("timeline",), made.data["timeline"]).days[0].rows[0][2]
    assert t is not None and t.text == "10:00" and t.note == "from the pager log"


def lifecycle(**moments: str) -> dict[str, str]:
    return moments


@pytest.mark.parametrize(
    ("timestamps", "text"),
    [
        ({}, "Mon 2026-01-05"),
        (
            lifecycle(started="2026-01-05T14:02Z", resolved="2026-01-05T15:10Z"),
            "Mon 2026-01-05, 14:02–15:10 UTC",
        ),
        (
            lifecycle(started="2026-01-05T23:40Z", resolved="2026-01-06T01:10Z"),
            "Mon 2026-01-05, 23:40–6 Jan 2026 01:10 UTC",
        ),
        (
            lifecycle(started="~14:00", resolved="2026-01-05T15:10Z"),
            "Mon 2026-01-05, ~14:00–15:10 UTC",
        ),
        (lifecycle(started="2026-01-05T14:02Z"), "Mon 2026-01-05, 14:02 UTC, end not recorded"),
        (
            lifecycle(started="after 14:00", resolved="15:10"),
            "Mon 2026-01-05, from after 14:00 to 15:10",
        ),
        (
            lifecycle(started="2026-01-05", resolved="2026-01-07"),
            "Mon 2026-01-05, from 5 Jan 2026 to 7 Jan 2026",
        ),
    ],
)
def test_window_in_the_incidents_zone(timestamps: dict[str, str], text: str) -> None:
    made = incident(timestamps=timestamps) if timestamps else incident()
    assert window(made).text == text


def test_window_is_told_in_the_postmortems_own_zone() -> None:
    made = incident(
        date="2026-07-02",
        timezone="Europe/Berlin",
        timestamps=lifecycle(started="2026-07-02T10:05Z", resolved="2026-07-02T11:00Z"),
    )
    assert window(made).text == "Thu 2026-07-02, 12:05–13:00 CEST"


def test_milestones_in_lifecycle_order_with_the_day_when_it_differs() -> None:
    made = incident(
        timestamps=lifecycle(
            resolved="2026-01-06T01:10Z", started="2026-01-05T23:40Z", detected="~23:50"
        )
    )
    shown_ = [(m.label, m.day, m.time.text) for m in milestones(made)]
    assert shown_ == [
        ("Started", "", "23:40"),
        ("Detected", "", "~23:50"),
        ("Resolved", "6 Jan 2026", "01:10"),
    ]


def test_headline_figures_as_written() -> None:
    made = incident(
        impact={
            "user": {"affected_users": "about 80%", "affected_users_percent": 12.5},
            "business": {"support_tickets": {"min": 40, "max": 50}},
        }
    )
    assert headline_figures(made) == [
        ("about 80%", "users affected"),
        ("12.5%", "of users affected"),
        ("40–50", "support tickets"),
    ]


def test_shown_without_a_moment_is_the_text() -> None:
    assert shown("whenever", None, "UTC").text == "whenever"


def test_dates_are_english_whatever_the_locale() -> None:
    assert long_date(date(2026, 2, 1)) == "Sunday 1 February 2026"


def test_the_hover_says_utc_for_a_time_in_another_zone() -> None:
    made = incident(timeline=rows("06:57 PST", "~07:15 PST"))
    days = timeline(made, ("timeline",), made.data["timeline"]).days
    first, approx = days[0].rows[0][2], days[0].rows[1][2]
    assert first is not None and approx is not None
    assert first.title == "As written: 06:57 PST; read as 2026-01-05 06:57 PST = 14:57Z"
    assert approx.title == "Read as about 2026-01-05 07:15 PST = 15:15Z"


def test_the_hover_keeps_what_the_clock_time_leaves_out() -> None:
    made = incident(timeline=rows("2026-01-05T14:02:00Z", "9:05 PM"))
    days = timeline(made, ("timeline",), made.data["timeline"]).days
    iso, short = days[0].rows[0][2], days[0].rows[1][2]
    assert iso is not None and short is not None
    assert (iso.text, iso.title) == (
        "14:02",
        "As written: 2026-01-05T14:02:00Z; read as 2026-01-05 14:02 UTC",
    )
    assert (short.text, short.title) == (
        "21:05",
        "As written: 9:05 PM; read as 2026-01-05 21:05 UTC",
    )


# --- which zone a time without one was read in; durations never negative ---------------------


def test_the_page_says_which_zone_a_time_without_one_was_read_in() -> None:
    made = incident(
        date="2026-07-02",
        timezone="Europe/Berlin",
        timestamps=lifecycle(started="2026-07-02T10:00Z", detected="2026-07-02 10:05"),
    )
    assert window(made).zone_note == (
        "Times written without a zone are read in Europe/Berlin (UTC+02:00), this "
        "postmortem's timezone."
    )
    winter = incident(timestamps=lifecycle(started="10:00", resolved="2026-01-05T12:00Z"))
    assert window(winter).zone_note == (
        "Times written without a zone are read in UTC, the site's timezone."
    )
    zoned = incident(timestamps=lifecycle(started="10:00Z", resolved="12:00 PST"))
    assert window(zoned).zone_note == ""


def page_of(tmp_path: Path, content: str, **options: Any) -> str:
    archive = Archive(tmp_path / "p", **options).add("x.yaml", content)
    result = archive.run()
    return next(p for p in result.pages if p.incident is not None).text


def test_an_incident_page_shows_the_problem_in_place_of_a_negative_duration(
    tmp_path: Path,
) -> None:
    text = page_of(
        tmp_path,
        incident_yaml(date="2026-07-02")
        + "timestamps:\n  started: 2026-07-02T10:00:00Z\n  detected: 2026-07-02 10:05\n"
        "  resolved: 2026-07-02T11:00:00Z\n",
        timezone="Europe/Berlin",
    )
    assert "not shown: detected is before started (see above)" in text
    assert "detected (2026-07-02 10:05 read as Europe/Berlin = 08:05Z) is before started" in text
    assert "-1 h" not in text and "<strong>1 h 00 min</strong>" in text  # TTR is fine
    assert "Times written without a zone are read in Europe/Berlin (UTC+02:00)" in text
    assert "Times in Europe/Berlin, where no other zone is written with them." in text


def test_a_preview_lists_its_order_problem_where_the_duration_would_be(tmp_path: Path) -> None:
    text = page_of(
        tmp_path,
        incident_yaml(status="done")
        + "timestamps:\n  started: 2026-01-05T10:00:00Z\n  resolved: 2026-01-05T09:00:00Z\n",
    )
    assert "Not published: this postmortem has 1 problem" in text
    assert "resolved (2026-01-05T09:00:00Z) is before started (2026-01-05T10:00:00Z)" in text
    assert "not shown: resolved is before started (see above)" in text
    assert "-1 h" not in text


def test_the_preview_of_a_file_yaml_cannot_read_says_so(tmp_path: Path) -> None:
    text = page_of(tmp_path, "id: INC-7\ntitle: Checkout\n\tdate: 2026-01-05\n")
    assert "# INC-7" in text
    assert "YAML could not read <code>docs/postmortems/x.yaml</code>" in text
    assert "found a tab character" in text
    assert "pm-keyfacts" not in text and "This postmortem is a draft" not in text
