"""The Patterns page and patterns.json in a real Material build: a planted change is said first,
with its interval and the incidents behind it; recurrences after done follow-ups are listed
before the others; every statement of the page is in the export."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from sites import Result, SiteBuilder

AS_OF = "2026-01-15"
"""In 2026 Q1: 2025 Q4 is compared with 2025 Q3."""


def stamps(day: str, minutes: int) -> dict[str, str]:
    end = date.fromisoformat(day).toordinal() * 1440 + 10 * 60 + minutes
    resolved = date.fromordinal(end // 1440).isoformat()
    return {
        "started": f"{day}T10:00:00Z",
        "resolved": f"{resolved}T{end % 1440 // 60:02d}:{end % 60:02d}:00Z",
    }


def spread(start: str, count: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=4 * k)).isoformat() for k in range(count)]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """Twenty incidents a quarter; time to resolve three times as long in 2025 Q4, on the api
    service; twice as many incidents of the db service."""
    site = SiteBuilder(tmp_path_factory.mktemp("planted"))
    site.plugin_options = {"as_of": AS_OF}
    rng = random.Random(7)
    n = 0
    for start, factor in (("2025-07-02", 1), ("2025-10-02", 3)):
        for day in spread(start, 20):
            n += 1
            minutes = round(60 * factor * rng.lognormvariate(0, 0.4))
            site.incident(
                f"i{n}",
                id=f"INC-{n:03d}",
                title=f"Incident {n}",
                date=day,
                services=["api"],
                timestamps=stamps(day, minutes),
            )
    for k, day in enumerate([*spread("2025-07-05", 6), *spread("2025-10-05", 14)]):
        site.incident(f"db{k}", id=f"DB-{k:03d}", title=f"Database {k}", date=day, services=["db"])
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    return result


def test_the_planted_change_comes_first_with_its_interval(planted: Result) -> None:
    text = planted.text("postmortems/patterns/")
    changed = text[text.index("What changed") : text.index("Came back after")]
    assert "The median time to resolve was" in changed
    assert "times as long in 2025 Q4 as in 2025 Q3 (at least" in changed
    assert "90% interval; 20 incidents in 2025 Q3 and 20 in 2025 Q4" in changed
    # The incidents behind it, longest first, each with its duration as incident pages write it.
    page = planted.html("postmortems/patterns/")
    behind = page[page.index('<details class="pm-behind">') :]
    behind = behind[: behind.index("</details>")]
    assert behind.count('href="../incidents/INC-') == 40
    assert "The 40 incidents behind it" in behind
    assert "not in the figures: 0 imprecise, 6 missing" in behind  # the db incidents
    assert "not in the figures: 0 imprecise, 14 missing" in behind
    assert re.search(r"INC-0\d\d</a> \(\d+ h \d\d min\)", behind)


def test_counts_per_service_rise_only_when_the_interval_says_so(planted: Result) -> None:
    export = json.loads((planted.site / "postmortems" / "patterns.json").read_text("utf-8"))
    by_group = {
        (c["measure"], c["group"]["kind"], c["group"]["id"]): c for c in export["comparisons"]
    }
    db = by_group["incidents", "service", "db"]
    assert (db["before"]["count"], db["after"]["count"]) == (6, 14)
    # 6 then 14: more than twice as often, yet the interval holds 1 (0.96 to 6.4): not "rising".
    low, high = db["interval"]
    assert db["verdict"] == "no detectable change" and low < 1 < high
    api = by_group["incidents", "service", "api"]
    assert api["verdict"] == "no detectable change" and api["interval"][0] < 1 < api["interval"][1]
    ttr = by_group["time_to_resolve", "all", "all"]
    assert ttr["verdict"] == "slower" and ttr["interval"][0] > 1
    assert ttr["before"]["count"] == 20 and len(ttr["after"]["incidents"]) == 20
    assert ttr["sentence"] in planted.text("postmortems/patterns/")


def test_the_export_holds_every_statement_of_the_page(planted: Result) -> None:
    export = json.loads((planted.site / "postmortems" / "patterns.json").read_text("utf-8"))
    assert export["format"] == "mkdocs-postmortem patterns"
    assert (export["before"]["key"], export["after"]["key"]) == ("2025-Q3", "2025-Q4")
    assert export["period_kind"] == "quarter" and export["level"] == 0.9
    verdicts = {c["verdict"] for c in export["comparisons"]}
    assert verdicts <= {
        "slower", "faster", "rising", "falling", "no detectable change", "too few incidents"
    }  # fmt: skip
    measures = {c["measure"] for c in export["comparisons"]}
    assert measures == {
        "time_to_detect", "time_to_acknowledge", "time_to_mitigate", "time_to_resolve",
        "incidents",
    }  # fmt: skip
    for comparison in export["comparisons"]:
        interval = comparison["interval"]
        if comparison["verdict"] == "too few incidents":
            assert interval is None and comparison["estimate"] is None
        else:
            assert interval[0] <= comparison["estimate"] <= (interval[1] or float("inf"))
    [overall] = [s for s in export["series"] if s["group"]["kind"] == "all"]
    assert [p["period"] for p in overall["points"]] == ["2025-Q3", "2025-Q4"]
    text = planted.text("postmortems/patterns/")
    for comparison in export["comparisons"]:
        if comparison["verdict"] in ("slower", "faster", "rising", "falling"):
            assert comparison["sentence"] in text


def _recurrence_site(site: SiteBuilder, items: dict[str, list[dict[str, Any]]]) -> Result:
    site.plugin_options = {"as_of": AS_OF}
    for name, (earlier, later) in {"fixed": ("2025-03-01", "2025-09-01"), "open": ("2025-04-01", "2025-08-01")}.items():  # fmt: skip
        site.incident(
            f"{name}-old",
            id=f"{name.upper()}-OLD",
            title=f"{name} before",
            date=earlier,
            action_items=items[name],
        )
        site.incident(
            f"{name}-new",
            id=f"{name.upper()}-NEW",
            title=f"{name} again",
            date=later,
            related_incidents=[{"id": f"{name.upper()}-OLD", "type": "recurrence-of"}],
        )
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    return result


def test_a_recurrence_after_done_follow_ups_is_listed_first(site: SiteBuilder) -> None:
    done = {"action": "Add the alert", "owner": "ana", "status": "done", "completed": "2025-05-01"}
    still = {"action": "Shard the table", "owner": "bo", "status": "open"}
    result = _recurrence_site(site, {"fixed": [done], "open": [done, still]})
    text = result.text("postmortems/patterns/")
    first = text[
        text.index("Came back after its follow-ups were done") : text.index("Other recurrences")
    ]
    assert (
        "FIXED-NEW (2025-09-01) repeats FIXED-OLD (2025-03-01): 1 action item done before it"
        in first
    )
    assert "OPEN-NEW" not in first
    others = text[text.index("Other recurrences") : text.index("Response times")]
    assert "OPEN-NEW (2025-08-01) repeats OPEN-OLD: 1 of 2 action items still open then" in others
    export = json.loads((result.site / "postmortems" / "patterns.json").read_text("utf-8"))
    states = {(r["earlier"], r["later"]): r["state"] for r in export["recurrences"]}
    assert states == {
        ("FIXED-OLD", "FIXED-NEW"): "all-done-before",
        ("OPEN-OLD", "OPEN-NEW"): "some-still-open",
    }


def test_half_years_are_said_as_such(site: SiteBuilder) -> None:
    site.plugin_options = {"as_of": AS_OF, "patterns_period": "half"}
    for k, day in enumerate(spread("2025-01-10", 30)):
        site.incident(
            f"h{k}", id=f"H-{k:02d}", title=f"Half {k}", date=day, timestamps=stamps(day, 60 + k)
        )
    result = site.build(strict=True)
    text = result.text("postmortems/patterns/")
    assert text.startswith(
        "Patterns 2025 H2, the last complete half-year as of 2026-01-15, with 0 incidents, against"
        " 2025 H1, with 30; 30 in the archive in all."
    )
    assert "Time to resolve per half-year" in text and "Incidents per half-year" in text
    assert "Each point is a half-year's median time to resolve" in text
    export = json.loads((result.site / "postmortems" / "patterns.json").read_text("utf-8"))
    assert export["period_kind"] == "half" and export["after"]["key"] == "2025-H2"
