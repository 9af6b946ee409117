"""Every parser of written values (moments, zones, figures, due periods) takes time linear in
its input, whatever the input: hostile text of growing size is fed to each, with its length cap
lifted, and the time for eight times the input must stay near eight times the time.

Timings are ratios of the best of five runs at sizes calibrated to take milliseconds, never
absolute thresholds, and count the CPU time of this process (other processes on a loaded machine
do not make a parse look slower): the tests hold on a slow or busy machine, and fail on quadratic
growth (sixty-four times) long before it takes seconds."""

from __future__ import annotations

import contextlib
import gc
import math
import time
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from mkdocs_postmortem.core import moment_reader as moments
from mkdocs_postmortem.core import quantities, zones
from mkdocs_postmortem.core.moment_reader import period_end, read_moment
from mkdocs_postmortem.core.moments import Context, MomentError
from mkdocs_postmortem.core.quantities import QuantityError, read_quantity
from mkdocs_postmortem.core.zones import ZoneTable, fixed_offset

BASE_SECONDS = 0.002
"""What one timing of the smaller input takes (it is grown, then parsed several times over,
until it does): timer and scheduler noise are a small part of it."""
GROWTH = 8
LINEAR_WITH_SLACK = 24.0
"""The most t(8n) / t(n) may be: 8 for linear (8.1 at most was measured), 64 for quadratic."""
LONGEST = 8_192
"""The longest smaller input (characters): beyond it a fast parser is timed on several parses
of it rather than on a longer one, whose time would grow with cache misses, not with work."""

TABLE = ZoneTable()
UTC = TABLE.resolve("UTC")


@pytest.fixture(autouse=True)
def no_caps(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The caps refuse long input before any pattern sees it; the parsers behind them must be
    linear on their own (``raising=False``: the test also runs where a cap is not there)."""
    monkeypatch.setattr(moments, "MAX_LENGTH", 10**9, raising=False)
    monkeypatch.setattr(quantities, "MAX_LENGTH", 10**9, raising=False)
    monkeypatch.setattr(zones, "MAX_LABEL", 10**9, raising=False)
    yield


def moment(text: str) -> None:
    with contextlib.suppress(MomentError):
        read_moment(text, Context(date(2026, 1, 5), UTC, table=TABLE))


def structured(text: str) -> None:
    """The structured form's parts go to the same reader without the written form's clean-up."""
    with contextlib.suppress(MomentError):
        read_moment({"at": text, "until": text}, Context(date(2026, 1, 5), UTC, table=TABLE))


def structured_zone(text: str) -> None:
    with contextlib.suppress(MomentError):
        read_moment({"at": "10:00", "zone": text}, Context(date(2026, 1, 5), UTC, table=TABLE))


def zone(text: str) -> None:
    with contextlib.suppress(ValueError):
        TABLE.resolve(text)


def offset(text: str) -> None:
    fixed_offset(text)


def figure(text: str) -> None:
    with contextlib.suppress(QuantityError):
        read_quantity(text)


def due(text: str) -> None:
    with contextlib.suppress(MomentError):
        period_end(text)


Shape = Callable[[int], str]
SHAPES: dict[str, Shape] = {
    "dashes": lambda n: "1-" * n,
    "colons": lambda n: "1:" * n,
    "spaced dashes": lambda n: "1 - " * n,
    "range words": lambda n: "10:00 to " * n,
    "between": lambda n: "between " + "a and " * n,
    "from": lambda n: "from " + "1 to " * n,
    "spaces": lambda n: "1" + " " * n + "x",
    "spaces in brackets": lambda n: "(" + " " * n + "x",
    "digits": lambda n: "1" * n,
    "tildes": lambda n: "~" * n,
    "open bracket": lambda n: "10:00 (" + "a " * n,
    "brackets": lambda n: "(" * n + "x",
    "zone path": lambda n: "10:00 Aa" + "/aa" * n + "/",
    "zone words": lambda n: "10:00 " + "PST " * n + "x",
    "offsets": lambda n: "10:00 " + "+01:00 " * n,
    "next day": lambda n: "next day " * n + "x",
    "twelve hour": lambda n: "1 " * n + "am x",
    "dates": lambda n: "2026-01-05 " * n,
    "month days": lambda n: "Oct 27, " * n,
    "thousands": lambda n: "1" + ",000" * n + "!",
    "decimals": lambda n: "1." * n,
    "qualifiers": lambda n: "about " * n + "5",
    "scales": lambda n: "5 " + "k" * n,
    "units": lambda n: "5 " + "ab/" * n,
}
PARSERS: dict[str, tuple[Callable[[str], None], list[str]]] = {
    "moment": (moment, list(SHAPES)),
    "structured moment": (
        structured,
        [
            "spaces",
            "spaces in brackets",
            "open bracket",
            "zone path",
            "zone words",
            "next day",
            "twelve hour",
            "dashes",
            "range words",
            "between",
        ],
    ),
    "zone of a structured moment": (
        structured_zone,
        ["zone path", "zone words", "offsets", "spaces", "colons", "brackets"],
    ),
    "zone": (zone, ["zone path", "zone words", "offsets", "spaces", "colons", "dashes"]),
    "offset": (offset, ["offsets", "spaces", "digits", "colons", "dashes"]),
    "figure": (figure, list(SHAPES)),
    "due period": (due, ["dashes", "digits", "spaces", "dates", "colons"]),
}
CASES = [(p, s) for p, (_, shapes) in PARSERS.items() for s in shapes]


def run_time(parse: Callable[[str], None], text: str, runs: int = 1, repeat: int = 1) -> float:
    """The best of ``runs`` timings (CPU time) of ``repeat`` parses, with the collector off (it
    would charge a run for the garbage of earlier ones)."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            started = time.process_time()
            for _ in range(repeat):
                parse(text)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


def growth(parse: Callable[[str], None], shape: Shape) -> tuple[int, float]:
    """(n, t(8n) / t(n)), n the smallest doubling of the shape's count whose parse takes
    ``BASE_SECONDS``, or whose text reaches ``LONGEST`` (then parsed as many times as take
    that long, at both sizes)."""
    n = 16
    took = run_time(parse, shape(n))
    while took < BASE_SECONDS and len(shape(2 * n)) <= LONGEST:
        n *= 2
        took = run_time(parse, shape(n))
    repeat = max(1, math.ceil(BASE_SECONDS / max(took, 1e-7)))
    small_text, large_text = shape(n), shape(GROWTH * n)
    small = large = float("inf")
    for _ in range(5):  # in turns: a change of load on the machine weighs on both sizes
        small = min(small, run_time(parse, small_text, repeat=repeat))
        large = min(large, run_time(parse, large_text, repeat=repeat))
    return n, large / small


@pytest.mark.parametrize(("parser", "shape"), CASES, ids=[f"{p}: {s}" for p, s in CASES])
def test_parser_is_linear(parser: str, shape: str) -> None:
    parse, _ = PARSERS[parser]
    n, ratio = growth(parse, SHAPES[shape])
    for _ in range(2):  # again: a loaded moment of the machine must not fail the suite
        if ratio < LINEAR_WITH_SLACK:
            break
        n, ratio = growth(parse, SHAPES[shape])
    assert ratio < LINEAR_WITH_SLACK, (
        f"{parser} on {shape!r}: {GROWTH} times the input ({len(SHAPES[shape](n)):,} characters)"
        f" took {ratio:.1f} times as long"
    )
