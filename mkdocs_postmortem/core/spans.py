"""The time between two moments (time to detect, to resolve...): exact, approximate, a range, a
bound or a day count, as its ends allow, never shown more precisely than they were written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .moments import Moment, _utc


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
