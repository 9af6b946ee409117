"""The incident model: timestamps in the right zone, order findings, severity, relations,
durations, and what the pages and indexes derive from it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from factories import MINIMAL, incident, settings

from mkdocs_postmortem.core.discover import SourceFile
from mkdocs_postmortem.core.lifecycle import ORDER_RULES, compute_durations
from mkdocs_postmortem.core.model import Relation, build_incident, relations_of
from mkdocs_postmortem.core.moment_reader import read_moment
from mkdocs_postmortem.core.moments import Context
from mkdocs_postmortem.core.problems import Problem
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.spans import Span
from mkdocs_postmortem.core.values import Finding, read_values
from mkdocs_postmortem.core.zones import ZoneTable

SOURCE = SourceFile("postmortems/a.yaml", "/x/docs/postmortems/a.yaml", "docs/postmortems/a.yaml")
UTC = timezone.utc


def build(
    settings_: Settings | None = None, *, preview: bool = False, **fields: Any
) -> tuple[Any, list[Finding]]:
    """As the loader does: the values read first (their findings reported whatever else is
    wrong), the incident built only when none of them blocks it."""
    data = {**MINIMAL, **fields}
    chosen = settings_ or settings()
    values = read_values(data, chosen, ZoneTable(dict(chosen.time_zones)))
    if any(f.blocking for f in values.findings) and not preview:
        return None, values.findings
    made, findings = build_incident(data, SOURCE, chosen, values, preview=preview)
    return made, ([] if preview else values.findings) + findings


def test_the_incident_of_a_minimal_document() -> None:
    made, findings = build()
    assert findings == []
    assert (made.id, made.title, made.date, made.status) == (
        "INC-1",
        "Minimal incident",
        "2026-01-05",
        "final",
    )
    assert (made.severity.id, made.severity.rank) == ("SEV2", 1)
    assert (made.source, made.src_uri) == ("docs/postmortems/a.yaml", "postmortems/a.yaml")
    assert made.data == MINIMAL
    assert (made.timestamps, made.durations, made.relations, made.problems) == ({}, {}, [], [])
    assert made.preview is False


def test_an_unknown_timezone_gives_no_incident_and_a_finding() -> None:
    made, findings = build(timezone="Mars/Olympus_Mons")
    assert made is None
    assert findings == [
        Finding(
            ("timezone",),
            "unknown timezone 'Mars/Olympus_Mons'; use an IANA name such as Europe/Berlin",
        )
    ]
    assert findings[0].blocking


def test_naive_timestamps_are_read_in_the_files_timezone() -> None:
    made = incident(
        settings(timezone="America/New_York"),
        timezone="Europe/Berlin",
        timestamps={"started": "2026-01-05T10:00", "detected": "2026-07-05T10:00"},
    )
    assert made.timestamps["started"].point == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert made.timestamps["detected"].point == datetime(2026, 7, 5, 8, 0, tzinfo=UTC)  # summer
    assert made.timestamps["started"].point.tzinfo == ZoneInfo("Europe/Berlin")
    assert made.timestamps["started"].zone_inferred


def test_naive_timestamps_without_a_file_timezone_use_the_settings() -> None:
    made = incident(
        settings(timezone="America/New_York"), timestamps={"started": "2026-01-05T10:00"}
    )
    assert made.timestamps["started"].point == datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_timestamps_with_an_offset_keep_it() -> None:
    made = incident(
        timezone="Europe/Berlin",
        timestamps={"started": "2026-01-05T10:00Z", "detected": "2026-01-05 10:30+05:30"},
    )
    assert made.timestamps["started"].point == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    detected = made.timestamps["detected"].point
    assert detected is not None and detected.utcoffset() == timedelta(hours=5, minutes=30)
    assert detected == datetime(2026, 1, 5, 5, 0, tzinfo=UTC)


def test_team_timestamps_are_ignored() -> None:
    """``x-`` timestamps are the team's, shown as written: never parsed, never ordered."""
    made, findings = build(
        timestamps={"started": "2026-01-05T10:00Z", "x-paged": 3, "x-note": "not a time"}
    )
    assert findings == []
    assert list(made.timestamps) == ["started"]


