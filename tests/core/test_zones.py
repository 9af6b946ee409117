"""Time zones as postmortems name them: abbreviations, offsets, IANA names, and a team's table."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mkdocs_postmortem.core.zones import (
    AMBIGUOUS,
    DEFAULT_ABBREVIATIONS,
    SEASONAL,
    Zone,
    ZoneTable,
    day_in,
    fixed_offset,
    iana,
    offset_label,
)

SUMMER = datetime(2026, 7, 2, 10, 0)
WINTER = datetime(2026, 1, 5, 10, 0)
IST_MESSAGE = (
    "IST names several time zones (India, Ireland, Israel...); write an offset such as +05:30 "
    "or an IANA name such as Asia/Kolkata"
)


def _seasonal(label: str, written: str, day: str, region: str, other: str, local: str) -> str:
    kept = other if other == local else f"{other} ({local})"  # an offset is not said twice
    return (
        f"{label} is {written}, but on {day} {region} keeps {kept}; read as {written} "
        f"as written: if local time was meant, write {other} or {region} (to keep {label} on "
        f"purpose, write the time as {{at: ..., zone: {label}}})"
    )


# --- iana -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["UTC", "utc", "Z", "Etc/UTC", "etc/utc"])
def test_utc_needs_no_tz_database(name: str) -> None:
    assert iana(name) is timezone.utc


def test_iana_names_read_with_the_tz_database() -> None:
    berlin = iana("Europe/Berlin")
    assert berlin == ZoneInfo("Europe/Berlin")
    assert berlin.utcoffset(SUMMER) == timedelta(hours=2)
    assert berlin.utcoffset(WINTER) == timedelta(hours=1)


@pytest.mark.parametrize(
    "name",
    ["Nope/Nope", "", "../etc/passwd", "/etc/localtime", "PST", "europe/berlin", "0" * 300],
)
def test_unknown_zones(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        iana(name)
    assert str(caught.value) == f"unknown timezone {name!r}; use an IANA name such as Europe/Berlin"


# --- fixed_offset and offset_label ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("+01:00", 60),
        ("-0800", -480),
        ("UTC+1", 60),
        ("GMT-08:00", -480),
        ("utc+5:30", 330),
        ("UTC +2", 120),
        ("+0530", 330),
        ("+1", 60),
        ("-1", -60),
        ("+14:00", 14 * 60),
        ("-12:00", -12 * 60),
        ("  -03:30  ", -210),
    ],
)
def test_fixed_offsets(text: str, minutes: int) -> None:
    offset = fixed_offset(text)
    assert offset is not None
    assert offset.utcoffset(None) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["+24:00", "-25:00", "UTC", "Europe/Berlin", "1:00", "+1:5", "PST", "", "+01:00 PST"]
)
def test_not_fixed_offsets(text: str) -> None:
    assert fixed_offset(text) is None


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(0), "UTC"),
        (timedelta(hours=-8), "UTC-08:00"),
        (timedelta(hours=1), "UTC+01:00"),
        (timedelta(hours=5, minutes=30), "UTC+05:30"),
        (timedelta(minutes=-30), "UTC-00:30"),
        (timedelta(hours=-9, minutes=-30), "UTC-09:30"),
        (timedelta(hours=13, minutes=45), "UTC+13:45"),
    ],
)
def test_offset_label(delta: timedelta, label: str) -> None:
    assert offset_label(delta) == label


# --- resolve ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "label", "minutes", "fixed"),
    [
        ("UTC", "UTC", 0, True),
        ("utc", "utc", 0, True),
        ("Z", "UTC", 0, True),
        ("z", "UTC", 0, True),
        ("GMT", "GMT", 0, True),
        ("PST", "PST", -480, True),
        ("pst", "pst", -480, True),
        (" PST ", "PST", -480, True),
        ("PDT", "PDT", -420, True),
        ("EST", "EST", -300, True),
        ("EDT", "EDT", -240, True),
        ("CST", "CST", -360, True),
        ("BST", "BST", 60, True),
        ("CEST", "CEST", 120, True),
        ("ACST", "ACST", 570, True),
        ("NZDT", "NZDT", 780, True),
        ("+01:00", "UTC+01:00", 60, True),
        ("-0800", "UTC-08:00", -480, True),
        ("UTC+1", "UTC+01:00", 60, True),
        ("GMT-08:00", "UTC-08:00", -480, True),
        ("utc+5:30", "UTC+05:30", 330, True),
        # Regions: the offset of the summer date.
        ("PT", "PT", -420, False),
        ("Eastern", "Eastern", -240, False),
        ("Europe/Berlin", "Europe/Berlin", 120, False),
        ("Asia/Kolkata", "Asia/Kolkata", 330, False),
    ],
)
def test_resolve(written: str, label: str, minutes: int, fixed: bool) -> None:
    zone = ZoneTable().resolve(written)
    assert zone.label == label
    assert zone.fixed is fixed
    assert zone.offset_on(SUMMER) == timedelta(minutes=minutes)


def test_resolve_utc_is_the_utc_singleton() -> None:
    assert ZoneTable().resolve("UTC").tz is timezone.utc
    assert ZoneTable().resolve("Z").tz is timezone.utc


def test_region_offsets_follow_the_date() -> None:
    berlin = ZoneTable().resolve("Europe/Berlin")
    assert berlin.offset_on(SUMMER) == timedelta(hours=2)
    assert berlin.offset_on(WINTER) == timedelta(hours=1)
    # An aware datetime is read by its wall clock.
    assert berlin.offset_on(SUMMER.replace(tzinfo=timezone.utc)) == timedelta(hours=2)
    pt = ZoneTable().resolve("PT")
    assert pt.offset_on(WINTER) == timedelta(hours=-8)
    pst = ZoneTable().resolve("PST")
    assert pst.offset_on(SUMMER) == pst.offset_on(WINTER) == timedelta(hours=-8)


def test_ist_is_ambiguous_by_default() -> None:
    assert DEFAULT_ABBREVIATIONS["IST"] == AMBIGUOUS
    for written in ("IST", "ist", " IST "):
        with pytest.raises(ValueError) as caught:
            ZoneTable().resolve(written)
        assert str(caught.value) == IST_MESSAGE.replace("IST", written.strip(), 1)


@pytest.mark.parametrize("written", ["XYZ", "Nope/Nope", "", "+24:00"])
def test_unknown_labels_refused(written: str) -> None:
    with pytest.raises(ValueError) as caught:
        ZoneTable().resolve(written)
    assert str(caught.value) == (
        f"unknown timezone {written!r}; use an IANA name such as Europe/Berlin"
    )


def test_knows() -> None:
    table = ZoneTable()
    assert table.knows("PST")
    assert table.knows(" pst ")
    assert table.knows("IST")  # known, and refused when used
    assert not table.knows("XYZ")
    assert not table.knows("+01:00")
    assert not table.knows("Europe/Berlin")


# --- a team's table ---------------------------------------------------------------------------


def test_team_adds_an_abbreviation() -> None:
    table = ZoneTable({"IDT": "+03:00"})
    zone = table.resolve("IDT")
    assert (zone.label, zone.fixed, zone.offset_on(WINTER)) == ("IDT", True, timedelta(hours=3))
    assert not ZoneTable().knows("IDT")  # the defaults are not changed


def test_team_marks_an_abbreviation_ambiguous() -> None:
    table = ZoneTable({"cst": "ambiguous"})
    for written in ("CST", "cst"):
        with pytest.raises(ValueError) as caught:
            table.resolve(written)
        assert str(caught.value) == (
            f"{written} is marked ambiguous for this archive (plugin option time_zones); write an "
            "offset such as -06:00 or an IANA name such as America/Chicago"
        )
    assert ZoneTable().resolve("CST").offset_on(WINTER) == timedelta(hours=-6)


def test_team_maps_an_abbreviation_to_a_region() -> None:
    table = ZoneTable({"CST": "America/Chicago"})
    zone = table.resolve("CST")
    assert (zone.label, zone.fixed) == ("CST", False)
    assert zone.offset_on(WINTER) == timedelta(hours=-6)
    assert zone.offset_on(SUMMER) == timedelta(hours=-5)
    # A region follows its own seasons: nothing to warn about.
    assert table.seasonal_mismatch(zone, SUMMER) == ""


def test_team_resolves_ist() -> None:
    zone = ZoneTable({"IST": "Asia/Kolkata"}).resolve("IST")
    assert (zone.label, zone.offset_on(WINTER)) == ("IST", timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("changes", "key", "shown"),
    [
        ({"FOO": "Mars/Olympus"}, "FOO", "'Mars/Olympus'"),
        ({"foo": "Mars/Olympus"}, "FOO", "'Mars/Olympus'"),
        ({"FOO": "+24:00"}, "FOO", "'+24:00'"),
        ({"FOO": ""}, "FOO", "''"),
        ({"FOO": "  "}, "FOO", "''"),
        ({"FOO": 5}, "FOO", "'5'"),
        ({"FOO": "Ambiguous"}, "FOO", "'Ambiguous'"),
    ],
)
def test_invalid_team_value(changes: dict[str, object], key: str, shown: str) -> None:
    with pytest.raises(ValueError) as caught:
        ZoneTable(changes)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"time_zones: {key} stands for {shown}, which is neither a UTC offset such as -08:00, an "
        "IANA name such as America/Los_Angeles, nor 'ambiguous'"
    )


# --- seasonal_mismatch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "written", "region", "other", "local"),
    [
        ("EST", "UTC-05:00", "America/New_York", "EDT", "UTC-04:00"),
        ("PST", "UTC-08:00", "America/Los_Angeles", "PDT", "UTC-07:00"),
        ("MST", "UTC-07:00", "America/Denver", "MDT", "UTC-06:00"),
        ("CST", "UTC-06:00", "America/Chicago", "CDT", "UTC-05:00"),
        ("AKST", "UTC-09:00", "America/Anchorage", "AKDT", "UTC-08:00"),
        ("WET", "UTC", "Europe/Lisbon", "WEST", "UTC+01:00"),
        ("CET", "UTC+01:00", "Europe/Berlin", "CEST", "UTC+02:00"),
        ("EET", "UTC+02:00", "Europe/Athens", "EEST", "UTC+03:00"),
        ("AEDT", "UTC+11:00", "Australia/Sydney", "AEST", "UTC+10:00"),
    ],
)
def test_standard_time_on_a_summer_date(
    label: str, written: str, region: str, other: str, local: str
) -> None:
    table = ZoneTable()
    assert SEASONAL[label] == region
    message = table.seasonal_mismatch(table.resolve(label), SUMMER)
    assert message == _seasonal(label, written, "2026-07-02", region, other, local)


@pytest.mark.parametrize(
    ("label", "written", "region", "other", "local"),
    [
        ("EDT", "UTC-04:00", "America/New_York", "EST", "UTC-05:00"),
        ("PDT", "UTC-07:00", "America/Los_Angeles", "PST", "UTC-08:00"),
        ("BST", "UTC+01:00", "Europe/London", "GMT", "UTC"),
        ("CEST", "UTC+02:00", "Europe/Berlin", "CET", "UTC+01:00"),
        ("AEST", "UTC+10:00", "Australia/Sydney", "AEDT", "UTC+11:00"),
        ("NZST", "UTC+12:00", "Pacific/Auckland", "NZDT", "UTC+13:00"),
    ],
)
def test_summer_time_on_a_winter_date(
    label: str, written: str, region: str, other: str, local: str
) -> None:
    table = ZoneTable()
    message = table.seasonal_mismatch(table.resolve(label), WINTER)
    assert message == _seasonal(label, written, "2026-01-05", region, other, local)


@pytest.mark.parametrize(
    ("label", "moment"),
    [
        ("EST", WINTER),
        ("PST", WINTER),
        ("GMT", WINTER),
        ("GMT", SUMMER),  # reports write GMT for UTC all year
        ("CET", WINTER),
        ("EDT", SUMMER),
        ("PDT", SUMMER),
        ("BST", SUMMER),
        ("CEST", SUMMER),
        ("AEST", SUMMER),
        # Not seasonal, or a region that follows its own seasons.
        ("JST", SUMMER),
        ("UTC", SUMMER),
        ("HST", SUMMER),
        ("PT", SUMMER),
        ("America/New_York", SUMMER),
        ("+01:00", SUMMER),
        ("-05:00", SUMMER),
    ],
)
def test_no_mismatch(label: str, moment: datetime) -> None:
    table = ZoneTable()
    assert table.seasonal_mismatch(table.resolve(label), moment) == ""


def test_mismatch_for_lower_case_and_aware_moments() -> None:
    table = ZoneTable()
    message = table.seasonal_mismatch(
        table.resolve("est"), SUMMER.replace(tzinfo=timezone(timedelta(hours=-5)))
    )
    assert message == _seasonal(
        "est", "UTC-05:00", "2026-07-02", "America/New_York", "EDT", "UTC-04:00"
    )


def test_mismatch_names_the_offset_when_the_team_removed_the_other_abbreviation() -> None:
    table = ZoneTable({"CST": "ambiguous"})
    message = table.seasonal_mismatch(table.resolve("CDT"), WINTER)
    assert message == _seasonal(
        "CDT", "UTC-05:00", "2026-01-05", "America/Chicago", "UTC-06:00", "UTC-06:00"
    )


def test_day_in() -> None:
    assert day_in(ZoneTable().resolve("Europe/Berlin"), date(2026, 7, 2)).isoformat() == (
        "2026-07-02T00:00:00+02:00"
    )
    assert day_in(ZoneTable().resolve("PST"), date(2026, 7, 2)).astimezone(
        timezone.utc
    ).isoformat() == ("2026-07-02T08:00:00+00:00")


def test_zone_is_a_frozen_value() -> None:
    zone = Zone("UTC", timezone.utc, True)
    assert zone == ZoneTable().resolve("UTC")
    with pytest.raises(AttributeError):
        zone.label = "GMT"  # type: ignore[misc]
