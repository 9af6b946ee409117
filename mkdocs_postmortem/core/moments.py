"""Moments as postmortems write them, and the spans between them.

A moment keeps the text exactly as written and reads it as an interval (earliest, latest), with
the precision the author gave (second, minute, hour, day or none) and the zone it was read in
(written on it, or the postmortem's):
``14:02 PST`` is a minute; ``~07:15`` the same minute, approximate; ``07:01-07:15`` a range;
``after 07:15`` an interval open at one end; ``2026-01-05`` a whole day; ``shortly after`` no
clock time at all. What the text leaves out comes from the row before it (or the incident's
date and timezone) and is marked as inferred: never more precision than the author gave.

A span (time to detect, to resolve...) follows from two moments and is exact, approximate, a
range, a bound or a day count, as its ends allow.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .zones import OffsetError, Zone, ZoneTable, day_in, offset_label

PRECISIONS = ("second", "minute", "hour", "day", "none")
FIRST_YEAR, LAST_YEAR = 1900, 2099
"""The years a postmortem's dates may name (the schema's, too): every instant read, a day or
a time zone either side of them, stays within what Python's dates can hold."""
MAX_LENGTH = 200
"""The longest moment read, as the schema allows a written one: a longer text is refused
before any pattern sees it."""
MAX_SPLITS = 8
"""Separators tried where a text may be a range (``07:01-07:15``): the most any written form
has is seven (``2026-01-05 14:02 -08:00 - 2026-01-05 15:00 -08:00``); trying each of a
hostile text's thousands, each with a read of both sides, was quadratic."""
ROLLOVER = timedelta(hours=3)
"""A clock time without a date, more than this before the row before it, is the next day:
``00:12`` after ``23:50``. A smaller step back is a row listed out of order."""

FORMS = (
    "2026-01-05 14:02, 14:02 UTC, 06:57 PST, 9:37 AM PDT, ~07:15, about 05:41, "
    "07:01-07:15 PST, after 07:15, before 09:00, 10/27 14:00, Oct 27 14:00, 00:12 (next day), "
    "2026-01-05 (a day), unknown, or {at: ..., until: ..., approximate: ..., zone: ..., note: ...}"
)

