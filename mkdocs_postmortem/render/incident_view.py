"""What an incident page works out for its reader: when it happened in the incident's own time,
the timeline grouped by day with the zone said once, the lifecycle milestones, the headline
figures. Every time keeps its written form (shown, or in the hover text of a plain clock time),
and nothing is shown more precisely than it was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from ..core.model import LIFECYCLE, POSTMORTEM_ZONE, Incident
from ..core.moments import Moment
from ..core.moments import written as moment_written
from ..core.quantities import QuantityError, read_quantity
from ..core.zones import offset_label

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


def shown(value: Any, moment: Moment | None, zone: str) -> TimeShown:
    """A moment as a plain clock time (``14:02``) when it is exactly one, in ``zone``, the zone
    said once around it; anything else (approximate, a range, a bound, another zone, no clock
    time) exactly as written."""
    text = moment_written(value)
    if moment is None:
        return TimeShown(text, text)
    reading = f"read as {_reading(moment)}" if moment.known else ""
    point = moment.point
    if (
        point is not None
        and moment.precision in ("minute", "second")
        and not moment.approximate
        and moment.zone == zone
    ):
        # Whole minutes written with seconds (``14:02:00Z``) read as minutes; the hover keeps them.
        seconds = moment.precision == "second" and (point.second or point.microsecond)
        clock = point.strftime("%H:%M:%S" if seconds else "%H:%M")
        title = _title(text, clock, reading)
        return TimeShown(clock, text, point.isoformat(), title, clock=True, note=moment.note)
    iso = ""
    if point is not None:
        iso = point.isoformat()
    elif moment.precision == "day" and moment.day is not None:
        iso = moment.day.isoformat()
    title = _title(text, text, reading)
    return TimeShown(text, text, iso, title, approximate=moment.approximate, note=moment.note)


def _title(written: str, shown_text: str, reading: str) -> str:
    """The hover text: the written form where the page shows less of it, and the reading."""
    if written == shown_text:
        return reading[:1].upper() + reading[1:]
    return f"As written: {written}" + (f"; {reading}" if reading else "")


def _reading(moment: Moment) -> str:
    """How a moment was read, short: a point as its day, clock and zone (and UTC when the
    zone is not); anything else as the model says it."""
    point = moment.point
    if point is None or moment.precision not in ("minute", "second"):
        return moment.reading
    local = f"{point:%Y-%m-%d %H:%M} {moment.zone}"
    offset = point.utcoffset()
    if offset:
        local += f" = {point.astimezone(timezone.utc):%H:%M}Z"
    return ("about " if moment.approximate else "") + local


@dataclass
class Day:
    day: date | None
    rows: list[tuple[int, dict[str, Any], TimeShown | None]] = field(default_factory=list)
    next_day: bool = False
    """Some time of this day was read as the next day (after midnight, no date written)."""

    @property
    def label(self) -> str:
        return long_date(self.day) if self.day else "Undated"

    @property
    def id(self) -> str:
        return f"day-{self.day.isoformat()}" if self.day else "undated"


@dataclass
class Timeline:
    zone: str
    """The zone said once for the plain clock times ("" when there are none)."""
    days: list[Day]
    mixed: bool = False
    """Some times are in another zone than ``zone``: those carry their zone as written."""


def timeline(incident: Incident, path: Sequence[str], rows: Sequence[Any]) -> Timeline:
    """The rows of a list of moments (``timeline``) grouped by the day each was read on; a
    row without a day stays after the row before it."""
    moments = {index: incident.moments.get((*path, index, "time")) for index in range(len(rows))}
    zones = [m.zone for m in moments.values() if m is not None and m.known]
    default = incident.zone.label if incident.zone else ""
    zone = zones[0] if zones and len(set(zones)) == 1 else default
    days: list[Day] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        moment = moments[index]
        day = _day_of(moment)
        if not days or (day is not None and day != days[-1].day):
            days.append(Day(day))
        current = days[-1]
        if moment is not None and "next day" in moment.inferred:
            current.next_day = True
        time = shown(row["time"], moment, zone) if "time" in row else None
        current.rows.append((index, row, time))
    mixed = len(set(zones)) > 1
    has_clock = any(t and t.clock for d in days for _, _, t in d.rows)
    return Timeline(zone if has_clock else "", days, mixed)


def _day_of(moment: Moment | None) -> date | None:
    if moment is None or not moment.known:
        return None
    if moment.precision == "day" and moment.day is not None:
        return moment.day
    instant = moment.earliest or moment.latest
    return instant.date() if instant is not None else None


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    time: TimeShown
    day: str
    """The day, when it is not the incident's date ("" otherwise)."""


def milestones(incident: Incident) -> list[Milestone]:
    """The lifecycle moments the postmortem gives, in lifecycle order."""
    written = incident.data.get("timestamps") or {}
    zone = incident.zone.label if incident.zone else ""
    out = []
    for key in LIFECYCLE:
        if key not in written:
            continue
        moment = incident.moments.get(("timestamps", key))
        time = shown(written[key], moment, zone)
        day = _day_of(moment) if time.clock else None
        other = day is not None and day.isoformat() != incident.date
        out.append(Milestone(key, key.capitalize(), time, short_date(day) if other and day else ""))
    return out


