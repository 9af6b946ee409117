"""What a page and incidents.json tell of a postmortem's times (issue 22): milestones and key
facts in a human form, never raw ISO, each time with its day where it is not the incident's,
UTC with its day in the hover, inferred years marked, a row without a day under no day's
heading; and an export that tells the same."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from factories import Archive, incident, index, settings
from sites import example_files

from mkdocs_postmortem.render.exports import incidents_json
from mkdocs_postmortem.render.incident_view import milestones, timeline, window

RAW_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


def rows(*times: Any) -> list[dict[str, Any]]:
    return [{"time": t, "event": f"event {n}"} for n, t in enumerate(times)]


@pytest.mark.parametrize(
    ("fields", "stamp", "text", "day", "title"),
    [
        (
            {"date": "2025-03-14", "timezone": "Europe/Berlin"},
            "2025-03-14T10:12:00+01:00",
            "10:12",
            "",
            "As written: 2025-03-14T10:12:00+01:00; read as 2025-03-14 10:12 UTC+01:00 = 09:12Z",
        ),
        (
            {"date": "2025-12-03", "timezone": "America/Los_Angeles"},
            "2025-12-03T14:15:32-08:00",
            "14:15:32",
            "",
            "As written: 2025-12-03T14:15:32-08:00; read as 2025-12-03 14:15:32 UTC-08:00 = "
            "22:15:32Z",
        ),
        (
            {"date": "2025-12-03", "timezone": "America/Los_Angeles"},
            "2025-12-03T16:00:00-08:00",
            "16:00",
            "",
            "As written: 2025-12-03T16:00:00-08:00; read as 2025-12-03 16:00 UTC-08:00 = "
            "2025-12-04 00:00Z",
        ),
        (
            {"date": "2025-07-26"},
            "2025-07-26 13:14 EDT",
            "13:14 EDT",
            "",
            "As written: 2025-07-26 13:14 EDT; read as 2025-07-26 13:14 EDT = 17:14Z",
        ),
        (
            {},
            "2026-01-05T23:40:00+09:00",
            "23:40 UTC+09:00",
            "",
            "As written: 2026-01-05T23:40:00+09:00; read as 2026-01-05 23:40 UTC+09:00 = 14:40Z",
        ),
        (
            {},
            "2026-01-06T01:10:00Z",
            "01:10",
            "6 Jan 2026",
            "As written: 2026-01-06T01:10:00Z; read as 2026-01-06 01:10 UTC",
        ),
        (
            {},
            "~2026-01-05 14:02",
            "~14:02",
            "",
            "As written: ~2026-01-05 14:02; read as about 2026-01-05 14:02 UTC",
        ),
        (
            {},
            "2026-01-05 11:00 - 11:30 UTC",
            "11:00–11:30",
            "",
            "As written: 2026-01-05 11:00 - 11:30 UTC; read as between 2026-01-05 11:00 UTC and "
            "2026-01-05 11:30 UTC",
        ),
        (
            {},
            "after 2026-01-05T14:00Z",
            "after 14:00",
            "",
            "As written: after 2026-01-05T14:00Z; read as after 2026-01-05 14:00 UTC",
        ),
        (
            {},
            "2026-01-07",
            "7 Jan 2026",
            "",
            "As written: 2026-01-07; read as 2026-01-07 (the day, UTC)",
        ),
        (
            {},
            {"at": "2026-01-05 10:00", "zone": "EST"},
            "10:00 EST",
            "",
            "As written: 2026-01-05 10:00 EST; read as 2026-01-05 10:00 EST = 15:00Z",
        ),
        (
            {},
            "shortly after",
            "shortly after",
            "",
            "",
        ),
    ],
)
def test_milestones_are_human_never_raw_iso(
    fields: dict[str, Any], stamp: Any, text: str, day: str, title: str
) -> None:
    """Today a stamp in another zone label than the postmortem's (``+01:00`` in a
    Europe/Berlin postmortem) is shown as written: ``2025-03-14T10:12:00+01:00``."""
    made = incident(timestamps={"detected": stamp}, **fields)
    [milestone] = milestones(made)
    assert (milestone.time.text, milestone.day, milestone.time.title) == (text, day, title)
    assert not RAW_ISO.search(milestone.time.text)


@pytest.mark.parametrize(
    ("timestamps", "text"),
    [
        (
            {"started": "2026-01-05 21:00", "resolved": "2026-01-06T18:14:00Z"},
            "Mon 2026-01-05, 21:00–6 Jan 2026 18:14 UTC",
        ),
        (
            {"started": {"at": "2026-01-05 21:00", "precision": "hour"}, "resolved": "17:14"},
            "Mon 2026-01-05, from 21:00–22:00 to 6 Jan 2026 17:14 (next day)",
        ),
        (
            {"started": "2026-01-04T23:10:00+09:00", "resolved": "after 2026-01-05T14:00Z"},
            "Mon 2026-01-05, 4 Jan 2026 14:10 UTC to after 14:00",
        ),
        (
            {"started": "2025-12-31", "resolved": "2026-01-05 10:00 - 11:00 PST"},
            "Mon 2026-01-05, from 31 Dec 2025 to 10:00–11:00 PST",
        ),
        (
            {"started": "Oct 27 14:00", "resolved": "Oct 27 15:00"},
            "Mon 2026-01-05, 27 Oct 2025 14:00–15:00 UTC",
        ),
        (
            {"started": "~Oct 27 14:00", "resolved": "about Oct 27 15:00 PST"},
            "Mon 2026-01-05, 27 Oct 2025 ~14:00–~23:00 UTC",
        ),
        (
            {"started": "after Oct 27 14:00", "resolved": "Oct 28"},
            "Mon 2026-01-05, from 27 Oct 2025 after 14:00 (year inferred) to 28 Oct 2025 "
            "(year inferred)",
        ),
    ],
)
def test_the_when_line_is_human_with_every_day_not_the_incidents(
    timestamps: dict[str, Any], text: str
) -> None:
    """Today the ends of a window that is not two exact times are shown as written
    (``from 2017-01-31 21:00 UTC to 2017-02-01 18:14 UTC``), and a year taken from the rows
    before is not said."""
    assert window(incident(timestamps=timestamps)).text == text


def test_the_hover_says_utc_with_its_day_and_what_was_inferred() -> None:
    made = incident(
        date="2021-10-28", timeline=rows("17:35 PDT", "16:05 PDT", "Oct 27 10:00", "00:30")
    )
    view = timeline(made, ("timeline",), made.data["timeline"])
    titles = [t.title for d in view.days for _, _, t in d.rows if t is not None]
    assert titles == [  # shown as written (another zone than the timeline's): read as
        "Read as 2021-10-28 17:35 PDT = 2021-10-29 00:35Z",
        "Read as 2021-10-28 16:05 PDT = 23:05Z",
        "As written: Oct 27 10:00; read as 2021-10-27 10:00 UTC; year not written: the nearest "
        "to the row before",
        "Read as 2021-10-28 00:30 UTC; the next day: after midnight, no date written",
    ]


@pytest.mark.parametrize(
    ("times", "fields", "days"),
    [
        (
            ["10:00", "unknown", "11:00"],
            {},
            [("Monday 5 January 2026", ["10:00", "unknown", "11:00"])],
        ),
        (
            ["10:00", "shortly after"],
            {},
            [("Monday 5 January 2026", ["10:00"]), ("Undated", ["shortly after"])],
        ),
        (
            ["23:50", "within minutes", "00:10"],
            {},
            [
                ("Monday 5 January 2026", ["23:50"]),
                ("Undated", ["within minutes"]),
                ("Tuesday 6 January 2026", ["00:10"]),
            ],
        ),
        (
            ["unknown", "10:00"],
            {},
            [("Undated", ["unknown"]), ("Monday 5 January 2026", ["10:00"])],
        ),
        (
            ["Apr 4 12:00", "Apr 4-Apr 6", "Apr 5"],
            {"date": "2019-04-11"},
            [
                ("Thursday 4 April 2019 (year inferred)", ["12:00", "Apr 4-Apr 6"]),
                ("Friday 5 April 2019 (year inferred)", ["Apr 5"]),
            ],
        ),
        (
            ["2019-04-04 12:00", "Apr 4 13:00", "14:00"],
            {"date": "2019-04-11"},
            [("Thursday 4 April 2019", ["12:00", "13:00", "14:00"])],
        ),
    ],
)
def test_a_row_is_never_under_a_day_the_source_does_not_give(
    times: list[str], fields: dict[str, Any], days: list[tuple[str, list[str]]]
) -> None:
    """Today a row without a day is under the heading of the row before it, a range of days
    under its last day (after the days between), and no heading says a year was inferred."""
    made = incident(timeline=rows(*times), **fields)
    view = timeline(made, ("timeline",), made.data["timeline"])
    assert [(d.label, [t.text if t else "" for _, _, t in d.rows]) for d in view.days] == days


def page_of(tmp_path: Path, name: str, content: str | bytes, **options: Any) -> str:
    archive = Archive(tmp_path / "p", **options).add(name, content)
    result = archive.run()
    page = next(p for p in result.pages if p.incident is not None)
    assert page.document is not None
    return page.document.html()


def test_the_page_marks_what_was_inferred(tmp_path: Path) -> None:
    made = (
        "id: INC-1\ntitle: t\ndate: 2026-01-05\nseverity: SEV2\nstatus: final\nsummary: s\n"
        "timestamps:\n  started: Oct 27 14:00\n  resolved: '00:10'\n"
        "timeline:\n  - time: Oct 27 14:00\n    event: a\n  - time: shortly after\n    event: b\n"
    )
    page = page_of(tmp_path, "x.yaml", made)
    assert '<h3 id="day-2025-10-27">Monday 27 October 2025 (year inferred)</h3>' in page
    assert '<span class="pm-inferred">(year inferred)</span>' in page
    assert '<span class="pm-milestone-day">28 Oct 2025</span>' in page  # 00:10, next day
    assert '<span class="pm-inferred">(next day)</span>' in page
    assert "A date written without its year is in the year that puts it nearest" in page
    assert '<h3 id="undated">Undated</h3>' in page
    assert "The source gives no day for these rows: they stay in its order." in page


def test_the_example_archive_shows_no_raw_iso_stamp(tmp_path: Path) -> None:
    """Milestones and key facts of every example incident: each time in its human form."""
    archive = Archive(tmp_path / "p")
    for path in example_files():
        archive.add(path.name, path.read_bytes())
    result = archive.run()
    assert result.archive.problems == [] and not archive.problems()
    pages = [p for p in result.pages if p.incident is not None]
    assert len(pages) == len(example_files())
    for page in pages:
        assert page.document is not None
        html = page.document.html()
        facts = html[html.index('<dl class="pm-facts">') : html.index("</dl>")]
        strip = re.search(r'<ol class="pm-milestones".*?</ol>', html, re.S)
        shown = re.sub(r'title="[^"]*"|datetime="[^"]*"', "", facts + (strip[0] if strip else ""))
        assert not RAW_ISO.search(shown), (page.src_uri, RAW_ISO.findall(shown))


# --- incidents.json -----------------------------------------------------------------------------


@pytest.mark.parametrize(("severity", "rank"), [("SEV1", 0), ("SEV2", 1), ("unrated", None)])
def test_an_unrated_incident_has_no_rank(severity: str, rank: int | None) -> None:
    """Today an unrated incident is ranked one past the lowest level of the scale."""
    s = settings()
    exported = json.loads(
        incidents_json(index([incident(s, severity=severity)], s), {"inc-1": "u/"})
    )
    assert exported["incidents"][0]["severity"]["rank"] == rank


def test_every_reading_in_the_export_carries_its_text_precision_zone_and_day() -> None:
    s = settings()
    made = incident(
        s,
        date="2021-10-28",
        timestamps={"started": "17:35 PDT", "detected": "~17:41 PDT", "resolved": "unknown"},
        timeline=rows("2021-10-28T17:35:20-07:00", "Oct 29", "between 18:00 and 18:30 PDT"),
        communication={"log": [{"time": "after 19:00 PDT", "message": "m"}]},
        resolution={"mitigation_steps": [{"action": "Restart", "time": "9 PM PDT"}]},
        review_meeting={"date": "2021-11-02"},
    )
    [exported] = json.loads(incidents_json(index([made], s), {"inc-1": "u/"}))["incidents"]
    moments = exported["moments"]
    assert moments["started"] == {
        "text": "17:35 PDT",
        "earliest_utc": "2021-10-29T00:35:00Z",
        "latest_utc": "2021-10-29T00:35:00Z",
        "utc": "2021-10-29T00:35:00Z",
        "precision": "minute",
        "approximate": False,
        "zone": "PDT",
        "day": "2021-10-28",  # as written, in its zone: not the UTC day
        "inferred": ["date"],
    }
    assert moments["detected"]["approximate"] is True
    assert moments["resolved"] == {
        "text": "unknown",
        "earliest_utc": None,
        "latest_utc": None,
        "utc": None,
        "precision": "none",
        "approximate": False,
        "zone": "",
        "day": None,
        "inferred": [],
    }
    readings = exported["readings"]
    assert sorted(readings) == [
        "communication.log.0.time",
        "resolution.mitigation_steps.0.time",
        "review_meeting.date",
        "timeline.0.time",
        "timeline.1.time",
        "timeline.2.time",
    ]
    shown = {k: (v["text"], v["precision"], v["zone"], v["day"]) for k, v in readings.items()}
    assert shown == {
        "timeline.0.time": ("2021-10-28T17:35:20-07:00", "second", "UTC-07:00", "2021-10-28"),
        "timeline.1.time": ("Oct 29", "day", "UTC", "2021-10-29"),
        # Under the row before, a day: on that day in any zone (not 28 October, where the
        # day of 29 October in UTC begins in PDT).
        "timeline.2.time": ("between 18:00 and 18:30 PDT", "minute", "PDT", "2021-10-29"),
        "communication.log.0.time": ("after 19:00 PDT", "minute", "PDT", "2021-10-28"),
        "resolution.mitigation_steps.0.time": ("9 PM PDT", "hour", "PDT", "2021-10-28"),
        "review_meeting.date": ("2021-11-02", "day", "UTC", "2021-11-02"),
    }
    assert readings["timeline.1.time"]["inferred"] == ["year", "zone"]
    assert exported["durations"]["time_to_detect"]["text"] == "~6 min"
    assert exported["durations"]["time_to_detect"]["seconds"] == 360
