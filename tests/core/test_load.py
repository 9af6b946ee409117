"""One file through read, validate and model; problems with their place in the file; and the
cache of loaded files that ``mkdocs serve`` keeps between rebuilds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factories import incident_yaml, settings

from mkdocs_postmortem.core.discover import SourceFile, source_for
from mkdocs_postmortem.core.load import LoadCache, LoadedFile, Loader, LoadStats
from mkdocs_postmortem.core.problems import Problem
from mkdocs_postmortem.core.settings import Settings
from mkdocs_postmortem.core.stage_timings import Timings

FILE = "docs/postmortems/x.yaml"


class Project:
    """A project folder with ``docs/postmortems/``; ``write`` gives the file's SourceFile."""

    def __init__(self, root: Path, **options: Any) -> None:
        self.root = root
        self.docs = root / "docs"
        (self.docs / "postmortems").mkdir(parents=True, exist_ok=True)
        self.settings = self.with_options(**options)

    def with_options(self, **options: Any) -> Settings:
        return settings(docs_dir=str(self.docs), project_dir=str(self.root), **options)

    def write(self, content: str | bytes, name: str = "x.yaml") -> SourceFile:
        path = self.docs / "postmortems" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return source_for(self.settings, f"postmortems/{name}", str(path))

    def load(self, content: str | bytes, **options: Any) -> LoadedFile:
        loader = Loader(self.with_options(**options) if options else self.settings)
        return loader.load(self.write(content))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "p")


def shown(loaded: LoadedFile) -> list[str]:
    return [str(p) for p in loaded.problems]


def test_a_valid_file_is_an_incident_without_problems(project: Project) -> None:
    loaded = project.load(incident_yaml(services=["api"]))
    assert loaded.problems == []
    assert not loaded.blocked
    assert loaded.preview is None
    assert loaded.incident is not None
    assert (loaded.incident.id, loaded.incident.source, loaded.incident.src_uri) == (
        "INC-1",
        FILE,
        "postmortems/x.yaml",
    )
    assert loaded.data is not None and loaded.data["services"] == ["api"]
    assert loaded.declared_id == "INC-1"


def test_the_incident_shares_the_files_problem_list(project: Project) -> None:
    """Cross-file checks add to the file; the incident's page must show those too."""
    loaded = project.load(incident_yaml())
    assert loaded.incident is not None
    assert loaded.incident.problems is loaded.problems


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (incident_yaml(summary=None), f"{FILE}:1:1: summary: required field is missing"),
        (
            incident_yaml() + "timeline:\n  - time: '10:00'\n",
            f"{FILE}:8:5: timeline[0].event: required field is missing",
        ),
        (
            incident_yaml() + "sumary: typo\n",
            f"{FILE}:7:1: sumary: unknown field (did you mean 'summary'?)",
        ),
        (
            incident_yaml() + "impact:\n  levl: outage\n",
            f"{FILE}:8:3: impact.levl: unknown field (did you mean 'level'?)",
        ),
        (
            incident_yaml() + "services: api\n",
            f"{FILE}:7:11: services: expected a list, got a string ('api')",
        ),
        (
            incident_yaml(status="done"),
            f"{FILE}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, archived",
        ),
        (
            incident_yaml() + "impact:\n  user:\n    affected_users: many\n",
            f"{FILE}:9:21: impact.user.affected_users: 'many' is not a figure this archive can "
            "read; write a number, or a figure as written: about 80%, ~80%, 40-50%, >5 million, "
            "at least 300, up to 2,000, nearly 100%, 1.2M; or {value: 80, approximate: true, "
            "unit: '%'}, {min: 40, max: 50}, {at_least: 5000000}, {at_most: 10}",
        ),
        (
            incident_yaml() + "title: again\n",
            f"{FILE}:7:1: title: this key appears twice in the same mapping; only one value can be kept",
        ),
        (
            incident_yaml(timezone="Mars/Olympus"),
            f"{FILE}:7:11: timezone: unknown timezone 'Mars/Olympus'; use an IANA name such as Europe/Berlin",
        ),
    ],
)
def test_a_blocking_problem_is_placed_in_the_file(
    project: Project, content: str, problem: str
) -> None:
    """Values are pointed at, unknown keys at the key, missing fields at their parent."""
    loaded = project.load(content)
    assert shown(loaded) == [problem]
    assert loaded.blocked
    assert loaded.incident is None