def test_every_order_rule_gives_a_non_blocking_finding() -> None:
    written = {
        "triggered": "2026-01-05T10:30Z",
        "started": "2026-01-05T10:00Z",
        "detected": "2026-01-05T09:00Z",
        "acknowledged": "2026-01-05T08:59Z",
        "mitigated": "2026-01-05T08:30Z",
        "recovered": "2026-01-05T08:15Z",
        "resolved": "2026-01-05T08:00Z",
    }
    made, findings = build(timestamps=written)
    assert made is not None  # a mistake in order does not keep the incident off the site
    assert findings == [
        Finding(
            ("timestamps", later),
            f"{later} ({written[later]}) is before {earlier} ({written[earlier]})",
            blocking=False,
        )
        for later, earlier in ORDER_RULES
    ]
    assert (
        findings[0].message == "started (2026-01-05T10:00Z) is before triggered (2026-01-05T10:30Z)"
    )


def test_order_compares_instants_not_clock_readings() -> None:
    """11:00 in Berlin is 10:00 UTC: detected at 10:30Z is after that."""
    made, findings = build(
        timestamps={"started": "2026-01-05T11:00+01:00", "detected": "2026-01-05T10:30Z"}
    )
    assert findings == []
    assert made.durations == {"time_to_detect": Span(timedelta(minutes=30), timedelta(minutes=30))}


def test_equal_timestamps_are_in_order() -> None:
    _, findings = build(
        timestamps={"started": "2026-01-05T10:00Z", "resolved": "2026-01-05T10:00Z"}
    )
    assert findings == []


def test_only_rules_with_both_ends_apply() -> None:
    _, findings = build(
        timestamps={"detected": "2026-01-05T10:00Z", "resolved": "2026-01-05T09:00Z"}
    )
    assert findings == [
        Finding(
            ("timestamps", "resolved"),
            "resolved (2026-01-05T09:00Z) is before detected (2026-01-05T10:00Z)",
            blocking=False,
        )
    ]


@pytest.mark.parametrize("written", ["SEV9", "", None, 1])
def test_an_unknown_severity_is_the_question_mark_level_ranked_last(written: Any) -> None:
    made, findings = build(severity=written)
    assert findings == []
    assert (made.severity.id, made.severity.label, made.severity.rank) == (
        "?",
        "Unknown severity",
        5,
    )
    assert made.severity.rank > max(level.rank for level in settings().severity.levels)


def test_a_severity_alias_resolves_to_its_level() -> None:
    made, _ = build(severity="sev-1")
    assert (made.severity.id, made.severity.rank) == ("SEV1", 0)


def test_relations_of_both_forms() -> None:
    data = {
        "related_incidents": [
            "INC-2",
            {"id": "INC-3"},
            {"id": "INC-4", "type": "caused-by", "note": "the cache"},
        ]
    }
    assert relations_of("INC-1", data) == [
        Relation("INC-1", "INC-2", "related", "", 0),
        Relation("INC-1", "INC-3", "related", "", 1),
        Relation("INC-1", "INC-4", "caused-by", "the cache", 2),
    ]
    assert relations_of("INC-1", {}) == []


def test_the_incident_carries_its_relations() -> None:
    made = incident(related_incidents=["INC-2", {"id": "INC-3", "type": "causes"}])
    assert [(r.target, r.type, r.index) for r in made.relations] == [
        ("INC-2", "related", 0),
        ("INC-3", "causes", 1),
    ]


