"""Two periods' shares: Newcombe's interval against the published values of his paper and
against Wilson intervals found by bisection on the score test, the verdicts' false alarms,
power and coverage on simulated periods, and the sentence with its bounds rounded outward."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from statistics import NormalDist

import pytest

from mkdocs_postmortem.insights.shares import (
    ShareComparison,
    compare_shares,
    newcombe,
    wilson,
)

LABELS = {"before_label": "2025 Q2", "after_label": "2025 Q3"}
MEASURE = "The share of action items done by their due period"
SEEDS = 200


def shares(
    before_yes: int, before_total: int, after_yes: int, after_total: int, **options: float
) -> ShareComparison:
    return compare_shares(
        before_yes, before_total, after_yes, after_total, measure=MEASURE, **LABELS, **options
    )


def binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


def within_error(rate: float, expected: float, draws: int) -> bool:
    """Within three binomial standard errors of ``expected``."""
    return abs(rate - expected) <= 3 * math.sqrt(expected * (1 - expected) / draws)


# The interval against the literature and an independent computation


@pytest.mark.parametrize(
    ("first", "second", "low", "high"),
    [
        # Newcombe (1998), Table II, method 10: (a), (b), (d)-(h); the first sample's share
        # minus the second's, 95% intervals to four decimals.
        ((56, 70), (48, 80), 0.0524, 0.3339),
        ((9, 10), (3, 10), 0.1705, 0.8090),
        ((5, 56), (0, 29), -0.0381, 0.1926),
        ((0, 10), (0, 20), -0.1611, 0.2775),
        ((0, 10), (0, 10), -0.2775, 0.2775),
        ((10, 10), (0, 20), 0.6791, 1.0000),
        ((10, 10), (0, 10), 0.6075, 1.0000),
    ],
)
def test_newcombe_s_published_values(
    first: tuple[int, int], second: tuple[int, int], low: float, high: float
) -> None:
    """Our difference is later minus earlier: the paper's first sample is the later period."""
    assert newcombe(*second, *first, level=0.95) == pytest.approx((low, high), abs=5e-5)


def bisect(function: Callable[[float], float], inside: float, outside: float) -> float:
    """Where a function at most 0 at ``inside`` and above 0 at ``outside`` crosses 0."""
    for _ in range(200):
        middle = (inside + outside) / 2
        inside, outside = (middle, outside) if function(middle) <= 0 else (inside, middle)
    return (inside + outside) / 2


def wilson_by_bisection(k: int, n: int, level: float) -> tuple[float, float]:
    """The shares p the score test keeps, |k/n - p| <= z sqrt(p (1 - p) / n), found by
    bisection on the test itself, not by the quadratic's roots."""
    z, observed = NormalDist().inv_cdf((1 + level) / 2), k / n
    gap = lambda p: abs(observed - p) - z * math.sqrt(p * (1 - p) / n)  # noqa: E731
    low = 0.0 if k == 0 else bisect(gap, observed, 0.0)
    high = 1.0 if k == n else bisect(gap, observed, 1.0)
    return low, high


CASES = [(0, 5), (1, 10), (3, 10), (10, 10), (17, 40), (55, 120), (2, 150), (149, 150)]


@pytest.mark.parametrize("level", [0.80, 0.90, 0.95])
@pytest.mark.parametrize(("k", "n"), CASES)
def test_wilson_against_bisection_on_the_score_test(k: int, n: int, level: float) -> None:
    assert wilson(k, n, level) == pytest.approx(wilson_by_bisection(k, n, level), abs=1e-12)