def test_an_invalid_file_with_a_safe_id_has_a_preview(project: Project) -> None:
    loaded = project.load(incident_yaml(status="done", title=None))
    assert loaded.incident is None
    assert loaded.preview is not None
    assert loaded.preview.preview is True
    assert (loaded.preview.id, loaded.preview.title, loaded.preview.status) == (
        "INC-1",
        "INC-1",
        "draft",
    )
    assert loaded.preview.problems is loaded.problems
    assert [p.field for p in loaded.problems] == ["status", "title"]


def test_no_preview_without_a_safe_id(project: Project) -> None:
    loaded = project.load(incident_yaml(id="../x"))
    assert (loaded.incident, loaded.preview) == (None, None)
    assert loaded.declared_id == "../x"
    assert [p.field for p in loaded.problems] == ["id"]


def test_timestamps_out_of_order_do_not_block(project: Project) -> None:
    loaded = project.load(
        incident_yaml(
            timestamps={"started": "2026-01-05T10:00:00Z", "detected": "2026-01-05T09:00:00Z"}
        )
    )
    assert loaded.problems == [
        Problem(
            FILE,
            9,
            13,
            "timestamps.detected",
            "detected (2026-01-05T09:00:00Z) is before started (2026-01-05T10:00:00Z)",
            blocking=False,
        )
    ]
    assert not loaded.blocked
    assert loaded.incident is not None and loaded.incident.problems is loaded.problems


def test_an_action_item_done_before_its_incident_is_reported(project: Project) -> None:
    """A follow-up is done after its incident: a ``completed`` day before the incident's date
    is a wrong date, said on the file (the page is still made; --strict fails), where it
    used to close the item in the ledger's backlog before it opened."""
    loaded = project.load(
        incident_yaml(
            date="2026-03-05",
            action_items=[
                {"action": "a", "owner": "db", "status": "done", "completed": "2026-03-05"},
                {"action": "b", "owner": "db", "status": "done", "completed": "2026-01-20"},
            ],
        )
    )
    assert [(p.field, p.message, p.blocking) for p in loaded.problems] == [
        (
            "action_items[1].completed",
            "2026-01-20 is before the incident's date (2026-03-05): an action item is done "
            "after its incident; correct one of the two dates",
            False,
        )
    ]
    assert loaded.incident is not None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", f"{FILE}:1:1: (document): file is empty: expected a mapping with at least id, title, date, severity, status and summary"),
        ("- a\n", f"{FILE}:1:1: (document): the top level must be a mapping of fields, found a list"),
        (b"id: caf\xe9\n", f"{FILE}:1:8: (document): file is not valid UTF-8 (byte 0xe9); save it as UTF-8"),
        (  # no id: line to name a preview by
            "title: [unclosed\ndate: 2026-01-05\n",
            f"{FILE}:2:5: (document): YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence)",
        ),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_mapping_has_one_document_problem(
    project: Project, content: str | bytes, problem: str
) -> None:
    loaded = project.load(content)
    assert shown(loaded) == [problem]
    assert (loaded.data, loaded.incident, loaded.preview) == (None, None, None)
    assert loaded.declared_id is None


def test_a_file_over_max_file_size_is_not_parsed(project: Project) -> None:
    content = incident_yaml()
    size = len(content.encode())
    loaded = project.load(content, max_file_size=size - 1)
    assert shown(loaded) == [
        f"{FILE}:1:1: (document): file is {size:,} bytes, over the limit of {size - 1:,} bytes "
        "(plugin option max_file_size)"
    ]
    assert loaded.data is None
    assert project.load(content, max_file_size=size).problems == []


