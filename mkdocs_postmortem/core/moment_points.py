"""One point in time read from its text (no range, no bound): its date, its clock time and its
zone. What the text leaves out comes from the row before it (or the incident's date and
timezone) and is marked as inferred; a local time that names no instant, or two, is refused."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from .moment_grammar import (
    _DATED_POINTS,
    _DAYS,
    _ISO_POINT,
    _MONTHS,
    _NEXT_DAY,
    _POINTS,
    _WEEKDAY,
    _WORD_CLOCKS,
    _ZONE_TAIL,
)
from .moments import FIRST_YEAR, LAST_YEAR, Context, Moment, MomentError
from .zones import OffsetError, Zone, ZoneTable, day_in, offset_label

ROLLOVER = timedelta(hours=3)
"""A clock time without a date, more than this before the row before it, is the next day:
``00:12`` after ``23:50``. A smaller step back is a row listed out of order."""


def _zone_of(text: str, context: Context) -> Zone | None:
    """The zone written at the end of ``text``, if any."""
    try:
        _, zone = _split_zone(text.strip(), context)
    except MomentError:
        return None
    return zone


def _split_zone(text: str, context: Context) -> tuple[str, Zone | None]:
    """``13:42 UTC`` -> (``13:42``, UTC). A trailing word that is not a zone stays (AM, PM)."""
    match = _ZONE_TAIL.search(text)
    if match is None:
        return text, None
    label = next(v for v in match.groupdict().values() if v)
    head = text[: match.start()].rstrip()
    if match.group("word") and (
        label.lower() in ("am", "pm", "a", "p") or label.lower() in _MONTHS
    ):
        return text, None
    if match.group("glued") and not context.table.knows(label):
        return text, None
    if match.group("word") and not context.table.knows(label):
        if re.fullmatch(r"[A-Z]{2,5}", label):
            raise MomentError(
                f"unknown time zone {label!r}; write an offset such as -08:00, an IANA name "
                "such as America/Los_Angeles, or an abbreviation of the archive's table (PST, "
                "EDT, BST, CET...; plugin option time_zones adds others)"
            )
        return text, None
    try:
        return head, context.table.resolve(label)
    except OffsetError as exc:
        raise MomentError(f"{text!r}: {exc}{_range_hint(head, label)}", settled=True) from None
    except ValueError as exc:
        raise MomentError(str(exc)) from None


def _range_hint(clock: str, offset: str) -> str:
    """What to write for a range, where an offset no zone keeps was likely one
    (``13:00-16:00``)."""
    if not offset.startswith("-") or not re.fullmatch(r"-[0-9]{1,2}:[0-9]{2}", offset):
        return ""
    clock = clock.split()[-1].split("T")[-1] if clock else clock
    return f"; for a range, write {clock} - {offset[1:]} or {clock} to {offset[1:]}"


def _point(text: str, context: Context, approximate: bool) -> tuple[Moment, tuple[str, ...]]:
    """One point in time (no range, no bound)."""
    rest = " ".join(text.split())  # one space between words: the patterns never backtrack far
    extra_day = False
    match = _NEXT_DAY.search(rest)
    if match:
        extra_day, rest = True, rest[: match.start()].rstrip()
    on = _on_date(rest)
    if on:
        rest = f"{on[1]} {on[0]}"
    rest, zone = _split_zone(rest, context)
    rest = _WEEKDAY.sub("", rest).strip().rstrip(",")
    rest = _WORD_CLOCKS.get(rest.lower(), rest)
    found = next((m for p in _POINTS if (m := p.fullmatch(rest))), None)
    if found is None:
        raise MomentError(f"{text!r} is not a time this archive can read")
    parts = {k: v for k, v in found.groupdict().items() if v is not None}
    offset = parts.get("off", "")
    if offset.startswith("-") and found.re is not _ISO_POINT:
        # -04:00 right after a clock time is an offset only in an ISO timestamp
        # (2026-01-05T13:00-08:00); after any other date, or none, it ends a range
        # (10/29 02:00-04:00): read as one, never as UTC-04:00.
        raise MomentError(f"{text!r} is not a time this archive can read")
    if offset:
        if zone is not None:
            raise MomentError(f"{text!r} gives its zone twice")
        try:
            zone = context.table.resolve("UTC" if offset.upper() == "Z" else offset)
        except ValueError as exc:
            hint = _range_hint(rest[found.start("H") : found.start("off")], offset)
            raise MomentError(f"{text!r}: {exc}{hint}", settled=True) from None
    inferred: list[str] = []
    day = _day_of(parts, context, inferred, text)
    clock, precision = _clock_of(parts, text)
    zone_inferred = zone is None
    if zone is None:
        zone = context.zone
    if clock is None:  # a whole day
        if extra_day:
            day += timedelta(days=1)
            inferred.append("next day")
        start, end = day_in(zone, day), day_in(zone, day + timedelta(days=1))
        noon = datetime.combine(day, time(12), tzinfo=zone.tz)
        mismatch = "" if zone_inferred else context.table.seasonal_mismatch(zone, noon)
    else:
        if extra_day:
            day += timedelta(days=1)
            inferred.append("next day")
        elif "date" in inferred:
            day, rolled = _place(clock, zone, not zone_inferred or context.zone_written, context)
            if rolled:
                inferred.append("next day")
        _one_instant(text, day, clock, zone, context.table)
        start = datetime.combine(day, clock, tzinfo=zone.tz)
        end = start + timedelta(hours=1) if precision == "hour" else start
        mismatch = "" if zone_inferred else context.table.seasonal_mismatch(zone, start)
    moment = Moment(
        text, start, end, precision, approximate, zone.label, zone_inferred, tuple(inferred),
        day=day,
    )  # fmt: skip
    return moment, (mismatch,) if mismatch else ()


def _place(clock: time, zone: Zone, own: bool, context: Context) -> tuple[date, bool]:
    """The day of a clock time written without a date, and whether it rolled over midnight:
    the day of the row before, the next day when the time is more than ``ROLLOVER`` before
    that row. Both are judged in one zone, so a zone never moves a time to another day: the
    time's own zone when its author chose it (``own``: written on it, or the postmortem's
    ``timezone``), the row before being converted to it (``17:10 PDT`` after
    ``2021-10-29 00:04 UTC`` is on the 28th, 7 minutes later); otherwise (the site's zone, a
    guess) the zone the row before was written in, as the author read the list."""
    previous = context.previous
    if previous is None or previous.day != context.day or previous.precision == "day":
        return context.day, False  # a time after a row that is a day is on it, in any zone
    # From the row before's end; from its start when it is a whole day or hour (a time on that
    # day is not a step back).
    wide = previous.precision in ("day", "hour") or previous.point is None
    before = (previous.earliest if wide else previous.latest) or previous.earliest
    before = before or previous.latest
    if before is None:
        return context.day, False
    local = before.astimezone(zone.tz) if own else before
    day = local.date() if own else context.day
    if datetime.combine(day, clock) < local.replace(tzinfo=None) - ROLLOVER:
        return day + timedelta(days=1), True
    return day, False


def _is_date(text: str) -> bool:
    """Whether ``text`` is a date alone (a weekday before it allowed): ``October 29, 1999``."""
    text = _WEEKDAY.sub("", " ".join(text.split())).strip().rstrip(",")
    return any(p.fullmatch(text) for p in _DAYS)


def _has_date(text: str) -> bool:
    """Whether ``text`` is a point with its date written (``Oct 20 2:25 AM``)."""
    head = _ZONE_TAIL.sub("", " ".join(text.split()))
    head = _WEEKDAY.sub("", head).strip()
    return any(p.fullmatch(head) for p in _DATED_POINTS) or _is_date(head)


def _on_date(text: str) -> tuple[str, str] | None:
    """``11:48 PM PDT on October 19`` -> (``11:48 PM PDT``, ``October 19``): a time on a date."""
    text = " ".join(text.split())
    at = text.lower().find(" on ")
    if at < 1 or not _is_date(text[at + 4 :]):
        return None
    return text[:at], text[at + 4 :]


def _one_instant(text: str, day: date, clock: time, zone: Zone, table: ZoneTable) -> None:
    """Refuse a local time that names no instant, or two, in a region's zone: 02:30 on the
    night clocks go forward, 01:30 on the night they go back."""
    if zone.fixed:
        return
    naive = datetime.combine(day, clock)
    first, second = (naive.replace(tzinfo=zone.tz, fold=fold) for fold in (0, 1))
    if first.utcoffset() == second.utcoffset():
        return
    shown = f"{day.isoformat()} {clock:%H:%M}"
    choices = " or ".join(
        f"{clock:%H:%M} {_zone_name(moment, table)}" for moment in (first, second)
    )
    back = first.astimezone(timezone.utc).astimezone(zone.tz).replace(tzinfo=None) == naive
    what = "happens twice" if back else "does not exist"
    why = "clocks were turned back" if back else "clocks were put forward"
    raise MomentError(
        f"{text!r}: {shown} {what} in {zone.label} ({why}); write the zone it was in: {choices}",
        settled=True,
    )


def _zone_name(moment: datetime, table: ZoneTable) -> str:
    """An abbreviation the table reads as ``moment``'s offset (PDT), or the offset itself."""
    name, offset = moment.tzname() or "", moment.utcoffset()
    try:
        known = table.resolve(name) if table.knows(name) else None
    except ValueError:
        known = None
    if known is not None and known.fixed and known.tz.utcoffset(None) == offset:
        return name
    return offset_label(offset or timedelta(0))


