"""Patterns across incidents, on a fixture archive whose figures were worked out by hand."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from sites import Result, SiteBuilder

from mkdocs_postmortem.core.read import parse


def ts(day: str, hhmm: str) -> str:
    return f"{day}T{hhmm}:00Z"


ARCHIVE: dict[str, dict[str, Any]] = {
    "i1": dict(
        id="I1",
        date="2026-01-10",
        severity="SEV1",
        services=["api", "db"],
        tags=["capacity"],
        environment="production",
        contributing_factors=[{"factor": "Pool too small", "category": "capacity"}],
        timestamps={
            "started": ts("2026-01-10", "10:00"),
            "detected": ts("2026-01-10", "10:10"),
            "acknowledged": ts("2026-01-10", "10:15"),
            "mitigated": ts("2026-01-10", "10:40"),
            "resolved": ts("2026-01-10", "11:00"),
        },
        action_items=[
            {
                "action": "Add pool alert",
                "owner": "alice",
                "priority": "P1",
                "due": "2026-02-01",
                "status": "open",
            },
            {
                "action": "Raise pool size",
                "owner": "bob",
                "priority": "P2",
                "due": "2026-01-20",
                "status": "done",
                "completed": "2026-01-18",
            },
        ],
    ),
    "i2": dict(
        id="I2",
        date="2026-02-05",
        severity="SEV1",
        services=["api"],
        environment="production",
        timestamps={
            "started": ts("2026-02-05", "09:00"),
            "detected": ts("2026-02-05", "09:30"),
            "acknowledged": ts("2026-02-05", "09:32"),
            "mitigated": ts("2026-02-05", "10:00"),
            "resolved": ts("2026-02-05", "12:00"),
        },
        action_items=[
            {
                "action": '=HYPERLINK("http://evil")',
                "owner": "alice",
                "priority": "High",
                "due": "2026-04-01",
                "status": "open",
            },
            {
                "action": "Rewrite everything",
                "owner": "bob",
                "priority": "P0",
                "status": "cancelled",
            },
        ],
    ),
    "i3": dict(
        id="I3",
        date="2026-04-20",
        severity="SEV1",
        services=["db"],
        tags=["capacity"],
        timestamps={"started": ts("2026-04-20", "08:00"), "detected": ts("2026-04-20", "08:20")},
        action_items=[
            {
                "action": "Shard the db",
                "owner": "carol",
                "priority": "P3",
                "due": "2026-05-01",
                "status": "open",
            }
        ],
    ),
    "i4": dict(id="I4", date="2026-02-14", severity="SEV2", services=["web"]),
    "i5": dict(
        id="I5",
        date="2025-12-01",
        severity="SEV2",
        environment="staging",
        timestamps={"started": ts("2025-12-01", "00:00"), "resolved": ts("2025-12-01", "01:30")},
    ),
}


@pytest.fixture
def patterns(site: SiteBuilder) -> Result:
    site.plugin_options = {"as_of": "2026-03-01"}
    for name, fields in ARCHIVE.items():
        site.incident(name, title=f"Incident {fields['id']}", **fields)
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    return result


def row(text: str, start: str, cells: int) -> list[str]:
    """The ``cells`` words after ``start`` in a page's text."""
    after = text[text.index(start) + len(start) :].split()
    return after[:cells]


def test_all_time_figures_per_severity(patterns: Result) -> None:
    text = patterns.text("postmortems/patterns/")
    section = text[text.index("All incidents, all time") : text.index("Open action items")]
    sev1 = section[section.index("SEV1") : section.index("SEV2")]
    # Cells: TTD, TTA, TTM, TTR, each "median p90 <p90>, <count>", durations as on incident
    # pages. TTD: 10, 30, 20 min -> median 20, p90 (nearest rank 3 of 3) 30.
    # TTA: 5, 2 -> median 3 min 30 s, shown to the minute. TTR: 60, 180 -> median 2 h.
    assert row(sev1, "SEV1", 8) == ["20", "min", "p90", "30", "min,", "3", "3", "min"]
    assert "p90 3 h 00 min, 2" in sev1  # TTR: I3 was never resolved: missing, not zero
    sev2 = section[section.index("SEV2") : section.index("SEV3")]
    assert row(sev2, "SEV2", 3) == ["—", "—", "—"]  # I4 and I5 lack `detected`
    assert "1 h 30 min p90 1 h 30 min, 1" in sev2
    assert "TTR 0 imprecise, 2 missing" in section


def test_incidents_per_period_and_too_few_to_compare(patterns: Result) -> None:
    text = patterns.text("postmortems/patterns/")
    # As of 2026-03-01 the last complete quarter is 2025 Q4 (I5 alone), against 2025 Q3.
    assert text.startswith("Patterns 2025 Q4, the last complete quarter as of 2026-03-01")
    assert "Nothing the data can tell" in text
    periods = text[text.index("Quarter SEV1") :]
    assert row(periods, "2025 Q4", 5) == ["0", "1", "0", "0", "1"]
    assert "2026 Q1" not in periods.split("Incidents per month")[0]  # still running on as_of