def test_sizes_are_written_with_thousands_separators(project: Project) -> None:
    content = incident_yaml(summary="x" * 5000)
    loaded = project.load(content, max_file_size=1000)
    size = len(content.encode())
    assert size > 5000
    assert shown(loaded) == [
        f"{FILE}:1:1: (document): file is {size:,} bytes, over the limit of 1,000 bytes "
        "(plugin option max_file_size)"
    ]
    assert f"{size:,}" != str(size)


def test_a_list_over_max_list_items_stops_the_file(project: Project) -> None:
    """Bounded work: neither validated further (the bad status is not reported) nor shown."""
    content = incident_yaml(status="done", tags=[f"t{i}" for i in range(5)])
    loaded = project.load(content, max_list_items=3)
    assert shown(loaded) == [
        f"{FILE}:8:1: tags: 5 entries, over the limit of 3 (plugin option max_list_items)"
    ]
    assert (loaded.incident, loaded.preview) == (None, None)
    assert project.load(content, max_list_items=5).problems[0].field == "status"


def test_values_a_postmortem_cannot_hold(project: Project) -> None:
    """A key that is not text is reported at the key of the mapping that holds it."""
    loaded = project.load(incident_yaml() + "x-ratio: .nan\nx-team:\n  1: one\n")
    assert shown(loaded) == [
        f"{FILE}:7:10: x-ratio: nan is not a number a postmortem can hold; write it as text",
        f"{FILE}:8:1: x-team: key 1 is not text; write it in quotes ('1') or rename it",
    ]
    assert (loaded.incident, loaded.preview) == (None, None)


def test_a_missing_file(project: Project) -> None:
    source = source_for(
        project.settings, "postmortems/gone.yaml", str(project.docs / "postmortems/gone.yaml")
    )
    loaded = Loader(project.settings).load(source)
    assert shown(loaded) == [
        "docs/postmortems/gone.yaml:1:1: (document): file cannot be read: No such file or directory"
    ]


def test_a_file_outside_the_project_is_shown_by_its_absolute_path(tmp_path: Path) -> None:
    project = Project(tmp_path / "p")
    outside = tmp_path / "elsewhere" / "y.yaml"
    outside.parent.mkdir()
    outside.write_text(incident_yaml(status="done"), encoding="utf-8")
    source = source_for(project.settings, "postmortems/y.yaml", str(outside))
    loaded = Loader(project.settings).load(source)
    assert loaded.problems[0].file == outside.as_posix()
    assert (loaded.problems[0].line, loaded.problems[0].column) == (5, 9)


def test_loader_refuses_an_unknown_default_timezone(project: Project) -> None:
    with pytest.raises(ValueError) as caught:
        Loader(project.with_options(timezone="Nowhere/Town"))
    assert str(caught.value) == (
        "unknown timezone 'Nowhere/Town'; use an IANA name such as Europe/Berlin"
    )


def test_loading_counts_parse_and_validate_time(project: Project) -> None:
    timings = Timings()
    Loader(project.settings).load(project.write(incident_yaml()), timings)
    assert timings.seconds["parse"] > 0
    assert timings.seconds["validate"] > 0
    assert timings.seconds["render"] == 0


def test_added_problems_without_a_line_map_are_at_the_top() -> None:
    loaded = LoadedFile(SourceFile("a.yaml", "/a.yaml", "a.yaml"))
    loaded.add(("impact", "level"), "m", blocking=False)
    assert loaded.problems == [Problem("a.yaml", 1, 1, "impact.level", "m", blocking=False)]
    assert not loaded.blocked


# --- the cache for mkdocs serve --------------------------------------------------------------


def test_an_unchanged_file_is_reused(project: Project) -> None:
    cache = LoadCache()
    source = project.write(incident_yaml())
    loader = Loader(project.settings, cache)
    first = loader.load(source)
    second = loader.load(source)
    assert loader.stats == LoadStats(parsed=1, reused=1)
    assert second is not first
    assert second.incident is not None and second.incident.id == "INC-1"
    assert second.incident.problems is second.problems


