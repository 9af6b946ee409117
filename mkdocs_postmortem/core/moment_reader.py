"""Reading a written moment: ``read_moment`` reads a text (a point, approximate, a bound, a
range, or words for none) or the structured form in the context of the rows before it,
``read_sequence`` a list's rows in order, and ``period_end`` an action item's due period. Each
refuses a text longer than ``MAX_LENGTH`` before any pattern sees it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .moment_grammar import (
    _APPROX,
    _BETWEEN,
    _CLOCK_OR_DATE,
    _FROM_TO,
    _LOWER,
    _OR_LATER,
    _RANGE_SEP,
    _UNKNOWN,
    _UPPER,
)
from .moment_points import _has_date, _is_date, _on_date, _point, _real_date, _zone_of
from .moments import (
    FIRST_YEAR,
    LAST_YEAR,
    PRECISIONS,
    Context,
    Moment,
    MomentError,
    Reading,
    _utc,
    written,
)
from .zones import Zone, day_in

MAX_LENGTH = 200
"""The longest moment read, as the schema allows a written one: a longer text is refused
before any pattern sees it."""
MAX_SPLITS = 8
"""Separators tried where a text may be a range (``07:01-07:15``): the most any written form
has is seven (``2026-01-05 14:02 -08:00 - 2026-01-05 15:00 -08:00``); trying each of a
hostile text's thousands, each with a read of both sides, was quadratic."""


def read_moment(value: Any, context: Context) -> Reading:
    """Read one written moment (a string or the structured mapping) in ``context`` and move
    the context on. Raises MomentError for a value that names no moment."""
    try:
        if isinstance(value, Mapping):
            reading = _structured(value, context)
        else:
            text = "" if value is None else str(value)
            _check_length(text)
            reading = _plain(text, context)
    except OverflowError:  # a day out of Python's range: never for the years a date may name
        raise MomentError(
            f"out of the dates this archive reads (the years {FIRST_YEAR} to {LAST_YEAR})",
            forms=False,
        ) from None
    moment = reading.moment
    if moment.known:
        context.previous = moment
    if moment.day is not None:
        context.day = moment.day
    return reading


def _check_length(text: str, part: str = "") -> None:
    if len(text) > MAX_LENGTH:
        raise MomentError(
            f"is too long ({len(text):,} characters; at most {MAX_LENGTH:,})", part, forms=False
        )


def _plain(text: str, context: Context) -> Reading:
    written = " ".join(text.split())
    rest = written
    if rest.lower() in _UNKNOWN:
        return Reading(Moment(written or "unknown", None, None, "none"))
    approximate = False
    match = _APPROX.match(rest)
    if match:
        approximate, rest = True, rest[match.end() :]
    # October 29, 1999: 8:15am - 11:41am: a date that is not ISO, a colon, then its times.
    head, colon, tail = rest.partition(": ")
    if colon and tail[:1].isdigit() and _is_date(head):
        rest = f"{head} {tail}"
    for pattern in (_BETWEEN, _FROM_TO):
        match = pattern.match(rest)
        if match:
            return _range(written, match.group(1), match.group(2), approximate, context)
    bound = ""
    match = _LOWER.match(rest)
    if match:
        bound, rest = "after", rest[match.end() :]
        approximate = approximate or match.group(1).lower().startswith("shortly")
    else:
        match = _UPPER.match(rest)
        if match:
            bound, rest = "before", rest[match.end() :]
            approximate = approximate or match.group(1).lower().startswith("shortly")
    match = None if bound else _OR_LATER.search(rest)
    if match:
        bound, rest = "after", rest[: match.start()]
    try:
        point, warnings = _point(rest, context, approximate)
    except MomentError as first:
        specific = first
        separators = itertools.islice(_RANGE_SEP.finditer(rest), MAX_SPLITS)
        for sep in separators if not bound and not first.settled else ():
            left, right = rest[: sep.start()], rest[sep.end() :]
            if left and right:
                try:
                    return _range(written, left, right, approximate, context)
                except MomentError as exc:
                    if exc.settled:
                        specific = exc
                    continue
        if _CLOCK_OR_DATE.search(rest) or not re.search(r"[A-Za-z]", rest):
            message = str(specific).replace(repr(rest), repr(written))
            raise MomentError(message, settled=specific.settled) from None
        # Words without a clock time or a date: the row keeps its place, with no time.
        return Reading(Moment(written, None, None, "none", approximate))
    moment = replace(point, text=written)
    if bound == "after":  # from the start of what is named: the wider reading
        moment = replace(moment, latest=None)
    elif bound == "before":  # by 1am: at 01:00 or before, not up to the end of that hour
        latest = moment.earliest if moment.precision == "hour" else moment.latest
        moment = replace(moment, earliest=None, latest=latest)
    return Reading(moment, warnings)