@pytest.mark.parametrize(
    ("type_", "edge"),
    [
        ("related", None),
        ("caused-by", ("cause", "inc-b", "inc-a")),
        ("causes", ("cause", "inc-a", "inc-b")),
        ("recurrence-of", ("recurrence", "inc-b", "inc-a")),
        ("duplicate-of", ("duplicate", "inc-a", "inc-b")),
        ("parent-of", ("parent", "inc-a", "inc-b")),
        ("child-of", ("parent", "inc-b", "inc-a")),
    ],
)
def test_directed_edges(type_: str, edge: tuple[str, str, str] | None) -> None:
    """``A caused-by B`` and ``B causes A`` are one edge, B → A; slugs, as pages are."""
    relation = Relation("INC_A", "Inc.B", type_, "", 0)
    assert relation.target_slug == "inc-b"
    assert relation.directed_edge() == edge


def at(text: str) -> Any:
    return read_moment(
        text, Context(datetime(2026, 1, 5).date(), ZoneTable().resolve("UTC"))
    ).moment


def test_durations_only_when_both_ends_are_known() -> None:
    stamps = {"started": at("10:00"), "detected": at("10:05"), "resolved": at("12:00")}
    assert compute_durations(stamps) == {
        "time_to_detect": Span(timedelta(minutes=5), timedelta(minutes=5)),
        "time_to_resolve": Span(timedelta(hours=2), timedelta(hours=2)),
    }
    assert compute_durations({"detected": stamps["detected"]}) == {}


def test_durations_out_of_order_or_without_a_clock_time_are_left_out() -> None:
    """The order is reported instead of a negative duration; no clock time, no duration."""
    stamps = {"started": at("10:00"), "detected": at("09:00"), "resolved": at("shortly after")}
    assert compute_durations(stamps) == {}


def test_durations_keep_the_precision_of_their_ends() -> None:
    stamps = {"started": at("~10:00"), "detected": at("10:30-10:45"), "resolved": at("2026-01-07")}
    made = compute_durations(stamps)
    assert made["time_to_detect"] == Span(
        timedelta(minutes=30), timedelta(minutes=45), approximate=True
    )
    assert made["time_to_detect"].text == "~30 min – ~45 min"
    assert made["time_to_resolve"].text == "1–3 d (dates only)"


def test_all_four_durations() -> None:
    made = incident(
        timestamps={
            "started": "2026-01-05T10:00Z",
            "detected": "2026-01-05T10:04Z",
            "acknowledged": "2026-01-05T10:10Z",
            "mitigated": "2026-01-05T11:00Z",
            "resolved": "2026-01-06T10:00Z",
        }
    )
    assert {key: span.exact for key, span in made.durations.items()} == {
        "time_to_detect": timedelta(minutes=4),
        "time_to_acknowledge": timedelta(minutes=6),
        "time_to_mitigate": timedelta(hours=1),
        "time_to_resolve": timedelta(days=1),
    }


def test_sort_key_is_date_start_then_id() -> None:
    assert incident().sort_key == ("2026-01-05", "", "INC-1")
    made = incident(timestamps={"started": "2026-01-05T10:00Z"})
    assert made.sort_key == ("2026-01-05", "2026-01-05T10:00:00+00:00", "INC-1")
    made = incident(timestamps={"started": "2026-01-05T11:00+01:00"})
    assert made.sort_key == ("2026-01-05", "2026-01-05T10:00:00+00:00", "INC-1")
    newest_first = sorted(
        [
            incident(id="A", date="2026-01-05"),
            incident(id="B", date="2026-01-06"),
            incident(id="C", date="2026-01-05", timestamps={"started": "2026-01-05T09:00Z"}),
            incident(id="D", date="2026-01-05", timestamps={"started": "2026-01-05T09:00Z"}),
        ],
        key=lambda i: i.sort_key,
        reverse=True,
    )
    assert [i.id for i in newest_first] == ["B", "D", "C", "A"]