def test_the_cache_outlives_the_loader(project: Project) -> None:
    """Each serve rebuild makes a new loader with the same cache."""
    cache = LoadCache()
    source = project.write(incident_yaml())
    Loader(project.settings, cache).load(source)
    again = Loader(project.settings, cache)
    again.load(source)
    assert again.stats == LoadStats(parsed=0, reused=1)


def test_changed_bytes_are_parsed_again(project: Project) -> None:
    """Keyed by content, not time: an edit within the same mtime tick is still seen."""
    cache = LoadCache()
    loader = Loader(project.settings, cache)
    loader.load(project.write(incident_yaml(title="One")))
    loaded = loader.load(project.write(incident_yaml(title="Two")))
    assert loader.stats == LoadStats(parsed=2, reused=0)
    assert loaded.incident is not None and loaded.incident.title == "Two"
    assert loader.load(project.write(incident_yaml(title="Two"))).incident.title == "Two"  # type: ignore[union-attr]
    assert loader.stats == LoadStats(parsed=2, reused=1)


def test_copies_do_not_share_problem_lists_with_the_cache(project: Project) -> None:
    """A build's cross-file checks add problems and drop relations; the next build must not
    see them."""
    cache = LoadCache()
    source = project.write(incident_yaml(related_incidents=["INC-404"]))
    loader = Loader(project.settings, cache)
    first = loader.load(source)
    assert first.incident is not None
    first.add(("id",), "added by a cross-file check", blocking=False)
    first.incident.relations.clear()
    second = loader.load(source)
    assert second.problems == []
    assert second.incident is not None
    assert [r.target for r in second.incident.relations] == ["INC-404"]
    second.add(("id",), "again", blocking=False)
    third = loader.load(source)
    assert third.problems == []
    assert loader.stats == LoadStats(parsed=1, reused=2)


def test_a_cached_preview_is_a_fresh_copy(project: Project) -> None:
    cache = LoadCache()
    source = project.write(incident_yaml(status="done"))
    loader = Loader(project.settings, cache)
    first = loader.load(source)
    first.add(("id",), "extra")
    second = loader.load(source)
    assert second.preview is not None
    assert [p.field for p in second.problems] == ["status"]
    assert second.preview.problems is second.problems
    assert loader.stats.reused == 1


def test_keep_only_forgets_deleted_paths(project: Project) -> None:
    cache = LoadCache()
    loader = Loader(project.settings, cache)
    a = project.write(incident_yaml(id="A"), "a.yaml")
    b = project.write(incident_yaml(id="B"), "b.yaml")
    loader.load(a)
    loader.load(b)
    cache.keep_only({a.abs_path})
    loader.load(a)
    loader.load(b)
    assert loader.stats == LoadStats(parsed=3, reused=1)


def test_other_settings_start_the_cache_afresh(project: Project) -> None:
    cache = LoadCache()
    source = project.write(incident_yaml())
    Loader(project.settings, cache).load(source)
    other = Loader(project.with_options(recent=3), cache)
    other.load(source)
    assert other.stats == LoadStats(parsed=1, reused=0)
    back = Loader(project.settings, cache)  # the entries of the other settings are gone too
    back.load(source)
    assert back.stats == LoadStats(parsed=1, reused=0)
    back.load(source)
    assert back.stats == LoadStats(parsed=1, reused=1)


def test_an_edited_team_schema_starts_the_cache_afresh(project: Project, tmp_path: Path) -> None:
    """Same settings (the schema's path), other effective schema: earlier results are stale."""
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"properties": {"x-team": {"type": "string"}}}), "utf-8")
    with_team = project.with_options(team_schema=str(team))
    cache = LoadCache()
    source = project.write(incident_yaml())
    Loader(with_team, cache).load(source)
    same = Loader(with_team, cache)
    same.load(source)
    assert same.stats == LoadStats(parsed=0, reused=1)
    team.write_text(json.dumps({"required": ["services"]}), "utf-8")
    edited = Loader(with_team, cache)
    loaded = edited.load(source)
    assert edited.stats == LoadStats(parsed=1, reused=0)
    assert shown(loaded) == [f"{FILE}:1:1: services: required field is missing"]


