"""The archive index: the order of incidents, the grouping by severity, and the files behind
the pages (published, warned, previews, unpublished)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from factories import MINIMAL, incident, index, settings

from mkdocs_postmortem.core.discover import source_for
from mkdocs_postmortem.core.load import LoadedFile
from mkdocs_postmortem.core.model import Incident, build_incident
from mkdocs_postmortem.core.problems import Problem
from mkdocs_postmortem.core.scale import Scale
from mkdocs_postmortem.core.values import read_values
from mkdocs_postmortem.core.zones import ZoneTable
from mkdocs_postmortem.insights.changes import Change, ChangeSet
from mkdocs_postmortem.insights.index import build_index


def ids(incidents: Iterable[Incident]) -> list[str]:
    return [i.id for i in incidents]


def test_incidents_are_newest_first() -> None:
    made = [
        incident(id="INC-1", date="2025-12-31"),
        incident(id="INC-2", date="2026-03-01"),
        incident(id="INC-3", date="2026-01-15"),
        incident(id="INC-4", date="2024-06-01"),
    ]
    assert ids(index(made).incidents) == ["INC-2", "INC-3", "INC-1", "INC-4"]


def started(at: str) -> dict[str, str]:
    return {"started": at}


@pytest.mark.parametrize(
    ("first", "second", "newest"),
    [
        # same day: the later start is newer
        (
            {"id": "INC-A", "timestamps": started("2026-03-01T18:00:00Z")},
            {"id": "INC-B", "timestamps": started("2026-03-01T09:00:00Z")},
            ["INC-A", "INC-B"],
        ),
        # same day, one start unknown: the known start is newer
        (
            {"id": "INC-A"},
            {"id": "INC-B", "timestamps": started("2026-03-01T00:30:00Z")},
            ["INC-B", "INC-A"],
        ),
        # same day, no start times: by id, in reverse
        ({"id": "INC-A"}, {"id": "INC-B"}, ["INC-B", "INC-A"]),
        # the date decides before the start time
        (
            {"id": "INC-A", "date": "2026-03-02", "timestamps": started("2026-03-01T23:00:00Z")},
            {"id": "INC-B", "timestamps": started("2026-03-01T23:30:00Z")},
            ["INC-A", "INC-B"],
        ),
    ],
)
def test_ties_on_the_date(first: dict[str, Any], second: dict[str, Any], newest: list[str]) -> None:
    made = [incident(**{"date": "2026-03-01", **f}) for f in (first, second)]
    assert ids(index(made).incidents) == newest
    assert ids(index(made[::-1]).incidents) == newest


def test_same_day_order_follows_the_instant_whatever_the_offset() -> None:
    """INC-X started 10:00+02:00 (08:00 UTC), INC-Y at 09:00 UTC: INC-Y is the newer."""
    x = incident(id="INC-X", date="2026-03-01", timestamps=started("2026-03-01T10:00:00+02:00"))
    y = incident(id="INC-Y", date="2026-03-01", timestamps=started("2026-03-01T09:00:00Z"))
    assert x.timestamps["started"].sort_key < y.timestamps["started"].sort_key
    assert ids(index([x, y]).incidents) == ["INC-Y", "INC-X"]


def test_by_severity_has_every_level_in_scale_order() -> None:
    """Aliases count under their level; levels without incidents are there, empty."""
    made = [
        incident(id="INC-1", date="2026-01-01", severity="SEV2"),
        incident(id="INC-2", date="2026-02-01", severity="Sev-1"),
        incident(id="INC-3", date="2026-03-01", severity="SEV2"),
        incident(id="INC-4", date="2026-04-01", severity="sev4"),
    ]
    grouped = index(made).by_severity
    assert {level: ids(items) for level, items in grouped.items()} == {
        "SEV1": ["INC-2"],
        "SEV2": ["INC-3", "INC-1"],
        "SEV3": [],
        "SEV4": ["INC-4"],
    }
    assert list(grouped) == ["SEV1", "SEV2", "SEV3", "SEV4"]


def test_by_severity_follows_a_team_scale() -> None:
    scale = Scale.build(
        "severity", [{"id": "high"}, {"id": "medium"}, {"id": "low", "aliases": ["L"]}]
    )
    options = settings(severity=scale)
    made = [
        incident(options, id="INC-1", severity="L"),
        incident(options, id="INC-2", date="2026-02-01", severity="high"),
    ]
    built = index(made, options)
    assert {k: ids(v) for k, v in built.by_severity.items()} == {
        "high": ["INC-2"],
        "medium": [],
        "low": ["INC-1"],
    }
    assert [level.id for level in built.levels] == ["high", "medium", "low"]


def test_by_slug() -> None:
    made = [incident(id="INC-2026.001"), incident(id="Ops_7", date="2026-02-01")]
    assert {slug: i.id for slug, i in index(made).by_slug.items()} == {
        "ops-7": "Ops_7",
        "inc-2026-001": "INC-2026.001",
    }


@pytest.mark.parametrize(("recent", "expected"), [(0, []), (2, ["INC-4", "INC-3"]), (9, None)])
def test_recent_is_the_newest_few(recent: int, expected: list[str] | None) -> None:
    options = settings(recent=recent)
    made = [incident(options, id=f"INC-{n}", date=f"2026-0{n}-01") for n in (1, 2, 3, 4)]
    built = index(made, options)
    assert ids(built.recent) == (expected if expected is not None else ids(built.incidents))


def test_recent_defaults_to_twenty() -> None:
    made = [incident(id=f"INC-{n:02d}", date=f"2026-01-{n:02d}") for n in range(1, 26)]
    assert ids(index(made).recent) == [f"INC-{n:02d}" for n in range(25, 5, -1)]


def loaded_file(
    name: str,
    data: dict[str, Any] | None,
    *,
    published: bool,
    problems: list[Problem] | None = None,
) -> LoadedFile:
    """A file as the loader leaves it: an incident, a preview (data that cannot be published),
    or nothing (data None: the file could not be read)."""
    options = settings()
    src_uri = f"postmortems/{name}"
    loaded = LoadedFile(source_for(options, src_uri, f"/nowhere/docs/{src_uri}"))
    loaded.problems = problems or []
    loaded.data = data
    if data is not None:
        values = read_values(data, options, ZoneTable())
        made, _ = build_incident(data, loaded.source, options, values, preview=not published)
        if published:
            loaded.incident = made
        else:
            loaded.preview = made
    return loaded


def problem(name: str, line: int, message: str, *, blocking: bool) -> Problem:
    return Problem(f"docs/postmortems/{name}", line, 1, "title", message, blocking)


@pytest.fixture
def mixed() -> list[LoadedFile]:
    return [
        loaded_file(
            "d-broken.yaml",
            None,
            published=False,
            problems=[problem("d-broken.yaml", 3, "syntax", blocking=True)],
        ),
        loaded_file(
            "c-preview.yaml",
            {**MINIMAL, "id": "INC-C", "severity": "SEV9"},
            published=False,
            problems=[problem("c-preview.yaml", 4, "bad severity", blocking=True)],
        ),
        loaded_file(
            "b-warned.yaml",
            {**MINIMAL, "id": "INC-B", "date": "2026-02-01"},
            published=True,
            problems=[problem("b-warned.yaml", 2, "odd", blocking=False)],
        ),
        loaded_file("a-ok.yaml", {**MINIMAL, "id": "INC-A"}, published=True),
    ]


def names(files: Iterable[LoadedFile]) -> list[str]:
    return [f.source.src_uri for f in files]


def test_files_published_warned_and_unpublished(mixed: list[LoadedFile]) -> None:
    built = build_index(settings(), mixed)
    assert names(built.files) == [
        "postmortems/a-ok.yaml",
        "postmortems/b-warned.yaml",
        "postmortems/c-preview.yaml",
        "postmortems/d-broken.yaml",
    ]
    assert ids(built.incidents) == ["INC-B", "INC-A"]
    assert names(built.unpublished) == ["postmortems/c-preview.yaml", "postmortems/d-broken.yaml"]
    assert names(built.warned) == ["postmortems/b-warned.yaml"]
    assert [(p.file, p.line, p.message) for p in built.problems] == [
        ("docs/postmortems/b-warned.yaml", 2, "odd"),
        ("docs/postmortems/c-preview.yaml", 4, "bad severity"),
        ("docs/postmortems/d-broken.yaml", 3, "syntax"),
    ]


def test_previews_are_shown_but_never_indexed(mixed: list[LoadedFile]) -> None:
    built = build_index(settings(), mixed)
    assert ids(built.previews) == ["INC-C"]
    assert built.previews[0].preview is True
    assert "inc-c" not in built.by_slug
    assert all("INC-C" not in ids(group) for group in built.by_severity.values())
    assert ids(built.recent) == ["INC-B", "INC-A"]


def test_page_of_and_file_of(mixed: list[LoadedFile]) -> None:
    built = build_index(settings(), mixed)
    pages: dict[str, str | None] = {}
    for uri in names(built.files):
        loaded = built.file_of(uri)
        assert loaded is not None
        page = built.page_of(loaded)
        pages[uri] = page.id if page else None
    assert pages == {
        "postmortems/a-ok.yaml": "INC-A",
        "postmortems/b-warned.yaml": "INC-B",
        "postmortems/c-preview.yaml": "INC-C",
        "postmortems/d-broken.yaml": None,
    }
    assert built.file_of("postmortems/a-ok.yaml") is mixed[3]
    assert built.file_of("postmortems/absent.yaml") is None


def test_change_of() -> None:
    made = [incident(id="INC-1"), incident(id="INC-2", date="2026-02-01")]
    assert index(made).change_of(made[0]) is None  # no comparison asked for
    change = Change("changed", "postmortems/inc-1.yaml")
    changes = ChangeSet(ref="main", changes=[change], by_src={change.src_uri: change})
    files = index(made).files
    built = build_index(settings(), files, changes)
    assert built.changes is changes
    assert built.change_of(made[0]) == change
    assert built.change_of(made[1]) is None


def test_the_ledger_counts_against_the_settings_as_of() -> None:
    options = settings(as_of="2026-02-01")
    made = [
        incident(
            options,
            id="INC-1",
            action_items=[
                {"action": "Late", "due": "2026-01-31", "status": "open"},
                {"action": "On time", "due": "2026-02-01", "status": "open"},
            ],
        )
    ]
    built = index(made, options)
    assert built.ledger is not None and built.ledger.as_of == "2026-02-01"
    assert [i.data["action"] for i in built.ledger.overdue] == ["Late"]


def test_empty_archive() -> None:
    built = build_index(settings(), [])
    assert (built.incidents, built.files, built.previews, built.recent) == ([], [], [], [])
    assert built.by_severity == {"SEV1": [], "SEV2": [], "SEV3": [], "SEV4": []}
    assert (built.links, built.families, built.family_of, built.suggestions) == ({}, [], {}, {})
    assert built.metrics is not None and built.metrics.months == []
    assert built.ledger is not None and built.ledger.items == []


def test_the_ledger_leaves_out_exercises_unless_counted() -> None:
    item = {"action": "Add an alert", "owner": "sre", "status": "open", "due": "2026-01-01"}
    real = {"id": "REAL", "action_items": [dict(item, action="Real fix")]}
    drill = {"id": "DRILL", "exercise": "game-day", "action_items": [item]}
    default = index([incident(**real), incident(**drill)]).ledger
    assert default is not None
    assert [i.data["action"] for i in default.open] == ["Real fix"]
    counting = settings(count_exercises=True)
    kept = index([incident(counting, **real), incident(counting, **drill)], counting).ledger
    assert kept is not None
    assert sorted(i.data["action"] for i in kept.overdue) == ["Add an alert", "Real fix"]
