"""An incident as the archive sees it: the author's data plus what is derived from it (its
moments read as intervals, its figures, its severity level, its durations and relations)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any

from .discover import SourceFile
from .moment_grammar import FORMS
from .moment_reader import period_end, read_sequence
from .moments import FIRST_YEAR, LAST_YEAR, Context, Moment, MomentError, Reading, in_utc
from .problems import Problem
from .quantities import FORMS as FIGURE_FORMS
from .quantities import Quantity, QuantityError, read_quantity
from .scale import UNRATED, Level, slugify
from .settings import Settings
from .spans import Span, certainly_before, span
from .zones import Zone, ZoneTable, offset_label

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

POSTMORTEM_ZONE = "the postmortem's timezone"
SITE_ZONE = "the site's timezone option"
"""Where a postmortem's zone comes from, for what is said of a time written without a zone."""


EXERCISE_KINDS = {
    "game-day": "Game day",
    "drill": "Drill",
    "tabletop": "Tabletop exercise",
    "fictional": "Fictional example",
    "other": "Exercise",
}


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


@dataclass(frozen=True)
class RelationType:
    id: str
    label: str
    inverse_label: str


RELATION_TYPES: dict[str, RelationType] = {
    t.id: t
    for t in (
        RelationType("related", "related to", "related to"),
        RelationType("recurrence-of", "recurrence of", "recurred as"),
        RelationType("caused-by", "caused by", "caused"),
        RelationType("causes", "caused", "caused by"),
        RelationType("duplicate-of", "duplicate of", "duplicated by"),
        RelationType("parent-of", "parent of", "child of"),
        RelationType("child-of", "child of", "parent of"),
    )
}


CYCLE_KINDS: dict[str, tuple[str, bool]] = {
    "caused-by": ("cause", True),
    "causes": ("cause", False),
    "recurrence-of": ("recurrence", True),
    "duplicate-of": ("duplicate", False),
    "parent-of": ("parent", False),
    "child-of": ("parent", True),
}
"""Relation types with a direction that cannot loop: (kind, whether the edge points from the
target to the source). ``A caused-by B`` and ``B causes A`` are the same edge B → A."""


@dataclass(frozen=True)
class Relation:
    """A relation as declared in ``source``'s file, to the incident with id ``target``."""

    source: str
    target: str
    type: str
    note: str
    index: int

    @property
    def target_slug(self) -> str:
        return slugify(self.target)

    def directed_edge(self) -> tuple[str, str, str] | None:
        """(kind, from slug, to slug) for relations that order incidents; None for 'related'."""
        kind = CYCLE_KINDS.get(self.type)
        if kind is None:
            return None
        source, target = slugify(self.source), self.target_slug
        return (kind[0], target, source) if kind[1] else (kind[0], source, target)


