"""A postmortem's moments and figures as read, whatever the rest of it holds (a file's time
errors are reported beside its schema errors, in one run): each value with the shape of one
is read, and what cannot be read, or may not be what was meant (a zone out of season, a time
far from the incident's day, the lifecycle out of order), is a finding the loader gives its
line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from .lifecycle import LIFECYCLE, ORDER_RULES, _lifecycle, order_problem
from .moment_grammar import FORMS
from .moment_reader import period_end, read_sequence
from .moments import FIRST_YEAR, LAST_YEAR, Context, Moment, MomentError, Reading
from .quantities import FORMS as FIGURE_FORMS
from .quantities import Quantity, QuantityError, read_quantity
from .settings import Settings
from .spans import certainly_before
from .zones import Zone, ZoneTable, offset_label

POSTMORTEM_ZONE = "the postmortem's timezone"
SITE_ZONE = "the site's timezone option"
"""Where a postmortem's zone comes from, for what is said of a time written without a zone."""


MOMENT_LISTS = (
    ("timeline",),
    ("communication", "log"),
    ("resolution", "mitigation_steps"),
    ("communication", "internal", "notifications"),
    ("communication", "external", "notifications"),
    ("communication", "distribution"),
)
"""Lists whose rows carry a ``time``: each is read in order, a row taking what it leaves out
from the rows before it."""

FIGURES: tuple[tuple[tuple[str, ...], bool, str], ...] = (
    (("impact", "user", "affected_users"), False, "a count of users"),
    (("impact", "user", "affected_users_percent"), True, "a share"),
    (("impact", "user", "total_users"), False, "a count of users"),
    (("impact", "user", "failed_requests"), False, "a count of requests"),
    (("impact", "user", "total_requests"), False, "a count of requests"),
    (("impact", "user", "error_rate_percent"), True, "a share"),
    (("impact", "business", "revenue", "amount"), False, "an amount"),
    (("impact", "business", "support_tickets"), False, "a count of tickets"),
    (("impact", "business", "customer_complaints"), False, "a count of complaints"),
    (("impact", "business", "customer_notifications"), False, "a count of notifications"),
    (("slo", "error_budget", "consumed_percent"), False, "a share of the error budget"),
    (("slo", "error_budget", "remaining_percent"), False, "a share of the error budget"),
)
"""The fields that hold a figure, whether it is a share of a whole (at most 100%), and what
it counts (for messages)."""


