"""Readings that cannot be wrong silently (issue 22): every moment read one way only, a form
with two readings refused, a zone out of season warned about wherever it is written, a time
without a zone among zoned ones said, the day of a time without a date never moved by a zone,
UTC said with its day, and durations between instants never finer than their ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from factories import MINIMAL, settings

from mkdocs_postmortem.core.discover import SourceFile
from mkdocs_postmortem.core.model import build_incident
from mkdocs_postmortem.core.moment_reader import read_moment, read_sequence
from mkdocs_postmortem.core.moments import Context, Moment, MomentError, Reading
from mkdocs_postmortem.core.spans import span
from mkdocs_postmortem.core.values import Finding, read_values
from mkdocs_postmortem.core.zones import ZoneTable

TABLE = ZoneTable()
DAY = date(2021, 10, 28)


def context(zone: str = "UTC", day: date = DAY, written: bool = False) -> Context:
    return Context(day, TABLE.resolve(zone), written, table=TABLE)


def utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def read(text: Any, zone: str = "UTC", day: date = DAY) -> Moment:
    return read_moment(text, context(zone, day)).moment


def refused(text: Any, zone: str = "UTC", day: date = DAY) -> str:
    with pytest.raises(MomentError) as caught:
        read_moment(text, context(zone, day))
    return str(caught.value)


def findings(**fields: Any) -> list[Finding]:
    data = {**MINIMAL, **fields}
    return read_values(data, settings(), TABLE).findings


# --- one reading: a range after a date that is not ISO, an offset only in ISO ----------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("10/29 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("Oct 29 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("29 Oct 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("October 29 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("10/29/2021 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("Oct 29, 2021 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("10-29 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("Friday, October 29, 2021 02:00-04:00", "2021-10-29T02:00Z", "2021-10-29T04:00Z"),
        ("10/29 13:00-08:00", "2021-10-29T13:00Z", "2021-10-30T08:00Z"),  # over midnight
        ("02:00-04:00", "2021-10-28T02:00Z", "2021-10-28T04:00Z"),
    ],
)
def test_a_range_after_a_date_that_is_not_iso_is_a_range(
    text: str, earliest: str, latest: str
) -> None:
    """Today ``10/29 02:00-04:00`` is 02:00 at UTC-04:00: a range read as an offset."""
    moment = read(text)
    assert (utc(moment.earliest), utc(moment.latest)) == (earliest, latest)
    assert moment.zone == "UTC" and moment.zone_inferred


@pytest.mark.parametrize(
    ("text", "instant", "zone"),
    [
        ("2026-01-05T13:00-08:00", "2026-01-05T21:00Z", "UTC-08:00"),
        ("2026-01-05 13:00-08:00", "2026-01-05T21:00Z", "UTC-08:00"),
        ("2026-01-05 13:00:00-0800", "2026-01-05T21:00Z", "UTC-08:00"),
        ("2026-01-05T13:00+05:30", "2026-01-05T07:30Z", "UTC+05:30"),
        ("2026-01-05T13:00-12:00", "2026-01-06T01:00Z", "UTC-12:00"),
        ("2026-01-05T13:00+14:00", "2026-01-04T23:00Z", "UTC+14:00"),
    ],
)
def test_an_offset_is_an_offset_in_an_iso_timestamp(text: str, instant: str, zone: str) -> None:
    moment = read(text)
    assert (utc(moment.point), moment.zone, moment.zone_inferred) == (instant, zone, False)


NO_ZONE_KEEPS = "is not a UTC offset any zone keeps (-12:00 to +14:00)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2026-01-05 13:00-16:00",
            f"'2026-01-05 13:00-16:00': UTC-16:00 {NO_ZONE_KEEPS}; for a range, write "
            "13:00 - 16:00 or 13:00 to 16:00",
        ),
        (
            "2026-01-05T13:00-13:30",
            f"'2026-01-05T13:00-13:30': UTC-13:30 {NO_ZONE_KEEPS}; for a range, write "
            "13:00 - 13:30 or 13:00 to 13:30",
        ),
        ("2026-01-05T13:00+15:00", f"'2026-01-05T13:00+15:00': UTC+15:00 {NO_ZONE_KEEPS}"),
        ("2026-02-27T18:05+23:59", f"'2026-02-27T18:05+23:59': UTC+23:59 {NO_ZONE_KEEPS}"),
        ("10:00 UTC+15", f"'10:00 UTC+15': UTC+15:00 {NO_ZONE_KEEPS}"),
        ("10:00 UTC-13", f"'10:00 UTC-13': UTC-13:00 {NO_ZONE_KEEPS}"),
        ("14:02 +15:00", f"'14:02 +15:00': UTC+15:00 {NO_ZONE_KEEPS}"),
        (
            "14:02 -16:00",
            f"'14:02 -16:00': UTC-16:00 {NO_ZONE_KEEPS}; for a range, write 14:02 - 16:00 or "
            "14:02 to 16:00",
        ),
    ],
)
def test_an_offset_no_zone_keeps_is_refused_never_read_as_something_else(
    text: str, message: str
) -> None:
    """Today UTC-16:00 and UTC+23:59 are read as zones; an ISO timestamp with an impossible
    offset is not turned into a range either: it has two readings, so it is refused."""
    assert refused(text) == message


def test_an_offset_no_zone_keeps_is_refused_at_every_level() -> None:
    assert findings(timezone="+15:00") == [
        Finding(("timezone",), f"UTC+15:00 {NO_ZONE_KEEPS}"),
    ]
    with pytest.raises(MomentError) as caught:
        read_moment({"at": "10:00", "zone": "-13:00"}, context())
    assert (str(caught.value), caught.value.part) == (f"UTC-13:00 {NO_ZONE_KEEPS}", "zone")
    with pytest.raises(ValueError) as table:
        ZoneTable({"XT": "+15:00"})
    assert str(table.value) == f"time_zones: XT stands for '+15:00': UTC+15:00 {NO_ZONE_KEEPS}"


@pytest.mark.parametrize(
    ("text", "zone", "day", "message"),
    [
        (
            "01:30",
            "America/Los_Angeles",
            date(2026, 11, 1),
            "'01:30': 2026-11-01 01:30 happens twice in America/Los_Angeles (clocks were "
            "turned back); write the zone it was in: 01:30 PDT or 01:30 PST",
        ),
        (
            "2026-11-01 01:30",
            "PT",
            DAY,
            "'2026-11-01 01:30': 2026-11-01 01:30 happens twice in PT (clocks were turned "
            "back); write the zone it was in: 01:30 PDT or 01:30 PST",
        ),
        (
            "1 AM",
            "America/New_York",
            date(2026, 11, 1),
            "'1 AM': 2026-11-01 01:00 happens twice in America/New_York (clocks were turned "
            "back); write the zone it was in: 01:00 EDT or 01:00 EST",
        ),
        (
            "02:30",
            "America/Los_Angeles",
            date(2026, 3, 8),
            "'02:30': 2026-03-08 02:30 does not exist in America/Los_Angeles (clocks were put "
            "forward); write the zone it was in: 02:30 PST or 02:30 PDT",
        ),
        (
            "2026-03-29 02:30",
            "Europe/Berlin",
            DAY,
            "'2026-03-29 02:30': 2026-03-29 02:30 does not exist in Europe/Berlin (clocks were "
            "put forward); write the zone it was in: 02:30 CET or 02:30 CEST",
        ),
        (
            "~02:15",
            "Australia/Lord_Howe",
            date(2026, 10, 4),
            "'~02:15': 2026-10-04 02:15 does not exist in Australia/Lord_Howe (clocks were put "
            "forward); write the zone it was in: 02:15 UTC+10:30 or 02:15 UTC+11:00",
        ),
        (
            {"at": "01:30", "zone": "America/Los_Angeles"},
            "UTC",
            date(2026, 11, 1),
            "'01:30': 2026-11-01 01:30 happens twice in America/Los_Angeles (clocks were "
            "turned back); write the zone it was in: 01:30 PDT or 01:30 PST",
        ),
    ],
)
def test_a_local_time_daylight_saving_skips_or_repeats_is_refused(
    text: Any, zone: str, day: date, message: str
) -> None:
    """Today ``01:30`` on the night clocks go back is silently the first of the two."""
    assert refused(text, zone, day) == message


@pytest.mark.parametrize(
    ("text", "zone", "day", "instant"),
    [
        ("01:30 PDT", "America/Los_Angeles", date(2026, 11, 1), "2026-11-01T08:30Z"),
        ("01:30 PST", "America/Los_Angeles", date(2026, 11, 1), "2026-11-01T09:30Z"),
        ("2026-11-01T01:30-07:00", "America/Los_Angeles", DAY, "2026-11-01T08:30Z"),
        ("01:30", "PST", date(2026, 11, 1), "2026-11-01T09:30Z"),  # a fixed offset
        ("01:30", "America/Los_Angeles", date(2026, 11, 2), "2026-11-02T09:30Z"),
    ],
)
def test_the_ways_to_write_such_a_time(text: str, zone: str, day: date, instant: str) -> None:
    assert utc(read(text, zone, day).point) == instant


# --- a zone out of season: the same warning at every level ------------------------------------

EST_IN_JULY = (
    "EST is UTC-05:00, but on 2026-07-02 America/New_York keeps EDT (UTC-04:00); read as "
    "UTC-05:00 as written: if local time was meant, write EDT or America/New_York (to keep EST "
    "on purpose, {keep})"
)
ON_A_TIME = "write the time as {at: ..., zone: EST}"
PDT_IN_JANUARY = (
    "PDT is UTC-07:00, but on 2026-01-05 America/Los_Angeles keeps PST (UTC-08:00); read as "
    "UTC-07:00 as written: if local time was meant, write PST or America/Los_Angeles (to keep "
    'PDT on purpose, write timezone: "-07:00")'
)
JULY = "2026-07-02"


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        (
            {"timeline": [{"time": "10:00 EST", "event": "e"}]},
            ("timeline", 0, "time"),
            EST_IN_JULY.replace("{keep}", ON_A_TIME),
        ),
        (
            {"timestamps": {"started": "2026-07-02 10:00 EST"}},
            ("timestamps", "started"),
            EST_IN_JULY.replace("{keep}", ON_A_TIME),
        ),
        (
            {"timestamps": {"started": "2026-07-02 EST"}},  # a day: today no warning
            ("timestamps", "started"),
            EST_IN_JULY.replace("{keep}", ON_A_TIME),
        ),
        (
            {"timeline": [{"time": "between 10:00 and 11:00 EST", "event": "e"}]},
            ("timeline", 0, "time"),
            EST_IN_JULY.replace("{keep}", ON_A_TIME),
        ),
        (
            {"communication": {"log": [{"time": "after 10:00 EST", "message": "m"}]}},
            ("communication", "log", 0, "time"),
            EST_IN_JULY.replace("{keep}", ON_A_TIME),
        ),
        (
            {"timezone": "EST", "timeline": [{"time": "10:00", "event": "e"}]},  # today none
            ("timezone",),
            EST_IN_JULY.replace("{keep}", 'write timezone: "-05:00"'),
        ),
        (
            {"timezone": "EST"},  # no time read in it: the incident's date says it
            ("timezone",),
            EST_IN_JULY.replace("{keep}", 'write timezone: "-05:00"'),
        ),
        (
            {"date": "2026-01-05", "timezone": "PDT", "timestamps": {"started": "10:00"}},
            ("timezone",),
            PDT_IN_JANUARY,
        ),
    ],
)
def test_a_zone_out_of_season_is_warned_about_at_every_level(
    fields: dict[str, Any], path: tuple[str | int, ...], message: str
) -> None:
    assert findings(**{"date": JULY, **fields}) == [Finding(path, message, blocking=False)]


@pytest.mark.parametrize(
    "fields",
    [
        {"timezone": "EDT", "timeline": [{"time": "10:00", "event": "e"}]},
        {"timezone": "America/New_York", "timeline": [{"time": "10:00", "event": "e"}]},
        {"timeline": [{"time": {"at": "10:00", "zone": "EST"}, "event": "kept on purpose"}]},
        {"timezone": "-05:00", "timeline": [{"time": "10:00", "event": "e"}]},
    ],
)
def test_a_zone_in_season_or_kept_on_purpose_is_not_warned_about(fields: dict[str, Any]) -> None:
    assert findings(**{"date": JULY, **fields}) == []


def test_a_postmortems_zone_is_warned_about_on_the_day_it_is_out_of_season() -> None:
    """A timezone in season on the incident's date, out of season on a later row's."""
    found = findings(
        date="2026-03-01",
        timezone="EST",
        timeline=[{"time": "10:00", "event": "e"}, {"time": "2026-03-20 10:00", "event": "f"}],
    )
    assert [(f.path, f.message[:45]) for f in found] == [
        (("timezone",), "EST is UTC-05:00, but on 2026-03-20 America/N"),
    ]


# --- a time without a zone among zoned ones ---------------------------------------------------


def no_zone(text: str, others: str, reading: str) -> str:
    return (
        f"{text!r} has no zone, where other times of this postmortem write one ({others}): read "
        f"as {reading}, in UTC (the site's timezone option); write its zone with it, or the "
        "postmortem's timezone, if another was meant"
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "date": "2021-10-28",
                "timeline": [
                    {"time": "17:35 PDT", "event": "Alert"},
                    {"time": "17:41", "event": "Paged"},
                    {"time": "unknown", "event": "Nobody knows"},
                    {"time": "2021-10-29", "event": "A day, in any zone near it"},
                ],
            },
            [(("timeline", 1, "time"), no_zone("17:41", "PDT", "2021-10-28 17:41 UTC"))],
        ),
        (
            {
                "date": "2021-10-28",
                "timestamps": {"started": "16:05 PDT", "acknowledged": "~16:31"},
                "communication": {"log": [{"time": "9 PM", "message": "m"}]},
            },
            [
                (
                    ("timestamps", "acknowledged"),
                    no_zone("~16:31", "PDT", "about 2021-10-28 16:31 UTC"),
                ),
                (
                    ("communication", "log", 0, "time"),
                    no_zone(
                        "9 PM",
                        "PDT",
                        "between 2021-10-28 21:00 UTC and 2021-10-28 22:00 UTC",
                    ),
                ),
            ],
        ),
    ],
)
def test_a_time_without_a_zone_among_zoned_ones_is_warned_about(
    fields: dict[str, Any], expected: list[tuple[tuple[str | int, ...], str]]
) -> None:
    found = [(f.path, f.message) for f in findings(**fields) if "has no zone" in f.message]
    assert found == expected
    assert all(not f.blocking for f in findings(**fields) if "has no zone" in f.message)


@pytest.mark.parametrize(
    "fields",
    [
        # The postmortem says its zone: a time without one is in it, as its author chose.
        {"timezone": "UTC", "timeline": [{"time": "17:35 PDT"}, {"time": "17:41"}]},
        # Zones written with the same offset as the site's: nothing read otherwise.
        {"timeline": [{"time": "12:32 GMT"}, {"time": "13:00"}, {"time": "14:00 +00:00"}]},
        # No zone written anywhere: the page says once in which zone they are read.
        {"timeline": [{"time": "10:00"}, {"time": "11:00"}]},
    ],
)
def test_no_warning_where_a_time_without_a_zone_is_not_in_doubt(fields: dict[str, Any]) -> None:
    assert [f for f in findings(**fields) if "has no zone" in f.message] == []


# --- the day of a time without a date, judged in one zone -------------------------------------


@pytest.mark.parametrize(
    ("zone", "written", "rows", "expected"),
    [
        # A guessed zone (the site's) never moves a time to another day: 16:31 is compared
        # with 17:35 as written, not with its instant (today: 16:31Z on the 29th).
        ("UTC", False, ["2021-10-28 17:35 PDT", "16:31"], "2021-10-28T16:31Z"),
        ("UTC", False, ["2021-10-28 17:35 PDT", "17:41"], "2021-10-28T17:41Z"),
        # A zone its author wrote: the row before, converted to it (00:04 UTC on the 29th is
        # 17:04 PDT on the 28th). Today: 17:10 PDT on the 29th, a day late.
        ("UTC", False, ["2021-10-29 00:04 UTC", "17:10 PDT"], "2021-10-29T00:10Z"),
        ("America/Los_Angeles", True, ["2021-10-29 00:04 UTC", "17:10"], "2021-10-29T00:10Z"),
        # Midnight, in any of them.
        ("UTC", False, ["2021-10-28 23:50 PST", "00:10"], "2021-10-29T00:10Z"),
        ("UTC", False, ["2021-10-28 23:50 PST", "08:05 UTC"], "2021-10-29T08:05Z"),
        ("UTC", False, ["2021-10-28 16:00 PST", "01:00 UTC"], "2021-10-29T01:00Z"),
        # Later by its instant: never the next day because the clock reads earlier.
        ("UTC", False, ["2021-10-28 20:00 UTC", "14:00 PST"], "2021-10-28T22:00Z"),
    ],
)
def test_the_day_of_a_time_without_a_date_is_judged_in_one_zone(
    zone: str, written: bool, rows: list[str], expected: str
) -> None:
    out = read_sequence(list(enumerate(rows)), context(zone, DAY, written))
    last = out[-1][1]
    assert isinstance(last, Reading)
    assert utc(last.moment.point) == expected


def test_a_90_minute_incident_never_gets_a_tta_of_15_hours() -> None:
    """The case of issue 22: ``16:31`` without a zone after ``17:35 PDT`` was moved to the
    next day (TTA 15 h 56 min). It stays on the 28th: the order problem and the zone are said,
    and no duration is shown where its ends are out of order."""
    data = {
        **MINIMAL,
        "date": "2021-10-28",
        "timestamps": {
            "started": "2021-10-28 16:05 PDT",
            "detected": "17:35 PDT",
            "acknowledged": "16:31",
            "resolved": "17:36 PDT",
        },
    }
    values = read_values(data, settings(), TABLE)
    messages = [f.message for f in values.findings if f.path == ("timestamps", "acknowledged")]
    assert messages == [
        no_zone("16:31", "PDT", "2021-10-28 16:31 UTC"),
        "acknowledged (16:31 read as UTC = 16:31Z) is before started (2021-10-28 16:05 PDT = "
        "23:05Z); a time without a zone is read in UTC (the site's timezone option): write the "
        "zone with it if another was meant",
        "acknowledged (16:31 read as UTC = 16:31Z) is before detected (17:35 PDT = 2021-10-29 "
        "00:35Z); a time without a zone is read in UTC (the site's timezone option): write the "
        "zone with it if another was meant",
    ]
    source = SourceFile("postmortems/x.yaml", "/nowhere/x.yaml", "docs/postmortems/x.yaml")
    made, _ = build_incident(data, source, settings(), values)
    assert made is not None
    assert "time_to_acknowledge" not in made.durations
    assert made.withheld["time_to_acknowledge"].startswith("acknowledged (16:31 read as UTC")
    assert made.durations["time_to_resolve"].text == "1 h 31 min"


# --- UTC, with its day where it is another -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "reading"),
    [
        ("17:35 PDT", "UTC", "2021-10-28 17:35 PDT = 2021-10-29 00:35Z"),
        ("16:05 PDT", "UTC", "2021-10-28 16:05 PDT = 23:05Z"),
        ("2021-10-29 08:30 +09:00", "UTC", "2021-10-29 08:30 UTC+09:00 = 2021-10-28 23:30Z"),
        ("17:35", "America/Los_Angeles", "2021-10-28 17:35 America/Los_Angeles = 2021-10-29 00:35Z"),
        ("2021-10-28T17:35:20-07:00", "UTC", "2021-10-28 17:35:20 UTC-07:00 = 2021-10-29 00:35:20Z"),
        ("17:35 UTC", "UTC", "2021-10-28 17:35 UTC"),
        ("Apr 4-Apr 6", "UTC", "2022-04-04 to 2022-04-06 (whole days, UTC)"),  # the nearest year
    ],
)  # fmt: skip
def test_a_reading_says_utc_with_its_day_when_it_is_another(
    text: str, zone: str, reading: str
) -> None:
    assert read(text, zone).reading == reading


# --- durations: between instants, never finer than their ends ---------------------------------


@pytest.mark.parametrize(
    ("start", "end", "zone", "text"),
    [
        # Two stamps of one minute: never "0 s" (today "0 s", or "45 s" between 14:02 and
        # 14:02:45 though 14:02 may be any second of its minute).
        ("2026-01-05T14:02:00Z", "2026-01-05T14:02:00Z", "UTC", "< 1 min"),
        ("14:02", "14:02", "UTC", "< 1 min"),
        ("~14:02", "14:02", "UTC", "~0 min"),
        ("14:02", "2026-01-05 14:02:45", "UTC", "< 1 min"),
        ("14:02", "2026-01-05 14:07:45", "UTC", "5 min"),
        ("14:02", "2026-01-05 15:07:45", "UTC", "1 h 05 min"),
        ("07:00-07:30", "07:10", "UTC", "0 min – 10 min"),
        # Written to the second: seconds count.
        ("2026-01-05T14:02:30Z", "2026-01-05T14:02:30Z", "UTC", "0 s"),
        ("2026-01-05 14:02:10", "2026-01-05 14:07:45", "UTC", "5 min 35 s"),
        ("2026-01-05T14:02:00Z", "2026-01-05T14:02:45Z", "UTC", "45 s"),
        # Between instants, whatever their zones and across daylight saving (today the wall
        # clocks: 2 h 00 min and 3 h 00 min).
        ("2026-03-08 00:30", "2026-03-08 03:30", "America/Los_Angeles", "2 h 00 min"),
        ("2026-11-01 00:30", "2026-11-01 03:30", "America/Los_Angeles", "4 h 00 min"),
        ("2026-01-05 23:50 PST", "2026-01-06 08:05 UTC", "UTC", "15 min"),
        ("2026-01-05 10:00 CET", "2026-01-05 10:00 UTC", "Europe/Berlin", "1 h 00 min"),
    ],
)
def test_a_duration_is_never_finer_or_wronger_than_its_ends(
    start: str, end: str, zone: str, text: str
) -> None:
    day = date(2026, 1, 5)
    found = span(read(start, zone, day), read(end, zone, day))
    assert found is not None
    assert found.text == text


def test_a_duration_between_zones_is_on_instants_even_in_the_same_region() -> None:
    """Two times read in one region's rules: Python subtracts their wall clocks; the archive
    subtracts their instants."""
    start = read("2026-03-08 00:30", "America/Los_Angeles")
    end = read("2026-03-08 03:30", "America/Los_Angeles")
    found = span(start, end)
    assert found is not None and found.exact == timedelta(hours=2)


# --- forms real reports write, read one way (the public corpus) -------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        # A date that is not ISO, a colon, its times (an ISP's e-mail, 1999).
        ("October 28, 2021: 8:15am - 11:41am", "2021-10-28T08:15Z", "2021-10-28T11:41Z", "minute"),
        ("Oct 27: 14:00", "2021-10-27T14:00Z", "2021-10-27T14:00Z", "minute"),
        # That time or later (DFDS): open-ended.
        ("2021-10-28 12:00+", "2021-10-28T12:00Z", None, "minute"),
        # The zone written against the clock (Crunchbits).
        ("11:03PST", "2021-10-28T19:03Z", "2021-10-28T19:03Z", "minute"),
        ("11:03PST until 11:04PST", "2021-10-28T19:03Z", "2021-10-28T19:04Z", "minute"),
        ("by 11:04PST", None, "2021-10-28T19:04Z", "minute"),
        # A time, then its date (AWS); in a range, the end's date is the start's too.
        ("11:48 PM PDT on October 27", "2021-10-28T06:48Z", "2021-10-28T06:48Z", "minute"),
        (
            "between 11:48 PM PDT on October 27 and 2:40 AM PDT on October 28",
            "2021-10-28T06:48Z",
            "2021-10-28T09:40Z",
            "minute",
        ),
        (
            "between 2:25 AM and 10:36 AM on October 29",
            "2021-10-29T02:25Z",
            "2021-10-29T10:36Z",
            "minute",
        ),
        ("by 1am on Oct 29th", None, "2021-10-29T01:00Z", "hour"),
        # A date, a dash, a time: one instant, a status post's stamp (Pax8).
        ("Oct 29, 2021 - 01:37 NZDT", "2021-10-28T12:37Z", "2021-10-28T12:37Z", "minute"),
        # The end of a range, or of a bound, is that instant, not the end of its hour.
        ("from 10pm to 2am", "2021-10-28T22:00Z", "2021-10-29T02:00Z", "hour"),
        ("2pm to 3pm", "2021-10-28T14:00Z", "2021-10-28T15:00Z", "hour"),
        ("before 3pm", None, "2021-10-28T15:00Z", "hour"),
        # Clock times written as words.
        ("midnight", "2021-10-28T00:00Z", "2021-10-28T00:00Z", "minute"),
        ("about noon", "2021-10-28T12:00Z", "2021-10-28T12:00Z", "minute"),
        # An ellipsis in a time column: a row with no time, kept in its place.
        ("...", None, None, "none"),
        ("…", None, None, "none"),
    ],
)
def test_forms_real_reports_write_are_read_one_way(
    text: str, earliest: str | None, latest: str | None, precision: str
) -> None:
    """Each was refused (or, for the ends of ranges and a date-dash-time, read otherwise)."""
    moment = read(text)
    assert (utc(moment.earliest), utc(moment.latest), moment.precision) == (
        earliest,
        latest,
        precision,
    )


@pytest.mark.parametrize(
    ("rows", "days"),
    [
        # A row inside a window that crosses midnight is on the window's first day.
        (["from 10pm to 2am", "10:10pm", "11:45pm", "midnight"], [28, 28, 28, 29]),
        (["23:50-00:10", "00:20"], [28, 29]),
        # After a row that is only a day, a time is on that day, whatever its zone.
        (["Oct 21", "12:55 pm EDT"], [21, 21]),
        (["Oct 21", "12:55 pm EDT", "11:00 pm EDT", "01:00 EDT"], [21, 21, 21, 22]),
    ],
)
def test_the_day_of_a_row_after_a_span_or_a_day(rows: list[str], days: list[int]) -> None:
    read_rows = read_sequence(list(enumerate(rows)), context())
    moments = [r.moment for _, r in read_rows if isinstance(r, Reading)]
    assert [m.first_day for m in moments] == [date(2021, 10, d) for d in days]


@pytest.mark.parametrize(
    ("timestamps", "started", "resolved"),
    [
        # Boskos: a trigger months before; the outage is the night of the incident's date.
        (
            {"triggered": "09-05 16:21", "started": "23:04", "resolved": "08:10"},
            "2021-10-28T23:04Z",
            "2021-10-29T08:10Z",
        ),
        # cloud.gov: a trigger that is a day four weeks before.
        (
            {"triggered": "Sep 30", "started": "12:55", "resolved": "14:01"},
            "2021-10-28T12:55Z",
            "2021-10-28T14:01Z",
        ),
        # A trigger on the incident's day still carries the day over midnight.
        (
            {"triggered": "2021-10-28 23:40", "started": "23:50", "resolved": "00:30"},
            "2021-10-28T23:50Z",
            "2021-10-29T00:30Z",
        ),
        # A trigger the evening before: the stamps after it are on the incident's date.
        (
            {"triggered": "2021-10-27 23:40", "started": "00:10", "resolved": "01:00"},
            "2021-10-28T00:10Z",
            "2021-10-28T01:00Z",
        ),
    ],
)
def test_lifecycle_stamps_after_a_far_trigger_are_on_the_incidents_date(
    timestamps: dict[str, str], started: str, resolved: str
) -> None:
    data = {**MINIMAL, "date": "2021-10-28", "timestamps": timestamps}
    values = read_values(data, settings(), TABLE)
    got = [values.moments[("timestamps", k)] for k in ("started", "resolved")]
    assert [utc(m.earliest) for m in got] == [started, resolved]
    assert not [f for f in values.findings if f.blocking]


def test_a_time_under_a_far_day_says_which_day_was_read() -> None:
    timeline = [
        {"time": "Sep 30", "event": "A rotation job reported success."},
        {"time": "from 12:55 pm EDT until 2:01 pm", "event": "Logins failed."},
    ]
    said = findings(date="2021-10-28", timeline=timeline)
    assert [(f.path, f.blocking) for f in said] == [(("timeline", 1, "time"), False)]
    assert said[0].message.startswith(
        "'from 12:55 pm EDT until 2:01 pm' has no date: read on 2021-09-30, the day of the row "
        "before ('Sep 30'), 28 days before the incident's date 2021-10-28"
    )
    # Under a day heading near the incident's date: the usual reading, nothing to say.
    near = [{**timeline[0], "time": "Oct 27"}, timeline[1]]
    assert findings(date="2021-10-28", timeline=near) == []
