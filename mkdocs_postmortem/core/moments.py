"""Moments as postmortems write them.

A moment keeps the text exactly as written and reads it as an interval (earliest, latest), with
the precision the author gave (second, minute, hour, day or none) and the zone it was read in
(written on it, or the postmortem's):
``14:02 PST`` is a minute; ``~07:15`` the same minute, approximate; ``07:01-07:15`` a range;
``after 07:15`` an interval open at one end; ``2026-01-05`` a whole day; ``shortly after`` no
clock time at all. What the text leaves out comes from the row before it (or the incident's
date and timezone) and is marked as inferred: never more precision than the author gave.

Here is what a moment is (``Moment``), what reading one takes (``Context``) and gives
(``Reading``, ``MomentError``). The forms are ``moment_grammar``'s, a point in time is read by
``moment_points``, a whole moment by ``moment_reader``; ``spans`` holds the time between two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .zones import Zone, ZoneTable

PRECISIONS = ("second", "minute", "hour", "day", "none")
FIRST_YEAR, LAST_YEAR = 1900, 2099
"""The years a postmortem's dates may name (the schema's, too): every instant read, a day or
a time zone either side of them, stays within what Python's dates can hold."""


class MomentError(ValueError):
    """A value that names no moment this archive can read; the message is for a person.
    ``part``: the field of the structured form it concerns (``at``, ``until``), if one;
    ``forms``: whether the written forms would help (not for a text that is only too long);
    ``settled``: the text was understood and names no instant, or two (an offset no zone keeps,
    a local time skipped or repeated by daylight saving, a range ending before it starts):
    never read another way instead."""

    def __init__(
        self, message: str, part: str = "", *, forms: bool = True, settled: bool = False
    ) -> None:
        super().__init__(message)
        self.part = part
        self.forms = forms
        self.settled = settled


@dataclass(frozen=True)
class Moment:
    """A moment as written, and the interval it stands for."""

    text: str
    """As written (the structured form: its parts joined)."""
    earliest: datetime | None
    latest: datetime | None
    precision: str
    """second, minute, hour, day or none (no clock time)."""
    approximate: bool = False
    zone: str = ""
    """The zone it was read in, as written or inherited."""
    zone_inferred: bool = False
    inferred: tuple[str, ...] = ()
    """What the text left out and was taken from the rows before it: ``date``, ``year``,
    ``next day``."""
    note: str = ""
    day: date | None = None
    """The day it was read on (where it has one): the next row's date comes from it."""

    @property
    def known(self) -> bool:
        return self.earliest is not None or self.latest is not None

    @property
    def point(self) -> datetime | None:
        """The instant, when the moment is one (exact or approximate)."""
        if self.earliest is not None and self.earliest == self.latest:
            return self.earliest
        return None

    @property
    def resolution(self) -> str:
        """How precisely it is shown and counted: its precision, but a time written to the
        second whose seconds are zero (``14:02:00Z``, how machines write a minute) is its
        minute, so that two such stamps never make a duration of ``0 s``."""
        if self.precision != "second":
            return self.precision
        ends = (t for t in (self.earliest, self.latest) if t is not None)
        return "second" if any(t.second or t.microsecond for t in ends) else "minute"

    @property
    def first_day(self) -> date | None:
        """The day it begins on, in its own zone (a range from its start): where a page lists
        it. None without a clock time or a day."""
        if self.earliest is not None:
            return self.earliest.date()
        if self.precision == "day" or self.latest is None:
            return self.day
        return self.latest.date()

    @property
    def reading(self) -> str:
        """How the text was read, for messages and pages: ``2026-07-02 10:05 Europe/Berlin =
        08:05Z`` (with the UTC date when it is another day); a range or bound shows both ends,
        days as days."""
        if not self.known:
            return "no clock time"
        if self.precision == "day":
            first = self.earliest.date() if self.earliest is not None else None
            last = (self.latest - timedelta(microseconds=1)).date() if self.latest else None
            zone = f"({self.zone})"
            if first is None:
                return f"up to the end of {last} {zone}"
            if last is None:
                return f"from {first} on {zone}"
            if first == last:
                return f"{first} (the day, {self.zone})"
            return f"{first} to {last} (whole days, {self.zone})"

        def show(moment: datetime) -> str:
            local = moment.strftime(
                "%Y-%m-%d %H:%M:%S" if self.resolution == "second" else "%Y-%m-%d %H:%M"
            )
            return f"{local} {self.zone}{in_utc(moment, self.resolution)}"

        if self.point is not None:
            return ("about " if self.approximate else "") + show(self.point)
        if self.earliest is None and self.latest is not None:
            return "before " + show(self.latest)
        if self.latest is None and self.earliest is not None:
            return "after " + show(self.earliest)
        assert self.earliest is not None and self.latest is not None
        return f"between {show(self.earliest)} and {show(self.latest)}"

    @property
    def sort_key(self) -> str:
        """The earliest instant it may be, in UTC (the latest for an upper bound), for order."""
        moment = self.earliest or self.latest
        return moment.astimezone(timezone.utc).isoformat() if moment else ""


def in_utc(moment: datetime, resolution: str = "minute", *, always: bool = False) -> str:
    """`` = 08:05Z`` for a time in another zone than UTC, `` = 2021-10-29 00:35Z`` when UTC
    is on another day than the time as written; "" for a time in UTC (unless ``always``).
    Every reading a message or a page gives says UTC so."""
    if not moment.utcoffset() and not always:
        return ""
    utc = moment.astimezone(timezone.utc)
    clock = utc.strftime("%H:%M:%S" if resolution == "second" else "%H:%M") + "Z"
    return f" = {utc:%Y-%m-%d} {clock}" if utc.date() != moment.date() else f" = {clock}"


@dataclass
class Context:
    """What a moment takes from its surroundings: the day from the rows before it, the zone
    from the postmortem (a zone written on one row is that row's only)."""

    day: date
    zone: Zone
    zone_written: bool = False
    """``zone`` was chosen by the author (the postmortem's ``timezone``, a structured form's
    ``zone``), not the site's default: a time read in it is compared with the row before in it."""
    previous: Moment | None = None
    table: ZoneTable = field(default_factory=ZoneTable)


@dataclass(frozen=True)
class Reading:
    moment: Moment
    warnings: tuple[str, ...] = ()
    """Non-blocking: the value was read, but perhaps not as meant (EST on a summer date)."""


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def written(value: Any) -> str:
    """A moment as its author wrote it: the text, or the structured form's parts joined
    (``~07:01`` to ``07:15 PST`` with an en dash between)."""
    if not isinstance(value, Mapping):
        return " ".join(str(value).split()) if value is not None else "unknown"
    parts = [str(value[k]) for k in ("at", "until") if value.get(k) is not None]
    text = "–".join(parts) + (f" {value['zone']}" if value.get("zone") is not None else "")
    text = text.strip()
    return ("~" if value.get("approximate") else "") + text if text else "unknown"