def test_a_moved_file_with_the_same_bytes_is_not_taken_for_another(project: Project) -> None:
    """The cache is by path: the same content at another path is its own file."""
    cache = LoadCache()
    loader = Loader(project.settings, cache)
    loader.load(project.write(incident_yaml(), "a.yaml"))
    loaded = loader.load(project.write(incident_yaml(), "b.yaml"))
    assert loader.stats == LoadStats(parsed=2, reused=0)
    assert loaded.source.src_uri == "postmortems/b.yaml"


def test_a_file_over_the_size_limit_is_not_cached(project: Project) -> None:
    cache = LoadCache()
    source = project.write(incident_yaml())
    loader = Loader(project.with_options(max_file_size=10), cache)
    loader.load(source)
    loader.load(source)
    assert loader.stats == LoadStats(parsed=2, reused=0)


def test_an_id_with_a_final_line_break_is_refused(project: Project) -> None:
    """``id: |`` keeps the line break; an id is letters, digits, '-', '_' and '.' only."""
    loaded = project.load("id: |\n  INC-1\n" + incident_yaml().split("\n", 1)[1])
    assert loaded.data is not None and loaded.data["id"] == "INC-1\n"
    assert [p.field for p in loaded.problems] == ["id"]
    assert loaded.incident is None


# --- every problem of a file in one run ------------------------------------------------------

FORMS_HINT = "write 2026-01-05 14:02, 14:02 UTC, 06:57 PST"


def test_a_zone_error_and_a_schema_error_in_one_run(project: Project) -> None:
    """The time and zone checks run whatever else is wrong: one round shows everything."""
    loaded = project.load(
        incident_yaml(status="done", timezone="Mars/Olympus")
        + "timeline:\n  - time: '25:00'\n    event: Paged\n  - time: '10:00 IST'\n"
        "    event: Acked\n"
    )
    assert shown(loaded) == [
        f"{FILE}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, "
        "archived",
        f"{FILE}:7:11: timezone: unknown timezone 'Mars/Olympus'; use an IANA name such as "
        "Europe/Berlin",
        f"{FILE}:9:11: timeline[0].time: '25:00' is not a real time of day; {FORMS_HINT}, "
        "9:37 AM PDT, ~07:15, about 05:41, 07:01-07:15 PST, after 07:15, before 09:00, "
        "10/27 14:00, Oct 27 14:00, 00:12 (next day), 2026-01-05 (a day), unknown, or {at: "
        "..., until: ..., approximate: ..., zone: ..., note: ...}",
        f"{FILE}:11:11: timeline[1].time: IST names several time zones (India, Ireland, "
        "Israel...); write an offset such as +05:30 or an IANA name such as Asia/Kolkata; "
        f"{FORMS_HINT}, 9:37 AM PDT, ~07:15, about 05:41, 07:01-07:15 PST, after 07:15, "
        "before 09:00, 10/27 14:00, Oct 27 14:00, 00:12 (next day), 2026-01-05 (a day), "
        "unknown, or {at: ..., until: ..., approximate: ..., zone: ..., note: ...}",
    ]
    assert loaded.incident is None