_APPROX = re.compile(
    r"^(?:~|≈|±|\+/-|about|around|approximately|approx\.?|circa|ca\.|c\.|roughly|some\s+time\s+around)\s*",
    re.IGNORECASE,
)
_LOWER = re.compile(r"^(shortly\s+after|after|since|no\s+earlier\s+than|from)\s+", re.IGNORECASE)
_UPPER = re.compile(
    r"^(shortly\s+before|before|until|till|by|no\s+later\s+than|up\s+to)\s+", re.IGNORECASE
)
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$", re.IGNORECASE)
_FROM_TO = re.compile(r"^from\s+(.+?)\s+(?:to|until|till|-|–|—)\s+(.+)$", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\s*(?:\(\s*next\s+day\s*\)|\(\s*\+\s*1\s*d(?:ay)?\s*\)|next\s+day)$", re.I)
_RANGE_SEP = re.compile(r"\s*(?:–|—|-)\s*|\s+(?:to|until|till|through)\s+", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
_ZONE_TAIL = re.compile(
    r"(?:\s*\(\s*(?P<paren>[^()]+?)\s*\)"
    r"|\s+(?P<iana>[A-Za-z][A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+)"
    r"|\s*(?P<utcoff>(?:UTC|GMT)\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?)"
    r"|\s+(?P<offset>[+-][0-9]{2}:?[0-9]{2})"
    r"|\s+(?P<word>[A-Za-z]{1,9})(?:\s+time)?"
    r"|(?<=[0-9])(?P<glued>(?-i:[A-Z]{3,5})))$",
    re.IGNORECASE,
)
"""A zone after a time: in parentheses, an IANA name, an offset, a word (``14:02 UTC``), or
capitals written against the clock (``11:03PST``), read only when the table knows them."""
_TIME24 = (
    r"(?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:\.(?P<F>[0-9]{1,6}))?)?"
    r"(?P<off>Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_TIME12 = r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?P<ampm>[AaPp])\.?[Mm]\.?"
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DATES = (
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})",
    r"(?P<mo>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?:/(?P<y>[0-9]{4}))?",
    r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>[0-9]{4}))?",
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]{3,9})\.?(?:,?\s+(?P<y>[0-9]{4}))?",
)
_MONTH_DAY = r"(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
"""``03-26``: only with a time after it, where it cannot be a range of numbers."""
_JOIN = r"(?:\s*,\s*|\s+at\s+|\s+|T)"
_POINTS = [
    re.compile(rf"^(?:{d}){_JOIN}(?:{_TIME24}|{_TIME12})$", re.IGNORECASE)
    for d in (*_DATES, _MONTH_DAY)
]
_ISO_POINT = _POINTS[0]
"""A full ISO date and time: the one form where ``-08:00`` right after the clock is an offset."""
_POINTS += [re.compile(rf"^(?:{_TIME24}|{_TIME12})$", re.IGNORECASE)]
_POINTS += [re.compile(rf"^(?:{d})$", re.IGNORECASE) for d in _DATES]
_UNKNOWN = {"", "unknown", "not known", "?", "n/a", "tbd", "unclear", "...", "…"}
_OR_LATER = re.compile(r"(?<=[0-9])\s*\+$")
"""``2019-11-29 12:00+``: that time or later (a ``+`` after a clock, no offset after it)."""
_WORD_CLOCKS = {"midnight": "00:00", "noon": "12:00", "midday": "12:00"}
"""Clock times written as words; a midnight with no date is the next one after the row before."""
_CLOCK_OR_DATE = re.compile(r"[0-9]:|[0-9]{4}-|[0-9]/[0-9]|[0-9]\s*[AaPp]\.?[Mm]\b")
"""What a time or a date that could not be read looks like: refused rather than kept as words."""


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
    on = _date_after(right)
    if on and _date_after(left) is None and not _has_date(left):
        left = f"{left} on {on}"  # between 2:25 AM and 10:36 AM on October 20: both that day
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
    return any(re.fullmatch(rf"(?:{d})", text, re.IGNORECASE) for d in _DATES)


def _has_date(text: str) -> bool:
    """Whether ``text`` is a point with its date written (``Oct 20 2:25 AM``)."""
    head = _ZONE_TAIL.sub("", " ".join(text.split()))
    head = _WEEKDAY.sub("", head).strip()
    return any(p.fullmatch(head) for p in _POINTS[: len(_DATES) + 1]) or _is_date(head)


def _on_date(text: str) -> tuple[str, str] | None:
    """``11:48 PM PDT on October 19`` -> (``11:48 PM PDT``, ``October 19``): a time on a date."""
    text = " ".join(text.split())
    at = text.lower().find(" on ")
    if at < 1 or not _is_date(text[at + 4 :]):
        return None
    return text[:at], text[at + 4 :]


def _date_after(text: str) -> str | None:
    found = _on_date(text)
    return found[1] if found else None


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


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


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


def _coarser(a: str, b: str) -> str:
    return a if PRECISIONS.index(a) >= PRECISIONS.index(b) else b


def written(value: Any) -> str:
    """A moment as its author wrote it: the text, or the structured form's parts joined
    (``~07:01`` to ``07:15 PST`` with an en dash between)."""
    if not isinstance(value, Mapping):
        return " ".join(str(value).split()) if value is not None else "unknown"
    parts = [str(value[k]) for k in ("at", "until") if value.get(k) is not None]
    text = "–".join(parts) + (f" {value['zone']}" if value.get("zone") is not None else "")
    text = text.strip()
    return ("~" if value.get("approximate") else "") + text if text else "unknown"


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


