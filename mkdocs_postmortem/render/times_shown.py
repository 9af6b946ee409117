"""How one time is shown on a page: in its human form (never raw ISO), its day where it is not
the incident's, its written form and reading in the hover text, and what was inferred marked.
One place, so a milestone, a timeline row and the key facts show a time the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from ..core.moments import Moment
from ..core.moments import written as moment_written
from ..core.zones import fixed_offset

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
"""English names, not the locale's: the same input builds the same page on every machine."""


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


@dataclass(frozen=True)
class TimeShown:
    """A moment on the page: ``text`` is what the reader sees, ``title`` the hover text."""

    text: str
    written: str
    iso: str = ""
    """For ``<time datetime>``: the instant or the day, when the moment is one."""
    title: str = ""
    approximate: bool = False
    clock: bool = False
    """True when ``text`` is the clock time alone (its day and zone said around it)."""
    note: str = ""
    """The note of the structured form."""


def shown(value: Any, moment: Moment | None, zone: str, tz: tzinfo | None = None) -> TimeShown:
    """A moment as a plain clock time (``14:02``) when it is exactly one in ``zone`` (whose
    rules are ``tz``, when known), the zone said once around it; anything else (approximate, a
    range, a bound, another zone, no clock time) exactly as written. The hover says how it was
    written and read."""
    text = moment_written(value)
    if moment is None:
        return TimeShown(text, text)
    reading = f"read as {hover_reading(moment)}" if moment.known else ""
    if plain_clock(moment, zone, tz):
        clock = _clock(moment, moment.point)
        title = hover_title(text, clock, reading)
        return TimeShown(clock, text, iso_stamp(moment), title, clock=True, note=moment.note)
    title = hover_title(text, text, reading)
    return TimeShown(
        text, text, iso_stamp(moment), title, approximate=moment.approximate, note=moment.note
    )


def plain_clock(moment: Moment, zone: str, tz: tzinfo | None) -> bool:
    """Whether ``moment`` is one exact minute or second on the clock of ``zone``: read in it,
    or written with an offset that ``zone`` keeps at that instant (``10:12+01:00`` in
    Europe/Berlin in winter)."""
    point = moment.point
    if point is None or moment.precision not in ("minute", "second") or moment.approximate:
        return False
    return moment.zone == zone or _same_offset(moment, tz)


def _clock(moment: Moment, instant: datetime | None) -> str:
    """``14:02``, or ``14:02:30`` for a time written to the second (``14:02:00Z`` is a
    minute)."""
    if instant is None:
        return ""
    return instant.strftime("%H:%M:%S" if moment.resolution == "second" else "%H:%M")


def iso_stamp(moment: Moment) -> str:
    """For ``<time datetime>``: the instant, or the day of a whole day."""
    if moment.point is not None:
        return moment.point.isoformat()
    if moment.precision == "day":
        first = moment.first_day
        return first.isoformat() if first is not None and _days(moment) == 1 else ""
    return ""


def _days(moment: Moment) -> int:
    if moment.earliest is None or moment.latest is None:
        return 0
    return (moment.latest.date() - moment.earliest.date()).days


INFERRED = {
    "year": "year not written: the nearest to the row before",
    "next day": "the next day: after midnight, no date written",
}
"""What the page says of a moment's inferred parts (a date taken from the row before is the
rule the timeline states once)."""


def hover_reading(moment: Moment) -> str:
    """How a moment was read, for its hover text: ``2026-07-02 10:05 Europe/Berlin =
    08:05Z`` (``= 2021-10-29 00:35Z`` when UTC is on another day), with what was inferred."""
    marks = [INFERRED[key] for key in moment.inferred if key in INFERRED]
    return moment.reading + "".join(f"; {mark}" for mark in marks)


def hover_title(written: str, shown_text: str, reading: str) -> str:
    """The hover text: the written form where the page shows less of it, and the reading."""
    if written == shown_text:
        return reading[:1].upper() + reading[1:]
    return f"As written: {written}" + (f"; {reading}" if reading else "")


def human(moment: Moment, zone: str, tz: tzinfo | None) -> str:
    """A moment in words a reader takes in at a glance, never more precise than written and
    never raw ISO (``2025-03-14T10:12:00+01:00``): ``10:12``, ``~07:15 PST``, ``07:01-07:15
    PST`` (with an en dash), ``after 07:15``, ``before 09:00``, ``14 Mar 2025``. Its zone is
    said where it is not ``zone`` (said once around it); its day is for the caller to say."""
    if not moment.known:
        return moment.text
    if moment.precision == "day":
        first = moment.earliest.date() if moment.earliest is not None else None
        last = (moment.latest - timedelta(microseconds=1)).date() if moment.latest else None
        if first is None:
            return f"before the end of {short_date(last)}" if last else moment.text
        if last is None:
            return f"from {short_date(first)}"
        return short_date(first) if first == last else f"{short_date(first)} – {short_date(last)}"
    prefix = "~" if moment.approximate else ""
    suffix = "" if moment.zone == zone or _same_offset(moment, tz) else f" {moment.zone}"
    start, end = moment.earliest, moment.latest
    if moment.point is not None:
        return f"{prefix}{_clock(moment, start)}{suffix}"
    if start is None:
        return f"before {prefix}{_clock(moment, end)}{suffix}"
    if end is None:
        return f"after {prefix}{_clock(moment, start)}{suffix}"
    later = f"{short_date(end.date())} " if end.date() != start.date() else ""
    return f"{prefix}{_clock(moment, start)}–{later}{_clock(moment, end)}{suffix}"


def _same_offset(moment: Moment, tz: tzinfo | None) -> bool:
    """A moment written with a bare offset (``+01:00``) that the page's zone keeps at that
    instant: its clock is the page's."""
    instant = moment.earliest or moment.latest
    if tz is None or instant is None:
        return False
    try:
        if fixed_offset(moment.zone) is None:
            return False
    except ValueError:
        return False
    return instant.astimezone(tz).utcoffset() == instant.utcoffset()
