"""The plugin's options are declared once, as the fields of ``Settings``: MkDocs' config class,
its defaults and the configuration reference in docs/ are all made from that declaration."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load
from sites import ROOT

from mkdocs_postmortem.core.settings import Settings, options_of
from mkdocs_postmortem.plugin.options import (
    COMPARE_REF_ENV,
    PostmortemConfig,
    reference_table,
    settings_from,
)


def read(options: dict[str, Any]) -> PostmortemConfig:
    """``options`` as MkDocs reads the plugin's entry of mkdocs.yml."""
    config = PostmortemConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict(options)
    errors, _ = config.validate()
    assert not errors, errors
    return config


def test_mkdocs_reads_every_option_and_only_those() -> None:
    names = [spec.name for _, spec in options_of()]
    assert [key for key, _ in PostmortemConfig._schema] == names
    assert len(names) == len(set(names)) == 29


def test_defaults_are_the_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(COMPARE_REF_ENV, raising=False)
    made = settings_from(read({}), docs_dir="d", project_dir="p", site_url=None)
    assert made == Settings(docs_dir="d", project_dir="p")


def test_every_option_reaches_its_settings_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(COMPARE_REF_ENV, raising=False)
    written = {
        "enabled": False,
        "paths": ["incidents/*.yaml"],
        "prefix": "/incidents/",
        "nav": False,
        "nav_title": "Incidents",
        "severity_levels": [{"id": "P0", "aliases": ["p0"]}, {"id": "P1"}],
        "priorities": [{"id": "now"}, {"id": "later"}],
        "factor_categories": [{"id": "dns", "label": "DNS"}],
        "schema": "mkdocs.yml",
        "templates": "docs",
        "timezone": "Europe/Berlin",
        "max_file_size": 1000,
        "max_list_items": 10,
        "recent": 5,
        "id_format": "PM-{seq}",
        "as_of": "2026-01-31",
        "status_window": 90,
        "similar_k": 1,
        "similar_threshold": 0.5,
        "compare_ref": "origin/main",
        "time_zones": {"CST": "ambiguous", "IDT": "+03:00"},
        "require_severity_from": "2026-01-01",
        "count_exercises": True,
        "patterns_period": "year",
        "patterns_level": 0.8,
        "ticket_links": [{"match": "#(?P<n>[0-9]+)", "url": "https://git.example/i/{n}"}],
        "pagefind": True,
        "pagefind_threshold": 50,
        "family_diagrams": "mermaid",
    }
    assert set(written) == {spec.name for _, spec in options_of()}
    made = settings_from(read(written), docs_dir="d", project_dir="p", site_url="https://x/")
    assert made.enabled is False and made.nav is False and made.nav_title == "Incidents"
    assert made.paths == ("incidents/*.yaml",) and made.prefix == "incidents"
    assert [lv.id for lv in made.severity.levels] == ["P0", "P1"]
    assert made.severity.resolve("p0") is made.severity.levels[0]
    assert [lv.id for lv in made.priority.levels] == ["now", "later"]
    assert [(c.id, c.label) for c in made.factor_categories] == [("dns", "DNS")]
    assert made.team_schema == str(ROOT / "mkdocs.yml")
    assert made.templates_dir == str(ROOT / "docs")
    assert (made.timezone, made.max_file_size, made.max_list_items, made.recent) == (
        "Europe/Berlin",
        1000,
        10,
        5,
    )
    assert (made.id_format, made.as_of, made.similar_k, made.similar_threshold) == (
        "PM-{seq}",
        "2026-01-31",
        1,
        0.5,
    )
    assert made.compare_ref == "origin/main" and made.site_url == "https://x/"
    assert made.status_window == 90
    assert made.time_zones == (("CST", "ambiguous"), ("IDT", "+03:00"))
    assert (made.require_severity_from, made.count_exercises) == ("2026-01-01", True)
    assert (made.patterns_period, made.patterns_level) == ("year", 0.8)
    assert made.ticket_links == (("#(?P<n>[0-9]+)", "https://git.example/i/{n}"),)
    assert (made.pagefind, made.pagefind_threshold) == ("true", 50)
    assert made.family_diagrams == "mermaid"
    # And back: the values as mkdocs.yml writes them give the same settings.
    again = Settings.from_options(
        made.option_values(), docs_dir="d", project_dir="p", site_url="https://x/"
    )
    assert again == made