@pytest.mark.parametrize(
    ("yaml_tail", "expected"),
    [
        (
            "timestamps:\n  started: '14:6o'\n",
            f"{FILE}:8:12: timestamps.started: '14:6o' is not a time this archive can read",
        ),
        (
            "timestamps:\n  started: 2026-02-30 10:00\n",
            f"{FILE}:8:12: timestamps.started: '2026-02-30 10:00' is not a real date",
        ),
        (
            "timestamps:\n  started: 13 PM\n",
            f"{FILE}:8:12: timestamps.started: '13 PM': a 12-hour clock runs from 1 to 12",
        ),
        (
            "timestamps:\n  started: 10:00 XYZ\n",
            f"{FILE}:8:12: timestamps.started: unknown time zone 'XYZ'",
        ),
        (
            "timeline:\n  - time: 07:15-07:01\n    event: x\n",
            f"{FILE}:8:11: timeline[0].time: '07:15-07:01' ends before it starts",
        ),
        (
            "timeline:\n  - time: {at: '07:00', until: '06:00'}\n    event: x\n",
            f"{FILE}:8:11: timeline[0].time: until (06:00) is before at (07:00)",
        ),
        (
            "impact:\n  user:\n    error_rate_percent: about 140%\n",
            f"{FILE}:9:25: impact.user.error_rate_percent: 'about 140%': a share in percent "
            "is 0 to 100",
        ),
        (
            "impact:\n  user:\n    affected_users: lots\n",
            f"{FILE}:9:21: impact.user.affected_users: 'lots' is not a figure this archive "
            "can read",
        ),
        (
            "action_items:\n  - action: x\n    due: 2026-02-30\n",
            f"{FILE}:9:10: action_items[0].due: '2026-02-30' is not a real date",
        ),
    ],
)
def test_refused_times_and_figures_at_their_line(
    project: Project, yaml_tail: str, expected: str
) -> None:
    loaded = project.load(incident_yaml() + yaml_tail)
    assert [p for p in shown(loaded) if p.startswith(expected)], (expected, shown(loaded))
    assert loaded.incident is None


def test_a_summer_est_is_a_warning_and_the_incident_is_published(project: Project) -> None:
    loaded = project.load(
        incident_yaml(date="2026-07-02") + "timeline:\n  - time: 10:05 EST\n    event: Paged\n"
    )
    assert shown(loaded) == [
        f"{FILE}:8:11: timeline[0].time: EST is UTC-05:00, but on 2026-07-02 America/New_York "
        "keeps EDT (UTC-04:00); read as UTC-05:00 as written: if local time was meant, write "
        "EDT or America/New_York (to keep EST on purpose, write the time as {at: ..., zone: "
        "EST})"
    ]
    assert not loaded.blocked and loaded.incident is not None
    # Kept on purpose in the structured form: no warning.
    loaded = project.load(
        incident_yaml(date="2026-07-02") + "timeline:\n  - time: {at: '10:05', "
        "zone: EST}\n    event: Paged\n"
    )
    assert shown(loaded) == []


def test_an_order_problem_says_how_a_time_without_a_zone_was_read(project: Project) -> None:
    """10:05 in Berlin is 08:05Z: the message shows the reading that makes it come first."""
    loaded = project.load(
        incident_yaml(date="2026-07-02", timezone="Europe/Berlin")
        + "timestamps:\n  started: 2026-07-02T10:00:00Z\n  detected: 2026-07-02 10:05\n"
    )
    assert shown(loaded) == [
        f"{FILE}:10:13: timestamps.detected: detected (2026-07-02 10:05 read as Europe/Berlin "
        "= 08:05Z) is before started (2026-07-02T10:00:00Z); a time without a zone is read in "
        "Europe/Berlin (the postmortem's timezone): write the zone with it if another was meant"
    ]
    assert loaded.incident is not None and loaded.incident.durations == {}


def test_an_order_problem_shows_both_sides_as_read(project: Project) -> None:
    """Both sides without a zone, in the site's zone; a zone that is not UTC is given in UTC,
    with the date when UTC is on another day."""
    loaded = project.load(
        incident_yaml(date="2026-07-02")
        + "timestamps:\n  started: 2026-07-02 01:30 PDT\n  detected: 2026-07-02 00:30\n"
        "  resolved: 2026-07-02 20:00\n",
        timezone="Asia/Tokyo",
    )
    # Each time without a zone beside one in PDT is also warned about (read as Asia/Tokyo).
    assert sum("has no zone, where other times" in p for p in shown(loaded)) == 2
    assert [p for p in shown(loaded) if "has no zone" not in p] == [
        f"{FILE}:9:13: timestamps.detected: detected (2026-07-02 00:30 read as Asia/Tokyo = "
        "2026-07-01 15:30Z) is before started (2026-07-02 01:30 PDT = 08:30Z); a time without "
        "a zone is read in Asia/Tokyo (the site's timezone option): write the zone with it if "
        "another was meant",
    ]
    loaded = project.load(
        incident_yaml(date="2026-07-02")
        + "timestamps:\n  started: 2026-07-02 10:00\n  resolved: 2026-07-02 09:00\n",
        timezone="Europe/Berlin",
    )
    assert [p.message for p in loaded.problems] == [
        "resolved (2026-07-02 09:00 read as Europe/Berlin = 07:00Z) is before started "
        "(2026-07-02 10:00 read as Europe/Berlin = 08:00Z); a time without a zone is read in "
        "Europe/Berlin (the site's timezone option): write the zone with it if another was meant"
    ]


