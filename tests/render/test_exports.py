"""incidents.json and action-items.csv, the files other tools read."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from factories import incident, index, settings

from mkdocs_postmortem import __version__
from mkdocs_postmortem.core.model import Incident
from mkdocs_postmortem.insights.index import ArchiveIndex
from mkdocs_postmortem.render.exports import (
    CSV_COLUMNS,
    _cell,
    action_items_csv,
    incidents_json,
)

URLS = {"inc-1": "postmortems/incidents/inc-1/", "inc-2": "postmortems/incidents/inc-2/"}


def archive() -> ArchiveIndex:
    """INC-1 (Berlin time) relates to INC-2 (published) and causes INC-9 (not published)."""
    s = settings()
    newer = incident(
        s,
        id="INC-1",
        timezone="Europe/Berlin",
        timestamps={
            "started": "2026-01-05T10:00:00",
            "detected": "2026-01-05 10:05",
            "resolved": "2026-01-05T12:30:00+01:00",
        },
        related_incidents=["INC-2", {"id": "INC-9", "type": "causes", "note": "n"}],
    )
    older = incident(s, id="INC-2", date="2025-12-01", severity="sev1")
    return index([newer, older], s)


def test_incidents_json_head_and_one_incident_per_line() -> None:
    text = incidents_json(archive(), URLS)
    lines = text.split("\n")
    assert lines[0] == (
        '{"format": "mkdocs-postmortem incidents", "schema_version": 2, '
        f'"generator": "mkdocs-postmortem {__version__}", "as_of": "2026-06-30", '
        '"status_window_days": 180, "incidents": ['
    )
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:3]] == ["INC-1", "INC-2"]
    assert lines[3:] == ["]}", ""]
    document = json.loads(text)
    assert list(document) == [
        "format", "schema_version", "generator", "as_of", "status_window_days", "incidents"
    ]  # fmt: skip


def test_incidents_json_normalized_fields() -> None:
    first, second = json.loads(incidents_json(archive(), URLS))["incidents"]
    assert first["url"] == "postmortems/incidents/inc-1/"
    assert first["source"] == "docs/postmortems/inc-1.yaml"
    assert first["severity"] == {"id": "SEV2", "label": "Major", "rank": 1, "written": "SEV2"}
    assert second["severity"] == {"id": "SEV1", "label": "Critical", "rank": 0, "written": "sev1"}
    assert {k: v["utc"] for k, v in first["moments"].items()} == {
        "detected": "2026-01-05T09:05:00Z",
        "resolved": "2026-01-05T11:30:00Z",
        "started": "2026-01-05T09:00:00Z",
    }
    assert {k: v["seconds"] for k, v in first["durations"].items()} == {
        "time_to_detect": 300,
        "time_to_resolve": 9000,
    }
    assert second["moments"] == {} and second["durations"] == {}
    assert first["family"] == second["family"] == "inc-2"
    assert first["data"]["timestamps"]["detected"] == "2026-01-05 10:05"  # as written


def test_incidents_json_relations_from_both_sides() -> None:
    first, second = json.loads(incidents_json(archive(), URLS))["incidents"]
    assert first["relations"] == [
        {"id": "INC-2", "relation": "related", "declared_here": True, "published": True},
        {"id": "INC-9", "relation": "causes", "declared_here": True, "published": False},
    ]
    assert second["relations"] == [
        {"id": "INC-1", "relation": "related to", "declared_here": False, "published": True},
    ]


def test_incidents_json_of_an_empty_archive() -> None:
    s = settings()
    assert json.loads(incidents_json(index([], s), {}))["incidents"] == []


def test_incidents_json_keeps_non_ascii_text() -> None:
    s = settings()
    text = incidents_json(index([incident(s, title="Zürich ☃")], s), {"inc-1": "u/"})
    assert '"title":"Zürich ☃"' in text


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_of(*incidents: Incident) -> str:
    ledger = index(list(incidents), settings()).ledger
    assert ledger is not None
    return action_items_csv(ledger)


def test_action_items_csv_columns_and_values() -> None:
    s = settings()
    made = incident(
        s,
        action_items=[
            {
                "id": "A-1",
                "action": "Add an alert",
                "owner": "ops",
                "priority": "High",
                "due": "2026-02-01",
                "ticket": "OPS-1",
                "horizon": "immediate",
                "type": "detect",
                "effort": "S",
                "notes": "Page, then ticket",
                "status": "open",
                "status_text": "Alert drafted",
                "status_as_of": "2026-01-20",
            },
            {"action": "Write it down", "status": "done", "completed": "2026-03-01"},
        ],
    )
    table = rows(csv_of(made))
    assert table[0] == list(CSV_COLUMNS)
    assert table[0] == [
        "incident_id", "incident_title", "incident_date", "severity", "item", "id", "action",
        "owner", "priority", "priority_written", "due", "status", "completed", "overdue",
        "horizon", "type", "effort", "ticket", "notes", "status_text", "status_as_of",
        "status_as_of_from", "open",
    ]  # fmt: skip
    assert table[1:] == [
        [
            "INC-1", "Minimal incident", "2026-01-05", "SEV2", "1", "A-1", "Add an alert",
            "ops", "P1", "High", "2026-02-01", "open", "", "yes", "immediate", "detect", "S",
            "OPS-1", "Page, then ticket", "Alert drafted", "2026-01-20", "status_as_of", "yes",
        ],
        [
            "INC-1", "Minimal incident", "2026-01-05", "SEV2", "2", "", "Write it down",
            "", "", "", "", "done", "2026-03-01", "no", "", "", "", "", "", "", "2026-01-05",
            "date", "no",
        ],
    ]  # fmt: skip


def test_action_items_csv_of_no_items_is_the_header() -> None:
    assert csv_of(incident()) == ",".join(CSV_COLUMNS) + "\r\n"  # RFC 4180 line ends


@pytest.mark.parametrize(
    ("written", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+ops", "'+ops"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tT", "'\tT"),
        ("a=1", "a=1"),
        ("ops-team", "ops-team"),
        ("'quoted", "'quoted"),
    ],
)
def test_action_items_csv_guards_cells_that_start_like_a_formula(written: str, cell: str) -> None:
    """A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one)."""
    made = incident(action_items=[{"action": "Fix", "owner": written, "notes": written}])
    table = rows(csv_of(made))
    assert table[1][CSV_COLUMNS.index("owner")] == cell
    assert table[1][CSV_COLUMNS.index("notes")] == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=A1", "'=A1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=A1", "'\t=A1"),
        ("\r=A1", "'\r=A1"),
        (" =A1", "' =A1"),
        ("", ""),
        (None, ""),
        (3, "3"),
        (-3, "'-3"),
    ],
)
def test_cell_guard(value: object, cell: str) -> None:
    assert _cell(value) == cell


@pytest.mark.parametrize(
    ("written", "cell"),
    [("\r=1+1", "'\r=1+1"), ("x\r=1+1", "x\r=1+1")],
    ids=["leading-cr", "inner-cr"],
)
def test_action_items_csv_keeps_a_carriage_return_inside_its_cell(written: str, cell: str) -> None:
    table = rows(csv_of(incident(action_items=[{"action": "Fix", "notes": written}])))
    assert len(table) == 2
    assert table[1][CSV_COLUMNS.index("notes")] == cell


def test_incidents_json_gives_moments_durations_and_figures_as_written_and_read() -> None:
    s = settings()
    made = incident(
        s,
        timestamps={"started": "~2026-01-05 10:00", "resolved": "2026-01-05 11:00 - 11:30 UTC"},
        impact={"user": {"affected_users": "about 1,200", "error_rate_percent": 12.5}},
    )
    [exported] = json.loads(incidents_json(index([made], s), {"inc-1": "u/"}))["incidents"]
    assert exported["moments"]["started"]["utc"] == "2026-01-05T10:00:00Z"
    assert exported["moments"]["resolved"] == {
        "text": "2026-01-05 11:00 - 11:30 UTC",
        "earliest_utc": "2026-01-05T11:00:00Z",
        "latest_utc": "2026-01-05T11:30:00Z",
        "utc": None,  # a range is not one instant
        "precision": "minute",
        "approximate": False,
        "zone": "UTC",
        "day": "2026-01-05",
        "inferred": [],  # the end on the day of its start is the range's own reading
    }
    assert exported["moments"]["started"]["inferred"] == ["zone"]
    assert exported["durations"]["time_to_resolve"] == {
        "text": "~1 h 00 min – ~1 h 30 min",
        "seconds": None,  # a range is not one figure
        "low_seconds": 3600,
        "high_seconds": 5400,
        "approximate": True,
        "precision": "minute",
    }
    assert exported["figures"] == {
        "impact.user.affected_users": {
            "text": "about 1,200", "low": 1200, "high": 1200, "approximate": True,
            "exact": False, "unit": "",
        },
        "impact.user.error_rate_percent": {
            "text": "12.5", "low": 12.5, "high": 12.5, "approximate": False, "exact": True,
            "unit": "",
        },
    }  # fmt: skip
    assert exported["exercise"] is None


FORMULA_PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "   +cmd|' /C calc'!A0",
    '\n=HYPERLINK("https://evil.example","x")',
    "\r\n-2+3",
    " \t @SUM(A1)",
    "\u00a0=1+1",
    "\u3000=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1)",
    " \uff1d1+1",
    "\ufe661+1",
    "\ufe621+1",
    "\ufe631+1",
    "\ufe6bSUM(A1)",
    "\u22121+1",
    "\t",
    "\r",
]
"""Cells a spreadsheet would read as a formula: OWASP's list, after whitespace, line breaks
and invisible characters, and in full-width and small forms."""


def _formula_like(cell: str) -> bool:
    """How a spreadsheet sees a cell: leading whitespace and invisible characters trimmed,
    compatibility forms folded (U+FF1D is ``=``)."""
    if cell[:1] in ("\t", "\r"):
        return True
    trimmed = "".join(
        c for c in cell if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))
    )
    return unicodedata.normalize("NFKC", trimmed)[:1] in ("=", "+", "-", "@", "\u2212")


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS, ids=lambda p: ascii(p)[1:-1])
def test_action_items_csv_neutralises_every_formula_start(payload: str) -> None:
    """Read back as a spreadsheet reads the file (the csv module), every cell that held a
    payload starts with a quote, and nothing else of it changed."""
    made = incident(
        title=f"Title {payload}",
        action_items=[{"action": payload, "owner": payload, "notes": payload, "ticket": payload}],
    )
    table = rows(csv_of(made))
    assert len(table) == 2
    for column in ("action", "owner", "notes", "ticket"):
        cell = table[1][CSV_COLUMNS.index(column)]
        assert cell == "'" + payload
        assert not _formula_like(cell)
    assert table[1][CSV_COLUMNS.index("incident_title")] == f"Title {payload}"


@pytest.mark.parametrize(
    "written", ["ops-team", "a=1", "email me@example.org", "1-2 days", "\u00e9t\u00e9", "\uff21BC"]
)
def test_action_items_csv_leaves_other_cells_alone(written: str) -> None:
    table = rows(csv_of(incident(action_items=[{"action": "Fix", "notes": written}])))
    assert table[1][CSV_COLUMNS.index("notes")] == written