@dataclass(frozen=True)
class Span:
    """The time between two moments, as precisely as its ends allow."""

    low: timedelta | None
    """The shortest it can be; None: unbounded."""
    high: timedelta | None
    """The longest it can be; None: unbounded."""
    approximate: bool = False
    precision: str = "minute"
    """second (both ends shown to the second), minute, or day (an end is a whole day)."""

    @property
    def exact(self) -> timedelta | None:
        """The one value, exact or approximate, or None for a range, a bound or a day count."""
        if self.low is not None and self.low == self.high and self.precision != "day":
            return self.low
        return None

    @property
    def negative(self) -> bool:
        """Certainly negative: its ends are out of order (reported as a problem)."""
        return self.high is not None and self.high < timedelta(0)

    @property
    def text(self) -> str:
        """``1 h 05 min``, ``~4 h 40 min``, ``4 h 30 min - 5 h 10 min`` (with an en dash),
        ``at least 2 h``, ``2-4 d`` (from dates only), ``< 1 min`` between two times of the
        same minute: never more precise than its ends."""
        low = self.low
        if low is not None and low < timedelta(0) and not self.negative:
            low = timedelta(0)  # partly before its start: never shown as negative
        if self.precision == "day":
            days_low = None if low is None else low.days
            days_high = None if self.high is None else -(-self.high // timedelta(days=1))
            if days_low is not None and days_high is not None:
                shown = f"{days_low} d" if days_low == days_high else f"{days_low}–{days_high} d"
                return shown + " (dates only)"
            if days_low is not None:
                return f"at least {days_low} d (dates only)"
            return f"at most {days_high} d (dates only)"
        prefix = "~" if self.approximate else ""
        exact = self.exact
        if exact is not None:
            if self.precision != "second" and abs(exact) < timedelta(minutes=1):
                # Two times of the same minute: 0 to 59 s apart; about none, if approximate.
                return "~0 min" if self.approximate else "< 1 min"
            return prefix + format_duration(exact, self.precision)
        if low is not None and self.high is not None:
            return (
                f"{prefix}{format_duration(low, self.precision)} – "
                f"{prefix}{format_duration(self.high, self.precision)}"
            )
        if low is not None:
            return f"at least {prefix}{format_duration(low, self.precision)}"
        assert self.high is not None
        return f"at most {prefix}{format_duration(self.high, self.precision)}"


def span(start: Moment, end: Moment) -> Span | None:
    """The span from ``start`` to ``end``, between instants (whatever zone each was written
    in, across a change of daylight saving time); None when either has no clock time."""
    if not start.known or not end.known:
        return None
    low = _utc(end.earliest) - _utc(start.latest) if end.earliest and start.latest else None
    high = _utc(end.latest) - _utc(start.earliest) if end.latest and start.earliest else None
    if low is None and high is None:
        return None
    # Seconds count where both ends are written to the second and one shows them (14:02:00Z
    # to 14:02:00Z is two times of the same minute, not 0 s).
    seconds = {start.precision, end.precision} == {"second"} and "second" in (
        start.resolution,
        end.resolution,
    )
    day = "day" in (start.precision, end.precision)
    precision = "day" if day else "second" if seconds else "minute"
    return Span(low, high, start.approximate or end.approximate, precision)


def certainly_before(later: Moment, earlier: Moment) -> bool:
    """``later`` ends before ``earlier`` can begin: their order is wrong whatever they mean."""
    if later.latest is None or earlier.earliest is None:
        return False
    return _utc(later.latest) < _utc(earlier.earliest)


def format_duration(delta: timedelta, precision: str = "second") -> str:
    """``1 h 05 min``, ``16 min``, ``45 s``, ``1 d 0 h 11 min``: a day or more keeps its hours
    and minutes, so 24 h 11 min is never shown as one day. Seconds only at ``second``
    precision: between times written to the minute, ``5 min``, never ``5 min 00 s``."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if precision != "second":
        secs = 0
    if days:
        text = f"{days} d" if not hours and not minutes else f"{days} d {hours} h {minutes:02d} min"
    elif hours:
        text = f"{hours} h {minutes:02d} min"
    elif minutes:
        text = f"{minutes} min" if not secs else f"{minutes} min {secs:02d} s"
    else:
        text = f"{secs} s" if precision == "second" else "0 min"
    return sign + text


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
