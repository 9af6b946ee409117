"""What an incident page works out for its reader: when it happened in the incident's own time,
the timeline grouped by day with the zone said once, the lifecycle milestones, the headline
figures. Every time keeps its written form (shown, or in the hover text of a plain clock time),
and nothing is shown more precisely than it was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from ..core.lifecycle import LIFECYCLE
from ..core.model import Incident
from ..core.moments import Moment
from ..core.moments import written as moment_written
from ..core.quantities import QuantityError, read_quantity
from ..core.values import POSTMORTEM_ZONE
from ..core.zones import offset_label
from .times_shown import (
    WEEKDAYS,
    TimeShown,
    hover_reading,
    hover_title,
    human,
    iso_stamp,
    long_date,
    plain_clock,
    short_date,
    shown,
)


@dataclass
class Day:
    day: date | None
    rows: list[tuple[int, dict[str, Any], TimeShown | None]] = field(default_factory=list)
    next_day: bool = False
    """Some time of this day was read as the next day (after midnight, no date written)."""
    year_inferred: bool = False
    """Every row dated on this day was written without its year: the year is inferred."""
    year_written: bool = False
    """Some row dated on this day was written with its year."""

    @property
    def label(self) -> str:
        if self.day is None:
            return "Undated"
        return long_date(self.day) + (" (year inferred)" if self.year_inferred else "")

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
    year_inferred: bool = False
    """Some date was written without its year (said once, and on its day's heading)."""


def timeline(incident: Incident, path: Sequence[str], rows: Sequence[Any]) -> Timeline:
    """The rows of a list of moments (``timeline``) grouped by the day each begins on. A row
    without a day (no time, or words) stays in its place, under the day of the rows around it
    when both are on that day; otherwise under no day's heading (``Undated``): a heading never
    gives a row a day the source does not."""
    moments = {index: incident.moments.get((*path, index, "time")) for index in range(len(rows))}
    zones = [m.zone for m in moments.values() if m is not None and m.known]
    default = incident.zone.label if incident.zone else ""
    zone = zones[0] if zones and len(set(zones)) == 1 else default
    tz = incident.zone.tz if incident.zone and zone == default else None
    listed = [(index, row) for index, row in enumerate(rows) if isinstance(row, dict)]
    days_of = [_day_of(moments[index]) for index, _ in listed]
    # The day a row without one is listed under: the day of the rows before and after it,
    # when they agree.
    before: list[date | None] = []
    last: date | None = None
    for day in days_of:
        before.append(day if day is not None else last)
        last = day if day is not None else last
    after: list[date | None] = []
    last = None
    for day in reversed(days_of):
        after.append(day if day is not None else last)
        last = day if day is not None else last
    after.reverse()
    days: list[Day] = []
    timeline_year = False
    for (index, row), day, prior, following in zip(listed, days_of, before, after, strict=True):
        if day is None and prior is not None and prior == following:
            day = prior
        if not days or day != days[-1].day:
            days.append(Day(day))
        current = days[-1]
        moment = moments[index]
        if moment is not None and "next day" in moment.inferred:
            current.next_day = True
        if moment is not None and moment.known and "date" not in moment.inferred:
            # A row with its own date (one that takes it from the row before says nothing).
            year = "year" in moment.inferred
            current.year_written = current.year_written or not year
            current.year_inferred = (current.year_inferred or year) and not current.year_written
            timeline_year = timeline_year or year
        time = shown(row["time"], moment, zone, tz) if "time" in row else None
        current.rows.append((index, row, time))
    mixed = len(set(zones)) > 1
    has_clock = any(t and t.clock for d in days for _, _, t in d.rows)
    return Timeline(zone if has_clock else "", days, mixed, timeline_year)


def _day_of(moment: Moment | None) -> date | None:
    if moment is None or not moment.known:
        return None
    return moment.first_day


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    time: TimeShown
    day: str
    """The day, when it is not the incident's date ("" otherwise)."""
    inferred: str = ""
    """What of its day was not written (``year inferred``), said beside it."""


def milestones(incident: Incident) -> list[Milestone]:
    """The lifecycle moments the postmortem gives, in lifecycle order, each in its human form
    (``14:02``, ``~07:15 PST``, never raw ISO) with its day where it is not the incident's,
    and what was written and read in the hover."""
    written = incident.data.get("timestamps") or {}
    zone = incident.zone.label if incident.zone else ""
    tz = incident.zone.tz if incident.zone else None
    out = []
    for key in LIFECYCLE:
        if key not in written:
            continue
        moment = incident.moments.get(("timestamps", key))
        time = when(written[key], moment, zone, tz)
        day = moment_day(moment, incident.date)
        out.append(Milestone(key, key.capitalize(), time, day, inferred_mark(moment)))
    return out


def inferred_mark(moment: Moment | None) -> str:
    """``year inferred``, ``next day``: what a page says beside a moment of what its author
    left out; "" for nothing (a date from the row before is the rule, said once)."""
    if moment is None or not moment.known:
        return ""
    marks = {"year": "year inferred", "next day": "next day"}
    return ", ".join(marks[key] for key in moment.inferred if key in marks)


def when(value: Any, moment: Moment | None, zone: str, tz: tzinfo | None) -> TimeShown:
    """A lifecycle moment for the key facts and milestones: its human form, the written text
    and its reading in the hover."""
    text = moment_written(value)
    if moment is None or not moment.known:
        return TimeShown(text, text, note=moment.note if moment else "")
    form = human(moment, zone, tz)
    title = hover_title(text, form, f"read as {hover_reading(moment)}")
    clock = plain_clock(moment, zone, tz)
    return TimeShown(form, text, iso_stamp(moment), title, moment.approximate, clock, moment.note)


def moment_day(moment: Moment | None, incident_date: str) -> str:
    """``6 Jan 2026``: the day a moment begins on, where it is not the incident's date and the
    moment's human form does not say it already (a whole day); "" otherwise."""
    if moment is None or not moment.known or moment.precision == "day":
        return ""
    day = moment.first_day
    if day is None or day.isoformat() == incident_date:
        return ""
    return short_date(day)


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
    ends are exact instants; otherwise the date and the ends in their human form, each with
    its day where it is not the incident's."""
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
        zone = incident.zone.label if incident.zone else ""
        ends = [f"from {_dated(start, zone, tz, incident.date)}"]
        if end is not None:
            ends.append(f"to {_dated(end, zone, tz, incident.date)}")
        return Window(f"{on}, " + " ".join(ends))
    local_a = a.astimezone(tz)
    label = local_a.tzname() or (incident.zone.label if incident.zone else "")
    first = f"{_prefix(start)}{local_a:%H:%M}"
    if local_a.date().isoformat() != incident.date:
        first = f"{short_date(local_a.date())} {first}"
    if b is None:
        tail = f" to {_dated(end, label, tz, incident.date)}" if end is not None else ""
        tail = tail or ", end not recorded"
        return Window(f"{on}, {first} {label}{tail}", a.isoformat())
    local_b = b.astimezone(tz)
    second = f"{_prefix(end)}{local_b:%H:%M}"
    if local_b.date() != local_a.date():
        second = f"{short_date(local_b.date())} {second}"
    end_label = local_b.tzname() or label
    zone = label if end_label == label else f"{label}/{end_label}"
    return Window(f"{on}, {first}–{second} {zone}", a.isoformat(), b.isoformat())


def _dated(moment: Moment, zone: str, tz: tzinfo | None, incident_date: str) -> str:
    """A moment's human form, after its day where that is not the incident's, with what of it
    was inferred."""
    day = moment_day(moment, incident_date)
    text = f"{day} {human(moment, zone, tz)}" if day else human(moment, zone, tz)
    mark = inferred_mark(moment)
    return f"{text} ({mark})" if mark else text


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
