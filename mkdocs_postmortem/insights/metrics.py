"""Response times as distributions (count, median, p90, max, and how many are missing), per
severity and per quarter, and incident counts per month. Means of skewed durations mislead, so
there are none; a missing timestamp is counted as missing, never as zero."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from ..core.model import DURATIONS, Incident
from ..core.scale import Level
from ..core.settings import Settings


@dataclass(frozen=True)
class Distribution:
    count: int
    missing: int
    median: timedelta | None
    p90: timedelta | None
    max: timedelta | None


def distribution(values: Iterable[timedelta], total: int) -> Distribution:
    """Median (mean of the two middle values for an even count) and nearest-rank p90.
    Negative durations (timestamps out of order, already reported) count as missing."""
    ordered = sorted(v for v in values if v >= timedelta(0))
    n = len(ordered)
    if not n:
        return Distribution(0, total, None, None, None)
    middle = n // 2
    median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    p90 = ordered[math.ceil(0.9 * n) - 1]
    return Distribution(n, total - n, median, p90, ordered[-1])


def quarter(date: str) -> str:
    return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


@dataclass
class Metrics:
    overall: dict[str, Distribution]
    by_severity: list[tuple[Level, dict[str, Distribution]]]
    by_quarter: list[tuple[str, dict[str, Distribution]]]
    """Oldest quarter first."""
    months: list[str] = field(default_factory=list)
    """Every month from the first incident to the last, oldest first."""
    monthly: dict[str, dict[str, int]] = field(default_factory=dict)
    """Month -> severity level id -> number of incidents."""

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


def compute_metrics(
    settings: Settings, incidents: list[Incident], by_severity: dict[str, list[Incident]]
) -> Metrics:
    """``by_severity`` is the index's grouping (level id -> incidents), not made again here."""
    by_quarter: dict[str, list[Incident]] = {}
    for incident in incidents:
        by_quarter.setdefault(quarter(incident.date), []).append(incident)
    levels = settings.severity.levels
    metrics = Metrics(
        overall=_distributions(incidents),
        by_severity=[(lv, _distributions(by_severity.get(lv.id, []))) for lv in levels],
        by_quarter=[(q, _distributions(by_quarter[q])) for q in sorted(by_quarter)],
    )
    if incidents:
        dates = [i.date[:7] for i in incidents]
        metrics.months = month_range(min(dates), max(dates))
        metrics.monthly = {m: {lv.id: 0 for lv in settings.severity.levels} for m in metrics.months}
        for incident in incidents:
            metrics.monthly[incident.date[:7]][incident.severity.id] += 1
    return metrics