def test_charts_are_inline_static_svg_and_byte_identical(
    site: SiteBuilder, patterns: Result
) -> None:
    page = patterns.html("postmortems/patterns/")
    names = ("incidents-per-month", "incidents-per-period", "resolve-time", "open-action-items")
    charts = {}
    for name in names:
        svg = (patterns.site / "postmortems" / "charts" / f"{name}.svg").read_text("utf-8")
        assert svg.startswith("<svg") and "<script" not in svg
        assert "http://" not in svg.replace("http://www.w3.org/", "")
        assert f'id="chart-pm-{name}"' in page  # the same chart, inline in the page
        charts[name] = svg
    assert ">SEV1<" in charts["incidents-per-month"] and ">Feb 26<" in charts["incidents-per-month"]
    assert ">2025 Q4<" in charts["incidents-per-period"]
    again = site.build(strict=True)
    for name in names:
        assert (again.site / "postmortems" / "charts" / f"{name}.svg").read_text("utf-8") == (
            charts[name]
        )
    assert again.html("postmortems/patterns/") == page
    json_again = (again.site / "postmortems" / "patterns.json").read_bytes()
    assert json_again == (patterns.site / "postmortems" / "patterns.json").read_bytes()


def test_action_item_ledger(patterns: Result) -> None:
    text = patterns.text("postmortems/action-items/")
    assert (
        "5 action items in 5 incidents: 3 open, of which 1 overdue as of 2026-03-01, and 2 done or cancelled"
        in text
    )
    overdue = text[text.index("Overdue Incident") : text.index("By owner")]
    assert "I1 Add pool alert alice P1 2026-02-01 overdue open" in overdue
    assert "Shard" not in overdue and "HYPERLINK" not in overdue
    owners = text[text.index("By owner Owner") :]
    assert row(owners, "alice", 3) == ["2", "1", "0"]
    assert row(owners, "bob", 3) == ["0", "0", "2"]
    assert row(owners, "carol", 3) == ["1", "0", "0"]
    priorities = text[text.index("By priority") :]
    assert row(priorities, "P0 Critical", 3) == ["0", "0", "1"]
    assert row(priorities, "P1 High", 3) == ["2", "1", "0"]  # "High" is an alias of P1
    backlog = text[text.index("Month Open at month end") : text.index("An item counts")]
    assert backlog.split()[5:] == ["2026-03", "2", "2026-02", "2", "2026-01", "1"]
    assert "1 done or cancelled item without a completed date is left out" in text
    links = re.findall(r'href="(\.\./incidents/I1/)"', patterns.html("postmortems/action-items/"))
    assert links


def test_ledger_lists_open_items_and_the_latest_closed_ones(site: SiteBuilder) -> None:
    """A long history of closed items does not grow the ledger page: it lists the latest 50
    (by completion date), says how many there are, and the CSV keeps every one."""
    closed = [
        {
            "action": f"Closed item {n:02d}",
            "owner": "alice",
            "status": "done" if n % 2 else "cancelled",
            "completed": f"2026-0{1 + n // 28}-{1 + n % 28:02d}",
        }
        for n in range(60)
    ]
    undated = {"action": "Closed without a date", "owner": "bob", "status": "done"}
    still_open = {"action": "Still to do", "owner": "carol", "status": "open"}
    site.incident("a", id="INC-A", date="2025-12-20", action_items=[*closed, undated, still_open])
    site.plugin_options["as_of"] = "2026-06-01"
    result = site.build(strict=True)
    assert not result.aborted, result.warnings
    text = result.text("postmortems/action-items/")
    done = text[text.index("Done or cancelled The") :]
    assert "The 50 most recently completed of 61." in done
    listed = re.findall(r"Closed item (\d\d)", done)
    assert listed == [f"{n:02d}" for n in range(59, 9, -1)], listed  # newest completion first
    assert "Closed without a date" not in done  # dated ones first; it is the 61st
    assert "Still to do" in text[: text.index("Done or cancelled The")]
    rows = (site.root / "site" / "postmortems" / "action-items.csv").read_text("utf-8")
    assert len(list(csv.DictReader(io.StringIO(rows)))) == 62
    assert "Closed item 00" in rows and "Closed without a date" in rows


def test_action_items_csv(patterns: Result) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO((patterns.site / "postmortems" / "action-items.csv").read_text("utf-8"))
        )
    )
    assert len(rows) == 5
    first = next(r for r in rows if r["action"] == "Add pool alert")
    assert first == {
        **first,
        "incident_id": "I1",
        "owner": "alice",
        "priority": "P1",
        "overdue": "yes",
        "status": "open",
        "due": "2026-02-01",
    }
    formula = next(r for r in rows if "HYPERLINK" in r["action"])
    assert formula["action"].startswith("'=")  # never evaluated by a spreadsheet
    assert formula["priority"] == "P1" and formula["priority_written"] == "High"