def test_a_rated_severity_can_be_required_from_a_date(project: Project) -> None:
    loaded = project.load(
        incident_yaml(severity="unrated", date="2026-03-01"), require_severity_from="2026-01-01"
    )
    assert shown(loaded) == [
        f"{FILE}:4:11: severity: unrated is not allowed for postmortems dated from 2026-01-01 "
        "on (plugin option require_severity_from); expected one of: SEV1 (or SEV-1, Sev-1, "
        "sev-1, Sev1, sev1), SEV2 (or SEV-2, Sev-2, sev-2, Sev2, sev2), SEV3 (or SEV-3, Sev-3, "
        "sev-3, Sev3, sev3), SEV4 (or SEV-4, Sev-4, sev-4, Sev4, sev4)"
    ]
    older = project.load(
        incident_yaml(severity="unrated", date="2025-12-31"), require_severity_from="2026-01-01"
    )
    assert shown(older) == [] and older.incident is not None and not older.incident.rated


# --- a file with schema errors hears of everything else in the same run ------------------------


def test_a_file_with_schema_errors_still_hears_of_its_timestamp_order(project: Project) -> None:
    """The order of its lifecycle is checked beside its schema errors, and its preview never
    shows the negative duration: the problem is kept in its place."""
    loaded = project.load(
        incident_yaml(status="done")
        + "timestamps:\n  started: 2026-01-05T10:00:00Z\n  resolved: 2026-01-05T09:00:00Z\n"
    )
    assert shown(loaded) == [
        f"{FILE}:5:9: status: 'done' is not allowed; expected one of: draft, in-review, final, "
        "archived",
        f"{FILE}:9:13: timestamps.resolved: resolved (2026-01-05T09:00:00Z) is before started "
        "(2026-01-05T10:00:00Z)",
    ]
    preview = loaded.preview
    assert preview is not None and loaded.incident is None
    assert preview.durations == {}
    assert preview.withheld == {
        "time_to_resolve": "resolved (2026-01-05T09:00:00Z) is before started "
        "(2026-01-05T10:00:00Z)"
    }


def test_no_order_problem_rests_on_a_broken_date_or_timezone(project: Project) -> None:
    """A time without a date or zone is read from the postmortem's date and timezone: when
    those are wrong, its order with the others is not known, and nothing is said of it."""
    loaded = project.load(
        incident_yaml(date="2026-13-01")
        + "timestamps:\n  started: 2026-01-05T10:00:00Z\n  detected: '10:05'\n"
        "  resolved: 2026-01-05T09:00:00Z\n"
    )
    assert [p.field for p in loaded.problems] == ["date", "timestamps.resolved"]
    loaded = project.load(
        incident_yaml(timezone="Mars/Olympus")
        + "timestamps:\n  started: 2026-01-05T10:00:00Z\n  detected: 2026-01-05 09:05\n"
        "  resolved: 2026-01-05T09:00:00Z\n"
    )
    assert [p.field for p in loaded.problems] == ["timezone", "timestamps.resolved"]


# --- indentation slips -------------------------------------------------------------------------