@dataclass
class Incident:
    """A schema-valid postmortem. ``data`` is the author's mapping, untouched, for the page."""

    id: str
    title: str
    date: str
    severity: Level
    status: str
    data: dict[str, Any]
    source: str
    """Path of the YAML file as shown in messages (relative to the project)."""
    src_uri: str
    """Path of the YAML file relative to docs_dir."""
    timestamps: dict[str, Moment] = field(default_factory=dict)
    """The lifecycle moments, by key (started, detected...)."""
    durations: dict[str, Span] = field(default_factory=dict)
    moments: dict[tuple[str | int, ...], Moment] = field(default_factory=dict)
    """Every moment of the postmortem, by its path in the data."""
    figures: dict[tuple[str | int, ...], Quantity] = field(default_factory=dict)
    """Every figure of the postmortem, by its path in the data."""
    relations: list[Relation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Every problem of its file (shared with the loader, so later cross-file checks show)."""
    preview: bool = False
    """True for an invalid postmortem shown only as a preview page, outside the indexes."""
    unread: bool = False
    """A preview of a file YAML could not read: only its id is known (from its ``id:`` line)."""
    zone: Zone | None = None
    """The postmortem's timezone (``timezone``, or the archive's): where its pages tell time."""
    zone_source: str = SITE_ZONE
    """Where ``zone`` comes from: ``POSTMORTEM_ZONE`` or ``SITE_ZONE``."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Durations left out because their ends are out of order, by key: the problem, which the
    page shows in their place (never a negative duration)."""

    @property
    def blocking_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @cached_property
    def slug(self) -> str:
        return slugify(self.id)

    @property
    def services(self) -> list[str]:
        return list(self.data.get("services", []))

    @property
    def tags(self) -> list[str]:
        return list(self.data.get("tags", []))

    @property
    def description(self) -> str:
        """One line for search results and link previews."""
        line = self.data.get("one_line_summary") or self.data["summary"]
        text = " ".join(str(line).split())
        return text if len(text) <= 200 else text[:197] + "..."

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """Newest first when sorted in reverse; ties broken by the instant impact started
        (whatever zone it was written in), then id."""
        started = self.timestamps.get("started")
        return (self.date, started.sort_key if started else "", self.id)

    @property
    def rated(self) -> bool:
        return self.severity.id != UNRATED

    @property
    def exercise(self) -> str:
        """The kind of exercise (game-day, drill...), or "" for a real incident."""
        value = self.data.get("exercise")
        if isinstance(value, dict):
            value = value.get("kind")
        return str(value) if value else ""

    @property
    def exercise_label(self) -> str:
        return EXERCISE_KINDS.get(self.exercise, "Exercise") if self.exercise else ""

    @property
    def organisation(self) -> str:
        source = self.data.get("source")
        return str(source.get("organisation") or "") if isinstance(source, dict) else ""


def relations_of(incident_id: str, data: dict[str, Any]) -> list[Relation]:
    """Both forms of ``related_incidents`` (bare id, or id with type and note) as relations."""
    out = []
    for index, entry in enumerate(data.get("related_incidents", [])):
        if isinstance(entry, str):
            out.append(Relation(incident_id, entry, "related", "", index))
        else:
            out.append(
                Relation(
                    incident_id,
                    entry["id"],
                    entry.get("type", "related"),
                    entry.get("note", ""),
                    index,
                )
            )
    return out


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
        if moment is None:
            continue
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


def _lifecycle(moments: dict[tuple[str | int, ...], Moment]) -> dict[str, Moment]:
    """The lifecycle moments that have a clock time or a day, by key."""
    return {
        str(path[1]): moment
        for path, moment in moments.items()
        if path[0] == "timestamps" and moment.known
    }


def _order_findings(timestamps: dict[str, Moment], source: str) -> Iterator[Finding]:
    for later, earlier in ORDER_RULES:
        if later in timestamps and earlier in timestamps:
            a, b = timestamps[later], timestamps[earlier]
            if certainly_before(a, b):
                yield Finding(
                    ("timestamps", later), order_problem(later, a, earlier, b, source), False
                )


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


@dataclass(frozen=True)
class Finding:
    """A problem the model finds in a document; the loader gives it its line."""

    path: tuple[str | int, ...]
    message: str
    blocking: bool = True


def unrated_level(settings: Settings) -> Level:
    """The severity of an unrated incident: its own group, after every level of the scale."""
    return Level(
        UNRATED, "Not rated", "No severity level was stated.", len(settings.severity.levels)
    )


def build_incident(
    data: dict[str, Any],
    source: SourceFile,
    settings: Settings,
    values: Values,
    *,
    preview: bool = False,
) -> tuple[Incident | None, list[Finding]]:
    """The incident of a schema-valid document whose moments and figures were read into
    ``values``. With ``preview``, of a salvaged one: never failing and finding nothing more
    (its problems are already on the file)."""
    findings: list[Finding] = []
    timestamps = _lifecycle(values.moments)
    written = data.get("severity")
    if written == UNRATED:
        severity = unrated_level(settings)
        required_from = settings.require_severity_from
        if not preview and required_from and str(data.get("date", "")) >= required_from:
            refused = Finding(
                ("severity",),
                f"unrated is not allowed for postmortems dated from {required_from} on "
                "(plugin option require_severity_from); expected one of: "
                + settings.severity.describe(),
            )
            return None, [*findings, refused]
    else:
        resolved = settings.severity.resolve(written) if isinstance(written, str) else None
        severity = resolved or Level("?", "Unknown severity", "", len(settings.severity.levels) + 1)
    incident = Incident(
        id=data["id"],
        title=data["title"],
        date=data["date"],
        severity=severity,
        status=data["status"],
        data=data,
        source=source.display,
        src_uri=source.src_uri,
        timestamps=timestamps,
        durations=compute_durations(timestamps),
        withheld=withheld_durations(timestamps, values.zone_source),
        moments=values.moments,
        zone=values.zone,
        zone_source=values.zone_source,
        figures=values.figures,
        relations=[] if preview else relations_of(data["id"], data),
        preview=preview,
    )
    return incident, findings