def _range(written: str, left: str, right: str, approximate: bool, context: Context) -> Reading:
    """``07:01-07:15 PST``: the zone of either end applies to both; the end takes the start's
    date and rolls over midnight like the next row would."""
    left_written, right_written = left, right
    right_zone = _zone_of(right, context)
    left_zone = _zone_of(left, context)
    if right_zone is not None and left_zone is None:
        left = f"{left} ({right_zone.label})"
    elif left_zone is not None and right_zone is None:
        right = f"{right} ({left_zone.label})"
    on = _on_date(right)
    if on and _on_date(left) is None and not _has_date(left):
        left = f"{left} on {on[1]}"  # between 2:25 AM and 10:36 AM on October 20: both that day
    start, warnings = _point(left, context, approximate)
    inner = Context(
        start.day or context.day, context.zone, context.zone_written, start, context.table
    )
    end, more = _point(right, inner, approximate)
    if start.precision == "day" and end.precision != "day" and "date" in end.inferred:
        # Dec 13, 2019 - 01:37 NZDT: a date, a dash, its time (a status post's stamp), one
        # instant; a range needs a time at both ends.
        point, warnings = _point(f"{left_written} {right_written}", context, approximate)
        return Reading(replace(point, text=written), warnings)
    if end.precision == "hour" and end.earliest is not None:
        end = replace(end, latest=end.earliest)  # from 10pm to 2am ends at 02:00, not 03:00
    if start.earliest is None or end.latest is None:
        raise MomentError(f"{written!r} is not a time this archive can read")
    if _utc(end.latest) < _utc(start.earliest):
        raise MomentError(f"{written!r} ends before it starts", settled=True)
    moment = _spanning(written, start, end)
    moment = replace(
        moment,
        approximate=approximate or start.approximate or end.approximate,
        zone_inferred=start.zone_inferred and end.zone_inferred,
    )
    return Reading(moment, tuple(dict.fromkeys((*warnings, *more))))


def _spanning(text: str, start: Moment, end: Moment) -> Moment:
    """From the start of one point to the end of another, as precise as the coarser of them."""
    return Moment(
        text=text,
        earliest=start.earliest,
        latest=end.latest,
        precision=_coarser(start.precision, end.precision),
        approximate=start.approximate,
        zone=start.zone,
        zone_inferred=start.zone_inferred,
        # The end's date and its crossing of midnight are read from the range itself (the
        # start's day, rolled over): only what the start took from the rows before, and a
        # year, is inferred.
        inferred=tuple(dict.fromkeys((*start.inferred, *(i for i in end.inferred if i == "year")))),
        # The next row without a date is read from the start of a span of clock times (a row
        # after "from 10pm to 2am" at 10:10pm is inside it, on the first day).
        day=start.day if start.precision != "day" else end.day,
    )


def _coarser(a: str, b: str) -> str:
    return a if PRECISIONS.index(a) >= PRECISIONS.index(b) else b