def test_keys_that_lost_their_indentation_are_said_to_be_likely_that(project: Project) -> None:
    loaded = project.load(
        incident_yaml() + "people:\nincident_commander: Alice\nscribe: Bob\nservices: [api]\n"
    )
    assert shown(loaded) == [
        f"{FILE}:8:1: incident_commander: unknown field at the top level — is it meant to be "
        "indented under 'people:' on line 7?",
        f"{FILE}:7:8: people: expected a mapping, got nothing — are 'incident_commander' and "
        "'scribe' on lines 8 and 9 meant to be indented under 'people:'?",
        f"{FILE}:9:1: scribe: unknown field at the top level — is it meant to be indented under "
        "'people:' on line 7?",
    ]


def test_an_indentation_slip_in_a_nested_mapping_and_in_a_list(project: Project) -> None:
    loaded = project.load(
        incident_yaml()
        + "impact:\n  user:\n  affected_users: 120\naction_items:\naction: Add an alert\n"
    )
    assert shown(loaded) == [
        f"{FILE}:11:1: action: unknown field at the top level — is it meant to be in an entry "
        "of 'action_items:' on line 10 (indented, after '- ')?",
        f"{FILE}:10:14: action_items: expected a list, got nothing — is 'action' on line 11 "
        "meant to be in an entry of 'action_items:' (indented, after '- ')?",
        f"{FILE}:9:3: impact.affected_users: unknown field in impact — is it meant to be "
        "indented under 'user:' on line 8?",
        f"{FILE}:8:8: impact.user: expected a mapping, got nothing — is 'affected_users' on "
        "line 9 meant to be indented under 'user:'?",
    ]


@pytest.mark.parametrize(
    "tail",
    [
        "people:\nsumary: x\n",  # not a field of people: a typo, as the message says
        "people:\nservices: [api]\nincident_commander: Alice\n",  # not right after it
    ],
)
def test_no_indentation_hint_where_the_keys_do_not_follow_their_section(
    project: Project, tail: str
) -> None:
    loaded = project.load(incident_yaml() + tail)
    assert loaded.problems and not [p for p in loaded.problems if "indented" in p.message]


def test_an_empty_mapping_followed_by_its_keys_marks_the_keys(project: Project) -> None:
    loaded = project.load(incident_yaml() + "timestamps: {}\nstarted: 2026-01-05T10:00:00Z\n")
    assert shown(loaded) == [
        f"{FILE}:8:1: started: unknown field at the top level — is it meant to be indented "
        "under 'timestamps:' on line 7?"
    ]


# --- a file YAML cannot read ------------------------------------------------------------------


def test_a_file_yaml_cannot_read_is_previewed_under_its_id(project: Project) -> None:
    """Only the syntax error can be known, but the id line names the preview page."""
    loaded = project.load("id: INC-7\ntitle: Checkout errors\n\tdate: 2026-01-05\n")
    assert shown(loaded) == [
        f"{FILE}:3:1: (document): YAML syntax error: found a tab character that violates "
        "indentation (while scanning a plain scalar)"
    ]
    assert loaded.data is None and loaded.declared_id == "INC-7"
    preview = loaded.preview
    assert preview is not None and preview.preview and preview.unread
    assert (preview.id, preview.title, preview.problems) == ("INC-7", "INC-7", loaded.problems)
    again = project.load(b"id: 'INC-8'  # ours\ntitle: caf\xe9\n")  # not UTF-8
    assert again.preview is not None and again.preview.id == "INC-8"


@pytest.mark.parametrize(
    "content",
    [
        "title: [unclosed\n",  # no id line
        "id: INC-1\ntitle: [x\nid: INC-2\n",  # two
        "id: ../etc\ntitle: [x\n",  # not a safe id
        "  id: INC-1\ntitle: [x\n",  # not at the start of a line
    ],
)
def test_no_preview_when_no_one_id_line_safely_names_it(project: Project, content: str) -> None:
    loaded = project.load(content)
    assert (loaded.preview, loaded.declared_id) == (None, None)
    assert loaded.blocked


def test_a_file_read_but_not_a_mapping_gets_no_scanned_id(project: Project) -> None:
    """The line scan is for text YAML could not parse: a document it did read has no id."""
    loaded = project.load("[a,\nid: 'INC-1'\n]\n")  # a list holding {id: INC-1}
    assert (loaded.preview, loaded.declared_id) == (None, None)
