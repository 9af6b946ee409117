"""Every statement of the Patterns page, computed once from the archive: the last complete period
against the one before, for each response time (overall and per severity) and for incident
counts (overall, per service, per contributing-factor category); the median time to resolve
per period with its interval, for the small multiple; and the incidents per period.

Which incidents count, and which durations: real incidents, never exercises (a game day's
response is rehearsed, and drills come in batches: in a comparison of periods they would read as
a change of the team's response; ``count_exercises`` counts them in the ledger and the
all-time figures, not here); a duration enters a comparison when it is one value, exact or
approximate (the approximate ones are counted and said), never when it is known only as a range,
a bound or from dates (*imprecise*: counted and said, left out), nor when a timestamp is missing.

A period is complete once its last day is before ``as_of``; the period still filling in is never
compared, nor drawn. Cost: one pass over the incidents, then a comparison per group whose work
depends on the two periods' sizes alone (``comparisons``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median
from typing import TYPE_CHECKING, Literal, cast

from ..core.lifecycle import DURATIONS, DurationSpec
from ..core.model import Incident
from ..core.scale import Level
from . import comparisons as cmp
from .follow_through import (
    FollowThroughChange,
    FollowThroughReport,
    follow_through,
    follow_through_change,
)
from .follow_ups import Recurrences, follow_ups_at_recurrence
from .metrics import entry
from .taxonomy import Term

if TYPE_CHECKING:
    from .index import ArchiveIndex

GroupKind = Literal["all", "severity", "service", "category"]

PERIODS_SHOWN = 8
"""Complete periods drawn and tabled, the newest last: two years of quarters."""
SERIES_MIN = 3
"""A period's median is drawn from this many durations on: below it, the bootstrap interval is
the values themselves, and a point would look surer than it is."""
MIN_DURATIONS = 8
"""Durations each period needs before two medians are compared."""
MIN_COUNTS = 10
"""Incidents the two periods need together before their rates are compared."""
CHANGES = frozenset({"slower", "faster", "rising", "falling"})
"""The verdicts that say something changed."""
SERIES_MEASURE = "time_to_resolve"


@dataclass(frozen=True)
class Group:
    """Whose incidents a statement is about: all, a severity level, a service or a category."""

    kind: GroupKind
    label: str
    level: Level | None = None
    term: Term | None = None
    """The service's or category's term: its page lists the incidents."""

    @property
    def taxonomy(self) -> str:
        """The taxonomy of a service or category: ``services``, ``categories``."""
        return {"service": "services", "category": "categories"}.get(self.kind, "")

    @property
    def slug(self) -> str:
        """For a file name: the level's slug, or ``all-incidents``."""
        if self.level is not None:
            return self.level.slug
        return self.term.slug if self.term is not None else "all-incidents"

    @property
    def id(self) -> str:
        """Machine-readable: the level id, the service or category as written, or ``all``."""
        if self.level is not None:
            return self.level.id
        return self.term.name if self.term is not None else "all"


ALL = Group("all", "All incidents")


@dataclass(frozen=True)
class Sample:
    """One period of one group: its incidents and, for a duration, how each one entered."""

    period: cmp.Period
    incidents: tuple[Incident, ...]
    """Newest first."""
    measured: tuple[tuple[Incident, timedelta], ...] = ()
    """Durations in the comparison (one value each), longest first."""
    approximate: int = 0
    imprecise: int = 0
    """Known only as a range, a bound or from dates: counted, left out."""
    missing: int = 0
    """A timestamp missing, or the two out of order (reported on the incident's file)."""

    @property
    def median(self) -> timedelta | None:
        values = [d.total_seconds() for _, d in self.measured]
        return timedelta(seconds=median(values)) if values else None


@dataclass(frozen=True)
class Statement:
    """One comparison of the page: what is compared, for whom, the two samples, the result."""

    measure: str
    """A duration's key (``time_to_resolve``), or ``incidents`` for counts."""
    label: str
    """``Time to resolve``, ``Incidents``."""
    abbreviation: str
    group: Group
    before: Sample
    after: Sample
    comparison: cmp.Comparison

    @property
    def kind(self) -> Literal["duration", "count"]:
        return "count" if self.measure == "incidents" else "duration"

    @property
    def changed(self) -> bool:
        return self.comparison.verdict in CHANGES

    @property
    def compared(self) -> bool:
        return self.comparison.verdict != "too few incidents"


@dataclass(frozen=True)
class SeriesPoint:
    period: cmp.Period
    count: int
    """Durations of the period in the figures."""
    median: timedelta | None
    """None below ``SERIES_MIN``."""
    low: timedelta | None
    high: timedelta | None