def _structured(value: Mapping[str, Any], context: Context) -> Reading:
    """``{at, until, approximate, precision, zone, note}``: what a plain string cannot say.
    A zone given here is chosen on purpose: it gets no seasonal warning."""
    at, until = value.get("at"), value.get("until")
    for name, part in (("at", at), ("until", until)):
        if part is not None:
            _check_length(str(part), name)
    approximate = bool(value.get("approximate", False))
    precision = value.get("precision")
    note = str(value.get("note") or "")
    zone_label = value.get("zone")
    local = Context(
        context.day, context.zone, context.zone_written, context.previous, context.table
    )
    if zone_label is not None:
        try:
            local.zone = context.table.resolve(str(zone_label))
        except ValueError as exc:
            raise MomentError(str(exc), "zone", forms=False) from None
        local.zone_written = True
    text = written(value)
    if at is None:
        if precision != "none":
            raise MomentError("give the moment in 'at' (or precision: none for no clock time)")
        return Reading(
            Moment(text.strip() or "unknown", None, None, "none", approximate, note=note)
        )
    for name, part in (("at", at), ("until", until)):
        if part is not None and zone_label is not None and _zone_of(str(part), context) is not None:
            raise MomentError(f"{name}: the zone is given twice (in '{name}' and in 'zone')")
    start, _ = _point(str(at), local, approximate)
    if zone_label is not None and not start.zone_inferred:
        raise MomentError("at: the zone is given twice (in 'at' and in 'zone')")
    start = _forced_zone(start, zone_label)
    end = start
    if until is not None:
        inner = Context(start.day or local.day, local.zone, True, start, context.table)
        end, _ = _point(str(until), inner, approximate)
        end = _forced_zone(end, zone_label)
        if end.precision == "hour" and end.earliest is not None:
            end = replace(end, latest=end.earliest)  # the end of a span is that instant
        if end.latest is None or start.earliest is None or end.latest < start.earliest:
            raise MomentError(f"until ({until}) is before at ({at})")
    moment = replace(_spanning(text, start, end), approximate=approximate, note=note)
    if precision is not None and precision != moment.precision:
        moment = _coarsen(moment, str(precision), local.zone)
    return Reading(moment)


def _forced_zone(moment: Moment, zone_label: Any) -> Moment:
    return replace(moment, zone=str(zone_label), zone_inferred=False) if zone_label else moment


def _coarsen(moment: Moment, precision: str, zone: Zone) -> Moment:
    """A moment the author knew less precisely than the digits say (``at: "07:00"`` with
    ``precision: hour``): the interval widens to the whole hour or day."""
    if precision not in PRECISIONS:
        raise MomentError(f"precision must be one of {', '.join(PRECISIONS)}")
    if PRECISIONS.index(precision) < PRECISIONS.index(moment.precision):
        raise MomentError(
            f"precision {precision} is finer than {moment.text!r} gives ({moment.precision})"
        )
    if precision == "none":
        return replace(moment, earliest=None, latest=None, precision="none")
    start, end = moment.earliest, moment.latest
    assert start is not None and end is not None
    if precision == "hour":
        start = start.replace(minute=0, second=0, microsecond=0)
        end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    elif precision == "day":
        start = day_in(zone, start.date())
        end = day_in(zone, end.date() + timedelta(days=1))
    elif precision == "minute":
        start = start.replace(second=0, microsecond=0)
        end = end.replace(second=0, microsecond=0)
    return replace(moment, earliest=start, latest=end, precision=precision)


_PERIOD = re.compile(
    r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|-Q(?P<q>[1-4])|-H(?P<h>[12]))?$"
)


def period_end(text: str) -> date:
    """The last day of a due period: ``2026-03-31``, ``2026-03``, ``2026-Q1``, ``2026-H1`` or
    ``2026``. An item is overdue only once the whole period has passed."""
    match = _PERIOD.match(text.strip()) if len(text) <= MAX_LENGTH else None
    if match is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise MomentError(
            f"{shown!r} is not a due date: write a day (2026-03-31), a month (2026-03), a "
            "quarter (2026-Q1) or a half year (2026-H1)"
        )
    year = int(match["y"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MomentError(f"{text!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    if match["d"]:
        return _real_date(year, int(match["m"]), int(match["d"]), text)
    if match["m"]:
        month = int(match["m"])
    elif match["q"]:
        month = 3 * int(match["q"])
    elif match["h"]:
        month = 6 * int(match["h"])
    else:
        month = 12
    if not 1 <= month <= 12:
        raise MomentError(f"{text!r} is not a real month")
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def read_sequence(
    values: Iterable[tuple[Any, Any]], context: Context
) -> list[tuple[Any, Reading | MomentError]]:
    """Each (key, value) read in order, each row taking what it leaves out from the ones before;
    a value that cannot be read is its MomentError and leaves the context as it was."""
    out: list[tuple[Any, Reading | MomentError]] = []
    for key, value in values:
        try:
            out.append((key, read_moment(value, context)))
        except MomentError as exc:
            out.append((key, exc))
    return out
