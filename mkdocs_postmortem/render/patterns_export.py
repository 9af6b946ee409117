"""patterns.json: every statement of the Patterns page, for other tools. Comparisons carry the two
periods, the counts, the estimate and the interval as numbers, the verdict word and the sentence
the page shows; recurrences carry both ids and the follow-ups' state. An unbounded bound (a
median of zero before) is ``null``, never a string."""

from __future__ import annotations

import json
import math
from typing import Any

from .. import __version__
from ..insights.comparisons import Comparison, Period
from ..insights.follow_through import DaysToDone, FollowThrough
from ..insights.follow_ups import FollowUpsAtRecurrence
from ..insights.patterns import Group, Patterns, Sample, Series, Statement
from ..insights.shares import ShareComparison

FORMAT = "mkdocs-postmortem patterns"


def _number(value: float | None) -> float | None:
    """Six significant figures: the bytes do not depend on the last bits of a float."""
    if value is None or math.isinf(value):
        return None
    return float(f"{value:.6g}")


def _period(period: Period) -> dict[str, Any]:
    return {
        "key": period.key,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def _group(group: Group) -> dict[str, Any]:
    return {"kind": group.kind, "id": group.id}


def _sample(sample: Sample, duration: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"period": sample.period.key}
    if duration:
        median = sample.median
        out.update(
            count=len(sample.measured),
            approximate=sample.approximate,
            imprecise=sample.imprecise,
            missing=sample.missing,
            median_seconds=None if median is None else _number(median.total_seconds()),
            incidents=[i.id for i, _ in sample.measured],
        )
    else:
        out.update(count=len(sample.incidents), incidents=[i.id for i in sample.incidents])
    return out


def _comparison(c: Comparison) -> dict[str, Any]:
    return {
        "estimate": _number(c.estimate),
        "interval": None if c.low is None else [_number(c.low), _number(c.high)],
        "level": c.level,
        "verdict": c.verdict,
        "sentence": c.sentence,
    }


def _share(measure: str, c: ShareComparison) -> dict[str, Any]:
    """A share's change: ``estimate`` and ``interval`` in points (later minus earlier), not a
    ratio, so ``kind`` is ``share``."""
    return {
        "kind": "share",
        "measure": measure,
        "before": {"yes": c.before_yes, "judged": c.before},
        "after": {"yes": c.after_yes, "judged": c.after},
        "estimate_points": _number(c.estimate),
        "interval_points": None
        if c.low is None or c.high is None
        else [_number(c.low), _number(c.high)],
        "level": c.level,
        "verdict": c.verdict,
        "sentence": c.sentence,
    }


def _statement(s: Statement) -> dict[str, Any]:
    duration = s.kind == "duration"
    return {
        "kind": s.kind,
        "measure": s.measure,
        "group": _group(s.group),
        "before": _sample(s.before, duration),
        "after": _sample(s.after, duration),
        **_comparison(s.comparison),
    }


def _series(series: Series) -> dict[str, Any]:
    return {
        "measure": series.measure.key,
        "group": _group(series.group),
        "points": [
            {
                "period": p.period.key,
                "count": p.count,
                "median_seconds": None if p.median is None else _number(p.median.total_seconds()),
                "interval_seconds": None
                if p.low is None or p.high is None
                else [_number(p.low.total_seconds()), _number(p.high.total_seconds())],
            }
            for p in series.points
        ],
    }


def _recurrence(r: FollowUpsAtRecurrence) -> dict[str, Any]:
    return {
        "earlier": r.earlier.id,
        "later": r.later.id,
        "declared": r.declared,
        "score": _number(r.score),
        "state": r.state,
        "done_before": r.done_before,
        "open_then": r.open_then,
        "cannot_tell": r.unknown_timing,
        "cancelled": r.cancelled,
        "reasons": list(r.reasons),
    }


def _days(days: DaysToDone) -> dict[str, Any]:
    return {
        "done": days.done,
        "undated": days.undated,
        "out_of_order": days.out_of_order,
        "measured": days.measured,
        "median_days": _number(days.median),
    }


def _follow_through(ft: FollowThrough) -> dict[str, Any]:
    due = ft.due
    return {
        "period": ft.period or None,
        "incidents": ft.incidents,
        "items": ft.items,
        "days_to_done": _days(ft.days),
        "by_priority": [
            {"priority": None if level is None else level.id, **_days(days)}
            for level, days in ft.by_priority
        ],
        "done_by_due": {
            "on_time": due.on_time,
            "late": due.late,
            "unknown": due.unknown,
            "cancelled": due.cancelled,
            "not_yet_due": due.not_yet_due,
            "no_due": due.no_due,
            "share": _number(due.share),
        },
    }


def patterns_json(p: Patterns) -> str:
    recurrences = p.recurrences
    document: dict[str, Any] = {
        "format": FORMAT,
        "generator": f"mkdocs-postmortem {__version__}",
        "as_of": p.as_of,
        "period_kind": p.kind,
        "level": p.level,
        "before": _period(p.before),
        "after": _period(p.after),
        "counted": p.counted,
        "exercises_left_out": p.exercises,
        "minimums": {
            "durations_per_period": p.min_durations,
            "incidents_in_both_periods": p.min_counts,
            "durations_per_series_point": p.series_min,
        },
        "comparisons": [_statement(s) for s in p.statements],
        "series": [_series(s) for s in p.series],
        "incidents_per_period": [
            {"period": period.key, "by_severity": p.per_period[period.key]} for period in p.periods
        ],
        "recurrences": [_recurrence(r) for r in (*recurrences.after_done, *recurrences.others)],
        "possibly_related": [_recurrence(r) for r in recurrences.suggested],
        "follow_through": None
        if p.follow_through is None
        else {
            "overall": _follow_through(p.follow_through.overall),
            "by_period": [_follow_through(ft) for ft in p.follow_through.by_period],
        },
        "follow_through_comparisons": []
        if p.follow_through_change is None
        else [
            _share("done_within_30_days", p.follow_through_change.within),
            _share("done_by_due", p.follow_through_change.on_time),
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