@pytest.mark.parametrize("level", [0.90, 0.95])
@pytest.mark.parametrize("before", CASES[::2])
@pytest.mark.parametrize("after", CASES[1::2])
def test_newcombe_against_a_reference_computation(
    before: tuple[int, int], after: tuple[int, int], level: float
) -> None:
    """Method 10 as the paper writes it, with each Wilson interval found by bisection:
    L = d - sqrt((p2 - l2)^2 + (u1 - p1)^2), U = d + sqrt((u2 - p2)^2 + (p1 - l1)^2)."""
    p1, p2 = before[0] / before[1], after[0] / after[1]
    l1, u1 = wilson_by_bisection(*before, level)
    l2, u2 = wilson_by_bisection(*after, level)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    assert newcombe(*before, *after, level) == pytest.approx((low, high), abs=1e-12)
    result = shares(*before, *after, level=level, min_total=1)
    assert (result.low, result.high) == pytest.approx((100 * low, 100 * high), abs=1e-10)
    assert result.estimate == pytest.approx(100 * d, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_the_interval_s_symmetries(seed: int) -> None:
    """Swapping the periods negates it; so does counting the no's instead of the yes's. It
    holds the estimate and stays within 100 points either way."""
    rng = random.Random(seed)
    n1, n2 = rng.randint(1, 80), rng.randint(1, 80)
    k1, k2 = rng.randint(0, n1), rng.randint(0, n2)
    low, high = newcombe(k1, n1, k2, n2)
    assert newcombe(k2, n2, k1, n1) == pytest.approx((-high, -low), abs=1e-12)
    assert newcombe(n1 - k1, n1, n2 - k2, n2) == pytest.approx((-high, -low), abs=1e-12)
    assert -1 <= low <= k2 / n2 - k1 / n1 <= high <= 1


# Verdicts on simulated periods


def test_shares_raise_few_false_alarms() -> None:
    """The same true share in both periods (20%-80%, 20-60 items each): a 90% interval leaves
    out 0 about one time in ten, within three binomial standard errors either way."""
    alarms = 0
    for seed in range(SEEDS):
        rng = random.Random(seed)
        share = rng.uniform(0.2, 0.8)
        n1, n2 = rng.randint(20, 60), rng.randint(20, 60)
        verdict = shares(binomial(rng, n1, share), n1, binomial(rng, n2, share), n2).verdict
        alarms += verdict in ("rising", "falling")
    assert within_error(alarms / SEEDS, 0.10, SEEDS), alarms


@pytest.mark.parametrize(
    ("before", "after", "verdict"), [(0.4, 0.8, "rising"), (0.8, 0.4, "falling")]
)
def test_shares_find_a_large_change(before: float, after: float, verdict: str) -> None:
    found = 0
    for seed in range(SEEDS):
        rng = random.Random(seed)
        found += shares(binomial(rng, 60, before), 60, binomial(rng, 60, after), 60).verdict == (
            verdict
        )
    assert found / SEEDS >= 0.95, found


@pytest.mark.parametrize(
    ("true", "sizes"),
    [
        ((0.5, 0.5), (30, 30)),
        ((0.3, 0.6), (40, 25)),
        ((0.7, 0.9), (20, 50)),
        ((0.1, 0.15), (60, 60)),
    ],
    ids=["even", "rise", "near-one", "near-zero"],
)
def test_the_interval_covers_the_true_difference(
    true: tuple[float, float], sizes: tuple[int, int]
) -> None:
    """The 90% interval holds the true difference in about 90% of simulated periods: no less
    than three binomial standard errors under, and not needlessly wide."""
    (p1, p2), (n1, n2) = true, sizes
    draws, covered = 1000, 0
    for seed in range(draws):
        rng = random.Random(seed)
        result = shares(binomial(rng, n1, p1), n1, binomial(rng, n2, p2), n2, min_total=1)
        assert result.low is not None and result.high is not None
        covered += result.low <= 100 * (p2 - p1) <= result.high
    rate = covered / draws
    assert rate >= 0.90 - 3 * math.sqrt(0.90 * 0.10 / draws), rate
    assert rate <= 0.96, rate


# Small periods and bad input


def test_too_few_items_in_either_period() -> None:
    result = shares(5, 9, 20, 40)
    assert (result.verdict, result.estimate, result.low, result.high) == (
        "too few incidents",
        None,
        None,
        None,
    )
    assert (result.before, result.before_yes, result.after, result.after_yes) == (9, 5, 40, 20)
    assert result.sentence == (
        "Too few items to tell: the share of action items done by their due period is known for"
        " 9 items in 2025 Q2 and 40 in 2025 Q3; a comparison needs at least 10 in each."
    )
    assert shares(20, 40, 1, 1).verdict == "too few incidents"
    assert shares(5, 10, 5, 10).verdict == "no detectable change"
    assert shares(0, 0, 5, 10, min_total=0).verdict == "too few incidents"
    assert shares(1, 1, 0, 1, min_total=1).sentence.startswith("No detectable change:")


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="yes <= total"):
        shares(11, 10, 5, 10)
    with pytest.raises(ValueError, match="yes <= total"):
        shares(-1, 10, 5, 10)
    with pytest.raises(ValueError, match="between 0 and 1"):
        shares(5, 10, 5, 10, level=90)
    with pytest.raises(ValueError):
        wilson(1, 0)