@dataclass(frozen=True)
class Series:
    """A measure's median per period for one group: a panel of the small multiple."""

    measure: DurationSpec
    group: Group
    points: tuple[SeriesPoint, ...]

    @property
    def chart(self) -> str:
        """The name of its chart: ``time-to-resolve-sev1``."""
        return f"{self.measure.key.replace('_', '-')}-{self.group.slug}"

    @property
    def drawn(self) -> bool:
        return any(p.median is not None for p in self.points)


@dataclass
class Patterns:
    as_of: str
    kind: cmp.PeriodKind
    level: float
    before: cmp.Period
    after: cmp.Period
    counted: int
    """Incidents compared: every published one but exercises."""
    exercises: int
    """Exercises, never compared."""
    durations: list[Statement] = field(default_factory=list)
    """Per measure: all incidents, then each severity level (and unrated) in the scale's order."""
    counts: list[Statement] = field(default_factory=list)
    """All incidents, then per severity level."""
    services: list[Statement] = field(default_factory=list)
    """Most incidents in the two periods first."""
    categories: list[Statement] = field(default_factory=list)
    periods: list[cmp.Period] = field(default_factory=list)
    """The complete periods shown, oldest first (at most ``PERIODS_SHOWN``)."""
    per_period: dict[str, dict[str, int]] = field(default_factory=dict)
    """Period key -> severity level id (or ``unrated``) -> incidents."""
    series: list[Series] = field(default_factory=list)
    """Time to resolve per period: all incidents, then each group that has a point."""
    recurrences: Recurrences = field(default_factory=lambda: Recurrences((), (), ()))
    follow_through: FollowThroughReport | None = None
    follow_through_change: FollowThroughChange | None = None

    series_min: int = SERIES_MIN
    min_durations: int = MIN_DURATIONS
    min_counts: int = MIN_COUNTS

    @property
    def statements(self) -> list[Statement]:
        return [*self.durations, *self.counts, *self.services, *self.categories]

    @property
    def changes(self) -> list[Statement]:
        """What changed, in the page's order: durations, counts, services, categories."""
        return [s for s in self.statements if s.changed]

    @staticmethod
    def by_chance(statements: Iterable[Statement], level: float) -> float:
        """How many of these comparisons would show a change with no change at all: with many
        services, a few "rising" ones are expected from chance alone."""
        return sum(1 for s in statements if s.compared) * (1 - level)


def _sample(period: cmp.Period, incidents: list[Incident], measure: str | None) -> Sample:
    if measure is None:
        return Sample(period, tuple(incidents))
    measured: list[tuple[Incident, timedelta]] = []
    approximate = imprecise = missing = 0
    for incident in incidents:
        span = incident.durations.get(measure)
        kind, exact = entry(span)
        imprecise += kind == "imprecise"
        missing += kind == "missing"
        if exact is not None:
            measured.append((incident, exact))
            approximate += span is not None and span.approximate
    measured.sort(key=lambda pair: (-pair[1], pair[0].sort_key))
    return Sample(period, tuple(incidents), tuple(measured), approximate, imprecise, missing)


def _seconds(sample: Sample) -> list[float]:
    return [d.total_seconds() for _, d in sample.measured]


def _subject(spec: DurationSpec, group: Group) -> str:
    """What a sentence compares: "time to resolve", "time to resolve of SEV1 incidents"."""
    name = spec.label[:1].lower() + spec.label[1:]
    return name if group.level is None else f"{name} of {group.label} incidents"


def _counted(group: Group) -> str:
    """What a count's sentence counts: "incidents of the api service"."""
    if group.level is not None:
        return f"{group.label} incidents"
    if group.kind == "service":
        return f"incidents of the {group.label} service"
    if group.kind == "category":
        return f"incidents with a contributing factor of the {group.label} category"
    return "incidents"


def _interval(sample: list[float], level: float) -> tuple[float, float]:
    """The percentile interval of a median from its exact bootstrap distribution."""
    q, reached = (1 - level) / 2, 0.0
    low = high = None
    for value, chance in cmp.median_bootstrap(sample):
        reached += chance
        if low is None and reached >= q:
            low = value
        if reached >= 1 - q:
            high = value
            break
    values = sorted(sample)
    return (values[0] if low is None else low), (values[-1] if high is None else high)


def _point(period: cmp.Period, sample: Sample, level: float) -> SeriesPoint:
    seconds = _seconds(sample)
    if len(seconds) < SERIES_MIN:
        return SeriesPoint(period, len(seconds), None, None, None)
    low, high = _interval(seconds, level)
    middle = timedelta(seconds=median(seconds))
    return SeriesPoint(
        period, len(seconds), middle, timedelta(seconds=low), timedelta(seconds=high)
    )