@dataclass(frozen=True)
class Window:
    """When the incident happened, for the key facts: from its start to its end."""

    text: str
    start_iso: str = ""
    end_iso: str = ""
    zone_note: str = ""
    """Which zone the times written without one were read in ("" when there are none)."""


def zone_note(incident: Incident) -> str:
    """``Times written without a zone are read in Europe/Berlin (UTC+02:00), ...``: said once
    on the page, because ``10:05`` beside ``10:00Z`` reads as later when it may be earlier."""
    zone = incident.zone
    read = [m for m in incident.moments.values() if m.known and m.zone_inferred]
    if zone is None or not read:
        return ""
    offsets = {
        offset_label(delta)
        for m in read
        for instant in (m.earliest, m.latest)
        if instant is not None and (delta := instant.utcoffset()) is not None
    }
    label = zone.label
    if offsets and offsets != {label}:
        label += f" ({', '.join(sorted(offsets))})"
    source = "this postmortem's" if incident.zone_source == POSTMORTEM_ZONE else "the site's"
    return f"Times written without a zone are read in {label}, {source} timezone."


def window(incident: Incident) -> Window:
    """``Tue 2025-11-18, 14:02-16:40 UTC`` (an en dash) in the incident's zone, where both
    ends are exact instants; otherwise the date and the ends as written."""
    found = _window(incident)
    note = zone_note(incident)
    return Window(found.text, found.start_iso, found.end_iso, note) if note else found


def _window(incident: Incident) -> Window:
    ts = incident.timestamps
    start = ts.get("started") or ts.get("triggered")
    end = ts.get("resolved") or ts.get("recovered") or ts.get("mitigated")
    try:
        day = date.fromisoformat(incident.date)
        on = f"{WEEKDAYS[day.weekday()][:3]} {incident.date}"  # the date as written
    except ValueError:
        on = incident.date
    tz = incident.zone.tz if incident.zone else None
    a = _exact(start)
    b = _exact(end)
    if a is None or tz is None:
        if start is None:
            return Window(on)
        ends = [f"from {start.text}"] + ([f"to {end.text}"] if end is not None else [])
        return Window(f"{on}, " + " ".join(ends))
    local_a = a.astimezone(tz)
    label = local_a.tzname() or (incident.zone.label if incident.zone else "")
    first = f"{_prefix(start)}{local_a:%H:%M}"
    if local_a.date().isoformat() != incident.date:
        first = f"{short_date(local_a.date())} {first}"
    if b is None:
        tail = f" to {end.text}" if end is not None else ", end not recorded"
        return Window(f"{on}, {first} {label}{tail}", a.isoformat())
    local_b = b.astimezone(tz)
    second = f"{_prefix(end)}{local_b:%H:%M}"
    if local_b.date() != local_a.date():
        second = f"{short_date(local_b.date())} {second}"
    end_label = local_b.tzname() or label
    zone = label if end_label == label else f"{label}/{end_label}"
    return Window(f"{on}, {first}–{second} {zone}", a.isoformat(), b.isoformat())


def _exact(moment: Moment | None) -> datetime | None:
    if moment is None or moment.precision not in ("minute", "second"):
        return None
    return moment.point


def _prefix(moment: Moment | None) -> str:
    return "~" if moment is not None and moment.approximate else ""


HEADLINE_FIGURES = (
    ("user", "affected_users", "users affected", False),
    ("user", "affected_users_percent", "of users affected", True),
    ("user", "failed_requests", "failed requests", False),
    ("user", "error_rate_percent", "peak error rate", True),
    ("business", "support_tickets", "support tickets", False),
)


def headline_figures(incident: Incident) -> list[tuple[str, str]]:
    """The impact figures worth a glance, as written, with what each counts."""
    impact = incident.data.get("impact")
    if not isinstance(impact, dict):
        return []
    out = []
    for group, key, label, percent in HEADLINE_FIGURES:
        values = impact.get(group)
        if isinstance(values, dict) and key in values:
            text = figure_written(values[key])
            out.append((text + ("%" if percent and "%" not in text else ""), label))
    return out


def figure_written(value: Any) -> str:
    """A figure as written: the number, the text, or the structured form's parts."""
    if isinstance(value, dict):
        try:
            figure = read_quantity(value)
        except QuantityError:
            return str(value)
        return figure.text + (f" ({figure.note})" if figure.note else "")
    return written_value(value)


def written_value(value: Any) -> str:
    """A scalar as the page shows it: booleans as yes/no, nothing as a dash, the rest as
    written."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "—"
    return str(value)


def flatten(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Values of any shape as (sub-path, scalar) rows, so that every value is shown."""
    if isinstance(value, dict):
        rows: list[tuple[str, Any]] = []
        for key, item in value.items():
            rows.extend(flatten(item, f"{path}.{key}" if path else str(key)))
        return rows or [(path, "{}")]
    if isinstance(value, list):
        rows = []
        for index, item in enumerate(value):
            rows.extend(flatten(item, f"{path}[{index}]"))
        return rows or [(path, "[]")]
    return [(path, value)]
