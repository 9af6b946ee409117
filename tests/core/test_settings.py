"""Settings: the plugin options, declared once; converted from mkdocs.yml values, checked, and
written back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from factories import settings

from mkdocs_postmortem.core.option_kinds import Category
from mkdocs_postmortem.core.scale import DEFAULT_SEVERITIES, Scale
from mkdocs_postmortem.core.settings import Settings, options_of

OPTION_NAMES = [
    "enabled", "paths", "prefix", "nav", "nav_title", "severity_levels", "priorities",
    "factor_categories", "schema", "templates", "timezone", "max_file_size", "max_list_items",
    "recent", "id_format", "as_of", "status_window", "similar_k", "similar_threshold",
    "compare_ref", "time_zones", "require_severity_from", "count_exercises", "patterns_period",
    "patterns_level", "ticket_links",
    "pagefind", "pagefind_threshold", "family_diagrams",
]  # fmt: skip


def from_options(**options: Any) -> Settings:
    return Settings.from_options(options, docs_dir="docs", project_dir=".")


def test_no_options_is_the_defaults() -> None:
    assert from_options() == Settings(docs_dir="docs", project_dir=".")


def test_none_means_the_default() -> None:
    """MkDocs gives every declared option, None where mkdocs.yml does not set it."""
    made = from_options(**dict.fromkeys(OPTION_NAMES))
    assert made == Settings(docs_dir="docs", project_dir=".")
    assert made.paths == ("postmortems/**/*.yaml", "postmortems/**/*.yml")
    assert made.prefix == "postmortems"
    assert made.as_of == ""


def test_globs_become_a_tuple_of_text() -> None:
    assert from_options(paths=["incidents/*.yaml", "more/**/*.yml"]).paths == (
        "incidents/*.yaml",
        "more/**/*.yml",
    )


def test_levels_become_scales() -> None:
    made = from_options(
        severity_levels=[{"id": "High", "aliases": ["h"]}, {"id": "Low"}],
        priorities=[{"id": "Now"}, {"id": "Later", "label": "Some day"}],
    )
    assert made.severity.name == "severity"
    assert [lv.id for lv in made.severity.levels] == ["High", "Low"]
    assert made.severity.resolve("h") is made.severity.levels[0]
    assert made.priority.name == "priority"
    assert [(lv.id, lv.label) for lv in made.priority.levels] == [
        ("Now", "Now"),
        ("Later", "Some day"),
    ]


def test_categories_take_their_id_as_label_by_default() -> None:
    made = from_options(
        factor_categories=[{"id": "infra"}, {"id": "people", "label": "People", "description": "d"}]
    )
    assert made.factor_categories == (
        Category("infra", "infra", ""),
        Category("people", "People", "d"),
    )


@pytest.mark.parametrize(
    ("written", "prefix"),
    [("/archive/", "archive"), ("archive", "archive"), ("a/b/", "a/b"), ("//x", "x")],
)
def test_prefix_is_stripped_of_slashes(written: str, prefix: str) -> None:
    assert from_options(prefix=written).prefix == prefix


def test_text_options_other_than_prefix_are_kept_as_written() -> None:
    made = from_options(nav_title="/Incidents/", timezone="Europe/Berlin", id_format="PM-{seq}")
    assert (made.nav_title, made.timezone, made.id_format) == (
        "/Incidents/",
        "Europe/Berlin",
        "PM-{seq}",
    )


def test_optional_text_is_made_text() -> None:
    """YAML reads ``as_of: 2026-06-30`` as a date; the option is its text."""
    made = from_options(as_of=date(2026, 6, 30), compare_ref="origin/main")
    assert made.as_of == "2026-06-30"
    assert made.compare_ref == "origin/main"


DATE_OPTIONS = ["as_of", "require_severity_from"]


def test_every_date_option_is_of_the_date_kind() -> None:
    """An option whose documentation asks for a day is read and checked as one."""
    asking = [spec.name for _, spec in options_of() if "YYYY-MM-DD" in spec.doc]
    dates = [spec.name for _, spec in options_of() if spec.kind == "date"]
    assert asking == dates == DATE_OPTIONS


@pytest.mark.parametrize("name", DATE_OPTIONS)
@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        (date(2026, 11, 25), "2026-11-25"),  # as_of: 2026-11-25, unquoted: YAML's date
        ("2026-11-25", "2026-11-25"),  # quoted
        (date(2024, 2, 29), "2024-02-29"),
    ],
)
def test_a_date_option_takes_a_yaml_date_or_text(name: str, written: object, read_as: str) -> None:
    assert option_value(from_options(**{name: written}), name) == read_as


@pytest.mark.parametrize("name", DATE_OPTIONS)
@pytest.mark.parametrize(
    ("written", "shown", "why"),
    [
        ("2026-13-45", "'2026-13-45'", ": month must be in 1..12"),
        ("2026-02-30", "'2026-02-30'", ": day is out of range for month"),
        ("2025-02-29", "'2025-02-29'", ": day is out of range for month"),
        ("2026-00-10", "'2026-00-10'", ": month must be in 1..12"),
        ("26-11-25", "'26-11-25'", ""),
        ("2026/11/25", "'2026/11/25'", ""),
        ("tomorrow", "'tomorrow'", ""),
        (datetime(2026, 11, 25, 10, 0), "'2026-11-25 10:00:00'", ""),  # a moment, not a day
    ],
)
def test_a_date_option_refuses_a_day_that_does_not_exist(
    name: str, written: object, shown: str, why: str
) -> None:
    with pytest.raises(ValueError) as caught:
        from_options(**{name: written})
    assert str(caught.value) == f"{name} must be a date YYYY-MM-DD, got {shown}{why}"


def option_value(made: Settings, name: str) -> object:
    return made.option_values()[name]


@pytest.mark.parametrize(("written", "days"), [(None, 180), (1, 1), (30, 30), (3650, 3650)])
def test_status_window_is_a_number_of_days(written: int | None, days: int) -> None:
    assert from_options(status_window=written).status_window == days


def test_other_kinds_are_taken_as_given() -> None:
    made = from_options(
        enabled=False,
        nav=False,
        schema="team.json",
        templates="overrides",
        max_file_size=10,
        max_list_items=5,
        recent=0,
        similar_k=0,
        similar_threshold=1,
    )
    assert (made.enabled, made.nav, made.team_schema, made.templates_dir) == (
        False,
        False,
        "team.json",
        "overrides",
    )
    assert (made.max_file_size, made.max_list_items, made.recent, made.similar_k) == (10, 5, 0, 0)
    assert made.similar_threshold == 1


def test_site_and_folders_are_not_options() -> None:
    made = Settings.from_options(
        {}, docs_dir="d", project_dir="p", site_url="https://x.test/", directory_urls=False
    )
    assert (made.docs_dir, made.project_dir, made.site_url, made.directory_urls) == (
        "d",
        "p",
        "https://x.test/",
        False,
    )
    assert Settings.from_options({}, docs_dir="d", project_dir="p", site_url=None).site_url == ""


@pytest.mark.parametrize("name", ["severity", "team_schema", "templates_dir", "site_url", "bogus"])
def test_unknown_option_names_are_refused(name: str) -> None:
    """Options go by the names mkdocs.yml uses, not by the field names."""
    with pytest.raises(ValueError) as caught:
        from_options(**{name: None})
    assert str(caught.value) == f"unknown option {name!r}"


def test_the_first_unknown_option_is_named() -> None:
    with pytest.raises(ValueError) as caught:
        from_options(zeta=1, alpha=2, prefix="x")
    assert str(caught.value) == "unknown option 'alpha'"


PREFIX_MESSAGE = "prefix must be a relative folder such as 'postmortems', got {!r}"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prefix": ".."}, PREFIX_MESSAGE.format("..")),
        ({"prefix": "../site"}, PREFIX_MESSAGE.format("../site")),
        ({"prefix": "a/../../b"}, PREFIX_MESSAGE.format("a/../../b")),
        ({"prefix": "/"}, PREFIX_MESSAGE.format("")),
        ({"prefix": ""}, PREFIX_MESSAGE.format("")),
        ({"max_file_size": 0}, "max_file_size must be a positive number of bytes"),
        ({"max_file_size": -1}, "max_file_size must be a positive number of bytes"),
        ({"max_list_items": 0}, "max_list_items must be a positive number"),
        ({"recent": -1}, "recent must be zero or more"),
        (
            {"as_of": "2026-13-01"},
            "as_of must be a date YYYY-MM-DD, got '2026-13-01': month must be in 1..12",
        ),
        ({"status_window": 0}, "status_window must be a positive number of days"),
        ({"as_of": "tomorrow"}, "as_of must be a date YYYY-MM-DD, got 'tomorrow'"),
        ({"similar_threshold": 0}, "similar_threshold must be above 0 and at most 1"),
        ({"similar_threshold": -0.5}, "similar_threshold must be above 0 and at most 1"),
        ({"similar_threshold": 1.01}, "similar_threshold must be above 0 and at most 1"),
        ({"similar_threshold": float("nan")}, "similar_threshold must be above 0 and at most 1"),
        (
            {"factor_categories": [{"id": "a"}, {"id": "b"}, {"id": "a", "label": "A"}]},
            "factor_categories has the same id twice",
        ),
        ({"severity_levels": []}, "the severity scale needs at least one level"),
        (
            {"priorities": [{"id": "P1"}, {"id": "P2", "aliases": ["P1"]}]},
            "priority name 'P1' is used by both P1 and P2",
        ),
    ],
)
def test_bad_values_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        from_options(**options)
    assert str(caught.value) == message


def test_an_absolute_prefix_given_directly_is_refused() -> None:
    """``from_options`` strips the slash; a Settings built another way is still checked."""
    with pytest.raises(ValueError) as caught:
        Settings(docs_dir=".", project_dir=".", prefix="/srv/www")
    assert str(caught.value) == PREFIX_MESSAGE.format("/srv/www")


def test_limits_at_their_edges_are_accepted() -> None:
    made = from_options(max_file_size=1, max_list_items=1, recent=0, similar_threshold=1.0)
    assert (made.max_file_size, made.max_list_items, made.recent) == (1, 1, 0)


@pytest.mark.parametrize("as_of", ["20260630", "2026-W26-2"])
def test_as_of_must_be_written_yyyy_mm_dd(as_of: str) -> None:
    with pytest.raises(ValueError) as caught:
        from_options(as_of=as_of)
    assert str(caught.value) == f"as_of must be a date YYYY-MM-DD, got {as_of!r}"


def test_as_of_date_defaults_to_today() -> None:
    assert Settings(docs_dir=".", project_dir=".").as_of_date == date.today().isoformat()
    assert settings(as_of="2026-06-30").as_of_date == "2026-06-30"


def custom() -> Settings:
    return Settings.from_options(
        {
            "enabled": False,
            "paths": ["pm/*.yaml"],
            "prefix": "/archive/",
            "nav": False,
            "nav_title": "Incidents",
            "severity_levels": [
                {"id": "High", "aliases": ["h"], "response_target": "now"},
                {"id": "Low", "label": "Low one", "description": "meh"},
            ],
            "priorities": [{"id": "Now"}, {"id": "Later"}],
            "factor_categories": [{"id": "infra", "label": "Infrastructure"}],
            "schema": "team.yaml",
            "templates": "overrides",
            "timezone": "Europe/Berlin",
            "max_file_size": 1000,
            "max_list_items": 10,
            "recent": 5,
            "id_format": "PM-{seq}",
            "as_of": "2026-06-30",
            "status_window": 90,
            "similar_k": 7,
            "similar_threshold": 0.25,
            "compare_ref": "origin/main",
            "time_zones": {"IST": "+05:30", "CST": "ambiguous"},
            "require_severity_from": "2026-01-01",
            "count_exercises": True,
            "patterns_period": "half",
            "patterns_level": 0.95,
            "ticket_links": [{"match": "[A-Z]+-[0-9]+", "url": "https://t.example/browse/{id}"}],
            "pagefind": "required",
            "pagefind_threshold": 10,
            "family_diagrams": "mermaid",
        },
        docs_dir="docs",
        project_dir=".",
    )


@pytest.mark.parametrize("made", [Settings(docs_dir="docs", project_dir="."), custom()])
def test_option_values_round_trip(made: Settings) -> None:
    values = made.option_values()
    assert list(values) == OPTION_NAMES
    again = Settings.from_options(values, docs_dir="docs", project_dir=".")
    assert again == made
    assert again.option_values() == values


def test_option_values_are_what_mkdocs_yml_writes() -> None:
    values = custom().option_values()
    assert values["paths"] == ["pm/*.yaml"]
    assert values["prefix"] == "archive"
    assert values["severity_levels"] == [
        {"id": "High", "label": "High", "description": "", "aliases": ["h"],
         "response_target": "now"},
        {"id": "Low", "label": "Low one", "description": "meh", "aliases": [],
         "response_target": ""},
    ]  # fmt: skip
    assert values["factor_categories"] == [
        {"id": "infra", "label": "Infrastructure", "description": ""}
    ]
    assert values["schema"] == "team.yaml"
    assert values["templates"] == "overrides"


def test_options_of_lists_every_option_once_with_its_doc() -> None:
    found = list(options_of())
    assert [spec.name for _, spec in found] == OPTION_NAMES
    assert len({spec.name for _, spec in found}) == len(found)
    assert len({name for name, _ in found}) == len(found)
    for _, spec in found:
        assert spec.doc.strip(), spec.name
        assert "  " not in spec.doc and "\n" not in spec.doc, spec.name  # one line of Markdown


def test_options_map_to_fields() -> None:
    fields = {spec.name: name for name, spec in options_of()}
    assert fields["severity_levels"] == "severity"
    assert fields["priorities"] == "priority"
    assert fields["schema"] == "team_schema"
    assert fields["templates"] == "templates_dir"
    assert "docs_dir" not in fields.values() and "site_url" not in fields.values()


def test_options_of_kinds() -> None:
    kinds = {spec.name: spec.kind for _, spec in options_of()}
    assert kinds == {
        "enabled": "flag", "paths": "globs", "prefix": "text", "nav": "flag",
        "nav_title": "text", "severity_levels": "levels", "priorities": "levels",
        "factor_categories": "categories", "schema": "file", "templates": "folder",
        "timezone": "text", "max_file_size": "count", "max_list_items": "count",
        "recent": "count", "id_format": "text", "as_of": "date", "status_window": "count",
        "similar_k": "count", "similar_threshold": "ratio", "compare_ref": "optional text",
        "time_zones": "zones", "require_severity_from": "date", "count_exercises": "flag",
        "patterns_period": "text", "patterns_level": "ratio", "ticket_links": "ticket links", "pagefind": "switch", "pagefind_threshold": "count", "family_diagrams": "text",
    }  # fmt: skip


def test_default_scales_and_categories() -> None:
    made = Settings(docs_dir=".", project_dir=".")
    assert made.severity == Scale.build("severity", DEFAULT_SEVERITIES)
    assert [c.id for c in made.factor_categories] == [
        "detection", "process", "testing", "documentation", "capacity", "dependency",
        "configuration", "code-defect", "human-error",
    ]  # fmt: skip


def test_zone_changes_and_ticket_rules_are_read_as_written() -> None:
    made = custom()
    assert made.time_zones == (("CST", "ambiguous"), ("IST", "+05:30"))
    assert made.ticket_links == (("[A-Z]+-[0-9]+", "https://t.example/browse/{id}"),)
    assert (made.require_severity_from, made.count_exercises) == ("2026-01-01", True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"require_severity_from": "2026"},
            "require_severity_from must be a date YYYY-MM-DD, got '2026'",
        ),
        (
            {"ticket_links": [{"match": "[A-Z", "url": "https://t/{id}"}]},
            "ticket_links: '[A-Z' is not a regular expression: unterminated character set at "
            "position 0",
        ),
        (
            {"ticket_links": [{"match": "X", "url": "javascript:alert(1)"}]},
            "ticket_links: the url of 'X' must start with https:// or http://",
        ),
    ],
)
def test_new_options_refuse_bad_values(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        from_options(**options)
    assert str(caught.value) == message
