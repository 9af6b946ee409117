"""Moments as postmortems write them, the context rows take from each other, and spans."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from mkdocs_postmortem.core.moment_grammar import FORMS
from mkdocs_postmortem.core.moment_points import ROLLOVER
from mkdocs_postmortem.core.moment_reader import period_end, read_moment, read_sequence
from mkdocs_postmortem.core.moments import (
    PRECISIONS,
    Context,
    Moment,
    MomentError,
    Reading,
    written,
)
from mkdocs_postmortem.core.spans import Span, certainly_before, format_duration, span
from mkdocs_postmortem.core.zones import ZoneTable

DAY = date(2026, 1, 5)
SUMMER_DAY = date(2026, 7, 2)
NOT_A_TIME = "{!r} is not a time this archive can read"
UNKNOWN_ZONE = (
    "unknown time zone {!r}; write an offset such as -08:00, an IANA name such as "
    "America/Los_Angeles, or an abbreviation of the archive's table (PST, EDT, BST, CET...; "
    "plugin option time_zones adds others)"
)
IST = (
    "IST names several time zones (India, Ireland, Israel...); write an offset such as +05:30 "
    "or an IANA name such as Asia/Kolkata"
)
EST_IN_JULY = (
    "EST is UTC-05:00, but on 2026-07-02 America/New_York keeps EDT (UTC-04:00); read as "
    "UTC-05:00 as written: if local time was meant, write EDT or America/New_York (to keep EST "
    "on purpose, write the time as {at: ..., zone: EST})"
)
NOT_A_DUE_DATE = (
    "{!r} is not a due date: write a day (2026-03-31), a month (2026-03), a quarter (2026-Q1) "
    "or a half year (2026-H1)"
)


def context(zone: str = "UTC", day: date = DAY, table: ZoneTable | None = None) -> Context:
    table = table or ZoneTable()
    return Context(day, table.resolve(zone), table=table)


def read(value: Any, zone: str = "UTC", day: date = DAY) -> Moment:
    return read_moment(value, context(zone, day)).moment


def utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def bounds(moment: Moment) -> tuple[str | None, str | None]:
    return utc(moment.earliest), utc(moment.latest)


def refused(value: Any, ctx: Context | None = None) -> str:
    with pytest.raises(MomentError) as caught:
        read_moment(value, ctx or context())
    return str(caught.value)


# --- plain forms ------------------------------------------------------------------------------

D = ("date",)
Y = ("year",)
N = ("date", "next day")

PLAIN = [
    # written, context zone, earliest (UTC), latest (UTC), precision, approximate, zone,
    # zone_inferred, inferred
    ("2026-01-05 14:02", "UTC", "2026-01-05T14:02", "2026-01-05T14:02", "minute", False, "UTC", True, ()),
    ("2026-01-05T14:02:30Z", "UTC", "2026-01-05T14:02:30", "2026-01-05T14:02:30", "second", False, "UTC", False, ()),
    ("2026-01-05T14:02+01:00", "UTC", "2026-01-05T13:02", "2026-01-05T13:02", "minute", False, "UTC+01:00", False, ()),
    ("2026-01-05T14:02-0800", "UTC", "2026-01-05T22:02", "2026-01-05T22:02", "minute", False, "UTC-08:00", False, ()),
    ("2026-1-5 9:05", "UTC", "2026-01-05T09:05", "2026-01-05T09:05", "minute", False, "UTC", True, ()),
    ("14:02", "UTC", "2026-01-05T14:02", "2026-01-05T14:02", "minute", False, "UTC", True, D),
    ("14:02:59", "UTC", "2026-01-05T14:02:59", "2026-01-05T14:02:59", "second", False, "UTC", True, D),
    ("14:02 UTC", "UTC", "2026-01-05T14:02", "2026-01-05T14:02", "minute", False, "UTC", False, D),
    ("06:57 PST", "UTC", "2026-01-05T14:57", "2026-01-05T14:57", "minute", False, "PST", False, D),
    ("06:57 pst", "UTC", "2026-01-05T14:57", "2026-01-05T14:57", "minute", False, "pst", False, D),
    ("14:05 BST", "UTC", "2026-01-05T13:05", "2026-01-05T13:05", "minute", False, "BST", False, D),
    ("13:42 (UTC)", "UTC", "2026-01-05T13:42", "2026-01-05T13:42", "minute", False, "UTC", False, D),
    ("9:37 AM PDT", "UTC", "2026-01-05T16:37", "2026-01-05T16:37", "minute", False, "PDT", False, D),
    ("9:37AM PST", "UTC", "2026-01-05T17:37", "2026-01-05T17:37", "minute", False, "PST", False, D),
    ("7:05 am", "UTC", "2026-01-05T07:05", "2026-01-05T07:05", "minute", False, "UTC", True, D),
    ("12:30 am", "UTC", "2026-01-05T00:30", "2026-01-05T00:30", "minute", False, "UTC", True, D),
    ("9 PM", "UTC", "2026-01-05T21:00", "2026-01-05T22:00", "hour", False, "UTC", True, D),
    ("9 p.m.", "UTC", "2026-01-05T21:00", "2026-01-05T22:00", "hour", False, "UTC", True, D),
    ("12 AM", "UTC", "2026-01-05T00:00", "2026-01-05T01:00", "hour", False, "UTC", True, D),
    ("12 PM", "UTC", "2026-01-05T12:00", "2026-01-05T13:00", "hour", False, "UTC", True, D),
    ("14:02 +01:00", "UTC", "2026-01-05T13:02", "2026-01-05T13:02", "minute", False, "UTC+01:00", False, D),
    ("14:02 Europe/Berlin", "UTC", "2026-01-05T13:02", "2026-01-05T13:02", "minute", False, "Europe/Berlin", False, D),
    ("10:00 UTC+1", "UTC", "2026-01-05T09:00", "2026-01-05T09:00", "minute", False, "UTC+01:00", False, D),
    ("10:00 GMT+5:30", "UTC", "2026-01-05T04:30", "2026-01-05T04:30", "minute", False, "UTC+05:30", False, D),
    ("10:00 UTC-8", "UTC", "2026-01-05T18:00", "2026-01-05T18:00", "minute", False, "UTC-08:00", False, D),
    ("10:00 Pacific time", "UTC", "2026-01-05T18:00", "2026-01-05T18:00", "minute", False, "Pacific", False, D),
    ("2026-01-05 10:00 ET", "UTC", "2026-01-05T15:00", "2026-01-05T15:00", "minute", False, "ET", False, ()),
    ("~07:15", "UTC", "2026-01-05T07:15", "2026-01-05T07:15", "minute", True, "UTC", True, D),
    ("about 05:41", "UTC", "2026-01-05T05:41", "2026-01-05T05:41", "minute", True, "UTC", True, D),
    ("around 05:41", "UTC", "2026-01-05T05:41", "2026-01-05T05:41", "minute", True, "UTC", True, D),
    ("approximately 05:41", "UTC", "2026-01-05T05:41", "2026-01-05T05:41", "minute", True, "UTC", True, D),
    ("±17:20 UTC", "UTC", "2026-01-05T17:20", "2026-01-05T17:20", "minute", True, "UTC", False, D),
    ("07:01-07:15 PST", "UTC", "2026-01-05T15:01", "2026-01-05T15:15", "minute", False, "PST", False, D),
    ("07:01 - 07:15 PST", "UTC", "2026-01-05T15:01", "2026-01-05T15:15", "minute", False, "PST", False, D),
    ("07:01 PST - 07:15", "UTC", "2026-01-05T15:01", "2026-01-05T15:15", "minute", False, "PST", False, D),
    ("07:01–07:15", "UTC", "2026-01-05T07:01", "2026-01-05T07:15", "minute", False, "UTC", True, D),
    ("07:01 to 07:15", "UTC", "2026-01-05T07:01", "2026-01-05T07:15", "minute", False, "UTC", True, D),
    ("from 07:01 to 07:15", "UTC", "2026-01-05T07:01", "2026-01-05T07:15", "minute", False, "UTC", True, D),
    ("between 07:01 and 07:15", "UTC", "2026-01-05T07:01", "2026-01-05T07:15", "minute", False, "UTC", True, D),
    ("between 07:01 and 07:15 PST", "UTC", "2026-01-05T15:01", "2026-01-05T15:15", "minute", False, "PST", False, D),
    ("~07:01-07:15", "UTC", "2026-01-05T07:01", "2026-01-05T07:15", "minute", True, "UTC", True, D),
    ("23:50-00:10", "UTC", "2026-01-05T23:50", "2026-01-06T00:10", "minute", False, "UTC", True, D),
    ("from 23:50 to 00:10", "UTC", "2026-01-05T23:50", "2026-01-06T00:10", "minute", False, "UTC", True, D),
    ("2026-01-05 23:50 - 2026-01-06 00:10", "UTC", "2026-01-05T23:50", "2026-01-06T00:10", "minute", False, "UTC", True, ()),
    ("14:02-08:00", "UTC", "2026-01-05T14:02", "2026-01-06T08:00", "minute", False, "UTC", True, D),
    ("after 07:15", "UTC", "2026-01-05T07:15", None, "minute", False, "UTC", True, D),
    ("since 07:15", "UTC", "2026-01-05T07:15", None, "minute", False, "UTC", True, D),
    ("shortly after 07:15", "UTC", "2026-01-05T07:15", None, "minute", True, "UTC", True, D),
    ("after 9 PM", "UTC", "2026-01-05T21:00", None, "hour", False, "UTC", True, D),
    ("before 09:00", "UTC", None, "2026-01-05T09:00", "minute", False, "UTC", True, D),
    ("until 09:00", "UTC", None, "2026-01-05T09:00", "minute", False, "UTC", True, D),
    ("by 09:00", "UTC", None, "2026-01-05T09:00", "minute", False, "UTC", True, D),
    ("shortly before 09:00 PST", "UTC", None, "2026-01-05T17:00", "minute", True, "PST", False, D),
    ("10/27 14:00", "UTC", "2025-10-27T14:00", "2025-10-27T14:00", "minute", False, "UTC", True, Y),
    ("10/27/2026 14:00", "UTC", "2026-10-27T14:00", "2026-10-27T14:00", "minute", False, "UTC", True, ()),
    ("03-26 17:40", "UTC", "2026-03-26T17:40", "2026-03-26T17:40", "minute", False, "UTC", True, Y),
    ("Oct 27 14:00", "UTC", "2025-10-27T14:00", "2025-10-27T14:00", "minute", False, "UTC", True, Y),
    ("27 Oct 14:00", "UTC", "2025-10-27T14:00", "2025-10-27T14:00", "minute", False, "UTC", True, Y),
    ("October 21 22:52 UTC", "UTC", "2025-10-21T22:52", "2025-10-21T22:52", "minute", False, "UTC", False, Y),
    ("Jul 2 10:00 EST", "UTC", "2026-07-02T15:00", "2026-07-02T15:00", "minute", False, "EST", False, Y),
    ("Tuesday, July 2, 2019 13:42 UTC", "UTC", "2019-07-02T13:42", "2019-07-02T13:42", "minute", False, "UTC", False, ()),
    ("2026-01-05", "UTC", "2026-01-05T00:00", "2026-01-06T00:00", "day", False, "UTC", True, ()),
    ("Jan 5", "UTC", "2026-01-05T00:00", "2026-01-06T00:00", "day", False, "UTC", True, Y),
    ("2026-01-06 PST", "UTC", "2026-01-06T08:00", "2026-01-07T08:00", "day", False, "PST", False, ()),
    ("00:12 (next day)", "UTC", "2026-01-06T00:12", "2026-01-06T00:12", "minute", False, "UTC", True, N),
    ("00:12 next day", "UTC", "2026-01-06T00:12", "2026-01-06T00:12", "minute", False, "UTC", True, N),
    ("00:12 (+1d)", "UTC", "2026-01-06T00:12", "2026-01-06T00:12", "minute", False, "UTC", True, N),
    ("00:12 (+1 day)", "UTC", "2026-01-06T00:12", "2026-01-06T00:12", "minute", False, "UTC", True, N),
    ("14:02 PST (next day)", "UTC", "2026-01-06T22:02", "2026-01-06T22:02", "minute", False, "PST", False, N),
    ("1900-01-01 00:00", "UTC", "1900-01-01T00:00", "1900-01-01T00:00", "minute", False, "UTC", True, ()),
    ("2099-12-31", "UTC", "2099-12-31T00:00", "2100-01-01T00:00", "day", False, "UTC", True, ()),
    # A naive time takes the default zone; an offset or Z wins over it.
    ("2026-02-27T18:05", "Asia/Tokyo", "2026-02-27T09:05", "2026-02-27T09:05", "minute", False, "Asia/Tokyo", True, ()),
    ("2026-02-27T18:05Z", "Asia/Tokyo", "2026-02-27T18:05", "2026-02-27T18:05", "minute", False, "UTC", False, ()),
    ("2026-02-27T18:05+14:00", "Asia/Tokyo", "2026-02-27T04:05", "2026-02-27T04:05", "minute", False, "UTC+14:00", False, ()),
    ("2026-02-27T18:05-12:00", "Asia/Tokyo", "2026-02-28T06:05", "2026-02-28T06:05", "minute", False, "UTC-12:00", False, ()),
    # The same in Europe/Berlin: winter and summer offsets.
    ("2026-01-05 14:02", "Europe/Berlin", "2026-01-05T13:02", "2026-01-05T13:02", "minute", False, "Europe/Berlin", True, ()),
    ("2026-07-02 10:05", "Europe/Berlin", "2026-07-02T08:05", "2026-07-02T08:05", "minute", False, "Europe/Berlin", True, ()),
    ("14:02", "Europe/Berlin", "2026-01-05T13:02", "2026-01-05T13:02", "minute", False, "Europe/Berlin", True, D),
    ("14:02 UTC", "Europe/Berlin", "2026-01-05T14:02", "2026-01-05T14:02", "minute", False, "UTC", False, D),
    ("9 PM", "Europe/Berlin", "2026-01-05T20:00", "2026-01-05T21:00", "hour", False, "Europe/Berlin", True, D),
    ("07:01-07:15", "Europe/Berlin", "2026-01-05T06:01", "2026-01-05T06:15", "minute", False, "Europe/Berlin", True, D),
    ("2026-01-05", "Europe/Berlin", "2026-01-04T23:00", "2026-01-05T23:00", "day", False, "Europe/Berlin", True, ()),
    ("Jan 5", "Europe/Berlin", "2026-01-04T23:00", "2026-01-05T23:00", "day", False, "Europe/Berlin", True, Y),
    ("Jul 2", "Europe/Berlin", "2026-07-01T22:00", "2026-07-02T22:00", "day", False, "Europe/Berlin", True, Y),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "zone", "earliest", "latest", "precision", "approximate", "label", "zi", "inferred"),
    PLAIN,
)
def test_plain_forms(
    text: str,
    zone: str,
    earliest: str | None,
    latest: str | None,
    precision: str,
    approximate: bool,
    label: str,
    zi: bool,
    inferred: tuple[str, ...],
) -> None:
    moment = read(text, zone)
    iso = tuple(
        None if t is None else datetime.fromisoformat(t + "+00:00").isoformat()
        for t in (earliest, latest)
    )
    assert bounds(moment) == iso
    assert moment.precision == precision
    assert moment.approximate is approximate
    assert moment.zone == label
    assert moment.zone_inferred is zi
    assert moment.inferred == inferred
    assert moment.text == text
    assert moment.note == ""


def test_fractions_of_a_second() -> None:
    moment = read("2026-02-27 18:05:30.5+0530", "Asia/Tokyo")
    assert bounds(moment) == ("2026-02-27T12:35:30.500000+00:00",) * 2
    assert (moment.precision, moment.zone) == ("second", "UTC+05:30")
    moment = read("2026-02-27T18:05:00.123456-08:00")
    assert bounds(moment) == ("2026-02-28T02:05:00.123456+00:00",) * 2
    assert moment.day == date(2026, 2, 27)  # the day as written, not in UTC


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("14:02", DAY),
        ("2026-01-07 14:02", date(2026, 1, 7)),
        # The rows after a span are read from its start: a row inside it is on its day.
        ("23:50-00:10", date(2026, 1, 5)),
        ("00:12 (next day)", date(2026, 1, 6)),
        ("10/27 14:00", date(2025, 10, 27)),
        ("Jan 5", DAY),
        ("after 07:15", DAY),
        ("unknown", None),
        ("shortly after", None),
    ],
)
def test_day_read_on(text: str, day: date | None) -> None:
    assert read(text).day == day


@pytest.mark.parametrize(
    "text",
    [
        "unknown",
        "Unknown",
        "not known",
        "?",
        "n/a",
        "TBD",
        "unclear",
        "shortly after",
        "within minutes",
        "the next morning",
        "the next morning (PST)",
        "late evening PST",
        "after",
    ],
)
def test_words_without_a_clock_time(text: str) -> None:
    assert read(text) == Moment(text, None, None, "none")


@pytest.mark.parametrize(
    ("text", "shown"),
    [("", "unknown"), ("   ", "unknown"), ("  the   next  morning ", "the next morning")],
)
def test_words_keep_their_text_with_spaces_collapsed(text: str, shown: str) -> None:
    assert read(text) == Moment(shown, None, None, "none")


@pytest.mark.parametrize("text", ["about an hour later", "~ a while later"])
def test_approximate_words(text: str) -> None:
    assert read(text) == Moment(text, None, None, "none", approximate=True)


@pytest.mark.parametrize(
    "text", ["shortly after the deploy", "after the rollback", "before the alert fired"]
)
def test_bounded_words_are_words(text: str) -> None:
    moment = read(text)
    assert (moment.text, moment.earliest, moment.latest, moment.precision) == (
        text,
        None,
        None,
        "none",
    )


def test_spaces_in_the_text_are_collapsed() -> None:
    moment = read("  06:57    PST ")
    assert moment.text == "06:57 PST"
    assert bounds(moment) == ("2026-01-05T14:57:00+00:00",) * 2


# --- warnings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "warnings"),
    [
        ("2026-07-02 10:00 EST", (EST_IN_JULY,)),
        ("Jul 2 10:00 EST", (EST_IN_JULY,)),
        ("2026-07-02 07:01-07:15 EST", (EST_IN_JULY,)),  # once, not once per end
        ("2026-07-02 10:00 EDT", ()),
        ("2026-01-05 10:00 EST", ()),
        ("2026-07-02 10:00 America/New_York", ()),
        ("2026-07-02 10:00 -05:00", ()),
        ("2026-07-02 10:00", ()),
    ],
)
def test_seasonal_warning_for_a_written_abbreviation(text: str, warnings: tuple[str, ...]) -> None:
    reading = read_moment(text, context())
    assert reading.warnings == warnings
    assert bounds(reading.moment)[0] is not None


def test_an_inherited_abbreviation_is_not_warned_about() -> None:
    ctx = context("EST", SUMMER_DAY)
    reading = read_moment("10:00", ctx)
    assert reading.warnings == ()
    assert bounds(reading.moment) == ("2026-07-02T15:00:00+00:00",) * 2


def test_reading_defaults() -> None:
    moment = Moment("x", None, None, "none")
    assert Reading(moment) == Reading(moment, ())


# --- refused forms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("14:6o", NOT_A_TIME.format("14:6o")),
        ("25:00", "'25:00' is not a real time of day"),
        ("~25:00", "'~25:00' is not a real time of day"),
        ("14:60", "'14:60' is not a real time of day"),
        ("14:02:61", "'14:02:61' is not a real time of day"),
        ("2026-02-27T25:00Z", "'2026-02-27T25:00Z' is not a real time of day"),
        ("2026-02-30", "'2026-02-30' is not a real date: day is out of range for month"),
        (
            "2026-02-30T10:00Z",
            "'2026-02-30T10:00Z' is not a real date: day is out of range for month",
        ),
        ("2026-13-01 10:00", "'2026-13-01 10:00' is not a real date: month must be in 1..12"),
        ("Mar 32 10:00", "'Mar 32 10:00' is not a real date"),
        ("02/29 10:00", "'02/29 10:00' is not a real date"),  # no leap year near 2026
        ("10:00 IST", IST),
        ("10:00 XYZ", UNKNOWN_ZONE.format("XYZ")),
        ("10:00 ABC", UNKNOWN_ZONE.format("ABC")),
        ("10:00 Xyz", NOT_A_TIME.format("10:00 Xyz")),
        (
            "10:00 Europe/Nope",
            "unknown timezone 'Europe/Nope'; use an IANA name such as Europe/Berlin",
        ),
        ("14:02 +24:00", "unknown timezone '+24:00'; use an IANA name such as Europe/Berlin"),
        ("2026-01-05T10:00Z UTC", "'2026-01-05T10:00Z UTC' gives its zone twice"),
        ("between 13:00 and 12:00", "'between 13:00 and 12:00' ends before it starts"),
        ("1899-12-31 10:00", "'1899-12-31 10:00': the year must be between 1900 and 2099"),
        ("2100-01-01", "'2100-01-01': the year must be between 1900 and 2099"),
        ("Jul 2, 2100 10:00", "'Jul 2, 2100 10:00': the year must be between 1900 and 2099"),
        ("2026-02-27T18:05:00.1234567Z", NOT_A_TIME.format("2026-02-27T18:05:00.1234567Z")),
        ("T10:00", NOT_A_TIME.format("T10:00")),
        ("07:15-ish", NOT_A_TIME.format("07:15-ish")),
        ("5", NOT_A_TIME.format("5")),
        (5, NOT_A_TIME.format("5")),
        ("about", NOT_A_TIME.format("about")),
    ],
)
def test_refused(text: Any, message: str) -> None:
    assert refused(text) == message


@pytest.mark.parametrize("text", ["13:00 - 12:00", "07:15-07:01"])
def test_a_range_ending_before_it_starts_is_refused(text: str) -> None:
    with pytest.raises(MomentError):
        read_moment(text, context())


@pytest.mark.parametrize("text", ["13:00 - 12:00", "07:15-07:01"])
def test_a_range_ending_before_it_starts_says_so(text: str) -> None:
    assert refused(text) == f"{text!r} ends before it starts"


@pytest.mark.parametrize("text", ["13 PM", "0 AM", "about 13 PM", "12 PM - 13 PM"])
def test_impossible_12_hour_clock_is_never_given_a_clock_time(text: str) -> None:
    """Never 01:00 or 13:00, within a range or an approximation too (refused: the test below
    says with what message)."""
    try:
        moment = read(text)
    except MomentError:
        return
    assert (moment.earliest, moment.latest, moment.precision) == (None, None, "none")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13 PM", "'13 PM': a 12-hour clock runs from 1 to 12"),
        ("0 AM", "'0 AM': a 12-hour clock runs from 1 to 12"),
    ],
)
def test_impossible_12_hour_clock_is_refused(text: str, message: str) -> None:
    assert refused(text) == message


def test_an_impossible_inline_offset_is_a_moment_error() -> None:
    with pytest.raises(MomentError):
        read_moment("2026-02-27T18:05+24:00", context())


def test_an_impossible_inline_offset_is_refused() -> None:
    """Refused as a value error too, which the loader reports (+23:59 is the largest offset)."""
    with pytest.raises(ValueError):
        read_moment("2026-02-27T18:05+24:00", context())


def test_moment_error_is_a_value_error() -> None:
    assert issubclass(MomentError, ValueError)


def test_team_table_changes_what_is_read() -> None:
    table = ZoneTable({"IDT": "+03:00", "CST": "ambiguous"})
    moment = read_moment("10:00 IDT", context(table=table)).moment
    assert bounds(moment) == ("2026-01-05T07:00:00+00:00",) * 2
    assert refused("10:00 CST", context(table=table)) == (
        "CST is marked ambiguous for this archive (plugin option time_zones); write an offset "
        "such as -06:00 or an IANA name such as America/Chicago"
    )
    assert bounds(read("10:00 CST")) == ("2026-01-05T16:00:00+00:00",) * 2


# --- structured forms -------------------------------------------------------------------------


def test_structured_zone_gets_no_seasonal_warning() -> None:
    reading = read_moment({"at": "10:00", "zone": "EST"}, context(day=SUMMER_DAY))
    assert reading.warnings == ()
    moment = reading.moment
    assert bounds(moment) == ("2026-07-02T15:00:00+00:00",) * 2
    assert (moment.text, moment.zone, moment.zone_inferred) == ("10:00 EST", "EST", False)
    assert (moment.precision, moment.inferred, moment.day) == ("minute", D, SUMMER_DAY)


def test_structured_with_a_date_and_zone() -> None:
    reading = read_moment({"at": "2026-07-02 10:00", "zone": "EST"}, context())
    assert reading.warnings == ()
    assert bounds(reading.moment) == ("2026-07-02T15:00:00+00:00",) * 2
    assert reading.moment.inferred == ()


def test_structured_range_with_note() -> None:
    value = {
        "at": "07:01",
        "until": "07:15",
        "approximate": True,
        "zone": "PST",
        "note": "from the load balancer logs",
    }
    assert read(value) == Moment(
        text="~07:01–07:15 PST",
        earliest=datetime(2026, 1, 5, 15, 1, tzinfo=timezone.utc),
        latest=datetime(2026, 1, 5, 15, 15, tzinfo=timezone.utc),
        precision="minute",
        approximate=True,
        zone="PST",
        zone_inferred=False,
        inferred=D,
        note="from the load balancer logs",
        day=DAY,
    )


def test_structured_range_over_midnight() -> None:
    moment = read({"at": "23:50", "until": "00:10"})
    assert bounds(moment) == ("2026-01-05T23:50:00+00:00", "2026-01-06T00:10:00+00:00")
    # The end's next day is the range's own reading: only the start's date is inferred.
    assert (moment.inferred, moment.day, moment.text) == (D, date(2026, 1, 5), "23:50–00:10")


@pytest.mark.parametrize(
    ("value", "earliest", "latest", "precision"),
    [
        ({"at": "07:00", "precision": "hour"}, "2026-01-05T07:00", "2026-01-05T08:00", "hour"),
        ({"at": "07:20", "precision": "hour"}, "2026-01-05T07:00", "2026-01-05T08:00", "hour"),
        ({"at": "07:05", "until": "07:40", "precision": "hour"}, "2026-01-05T07:00", "2026-01-05T08:00", "hour"),
        ({"at": "07:00", "precision": "day"}, "2026-01-05T00:00", "2026-01-06T00:00", "day"),
        ({"at": "07:00", "precision": "day", "zone": "PST"}, "2026-01-05T08:00", "2026-01-06T08:00", "day"),
        ({"at": "07:00", "precision": "minute"}, "2026-01-05T07:00", "2026-01-05T07:00", "minute"),
        ({"at": "07:00:30", "precision": "minute"}, "2026-01-05T07:00", "2026-01-05T07:00", "minute"),
        ({"at": "07:00", "precision": None}, "2026-01-05T07:00", "2026-01-05T07:00", "minute"),
        ({"at": "07:00", "precision": "none"}, None, None, "none"),
    ],
)  # fmt: skip
def test_structured_precision(
    value: dict[str, Any], earliest: str | None, latest: str | None, precision: str
) -> None:
    moment = read(value)
    expected = tuple(None if t is None else t + ":00+00:00" for t in (earliest, latest))
    assert bounds(moment) == expected
    assert moment.precision == precision
    assert moment.text == written(value)


def test_structured_without_clock_time() -> None:
    assert read({"precision": "none", "note": "nobody looked"}) == Moment(
        "unknown", None, None, "none", note="nobody looked"
    )
    assert read({"precision": "none", "approximate": True}) == Moment(
        "unknown", None, None, "none", approximate=True
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"at": "10:00 PST", "zone": "PST"}, "at: the zone is given twice (in 'at' and in 'zone')"),
        ({"at": "10:00 (UTC)", "zone": "UTC"}, "at: the zone is given twice (in 'at' and in 'zone')"),
        (
            {"at": "10:00", "until": "11:00 UTC", "zone": "PST"},
            "until: the zone is given twice (in 'until' and in 'zone')",
        ),
        ({"at": "07:15", "until": "07:01"}, "until (07:01) is before at (07:15)"),
        ({"at": "07:00", "precision": "second"}, "precision second is finer than '07:00' gives (minute)"),
        ({"at": "2026-01-05", "precision": "hour"}, "precision hour is finer than '2026-01-05' gives (day)"),
        ({"at": "9 PM", "precision": "minute"}, "precision minute is finer than '9 PM' gives (hour)"),
        ({}, "give the moment in 'at' (or precision: none for no clock time)"),
        ({"zone": "UTC"}, "give the moment in 'at' (or precision: none for no clock time)"),
        ({"until": "07:00"}, "give the moment in 'at' (or precision: none for no clock time)"),
        ({"precision": "hour"}, "give the moment in 'at' (or precision: none for no clock time)"),
        ({"at": "07:00", "precision": "weekly"}, "precision must be one of second, minute, hour, day, none"),
        ({"at": "07:00", "precision": "Hour"}, "precision must be one of second, minute, hour, day, none"),
        ({"at": "10:00", "zone": "IST"}, IST),
        ({"at": "10:00", "zone": "Nope/Nope"}, "unknown timezone 'Nope/Nope'; use an IANA name such as Europe/Berlin"),
        ({"at": "unknown"}, NOT_A_TIME.format("unknown")),
        ({"at": "shortly after"}, NOT_A_TIME.format("shortly after")),
        ({"at": "07:01-07:15"}, NOT_A_TIME.format("07:01-07:15")),
        ({"at": 700}, NOT_A_TIME.format("700")),
        ({"at": "25:00"}, "'25:00' is not a real time of day"),
    ],
)  # fmt: skip
def test_structured_refused(value: dict[str, Any], message: str) -> None:
    assert refused(value) == message


def test_structured_inline_offset_and_zone_is_the_zone_given_twice() -> None:
    assert refused({"at": "2026-01-05T10:00+01:00", "zone": "PST"}) == (
        "at: the zone is given twice (in 'at' and in 'zone')"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("  06:57   PST ", "06:57 PST"),
        ("~07:15", "~07:15"),
        (700, "700"),
        ({"at": "07:01", "until": "07:15", "zone": "PST"}, "07:01–07:15 PST"),
        ({"at": "07:01", "until": "07:15", "approximate": True, "zone": "PST"}, "~07:01–07:15 PST"),
        ({"at": "07:01"}, "07:01"),
        ({"at": "07:01", "approximate": False}, "07:01"),
        ({"at": "07:01", "note": "n", "precision": "hour"}, "07:01"),
        ({"until": "07:15"}, "07:15"),
        ({}, "unknown"),
        ({"approximate": True}, "unknown"),
    ],
)
def test_written(value: Any, text: str) -> None:
    assert written(value) == text


# --- sequences --------------------------------------------------------------------------------


def _utc_of(reading: Reading | MomentError) -> str | None:
    assert isinstance(reading, Reading)
    return utc(reading.moment.earliest)


def test_a_written_zone_is_that_rows_only() -> None:
    """A time without a zone is in the postmortem's zone, whatever the row before it says:
    an earlier row's offset never changes how a later one reads (as before moments were
    read as written)."""
    ctx = context()
    first = read_moment("06:57 PST", ctx).moment
    assert (ctx.zone.label, ctx.zone_written, ctx.previous) == ("UTC", False, first)
    second = read_moment("15:10", ctx).moment
    assert bounds(second) == ("2026-01-05T15:10:00+00:00",) * 2
    assert (second.zone, second.zone_inferred, second.inferred) == ("UTC", True, D)


def test_default_zone_is_not_written() -> None:
    ctx = context("Europe/Berlin")
    read_moment("14:02", ctx)
    assert (ctx.zone.label, ctx.zone_written) == ("Europe/Berlin", False)


def test_rows_each_in_their_own_zone_or_the_postmortems() -> None:
    ctx = context()
    rows = ["06:57 PST", "16:00 +01:00", "17:00", "2026-01-05T17:30Z", "18:00"]
    out = read_sequence(list(enumerate(rows)), ctx)
    assert [_utc_of(r) for _, r in out] == [
        "2026-01-05T14:57:00+00:00",
        "2026-01-05T15:00:00+00:00",
        "2026-01-05T17:00:00+00:00",
        "2026-01-05T17:30:00+00:00",
        "2026-01-05T18:00:00+00:00",
    ]
    assert [r.moment.zone for _, r in out if isinstance(r, Reading)] == [
        "PST",
        "UTC+01:00",
        "UTC",
        "UTC",
        "UTC",
    ]


def test_a_structured_zone_is_that_rows_only() -> None:
    ctx = context(day=SUMMER_DAY)
    read_moment({"at": "10:00", "zone": "EST"}, ctx)
    assert (ctx.zone.label, ctx.zone_written) == ("UTC", False)
    reading = read_moment("16:00", ctx)
    assert reading.warnings == ()
    assert bounds(reading.moment) == ("2026-07-02T16:00:00+00:00",) * 2


def test_date_carried_from_the_previous_row() -> None:
    ctx = context("PST")
    out = read_sequence([("a", "14:05"), ("b", "2026-01-07 09:00"), ("c", "10:00")], ctx)
    assert [(k, _utc_of(r)) for k, r in out] == [
        ("a", "2026-01-05T22:05:00+00:00"),
        ("b", "2026-01-07T17:00:00+00:00"),
        ("c", "2026-01-07T18:00:00+00:00"),
    ]
    assert ctx.day == date(2026, 1, 7)


def test_date_carried_from_an_inferred_year() -> None:
    ctx = context()
    out = read_sequence([(0, "10/27 14:00"), (1, "15:00")], ctx)
    assert [_utc_of(r) for _, r in out] == [
        "2025-10-27T14:00:00+00:00",
        "2025-10-27T15:00:00+00:00",
    ]


@pytest.mark.parametrize(
    ("rows", "expected", "inferred"),
    [
        (["23:50", "00:12", "00:30"], ["2026-01-05T23:50", "2026-01-06T00:12", "2026-01-06T00:30"], [D, N, D]),
        (["2026-01-06 23:50", "00:12"], ["2026-01-06T23:50", "2026-01-07T00:12"], [(), N]),
        (["23:50", "00:10-00:20"], ["2026-01-05T23:50", "2026-01-06T00:10"], [D, N]),
        (["after 23:00", "00:10"], ["2026-01-05T23:00", "2026-01-06T00:10"], [D, N]),
        (["9 PM", "00:10"], ["2026-01-05T21:00", "2026-01-06T00:10"], [D, N]),
        # A step back of more than three hours is the next day...
        (["14:05", "11:04"], ["2026-01-05T14:05", "2026-01-06T11:04"], [D, N]),
        # ...a smaller one is a row listed out of order.
        (["14:05", "14:00"], ["2026-01-05T14:05", "2026-01-05T14:00"], [D, D]),
        (["14:05", "11:05"], ["2026-01-05T14:05", "2026-01-05T11:05"], [D, D]),
        (["23:50", "21:00"], ["2026-01-05T23:50", "2026-01-05T21:00"], [D, D]),
        (["before 09:00", "07:00"], [None, "2026-01-05T07:00"], [D, D]),
        # A row with its date is never rolled over.
        (["23:50", "2026-01-05 00:12"], ["2026-01-05T23:50", "2026-01-05T00:12"], [D, ()]),
        # The next day once, not twice.
        (["23:50", "00:12 (next day)"], ["2026-01-05T23:50", "2026-01-06T00:12"], [D, N]),
    ],
)  # fmt: skip
def test_rollover_after_midnight(
    rows: list[str], expected: list[str | None], inferred: list[tuple[str, ...]]
) -> None:
    out = read_sequence(list(enumerate(rows)), context())
    assert [_utc_of(r) for _, r in out] == [
        None if e is None else e + ":00+00:00" for e in expected
    ]
    assert [r.moment.inferred for _, r in out if isinstance(r, Reading)] == inferred


def test_rollover_threshold() -> None:
    assert timedelta(hours=3) == ROLLOVER


def test_rollover_across_zones() -> None:
    out = read_sequence([(0, "23:50 PST"), (1, "08:05 UTC")], context())
    assert [_utc_of(r) for _, r in out] == [
        "2026-01-06T07:50:00+00:00",
        "2026-01-06T08:05:00+00:00",
    ]
    assert isinstance(out[1][1], Reading)
    # The day of 23:50 PST in UTC: no step back, so no rollover.
    assert out[1][1].moment.inferred == D


def test_a_clock_time_after_a_day_row_is_on_that_day() -> None:
    out = read_sequence([(0, "2026-01-06"), (1, "10:00")], context())
    assert _utc_of(out[1][1]) == "2026-01-06T10:00:00+00:00"


def test_a_late_clock_time_after_a_day_row_is_on_that_day() -> None:
    out = read_sequence([(0, "2026-01-06"), (1, "23:30")], context())
    assert _utc_of(out[1][1]) == "2026-01-06T23:30:00+00:00"


@pytest.mark.parametrize(
    "bad", ["25:00", "10:00 XYZ", "10:00 IST", "2026-02-30", {"at": "07:15", "until": "07:01"}]
)
def test_a_row_that_fails_leaves_the_context_unchanged(bad: Any) -> None:
    ctx = context()
    first = read_moment("14:05 PST", ctx).moment
    before = (ctx.day, ctx.zone, ctx.zone_written, ctx.previous)
    out = read_sequence([("bad", bad), ("next", "22:10")], ctx)
    assert isinstance(out[0][1], MomentError)
    assert _utc_of(out[1][1]) == "2026-01-05T22:10:00+00:00"
    ctx2 = context()
    read_moment("14:05 PST", ctx2)
    with pytest.raises(MomentError):
        read_moment(bad, ctx2)
    assert (ctx2.day, ctx2.zone, ctx2.zone_written, ctx2.previous) == before
    assert ctx2.previous == first


@pytest.mark.parametrize(
    "words", ["shortly after", "unknown", "within minutes", {"precision": "none"}]
)
def test_rows_without_clock_time_keep_the_context(words: Any) -> None:
    ctx = context()
    first = read_moment("23:50 PST", ctx).moment
    before = (ctx.day, ctx.zone, ctx.zone_written, ctx.previous)
    reading = read_moment(words, ctx)
    assert not reading.moment.known
    assert (ctx.day, ctx.zone, ctx.zone_written, ctx.previous) == before
    # The next row still rolls over from the last row with a clock time.
    nxt = read_moment("00:12 PST", ctx).moment
    assert (utc(nxt.earliest), nxt.inferred) == ("2026-01-06T08:12:00+00:00", N)
    assert first.day == DAY


def test_read_sequence_keeps_keys_and_order() -> None:
    out = read_sequence([("start", "07:00"), ("bad", "25:00"), ("end", "08:00")], context())
    assert [k for k, _ in out] == ["start", "bad", "end"]
    assert [type(r).__name__ for _, r in out] == ["Reading", "MomentError", "Reading"]
    assert str(out[1][1]) == "'25:00' is not a real time of day"


def test_read_sequence_records_every_refused_row() -> None:
    out = read_sequence([("a", "2026-02-27T18:05+24:00")], context())
    assert isinstance(out[0][1], MomentError)


# --- moment properties ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "sort_key", "point"),
    [
        ("06:57 PST", "2026-01-05 06:57 PST = 14:57Z", "2026-01-05T14:57:00+00:00", True),
        ("~07:15", "about 2026-01-05 07:15 UTC", "2026-01-05T07:15:00+00:00", True),
        ("after 07:15", "after 2026-01-05 07:15 UTC", "2026-01-05T07:15:00+00:00", False),
        ("before 09:00", "before 2026-01-05 09:00 UTC", "2026-01-05T09:00:00+00:00", False),
        (
            "07:01-07:15 PST",
            "between 2026-01-05 07:01 PST = 15:01Z and 2026-01-05 07:15 PST = 15:15Z",
            "2026-01-05T15:01:00+00:00",
            False,
        ),
        ("16:35 PDT", "2026-01-05 16:35 PDT = 23:35Z", "2026-01-05T23:35:00+00:00", True),
        ("17:35 PDT", "2026-01-05 17:35 PDT = 2026-01-06 00:35Z", "2026-01-06T00:35:00+00:00", True),
        ("2026-01-05 07:00:30", "2026-01-05 07:00:30 UTC", "2026-01-05T07:00:30+00:00", True),
        ("2026-01-05", "2026-01-05 (the day, UTC)", "2026-01-05T00:00:00+00:00", False),
        ("unknown", "no clock time", "", False),
    ],
)  # fmt: skip
def test_reading_sort_key_and_point(text: str, shown: str, sort_key: str, point: bool) -> None:
    moment = read(text)
    assert moment.reading == shown
    assert moment.sort_key == sort_key
    assert (moment.point is not None) is point
    assert moment.known is (text != "unknown")


def test_reading_in_a_region() -> None:
    moment = read("2026-07-02 10:05", "Europe/Berlin")
    assert moment.reading == "2026-07-02 10:05 Europe/Berlin = 08:05Z"


def test_forms_and_precisions() -> None:
    assert PRECISIONS == ("second", "minute", "hour", "day", "none")
    for example in ("2026-01-05 14:02", "14:02 UTC", "06:57 PST", "9:37 AM PDT", "~07:15",
                    "about 05:41", "07:01-07:15 PST", "after 07:15", "before 09:00",
                    "10/27 14:00", "Oct 27 14:00", "00:12 (next day)", "unknown"):  # fmt: skip
        assert example in FORMS
        assert read(example).text == example


# --- spans ------------------------------------------------------------------------------------


def _span(start: Any, end: Any) -> Span | None:
    return span(read(start), read(end))


@pytest.mark.parametrize(
    ("start", "end", "text", "exact", "negative"),
    [
        ("07:00", "08:05", "1 h 05 min", timedelta(hours=1, minutes=5), False),
        ("07:00", "07:16", "16 min", timedelta(minutes=16), False),
        ("2026-01-05 07:00:00", "2026-01-05 07:00:45", "45 s", timedelta(seconds=45), False),
        ("06:57 PST", "15:00 UTC", "3 min", timedelta(minutes=3), False),
        ("~07:00", "11:40", "~4 h 40 min", timedelta(hours=4, minutes=40), False),
        ("07:00", "~11:40", "~4 h 40 min", timedelta(hours=4, minutes=40), False),
        ("07:00-07:30", "11:40", "4 h 10 min – 4 h 40 min", None, False),
        ("~07:00-07:30", "11:40", "~4 h 10 min – ~4 h 40 min", None, False),
        ("07:00", "9 PM", "14 h 00 min – 15 h 00 min", None, False),
        ("07:00", "after 09:00", "at least 2 h 00 min", None, False),
        ("before 07:00", "09:00", "at least 2 h 00 min", None, False),
        ("07:00", "before 09:00", "at most 2 h 00 min", None, False),
        ("after 07:00", "09:00", "at most 2 h 00 min", None, False),
        ("~07:00", "after 09:00", "at least ~2 h 00 min", None, False),
        ("2026-01-05 07:00", "2026-01-06 07:11", "1 d 0 h 11 min", timedelta(days=1, minutes=11), False),
        ("2026-01-05 10:00", "2026-01-08 13:08", "3 d 3 h 08 min", timedelta(days=3, hours=3, minutes=8), False),
        ("2026-01-05 10:00", "2026-01-07 10:00", "2 d", timedelta(days=2), False),
        ("2026-01-05", "2026-01-08", "2–4 d (dates only)", None, False),
        ("2026-01-05", "2026-01-06", "0–2 d (dates only)", None, False),
        ("2026-01-05", "2026-01-05", "0–1 d (dates only)", None, False),
        ("2026-01-05", "2026-01-07 10:00", "1–3 d (dates only)", None, False),
        ("2026-01-05", "after 2026-01-08", "at least 2 d (dates only)", None, False),
        ("after 2026-01-05", "2026-01-08", "at most 4 d (dates only)", None, False),
        ("10:00", "09:00", "-1 h 00 min", timedelta(hours=-1), True),
        ("07:00-07:30", "07:10", "0 min – 10 min", None, False),
    ],
)  # fmt: skip
def test_span(start: str, end: str, text: str, exact: timedelta | None, negative: bool) -> None:
    result = _span(start, end)
    assert result is not None
    assert result.text == text
    assert result.exact == exact
    assert result.negative is negative


def test_span_bounds() -> None:
    assert _span("07:00-07:30", "11:40") == Span(
        timedelta(hours=4, minutes=10), timedelta(hours=4, minutes=40), False, "minute"
    )
    assert _span("07:00", "after 09:00") == Span(timedelta(hours=2), None, False, "minute")
    assert _span("2026-01-05", "2026-01-08") == Span(
        timedelta(days=2), timedelta(days=4), False, "day"
    )


@pytest.mark.parametrize(
    ("value", "text", "exact"),
    [
        (Span(timedelta(days=2), timedelta(days=2), precision="day"), "2 d (dates only)", None),
        (Span(timedelta(days=2), timedelta(days=2)), "2 d", timedelta(days=2)),
        (Span(None, timedelta(days=3), precision="day"), "at most 3 d (dates only)", None),
        (
            Span(timedelta(hours=-1), timedelta(hours=25), precision="day"),
            "0–2 d (dates only)",
            None,
        ),
        (Span(None, timedelta(hours=2), True), "at most ~2 h 00 min", None),
    ],
)
def test_span_values(value: Span, text: str, exact: timedelta | None) -> None:
    """A day count is never one exact value, even where its ends agree."""
    assert value.text == text
    assert value.exact == exact


def test_a_negative_range_span_shows_both_negative_ends() -> None:
    result = _span("09:00", "07:00-07:30")
    assert result is not None and result.negative
    assert result.text == "-2 h 00 min – -1 h 30 min"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("07:00", "unknown"),
        ("shortly after", "07:00"),
        ("unknown", "unknown"),
        ("after 07:00", "after 09:00"),
        ("before 07:00", "before 09:00"),
    ],
)
def test_no_span(start: str, end: str) -> None:
    assert _span(start, end) is None


@pytest.mark.parametrize(
    ("later", "earlier", "wrong"),
    [
        ("07:00", "08:00", True),
        ("07:00", "07:00", False),
        ("10:00", "09:00", False),
        ("07:00-07:30", "07:10", False),
        ("07:00-07:09", "07:10", True),
        ("after 09:00", "07:00", False),
        ("before 06:00", "07:00", True),
        ("07:00", "before 06:00", False),
        ("07:00", "after 08:00", True),
        ("unknown", "07:00", False),
        ("07:00", "unknown", False),
        ("2026-01-04", "2026-01-05 00:01", True),
        ("2026-01-04", "2026-01-05 00:00", False),
        ("2026-01-05", "2026-01-05 23:59", False),
    ],
)
def test_certainly_before(later: str, earlier: str, wrong: bool) -> None:
    assert certainly_before(read(later), read(earlier)) is wrong


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0 s"),
        (timedelta(seconds=45), "45 s"),
        (timedelta(seconds=59.9), "59 s"),
        (timedelta(minutes=16), "16 min"),
        (timedelta(minutes=16, seconds=5), "16 min 05 s"),
        (timedelta(hours=1, minutes=5), "1 h 05 min"),
        (timedelta(hours=2), "2 h 00 min"),
        (timedelta(hours=2, minutes=30, seconds=59), "2 h 30 min"),
        (timedelta(hours=23, minutes=59, seconds=59), "23 h 59 min"),
        (timedelta(hours=24), "1 d"),
        (timedelta(hours=24, minutes=11), "1 d 0 h 11 min"),
        (timedelta(hours=25), "1 d 1 h 00 min"),
        (timedelta(days=1, hours=1, minutes=5), "1 d 1 h 05 min"),
        (timedelta(hours=48), "2 d"),
        (timedelta(days=2, hours=3, minutes=59), "2 d 3 h 59 min"),
        (timedelta(hours=75, minutes=8), "3 d 3 h 08 min"),
        (timedelta(days=1, seconds=30), "1 d"),
        (timedelta(minutes=-5), "-5 min"),
        (timedelta(seconds=-45), "-45 s"),
        (timedelta(hours=-1, minutes=-5), "-1 h 05 min"),
        (timedelta(hours=-24, minutes=-11), "-1 d 0 h 11 min"),
        (timedelta(days=-2), "-2 d"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


# --- due periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "last_day"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("2026-03-15", date(2026, 3, 15)),
        ("2026-03", date(2026, 3, 31)),
        ("2026-04", date(2026, 4, 30)),
        ("2026-12", date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 29)),
        ("2000-02", date(2000, 2, 29)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2026-Q1", date(2026, 3, 31)),
        ("2026-Q2", date(2026, 6, 30)),
        ("2026-Q3", date(2026, 9, 30)),
        ("2026-Q4", date(2026, 12, 31)),
        ("2026-H1", date(2026, 6, 30)),
        ("2026-H2", date(2026, 12, 31)),
        ("2026", date(2026, 12, 31)),
        (" 2026-03 ", date(2026, 3, 31)),
    ],
)
def test_period_end(due: str, last_day: date) -> None:
    assert period_end(due) == last_day


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2026-13", "'2026-13' is not a real month"),
        ("2100-02", "'2100-02': the year must be between 1900 and 2099"),
        ("2026-00", "'2026-00' is not a real month"),
        ("2026-02-30", "'2026-02-30' is not a real date: day is out of range for month"),
        ("2025-02-29", "'2025-02-29' is not a real date: day is out of range for month"),
        ("2026-13-01", "'2026-13-01' is not a real date: month must be in 1..12"),
        ("2026-Q5", NOT_A_DUE_DATE.format("2026-Q5")),
        ("2026-Q0", NOT_A_DUE_DATE.format("2026-Q0")),
        ("2026-H3", NOT_A_DUE_DATE.format("2026-H3")),
        ("2026-3", NOT_A_DUE_DATE.format("2026-3")),
        ("next week", NOT_A_DUE_DATE.format("next week")),
        ("", NOT_A_DUE_DATE.format("")),
        ("2026-03-31T10:00", NOT_A_DUE_DATE.format("2026-03-31T10:00")),
    ],
)
def test_period_end_refused(due: str, message: str) -> None:
    with pytest.raises(MomentError) as caught:
        period_end(due)
    assert str(caught.value) == message


@pytest.mark.parametrize("due", ["0000", "0000-03", "9999", "9999-12"])
def test_period_end_out_of_calendar_is_a_moment_error(due: str) -> None:
    with pytest.raises(MomentError):
        period_end(due)
