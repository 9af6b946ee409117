"""Seconds per pipeline stage, and the one-line summary a slow build prints."""

from __future__ import annotations

import time

import pytest

from mkdocs_postmortem.core.stage_timings import STAGES, Timings


def test_every_stage_starts_at_zero_in_pipeline_order() -> None:
    timings = Timings()
    assert list(timings.seconds) == ["discover", "parse", "validate", "index", "render", "write"]
    assert list(timings.seconds) == list(STAGES)
    assert set(timings.seconds.values()) == {0.0}
    assert timings.total == 0.0


def test_a_stage_accumulates_over_entries() -> None:
    timings = Timings()
    with timings.stage("parse"):
        time.sleep(0.01)
    first = timings.seconds["parse"]
    with timings.stage("parse"):
        time.sleep(0.01)
    assert first >= 0.01
    assert timings.seconds["parse"] >= first + 0.01
    assert timings.seconds["validate"] == 0.0
    assert timings.total == pytest.approx(timings.seconds["parse"])


def test_time_is_counted_when_the_stage_raises() -> None:
    timings = Timings()
    with pytest.raises(KeyError), timings.stage("render"):
        time.sleep(0.005)
        raise KeyError("boom")
    assert timings.seconds["render"] >= 0.005


def test_an_unlisted_stage_is_added_after_the_known_ones() -> None:
    timings = Timings()
    with timings.stage("salvage"):
        pass
    assert list(timings.seconds)[-1] == "salvage"
    assert timings.seconds["salvage"] >= 0.0


def test_summary_text() -> None:
    timings = Timings()
    timings.seconds.update(discover=0.0012, parse=0.25, validate=0.0304, render=1.5)
    assert timings.total == pytest.approx(1.7816)
    assert timings.summary() == (
        "1782 ms in all: discover 1 ms, parse 250 ms, validate 30 ms, index 0 ms, "
        "render 1500 ms, write 0 ms"
    )


def test_summary_of_an_empty_build() -> None:
    assert Timings().summary() == (
        "0 ms in all: discover 0 ms, parse 0 ms, validate 0 ms, index 0 ms, render 0 ms, write 0 ms"
    )