@dataclass
class Values:
    """A document's moments and figures as read, whatever the rest of the document holds: a
    file's time errors are reported beside its schema errors, in one run."""

    zone: Zone
    zone_source: str = SITE_ZONE
    """Where ``zone`` comes from, for messages about a time written without a zone."""
    moments: dict[tuple[str | int, ...], Moment] = field(default_factory=dict)
    figures: dict[tuple[str | int, ...], Quantity] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def read_values(data: dict[str, Any], settings: Settings, table: ZoneTable) -> Values:
    """Read every moment and figure of ``data`` where the value has a shape that can be one
    (the schema reports the others)."""
    findings: list[Finding] = []
    source = POSTMORTEM_ZONE if "timezone" in data else SITE_ZONE
    zone_name = data.get("timezone", settings.timezone)
    zone_known = True
    try:
        zone = table.resolve(str(zone_name))
    except ValueError as exc:
        if "timezone" in data:
            findings.append(Finding(("timezone",), str(exc)))
        zone, source = table.resolve(settings.timezone), SITE_ZONE
        zone_known = False
    day = _date_of(data.get("date"))
    values = Values(zone=zone, zone_source=source, findings=findings)

    def context() -> Context:
        return Context(day or date(2000, 1, 1), zone, source == POSTMORTEM_ZONE, table=table)

    lifecycle = data.get("timestamps")
    if isinstance(lifecycle, dict):
        rows = [
            (("timestamps", key), lifecycle[key])
            for key in LIFECYCLE
            if key in lifecycle and _readable(lifecycle[key])
        ]
        chain = context()
        if rows and rows[0][0] == ("timestamps", "triggered"):
            _read_rows(rows[:1], chain, values, day is not None)
            rows = rows[1:]
            trigger = values.moments.get(("timestamps", "triggered"))
            if trigger is not None and trigger.day not in (None, day):
                # A change made days or months before: the stamps after it without a date
                # are on the incident's date, not on the trigger's.
                chain = context()
        _read_rows(rows, chain, values, day is not None)
    for path in MOMENT_LISTS:
        rows_of = _at(data, path)
        if isinstance(rows_of, list):
            rows = [
                ((*path, index, "time"), row["time"])
                for index, row in enumerate(rows_of)
                if isinstance(row, dict) and "time" in row and _readable(row["time"])
            ]
            _read_rows(rows, context(), values, day is not None)
            if day is not None:
                findings.extend(_far_day_findings(rows, values.moments, day))
    review = _at(data, ("review_meeting",))
    if isinstance(review, dict) and _readable(review.get("date")):
        _read_rows([(("review_meeting", "date"), review["date"])], context(), values, True)
    if day is not None:
        findings.extend(_zone_findings(values, day, table))
    for where, share, what in FIGURES:
        value = _at(data, where)
        if isinstance(value, bool) or not isinstance(value, (int, float, str, dict)):
            continue  # absent, or a shape the schema reports
        try:
            figure = read_quantity(value, what)
        except QuantityError as exc:
            findings.append(
                Finding(where, f"{exc}; write {FIGURE_FORMS}" if exc.forms else str(exc))
            )
            continue
        out_of_range = (figure.high or 0) > 100 or (figure.low or 0) < 0
        if share and out_of_range and not isinstance(value, (int, float)):
            findings.append(Finding(where, f"{figure.text!r}: a share in percent is 0 to 100"))
            continue
        values.figures[where] = figure
    for index, item in enumerate(_at(data, ("action_items",)) or []):
        due = item.get("due") if isinstance(item, dict) else None
        if isinstance(due, str):
            try:
                period_end(due)
            except MomentError as exc:
                findings.append(Finding(("action_items", index, "due"), str(exc)))
        completed = _date_of(item.get("completed")) if isinstance(item, dict) else None
        if day is not None and completed is not None and completed < day:
            findings.append(
                Finding(
                    ("action_items", index, "completed"),
                    f"{completed} is before the incident's date ({day}): an action item is "
                    "done after its incident; correct one of the two dates",
                    blocking=False,
                )
            )
    # The lifecycle's order is checked here, whatever else is wrong (one run reports it all),
    # between the moments whose reading does not rest on a broken date or timezone.
    sure = {
        key: moment
        for key, moment in _lifecycle(values.moments).items()
        if (day is not None or not {"date", "year"} & set(moment.inferred))
        and (zone_known or not moment.zone_inferred)
    }
    findings.extend(_order_findings(sure, source))
    return values