def test_the_fields_say_what_they_are() -> None:
    result = shares(12, 30, 21, 30)
    assert result.kind == "points"
    assert (result.before_share, result.after_share) == (0.4, 0.7)
    assert result.estimate == 30.0  # exact, not 29.999999999999993


# The sentence


def test_the_sentences() -> None:
    assert shares(12, 30, 21, 30).sentence == (
        "The share of action items done by their due period rose from 40% (12 of 30) in 2025 Q2"
        " to 70% (21 of 30) in 2025 Q3: up 30 points, at least 8 and at most 48 (90% interval)."
    )
    assert shares(21, 30, 12, 30).sentence == (
        "The share of action items done by their due period fell from 70% (21 of 30) in 2025 Q2"
        " to 40% (12 of 30) in 2025 Q3: down 30 points, at least 8 and at most 48 (90%"
        " interval)."
    )
    assert shares(12, 30, 14, 30).sentence == (
        "No detectable change: the share of action items done by their due period went from 40%"
        " (12 of 30) in 2025 Q2 to 47% (14 of 30) in 2025 Q3, up 7 points, but anything from a"
        " fall of 14 points to a rise of 27 points fits the data (90% interval)."
    )
    assert shares(15, 30, 15, 30, level=0.95).sentence == (
        "No detectable change: the share of action items done by their due period went from 50%"
        " (15 of 30) in 2025 Q2 to 50% (15 of 30) in 2025 Q3, but anything from a fall of 24"
        " points to a rise of 24 points fits the data (95% interval)."
    )


def test_a_bound_near_zero_keeps_the_digits_it_needs() -> None:
    """A rise whose interval starts 0.09 points above 0 says "at least 0.09", not "at least 0";
    and the shares and the move add up, though 1 and 5 of 30 are 13.3 points apart."""
    result = shares(1, 30, 5, 30)
    assert result.low is not None and 0.09 < result.low < 0.1
    assert result.sentence.endswith(
        "rose from 3% (1 of 30) in 2025 Q2 to 17% (5 of 30) in 2025 Q3: up 14 points, at least"
        " 0.09 and at most 28 (90% interval)."
    )
    assert "up 4 points, at least 0.5 and at most 9" in shares(0, 100, 4, 100).sentence


def test_a_rise_too_small_for_whole_percents_shows_in_tenths() -> None:
    result = shares(40_000, 100_000, 40_400, 100_000)
    assert result.verdict == "rising"
    assert "rose from 40.0% (40000 of 100000) in 2025 Q2 to 40.4% (40400 of 100000)" in (
        result.sentence
    )
    assert ": up 0.4 points, at least 0.03 and at most 1 (90% interval)." in result.sentence


def bounds_shown(result: ShareComparison) -> tuple[float, float]:
    """The interval as the sentence states it, as signed points (low, high)."""
    if result.verdict in ("rising", "falling"):
        least, most = (
            float(x) for x in re.findall(r"at (?:least|most) (\d+(?:\.\d+)?)", result.sentence)
        )
        return (least, most) if result.verdict == "rising" else (-most, -least)
    fall, rise = re.findall(r"a (fall|rise) of (\d+(?:\.\d+)?)", result.sentence)
    sign = {"fall": -1, "rise": 1}
    return sign[fall[0]] * float(fall[1]), sign[rise[0]] * float(rise[1])


@pytest.mark.parametrize("seed", range(40))
def test_the_bounds_are_rounded_outwards_and_stay_on_their_side_of_zero(seed: int) -> None:
    rng = random.Random(seed)
    n1, n2 = rng.randint(10, 200), rng.randint(10, 200)
    result = shares(rng.randint(0, n1), n1, rng.randint(0, n2), n2)
    assert result.low is not None and result.high is not None
    low, high = bounds_shown(result)
    assert low <= result.low and high >= result.high
    assert low > 0 if result.verdict == "rising" else True
    assert high < 0 if result.verdict == "falling" else True
