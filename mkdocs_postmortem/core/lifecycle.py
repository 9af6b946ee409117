"""An incident's lifecycle: its moments in the order they happen, the durations between them
(time to detect, to resolve...) and the order they must keep. A duration whose ends are
certainly out of order is withheld, and the problem is said in its place."""

from __future__ import annotations

from dataclasses import dataclass

from .moments import Moment, in_utc
from .spans import Span, certainly_before, span

LIFECYCLE = (
    "triggered",
    "started",
    "detected",
    "acknowledged",
    "mitigated",
    "recovered",
    "resolved",
)
"""The incident's moments, in the order they happen."""


@dataclass(frozen=True)
class DurationSpec:
    key: str
    label: str
    abbreviation: str
    start: str
    end: str
    meaning: str


DURATIONS = (
    DurationSpec(
        "time_to_detect",
        "Time to detect",
        "TTD",
        "started",
        "detected",
        "from impact start to the first alert or report",
    ),
    DurationSpec(
        "time_to_acknowledge",
        "Time to acknowledge",
        "TTA",
        "detected",
        "acknowledged",
        "from detection to a responder acknowledging",
    ),
    DurationSpec(
        "time_to_mitigate",
        "Time to mitigate",
        "TTM",
        "started",
        "mitigated",
        "from impact start to customer impact stopping",
    ),
    DurationSpec(
        "time_to_resolve",
        "Time to resolve",
        "TTR",
        "started",
        "resolved",
        "from impact start to full resolution",
    ),
)


def compute_durations(timestamps: dict[str, Moment]) -> dict[str, Span]:
    """Only where both ends are known: a missing timestamp is never guessed. A span whose ends
    are certainly out of order is left out (the order is reported as a problem instead)."""
    found = {}
    for spec in DURATIONS:
        if spec.start in timestamps and spec.end in timestamps:
            value = span(timestamps[spec.start], timestamps[spec.end])
            if value is not None and not value.negative:
                found[spec.key] = value
    return found


def withheld_durations(timestamps: dict[str, Moment], source: str) -> dict[str, str]:
    """The durations ``compute_durations`` leaves out because their ends are certainly out of
    order, each with the problem the page shows instead."""
    found = {}
    for spec in DURATIONS:
        start, end = timestamps.get(spec.start), timestamps.get(spec.end)
        if start is not None and end is not None and certainly_before(end, start):
            found[spec.key] = order_problem(spec.end, end, spec.start, start, source)
    return found


ORDER_RULES = (
    ("started", "triggered"),
    ("detected", "started"),
    ("acknowledged", "started"),
    ("mitigated", "started"),
    ("recovered", "started"),
    ("resolved", "started"),
    ("acknowledged", "detected"),
    ("resolved", "detected"),
    ("recovered", "mitigated"),
    ("resolved", "mitigated"),
    ("resolved", "recovered"),
)
"""(later, earlier) pairs: ``later`` must not be certainly before ``earlier``."""


def _lifecycle(moments: dict[tuple[str | int, ...], Moment]) -> dict[str, Moment]:
    """The lifecycle moments that have a clock time or a day, by key."""
    return {
        str(path[1]): moment
        for path, moment in moments.items()
        if path[0] == "timestamps" and moment.known
    }


def order_problem(later: str, a: Moment, earlier: str, b: Moment, source: str) -> str:
    """``detected (10:05 read as Europe/Berlin = 08:05Z) is before started (10:00Z)``: both
    sides as they were read, so a time taken in the wrong zone shows why."""
    message = f"{later} ({_as_read(a)}) is before {earlier} ({_as_read(b)})"
    inferred = next((m for m in (a, b) if m.zone_inferred), None)
    if inferred is not None:
        message += (
            f"; a time without a zone is read in {inferred.zone} ({source}): write the zone "
            "with it if another was meant"
        )
    return message


def _as_read(moment: Moment) -> str:
    """The text, with how it was read where its zone is not written on it or is not UTC: an
    instant as ``2026-07-02 10:05 read as Europe/Berlin = 08:05Z``."""
    point = moment.point
    if point is not None and moment.precision in ("minute", "second"):
        if moment.zone_inferred:
            utc = in_utc(point, moment.resolution, always=True)
            return f"{moment.text} read as {moment.zone}{utc}"
        return f"{moment.text}{in_utc(point, moment.resolution)}"
    instant = moment.earliest or moment.latest
    if moment.zone_inferred or (instant is not None and instant.utcoffset()):
        return f"{moment.text}, read as {moment.reading}"
    return moment.text