def _zone_findings(values: Values, day: date, table: ZoneTable) -> Iterator[Finding]:
    """Warnings about the zone times without one are read in: the postmortem's timezone out
    of season on a day it is used (``timezone: PST`` in July), warned as on a row; and, where
    the site's zone is only a default, each clock time without a zone in a postmortem that
    writes other zones on its times (``16:31`` among ``17:35 PDT``), with how it was read."""
    zone = values.zone
    inferred = {p: m for p, m in values.moments.items() if m.known and m.zone_inferred}
    if values.zone_source == POSTMORTEM_ZONE:
        days = [day] + [d for m in inferred.values() if (d := m.first_day) is not None]
        for when in dict.fromkeys(days):
            noon = datetime.combine(when, time(12), tzinfo=zone.tz)
            keep = f'write timezone: "{offset_label(zone.offset_on(noon))[3:] or "+00:00"}"'
            mismatch = table.seasonal_mismatch(zone, noon, keep)
            if mismatch:
                yield Finding(("timezone",), mismatch, blocking=False)
                break
        return
    written = {
        m.zone: m.earliest or m.latest
        for m in values.moments.values()
        if m.known and not m.zone_inferred
    }
    for path, moment in inferred.items():
        if moment.precision not in ("second", "minute", "hour"):
            continue  # a day is a day in any zone near it
        instant = moment.earliest or moment.latest
        assert instant is not None
        others = sorted(
            label
            for label, seen in written.items()
            if seen is not None and seen.utcoffset() != instant.utcoffset()
        )
        if others:
            yield Finding(
                path,
                f"{moment.text!r} has no zone, where other times of this postmortem write "
                f"one ({', '.join(others[:3])}{', ...' if len(others) > 3 else ''}): read as "
                f"{moment.reading}, in {zone.label} ({SITE_ZONE}); write its zone with it, or "
                "the postmortem's timezone, if another was meant",
                blocking=False,
            )


FAR = timedelta(days=2)
"""How far from the incident's date a day heading may be before a time under it is doubted."""


def _far_day_findings(
    rows: Sequence[tuple[tuple[str | int, ...], Any]],
    moments: dict[tuple[str | int, ...], Moment],
    day: date,
) -> Iterator[Finding]:
    """A time without a date after a row that is only a day is read on that day, as under a
    heading; where that day is far from the incident's (``June 21``, then ``from 12:55 pm``
    in a report of 18 July) the source may have meant the incident's day: say which was read."""
    before: Moment | None = None
    for path, _ in rows:
        moment = moments.get(path)
        if moment is None or not moment.known:
            continue  # words without a time leave the day, and the row before, as they were
        on = moment.first_day
        if (
            before is not None
            and before.precision == "day"
            and on is not None
            and on == before.first_day
            and "date" in moment.inferred
            and "next day" not in moment.inferred
            and moment.precision != "day"
            and abs(on - day) > FAR
        ):
            yield Finding(
                path,
                f"{moment.text!r} has no date: read on {on.isoformat()}, the day of the row "
                f"before ({before.text!r}), {abs(on - day).days} days "
                f"{'before' if on < day else 'after'} the incident's date {day.isoformat()}; "
                "write its date with it if another day was meant",
                blocking=False,
            )
        before = moment


def _date_of(written: Any) -> date | None:
    """The incident's date, where it is one the schema allows: the rows are read from it, and
    a day such as 9999-12-31 has no next day in Python (the schema reports the date)."""
    if not isinstance(written, str) or len(written) != 10:
        return None
    try:
        day = date.fromisoformat(written)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _readable(value: Any) -> bool:
    return isinstance(value, (str, dict))


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _read_rows(
    rows: Sequence[tuple[tuple[str | int, ...], Any]], context: Context, values: Values, dated: bool
) -> None:
    for path, outcome in read_sequence(rows, context):
        if isinstance(outcome, MomentError):
            where = (*path, outcome.part) if outcome.part else path
            message = f"{outcome}; write {FORMS}" if outcome.forms else str(outcome)
            values.findings.append(Finding(where, message))
            continue
        assert isinstance(outcome, Reading)
        values.moments[path] = outcome.moment
        if dated:
            values.findings.extend(Finding(path, w, blocking=False) for w in outcome.warnings)


def _order_findings(timestamps: dict[str, Moment], source: str) -> Iterator[Finding]:
    for later, earlier in ORDER_RULES:
        if later in timestamps and earlier in timestamps:
            a, b = timestamps[later], timestamps[earlier]
            if certainly_before(a, b):
                yield Finding(
                    ("timestamps", later), order_problem(later, a, earlier, b, source), False
                )


@dataclass(frozen=True)
class Finding:
    """A problem the model finds in a document; the loader gives it its line."""

    path: tuple[str | int, ...]
    message: str
    blocking: bool = True