def test_taxonomy_pages(patterns: Result) -> None:
    api = patterns.text("postmortems/services/api/")
    assert (
        "2 incidents, newest first" in api and api.index("I2") < api.index("I1") and "I3" not in api
    )
    services = patterns.text("postmortems/services/")
    assert "3 services" in services
    assert row(services, "api", 2) == ["2", "2026-02-05"]
    assert row(services, "web", 2) == ["1", "2026-02-14"]
    assert "I3" in patterns.text("postmortems/tags/capacity/")
    assert "I1" in patterns.text("postmortems/categories/capacity-issue/")
    production = patterns.text("postmortems/environments/production/")
    assert "2 incidents" in production and "I5" not in production
    years = patterns.text("postmortems/years/")
    assert years.index("2026") < years.index("2025")
    assert "4 incidents" in patterns.text("postmortems/years/2026/")


def test_recurrence_on_incident_pages(patterns: Result) -> None:
    i3 = patterns.text("postmortems/incidents/I3/")
    recurrence = i3[i3.index("Recurrence") :]
    # I1 is listed once, with everything it shares with I3.
    assert recurrence.count("I1 (2026-01-10)") == 1
    assert "I1 (2026-01-10): service db; tag capacity" in recurrence
    # Every earlier incident of a term is one click away: the term's page, linked from the
    # page's fields.
    page = patterns.html("postmortems/incidents/I3/")
    assert 'href="../../services/db/"' in page and 'href="../../tags/capacity/"' in page
    i2 = patterns.text("postmortems/incidents/I2/")
    assert "I1 (2026-01-10): service api" in i2
    assert "Recurrence" not in patterns.text("postmortems/incidents/I1/")  # nothing earlier


def test_similar_but_unlinked_pairs(site: SiteBuilder) -> None:
    tls = "An expired TLS certificate on the payments gateway broke every handshake with the card network."
    site.incident(
        "a",
        id="TLS-A",
        title="Payments gateway certificate expired",
        summary=tls,
        root_cause={"trigger": "Certificate expiry not monitored on the gateway"},
    )
    site.incident(
        "b",
        id="TLS-B",
        title="Card network handshakes failed: expired certificate",
        summary="Handshakes with the card network failed because the gateway TLS certificate expired.",
        root_cause={"trigger": "Nobody renewed the gateway certificate"},
    )
    site.incident(
        "c",
        id="DISK",
        title="Log host disk full",
        summary="The log aggregation host ran out of disk space and dropped logs for an hour.",
    )
    site.incident(
        "d",
        id="TLS-C",
        title="Gateway certificate expired again",
        summary=tls,
        related_incidents=[{"id": "TLS-A", "type": "recurrence-of"}],
    )
    result = site.build(strict=True)
    b = result.text("postmortems/incidents/TLS-B/")
    assert "Possibly related" in b and "TLS-A" in b[b.index("Possibly related") :]
    a = result.text("postmortems/incidents/TLS-A/")
    suggested = a[a.index("Possibly related") :] if "Possibly related" in a else ""
    assert "TLS-B" in suggested and "TLS-C" not in suggested  # C is already linked to A
    assert "Possibly related" not in result.text("postmortems/incidents/DISK/")
    pairs = result.text("postmortems/similar/")
    assert "TLS-A" in pairs and "DISK" not in pairs
    # Shown, but not indexed: a search for TLS-A's words should not return TLS-B's suggestions.
    sections = [d["title"] for d in result.search_index()["docs"]]
    assert "Possibly related" not in sections


def test_incidents_json_round_trips(patterns: Result, site: SiteBuilder) -> None:
    export = json.loads((patterns.site / "postmortems" / "incidents.json").read_text("utf-8"))
    assert export["schema_version"] == 2
    by_id = {i["id"]: i for i in export["incidents"]}
    assert sorted(by_id) == ["I1", "I2", "I3", "I4", "I5"]
    for path in sorted((site.docs / "postmortems").glob("*.yaml")):
        data = parse(path.read_text("utf-8")).data
        assert by_id[data["id"]]["data"] == data
    i1 = by_id["I1"]
    assert i1["url"] == "postmortems/incidents/I1/"
    assert {key: span["seconds"] for key, span in i1["durations"].items()} == {
        "time_to_acknowledge": 300,
        "time_to_detect": 600,
        "time_to_mitigate": 2400,
        "time_to_resolve": 3600,
    }
    assert i1["severity"] == {"id": "SEV1", "label": "Critical", "rank": 0, "written": "SEV1"}
    assert "time_to_resolve" not in by_id["I3"]["durations"]
