"""Timestamps as authors write them, and durations as readers want to see them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TIMESTAMP = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?\Z"
)


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """A timezone by IANA name; ValueError if unknown. UTC needs no tz database."""
    if name.upper() in ("UTC", "Z", "ETC/UTC"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone {name!r}; use an IANA name such as Europe/Berlin"
        ) from None


def parse_timestamp(value: str, default_zone: str) -> datetime:
    """Parse ``YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|+HH:MM]``; naive times are in ``default_zone``."""
    match = _TIMESTAMP.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a timestamp (YYYY-MM-DDTHH:MM with Z or an offset)")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        naive = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date and time: {exc}") from None
    if offset is None:
        return naive.replace(tzinfo=zone(default_zone))
    if offset == "Z":
        return naive.replace(tzinfo=timezone.utc)
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if delta >= timedelta(hours=24):
        raise ValueError(f"{value!r} has an impossible UTC offset")
    return naive.replace(tzinfo=timezone(sign * delta))


def format_duration(delta: timedelta) -> str:
    """``1 h 05 min``, ``16 min``, ``45 s``, ``2 d 3 h``: precise enough to compare incidents."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days} d {hours} h" if hours else f"{days} d"
    elif hours:
        text = f"{hours} h {minutes:02d} min"
    elif minutes:
        text = f"{minutes} min" if not secs else f"{minutes} min {secs:02d} s"
    else:
        text = f"{secs} s"
    return sign + text
