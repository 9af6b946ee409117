"""Time zones as postmortems name them: IANA names, UTC offsets, and the abbreviations reports
print (PST, EDT, BST...), read through one table that a team can extend or narrow.

An abbreviation stands for a fixed offset (``EST`` is UTC-05:00 all year, as written); where
the region it belongs to keeps another offset on that date (``EST`` on a July date, when New York
keeps EDT), the reading is said so, because the source most likely meant the local time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

AMBIGUOUS = "ambiguous"
"""The value that marks an abbreviation as ambiguous in the table: it is refused."""

DEFAULT_ABBREVIATIONS: dict[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "Z": "+00:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "AKST": "-09:00",
    "AKDT": "-08:00",
    "HST": "-10:00",
    "BST": "+01:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "SGT": "+08:00",
    "HKT": "+08:00",
    "AWST": "+08:00",
    "ACST": "+09:30",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    "NZST": "+12:00",
    "NZDT": "+13:00",
    "PT": "America/Los_Angeles",
    "MT": "America/Denver",
    "CT": "America/Chicago",
    "ET": "America/New_York",
    "PACIFIC": "America/Los_Angeles",
    "MOUNTAIN": "America/Denver",
    "CENTRAL": "America/Chicago",
    "EASTERN": "America/New_York",
    "IST": AMBIGUOUS,
}
"""Abbreviation (upper case) -> a UTC offset, an IANA name, or ``ambiguous``. IST is India,
Ireland and Israel; ``CST`` is read as US Central unless a team marks it ambiguous."""

SEASONAL: dict[str, str] = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "GMT": "Europe/London",
    "BST": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
"""The region whose standard or summer time an abbreviation names: where that region keeps
another offset on the date, the abbreviation was probably meant as its local time (GMT is
here to be named, but reports write it for UTC all year: it is never warned about)."""

MAX_LABEL = 64
"""The longest zone name read: IANA's longest is 32 characters (America/Argentina/ComodRivadavia).
A longer label is refused before the tz database is asked, and never fills its cache."""

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])([0-9]{1,2})(?::?([0-9]{2}))?$", re.IGNORECASE)

OFFSETS_IN_USE = (timedelta(hours=-12), timedelta(hours=14))
"""The UTC offsets any zone keeps (Baker Island, Kiribati's Line Islands): an offset outside
them was never a zone, most likely a range misread (``13:00-16:00``), and is refused."""


class OffsetError(ValueError):
    """An offset written correctly that no zone keeps (``UTC-16:00``); the message is for a
    person."""

    def __init__(self, delta: timedelta) -> None:
        self.label = offset_label(delta)
        low, high = (offset_label(d).removeprefix("UTC") for d in OFFSETS_IN_USE)
        super().__init__(f"{self.label} is not a UTC offset any zone keeps ({low} to {high})")


@dataclass(frozen=True)
class Zone:
    """A zone a time was read in: its label as written or configured, and its rules."""

    label: str
    tz: tzinfo
    fixed: bool
    """An offset (``-08:00``, ``PST``) rather than a region's rules (``America/Los_Angeles``)."""

    def offset_on(self, moment: datetime) -> timedelta:
        offset = self.tz.utcoffset(moment.replace(tzinfo=None))
        return offset if offset is not None else timedelta(0)


@lru_cache(maxsize=128)
def iana(name: str) -> tzinfo:
    """A timezone by IANA name; ValueError if unknown. UTC needs no tz database."""
    if name.upper() in ("UTC", "Z", "ETC/UTC"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise ValueError(
            f"unknown timezone {name!r}; use an IANA name such as Europe/Berlin"
        ) from None


def fixed_offset(text: str) -> timezone | None:
    """``+01:00``, ``-0800``, ``UTC+1``, ``GMT-08:00`` as a fixed offset; None if it is not one.
    OffsetError for one no zone keeps (``-16:00``: outside -12:00 to +14:00)."""
    match = _OFFSET.match(text.strip())
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta >= timedelta(hours=24) or int(minutes or 0) >= 60:
        return None
    delta = delta if sign == "+" else -delta
    if not OFFSETS_IN_USE[0] <= delta <= OFFSETS_IN_USE[1]:
        raise OffsetError(delta)
    return timezone(delta)


def offset_label(delta: timedelta) -> str:
    """``UTC-08:00``, ``UTC+05:30``, ``UTC``."""
    if not delta:
        return "UTC"
    total = int(delta.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


class ZoneTable:
    """The abbreviations a team's postmortems may use: the defaults, with the team's additions
    and changes (``time_zones`` in mkdocs.yml) on top."""

    def __init__(self, changes: Mapping[str, str] | None = None) -> None:
        table = dict(DEFAULT_ABBREVIATIONS)
        for key, value in (changes or {}).items():
            table[key.strip().upper()] = str(value).strip()
        for key, value in table.items():
            try:
                offset = fixed_offset(value) if value != AMBIGUOUS else None
            except OffsetError as exc:
                raise ValueError(f"time_zones: {key} stands for {value!r}: {exc}") from None
            if value != AMBIGUOUS and offset is None:
                try:
                    iana(value)
                except ValueError:
                    raise ValueError(
                        f"time_zones: {key} stands for {value!r}, which is neither a UTC offset "
                        f"such as -08:00, an IANA name such as America/Los_Angeles, nor "
                        f"'{AMBIGUOUS}'"
                    ) from None
        self.table = table

    def knows(self, label: str) -> bool:
        return label.strip().upper() in self.table

    def resolve(self, label: str) -> Zone:
        """The zone a label names: an abbreviation of the table, an offset or an IANA name.
        ValueError with a message for a person when it names none, or an ambiguous one."""
        text = label.strip()
        if len(text) > MAX_LABEL:
            raise ValueError(
                f"unknown timezone {text[:20]!r}... ({len(text):,} characters; a zone name has "
                f"at most {MAX_LABEL}); use an IANA name such as Europe/Berlin"
            )
        key = text.upper()
        value = self.table.get(key)
        if value == AMBIGUOUS:
            raise ValueError(
                f"{text} names several time zones (India, Ireland, Israel...); write an offset "
                "such as +05:30 or an IANA name such as Asia/Kolkata"
                if key == "IST"
                else f"{text} is marked ambiguous for this archive (plugin option time_zones); "
                "write an offset such as -06:00 or an IANA name such as America/Chicago"
            )
        if value is not None:
            offset = fixed_offset(value)
            if offset is not None:
                return Zone(text if key not in ("Z",) else "UTC", offset, True)
            return Zone(text, iana(value), False)
        offset = fixed_offset(text)
        if offset is not None:
            return Zone(offset_label(offset.utcoffset(None)), offset, True)
        return Zone(text, iana(text), False)

    def seasonal_mismatch(self, zone: Zone, moment: datetime, keep: str = "") -> str:
        """Why ``zone`` (an abbreviation) may not be what the author meant on this date, or "":
        EST on a date when New York keeps EDT. ``keep`` says how to keep the abbreviation on
        purpose where it is written (a row's time, by default; the postmortem's timezone)."""
        region = SEASONAL.get(zone.label.upper()) if zone.label.upper() != "GMT" else None
        if region is None or not zone.fixed or self.table.get(zone.label.upper()) is None:
            return ""
        local = iana(region).utcoffset(moment.replace(tzinfo=None))
        written = zone.tz.utcoffset(None)
        if local is None or written is None or local == written:
            return ""
        other = next(
            (
                abbr
                for abbr, area in SEASONAL.items()
                if area == region
                and fixed_offset(self.table.get(abbr, "")) is not None
                and fixed_offset(self.table[abbr]).utcoffset(None) == local  # type: ignore[union-attr]
            ),
            offset_label(local),
        )
        kept = f"{other} ({offset_label(local)})" if other != offset_label(local) else other
        keep = keep or f"write the time as {{at: ..., zone: {zone.label}}}"
        return (
            f"{zone.label} is {offset_label(written)}, but on {moment.date().isoformat()} "
            f"{region} keeps {kept}; read as {offset_label(written)} as "
            f"written: if local time was meant, write {other} or {region} (to keep "
            f"{zone.label} on purpose, {keep})"
        )


def day_in(zone: Zone, day: date) -> datetime:
    """Midnight of ``day`` in ``zone``."""
    return datetime(day.year, day.month, day.day, tzinfo=zone.tz)