def _count_statement(group: Group, earlier: Sample, later: Sample, level: float) -> Statement:
    before, after = earlier.period, later.period
    comparison = cmp.compare_counts(
        len(earlier.incidents),
        len(later.incidents),
        measure=_counted(group),
        before_label=before.label,
        after_label=after.label,
        before_days=before.days,
        after_days=after.days,
        level=level,
        min_total=MIN_COUNTS,
    )
    return Statement("incidents", "Incidents", "", group, earlier, later, comparison)


def _shown_periods(counted: list[Incident], last: cmp.Period) -> list[cmp.Period]:
    """The complete periods from the first incident's (at most ``PERIODS_SHOWN``), oldest
    first; none before the first incident, none at all before the first is complete."""
    if not counted:
        return []
    first = cmp.period_of(min(i.date for i in counted), last.kind)
    shown: list[cmp.Period] = []
    period = last
    while len(shown) < PERIODS_SHOWN and period.start >= first.start:
        shown.append(period)
        period = cmp.previous(period)
    return shown[::-1]


def build_patterns(archive: ArchiveIndex) -> Patterns:
    """The page's statements, in the page's order."""
    settings = archive.settings
    kind = cast(cmp.PeriodKind, settings.patterns_period)
    level = settings.patterns_level
    as_of = archive.ledger.as_of if archive.ledger else settings.as_of_date
    before, after = cmp.last_two_complete(as_of, kind)
    counted = [i for i in archive.incidents if not i.exercise]
    patterns = Patterns(
        as_of, kind, level, before, after, len(counted), len(archive.incidents) - len(counted)
    )
    patterns.periods = _shown_periods(counted, after)
    periods = {p.key: p for p in (before, after, *patterns.periods)}
    buckets: dict[str, list[Incident]] = {key: [] for key in periods}
    for incident in counted:
        bucket = buckets.get(cmp.period_of(incident.date, kind).key)
        if bucket is not None:
            bucket.append(incident)
    levels = [*archive.levels, *([archive.unrated_level] if archive.unrated else [])]
    groups = [ALL, *(Group("severity", lv.id, level=lv) for lv in levels)]
    # Each period's incidents per severity level, once: the groups below read these lists.
    split: dict[tuple[str, str], list[Incident]] = {}
    for key, incidents in buckets.items():
        for incident in incidents:
            split.setdefault((key, incident.severity.id), []).append(incident)

    def of(group: Group, period: cmp.Period, measure: str | None) -> Sample:
        if group.level is None:
            return _sample(period, buckets[period.key], measure)
        return _sample(period, split.get((period.key, group.level.id), []), measure)

    for spec in DURATIONS:
        for group in groups:
            earlier, later = of(group, before, spec.key), of(group, after, spec.key)
            comparison = cmp.compare_durations(
                _seconds(earlier),
                _seconds(later),
                measure=_subject(spec, group),
                before_label=before.label,
                after_label=after.label,
                level=level,
                min_count=MIN_DURATIONS,
            )
            patterns.durations.append(
                Statement(
                    spec.key, spec.label, spec.abbreviation, group, earlier, later, comparison
                )
            )
    for group in groups:
        earlier, later = of(group, before, None), of(group, after, None)
        patterns.counts.append(_count_statement(group, earlier, later, level))
    for key, singular in (("services", "service"), ("categories", "category")):
        taxonomy = archive.taxonomies[key]
        members: dict[str, tuple[Term, list[Incident], list[Incident]]] = {}
        for side, period in ((0, before), (1, after)):
            for incident in buckets[period.key]:
                for term in taxonomy.terms_of(incident):
                    entry = members.setdefault(term.slug, (term, [], []))
                    (entry[1], entry[2])[side].append(incident)
        statements = [
            _count_statement(
                Group(singular, term.name, term=term),  # type: ignore[arg-type]
                Sample(before, tuple(earlier)),
                Sample(after, tuple(later)),
                level,
            )
            for term, earlier, later in members.values()
        ]
        statements.sort(key=lambda s: (-s.comparison.before - s.comparison.after, s.group.label))
        (patterns.services if key == "services" else patterns.categories).extend(statements)
    for period in patterns.periods:
        tally = patterns.per_period[period.key] = dict.fromkeys((lv.id for lv in levels), 0)
        for incident in buckets[period.key]:
            tally[incident.severity.id] += 1
    spec = next(s for s in DURATIONS if s.key == SERIES_MEASURE)
    for group in groups:
        points = tuple(_point(p, of(group, p, spec.key), level) for p in patterns.periods)
        series = Series(spec, group, points)
        if group is ALL or series.drawn:
            patterns.series.append(series)
    patterns.recurrences = follow_ups_at_recurrence(archive)
    patterns.follow_through = follow_through(archive, kind)
    patterns.follow_through_change = follow_through_change(archive, before, after, level)
    return patterns