def test_sort_key_breaks_ties_by_the_instant_of_the_start() -> None:
    early = incident(id="EARLY", timestamps={"started": "2026-01-05T10:00+05:00"})
    late = incident(id="LATE", timestamps={"started": "2026-01-05T08:00Z"})
    assert early.timestamps["started"].point < late.timestamps["started"].point  # type: ignore[operator]
    assert early.sort_key < late.sort_key


def test_description_prefers_the_one_line_summary() -> None:
    made = incident(one_line_summary="  The cache\n  fell over.  ", summary="Long text.")
    assert made.description == "The cache fell over."


def test_description_falls_back_to_the_summary_on_one_line() -> None:
    assert incident(summary="First line.\n\nSecond   line.\n").description == (
        "First line. Second line."
    )
    assert incident(one_line_summary="", summary="Summary.").description == "Summary."


@pytest.mark.parametrize(
    ("length", "expected_length", "ellipsis"),
    [(199, 199, False), (200, 200, False), (201, 200, True)],
)
def test_description_is_at_most_200_characters(
    length: int, expected_length: int, ellipsis: bool
) -> None:
    text = incident(summary="x" * length).description
    assert len(text) == expected_length
    assert text.endswith("...") is ellipsis
    if ellipsis:
        assert text == "x" * 197 + "..."


def test_slug_services_and_tags() -> None:
    made = incident(id="INC_2026.01", services=["api", "db"], tags=["cache"])
    assert made.slug == "inc-2026-01"
    assert (made.services, made.tags) == (["api", "db"], ["cache"])
    assert (incident().services, incident().tags) == ([], [])


def test_blocking_problems() -> None:
    made = incident()
    made.problems.extend(
        [Problem("f", 1, 1, "a", "soft", blocking=False), Problem("f", 2, 1, "b", "hard")]
    )
    assert [p.message for p in made.blocking_problems] == ["hard"]


def test_preview_finds_nothing_and_relates_to_nothing() -> None:
    """A preview's problems are already on its file: the model adds none and never fails."""
    made, findings = build(
        preview=True,
        severity="SEV9",
        timezone="Mars/Olympus_Mons",
        timestamps={"started": "2026-01-05T10:00", "detected": "2026-01-05T09:00Z"},
        related_incidents=["INC-2", {"id": "INC-3", "type": "causes"}],
    )
    assert findings == []
    assert made.preview is True
    assert made.relations == []
    assert made.severity.id == "?"
    # The unknown zone falls back to the settings' zone (UTC); no duration out of order.
    assert made.timestamps["started"].point == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert made.durations == {}


def test_a_duration_out_of_order_is_withheld_with_its_problem() -> None:
    """The page shows the problem in the duration's place, never a negative duration."""
    made = incident(
        timezone="Europe/Berlin",
        timestamps={
            "started": "2026-01-05T10:00Z",
            "detected": "2026-01-05 10:05",
            "resolved": "2026-01-05T12:00Z",
        },
    )
    assert set(made.durations) == {"time_to_resolve"}
    assert made.withheld == {
        "time_to_detect": "detected (2026-01-05 10:05 read as Europe/Berlin = 09:05Z) is before "
        "started (2026-01-05T10:00Z); a time without a zone is read in Europe/Berlin (the "
        "postmortem's timezone): write the zone with it if another was meant"
    }
    assert made.zone_source == "the postmortem's timezone"


def test_an_order_problem_is_found_whatever_else_is_wrong() -> None:
    """Read with the values, not with the incident: a document the schema refuses has it too."""
    data = {**MINIMAL, "status": "done", "timestamps": {"started": "10:00", "mitigated": "09:00"}}
    values = read_values(data, settings(), ZoneTable())
    assert values.findings == [
        Finding(
            ("timestamps", "mitigated"),
            "mitigated (09:00 read as UTC = 09:00Z) is before started (10:00 read as UTC = "
            "10:00Z); a time without a zone is read in UTC (the site's timezone option): write "
            "the zone with it if another was meant",
            blocking=False,
        )
    ]
