"""Response times as distributions (count, median, p90, max, and how many are missing), per
severity and per quarter, and incident counts per month. Means of skewed durations mislead, so
there are none; a missing timestamp is counted as missing, never as zero.

Durations are as precise as the moments they come from: an approximate one counts and is said
to be approximate (and so are the figures it enters); one known only as a range, a bound or
from dates alone is counted as imprecise and kept out of the figures, which would otherwise
claim a precision nobody wrote. Exercises (game days, drills) are left out unless the team
counts them; unrated incidents are a group of their own."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from ..core.lifecycle import DURATIONS
from ..core.model import Incident
from ..core.scale import UNRATED, Level
from ..core.settings import Settings
from ..core.spans import Span


@dataclass(frozen=True)
class Distribution:
    count: int
    """Durations in the figures: exact or approximate single values."""
    missing: int
    median: timedelta | None
    p90: timedelta | None
    max: timedelta | None
    approximate: int = 0
    """How many of ``count`` are approximate: the figures are then approximate too."""
    imprecise: int = 0
    """Known only as a range, a bound or from dates: counted here, not in the figures."""


Entry = Literal["measured", "imprecise", "missing"]


def entry(span: Span | None) -> tuple[Entry, timedelta | None]:
    """How a duration enters every figure: one value (exact or approximate) is measured; a
    range, a bound or a day count is imprecise; none, or timestamps out of order (already
    reported), is missing. The one rule for the metrics and the patterns alike."""
    if span is None:
        return "missing", None
    exact = span.exact
    if exact is None:
        return ("missing", None) if span.negative else ("imprecise", None)
    return ("missing", None) if exact < timedelta(0) else ("measured", exact)


def distribution(values: Iterable[Span | timedelta], total: int) -> Distribution:
    """Median (mean of the two middle values for an even count) and nearest-rank p90 of the
    durations that are one value (``entry``)."""
    ordered: list[timedelta] = []
    approximate = imprecise = 0
    for value in values:
        span = Span(value, value) if isinstance(value, timedelta) else value
        kind, exact = entry(span)
        if kind == "imprecise":
            imprecise += 1
        if exact is None:
            continue
        ordered.append(exact)
        approximate += span.approximate
    ordered.sort()
    n = len(ordered)
    if not n:
        return Distribution(0, total - imprecise, None, None, None, 0, imprecise)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p90 = ordered[math.ceil(0.9 * n) - 1]
    return Distribution(n, total - n - imprecise, median, p90, ordered[-1], approximate, imprecise)


def quarter(date: str) -> str:
    return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


@dataclass
class Metrics:
    overall: dict[str, Distribution]
    by_severity: list[tuple[Level, dict[str, Distribution]]]
    """Every level of the scale, then unrated incidents as their own group (if any)."""
    by_quarter: list[tuple[str, dict[str, Distribution]]]
    """Oldest quarter first."""
    months: list[str] = field(default_factory=list)
    """Every month from the first incident to the last, oldest first."""
    monthly: dict[str, dict[str, int]] = field(default_factory=dict)
    """Month -> severity level id (or ``unrated``) -> number of incidents."""
    counted: int = 0
    """Incidents in the figures."""
    exercises: int = 0
    """Exercises left out of the figures (game days, drills, fictional examples)."""
    unrated: int = 0

    def monthly_total(self, month: str) -> int:
        return sum(self.monthly[month].values())


def _distributions(incidents: list[Incident]) -> dict[str, Distribution]:
    return {
        spec.key: distribution(
            (i.durations[spec.key] for i in incidents if spec.key in i.durations), len(incidents)
        )
        for spec in DURATIONS
    }


def month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def counts(settings: Settings, incident: Incident) -> bool:
    """Whether an incident enters the figures: real incidents, and exercises if the team
    counts them."""
    return settings.count_exercises or not incident.exercise


def compute_metrics(
    settings: Settings,
    incidents: list[Incident],
    by_severity: dict[str, list[Incident]],
    unrated: list[Incident] | None = None,
) -> Metrics:
    """``by_severity`` is the index's grouping (level id -> incidents), not made again here;
    ``unrated`` the incidents without a level."""
    counted = [i for i in incidents if counts(settings, i)]
    by_quarter: dict[str, list[Incident]] = {}
    for incident in counted:
        by_quarter.setdefault(quarter(incident.date), []).append(incident)
    levels = settings.severity.levels
    rows = [
        (lv, _distributions([i for i in by_severity.get(lv.id, []) if counts(settings, i)]))
        for lv in levels
    ]
    unrated_counted = [i for i in unrated or [] if counts(settings, i)]
    if unrated_counted:
        rows.append((unrated_counted[0].severity, _distributions(unrated_counted)))
    metrics = Metrics(
        overall=_distributions(counted),
        by_severity=rows,
        by_quarter=[(q, _distributions(by_quarter[q])) for q in sorted(by_quarter)],
        counted=len(counted),
        exercises=len(incidents) - len(counted),
        unrated=len(unrated_counted),
    )
    if counted:
        dates = [i.date[:7] for i in counted]
        metrics.months = month_range(min(dates), max(dates))
        groups = [lv.id for lv in levels] + ([UNRATED] if unrated_counted else [])
        metrics.monthly = {m: dict.fromkeys(groups, 0) for m in metrics.months}
        for incident in counted:
            metrics.monthly[incident.date[:7]][incident.severity.id] += 1
    return metrics