def _day_of(parts: dict[str, str], context: Context, inferred: list[str], text: str) -> date:
    if "d" not in parts:
        inferred.append("date")
        return context.day
    if "mon" in parts:
        month = _MONTHS.get(parts["mon"].lower().rstrip("."))
        if month is None:
            raise MomentError(f"{text!r} is not a time this archive can read")
    else:
        month = int(parts["mo"])
    day_number = int(parts["d"])
    if "y" in parts:
        year = int(parts["y"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise MomentError(f"{text!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
        return _real_date(year, month, day_number, text)
    inferred.append("year")
    reference = context.day
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day_number))
        except ValueError:
            continue
    if not candidates:
        raise MomentError(f"{text!r} is not a real date")
    return min(candidates, key=lambda d: abs(d - reference))


def _real_date(year: int, month: int, day_number: int, text: str) -> date:
    try:
        return date(year, month, day_number)
    except ValueError as exc:
        raise MomentError(f"{text!r} is not a real date: {exc}") from None


def _clock_of(parts: dict[str, str], text: str) -> tuple[time | None, str]:
    if "H" in parts:
        hour, minute = int(parts["H"]), int(parts["M"])
        second = int(parts.get("S", 0))
        micro = int((parts.get("F") or "0").ljust(6, "0"))
        precision = "second" if "S" in parts else "minute"
    elif "h" in parts:
        hour = int(parts["h"])
        if not 1 <= hour <= 12:
            raise MomentError(f"{text!r}: a 12-hour clock runs from 1 to 12")
        hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
        minute, second, micro = int(parts.get("m", 0)), 0, 0
        precision = "minute" if "m" in parts else "hour"
    else:
        return None, "day"
    try:
        return time(hour, minute, second, micro), precision
    except ValueError:
        raise MomentError(f"{text!r} is not a real time of day") from None