def test_compare_ref_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(COMPARE_REF_ENV, "origin/release")
    made = settings_from(read({}), docs_dir="d", project_dir="p", site_url=None)
    assert made.compare_ref == "origin/release"
    made = settings_from(
        read({"compare_ref": "HEAD~1"}), docs_dir="d", project_dir="p", site_url=None
    )
    assert made.compare_ref == "HEAD~1"


def test_a_bad_value_is_a_message_for_a_person() -> None:
    with pytest.raises(ValueError, match="similar_threshold must be above 0 and at most 1"):
        settings_from(
            read({"similar_threshold": 2.0}), docs_dir="d", project_dir="p", site_url=None
        )
    config = PostmortemConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict({"recent": "many"})
    errors, _ = config.validate()
    assert [key for key, _ in errors] == ["recent"]


def test_the_configuration_reference_is_the_declaration() -> None:
    """docs/configuration.md holds the table ``reference_table`` makes; after changing an option,
    paste the expected table below into the page."""
    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    table = reference_table()
    assert table in page, "docs/configuration.md needs this table:\n" + table
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert all(name in fields for name, _ in options_of())


@pytest.mark.parametrize(
    ("written", "read_as"),
    [(True, "true"), (False, "false"), ("auto", "auto"), ("Required", "required")],
)
def test_pagefind_is_read_from_yaml_booleans_and_words(written: object, read_as: str) -> None:
    assert read({"pagefind": written})["pagefind"] == read_as


def test_pagefind_refuses_other_values() -> None:
    config = PostmortemConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict({"pagefind": "sometimes"})
    errors, _ = config.validate()
    assert [name for name, _ in errors] == ["pagefind"]
    assert "expected one of auto, true, false, required" in str(errors[0][1])


DATE_OPTIONS = ["as_of", "require_severity_from"]


def test_the_date_options_are_those_of_the_date_kind() -> None:
    assert [spec.name for _, spec in options_of() if spec.kind == "date"] == DATE_OPTIONS


@pytest.mark.parametrize("name", DATE_OPTIONS)
@pytest.mark.parametrize("written", ["2026-11-25", "'2026-11-25'", '"2026-11-25"'])
def test_a_date_option_is_read_as_the_docs_write_it(name: str, written: str) -> None:
    """``as_of: 2026-11-25`` as docs/configuration.md shows it: MkDocs' YAML loader makes it a
    date, which the option takes as well as the quoted text."""
    loaded = yaml_load(f"plugins:\n  - postmortem:\n      {name}: {written}\n")
    options = loaded["plugins"][0]["postmortem"]
    made = settings_from(read(options), docs_dir="d", project_dir="p", site_url=None)
    assert made.option_values()[name] == "2026-11-25"


@pytest.mark.parametrize("name", DATE_OPTIONS)
@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("'2026-13-45'", "got '2026-13-45': month must be in 1..12"),
        ("'2026-02-30'", "got '2026-02-30': day is out of range for month"),
        ("2026-11-25 10:00", "got '2026-11-25 10:00'"),
        ("2026-11-25 10:00:00", "got '2026-11-25 10:00:00'"),  # YAML's timestamp
    ],
)
def test_a_date_option_refuses_a_day_that_does_not_exist(
    name: str, written: str, message: str
) -> None:
    """The plugin turns this ValueError into a PluginError: a setup error, the build stops."""
    loaded = yaml_load(f"plugins:\n  - postmortem:\n      {name}: {written}\n")
    options = loaded["plugins"][0]["postmortem"]
    with pytest.raises(ValueError) as caught:
        settings_from(read(options), docs_dir="d", project_dir="p", site_url=None)
    assert str(caught.value) == f"{name} must be a date YYYY-MM-DD, {message}"


@pytest.mark.parametrize("written", [20261125, ["2026-11-25"], True])
def test_a_date_option_refuses_what_is_no_date_at_all(written: object) -> None:
    config = PostmortemConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict({"as_of": written})
    errors, _ = config.validate()
    assert [(name, str(error)) for name, error in errors] == [
        ("as_of", f"expected a date YYYY-MM-DD, got {written!r}")
    ]
