"""Timestamps as authors write them, durations as readers read them."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from mkdocs_postmortem.core.timestamps import format_duration, parse_timestamp, zone


def test_timestamps() -> None:
    assert parse_timestamp("2026-02-27T18:05:00Z", "UTC").isoformat() == "2026-02-27T18:05:00+00:00"
    assert parse_timestamp("2026-02-27 19:05+01:00", "UTC").utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert parse_timestamp("2026-07-01T12:00", "Europe/Berlin").utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="not a real date"):
        parse_timestamp("2026-02-30T10:00Z", "UTC")
    assert (
        format_duration(
            parse_timestamp("2026-01-02T01:05Z", "UTC")
            - parse_timestamp("2026-01-01T00:00Z", "UTC")
        )
        == "1 d 1 h"
    )
    assert (
        format_duration(
            parse_timestamp("2026-01-01T01:05Z", "UTC")
            - parse_timestamp("2026-01-01T00:00Z", "UTC")
        )
        == "1 h 05 min"
    )


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2026-02-27T18:05Z", "2026-02-27T18:05:00+00:00"),
        ("2026-02-27 18:05:30.5+0530", "2026-02-27T18:05:30.500000+05:30"),
        ("2026-02-27T18:05:00.123456-08:00", "2026-02-27T18:05:00.123456-08:00"),
        ("2026-02-27T18:05", "2026-02-27T18:05:00+09:00"),
        ("2026-02-27T18:05+23:59", "2026-02-27T18:05:00+23:59"),
    ],
)
def test_timestamp_forms(written: str, iso: str) -> None:
    """Naive times take the default zone (here Asia/Tokyo); an offset or Z wins over it."""
    assert parse_timestamp(written, "Asia/Tokyo").isoformat() == iso


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-27", "'2026-02-27' is not a timestamp (YYYY-MM-DDTHH:MM with Z or an offset)"),
        ("18:05", "'18:05' is not a timestamp (YYYY-MM-DDTHH:MM with Z or an offset)"),
        (
            "2026-02-27T18:05:00.1234567Z",
            "'2026-02-27T18:05:00.1234567Z' is not a timestamp (YYYY-MM-DDTHH:MM with Z or an "
            "offset)",
        ),
        (
            "2026-02-27T25:00Z",
            "'2026-02-27T25:00Z' is not a real date and time: hour must be in 0..23",
        ),
        ("2026-02-27T18:05+24:00", "'2026-02-27T18:05+24:00' has an impossible UTC offset"),
    ],
)
def test_timestamps_refused(written: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_timestamp(written, "UTC")
    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["UTC", "utc", "Z", "Etc/UTC", "etc/utc"])
def test_utc_needs_no_tz_database(name: str) -> None:
    assert zone(name) is timezone.utc


@pytest.mark.parametrize("name", ["Nope/Nope", "", "../etc/passwd", "/etc/localtime"])
def test_unknown_zones(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        zone(name)
    assert str(caught.value) == f"unknown timezone {name!r}; use an IANA name such as Europe/Berlin"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0 s"),
        (timedelta(seconds=45), "45 s"),
        (timedelta(seconds=59.9), "59 s"),
        (timedelta(minutes=16), "16 min"),
        (timedelta(minutes=16, seconds=5), "16 min 05 s"),
        (timedelta(hours=2), "2 h 00 min"),
        (timedelta(hours=2, minutes=30, seconds=59), "2 h 30 min"),
        (timedelta(days=2), "2 d"),
        (timedelta(days=2, hours=3, minutes=59), "2 d 3 h"),
        (timedelta(minutes=-5), "-5 min"),
        (timedelta(hours=-1, minutes=-5), "-1 h 05 min"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text
